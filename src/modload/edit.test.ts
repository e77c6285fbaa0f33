// Tests for the pure parts of go get's requirement editing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { unprunedRootPaths } from './edit.js';

test('unprunedRootPaths keeps roots still selected at their version (indirect ones too), then direct paths', () => {
  const roots = [
    { path: 'example.net/a', version: 'v0.1.0' },
    { path: 'example.net/b', version: 'v0.1.0' },
    { path: 'example.net/c', version: 'v0.1.0' },
  ];
  const selected: Record<string, string> = { 'example.net/a': 'v0.1.0', 'example.net/b': 'v0.1.0', 'example.net/c': 'v0.2.0', 'example.net/d': 'v0.1.0' };
  const keep = [
    { path: 'example.net/a', version: 'v0.1.0' },
    { path: 'example.net/b', version: 'v0.1.0' },
    { path: 'example.net/c', version: 'v0.2.0' },
    { path: 'example.net/d', version: 'v0.1.0' },
  ];
  const paths = unprunedRootPaths(roots, (p) => selected[p] ?? '', keep, new Set(['example.net/a', 'example.net/d']));
  assert.deepEqual(paths, ['example.net/a', 'example.net/b', 'example.net/d']);
});
