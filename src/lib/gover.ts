// Go toolchain and language versions ("1.21", "1.21rc1", "1.21.0", toolchain names "go1.21.0").
//
// These are not semantic versions: there is no "v", "1.21" (a language version) sorts before
// "1.21rc1" which sorts before "1.21.0", while before Go 1.21 "1.20" meant "1.20.0". Invalid
// versions compare equal to each other and below all valid ones. Every function here is pure;
// the running toolchain's own version is passed in by callers (see cfg).

import * as semver from './semver.js';

/** A parsed Go version. Numbers are decimal strings of any length (no leading zeros). */
export interface GoVersion {
  major: string;
  /** Decimal, or "". */
  minor: string;
  /** Decimal, or "" (as in "1.21", "1.21rc1"). */
  patch: string;
  /** "", "alpha", "beta", "rc" (any run of lowercase letters is accepted). */
  kind: string;
  /** Decimal, or "". */
  pre: string;
}

const ZERO: GoVersion = Object.freeze({ major: '', minor: '', patch: '', kind: '', pre: '' });

/** Go versions (go lines) below which go.mod has these behaviours. */
export const NARROW_ALL_VERSION = '1.16';
/** The go version assumed for a go.mod file without a go line. */
export const DEFAULT_GO_MOD_VERSION = '1.16';
/** The go version assumed for a go.work file without a go line. */
export const DEFAULT_GO_WORK_VERSION = '1.18';
/** From this version go.mod lists all indirect requirements (module graph pruning). */
export const EXPLICIT_INDIRECT_VERSION = '1.17';
/** From this version indirect requirements go in a separate require block. */
export const SEPARATE_INDIRECT_VERSION = '1.17';
/** From this version go mod tidy keeps go.sum entries for go.mod files of the whole graph. */
export const TIDY_GO_MOD_SUM_VERSION = '1.21';
/** From this version the go line is a strict minimum requirement. */
export const GO_STRICT_VERSION = '1.21';
/** From this version vendor/modules.txt lists explicitly required modules by import. */
export const EXPLICIT_MODULES_TXT_IMPORT_VERSION = '1.23';

function cutInt(x: string): [n: string, rest: string] | undefined {
  let i = 0;
  while (i < x.length && x[i]! >= '0' && x[i]! <= '9') i++;
  if (i === 0 || (x[0] === '0' && i !== 1)) return undefined;
  return [x.slice(0, i), x.slice(i)];
}

/** Parses a Go version; an invalid one yields all-empty fields. */
export function parse(x: string): GoVersion {
  const maj = cutInt(x);
  if (!maj) return { ...ZERO };
  const v: GoVersion = { major: maj[0], minor: '', patch: '', kind: '', pre: '' };
  let rest = maj[1];
  if (rest === '') {
    v.minor = '0';
    v.patch = '0';
    return v;
  }
  if (rest[0] !== '.') return { ...ZERO };
  const min = cutInt(rest.slice(1));
  if (!min) return { ...ZERO };
  v.minor = min[0];
  rest = min[1];
  if (rest === '') {
    // Before Go 1.21, "1.N" was the release itself, that is "1.N.0".
    if (cmpInt(v.minor, '21') < 0) v.patch = '0';
    return v;
  }
  if (rest[0] === '.') {
    const pat = cutInt(rest.slice(1));
    if (!pat || pat[1] !== '') return { ...ZERO };
    v.patch = pat[0];
    return v;
  }
  let i = 0;
  while (i < rest.length && !(rest[i]! >= '0' && rest[i]! <= '9')) {
    if (!(rest[i]! >= 'a' && rest[i]! <= 'z')) return { ...ZERO };
    i++;
  }
  if (i === 0) return { ...ZERO };
  v.kind = rest.slice(0, i);
  rest = rest.slice(i);
  if (rest === '') return v;
  const pre = cutInt(rest);
  if (!pre || pre[1] !== '') return { ...ZERO };
  v.pre = pre[0];
  return v;
}

const isZero = (v: GoVersion): boolean =>
  v.major === '' && v.minor === '' && v.patch === '' && v.kind === '' && v.pre === '';

/** Compares two decimal strings (no leading zeros) of any length; "" sorts first. */
export function cmpInt(x: string, y: string): number {
  if (x === y) return 0;
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  return x < y ? -1 : 1;
}

/** Decrements a positive decimal string ("10" → "9", "1" → "0"); "0" gives "". */
export function decInt(decimal: string): string {
  const digits = decimal.split('');
  let i = digits.length - 1;
  for (; i >= 0 && digits[i] === '0'; i--) digits[i] = '9';
  if (i < 0) return '';
  if (i === 0 && digits[i] === '1' && digits.length > 1) digits.shift();
  else digits[i] = String.fromCharCode(digits[i]!.charCodeAt(0) - 1);
  return digits.join('');
}

