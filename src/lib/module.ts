// Module versions and paths: validation of module/import/file paths, major-version suffixes,
// case-escaping for the module cache and proxy protocol, and go's module error types.
//
// Semantics follow golang.org/x/mod/module. Functions named check* return the error (or
// undefined) like Go's; functions producing a value throw the error instead.

import { goQuote, goQuoteRune } from './goquote.js';
import { pathMatchNoError } from './pathmatch.js';
import * as semver from './semver.js';

/**
 * A module path and version. version is usually canonical semver; it is "" for the main module
 * and for directory replacements, and "none" in MVS for "no version selected".
 */
export interface Version {
  path: string;
  version: string;
}

/** "path@version", or just "path" when version is "". */
export function versionString(m: Version): string {
  return m.version === '' ? m.path : `${m.path}@${m.version}`;
}

/** An error about a specific version, the module path unknown or given elsewhere. */
export class InvalidVersionError extends Error {
  constructor(
    readonly version: string,
    readonly err: Error,
    readonly pseudo = false,
  ) {
    super(`${pseudo ? 'pseudo-version' : 'version'} ${goQuote(version)} invalid: ${err.message}`, { cause: err });
    this.name = 'InvalidVersionError';
  }

  /** "version" or "pseudo-version". */
  get noun(): string {
    return this.pseudo ? 'pseudo-version' : 'version';
  }
}

/** An error about a module (optionally a version of it). */
export class ModuleError extends Error {
  constructor(
    readonly path: string,
    readonly version: string,
    readonly err: Error,
  ) {
    super(ModuleError.format(path, version, err), { cause: err });
    this.name = 'ModuleError';
  }

  private static format(path: string, version: string, err: Error): string {
    if (err instanceof InvalidVersionError) return `${path}@${err.version}: invalid ${err.noun}: ${err.err.message}`;
    if (version !== '') return `${path}@${version}: ${err.message}`;
    return `module ${path}: ${err.message}`;
  }
}

/** Wraps err as a ModuleError about m, unless it already is exactly that. */
export function versionError(m: Version, err: Error): Error {
  if (err instanceof ModuleError && err.path === m.path && err.version === m.version) return err;
  return new ModuleError(m.path, m.version, err);
}

/** A module, import or file path that breaks the naming rules (modload re-kinds import errors as "tool"). */
export class InvalidPathError extends Error {
  constructor(
    readonly kind: 'module' | 'import' | 'file' | 'tool',
    readonly path: string,
    readonly err: Error,
  ) {
    super(`malformed ${kind} path ${goQuote(path)}: ${err.message}`, { cause: err });
    this.name = 'InvalidPathError';
  }
}

/**
 * Go's errors.As over this library's wrappers: the first error in err's chain (following
 * Error.cause, which every wrapper here sets) that is an instance of ctor.
 */
export function errorAs<T extends Error>(err: unknown, ctor: abstract new (...args: never[]) => T): T | undefined {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 100; e = e.cause, depth++) {
    if (e instanceof ctor) return e;
  }
  return undefined;
}

// ---- path checking ----

type PathKind = 'module' | 'import' | 'file';

