import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BuildFlags } from '../cfg/buildflags.js';
import type { Package } from '../load/types.js';
import { fakePackage } from '../load/fakepackage.test-util.js';
import { missingSharedLibraryPackages, sharedLibraryRelinks, sharedLoadSettings } from './sharedlibs.js';

function pkg(importPath: string, imports: Package[] = [], shlib = ''): Package {
  const paths = imports.map((p) => p.importPath);
  const p = fakePackage(importPath, { name: importPath.split('/').pop()!, imports: paths, deps: paths, internal: { imports } });
  if (shlib) p.shlib = shlib;
  return p;
}

const notes: Record<string, string[]> = {
  '/pd/libruntime.so': ['internal/abi', 'runtime', 'runtime/cgo'],
  '/pd/libdep.so': ['dep', 'dep/other', 'dep/sub'],
};
const read = (lib: string): string[] => {
  const list = notes[lib];
  if (!list) throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
  return list;
};

test('missingSharedLibraryPackages: the packages of the libraries in use that the load lacks, once each', () => {
  const abi = pkg('internal/abi', [], '/pd/libruntime.so');
  const rt = pkg('runtime', [abi], '/pd/libruntime.so');
  const sub = pkg('dep/sub', [rt], '/pd/libdep.so');
  const dep = pkg('dep', [sub, rt], '/pd/libdep.so');
  const prog = pkg('prog', [dep, rt]);
  // In the order the libraries come up among the packages (dependencies first): runtime/cgo is in
  // libruntime.so, dep/other in libdep.so, and neither is imported.
  assert.deepEqual(missingSharedLibraryPackages([prog], read), ['runtime/cgo', 'dep/other']);
  // A library that cannot be read adds nothing here (its relink reports it).
  const lost = pkg('lost', [], '/pd/liblost.so');
  assert.deepEqual(missingSharedLibraryPackages([lost], read), []);
  // No library in use: nothing to load.
  assert.deepEqual(missingSharedLibraryPackages([pkg('plain')], read), []);
});

test('sharedLibraryRelinks: library packages resolve among the loaded ones; an unreadable library is go\'s readELFNote error', () => {
  const rt = pkg('runtime', [], '/pd/libruntime.so');
  const cgo = pkg('runtime/cgo', [rt], '/pd/libruntime.so');
  const other = pkg('dep/other', [], '/pd/libdep.so');
  const dep = pkg('dep', [rt], '/pd/libdep.so');
  const libs = sharedLibraryRelinks({ race: false, msan: false, asan: false, cover: false } as BuildFlags, [pkg('prog', [dep, cgo]), other], read);
  assert.deepEqual(libs.packages('/pd/libdep.so').map((p) => p.importPath), ['dep', 'dep/other']);
  assert.deepEqual(libs.implicit.map((p) => p.importPath), ['runtime/cgo']);
  assert.deepEqual(libs.linkerDeps.map((p) => p.importPath), ['runtime', 'runtime/cgo']);
  assert.throws(() => libs.packages('/pd/liblost.so'), { message: 'readELFNote failed: open /pd/liblost.so: no such file or directory' });
});

test('sharedLoadSettings: the dynlink install suffix, -pkgdir and shlib lookup only for shared builds', () => {
  const bf = (o: Partial<BuildFlags>): BuildFlags => ({ buildmode: 'default', linkshared: false, installsuffix: '', pkgdir: '', ...o } as BuildFlags);
  assert.deepEqual(sharedLoadSettings(bf({ pkgdir: '/pd' }), 'linux', 'amd64', ''), {});
  assert.deepEqual(sharedLoadSettings(bf({ linkshared: true, pkgdir: '/pd' }), 'linux', 'amd64', ''), { installSuffix: 'dynlink', pkgdir: '/pd', linkshared: true });
  assert.deepEqual(sharedLoadSettings(bf({ buildmode: 'shared' }), 'linux', 'amd64', ''), { installSuffix: 'dynlink' });
});
