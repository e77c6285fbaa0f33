// Tests that script patterns get RE2 semantics (not JS RegExp) and Go's match counting.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileRegexp } from './regexp.js';

test('RE2 syntax', () => {
  assert.ok(compileRegexp('(?m)^ok\\s+\\S+$').test('x\nok  a/b\n'));
  assert.ok(compileRegexp('\\Qa.b\\E').test('a.b'));
  assert.ok(!compileRegexp('\\Qa.b\\E').test('axb'));
  assert.ok(compileRegexp('\\pL').test('é'));
  assert.ok(compileRegexp('(?s)a.b').test('a\nb'));
  assert.ok(!compileRegexp('a.b').test('a\nb'));
  assert.ok(compileRegexp('\\z').test(''));
  // Perl lookarounds and backreferences are not RE2.
  assert.throws(() => compileRegexp('(?=x)'), /error parsing regexp/);
  assert.throws(() => compileRegexp('(a)\\1'), /error parsing regexp/);
});

test('count matches like FindAllString', () => {
  const cases: [string, string, number][] = [
    ['(?m)^foo', 'foo\nfoo\nbar\nfoo', 3],
    ['a*', 'baaab', 3],
    ['', 'abc', 4],
    ['x', 'abc', 0],
    ['(?m)^$', 'a\n\nb\n', 2],
  ];
  for (const [p, t, n] of cases) assert.equal(compileRegexp(p).count(t), n, `${p} in ${JSON.stringify(t)}`);
});

test('find reports the leftmost match', () => {
  assert.deepEqual(compileRegexp('b+').find('abbbc'), [1, 4]);
  assert.equal(compileRegexp('z').find('abc'), null);
});