const isLowerAlnum = (c: string): boolean => (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z');
const isAlnum = (c: string): boolean => isLowerAlnum(c) || (c >= 'A' && c <= 'Z');

/** Characters allowed in the first element of a module path (a lower-case domain name). */
const firstPathOK = (c: string): boolean => c === '-' || c === '.' || isLowerAlnum(c);

/** Characters allowed in a module path element. */
const modPathOK = (c: string): boolean => c === '-' || c === '.' || c === '_' || c === '~' || isAlnum(c);

/** Characters allowed in an import path element ('+' too, as in "c++"). */
const importPathOK = (c: string): boolean => modPathOK(c) || c === '+';

const FILE_PUNCT = "!#$%&()+,-.=@[]^_{}~ ";
const LETTER = /^\p{L}$/u;

/** Characters allowed in a file name: ASCII alnum, some punctuation, any Unicode letter. */
function fileNameOK(c: string): boolean {
  if (c.codePointAt(0)! < 0x80) return isAlnum(c) || FILE_PUNCT.includes(c);
  return LETTER.test(c);
}

const BAD_WINDOWS_NAMES = [
  'CON', 'PRN', 'AUX', 'NUL',
  'COM1', 'COM2', 'COM3', 'COM4', 'COM5', 'COM6', 'COM7', 'COM8', 'COM9',
  'LPT1', 'LPT2', 'LPT3', 'LPT4', 'LPT5', 'LPT6', 'LPT7', 'LPT8', 'LPT9',
];

const LONE_SURROGATE = /\p{Surrogate}/u;

function checkElem(elem: string, kind: PathKind): Error | undefined {
  if (elem === '') return new Error('empty path element');
  if (/^\.+$/.test(elem)) return new Error(`invalid path element ${goQuote(elem)}`);
  if (elem[0] === '.' && kind === 'module') return new Error('leading dot in path element');
  if (elem.endsWith('.')) return new Error('trailing dot in path element');
  const ok = kind === 'module' ? modPathOK : kind === 'import' ? importPathOK : fileNameOK;
  for (const c of elem) {
    if (!ok(c)) return new Error(`invalid char ${goQuoteRune(c)}`);
  }
  // Windows reserves some names, whatever the case and extension.
  const dot = elem.indexOf('.');
  const short = dot >= 0 ? elem.slice(0, dot) : elem;
  const upper = short.toUpperCase();
  if (/^[A-Za-z0-9]+$/.test(short) && BAD_WINDOWS_NAMES.includes(upper)) {
    return new Error(`${goQuote(short)} disallowed as path element component on Windows`);
  }
  if (kind === 'file') return undefined;
  // Names like "PROGRA~1" look like Windows short names.
  const tilde = short.lastIndexOf('~');
  if (tilde >= 0 && tilde < short.length - 1 && /^[0-9]+$/.test(short.slice(tilde + 1))) {
    return new Error('trailing tilde and digits in path element');
  }
  return undefined;
}

function checkPathKind(path: string, kind: PathKind): Error | undefined {
  if (LONE_SURROGATE.test(path)) return new Error('invalid UTF-8');
  if (path === '') return new Error('empty string');
  if (path[0] === '-' && kind !== 'file') return new Error('leading dash');
  if (path.includes('//')) return new Error('double slash');
  if (path.endsWith('/')) return new Error('trailing slash');
  for (const elem of path.split('/')) {
    const err = checkElem(elem, kind);
    if (err) return err;
  }
  return undefined;
}

function checkModulePath(path: string): Error | undefined {
  const err = checkPathKind(path, 'module');
  if (err) return err;
  let i = path.indexOf('/');
  if (i < 0) i = path.length;
  if (i === 0) return new Error('leading slash');
  const first = path.slice(0, i);
  if (!first.includes('.')) return new Error('missing dot in first path element');
  if (path[0] === '-') return new Error('leading dash in first path element');
  for (const c of first) {
    if (!firstPathOK(c)) return new Error(`invalid char ${goQuoteRune(c)} in first path element`);
  }
  if (!splitPathVersion(path).ok) return new Error('invalid version');
  return undefined;
}

/**
 * Checks a module path: a valid import path whose first element is a lower-case domain name
 * with a dot, no element starting with a dot, and a well-formed /vN (or gopkg.in .vN) suffix.
 */
export function checkPath(path: string): InvalidPathError | undefined {
  const err = checkModulePath(path);
  return err ? new InvalidPathError('module', path, err) : undefined;
}

/**
 * Import paths already found valid. A load checks every import of every package, the same few hundred
 * paths thousands of times, and the check walks each character. Bounded for long-lived processes.
 */
const validImports = new Set<string>();
const MAX_VALID_IMPORTS = 50_000;

/** Checks an import path: slash-separated elements of ASCII letters, digits and - . _ ~ +. */
export function checkImportPath(path: string): InvalidPathError | undefined {
  if (validImports.has(path)) return undefined;
  const err = checkPathKind(path, 'import');
  if (err) return new InvalidPathError('import', path, err);
  if (validImports.size >= MAX_VALID_IMPORTS) validImports.clear();
  validImports.add(path);
  return undefined;
}

/** Checks a slash-separated file path (as in module zips): wider character set than imports. */
export function checkFilePath(path: string): InvalidPathError | undefined {
  const err = checkPathKind(path, 'file');
  return err ? new InvalidPathError('file', path, err) : undefined;
}

/** Checks a module path and version together, including the major-version suffix agreement. */
export function check(path: string, version: string): Error | undefined {
  const perr = checkPath(path);
  if (perr) return perr;
  if (!semver.isValid(version)) {
    return new ModuleError(path, '', new InvalidVersionError(version, new Error('not a semantic version')));
  }
  const { pathMajor } = splitPathVersion(path);
  const merr = checkPathMajor(version, pathMajor);
  if (merr) return new ModuleError(path, '', merr);
  return undefined;
}

// ---- major version suffixes ----

/** The result of splitPathVersion: prefix + pathMajor === path when ok. */
export interface SplitPath {
  prefix: string;
  /** "" or "/vN" (N >= 2), or for gopkg.in ".vN" (optionally "-unstable"). */
  pathMajor: string;
  ok: boolean;
}

const isDigitAt = (s: string, i: number): boolean => s[i] !== undefined && s[i]! >= '0' && s[i]! <= '9';

function splitGopkgIn(path: string): SplitPath {
  if (!path.startsWith('gopkg.in/')) return { prefix: path, pathMajor: '', ok: false };
  let i = path.length;
  if (path.endsWith('-unstable')) i -= '-unstable'.length;
  while (i > 0 && isDigitAt(path, i - 1)) i--;
  if (i <= 1 || path[i - 1] !== 'v' || path[i - 2] !== '.') return { prefix: path, pathMajor: '', ok: false };
  const prefix = path.slice(0, i - 2);
  const pathMajor = path.slice(i - 2);
  if (pathMajor.length <= 2 || (pathMajor[2] === '0' && pathMajor !== '.v0')) {
    return { prefix: path, pathMajor: '', ok: false };
  }
  return { prefix, pathMajor, ok: true };
}

/**
 * Splits a module path into prefix and major-version suffix ("/vN" for N >= 2, or gopkg.in's
 * ".vN"). ok is false when the final element looks like a version but is not allowed, such as
 * "/v1", "/v0", "/v02" or "/v2.1".
 */
export function splitPathVersion(path: string): SplitPath {
  if (path.startsWith('gopkg.in/')) return splitGopkgIn(path);
  let i = path.length;
  let dot = false;
  while (i > 0 && (isDigitAt(path, i - 1) || path[i - 1] === '.')) {
    if (path[i - 1] === '.') dot = true;
    i--;
  }
  if (i <= 1 || i === path.length || path[i - 1] !== 'v' || path[i - 2] !== '/') {
    return { prefix: path, pathMajor: '', ok: true };
  }
  const prefix = path.slice(0, i - 2);
  const pathMajor = path.slice(i - 2);
  if (dot || pathMajor.length <= 2 || pathMajor[2] === '0' || pathMajor === '/v1') {
    return { prefix: path, pathMajor: '', ok: false };
  }
  return { prefix, pathMajor, ok: true };
}

/** Returns an InvalidVersionError if semantic version v does not fit the path's major suffix. */
export function checkPathMajor(v: string, pathMajor: string): InvalidVersionError | undefined {
  if (pathMajor.startsWith('.v') && pathMajor.endsWith('-unstable')) {
    pathMajor = pathMajor.slice(0, -'-unstable'.length);
  }
  // Old pseudo-versions for gopkg.in/x.v1 used v0.0.0-; they are still accepted.
  if (v.startsWith('v0.0.0-') && pathMajor === '.v1') return undefined;
  const m = semver.major(v);
  let want: string;
  if (pathMajor === '') {
    if (m === 'v0' || m === 'v1' || semver.build(v) === '+incompatible') return undefined;
    want = 'v0 or v1';
  } else if (pathMajor[0] === '/' || pathMajor[0] === '.') {
    if (m === pathMajor.slice(1)) return undefined;
    want = pathMajor.slice(1);
  } else {
    want = pathMajor;
  }
  return new InvalidVersionError(v, new Error(`should be ${want}, not ${semver.major(v)}`));
}

/** Reports whether semantic version v fits the path major suffix (checkPathMajor passes). */
export function matchPathMajor(v: string, pathMajor: string): boolean {
  return checkPathMajor(v, pathMajor) === undefined;
}

/** The major version tag prefix implied by pathMajor ("/v2" → "v2", ".v1" → "v1", "" → ""). */
export function pathMajorPrefix(pathMajor: string): string {
  if (pathMajor === '') return '';
  if (pathMajor[0] !== '/' && pathMajor[0] !== '.') {
    throw new Error(`pathMajor suffix ${pathMajor} passed to PathMajorPrefix lacks separator`);
  }
  if (pathMajor.startsWith('.v') && pathMajor.endsWith('-unstable')) {
    pathMajor = pathMajor.slice(0, -'-unstable'.length);
  }
  const m = pathMajor.slice(1);
  if (m !== semver.major(m)) {
    throw new Error(`pathMajor suffix ${pathMajor}passed to PathMajorPrefix is not a valid major version`);
  }
  return m;
}

/** semver.canonical, but keeping a "+incompatible" build suffix. */
export function canonicalVersion(v: string): string {
  const cv = semver.canonical(v);
  return semver.build(v) === '+incompatible' ? cv + '+incompatible' : cv;
}

// ---- ordering ----

function splitFileSuffix(v: string): [string, string] {
  const k = v.indexOf('/');
  return k >= 0 ? [v.slice(0, k), v.slice(k)] : [v, ''];
}

/**
 * Orders versions by path, then by semver; a "/suffix" on the version (as in go.sum's
 * "v1.2.3/go.mod") breaks ties by string order.
 */
export function compareVersions(a: Version, b: Version): number {
  if (a.path !== b.path) return a.path < b.path ? -1 : 1;
  const [va, fa] = splitFileSuffix(a.version);
  const [vb, fb] = splitFileSuffix(b.version);
  if (va !== vb) return semver.compare(va, vb);
  return fa < fb ? -1 : fa > fb ? 1 : 0;
}

/** Sorts a list of module versions in place (see compareVersions) and returns it. */
export function sort<T extends Version>(list: T[]): T[] {
  return list.sort(compareVersions);
}

// ---- case escaping ----

function escapeString(s: string): string {
  for (const c of s) {
    if (c === '!' || c.codePointAt(0)! >= 0x80) throw new Error('internal error: inconsistency in EscapePath');
  }
  return s.replace(/[A-Z]/g, (c) => '!' + c.toLowerCase());
}

function unescapeString(escaped: string): string | undefined {
  let out = '';
  let bang = false;
  for (const c of escaped) {
    if (c.codePointAt(0)! >= 0x80) return undefined;
    if (bang) {
      bang = false;
      if (c < 'a' || c > 'z') return undefined;
      out += c.toUpperCase();
      continue;
    }
    if (c === '!') {
      bang = true;
      continue;
    }
    if (c >= 'A' && c <= 'Z') return undefined;
    out += c;
  }
  return bang ? undefined : out;
}

/**
 * The case-safe form of a module path for file systems and URLs: each upper-case letter
 * becomes "!" and its lower-case form. Throws the InvalidPathError of an invalid path.
 */
export function escapePath(path: string): string {
  const err = checkPath(path);
  if (err) throw err;
  return escapeString(path);
}

/**
 * The case-safe form of a version. Versions need not be semver but must be valid file names
 * without "!"; otherwise throws InvalidVersionError "disallowed version string".
 */
export function escapeVersion(v: string): string {
  if (checkElem(v, 'file') || v.includes('!')) {
    throw new InvalidVersionError(v, new Error('disallowed version string'));
  }
  return escapeString(v);
}

/** Reverses escapePath; throws if escaped is malformed or names an invalid module path. */
export function unescapePath(escaped: string): string {
  const path = unescapeString(escaped);
  if (path === undefined) throw new Error(`invalid escaped module path ${goQuote(escaped)}`);
  const err = checkPath(path);
  if (err) throw new Error(`invalid escaped module path ${goQuote(escaped)}: ${err.message}`);
  return path;
}

/** Reverses escapeVersion; throws if escaped is malformed or names an invalid version string. */
export function unescapeVersion(escaped: string): string {
  const v = unescapeString(escaped);
  if (v === undefined) throw new Error(`invalid escaped version ${goQuote(escaped)}`);
  const err = checkElem(v, 'file');
  if (err) throw new Error(`invalid escaped version ${goQuote(v)}: ${err.message}`);
  return v;
}

// ---- GOPRIVATE-style pattern lists ----

/**
 * Reports whether some leading run of path elements of target matches one of the glob
 * patterns (path.Match syntax) in the comma-separated list globs, as GOPRIVATE, GONOPROXY,
 * GONOSUMDB and GOINSECURE are matched. Empty and malformed patterns are ignored, as are
 * trailing slashes on patterns.
 */
export function matchPrefixPatterns(globs: string, target: string): boolean {
  for (let glob of globs.split(',')) {
    if (glob.endsWith('/')) glob = glob.slice(0, -1);
    if (glob === '') continue;
    // A glob with n slashes is matched against the first n+1 elements of target.
    let n = glob.split('/').length - 1;
    let prefix = target;
    for (let i = 0; i < target.length; i++) {
      if (target[i] === '/') {
        if (n === 0) {
          prefix = target.slice(0, i);
          break;
        }
        n--;
      }
    }
    if (n > 0) continue;
    if (pathMatchNoError(glob, prefix)) return true;
  }
  return false;
}
