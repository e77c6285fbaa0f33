import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importStackText, relevantPackages } from './pkgall.js';

const isMain = (p: string): boolean => p === 'm' || p.startsWith('m/');

test('relevantPackages follows main module tests but not tests of dependencies', () => {
  const got = relevantPackages(
    [
      { from: 'm', to: 'a', test: false },
      { from: 'a', to: 'b', test: true }, // a_test imports b: not in "all"
      { from: 'm/x', to: 'c', test: true }, // main module test: in "all"
      { from: 'c', to: 'd', test: false },
      { from: 'b', to: 'e', test: false },
    ],
    isMain,
    [],
  );
  assert.deepEqual([...got].sort(), ['a', 'c', 'd', 'm', 'm/x']);
});

test('relevantPackages keeps command-line roots even outside "all"', () => {
  const got = relevantPackages([{ from: 'b', to: 'c', test: true }], isMain, ['b']);
  assert.deepEqual([...got].sort(), ['b']);
});

test('importStackText: the first import chain from a command-line package, tests shown as go does', () => {
  const edges = [
    { from: 'm/use', to: 'm/mid', test: false },
    { from: 'm/mid', to: 'example.com/c', test: false },
    { from: 'm/testuse', to: 'example.com/d', test: true },
  ];
  assert.equal(importStackText(edges, ['m/use'], 'example.com/c'), 'm/use imports\n\tm/mid imports\n\texample.com/c');
  assert.equal(importStackText(edges, ['m/testuse'], 'example.com/d'), 'm/testuse tested by\n\tm/testuse.test imports\n\texample.com/d');
  assert.equal(importStackText(edges, ['m/use'], 'example.com/d'), 'example.com/d');
});
