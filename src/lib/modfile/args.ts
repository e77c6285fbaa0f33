// Interpreting directive arguments: versions, version intervals, replacements, directive comments.

import { canonicalVersion, checkPathMajor, InvalidVersionError, ModuleError, splitPathVersion } from '../module.js';
import { ModFileEntryError } from './errors.js';
import { goQuote, parseStringToken } from './quote.js';
import type { Comments, Line, LineBlock } from './syntax.js';

/**
 * Canonicalises a version found in a file (modfile.VersionFixer). Returns the version to use or
 * throws; a thrown module.ModuleError is reported as "verb path: <its inner error>".
 */
export type VersionFixer = (path: string, version: string) => string;

/** A fixer that accepts every version unchanged (used for retract while parsing). */
export const keepVersion: VersionFixer = (_path, v) => v;

/** Go language versions accepted in `go` lines ("1.23", "1.23.0", "1.21rc1"). */
export const goVersionRE = /^([1-9][0-9]*)\.(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))?([a-z]+[0-9]+)?$/;
/** Loosely written go versions that dependency go.mod files may use ("v1.19beta", "1.2x"). */
export const laxGoVersionRE = /^v?(([1-9][0-9]*)\.(0|[1-9][0-9]*))([^0-9].*)$/;
/** Toolchain names: "default" or anything starting go1 followed by end or ".". */
export const toolchainRE = /^default$|^go1($|\.)/;

/** Mutable view of a line's argument tokens, so canonical forms are written back to the line. */
export class Args {
  constructor(
    readonly tokens: string[],
    public base: number,
  ) {}
  get length(): number {
    return this.tokens.length - this.base;
  }
  at(i: number): string {
    return this.tokens[this.base + i]!;
  }
  set(i: number, v: string): void {
    this.tokens[this.base + i] = v;
  }
}

/** Unquotes an argument in place; throws Error("invalid quoted string: ...") on bad quoting. */
export function parseArgString(args: Args, i: number): string {
  try {
    const { value, token } = parseStringToken(args.at(i));
    args.set(i, token);
    return value;
  } catch (e) {
    throw new Error(`invalid quoted string: ${(e as Error).message}`);
  }
}

/**
 * Interprets a version argument: unquotes it, then canonicalises it with fix, or requires it to be
 * canonical (module.CanonicalVersion) when there is no fixer. Writes the result back.
 */
export function parseVersion(verb: string, path: string, args: Args, i: number, fix: VersionFixer | undefined): string {
  let t: string;
  try {
    t = parseStringToken(args.at(i)).value;
  } catch (e) {
    throw new ModFileEntryError({ verb, modPath: path, err: new InvalidVersionError(args.at(i), e as Error) });
  }
  if (fix) {
    try {
      t = fix(path, t);
    } catch (e) {
      if (e instanceof ModuleError) throw new ModFileEntryError({ verb, modPath: path, err: e.err });
      throw e;
    }
  } else {
    const cv = canonicalVersion(t);
    if (cv === '') {
      throw new ModFileEntryError({
        verb,
        modPath: path,
        err: new InvalidVersionError(t, new Error('must be of the form v1.2.3')),
      });
    }
    t = cv;
  }
  args.set(i, t);
  return t;
}

/** The major-version suffix of a module path, or an "invalid module path" error. */
export function modulePathMajor(path: string): string {
  const { pathMajor, ok } = splitPathVersion(path);
  if (!ok) throw new Error('invalid module path');
  return pathMajor;
}

export interface VersionInterval {
  low: string;
  high: string;
}

/**
 * Reads "v1.2.3" or "[v1.0.0, v1.2.0]" from the front of args, advancing args.base past it.
 */
export function parseVersionInterval(verb: string, path: string, args: Args, fix: VersionFixer): VersionInterval {
  if (args.length === 0 || args.at(0) === '(') throw new Error("expected '[' or version");
  if (args.at(0) !== '[') {
    const v = parseVersion(verb, path, args, 0, fix);
    args.base += 1;
    return { low: v, high: v };
  }
  let k = 1;
  if (args.length <= k) throw new Error("expected version after '['");
  const low = parseVersion(verb, path, args, k, fix);
  k++;
  if (args.length <= k || args.at(k) !== ',') throw new Error("expected ',' after version");
  k++;
  if (args.length <= k) throw new Error("expected version after ','");
  const high = parseVersion(verb, path, args, k, fix);
  k++;
  if (args.length <= k || args.at(k) !== ']') throw new Error("expected ']' after version");
  k++;
  args.base += k;
  return { low, high };
}

