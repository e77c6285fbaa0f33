// go.mod parsing: syntax → ModFile directives, strict (modfile.Parse) or lax (modfile.ParseLax).

import { checkPathMajor } from '../module.js';
import {
  Args,
  deprecationOf,
  directiveComment,
  goVersionRE,
  keepVersion,
  laxGoVersionRE,
  modulePathMajor,
  parseArgString,
  parseReplaceArgs,
  parseVersion,
  parseVersionInterval,
  toolchainRE,
  type VersionFixer,
  type VersionInterval,
} from './args.js';
import { ModFileEntryError, ModFileError } from './errors.js';
import { ModFile } from './modfile.js';
import { formatSyntax } from './print.js';
import { goQuote } from './quote.js';
import { parseSyntax } from './read.js';
import { isIndirect } from './require.js';
import type { Line, LineBlock } from './syntax.js';
import type { ModuleStmt } from './types.js';

export interface ParseOptions {
  /**
   * Parse as a dependency's go.mod (modfile.ParseLax): unknown directives and main-module-only
   * directives (replace, exclude, toolchain, godebug, tool) are ignored, loose go versions accepted.
   */
  lax?: boolean;
  /** Canonicalises versions; without it every version must already be canonical. */
  fix?: VersionFixer;
}

const modBlocks = new Set(['module', 'godebug', 'require', 'exclude', 'replace', 'retract', 'tool', 'ignore']);
const laxVerbs = new Set(['go', 'module', 'retract', 'require', 'ignore']);

