import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PkgGraph, PkgNode } from './pkggraph.js';
import { packageOrder, stackText } from './tidy.js';

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