/**
 * Whether a replacement target is a directory rather than a module path: ".", "..", paths
 * starting with ./ ../ .\ ..\ / \ or a drive letter (modfile.IsDirectoryPath).
 */
export function isDirectoryPath(ns: string): boolean {
  return (
    ns === '.' ||
    ns.startsWith('./') ||
    ns.startsWith('.\\') ||
    ns === '..' ||
    ns.startsWith('../') ||
    ns.startsWith('..\\') ||
    ns.startsWith('/') ||
    ns.startsWith('\\') ||
    (ns.length >= 2 && /^[A-Za-z]$/.test(ns[0]!) && ns[1] === ':')
  );
}

export interface ModVersion {
  path: string;
  version?: string;
}

/**
 * Interprets the arguments of a replace line. Errors are returned as entries positioned at
 * the line (the caller supplies the file name).
 */
export function parseReplaceArgs(
  filename: string,
  line: Line,
  verb: string,
  args: Args,
  fix: VersionFixer | undefined,
): { old: ModVersion; new: ModVersion } | ModFileEntryError {
  const at = (err: Error | string, modPath?: string): ModFileEntryError =>
    new ModFileEntryError({ filename, pos: line.start, verb: modPath === undefined ? '' : verb, modPath, err });
  let arrow = 2;
  if (args.length >= 2 && args.at(1) === '=>') arrow = 1;
  if (args.length < arrow + 2 || args.length > arrow + 3 || args.at(arrow) !== '=>') {
    return at(
      `usage: ${verb} module/path [v1.2.3] => other/module v1.4\n\t or ${verb} module/path [v1.2.3] => ../local/directory`,
    );
  }
  let s: string;
  try {
    s = parseArgString(args, 0);
  } catch (e) {
    return at(e as Error);
  }
  let pathMajor: string;
  try {
    pathMajor = modulePathMajor(s);
  } catch (e) {
    return at(e as Error, s);
  }
  let v = '';
  if (arrow === 2) {
    try {
      v = parseVersion(verb, s, args, 1, fix);
    } catch (e) {
      return at(e as Error);
    }
    const err = checkPathMajor(v, pathMajor);
    if (err) return at(err, s);
  }
  let ns: string;
  try {
    ns = parseArgString(args, arrow + 1);
  } catch (e) {
    return at(e as Error);
  }
  let nv = '';
  if (args.length === arrow + 2) {
    if (!isDirectoryPath(ns)) {
      if (ns.includes('@')) return at("replacement module must match format 'path version', not 'path@version'");
      return at('replacement module without version must be directory path (rooted or starting with . or ..)');
    }
    if (ns.includes('\\')) return at('replacement directory appears to be Windows path (on a non-windows system)');
  }
  if (args.length === arrow + 3) {
    try {
      nv = parseVersion(verb, ns, args, arrow + 2, fix);
    } catch (e) {
      return at(e as Error);
    }
    if (isDirectoryPath(ns)) return at(`replacement module directory path ${goQuote(ns)} cannot have version`);
  }
  const old: ModVersion = v === '' ? { path: s } : { path: s, version: v };
  const nw: ModVersion = nv === '' ? { path: ns } : { path: ns, version: nv };
  return { old, new: nw };
}

/**
 * The text of the comments on a directive: the line's own comments, or the block's when the
 * line has none. Blank-line markers are skipped; "//" and surrounding space are removed.
 */
export function directiveComment(block: LineBlock | undefined, line: Line): string {
  let c: Comments = line.com;
  if (block && c.before.length === 0 && c.suffix.length === 0) c = block.com;
  const lines: string[] = [];
  for (const com of [...c.before, ...c.suffix]) {
    if (!com.token.startsWith('//')) continue;
    lines.push(com.token.slice(2).trim());
  }
  return lines.join('\n');
}

const deprecatedRE = /(?:^|\n\n)Deprecated: *([\s\S]*?)(?:$|\n\n)/;

/** The deprecation message in a module directive's comments ("Deprecated: ..." paragraph), or "". */
export function deprecationOf(block: LineBlock | undefined, line: Line): string {
  const m = deprecatedRE.exec(directiveComment(block, line));
  return m ? m[1]! : '';
}
