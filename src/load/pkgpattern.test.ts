// Tests for import path pattern matching (cmd/go's pkgpattern semantics).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchPattern, treeCanMatchPattern, findInternal, findVendor, isStandardImportPath, cleanPatterns } from './pkgpattern.js';

test('matchPattern', () => {
  const cases: [string, string, boolean][] = [
    ['...', 'foo', true],
    ['net', 'net', true],
    ['net', 'net/http', false],
    ['net/...', 'net', true],
    ['net/...', 'net/http', true],
    ['net/...', 'netchan', false],
    ['net...', 'netchan', true],
    ['net/.../x', 'net/a/b/x', true],
    ['./...', './vendor', true],
    ['./...', './vendor/x', false],
    ['./vendor/...', './vendor/x', true],
    ['x/vendor/...', 'x/vendor/y', true],
    ['...', 'x/vendor/y', false],
    ['x/...', 'x/vendor', true],
    ['a.b/...', 'a.b/c', true],
    ['a.b/...', 'aXb/c', false],
  ];
  for (const [pat, name, want] of cases) assert.equal(matchPattern(pat)(name), want, `${pat} ${name}`);
  assert.equal(matchPattern('...', false)('x/vendor/y'), true);
});

test('treeCanMatchPattern', () => {
  const cases: [string, string, boolean][] = [
    ['net/...', 'net', true],
    ['net/...', 'net/http', true],
    ['net/...', 'crypto', false],
    ['net/http', 'net', true],
    ['net/http', 'net/http/pprof', false],
    ['...', 'anything', true],
  ];
  for (const [pat, name, want] of cases) assert.equal(treeCanMatchPattern(pat)(name), want, `${pat} ${name}`);
});

test('findInternal / findVendor / isStandardImportPath', () => {
  assert.equal(findInternal('internal/cpu'), 0);
  assert.equal(findInternal('a/internal'), 2);
  assert.equal(findInternal('a/internal/b/internal/c'), 13);
  assert.equal(findInternal('a/internalx'), -1);
  assert.equal(findVendor('vendor/x'), 0);
  assert.equal(findVendor('a/vendor/x'), 2);
  assert.equal(findVendor('a/vendor'), -1);
  assert.equal(isStandardImportPath('net/http'), true);
  assert.equal(isStandardImportPath('example.com/x'), false);
});

test('cleanPatterns as go\'s search.CleanPatterns', () => {
  const cases: [string, string][] = [
    ['m/x/y/z/', 'm/x/y/z'], ['./x/', './x'], ['./', '.'], ['.', '.'], ['./a/../b', './b'], ['../x/./y', '../x/y'],
    ['x/...', 'x/...'], ['/abs//dir/', '/abs/dir'], ['rsc.io/q/@v1.0.0', 'rsc.io/q@v1.0.0'], ['a//b', 'a/b'],
    ['rsc.io\\fortune@v1.0.0', 'rsc.io/fortune@v1.0.0'], ['.\\x\\', './x'], ['/abs\\x', '/abs\\x'],
  ];
  for (const [in_, want] of cases) assert.deepEqual(cleanPatterns([in_]), [want], in_);
  assert.deepEqual(cleanPatterns([]), ['.']);
});
