import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ModuleError } from '../lib/module.js';
import { conflictError, conflictString, conflictSummary, type Conflict } from './edit.js';

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
