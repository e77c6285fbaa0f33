// Tests for the test proxy's version decisions (list, @latest, commit lookup).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allHex, latestVersion, listVersions, resolveCommit } from './versions.js';

const mods = [
  { path: 'rsc.io/quote', version: 'v0.0.0-20180214005133-e7a685a342c0' },
  { path: 'rsc.io/quote', version: 'v1.0.0' },
  { path: 'rsc.io/quote', version: 'v1.5.2' },
  { path: 'rsc.io/quote', version: 'v1.5.3-pre1' },
  { path: 'rsc.io/quote', version: 'v2.0.0' },
  { path: 'rsc.io/breaker', version: 'v2.0.0+incompatible' },
  { path: 'example.com/notags', version: 'v0.0.0-20190507143103-cc8cbe209b64' },
  { path: 'example.com/pre', version: 'v1.0.0-b' },
  { path: 'example.com/pre', version: 'v1.0.0-a' },
];

test('list: tagged versions valid for the path, in fixture order; undefined for unknown modules', () => {
  assert.deepEqual(listVersions(mods, 'rsc.io/quote'), ['v1.0.0', 'v1.5.2', 'v1.5.3-pre1']);
  assert.deepEqual(listVersions(mods, 'rsc.io/breaker'), ['v2.0.0+incompatible']);
  assert.deepEqual(listVersions(mods, 'example.com/notags'), []);
  assert.equal(listVersions(mods, 'example.com/none'), undefined);
});

test('latest reproduces the reference selection', () => {
  // releases: the lowest release is kept (the reference proxy's comparison keeps the minimum)
  assert.equal(latestVersion(mods, 'rsc.io/quote'), 'v1.0.0');
  assert.equal(latestVersion(mods, 'example.com/notags'), 'v0.0.0-20190507143103-cc8cbe209b64');
  // v1.0.0-b is a prerelease; v1.0.0-a replaces it (lower)
  assert.equal(latestVersion(mods, 'example.com/pre'), 'v1.0.0-a');
  // a prerelease that does not replace the current pick falls through to the release class
  assert.equal(latestVersion([{ path: 'p', version: 'v1.0.0-a' }, { path: 'p', version: 'v1.0.0-b' }], 'p'), 'v1.0.0-b');
  assert.equal(latestVersion(mods, 'example.com/none'), undefined);
});

test('commit hashes resolve to the highest matching version', () => {
  const short = (m: { version: string }): string => (m.version === 'v1.5.2' ? 'c4d4236f9242' : m.version === 'v1.0.0' ? '' : 'ffffffffffff');
  assert.equal(resolveCommit(mods, 'rsc.io/quote', 'e7a685a342c0', short), 'v1.0.0'); // v1.0.0 has no Short, so it matches anything
  const noEmpty = (m: { version: string }): string => (m.version === 'v1.5.2' ? 'c4d4236f9242' : 'ffffffffffff');
  assert.equal(resolveCommit(mods, 'rsc.io/quote', 'e7a685a342c0', noEmpty), 'v0.0.0-20180214005133-e7a685a342c0');
  assert.equal(resolveCommit(mods, 'rsc.io/quote', 'c4d4236f', noEmpty), 'v1.5.2');
  assert.equal(resolveCommit(mods, 'rsc.io/quote', 'abcdef', noEmpty), 'abcdef');
  assert.ok(allHex('0123abcdef') && allHex('') && !allHex('ABC') && !allHex('v1'));
});
