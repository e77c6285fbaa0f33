import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseModFile } from '../lib/modfile/index.js';
import { clearFixAnswers, fixOneVersion, mainModFixer, recordFixAnswer, type FixAnswer, type FixState } from './fixversion.js';

const none = (): FixAnswer | undefined => undefined;
const fresh = (): FixState => ({ fixed: false, pending: [] });

test('canonical versions are kept without a query', () => {
  const st = fresh();
  assert.equal(fixOneVersion('example.com/m', 'v1.2.3', none, st), 'v1.2.3');
  assert.deepEqual(st, { fixed: false, pending: [] });
});

test('non-canonical versions wait for a query, once each', () => {
  const st = fresh();
  for (const v of ['v1', 'v1.2', 'master', 'v1']) assert.equal(fixOneVersion('example.com/m', v, none, st), v);
  assert.deepEqual(st.pending, [
    { path: 'example.com/m', version: 'v1' },
    { path: 'example.com/m', version: 'v1.2' },
    { path: 'example.com/m', version: 'master' },
  ]);
  assert.equal(st.fixed, false);
});

test('answered queries replace the version and mark the file fixed', () => {
  const st = fresh();
  const v = fixOneVersion('example.com/m', '23179ee', () => ({ version: 'v1.5.1' }), st);
  assert.equal(v, 'v1.5.1');
  assert.equal(st.fixed, true);
  assert.throws(() => fixOneVersion('example.com/m', 'nope', () => ({ err: new Error('unknown revision nope') }), fresh()), /unknown revision nope/);
});

test('a version of the wrong major version is go\'s error, with no query', () => {
  // The go.mod error shows the ModuleError's inner error.
  assert.throws(() => fixOneVersion('example.com/m/v2', 'v3.0.1', none, fresh()), (e: Error & { err?: Error }) => /^version "v3.0.1" invalid: should be v2, not v3$/.test(e.err?.message ?? ''));
});

test('the -gopkgin- prefix is dropped from gopkg.in versions', () => {
  const st = fresh();
  assert.equal(fixOneVersion('gopkg.in/yaml.v2', 'v2.0.0-gopkgin-v2.2.1', none, st), 'v2.2.1');
  // As in go, whose check compares with the version after the prefix is dropped.
  assert.equal(st.fixed, false);
});

test('the main go.mod fixer answers from the recorded queries and writes them into the file', () => {
  clearFixAnswers();
  recordFixAnswer('example.com/a', 'v1', { version: 'v1.4.0' });
  const st = fresh();
  const f = parseModFile('go.mod', 'module m\n\nrequire (\n\texample.com/a v1\n\texample.com/b v0.1.0\n)\n', { fix: mainModFixer(st) });
  assert.equal(st.fixed, true);
  assert.deepEqual(f.require.map((r) => r.version), ['v1.4.0', 'v0.1.0']);
  assert.match(f.format(), /example\.com\/a v1\.4\.0/);
  clearFixAnswers();
});

test('retract latest waits for a query of the module itself', () => {
  clearFixAnswers();
  const st = fresh();
  parseModFile('go.mod', 'module example.com/q/v2\n\nretract latest\n', { fix: mainModFixer(st) });
  assert.deepEqual(st.pending, [{ path: 'example.com/q/v2', version: 'latest' }]);
});
