// Tests for version-query matching: picks and errors as go's modload.Query makes them (cases from go's query_test.go and scripts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { filterVersions, isRevisionQuery, matchesVersion, newQueryMatcher, NoMatchingVersionError, NoPatchBaseError, REV_QUERY, shortMessage } from './querymatch.js';

const quote = ['v1.0.0', 'v1.1.0', 'v1.2.0', 'v1.2.1', 'v1.3.0', 'v1.4.0', 'v1.5.0', 'v1.5.1', 'v1.5.2', 'v1.5.3-pre1'];

/** The version a query picks from a list (no allowed checks, every version has a go.mod). */
async function pick(path: string, query: string, current: string, list: string[]): Promise<string | undefined> {
  const qm = newQueryMatcher(path, query, current);
  assert.notEqual(qm, REV_QUERY);
  if (qm === REV_QUERY) return undefined;
  const { releases, prereleases } = await filterVersions(qm, list, async () => true, async () => true);
  const p = qm.preferLower ? (l: string[]): string | undefined => l[0] : (l: string[]): string | undefined => l[l.length - 1];
  return p(releases) ?? p(prereleases);
}

test('queries pick as go does (mod_query.txt)', async () => {
  const cases: [string, string, string | undefined][] = [
    ['latest', '', 'v1.5.2'],
    ['v1', '', 'v1.5.2'],
    ['v1.5', '', 'v1.5.2'],
    ['>v1.5.2', '', 'v1.5.3-pre1'],
    ['<v1.5.4', '', 'v1.5.2'],
    ['>v1.5.3', '', undefined],
    ['>=v1.2.0', '', 'v1.2.0'],
    ['<=v1.2.1', '', 'v1.2.1'],
    ['upgrade', 'v1.2.0', 'v1.5.2'],
    ['patch', 'v1.2.0', 'v1.2.1'],
    ['v1.4.0', '', 'v1.4.0'],
  ];
  for (const [q, cur, want] of cases) assert.equal(await pick('rsc.io/quote', q, cur, quote), want, q);
});

test('matcher errors and revision queries', () => {
  assert.throws(() => newQueryMatcher('m.org/x', 'patch', ''), NoPatchBaseError);
  assert.throws(() => newQueryMatcher('m.org/x', 'patch', 'none'), { message: `can't query version "patch" of module m.org/x: no existing version is required` });
  assert.throws(() => newQueryMatcher('m.org/x', '<=v1.2', ''), { message: 'ambiguous semantic version "v1.2" in range "<=v1.2"' });
  assert.throws(() => newQueryMatcher('m.org/x', '>bad', ''), { message: 'invalid semantic version "bad" in range ">bad"' });
  assert.equal(newQueryMatcher('m.org/x', 'master', ''), REV_QUERY);
  assert.equal(new NoMatchingVersionError('upgrade', 'v1.0.0').message, 'no matching versions for query "upgrade" (current version is v1.0.0)');
  assert.equal(new NoMatchingVersionError('latest').message, 'no matching versions for query "latest"');
  assert.equal(isRevisionQuery('m.org/x', 'v1.2.3'), true);
  assert.equal(isRevisionQuery('m.org/x', 'v1.2'), false);
  assert.equal(isRevisionQuery('m.org/x', 'latest'), false);
  assert.equal(isRevisionQuery('m.org/x', 'master'), true);
});

test('+incompatible versions above a compatible version with a go.mod are ignored', async () => {
  const list = ['v1.0.0', 'v2.0.0+incompatible'];
  const qm = newQueryMatcher('m.org/x', 'latest', '');
  if (qm === REV_QUERY) throw new Error('unexpected');
  const withMod = await filterVersions(qm, list, async () => true, async () => true);
  assert.deepEqual(withMod.releases, ['v1.0.0']);
  const without = await filterVersions(qm, list, async () => true, async () => false);
  assert.deepEqual(without.releases, ['v1.0.0', 'v2.0.0+incompatible']);
  // A current +incompatible version keeps them.
  const qm2 = newQueryMatcher('m.org/x', 'upgrade', 'v2.0.0+incompatible');
  if (qm2 === REV_QUERY) throw new Error('unexpected');
  assert.equal(matchesVersion(qm2, 'v1.0.0'), false);
  assert.deepEqual((await filterVersions(qm2, list, async () => true, async () => true)).releases, ['v2.0.0+incompatible']);
});

test('disallowed versions are skipped', async () => {
  const qm = newQueryMatcher('rsc.io/quote', 'latest', '');
  if (qm === REV_QUERY) throw new Error('unexpected');
  const r = await filterVersions(qm, quote, async (v) => v !== 'v1.5.2', async () => true);
  assert.equal(r.releases[r.releases.length - 1], 'v1.5.1');
});

test('shortMessage as go', () => {
  assert.equal(shortMessage('  bad\nmore', 'x'), 'bad');
  assert.equal(shortMessage('', 'default'), 'default');
  assert.equal(shortMessage('a'.repeat(501), 'x'), '(message omitted: too long)');
  assert.equal(shortMessage('a\u0001b', 'x'), '(message omitted: contains non-printable characters)');
});
