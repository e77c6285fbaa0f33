import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goQuote, joinUnambiguously, replacePrefix } from './quote.js';

test('goQuote matches strconv.Quote', () => {
  const cases: [string, string][] = [
    ['abc', '"abc"'],
    ['a"b\\c', '"a\\"b\\\\c"'],
    ['tab\tnl\n', '"tab\\tnl\\n"'],
    ['\x07\x00', '"\\a\\x00"'],
    ['héllo', '"héllo"'],
    ['\u2028', '"\\u2028"'],
  ];
  for (const [in_, want] of cases) assert.equal(goQuote(in_), want);
});

test('goQuote of bytes escapes invalid UTF-8 as \\x (modinfo sentinel)', () => {
  const b = Buffer.from('3077af0c9274080241e1c107e6d618e6', 'hex');
  assert.equal(goQuote(b), '"0w\\xaf\\f\\x92t\\b\\x02A\\xe1\\xc1\\a\\xe6\\xd6\\x18\\xe6"');
});

test('joinUnambiguously quotes like go -x', () => {
  assert.equal(joinUnambiguously(['compile', '-trimpath', '$WORK/b001=>', '-p', 'main']), 'compile -trimpath "$WORK/b001=>" -p main');
  assert.equal(joinUnambiguously(['a b', '', 'x(y)']), '"a b" "" "x(y)"');
});

test('replacePrefix only at token starts', () => {
  assert.equal(replacePrefix('/a/b/x.go:1: err\n\t/a/b/y.go', '/a/b', '.'), './x.go:1: err\n\t./y.go');
  assert.equal(replacePrefix('x/a/b', '/a/b', '.'), 'x/a/b');
});
