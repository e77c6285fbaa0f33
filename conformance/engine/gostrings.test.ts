// Tests for the Go-syntax helpers used by replace, sleep and chmod.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDuration, parseUintBase0, replaceAllPairs, unquoteGo } from './gostrings.js';

test('unquoteGo', () => {
  assert.equal(unquoteGo('a\\nb\\t\\"c\\\\'), 'a\nb\t"c\\');
  assert.equal(unquoteGo('\\x41\\u00e9\\101'), 'Aé' + 'A');
  assert.throws(() => unquoteGo('a"b'), /invalid syntax/);
  assert.throws(() => unquoteGo('\\q'), /invalid syntax/);
  assert.throws(() => unquoteGo('x\\'), /invalid syntax/);
});

test('replaceAllPairs follows strings.NewReplacer', () => {
  assert.equal(replaceAllPairs('aaa', ['a', 'b']), 'bbb');
  assert.equal(replaceAllPairs('abc', ['ab', '1', 'a', '2', 'bc', '3']), '1c');
  assert.equal(replaceAllPairs('go 1.20\n', ['go 1.20', 'go 1.21']), 'go 1.21\n');
  assert.equal(replaceAllPairs('ab', ['', 'x']), 'xaxbx');
});

test('parseDuration', () => {
  assert.equal(parseDuration('1s'), 1000);
  assert.equal(parseDuration('100ms'), 100);
  assert.equal(parseDuration('1.5m'), 90000);
  assert.equal(parseDuration('1h2m3s'), 3723000);
  assert.equal(parseDuration('0'), 0);
  assert.throws(() => parseDuration('10'), /missing unit/);
  assert.throws(() => parseDuration('x'), /invalid duration/);
});

test('parseUintBase0', () => {
  assert.equal(parseUintBase0('0777'), 0o777);
  assert.equal(parseUintBase0('0o644'), 0o644);
  assert.equal(parseUintBase0('0x1ff'), 0x1ff);
  assert.equal(parseUintBase0('420'), 420);
  assert.equal(parseUintBase0('0'), 0);
  assert.equal(parseUintBase0('089'), null);
  assert.equal(parseUintBase0('-1'), null);
});
