import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PkgGraph, PkgNode } from './pkggraph.js';
import { mergeRoots, packageOrder, rootsAtSelection, stackText } from './tidy.js';

const node = (path: string, imports: PkgNode[] = []): PkgNode => ({ path, dir: '', std: false, imports });

test('stackText: imports and "tested by" steps as go prints them', () => {
  const root = node('example.com/m');
  const t: PkgNode = { ...node('example.com/m'), testOf: root, stack: root };
  root.test = t;
  const dep = node('example.net/x');
  dep.stack = t;
  const leaf = node('example.net/y');
  leaf.stack = dep;
  assert.equal(stackText(leaf), 'example.com/m tested by\n\texample.com/m.test imports\n\texample.net/x imports\n\texample.net/y');
  assert.equal(stackText(root), 'example.com/m');
});

test('packageOrder: breadth first from the roots, a package before its test, each once', () => {
  const c = node('c');
  const b = node('b', [c]);
  const a = node('a', [b, c]);
  const at: PkgNode = { ...node('a'), testOf: a, imports: [node('t')] };
  a.test = at;
  const g: PkgGraph = { roots: [a, b], pkgs: new Map(), inAll: new Set() };
  assert.deepEqual(packageOrder(g).map((p) => (p.testOf ? p.path + '.test' : p.path)), ['a', 'b', 'c', 'a.test', 't']);
});

test('mergeRoots: one root per path, the higher version winning, sorted', () => {
  const merged = mergeRoots(
    [{ path: 'example.net/x', version: 'v0.1.0' }, { path: 'go', version: '1.17' }],
    [{ path: 'example.net/y', version: 'v0.2.0' }, { path: 'example.net/x', version: 'v0.2.0-pre' }],
  );
  assert.deepEqual(merged, [
    { path: 'example.net/x', version: 'v0.2.0-pre' },
    { path: 'example.net/y', version: 'v0.2.0' },
    { path: 'go', version: '1.17' },
  ]);
  assert.deepEqual(mergeRoots([{ path: 'a', version: 'v1.2.0' }], [{ path: 'a', version: 'v1.1.0' }]), [{ path: 'a', version: 'v1.2.0' }]);
});

test('rootsAtSelection: roots raised to the graph selection (an added root upgrades another), toolchain untouched', () => {
  // mod_tidy_convergence: adding y v0.2.0 selects x v0.2.0-pre, and x's root follows it.
  const sel = new Map([['example.net/x', 'v0.2.0-pre'], ['example.net/y', 'v0.2.0'], ['go', '1.17'], ['toolchain', 'go1.30']]);
  const roots = [
    { path: 'example.net/x', version: 'v0.1.0' },
    { path: 'example.net/y', version: 'v0.2.0' },
    { path: 'go', version: '1.17' },
    { path: 'toolchain', version: 'go1.21.0' },
  ];
  assert.deepEqual(rootsAtSelection(roots, (p) => sel.get(p) ?? 'none'), [
    { path: 'example.net/x', version: 'v0.2.0-pre' },
    { path: 'example.net/y', version: 'v0.2.0' },
    { path: 'go', version: '1.17' },
    { path: 'toolchain', version: 'go1.21.0' },
  ]);
});
