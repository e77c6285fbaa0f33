// go.work: parse into go/toolchain/godebug/use/replace directives, edit them, and format back.

import { Args, goVersionRE, parseArgString, parseReplaceArgs, toolchainRE, type VersionFixer } from './args.js';
import { compareLine, removeDups } from './edit-common.js';
import { DirectiveFile } from './directivefile.js';
import { ModFileEntryError, ModFileError } from './errors.js';
import { autoQuote } from './quote.js';
import { parseSyntax } from './read.js';
import { addLine, cleanupSyntax, markRemoved, newLine, updateLine, type Line } from './syntax.js';
import type { Use } from './types.js';

const workBlocks = new Set(['godebug', 'use', 'replace']);

/** A parsed go.work file. */
export class WorkFile extends DirectiveFile {
  use: Use[] = [];

  /** @internal Interprets one directive line, appending any problems to errs. */
  addDirective(errs: ModFileEntryError[], line: Line, verb: string, args: Args, fix: VersionFixer | undefined): void {
    const filename = this.syntax.name;
    const wrap = (err: Error | string): void => {
      errs.push(new ModFileEntryError({ filename, pos: line.start, err }));
    };
    switch (verb) {
      case 'go':
        if (this.go) return wrap('repeated go statement');
        if (args.length !== 1) return wrap('go directive expects exactly one argument');
        if (!goVersionRE.test(args.at(0))) return wrap(`invalid go version '${args.at(0)}': must match format 1.23.0`);
        this.go = { version: args.at(0), syntax: line };
        return;
      case 'toolchain':
        if (this.toolchain) return wrap('repeated toolchain statement');
        if (args.length !== 1) return wrap('toolchain directive expects exactly one argument');
        if (!toolchainRE.test(args.at(0))) {
          return wrap(`invalid toolchain version '${args.at(0)}': must match format go1.23.0 or default`);
        }
        this.toolchain = { name: args.at(0), syntax: line };
        return;
      case 'godebug': {
        if (args.length !== 1 || /["`',]/.test(args.at(0))) return wrap('usage: godebug key=value');
        const a = args.at(0);
        const eq = a.indexOf('=');
        if (eq < 0) return wrap('usage: godebug key=value');
        this.godebug.push({ key: a.slice(0, eq), value: a.slice(eq + 1), syntax: line });
        return;
      }
      case 'use': {
        if (args.length !== 1) return wrap(`usage: ${verb} local/dir`);
        try {
          this.use.push({ path: parseArgString(args, 0), modulePath: '', syntax: line });
        } catch (e) {
          wrap(e as Error);
        }
        return;
      }
      case 'replace': {
        const r = parseReplaceArgs(filename, line, verb, args, fix);
        if (r instanceof ModFileEntryError) errs.push(r);
        else this.replace.push({ ...r, syntax: line });
        return;
      }
      default:
        return wrap(`unknown directive: ${verb}`);
    }
  }

  /** A new go line goes before the first non-comment statement. */
  protected insertGoLine(version: string): Line {
    const stmt = newLine(['go', version]);
    let i = 0;
    while (i < this.syntax.stmts.length && this.syntax.stmts[i]!.kind === 'comments') i++;
    this.syntax.stmts.splice(i, 0, stmt);
    return stmt;
  }

  /** A new toolchain line goes after the go line, else before the first statement. */
  protected insertToolchainLine(name: string): Line {
    const stmt = newLine(['toolchain', name]);
    const stmts = this.syntax.stmts;
    let i = stmts.findIndex((s) => s.kind === 'line' && s.tokens.length > 0 && s.tokens[0] === 'go');
    if (i >= 0) i++;
    else {
      i = 0;
      while (i < stmts.length && stmts[i]!.kind === 'comments') i++;
    }
    stmts.splice(i, 0, stmt);
    return stmt;
  }

  /** Adds a use line for diskPath unless present (then updates it and drops duplicates). */
  addUse(diskPath: string, modulePath: string): void {
    let need = true;
    for (const d of this.use) {
      if (d.path === '' || d.path !== diskPath) continue;
      if (need) {
        d.modulePath = modulePath;
        updateLine(d.syntax, ['use', autoQuote(diskPath)]);
        need = false;
      } else {
        markRemoved(d.syntax);
        d.path = '';
        d.modulePath = '';
      }
    }
    if (need) this.addNewUse(diskPath, modulePath);
  }

  addNewUse(diskPath: string, modulePath: string): void {
    const line = addLine(this.syntax, undefined, ['use', autoQuote(diskPath)]);
    this.use.push({ path: diskPath, modulePath, syntax: line });
  }

  /** Makes the use lines exactly dirs. Call cleanup() afterwards. */
  setUse(dirs: { path: string; modulePath: string }[]): void {
    const need = new Map<string, string>();
    for (const d of dirs) need.set(d.path, d.modulePath);
    for (const d of this.use) {
      if (d.path === '') continue;
      const mp = need.get(d.path);
      if (mp !== undefined) d.modulePath = mp;
      else {
        markRemoved(d.syntax);
        d.path = '';
        d.modulePath = '';
      }
    }
    // As in go, every needed path is (re)added; sortBlocks does not remove duplicate use lines.
    for (const [p, mp] of need) this.addNewUse(p, mp);
    this.sortBlocks();
  }

  dropUse(path: string): void {
    for (const d of this.use) {
      if (d.path !== '' && d.path === path) {
        markRemoved(d.syntax);
        d.path = '';
        d.modulePath = '';
      }
    }
  }

  /** Removes duplicate replaces and sorts every block's lines. */
  sortBlocks(): void {
    this.replace = removeDups(this.syntax, { replace: this.replace }).replace;
    for (const stmt of this.syntax.stmts) if (stmt.kind === 'block') stmt.lines.sort(compareLine);
  }

  cleanup(): void {
    this.use = this.use.filter((u) => u.path !== '');
    this.replace = this.replace.filter((r) => r.old.path !== '');
    cleanupSyntax(this.syntax);
  }
}

/** Parses a go.work file (modfile.ParseWork); throws ModFileError on problems. */
export function parseWorkFile(file: string, data: string, opts: { fix?: VersionFixer } = {}): WorkFile {
  const fs = parseSyntax(file, data);
  const f = new WorkFile(fs);
  const errs: ModFileEntryError[] = [];
  for (const x of fs.stmts) {
    if (x.kind === 'line') {
      f.addDirective(errs, x, x.tokens[0]!, new Args(x.tokens, 1), opts.fix);
    } else if (x.kind === 'block') {
      if (x.tokens.length > 1 || !workBlocks.has(x.tokens[0]!)) {
        errs.push(
          new ModFileEntryError({ filename: file, pos: x.start, err: `unknown block type: ${x.tokens.join(' ')}` }),
        );
        continue;
      }
      for (const l of x.lines) f.addDirective(errs, l, x.tokens[0]!, new Args(l.tokens, 0), opts.fix);
    }
  }
  if (errs.length > 0) throw new ModFileError(errs);
  return f;
}
