import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ExitError } from './command.js';
import { parseDropReplaceFlag, parsePathVersionOptional, parseReplaceFlag, splitPathVersion } from './editflags.js';

const exitMessage = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof ExitError);
    return e.message;
  }
  assert.fail('no error');
};

test('splitPathVersion: first @, refused version starts', () => {
  assert.deepEqual(splitPathVersion('a/b@v1.0.0'), { path: 'a/b', version: 'v1.0.0', found: true });
  assert.deepEqual(splitPathVersion('a/b'), { path: 'a/b', version: '', found: false });
  assert.equal(splitPathVersion('a@-x').err, 'invalid module version "-x"');
});

test('a directory with @version: go.mod takes it whole as a path, go.work splits the version off', () => {
  assert.deepEqual(parsePathVersionOptional('mod', 'new', './dir@v1.0.0', true), { path: './dir@v1.0.0', version: '' });
  assert.deepEqual(parsePathVersionOptional('work', 'new', './dir@v1.0.0', true), { path: './dir', version: 'v1.0.0' });
  assert.deepEqual(parsePathVersionOptional('mod', 'new', './dir', true), { path: './dir', version: '' });
});

test('-replace: go\'s messages for a missing =, the => separator and an unversioned module path', () => {
  assert.equal(exitMessage(() => parseReplaceFlag('mod', 'a.com/x')), 'go: -replace=a.com/x: need old[@v]=new[@w] (missing =)');
  assert.equal(exitMessage(() => parseReplaceFlag('work', 'a.com/x=>b.com/y')), 'go: -replace=a.com/x=>b.com/y: separator between old and new is =, not =>');
  assert.equal(exitMessage(() => parseReplaceFlag('mod', 'a.com/x=b.com/y')), 'go: -replace=a.com/x=b.com/y: unversioned new path must be local directory');
  assert.deepEqual(parseReplaceFlag('mod', 'a.com/x@v1.0.0=../y'), {
    old: { path: 'a.com/x', version: 'v1.0.0' }, new: { path: '../y', version: '' },
  });
  assert.deepEqual(parseDropReplaceFlag('work', 'a.com/x@v1.2.0'), { path: 'a.com/x', version: 'v1.2.0' });
});
