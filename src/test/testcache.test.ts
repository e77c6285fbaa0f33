import { test } from 'node:test';
import assert from 'node:assert/strict';
import { actionIDOfBuildID, cacheArgs, cachedResult, coverMetaID, coverProfileAndInputKey, goTimeString, testID } from './testcache.js';

test('cacheArgs keeps cacheable flags, skips -test.outputdir, refuses the rest', () => {
  assert.deepEqual(cacheArgs(['-test.timeout=10m0s', '-test.v=true', '-test.outputdir=/x', '-test.run=A']), { args: ['-test.timeout=10m0s', '-test.v=true', '-test.run=A'] });
  assert.deepEqual(cacheArgs(['-test.count=1']), { uncacheable: '-test.count=1' });
  assert.deepEqual(cacheArgs(['-custom']), { uncacheable: '-custom' });
  assert.deepEqual(cacheArgs(['-test.v']), { uncacheable: '-test.v' });
});

test('cachedResult replaces the time of the final ok line', () => {
  assert.equal(cachedResult('ok  \tm/p\t0.012s\n'), 'ok  \tm/p\t(cached)\n');
  assert.equal(cachedResult('=== RUN A\nok  \tm/p\t1.5s [no tests to run]\n'), '=== RUN A\nok  \tm/p\t(cached) [no tests to run]\n');
  assert.equal(cachedResult('FAIL\tm/p\t0.1s\n'), undefined);
  assert.equal(cachedResult('ok  \tm/p\t0.1s'), undefined);
});

test('goTimeString formats as time.Time.String in UTC', { skip: new Date().getTimezoneOffset() !== 0 }, () => {
  assert.equal(goTimeString(1700000000123456789n), '2023-11-14 22:13:20.123456789 +0000 UTC');
  assert.equal(goTimeString(1700000000000000000n), '2023-11-14 22:13:20 +0000 UTC');
  assert.equal(goTimeString(1700000000100000000n), '2023-11-14 22:13:20.1 +0000 UTC');
});

test('testID depends on the binary, the arguments and -exec', () => {
  const a = testID('abc', ['-test.v=true'], []);
  assert.notDeepEqual(a, testID('abd', ['-test.v=true'], []));
  assert.notDeepEqual(a, testID('abc', [], []));
  assert.notDeepEqual(a, testID('abc', ['-test.v=true'], ['x']));
  assert.deepEqual(a, testID('abc', ['-test.v=true'], []));
});

test('actionIDOfBuildID takes the part before the first slash', () => {
  assert.equal(actionIDOfBuildID('aaa/bbb'), 'aaa');
  assert.equal(actionIDOfBuildID('aaa/bbb/ccc'), 'aaa');
  assert.equal(actionIDOfBuildID('solo'), 'solo');
  assert.equal(actionIDOfBuildID(''), '');
});

test('coverMetaID follows the covered build IDs and skips packages without one', () => {
  const a = coverMetaID(['x1/c1', 'y1/c2']);
  assert.deepEqual(coverMetaID(['x1/c9', 'y1/c8', '']), a, 'only action IDs count');
  assert.notDeepEqual(coverMetaID(['x2/c1', 'y1/c2']), a);
  // The profile key moves with it, so a changed covered package misses the stored profile.
  const id = Buffer.alloc(32, 1), inputs = Buffer.alloc(32, 2);
  assert.notDeepEqual(coverProfileAndInputKey(id, inputs, a), coverProfileAndInputKey(id, inputs, coverMetaID(['x2/c1', 'y1/c2'])));
  assert.notDeepEqual(coverProfileAndInputKey(id, inputs, a), coverProfileAndInputKey(id, inputs));
});