/** Compares Go versions x and y: -1, 0 or +1. "1.21" < "1.21rc1" < "1.21.0"; invalid ones first. */
export function compare(x: string, y: string): number {
  const vx = parse(x);
  const vy = parse(y);
  return (
    cmpInt(vx.major, vy.major) ||
    cmpInt(vx.minor, vy.minor) ||
    cmpInt(vx.patch, vy.patch) ||
    (vx.kind === vy.kind ? 0 : vx.kind < vy.kind ? -1 : 1) ||
    cmpInt(vx.pre, vy.pre)
  );
}

/** The larger of x and y (x on a tie). */
export function max(x: string, y: string): string {
  return compare(x, y) < 0 ? y : x;
}

/** Reports whether x is a valid Go version. */
export function isValid(x: string): boolean {
  return !isZero(parse(x));
}

/** Reports whether x is a language version only, such as "1.21" (not "1.21.0", "1.20" or "1.21rc1"). */
export function isLang(x: string): boolean {
  const v = parse(x);
  return !isZero(v) && v.patch === '' && v.kind === '' && v.pre === '';
}

/** The language version of x: "1.21rc2" → "1.21", "1.2.3" → "1.2", "1" → "1", "1.0" → "1". */
export function lang(x: string): string {
  const v = parse(x);
  if (v.minor === '' || (v.major === '1' && v.minor === '0')) return v.major;
  return v.major + '.' + v.minor;
}

/** Reports whether x is a prerelease (alpha, beta, rc...). */
export function isPrerelease(x: string): boolean {
  return parse(x).kind !== '';
}

/** The language version before x's: "1.21.3" → "1.20", "1.1" → "1", "1" → "1". */
export function prev(x: string): string {
  const v = parse(x);
  if (cmpInt(v.minor, '1') <= 0) return v.major;
  return v.major + '.' + decInt(v.minor);
}

/**
 * The Go version named by a toolchain name: "go1.21.3" → "1.21.3", "go1.21.3-custom extra"
 * → "1.21.3". Returns "" for names that are not go toolchains (including "1.21.3" itself and
 * names containing a slash or backslash).
 */
export function fromToolchain(name: string): string {
  if (/[\\/]/.test(name)) return '';
  if (!name.startsWith('go')) return '';
  let v = name.slice(2);
  const i = v.search(/[ \t-]/);
  if (i >= 0) v = v.slice(0, i);
  return isValid(v) ? v : '';
}

/** x itself if it is a valid Go version, otherwise the version of toolchain name x. */
export function maybeToolchainVersion(name: string): string {
  return isValid(name) ? name : fromToolchain(name);
}

/** The toolchain name for Go version v ("1.21.0" → "go1.21.0"). */
export function toToolchain(v: string): string {
  return 'go' + v;
}

// ---- module-graph helpers: the pseudo-modules "go" and "toolchain" carry Go versions ----

/** Reports whether path is one of the pseudo-modules "go" or "toolchain". */
export function isToolchain(path: string): boolean {
  return path === 'go' || path === 'toolchain';
}

/** Compares versions of module path: Go versions for "go"/"toolchain", semver otherwise. */
export function modCompare(path: string, x: string, y: string): number {
  if (path === 'go') return compare(x, y);
  if (path === 'toolchain') return compare(maybeToolchainVersion(x), maybeToolchainVersion(y));
  return semver.compare(x, y);
}

/**
 * Sorts module versions in place by path, then by modCompare of the version; a "/suffix" on a
 * version (as in "v1.2.3/go.mod") breaks ties by string order. Returns list.
 */
export function modSort<T extends { path: string; version: string }>(list: T[]): T[] {
  return list.sort((a, b) => {
    if (a.path !== b.path) return a.path < b.path ? -1 : 1;
    let va = a.version;
    let vb = b.version;
    let fa = '';
    let fb = '';
    const ka = va.indexOf('/');
    if (ka >= 0) [va, fa] = [va.slice(0, ka), va.slice(ka)];
    const kb = vb.indexOf('/');
    if (kb >= 0) [vb, fb] = [vb.slice(0, kb), vb.slice(kb)];
    if (va !== vb) return modCompare(a.path, va, vb);
    return fa < fb ? -1 : fa > fb ? 1 : 0;
  });
}

/** Reports whether vers is a valid version of module path (Go version, toolchain name or semver). */
export function modIsValid(path: string, vers: string): boolean {
  if (path === 'toolchain') return isValid(fromToolchain(vers));
  if (path === 'go') return isValid(vers);
  return semver.isValid(vers);
}

/**
 * Reports whether vers is a version prefix (a query such as "v1" or "v1.2" that matches a
 * range of versions) for module path, rather than a complete version.
 */
