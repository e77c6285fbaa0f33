import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, utimesSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Package } from '../load/types.js';
import { fakePackage } from '../load/fakepackage.test-util.js';
import { parseGccToolID, statString } from './ccompiler.js';
import { plannedCompiles, usesCgo } from './cgo.js';

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
