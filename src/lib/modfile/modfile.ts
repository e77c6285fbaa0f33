// go.mod as data: the ModFile directives and every edit go makes to them, plus formatting.

import * as semver from '../semver.js';
import type { VersionInterval } from './args.js';
import { compareLine, compareStrings, removeDups } from './edit-common.js';
import { DirectiveFile } from './directivefile.js';
import { checkCanonicalVersion } from './modver.js';
import { autoQuote } from './quote.js';
import { removeRequire, setIndirect, setRequireSeparateIndirect, setVersion } from './require.js';
import { addLine, appendLine, cleanupSyntax, markRemoved, updateLine, type Line } from './syntax.js';
import type { Exclude, Ignore, ModuleStmt, Require, Retract, Tool } from './types.js';

/** Go 1.21 and later sort exclude blocks by semantic version (go.dev/issue/60028). */
const semanticExcludeSortFrom = 'v1.21';

/** A parsed go.mod file: its directives and the syntax tree they came from. */
export class ModFile extends DirectiveFile {
  module?: ModuleStmt;
  require: Require[] = [];
  exclude: Exclude[] = [];
  retract: Retract[] = [];
  tool: Tool[] = [];
  ignore: Ignore[] = [];

  /** The file in go's canonical format. */
  // ---- editing -------------------------------------------------------------

  addModuleStmt(path: string): void {
    if (!this.module) {
      this.module = { path, syntax: addLine(this.syntax, undefined, ['module', autoQuote(path)]) };
    } else {
      this.module.path = path;
      updateLine(this.module.syntax, ['module', autoQuote(path)]);
    }
  }

  /** Appends a comment block (text must include the leading "//"). */
  addComment(text: string): void {
    this.syntax.stmts.push({
      kind: 'comments',
      com: { before: [{ start: { line: 0, lineRune: 0, offset: 0 }, token: text, suffix: false }], suffix: [], after: [] },
      start: { line: 0, lineRune: 0, offset: 0 },
    });
  }

  /** A new go line goes right after the module line. */
  protected insertGoLine(version: string): Line {
    return addLine(this.syntax, this.module?.syntax, ['go', version]);
  }

  /** A new toolchain line goes after the go line, else after the module line. */
  protected insertToolchainLine(name: string): Line {
    return addLine(this.syntax, this.go?.syntax ?? this.module?.syntax, ['toolchain', name]);
  }

  /** Sets the first require of path to vers (keeping its comments), deleting other lines for path. */
  addRequire(path: string, vers: string): void {
    let need = true;
    for (const r of this.require) {
      if (r.path === '' || r.path !== path) continue;
      if (need) {
        r.version = vers;
        if (r.syntax) updateLine(r.syntax, ['require', autoQuote(path), vers]);
        need = false;
      } else {
        removeRequire(r);
      }
    }
    if (need) this.addNewRequire(path, vers, false);
  }

  /** Adds a require line at the end of the last require block, even if path is already required. */
  addNewRequire(path: string, vers: string, indirect: boolean): void {
    const line = addLine(this.syntax, undefined, ['require', autoQuote(path), vers]);
    const r: Require = { path, version: vers, indirect: false, syntax: line };
    setIndirect(r, indirect);
    this.require.push(r);
  }

  /**
   * Makes the requirements exactly req, keeping block structure and comments of the first line
   * for each path; new paths join the last require block. Call cleanup() afterwards.
   */
  setRequire(req: { path: string; version: string; indirect: boolean }[]): void {
    const need = new Map<string, { version: string; indirect: boolean }>();
    for (const r of req) {
      const prev = need.get(r.path);
      if (prev && prev.version !== r.version) {
        throw new Error(
          `SetRequire called with conflicting versions for path ${r.path} (${prev.version} and ${r.version})`,
        );
      }
      need.set(r.path, { version: r.version, indirect: r.indirect });
    }
    for (const r of this.require) {
      if (r.path === '') continue;
      const e = need.get(r.path);
      if (e) {
        setVersion(r, e.version);
        setIndirect(r, e.indirect);
        need.delete(r.path);
      } else {
        removeRequire(r);
      }
    }
    for (const [path, e] of need) this.addNewRequire(path, e.version, e.indirect);
    this.sortBlocks();
  }

  /**
   * Like setRequire, but keeps direct and indirect requirements in separate blocks, moving lines
   * between the last direct-only and indirect-only blocks as their markings change.
   */
  setRequireSeparateIndirect(req: { path: string; version: string; indirect: boolean }[]): void {
    const reqs: Require[] = req.map((r) => ({ path: r.path, version: r.version, indirect: r.indirect }));
    this.require = setRequireSeparateIndirect(this.syntax, this.require, reqs);
    this.sortBlocks();
  }

  dropRequire(path: string): void {
    for (const r of this.require) if (r.path !== '' && r.path === path) removeRequire(r);
  }

