import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fakePackage } from '../load/fakepackage.test-util.js';
import type { Package } from '../load/types.js';
import { renameTestVariants } from './list.js';
import { packageListOf, testPackagesFor, type TestLoad, type TestPackage } from './testpkgs.js';

const pkg = fakePackage;

function load(testImports: Package[], mainDeps: Package[]): TestLoad {
  return { testImports, xTestImports: [], mainDeps, defaultGODEBUG: '', testImportPos: {}, xTestImportPos: {}, testEmbedMap: {}, xTestEmbedMap: {} };
}

const src = 'package main\nimport "testing"\nfunc TestA(*testing.T) {}\n';

test('testPackagesFor: a main package with its own PGO profile passes it to its test variants and test-only deps', () => {
  const testdep2 = pkg('test/testdep2');
  const testdep = pkg('test/testdep', { imports: ['test/testdep2'], internal: { imports: [testdep2] } });
  const testing = pkg('testing', { standard: true, goroot: true });
  const profiled = pkg('test/dep', { internal: { imports: [], pgoProfile: '/a/default.pgo', forMain: 'test/a' } });
  const a = pkg('test/a', { name: 'main', testGoFiles: ['a_test.go'], testImports: ['test/testdep'], imports: ['test/dep'],
    internal: { imports: [profiled], pgoProfile: '/a/default.pgo' } });
  const tp = testPackagesFor(a, load([testdep], [testing]), () => src);
  assert.equal(tp.ptest.internal.pgoProfile, '/a/default.pgo');
  assert.equal(tp.pmain.internal.pgoProfile, '/a/default.pgo');
  // Every package of the test binary compiles with the profile; those without one are test copies.
  for (const q of packageListOf([tp.pmain])) assert.equal(q.internal.pgoProfile, '/a/default.pgo', q.importPath);
  const copied = packageListOf([tp.pmain]).filter((q) => (q as TestPackage).forTest === 'test/a').map((q) => q.importPath);
  assert.deepEqual(copied.sort(), ['test/a', 'test/testdep', 'test/testdep2', 'testing']);
  assert.equal(testdep.internal.pgoProfile, undefined);
  assert.ok(packageListOf([tp.pmain]).includes(profiled)); // already has the profile: not copied again

  // go list names them: test copies as "p [a.test]", the PGO copy as "p [main]", in imports and import maps.
  const all = packageListOf([tp.pmain]);
  renameTestVariants(all);
  assert.equal(profiled.importPath, 'test/dep [test/a]');
  assert.deepEqual(tp.ptest.imports, ['test/testdep [test/a.test]', 'test/dep [test/a]']);
  assert.deepEqual(tp.ptest.importMap, { 'test/testdep': 'test/testdep [test/a.test]', 'test/dep': 'test/dep [test/a]' });
});

test('testPackagesFor: without a profile of its own nothing is copied for PGO', () => {
  const testdep = pkg('test/testdep');
  const n = pkg('test/nopgo', { name: 'main', testGoFiles: ['n_test.go'], testImports: ['test/testdep'] });
  const tp = testPackagesFor(n, load([testdep], []), () => src);
  assert.equal(tp.ptest.internal.pgoProfile, undefined);
  assert.ok(packageListOf([tp.pmain]).includes(testdep));
});

test('testPackagesFor: the test main of a library makes its own build info (no -pgo); a main package passes its own on', () => {
  const lib = pkg('test/lib', { testGoFiles: ['l_test.go'], internal: { imports: [], pgoProfile: '/x/prof.pgo' } });
  const libSrc = 'package lib\nimport "testing"\nfunc TestL(*testing.T) {}\n';
  assert.equal(testPackagesFor(lib, load([], []), () => libSrc).pmain.internal.freshBuildInfo, true);
  const main = pkg('test/m', { name: 'main', testGoFiles: ['m_test.go'], internal: { imports: [], pgoProfile: '/x/prof.pgo' } });
  const tp = testPackagesFor(main, load([], []), () => src);
  assert.equal(tp.pmain.internal.freshBuildInfo, undefined);
  assert.equal(tp.pmain.internal.pgoProfile, '/x/prof.pgo');
  // A //go:debug line in a test file changes the test's DefaultGODEBUG: then the main makes its own too.
  const l = { ...load([], []), defaultGODEBUG: 'panicnil=1' };
  assert.equal(testPackagesFor(main, l, () => src).pmain.internal.freshBuildInfo, true);
});

test('renameTestVariants leaves implicit (linker) dependencies out of the import map', () => {
  const rt = pkg('runtime', { internal: { imports: [], forMain: 'm/a' } });
  const b = pkg('m/b', { internal: { imports: [], forMain: 'm/a' } });
  const a = pkg('m/a', { name: 'main', imports: ['m/b'], internal: { imports: [b, rt] } });
  renameTestVariants([rt, b, a]);
  assert.deepEqual(a.imports, ['m/b [m/a]']);
  assert.deepEqual(a.importMap, { 'm/b': 'm/b [m/a]' });
});
