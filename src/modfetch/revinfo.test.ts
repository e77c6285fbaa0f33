// Tests for origin merging and the origins carried beside errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorOrigin, mergeOrigin, setErrorOrigin } from './revinfo.js';

test('mergeOrigin combines agreeing origins in go field order', () => {
  const tags = { VCS: 'git', URL: 'u', TagPrefix: 'sub/', TagSum: 't1:x' };
  const latest = { VCS: 'git', URL: 'u', Hash: 'h', Ref: 'HEAD' };
  const m = mergeOrigin(tags, latest);
  assert.deepEqual(m, { VCS: 'git', URL: 'u', Hash: 'h', TagPrefix: 'sub/', TagSum: 't1:x', Ref: 'HEAD' });
  assert.deepEqual(Object.keys(m!), ['VCS', 'URL', 'Hash', 'TagPrefix', 'TagSum', 'Ref']);
  // Missing on either side (a proxy has none) or disagreeing: no origin.
  assert.equal(mergeOrigin(undefined, latest), undefined);
  assert.equal(mergeOrigin(tags, undefined), undefined);
  assert.equal(mergeOrigin(latest, { ...latest, Hash: 'other' }), undefined);
  assert.equal(mergeOrigin(latest, { ...latest, Subdir: 'sub' }), undefined);
  assert.equal(mergeOrigin(latest, { ...latest, Ref: 'refs/heads/main' }), undefined);
  assert.equal(mergeOrigin(tags, { ...tags, TagPrefix: '' }), undefined);
});

test('an origin set on an error is found through the errors that wrap it', () => {
  const inner = setErrorOrigin(new Error('unknown revision x'), { RepoSum: 'r1:x' });
  const outer = Object.assign(new Error('wrapped'), { err: new Error('mid', { cause: inner }) });
  assert.deepEqual(errorOrigin(outer), { RepoSum: 'r1:x' });
  assert.equal(errorOrigin(new Error('plain')), undefined);
});
