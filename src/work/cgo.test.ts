import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, utimesSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Package } from '../load/types.js';
import { fakePackage } from '../load/fakepackage.test-util.js';
import { parseGccToolID, statString } from './ccompiler.js';
import { plannedCompiles, runLimited, usesCgo } from './cgo.js';

function pkg(over: Partial<Package>): Package {
  return fakePackage('example.com/p', { dir: '/src/p', goFiles: [], ...over });
}

test('plannedCompiles: go\'s order and _xNNN.o names (generated C, assembly, C and ObjC, C++, Fortran)', () => {
  const p = pkg({ cgoFiles: ['a.go', 'b.go'], sFiles: ['x.S'], cFiles: ['c.c'], mFiles: ['m.m'], cxxFiles: ['d.cc'], fFiles: ['f.f90'] });
  const got = plannedCompiles(p, '/w/b001/').map((c) => `${c.file} ${c.target} ${c.lang}`);
  assert.deepEqual(got, [
    '/w/b001/_cgo_export.c /w/b001/_x001.o c',
    '/w/b001/a.cgo2.c /w/b001/_x002.o c',
    '/w/b001/b.cgo2.c /w/b001/_x003.o c',
    'x.S /w/b001/_x004.o asm',
    'c.c /w/b001/_x005.o c',
    'm.m /w/b001/_x006.o c',
    'd.cc /w/b001/_x007.o cxx',
    'f.f90 /w/b001/_x008.o f',
  ]);
});

test('plannedCompiles: runtime/cgo gives gcc only its gcc_ assembly', () => {
  const p = pkg({ importPath: 'runtime/cgo', standard: true, goroot: true, cgoFiles: ['cgo.go'], sFiles: ['asm_amd64.s', 'gcc_amd64.S'] });
  assert.deepEqual(plannedCompiles(p, '$WORK/b001/').map((c) => c.file), ['$WORK/b001/_cgo_export.c', '$WORK/b001/cgo.cgo2.c', 'gcc_amd64.S']);
});

test('usesCgo: cgo or SWIG files', () => {
  assert.equal(usesCgo(pkg({})), false);
  assert.equal(usesCgo(pkg({ cgoFiles: ['a.go'] })), true);
  assert.equal(usesCgo(pkg({ swigFiles: ['a.swig'] })), true);
  assert.equal(usesCgo(pkg({ cFiles: ['a.c'] })), false);
});

test('parseGccToolID: the version line of a release compiler; errors as go words them', () => {
  const gcc = 'Using built-in specs.\nCOLLECT_GCC=gcc\nTarget: x86_64-linux-gnu\nConfigured with: ../src/configure -v --with-pkgversion=\'Debian 12.2.0\' version 9\nThread model: posix\ngcc version 12.2.0 (Debian 12.2.0-14+deb12u1) \n';
  assert.deepEqual(parseGccToolID('gcc', gcc), { id: 'gcc version 12.2.0 (Debian 12.2.0-14+deb12u1) ', exe: '' });
  const clang = 'Debian clang version 14.0.6\nTarget: x86_64-pc-linux-gnu\n';
  assert.deepEqual(parseGccToolID('clang', clang), { id: 'Debian clang version 14.0.6', exe: '' });
  // "version" not followed by a number, or only after a "Field:" word, does not count.
  const r = parseGccToolID('cc', 'Configured with: version 1\nsome version x\n');
  assert.ok('error' in r && r.error.startsWith('cc: can not find version number in '));
});

test('statString: go\'s "stat size mode mtime isdir" line', () => {
  const d = mkdtempSync(join(tmpdir(), 'statstr-'));
  try {
    const f = join(d, 'cc');
    writeFileSync(f, 'abc');
    chmodSync(f, 0o755);
    utimesSync(f, new Date('2024-03-05T06:07:08.5Z'), new Date('2024-03-05T06:07:08.5Z'));
    assert.equal(statString(f), 'stat 3 1ed 2024-03-05 06:07:08.5 +0000 UTC false\n');
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
});

test('runLimited: runners beyond the first borrow a slot per item and give it back; a failure wins after the rest', async () => {
  const order: number[] = [];
  let running = 0, peak = 0, lent = 0, given = 0;
  const acquire = async (): Promise<() => void> => {
    lent++;
    await Promise.resolve();
    return () => { given++; };
  };
  await runLimited([1, 2, 3, 4, 5], 2, async (i) => {
    running++;
    peak = Math.max(peak, running);
    await new Promise((r) => setImmediate(r));
    order.push(i);
    running--;
  }, acquire);
  assert.deepEqual([...order].sort(), [1, 2, 3, 4, 5]);
  assert.equal(peak, 2);
  assert.ok(lent >= 1 && lent <= 5, `lent ${lent}`);
  assert.equal(given, lent, 'every borrowed slot is given back');

  // Without acquire: the same limit, no borrowing.
  lent = 0; given = 0;
  await runLimited([1, 2, 3], 2, async () => {}, undefined);
  assert.equal(lent, 0);

  // The first failure is thrown once the others are done; no item starts after it.
  const started: number[] = [];
  await assert.rejects(runLimited([1, 2, 3, 4], 2, async (i) => {
    started.push(i);
    await new Promise((r) => setImmediate(r));
    if (i === 1) throw new Error('cc failed');
  }, acquire), /cc failed/);
  assert.ok(!started.includes(4), `started ${started.join(',')}`);
  assert.equal(given, lent);
});

test('runLimited: two callers that each wait for a slot the other holds still finish', { timeout: 10_000 }, async () => {
  // A pool of two slots, both held by the callers: a slot is only freed when a caller returns.
  let free = 0;
  const waiting: Array<() => void> = [];
  const acquire = (): Promise<() => void> => new Promise((resolve) => {
    const grant = (): void => { free--; resolve(() => { free++; waiting.shift()?.(); }); };
    if (free > 0) grant(); else waiting.push(grant);
  });
  const work = (): Promise<void> => runLimited([1, 2, 3], 2, () => new Promise((r) => setImmediate(r)), acquire);
  await Promise.all([work(), work()]);
  // Each caller gives its own slot back when done: a late grant is handed straight back too.
  free += 2;
  while (waiting.length > 0 && free > 0) waiting.shift()!();
  await new Promise((r) => setImmediate(r));
  assert.equal(free, 2);
  assert.equal(waiting.length, 0);
});
