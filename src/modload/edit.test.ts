// Tests for the pure parts of go get's requirement editing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ModuleError } from '../lib/module.js';
import { conflictError, conflictString, conflictSummary, unprunedRootPaths, type Conflict } from './edit.js';

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

const m = (path: string, version: string) => ({ path, version });

test('conflictString shows the whole requirement path and unwraps the last module error', () => {
  const c: Conflict = {
    path: [m('example.net/a', 'v0.1.0'), m('example.net/b', 'v0.2.0'), m('example.net/invalid', 'v0.1.0')],
    err: new ModuleError('example.net/invalid', 'v0.1.0', new Error('reading x.mod: 404 Not Found')),
  };
  assert.equal(conflictString(c), 'example.net/a@v0.1.0 requires\n\texample.net/b@v0.2.0 requires\n\texample.net/invalid@v0.1.0: reading x.mod: 404 Not Found');
  assert.equal(conflictSummary(c), 'example.net/a@v0.1.0 indirectly requires example.net/invalid@v0.1.0: reading x.mod: 404 Not Found');
  assert.equal(conflictError(c)?.message, 'reading x.mod: 404 Not Found');
});

test('conflictString with a constraint and a lone module', () => {
  assert.equal(conflictString({ path: [m('a.b/c', 'v1.2.0'), m('a.b/d', 'v1.1.0')], constraint: m('a.b/d', 'v1.0.0') }), 'a.b/c@v1.2.0 requires\n\ta.b/d@v1.1.0, but v1.0.0 is requested');
  assert.equal(conflictString({ path: [m('a.b/c', 'v1.2.0')], constraint: m('a.b/c', 'v1.0.0') }), 'a.b/c@v1.2.0 found, but v1.0.0 is requested');
  // An error naming another module keeps its prefix.
  const other = new ModuleError('x.y/z', 'v1.0.0', new Error('bad'));
  assert.equal(conflictError({ path: [m('a.b/c', 'v1.2.0')], err: other }), other);
});
