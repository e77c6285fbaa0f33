// Semantic versions as the go command uses them ("v1.2.3-pre+build", with shorthands v1 and v1.2).
//
// Semantics follow golang.org/x/mod/semver: a leading "v" is required, numbers carry no
// leading zeros, "v1" means "v1.0.0" and "v1.2" means "v1.2.0" (neither shorthand may carry a
// prerelease or build suffix). Invalid versions compare equal to each other and below every
// valid version. Build metadata is ignored by compare. Every function here is pure.

/** The pieces of a parsed version; numbers are kept as decimal strings of any length. */
interface Parsed {
  readonly major: string;
  readonly minor: string;
  readonly patch: string;
  /** ".0.0" or ".0" when the input was a shorthand, otherwise "". */
  readonly short: string;
  /** Including its leading "-", or "". */
  readonly prerelease: string;
  /** Including its leading "+", or "". */
  readonly build: string;
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

const isIdentChar = (c: string): boolean =>
  (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c === '-';

/** Whether v is all digits (the empty string counts, as in x/mod). */
const isNum = (v: string): boolean => /^[0-9]*$/.test(v);

/** A numeric identifier with a leading zero (such as "01"), which semver forbids in prereleases. */
const isBadNum = (v: string): boolean => v.length > 1 && v[0] === '0' && /^[0-9]+$/.test(v);

/** Reads a decimal number without leading zeros from the front of v. */
function parseInt(v: string): [num: string, rest: string] | undefined {
  if (!isDigit(v[0])) return undefined;
  let i = 1;
  while (i < v.length && isDigit(v[i])) i++;
  if (v[0] === '0' && i !== 1) return undefined;
  return [v.slice(0, i), v.slice(i)];
}

/** Reads "-ident(.ident)*" from the front of v, stopping at "+". */
function parsePrerelease(v: string): [pre: string, rest: string] | undefined {
  if (v[0] !== '-') return undefined;
  let i = 1;
  let start = 1;
  for (; i < v.length && v[i] !== '+'; i++) {
    const c = v[i]!;
    if (!isIdentChar(c) && c !== '.') return undefined;
    if (c === '.') {
      if (start === i || isBadNum(v.slice(start, i))) return undefined;
      start = i + 1;
    }
  }
  if (start === i || isBadNum(v.slice(start, i))) return undefined;
  return [v.slice(0, i), v.slice(i)];
}

/** Reads "+ident(.ident)*" making up all of v. */
function parseBuild(v: string): [build: string, rest: string] | undefined {
  if (v[0] !== '+') return undefined;
  let i = 1;
  let start = 1;
  for (; i < v.length; i++) {
    const c = v[i]!;
    if (!isIdentChar(c) && c !== '.') return undefined;
    if (c === '.') {
      if (start === i) return undefined;
      start = i + 1;
    }
  }
  if (start === i) return undefined;
  return [v.slice(0, i), v.slice(i)];
}

// Parses by version string: a module graph compares the same few versions many thousands of
// times. Results are never mutated; the memo is dropped when it grows large.
const parsed = new Map<string, Parsed | null>();

function parse(v: string): Parsed | undefined {
  let p = parsed.get(v);
  if (p === undefined) {
    if (parsed.size >= 10000) parsed.clear();
    p = parseUncached(v) ?? null;
    parsed.set(v, p);
  }
  return p ?? undefined;
}

function parseUncached(v: string): Parsed | undefined {
  if (v === '' || v[0] !== 'v') return undefined;
  const maj = parseInt(v.slice(1));
  if (!maj) return undefined;
  const [major] = maj;
  let rest = maj[1];
  if (rest === '') return { major, minor: '0', patch: '0', short: '.0.0', prerelease: '', build: '' };
  if (rest[0] !== '.') return undefined;
  const min = parseInt(rest.slice(1));
  if (!min) return undefined;
  const [minor] = min;
  rest = min[1];
  if (rest === '') return { major, minor, patch: '0', short: '.0', prerelease: '', build: '' };
  if (rest[0] !== '.') return undefined;
  const pat = parseInt(rest.slice(1));
  if (!pat) return undefined;
  const [patch] = pat;
  rest = pat[1];
  let prerelease = '';
  let build = '';
  if (rest[0] === '-') {
    const p = parsePrerelease(rest);
    if (!p) return undefined;
    [prerelease, rest] = p;
  }
  if (rest[0] === '+') {
    const b = parseBuild(rest);
    if (!b) return undefined;
    [build, rest] = b;
  }
  if (rest !== '') return undefined;
  return { major, minor, patch, short: '', prerelease, build };
}

/** Reports whether v is a valid semantic version string. */
export function isValid(v: string): boolean {
  return parse(v) !== undefined;
}

/**
 * The canonical form of v: shorthands expanded, build metadata dropped ("v1.2" → "v1.2.0",
 * "v1.2.3+meta" → "v1.2.3"). Returns "" for an invalid version.
 */
export function canonical(v: string): string {
  const p = parse(v);
  if (!p) return '';
  if (p.build !== '') return v.slice(0, v.length - p.build.length);
  if (p.short !== '') return v + p.short;
  return v;
}

/** The major version prefix ("v2.1.0" → "v2"), or "" if v is invalid. */
export function major(v: string): string {
  const p = parse(v);
  if (!p) return '';
  return v.slice(0, 1 + p.major.length);
}

/** The major.minor prefix ("v2.1.0" → "v2.1", "v2" → "v2.0"), or "" if v is invalid. */
export function majorMinor(v: string): string {
  const p = parse(v);
  if (!p) return '';
  const i = 1 + p.major.length;
  const j = i + 1 + p.minor.length;
  if (j <= v.length && v[i] === '.' && v.slice(i + 1, j) === p.minor) return v.slice(0, j);
  return v.slice(0, i) + '.' + p.minor;
}

/** The prerelease suffix including its "-" ("v1.2.3-pre+b" → "-pre"), or "". */
export function prerelease(v: string): string {
  return parse(v)?.prerelease ?? '';
}

/** The build suffix including its "+" ("v1.2.3+meta" → "+meta"), or "". */
export function build(v: string): string {
  return parse(v)?.build ?? '';
}

/** Compares two decimal strings without leading zeros, of any length. */
function compareInt(x: string, y: string): number {
  if (x === y) return 0;
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  return x < y ? -1 : 1;
}

function comparePrerelease(x: string, y: string): number {
  // "" (a release) sorts after any prerelease of the same version.
  if (x === y) return 0;
  if (x === '') return 1;
  if (y === '') return -1;
  const xs = x.slice(1).split('.');
  const ys = y.slice(1).split('.');
  const n = Math.min(xs.length, ys.length);
  for (let i = 0; i < n; i++) {
    const dx = xs[i]!;
    const dy = ys[i]!;
    if (dx === dy) continue;
    const ix = isNum(dx);
    const iy = isNum(dy);
    if (ix !== iy) return ix ? -1 : 1;
    if (ix && dx.length !== dy.length) return dx.length < dy.length ? -1 : 1;
    return dx < dy ? -1 : 1;
  }
  return xs.length < ys.length ? -1 : 1;
}

/**
 * Compares v and w: -1, 0 or +1. An invalid version is equal to another invalid version and
 * less than any valid one. Build metadata does not take part.
 */
export function compare(v: string, w: string): number {
  if (v === w) return 0;
  const pv = parse(v);
  const pw = parse(w);
  if (!pv && !pw) return 0;
  if (!pv) return -1;
  if (!pw) return 1;
  return (
    compareInt(pv.major, pw.major) ||
    compareInt(pv.minor, pw.minor) ||
    compareInt(pv.patch, pw.patch) ||
    comparePrerelease(pv.prerelease, pw.prerelease)
  );
}

/** The larger of v and w in canonical form (w's canonical form on a tie). */
export function max(v: string, w: string): string {
  const cv = canonical(v);
  const cw = canonical(w);
  return compare(cv, cw) > 0 ? cv : cw;
}

/** A total order for sorting: by compare, then by plain string order to break ties. */
export function compareForSort(a: string, b: string): number {
  const c = compare(a, b);
  if (c !== 0) return c;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sorts list in place in increasing version order (invalid versions first) and returns it. */
export function sort(list: string[]): string[] {
  return list.sort(compareForSort);
}