/** Interprets one go.mod directive line, appending any problems to errs. */
function addDirective(
  f: ModFile,
  errs: ModFileEntryError[],
  block: LineBlock | undefined,
  line: Line,
  verb: string,
  args: Args,
  fix: VersionFixer | undefined,
  strict: boolean,
): void {
  if (!strict && !laxVerbs.has(verb)) return;
  const filename = f.syntax.name;
  const wrap = (err: Error | string, modPath?: string): void => {
    errs.push(
      new ModFileEntryError({ filename, pos: line.start, verb: modPath === undefined ? '' : verb, modPath, err }),
    );
  };
  switch (verb) {
    case 'go': {
      if (f.go) return wrap('repeated go statement');
      if (args.length !== 1) return wrap('go directive expects exactly one argument');
      if (!goVersionRE.test(args.at(0))) {
        const m = strict ? null : laxGoVersionRE.exec(args.at(0));
        if (!m) return wrap(`invalid go version '${args.at(0)}': must match format 1.23.0`);
        args.set(0, m[1]!);
      }
      f.go = { version: args.at(0), syntax: line };
      return;
    }
    case 'toolchain': {
      if (f.toolchain) return wrap('repeated toolchain statement');
      if (args.length !== 1) return wrap('toolchain directive expects exactly one argument');
      if (!toolchainRE.test(args.at(0))) {
        return wrap(`invalid toolchain version '${args.at(0)}': must match format go1.23.0 or default`);
      }
      f.toolchain = { name: args.at(0), syntax: line };
      return;
    }
    case 'module': {
      if (f.module) return wrap('repeated module statement');
      const deprecated = deprecationOf(block, line);
      const mod: ModuleStmt = { path: '', syntax: line };
      if (deprecated !== '') mod.deprecated = deprecated;
      f.module = mod;
      if (args.length !== 1) return wrap('usage: module module/path');
      try {
        mod.path = parseArgString(args, 0);
      } catch (e) {
        return wrap(e as Error);
      }
      return;
    }
    case 'godebug': {
      if (args.length !== 1 || /["`',]/.test(args.at(0))) return wrap('usage: godebug key=value');
      const a = args.at(0);
      const eq = a.indexOf('=');
      if (eq < 0) return wrap('usage: godebug key=value');
      f.godebug.push({ key: a.slice(0, eq), value: a.slice(eq + 1), syntax: line });
      return;
    }
    case 'require':
    case 'exclude': {
      if (args.length !== 2) return wrap(`usage: ${verb} module/path v1.2.3`);
      let s: string;
      let v: string;
      let pathMajor: string;
      try {
        s = parseArgString(args, 0);
        v = parseVersion(verb, s, args, 1, fix);
        pathMajor = modulePathMajor(s);
      } catch (e) {
        return wrap(e as Error);
      }
      const err = checkPathMajor(v, pathMajor);
      if (err) return wrap(err, s);
      if (verb === 'require') f.require.push({ path: s, version: v, indirect: isIndirect(line), syntax: line });
      else f.exclude.push({ path: s, version: v, syntax: line });
      return;
    }
    case 'replace': {
      const r = parseReplaceArgs(filename, line, verb, args, fix);
      if (r instanceof ModFileEntryError) {
        errs.push(r);
        return;
      }
      f.replace.push({ ...r, syntax: line });
      return;
    }
    case 'retract': {
      const rationale = directiveComment(block, line);
      let vi: VersionInterval;
      try {
        vi = parseVersionInterval(verb, '', args, keepVersion);
      } catch (e) {
        // Dependencies may use interval syntax added later; only the main module reports it.
        if (strict) wrap(e as Error);
        return;
      }
      if (args.length > 0 && strict) return wrap(`unexpected token after version: ${goQuote(args.at(0))}`);
      f.retract.push({ low: vi.low, high: vi.high, rationale, syntax: line });
      return;
    }
    case 'tool':
    case 'ignore': {
      if (args.length !== 1) return wrap(`${verb} directive expects exactly one argument`);
      let s: string;
      try {
        s = parseArgString(args, 0);
      } catch (e) {
        return wrap(e as Error);
      }
      (verb === 'tool' ? f.tool : f.ignore).push({ path: s, syntax: line });
      return;
    }
    default:
      return wrap(`unknown directive: ${verb}`);
  }
}

/** Canonicalises retract versions once the module path is known (the module line may come last). */
function fixRetract(f: ModFile, fix: VersionFixer | undefined, errs: ModFileEntryError[]): void {
  if (!fix) return;
  const path = f.module?.path ?? '';
  for (const r of f.retract) {
    const at = (err: Error | string): void => {
      errs.push(new ModFileEntryError({ filename: f.syntax.name, pos: r.syntax.start, err }));
    };
    if (path === '') {
      at('no module directive found, so retract cannot be used');
      return; // reported once
    }
    const tokens = r.syntax.tokens;
    const args = new Args(tokens, tokens[0] === 'retract' ? 1 : 0);
    try {
      const vi = parseVersionInterval('retract', path, args, fix);
      r.low = vi.low;
      r.high = vi.high;
    } catch (e) {
      at(e as Error);
      r.low = '';
      r.high = '';
    }
  }
}

/**
 * Parses a go.mod file. Strict by default (modfile.Parse); `lax` parses a dependency's go.mod
 * (modfile.ParseLax). Throws ModFileError listing every problem as "file:line: message".
 */
export function parseModFile(file: string, data: string, opts: ParseOptions = {}): ModFile {
  const strict = !opts.lax;
  const fix = opts.fix;
  const fs = parseSyntax(file, data);
  const f = new ModFile(fs);
  const errs: ModFileEntryError[] = [];
  for (const x of fs.stmts) {
    if (x.kind === 'line') {
      addDirective(f, errs, undefined, x, x.tokens[0]!, new Args(x.tokens, 1), fix, strict);
    } else if (x.kind === 'block') {
      if (x.tokens.length > 1 || !modBlocks.has(x.tokens[0]!)) {
        if (strict) {
          errs.push(
            new ModFileEntryError({ filename: file, pos: x.start, err: `unknown block type: ${x.tokens.join(' ')}` }),
          );
        }
        continue;
      }
      for (const l of x.lines) addDirective(f, errs, x, l, x.tokens[0]!, new Args(l.tokens, 0), fix, strict);
    }
  }
  fixRetract(f, fix, errs);
  if (errs.length > 0) throw new ModFileError(errs);
  return f;
}

/** Formats go.mod text canonically without interpreting it (syntax errors still throw). */
export function formatModText(file: string, data: string): string {
  return formatSyntax(parseSyntax(file, data));
}
