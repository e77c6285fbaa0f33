// cmd/internal/quoted split/join, env file parsing and -w/-u rewriting, %q quoting.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitQuoted, joinQuoted } from './quoted.js';
import { parseEnvFile, updateEnvLines, splitEnvLines } from '../cfg/envfile.js';
import { goQuote } from './goquote.js';

test('splitQuoted', () => {
  const cases: [string, string[] | string][] = [
    ['', []],
    ['  a  b\tc\n', ['a', 'b', 'c']],
    [`'a b' "c d" e'f`, ['a b', 'c d', "e'f"]],
    [`"a'b"`, ["a'b"]],
    [`'unterminated`, "unterminated ' string"],
    [`x "y`, 'unterminated " string'],
    [`a"b c"`, ['a"b', 'c"']],
  ];
  for (const [s, want] of cases) {
    if (typeof want === 'string') assert.throws(() => splitQuoted(s), { message: want });
    else assert.deepEqual(splitQuoted(s), want, s);
  }
});

test('joinQuoted round-trips', () => {
  for (const args of [['a', 'b c'], ["it's", 'x'], ['say "hi"'], ['é ü']]) {
    assert.deepEqual(splitQuoted(joinQuoted(args)), args);
  }
  // As in go, an empty argument is not quoted and so does not survive.
  assert.equal(joinQuoted(['', 'x']), ' x');
  assert.equal(joinQuoted(['-I', '/a b', "c'd"]), `-I '/a b' "c'd"`);
  assert.throws(() => joinQuoted([`a'b"c`]), /contains both single and double quotes/);
});

test('env file parsing', () => {
  const m = parseEnvFile('# c\nA=1\nlower=x\nB=x=y\n=z\nA=2\nnoeq\n');
  assert.deepEqual([...m], [['A', '2'], ['B', 'x=y']]);
});

test('env file rewriting keeps comments, collapses duplicates, sorts runs', () => {
  const lines = splitEnvLines('C=1\nA=1\n# comment\nZ=1\nB=1\nZ=2');
  const out = updateEnvLines(lines, new Map([['A', '9'], ['D', '4']]), new Set(['B']));
  assert.equal(out.join(''), 'A=9\nC=1\n# comment\nD=4\nZ=2\n');
});

test('goQuote is strconv.Quote', () => {
  assert.equal(goQuote('a"b\\c'), '"a\\"b\\\\c"');
  assert.equal(goQuote('\x00\x07\t\n\x7f'), '"\\x00\\a\\t\\n\\x7f"');
  assert.equal(goQuote('é世'), '"é世"');
  assert.equal(goQuote('\u200b'), '"\\u200b"');
});
