import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { actionIDOfBuildID, cacheArgs, cachedResult, computeTestInputsID, coverMetaID, coverProfileAndInputKey, goTimeString, testID, TESTLOG_MAGIC, uncacheableArgs } from './testcache.js';

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

test('computeTestInputsID keeps the lines it hashes when asked, with the same result', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gocmd-testinputs-'));
  try {
    writeFileSync(join(dir, 'in.txt'), 'x');
    const old = new Date(Date.now() - 60_000);
    utimesSync(join(dir, 'in.txt'), old, old);
    const log = `${TESTLOG_MAGIC}getenv HOME\nopen in.txt\nstat /outside/root\n`;
    const env = { HOME: '/home/x' };
    const lines: string[] = [];
    const id = computeTestInputsID(dir, dir, log, env, Date.now(), lines);
    assert.deepEqual(id, computeTestInputsID(dir, dir, log, env));
    assert.deepEqual(lines.map((l) => l.split(' ').slice(0, 2).join(' ')), ['env GODEBUG', 'env HOME', `open ${join(dir, 'in.txt')}`]);
    // Another value of a variable read gives another line.
    const lines2: string[] = [];
    computeTestInputsID(dir, dir, log, { HOME: '/home/y' }, Date.now(), lines2);
    assert.notEqual(lines2[1], lines[1]);
    assert.equal(lines2[2], lines[2]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('uncacheableArgs lists every argument that rules caching out', () => {
  assert.deepEqual(uncacheableArgs(['-test.run=X', '-test.count=1', '-test.outputdir=/d', '-test.cpuprofile=c', 'positional']),
    ['-test.count=1', '-test.cpuprofile=c', 'positional']);
});
