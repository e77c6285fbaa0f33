// Pseudo-versions: versions that name an untagged commit, such as v0.0.0-20191109021931-daa7c04131f5.
//
// The forms, as in golang.org/x/mod/module:
//   vX.0.0-yyyymmddhhmmss-abcdefabcdef        no earlier tagged version (X from the path)
//   vX.Y.(Z+1)-0.yyyymmddhhmmss-abcdefabcdef  after release vX.Y.Z
//   vX.Y.Z-pre.0.yyyymmddhhmmss-abcdefabcdef  after prerelease vX.Y.Z-pre
// each optionally followed by the +build of the base (such as +incompatible).

import { InvalidVersionError } from './module.js';
import * as semver from './semver.js';

/** The layout of the timestamp in a pseudo-version (UTC), as Go's time layout string. */
export const PSEUDO_VERSION_TIMESTAMP_FORMAT = '20060102150405';

const PSEUDO_RE =
  /^v[0-9]+\.(0\.0-|\d+\.\d+-([^+]*\.)?0\.)\d{14}-[A-Za-z0-9]+(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/;

/** Go's zero time.Time (January 1, year 1, UTC), used by zero pseudo-versions. */
export const ZERO_TIME: Date = (() => {
  const d = new Date(0);
  d.setUTCFullYear(1, 0, 1);
  d.setUTCHours(0, 0, 0, 0);
  return d;
})();

const pad = (n: number, w: number): string => String(n).padStart(w, '0');

/** Formats t (in UTC) as yyyymmddhhmmss. */
export function formatPseudoTimestamp(t: Date): string {
  return (
    pad(t.getUTCFullYear(), 4) +
    pad(t.getUTCMonth() + 1, 2) +
    pad(t.getUTCDate(), 2) +
    pad(t.getUTCHours(), 2) +
    pad(t.getUTCMinutes(), 2) +
    pad(t.getUTCSeconds(), 2)
  );
}

/** Adds one to a decimal string ("9" → "10"). */
export function incDecimal(decimal: string): string {
  const d = decimal.split('');
  let i = d.length - 1;
  for (; i >= 0 && d[i] === '9'; i--) d[i] = '0';
  if (i >= 0) d[i] = String.fromCharCode(d[i]!.charCodeAt(0) + 1);
  else {
    d[0] = '1';
    d.push('0');
  }
  return d.join('');
}

/** Subtracts one from a decimal string ("10" → "9"); "0" gives "". */
export function decDecimal(decimal: string): string {
  const d = decimal.split('');
  let i = d.length - 1;
  for (; i >= 0 && d[i] === '0'; i--) d[i] = '9';
  if (i < 0) return '';
  if (i === 0 && d[i] === '1' && d.length > 1) d.shift();
  else d[i] = String.fromCharCode(d[i]!.charCodeAt(0) - 1);
  return d.join('');
}

/**
 * The pseudo-version for revision rev committed at time t, given the major version of the
 * module path ("" means "v0") and the most recent tagged version before it ("" if none).
 * The base's build suffix (such as "+incompatible") is kept.
 */
export function pseudoVersion(major: string, older: string, t: Date, rev: string): string {
  if (major === '') major = 'v0';
  const segment = `${formatPseudoTimestamp(t)}-${rev}`;
  const build = semver.build(older);
  older = semver.canonical(older);
  if (older === '') return `${major}.0.0-${segment}`;
  if (semver.prerelease(older) !== '') return `${older}.0.${segment}${build}`;
  const i = older.lastIndexOf('.') + 1;
  return `${older.slice(0, i)}${incDecimal(older.slice(i))}-0.${segment}${build}`;
}

/** The pseudo-version with zero time and revision for a major version, e.g. v0.0.0-00010101000000-000000000000. */
export function zeroPseudoVersion(major: string): string {
  return pseudoVersion(major, '', ZERO_TIME, '000000000000');
}

/** Reports whether v has the syntax of a pseudo-version. */
export function isPseudoVersion(v: string): boolean {
  return (v.split('-').length - 1) >= 2 && semver.isValid(v) && PSEUDO_RE.test(v);
}

/** Reports whether v is the zero pseudo-version for its major version. */
export function isZeroPseudoVersion(v: string): boolean {
  return v === zeroPseudoVersion(semver.major(v));
}

interface PseudoParts {
  base: string;
  timestamp: string;
  rev: string;
  build: string;
}

function syntaxError(v: string): InvalidVersionError {
  return new InvalidVersionError(v, new Error('syntax error'), true);
}

function parsePseudoVersion(v: string): PseudoParts {
  if (!isPseudoVersion(v)) throw syntaxError(v);
  const build = semver.build(v);
  v = v.slice(0, v.length - build.length);
  const j = v.lastIndexOf('-');
  const rev = v.slice(j + 1);
  v = v.slice(0, j);
  const i = v.lastIndexOf('-');
  const k = v.lastIndexOf('.');
  if (k > i) return { base: v.slice(0, k), timestamp: v.slice(k + 1), rev, build };
  return { base: v.slice(0, i), timestamp: v.slice(i + 1), rev, build };
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (y: number): boolean => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);

/** Parses yyyymmddhhmmss as a UTC time, or undefined if any field is out of range. */
export function parsePseudoTimestamp(ts: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(ts);
  if (!m) return undefined;
  const [year, month, day, hour, min, sec] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12) return undefined;
  const dim = month === 2 && isLeap(year) ? 29 : DAYS_IN_MONTH[month - 1]!;
  if (day < 1 || day > dim || hour > 23 || min > 59 || sec > 59) return undefined;
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, min, sec, 0);
  return d;
}

/** The commit time recorded in pseudo-version v; throws InvalidVersionError if v is not one. */
export function pseudoVersionTime(v: string): Date {
  const { timestamp } = parsePseudoVersion(v);
  const t = parsePseudoTimestamp(timestamp);
  if (!t) throw new InvalidVersionError(v, new Error(`malformed time "${timestamp}"`), true);
  return t;
}

/** The revision identifier recorded in pseudo-version v; throws InvalidVersionError if v is not one. */
export function pseudoVersionRev(v: string): string {
  return parsePseudoVersion(v).rev;
}

/**
 * The tagged version that pseudo-version v builds on ("" if none): v1.2.4-0.… → v1.2.3,
 * v1.2.3-pre.0.… → v1.2.3-pre, keeping the build suffix. Throws InvalidVersionError when v
 * is not a pseudo-version or implies an impossible base.
 */
export function pseudoVersionBase(v: string): string {
  const p = parsePseudoVersion(v);
  let base = p.base;
  const pre = semver.prerelease(base);
  if (pre === '') {
    if (p.build !== '') {
      throw new InvalidVersionError(v, new Error(`lacks base version, but has build metadata "${p.build}"`), true);
    }
    return '';
  }
  if (pre === '-0') {
    base = base.slice(0, base.length - pre.length);
    const i = base.lastIndexOf('.');
    const patch = decDecimal(base.slice(i + 1));
    if (patch === '') {
      throw new InvalidVersionError(v, new Error(`version before ${base} would have negative patch number`), true);
    }
    return base.slice(0, i + 1) + patch + p.build;
  }
  return base.slice(0, -'.0'.length) + p.build;
}
