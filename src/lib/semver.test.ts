// Tests for semver: x/mod's ordering table and results recorded from real Go (testdata/golden/xmod.json).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import * as semver from './semver.js';

// Versions in increasing order; entries with the same canonical form ("" for invalid) are equal.
const ordered: [string, string][] = [
  ['bad', ''],
  ['v1-alpha.beta.gamma', ''],
  ['v1-pre', ''],
  ['v1+meta', ''],
  ['v1-pre+meta', ''],
  ['v1.2-pre', ''],
  ['v1.2+meta', ''],
  ['v1.2-pre+meta', ''],
  ['v1.0.0-alpha', 'v1.0.0-alpha'],
  ['v1.0.0-alpha.1', 'v1.0.0-alpha.1'],
  ['v1.0.0-alpha.beta', 'v1.0.0-alpha.beta'],
  ['v1.0.0-beta', 'v1.0.0-beta'],
  ['v1.0.0-beta.2', 'v1.0.0-beta.2'],
  ['v1.0.0-beta.11', 'v1.0.0-beta.11'],
  ['v1.0.0-rc.1', 'v1.0.0-rc.1'],
  ['v1', 'v1.0.0'],
  ['v1.0', 'v1.0.0'],
  ['v1.0.0', 'v1.0.0'],
  ['v1.2', 'v1.2.0'],
  ['v1.2.0', 'v1.2.0'],
  ['v1.2.3-456', 'v1.2.3-456'],
  ['v1.2.3-456.789', 'v1.2.3-456.789'],
  ['v1.2.3-456-789', 'v1.2.3-456-789'],
  ['v1.2.3-456a', 'v1.2.3-456a'],
  ['v1.2.3-pre', 'v1.2.3-pre'],
  ['v1.2.3-pre+meta', 'v1.2.3-pre'],
  ['v1.2.3-pre.1', 'v1.2.3-pre.1'],
  ['v1.2.3-zzz', 'v1.2.3-zzz'],
  ['v1.2.3', 'v1.2.3'],
  ['v1.2.3+meta', 'v1.2.3'],
  ['v1.2.3+meta-pre', 'v1.2.3'],
  ['v1.2.3+meta-pre.sha.256a', 'v1.2.3'],
];

test('isValid and canonical', () => {
  for (const [v, want] of ordered) {
    assert.equal(semver.canonical(v), want, v);
    assert.equal(semver.isValid(v), want !== '', v);
  }
});

test('compare follows the table order', () => {
  for (let i = 0; i < ordered.length; i++) {
    for (let j = 0; j < ordered.length; j++) {
      const [vi, ci] = ordered[i]!;
      const [vj, cj] = ordered[j]!;
      const want = ci === cj ? 0 : i < j ? -1 : 1;
      assert.equal(semver.compare(vi, vj), want, `compare(${vi}, ${vj})`);
    }
  }
});

test('max returns canonical forms', () => {
  for (const [vi, ci] of ordered) {
    for (const [vj, cj] of ordered) {
      const want = semver.compare(vi, vj) > 0 ? ci : cj;
      assert.equal(semver.max(vi, vj), want, `max(${vi}, ${vj})`);
    }
  }
});

test('major, majorMinor, prerelease, build', () => {
  const cases: [string, string, string, string, string][] = [
    // v, major, majorMinor, prerelease, build
    ['v1', 'v1', 'v1.0', '', ''],
    ['v1.2', 'v1', 'v1.2', '', ''],
    ['v1.2.3-pre.1+meta.2', 'v1', 'v1.2', '-pre.1', '+meta.2'],
    ['v10.20.30', 'v10', 'v10.20', '', ''],
    ['v2.0.0+incompatible', 'v2', 'v2.0', '', '+incompatible'],
    ['bad', '', '', '', ''],
    ['v1.2-pre', '', '', '', ''],
  ];
  for (const [v, maj, mm, pre, b] of cases) {
    assert.equal(semver.major(v), maj, v);
    assert.equal(semver.majorMinor(v), mm, v);
    assert.equal(semver.prerelease(v), pre, v);
    assert.equal(semver.build(v), b, v);
  }
});

test('sort: invalid first, then by version, ties by string', () => {
  const list = ['v1.2.3', 'v1.0', 'bad', 'v1.0.0', 'v1', 'v1.2.3-pre', 'v1.2.3+b', 'another'];
  assert.deepEqual(semver.sort(list), ['another', 'bad', 'v1', 'v1.0', 'v1.0.0', 'v1.2.3-pre', 'v1.2.3', 'v1.2.3+b']);
});

// ---- against real Go ----

type Row = unknown[];
const golden = JSON.parse(
  readFileSync(new URL('../../../src/lib/testdata/golden/xmod.json', import.meta.url), 'utf8'),
) as Record<string, Row[]>;

test('golden: per-version functions match Go', () => {
  for (const row of golden.semver!) {
    const [v, valid, canon, maj, mm, pre, b] = row as [string, boolean, string, string, string, string, string];
    assert.deepEqual(
      [semver.isValid(v), semver.canonical(v), semver.major(v), semver.majorMinor(v), semver.prerelease(v), semver.build(v)],
      [valid, canon, maj, mm, pre, b],
      v,
    );
  }
});

test('golden: compare and max match Go', () => {
  for (const row of golden.semverCompare!) {
    const [a, b, cmp, mx] = row as [string, string, number, string];
    assert.equal(semver.compare(a, b), cmp, `compare(${a}, ${b})`);
    assert.equal(semver.max(a, b), mx, `max(${a}, ${b})`);
  }
});

test('golden: sort matches Go', () => {
  const [input, want] = golden.semverSort! as [string[], string[]];
  assert.deepEqual(semver.sort([...input]), want);
});
