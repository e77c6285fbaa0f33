import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fakePackage } from '../load/fakepackage.test-util.js';
import { newPackageError } from '../load/errors.js';
import type { Package } from '../load/types.js';
import { collectDeps, collectDepsErrors } from './listdeps.js';

/** Packages named by path, each importing the ones listed (all created first, so imports can point anywhere). */
function graph(edges: Record<string, string[]>): Map<string, Package> {
  const pkgs = new Map<string, Package>();
  for (const path of Object.keys(edges)) pkgs.set(path, fakePackage(path));
  for (const [path, imports] of Object.entries(edges)) pkgs.get(path)!.internal.imports = imports.map((i) => pkgs.get(i)!);
  return pkgs;
}

test('collectDeps: transitive imports, sorted by import path, each once', () => {
  const g = graph({ z: [], 'b/y': ['z'], a: ['z'], m: ['b/y', 'a', 'z'], top: ['m'] });
  const order = ['z', 'b/y', 'a', 'm', 'top'].map((p) => g.get(p)!);
  assert.deepEqual(collectDeps(order), [[], ['z'], ['z'], ['a', 'b/y', 'z'], ['a', 'b/y', 'm', 'z']]);
});

test('collectDeps: more paths than one bitset word holds', () => {
  const edges: Record<string, string[]> = {};
  const leaves = Array.from({ length: 70 }, (_, i) => `leaf${String(i).padStart(2, '0')}`);
  for (const l of leaves) edges[l] = [];
  edges['mid'] = leaves.slice(0, 40);
  edges['root'] = ['mid', ...leaves.slice(35)];
  const g = graph(edges);
  const order = [...leaves, 'mid', 'root'].map((p) => g.get(p)!);
  const deps = collectDeps(order);
  assert.deepEqual(deps.at(-2), leaves.slice(0, 40));
  assert.deepEqual(deps.at(-1), [...leaves, 'mid']);
});

test('collectDeps: in an import cycle a package joins only sets already complete, as go', () => {
  // a imports b, b imports a; listed a then b: a sees only b's path, b sees a and what a had.
  const g = graph({ a: ['b'], b: ['a'] });
  assert.deepEqual(collectDeps([g.get('a')!, g.get('b')!]), [['b'], ['a', 'b']]);
});

test('collectDepsErrors: errors of direct and indirect imports, no duplicates', () => {
  const g = graph({ bad: [], mid: ['bad'], top: ['mid', 'bad'] });
  const e = newPackageError([{ pkg: 'top' }, { pkg: 'mid' }, { pkg: 'bad' }], 'oops');
  g.get('bad')!.error = e;
  const errs = collectDepsErrors(['bad', 'mid', 'top'].map((p) => g.get(p)!));
  assert.deepEqual(errs.get(g.get('top')!), [e]);
  assert.deepEqual(errs.get(g.get('mid')!), [e]);
  assert.deepEqual(errs.get(g.get('bad')!), []);
});
