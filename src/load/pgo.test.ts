import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fakePackage } from './fakepackage.test-util.js';
import { packageDesc, splitForPGO } from './pgo.js';
import type { Package } from './types.js';

const pkg = fakePackage;

test('splitForPGO: a diamond under two profiled mains is copied once per main, the unprofiled main keeps the originals', () => {
  const dep3 = pkg('test/dep3');
  const dep = pkg('test/dep', { imports: ['test/dep3'], internal: { imports: [dep3] } });
  const dep2 = pkg('test/dep2', { imports: ['test/dep3'], internal: { imports: [dep3] } });
  const main = (path: string): Package => pkg(path, { name: 'main', imports: ['test/dep', 'test/dep2'], internal: { imports: [dep, dep2] } });
  const a = main('test/a'), b = main('test/b'), nopgo = main('test/nopgo');
  const profiles = new Set(['/src/test/a/default.pgo', '/src/test/b/default.pgo']);
  splitForPGO([a, b, nopgo], 'auto', (f) => profiles.has(f));

  assert.equal(a.internal.pgoProfile, '/src/test/a/default.pgo');
  assert.equal(a.internal.forMain, undefined); // the main package itself is not a copy
  const [adep, adep2] = a.internal.imports as [Package, Package];
  assert.notEqual(adep, dep);
  assert.equal(adep.internal.forMain, 'test/a');
  assert.equal(adep.internal.pgoProfile, '/src/test/a/default.pgo');
  // The shared dependency is copied once per main: both of a's copies import the same copy of dep3.
  assert.equal(adep.internal.imports[0], adep2.internal.imports[0]);
  assert.notEqual(adep.internal.imports[0], dep3);
  assert.notEqual(b.internal.imports[0], adep);
  assert.equal(b.internal.imports[0]!.internal.forMain, 'test/b');
  // Copies own their import lists: the originals are untouched.
  assert.deepEqual(nopgo.internal.imports, [dep, dep2]);
  assert.equal(dep.internal.imports[0], dep3);
  assert.equal(dep.internal.pgoProfile, undefined);
  assert.notEqual(adep.imports, dep.imports);
});

test('splitForPGO: one package or an explicit profile attaches in place (no copies); -pgo=off attaches nothing', () => {
  for (const [pgo, n, want] of [['auto', 1, '/src/test/m0/default.pgo'], ['off', 2, undefined], ['prof.pgo', 2, '/x/prof.pgo']] as const) {
    const dep = pkg('test/dep');
    const roots = Array.from({ length: n }, (_, i) => pkg('test/m' + i, { name: 'main', internal: { imports: [dep] } }));
    splitForPGO(roots, pgo, () => true, '/x');
    for (const r of roots) {
      assert.equal(r.internal.imports[0], dep);
      assert.equal(r.internal.pgoProfile, want);
    }
    assert.equal(dep.internal.pgoProfile, want);
  }
});

test('splitForPGO: -pgo=auto with one package that is not main, or a main without default.pgo, attaches nothing', () => {
  const dep = pkg('test/dep');
  const lib = pkg('test/lib', { internal: { imports: [dep] } });
  splitForPGO([lib], 'auto', () => true);
  const main = pkg('test/m', { name: 'main', internal: { imports: [dep] } });
  splitForPGO([main], 'auto', () => false);
  assert.equal(lib.internal.pgoProfile, undefined);
  assert.equal(main.internal.pgoProfile, undefined);
  assert.equal(dep.internal.pgoProfile, undefined);
});

test('packageDesc names test variants and PGO copies as go does', () => {
  assert.equal(packageDesc(pkg('test/dep')), 'test/dep');
  assert.equal(packageDesc(pkg('test/dep', { internal: { imports: [], forMain: 'test/a' } })), 'test/dep [test/a]');
  const both = { ...pkg('test/dep', { internal: { imports: [], forMain: 'test/a' } }), forTest: 'test/a' };
  assert.equal(packageDesc(both), 'test/dep [test/a.test]');
});
