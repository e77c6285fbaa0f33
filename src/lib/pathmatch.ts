// Shell-style matching of slash-separated names, with the semantics of Go's path.Match.
//
// Pattern syntax: '*' matches any run of non-'/' characters, '?' one non-'/' character,
// '[...]' a character class (with '^' negation and 'a-z' ranges), '\\c' the character c.
// A malformed pattern throws BadPatternError — but only when the matcher gets far enough to
// see the malformed part, exactly as Go reports it.

/** Go's path.ErrBadPattern. */
export class BadPatternError extends Error {
  constructor() {
    super('syntax error in pattern');
    this.name = 'BadPatternError';
  }
}

const SLASH = 0x2f;
const BACKSLASH = 0x5c;
const STAR = 0x2a;
const LBRACK = 0x5b;
const RBRACK = 0x5d;
const CARET = 0x5e;
const DASH = 0x2d;
const QUESTION = 0x3f;

type Runes = number[];

const toRunes = (s: string): Runes => Array.from(s, (c) => c.codePointAt(0)!);

/** Splits off the leading stars and the chunk up to the next star outside a class. */
function scanChunk(p: Runes, at: number): { star: boolean; chunk: Runes; next: number } {
  let star = false;
  while (at < p.length && p[at] === STAR) {
    at++;
    star = true;
  }
  let inrange = false;
  let i = at;
  for (; i < p.length; i++) {
    const c = p[i];
    if (c === BACKSLASH) {
      if (i + 1 < p.length) i++;
    } else if (c === LBRACK) inrange = true;
    else if (c === RBRACK) inrange = false;
    else if (c === STAR && !inrange) break;
  }
  return { star, chunk: p.slice(at, i), next: i };
}

/** Reads one possibly escaped class character at chunk[i]; returns it and the next index. */
function getEsc(chunk: Runes, i: number): [r: number, next: number] {
  if (i >= chunk.length || chunk[i] === DASH || chunk[i] === RBRACK) throw new BadPatternError();
  if (chunk[i] === BACKSLASH) {
    i++;
    if (i >= chunk.length) throw new BadPatternError();
  }
  const r = chunk[i]!;
  i++;
  if (i >= chunk.length) throw new BadPatternError();
  return [r, i];
}

/**
 * Matches chunk against the front of s (from index at); returns the index just past the match
 * or -1. Keeps scanning a failed chunk so syntax errors are still found.
 */
function matchChunk(chunk: Runes, s: Runes, at: number): number {
  let failed = false;
  let i = 0;
  while (i < chunk.length) {
    failed = failed || at >= s.length;
    const c = chunk[i]!;
    if (c === LBRACK) {
      let r = -1;
      if (!failed) r = s[at++]!;
      i++;
      let negated = false;
      if (i < chunk.length && chunk[i] === CARET) {
        negated = true;
        i++;
      }
      let match = false;
      let nrange = 0;
      for (;;) {
        if (i < chunk.length && chunk[i] === RBRACK && nrange > 0) {
          i++;
          break;
        }
        let lo: number;
        [lo, i] = getEsc(chunk, i);
        let hi = lo;
        if (chunk[i] === DASH) [hi, i] = getEsc(chunk, i + 1);
        match = match || (lo <= r && r <= hi);
        nrange++;
      }
      failed = failed || match === negated;
    } else if (c === QUESTION) {
      if (!failed) {
        failed = s[at] === SLASH;
        at++;
      }
      i++;
    } else {
      if (c === BACKSLASH) {
        i++;
        if (i >= chunk.length) throw new BadPatternError();
      }
      if (!failed) {
        failed = chunk[i] !== s[at];
        at++;
      }
      i++;
    }
  }
  return failed ? -1 : at;
}

/**
 * Reports whether name matches the shell pattern, as Go's path.Match does. Throws
 * BadPatternError for a malformed pattern.
 */
export function pathMatch(pattern: string, name: string): boolean {
  const p = toRunes(pattern);
  const s = toRunes(name);
  let pi = 0;
  let at = 0;
  outer: while (pi < p.length) {
    const { star, chunk, next } = scanChunk(p, pi);
    pi = next;
    const last = pi >= p.length;
    if (star && chunk.length === 0) {
      // A trailing star matches the rest unless it holds a slash.
      return !s.slice(at).includes(SLASH);
    }
    let t = -1;
    let err: unknown;
    try {
      t = matchChunk(chunk, s, at);
    } catch (e) {
      err = e;
    }
    if (t >= 0 && (t === s.length || !last)) {
      at = t;
      continue;
    }
    if (err !== undefined) throw err;
    if (star) {
      for (let i = at; i < s.length && s[i] !== SLASH; i++) {
        const u = matchChunk(chunk, s, i + 1);
        if (u >= 0) {
          if (last && u < s.length) continue;
          at = u;
          continue outer;
        }
      }
    }
    // No match; still report a syntax error anywhere in the rest of the pattern.
    while (pi < p.length) {
      const r = scanChunk(p, pi);
      pi = r.next;
      matchChunk(r.chunk, [], 0);
    }
    return false;
  }
  return at === s.length;
}

/** Like pathMatch but returns false instead of throwing for a malformed pattern. */
export function pathMatchNoError(pattern: string, name: string): boolean {
  try {
    return pathMatch(pattern, name);
  } catch (e) {
    if (e instanceof BadPatternError) return false;
    throw e;
  }
}