export function modIsPrefix(path: string, vers: string): boolean {
  if (path === 'toolchain') return isLang(fromToolchain(vers));
  if (path === 'go') return isLang(vers);
  let dots = 0;
  for (const c of vers) {
    if (c === '-' || c === '+') return false;
    if (c === '.' && ++dots >= 2) return false;
  }
  return true;
}

/** Reports whether vers is a prerelease version of module path. */
export function modIsPrerelease(path: string, vers: string): boolean {
  if (path === 'toolchain') return isPrerelease(fromToolchain(vers));
  if (path === 'go') return isPrerelease(vers);
  return semver.prerelease(vers) !== '';
}

/** The major.minor of vers for module path ("go" → lang, "toolchain" → "go"+lang). */
export function modMajorMinor(path: string, vers: string): string {
  if (path === 'toolchain') return 'go' + lang(fromToolchain(vers));
  if (path === 'go') return lang(vers);
  return semver.majorMinor(vers);
}

/**
 * The version of the "go" or "toolchain" line in go.mod text, found without a full parse:
 * the first line starting with key followed by a space or tab, comments removed. Returns ""
 * when there is none.
 */
export function goModLookup(gomod: string, key: string): string {
  for (const raw of gomod.split('\n')) {
    const line = raw.trim();
    if (!line.startsWith(key)) continue;
    let s = line.slice(key.length);
    if (s === '' || (s[0] !== ' ' && s[0] !== '\t')) continue;
    const c = s.indexOf('//');
    if (c >= 0) s = s.slice(0, c);
    return s.trim();
  }
  return '';
}

/** The go version of a go.mod file given its go line's version (or undefined when absent). */
export function fromGoMod(goLine: string | undefined): string {
  return goLine === undefined ? DEFAULT_GO_MOD_VERSION : goLine;
}

/** The go version of a go.work file given its go line's version (or undefined when absent). */
export function fromGoWork(goLine: string | undefined): string {
  return goLine === undefined ? DEFAULT_GO_WORK_VERSION : goLine;
}

/** What the go command prints when a module or workspace needs a newer Go than is running. */
export class TooNewError extends Error {
  /**
   * @param what       the thing that is too new, e.g. "go.mod" or "example.com/m@v1.0.0"
   * @param goVersion  the Go version it requires
   * @param local      the running toolchain's Go version (e.g. "1.26.8")
   * @param explain    optional text appended after the version, e.g. "; GOTOOLCHAIN=local"
   */
  constructor(
    readonly what: string,
    readonly goVersion: string,
    readonly local: string,
    readonly explain = '',
    readonly toolchain = '',
  ) {
    super(`${what} requires go >= ${goVersion} (running go ${local}${explain})`);
    this.name = 'TooNewError';
  }
}

/**
 * The explanation suffix of a TooNewError: "; GOTOOLCHAIN=x" when GOTOOLCHAIN is set to other
 * than auto, then "; <file> sets toolchain T" or "; <file> sets go V" for the file that chose.
 */
export function tooNewExplain(opts: {
  gotoolchain?: string;
  autoFile?: string;
  autoGoVersion?: string;
  autoToolchain?: string;
}): string {
  let s = '';
  if (opts.gotoolchain && opts.gotoolchain !== 'auto') s = '; GOTOOLCHAIN=' + opts.gotoolchain;
  if (opts.autoFile && (opts.autoGoVersion || opts.autoToolchain)) {
    s += `; ${opts.autoFile} sets `;
    s += opts.autoToolchain ? 'toolchain ' + opts.autoToolchain : 'go ' + (opts.autoGoVersion ?? '');
  }
  return s;
}

/** A golang.org/toolchain version as a Go version: "v0.0.1-go1.19.7.windows-amd64" → "1.19.7" (go's dlToGo). */
export function dlToGo(v: string): string | undefined {
  const dash = v.indexOf('-');
  if (dash < 0) return undefined;
  const rest = v.slice(dash + 1);
  const i = rest.lastIndexOf('.');
  if (i < 0 || !rest.slice(i + 1).includes('-')) return undefined;
  return rest.slice(0, i).replace(/^go/, '');
}

/**
 * The versions of the "go" or "toolchain" pseudo-module from golang.org/toolchain's list: each Go
 * version of any platform once, plus the local one (a development toolchain answers for its own
 * version), ascending; toolchain versions carry "go".
 */
export function toolchainVersions(path: string, dlList: readonly string[], localGo: string): string[] {
  const have = new Set<string>();
  for (const v of dlList) {
    const g = dlToGo(v);
    if (g !== undefined) have.add(g);
  }
  have.add(localGo);
  const pre = path === 'toolchain' ? 'go' : '';
  return [...have].sort(compare).map((v) => pre + v);
}
