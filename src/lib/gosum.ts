// go.sum files: parse "path version[/go.mod] hash" lines, look up and check sums, merge, format.
//
// Semantics follow cmd/go/internal/modfetch: blank lines are skipped, lines without exactly three
// fields are an error (go mod tidy skips them instead), the hash of an empty go.mod that old go
// versions wrote by mistake is dropped, and files are written sorted by module path and version
// (semver order, "/go.mod" after the zip hash), each hash list sorted and de-duplicated.

import { compareVersions, type Version } from './module.js';

/** The hash of a one-file tree holding an empty go.mod, which old go versions wrongly recorded. */
export const emptyGoModHash = 'h1:G7mAYYxgmS0lVkHyy2hEOLQCFB0DlQFTMLWggykrydY=';

/** Sums keyed by "path version" (version may end in "/go.mod"); hashes in file order. */
export type GoSum = Map<string, string[]>;

/** A go.sum line with the wrong number of fields, reported as go prints it. */
export class GoSumError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly fields: number,
  ) {
    super(`malformed go.sum:\n${file}:${line}: wrong number of fields ${fields}\n`);
    this.name = 'GoSumError';
  }
}

const key = (path: string, version: string): string => `${path} ${version}`;

/** Splits a "path version" key back into a module version. */
export function keyVersion(k: string): Version {
  const i = k.indexOf(' ');
  return { path: k.slice(0, i), version: k.slice(i + 1) };
}

/** strings.Fields: splits on runs of Unicode white space. */
function fields(line: string): string[] {
  return line.split(/[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/).filter((f) => f !== '');
}

export interface ParseGoSumOptions {
  /** Skip malformed lines instead of throwing (what `go mod tidy` does). */
  skipMalformed?: boolean;
  /** Add to this map instead of a new one. */
  into?: GoSum;
}

/** Parses go.sum text; throws GoSumError on a line without exactly three fields. */
export function parseGoSum(file: string, data: string, opts: ParseGoSumOptions = {}): GoSum {
  const dst: GoSum = opts.into ?? new Map();
  if (data === '') return dst;
  const lines = data.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  lines.forEach((line, i) => {
    const f = fields(line);
    if (f.length === 0) return;
    if (f.length !== 3) {
      if (opts.skipMalformed) return;
      throw new GoSumError(file, i + 1, f.length);
    }
    if (f[2] === emptyGoModHash) return;
    addSum(dst, { path: f[0]!, version: f[1]! }, f[2]!);
  });
  return dst;
}

/** Records hash h for mod (version may end in "/go.mod"), unless already listed. */
export function addSum(sums: GoSum, mod: Version, h: string): void {
  const k = key(mod.path, mod.version);
  const list = sums.get(k);
  if (!list) sums.set(k, [h]);
  else if (!list.includes(h)) list.push(h);
}

/** All hashes recorded for mod, in file order. */
export function lookupSums(sums: GoSum, mod: Version): string[] {
  return sums.get(key(mod.path, mod.version)) ?? [];
}

/** The h1: hash recorded for mod; undefined if none, or if two different h1: hashes are listed. */
export function recordedSum(sums: GoSum, mod: Version): string | undefined {
  let found: string | undefined;
  for (const h of lookupSums(sums, mod)) {
    if (!h.startsWith('h1:')) continue;
    if (found !== undefined && found !== h) return undefined;
    found = h;
  }
  return found;
}

/** Whether an h1: hash is recorded for mod. */
export function haveSum(sums: GoSum, mod: Version): boolean {
  return lookupSums(sums, mod).some((h) => h.startsWith('h1:'));
}

const goSumMismatch = `

SECURITY ERROR
This download does NOT match an earlier download recorded in go.sum.
The bits may have been replaced on the origin server, or an attacker may
have intercepted the download attempt.

For more information, see 'go help module-auth'.
`;

/** A downloaded hash that differs from the h1: hash recorded in go.sum (go's exact text). */
export class ChecksumMismatchError extends Error {
  constructor(
    readonly mod: Version,
    readonly downloaded: string,
    readonly recorded: string,
    readonly sumFile = 'go.sum',
  ) {
    super(
      `verifying ${mod.path}@${mod.version}: checksum mismatch\n\tdownloaded: ${downloaded}\n\t${sumFile}:     ${recorded}` +
        goSumMismatch,
    );
    this.name = 'ChecksumMismatchError';
  }
}

/**
 * Checks a downloaded hash against go.sum: true if listed, false if mod has no entry with that
 * hash (and no conflicting h1: hash); throws ChecksumMismatchError on a conflicting h1: hash.
 */
export function checkSum(sums: GoSum, mod: Version, h: string, sumFile = 'go.sum'): boolean {
  for (const vh of lookupSums(sums, mod)) {
    if (vh === h) return true;
    if (vh.startsWith('h1:')) throw new ChecksumMismatchError(mod, h, vh, sumFile);
  }
  return false;
}

/** The warning go prints when go.sum lists only hashes of an unknown algorithm for mod. */
export function unknownHashesWarning(mod: Version, known: string[], h: string): string {
  return (
    `warning: verifying ${mod.path}@${mod.version}: unknown hashes in go.sum: ${known.join(', ')}; adding ${h}` +
    `

SECURITY WARNING
This download is listed in go.sum, but using an unknown hash algorithm.
The download cannot be verified.

For more information, see 'go help module-auth'.

`
  );
}

/** A new map with every hash of a and then b. */
export function mergeGoSum(a: GoSum, b: GoSum): GoSum {
  const out: GoSum = new Map();
  for (const src of [a, b]) for (const [k, hs] of src) for (const h of hs) addSum(out, keyVersion(k), h);
  return out;
}

/**
 * Formats sums as go writes go.sum. `keep`, when given, filters which module versions are
 * written (as `go mod tidy` trims go.sum).
 */
export function formatGoSum(sums: GoSum, keep?: (mod: Version) => boolean): string {
  const mods = [...sums.keys()].map(keyVersion);
  mods.sort(compareVersions);
  let out = '';
  for (const m of mods) {
    if (keep && !keep(m)) continue;
    const list = [...new Set(sums.get(key(m.path, m.version)))].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
    for (const h of list) out += `${m.path} ${m.version} ${h}\n`;
  }
  return out;
}
