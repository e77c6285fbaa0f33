import { test } from 'node:test';
import assert from 'node:assert/strict';
import { unifiedDiff } from './diff.js';

test('equal texts have no diff', () => {
  assert.equal(unifiedDiff('a', 'x\ny\n', 'b', 'x\ny\n'), '');
});

test('one changed line in the middle keeps 3 lines of context each side', () => {
  const old = 'a\nb\nc\nd\ne\nf\ng\n';
  const now = 'a\nb\nc\nD\ne\nf\ng\n';
  assert.equal(unifiedDiff('old', old, 'new', now), 'diff old new\n--- old\n+++ new\n@@ -1,7 +1,7 @@\n a\n b\n c\n-d\n+D\n e\n f\n g\n');
});

test('a last line without a newline is marked', () => {
  assert.equal(unifiedDiff('o', 'a\n', 'n', 'a\nb'), 'diff o n\n--- o\n+++ n\n@@ -1,1 +1,2 @@\n a\n+b\n\\ No newline at end of file\n');
});

test('distant changes make separate hunks', () => {
  const lines = Array.from({ length: 20 }, (_, i) => `l${i}\n`);
  const now = [...lines];
  now[1] = 'X\n';
  now[18] = 'Y\n';
  const d = unifiedDiff('o', lines.join(''), 'n', now.join(''));
  assert.equal(d.split('\n').filter((l) => l.startsWith('@@')).join('|'), '@@ -1,5 +1,5 @@|@@ -16,5 +16,5 @@');
});
