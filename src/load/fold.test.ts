import { test } from 'node:test';
import assert from 'node:assert/strict';
import { foldDup, toFold } from './fold.js';

test('toFold / foldDup', () => {
  assert.equal(toFold('example/a/Pkg'), toFold('example/a/pkg'));
  assert.notEqual(toFold('example/a/pkg'), toFold('example/a/pkh'));
  // As list_case_collision: go reports "FILE.go" and "file.go".
  assert.deepEqual(foldDup(['file.go', 'FILE.go']), ['FILE.go', 'file.go']);
  assert.deepEqual(foldDup(['a.go', 'b.go']), undefined);
});
