// Version decisions of the test proxy (list, latest, commit-hash lookup), as cmd/go's proxy_test.go makes them.

import { check } from '../../src/lib/module.js';
import { isPseudoVersion } from '../../src/lib/pseudo.js';
import * as semver from '../../src/lib/semver.js';
import type { ModVersion } from './fixtures.js';

/**
 * The versions served by /@v/list for path, in fixture order: tagged (non-pseudo) versions that
 * are valid for the path. undefined when the proxy has no version of path at all (404).
 */
export function listVersions(mods: readonly ModVersion[], path: string): string[] | undefined {
  const mine = mods.filter((m) => m.path === path);
  if (mine.length === 0) return undefined;
  return mine.filter((m) => !isPseudoVersion(m.version) && check(m.path, m.version) === undefined).map((m) => m.version);
}

/**
 * The version /@latest answers for path: a release if any, else a prerelease, else a pseudo-version.
 * This reproduces the reference proxy's exact selection, whose comparisons keep the *lowest*
 * version seen in each class and let a version that does not replace the current pick fall
 * through to the next class; cmd/go's tests run against that behaviour.
 */
export function latestVersion(mods: readonly ModVersion[], path: string): string | undefined {
  let release = '';
  let prerelease = '';
  let pseudo = '';
  for (const m of mods) {
    if (m.path !== path) continue;
    const v = m.version;
    if (isPseudoVersion(v) && (pseudo === '' || semver.compare(pseudo, v) > 0)) pseudo = v;
    else if (semver.prerelease(v) !== '' && (prerelease === '' || semver.compare(prerelease, v) > 0)) prerelease = v;
    else if (release === '' || semver.compare(release, v) > 0) release = v;
  }
  return release || prerelease || pseudo || undefined;
}

/** go's codehost.AllHex: only lower-case hex digits (vacuously true for ""). */
export function allHex(s: string): boolean {
  return /^[0-9a-f]*$/.test(s);
}

/**
 * Maps a commit-hash "version" to the highest known version of path whose commit matches it
 * (pseudo-versions by their revision suffix, others by the .info file's "Short" field);
 * returns vers unchanged when nothing matches.
 */
export function resolveCommit(
  mods: readonly ModVersion[],
  path: string,
  vers: string,
  shortOf: (m: ModVersion) => string,
): string {
  let best = '';
  for (const m of mods) {
    if (m.path !== path || semver.compare(best, m.version) >= 0) continue;
    const hash = isPseudoVersion(m.version) ? m.version.slice(m.version.lastIndexOf('-') + 1) : shortOf(m);
    if (hash.startsWith(vers) || vers.startsWith(hash)) best = m.version;
  }
  return best || vers;
}