  /** Adds an exclude line; vers must be canonical and match path's major version. */
  addExclude(path: string, vers: string): void {
    const err = checkCanonicalVersion(path, vers);
    if (err) throw err;
    let hint: Line | undefined;
    for (const x of this.exclude) {
      if (x.path === path && x.version === vers) return;
      if (x.path === path) hint = x.syntax;
    }
    const tokens = ['exclude', autoQuote(path), vers];
    // Go passes a typed nil hint here, so a first exclude for a path goes to the end of file.
    const line = hint ? addLine(this.syntax, hint, tokens) : appendLine(this.syntax, tokens);
    this.exclude.push({ path, version: vers, syntax: line });
  }

  dropExclude(path: string, vers: string): void {
    for (const x of this.exclude) {
      if (x.path !== '' && x.path === path && x.version === vers) {
        markRemoved(x.syntax);
        x.path = '';
        x.version = '';
      }
    }
  }

  /**
   * Adds a retract line (with the rationale as comments above it). Like go, the new entry is not
   * added to the retract list; reparse to see it there.
   */
  addRetract(vi: VersionInterval, rationale: string): void {
    const path = this.module?.path ?? '';
    const err = checkCanonicalVersion(path, vi.high) ?? checkCanonicalVersion(path, vi.low);
    if (err) throw err;
    const tokens =
      vi.low === vi.high
        ? ['retract', autoQuote(vi.low)]
        : ['retract', '[', autoQuote(vi.low), ',', autoQuote(vi.high), ']'];
    const line = addLine(this.syntax, undefined, tokens);
    if (rationale !== '') {
      for (const l of rationale.split('\n')) {
        line.com.before.push({ start: { line: 0, lineRune: 0, offset: 0 }, token: '// ' + l, suffix: false });
      }
    }
  }

  dropRetract(vi: VersionInterval): void {
    for (const r of this.retract) {
      if ((r.low !== '' || r.high !== '') && r.low === vi.low && r.high === vi.high) {
        markRemoved(r.syntax);
        r.low = '';
        r.high = '';
        r.rationale = '';
      }
    }
  }

  /** Adds a tool line unless one for path exists. */
  addTool(path: string): void {
    if (this.tool.some((t) => t.path === path)) return;
    this.tool.push({ path, syntax: addLine(this.syntax, undefined, ['tool', path]) });
    this.sortBlocks();
  }

  dropTool(path: string): void {
    for (const t of this.tool) {
      if (t.path !== '' && t.path === path) {
        markRemoved(t.syntax);
        t.path = '';
      }
    }
  }

  /** Adds an ignore line unless one for path exists. */
  addIgnore(path: string): void {
    if (this.ignore.some((t) => t.path === path)) return;
    this.ignore.push({ path, syntax: addLine(this.syntax, undefined, ['ignore', path]) });
    this.sortBlocks();
  }

  dropIgnore(path: string): void {
    for (const t of this.ignore) {
      if (t.path !== '' && t.path === path) {
        markRemoved(t.syntax);
        t.path = '';
      }
    }
  }

  /** Removes duplicates and sorts the lines of every block (retract blocks newest first). */
  sortBlocks(): void {
    const kept = removeDups(this.syntax, {
      exclude: this.exclude,
      replace: this.replace,
      tool: this.tool,
      ignore: this.ignore,
    });
    this.exclude = kept.exclude!;
    this.replace = kept.replace;
    this.tool = kept.tool!;
    this.ignore = kept.ignore!;
    const semanticExclude = this.go !== undefined && semver.compare('v' + this.go.version, semanticExcludeSortFrom) >= 0;
    for (const stmt of this.syntax.stmts) {
      if (stmt.kind !== 'block') continue;
      let cmp = compareLine;
      if (stmt.tokens[0] === 'exclude' && semanticExclude) cmp = compareLineExclude;
      else if (stmt.tokens[0] === 'retract') cmp = compareLineRetract;
      stmt.lines.sort(cmp);
    }
  }

  /** Drops entries and lines removed by edits; collapses one-line blocks. */
  cleanup(): void {
    this.godebug = this.godebug.filter((g) => g.key !== '');
    this.require = this.require.filter((r) => r.path !== '');
    this.exclude = this.exclude.filter((x) => x.path !== '');
    this.replace = this.replace.filter((r) => r.old.path !== '');
    this.retract = this.retract.filter((r) => r.low !== '' || r.high !== '');
    cleanupSyntax(this.syntax);
  }
}

function compareLineExclude(a: Line, b: Line): number {
  if (a.tokens.length !== 2 || b.tokens.length !== 2) return compareLine(a, b);
  const c = compareStrings(a.tokens[0]!, b.tokens[0]!);
  if (c !== 0) return c;
  return semver.compare(a.tokens[1]!, b.tokens[1]!);
}

function retractInterval(l: Line): VersionInterval {
  const t = l.tokens;
  if (t.length === 1) return { low: t[0]!, high: t[0]! };
  if (t.length === 5 && t[0] === '[' && t[2] === ',' && t[4] === ']') return { low: t[1]!, high: t[3]! };
  return { low: '', high: '' };
}

/** Newest first: by low version descending, then high version descending. */
function compareLineRetract(a: Line, b: Line): number {
  const x = retractInterval(a);
  const y = retractInterval(b);
  return -semver.compare(x.low, y.low) || -semver.compare(x.high, y.high);
}
