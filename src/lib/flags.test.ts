// Tests for Go flag-package semantics; expected messages are real go's (go build / go env).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FlagSet, FlagParseError, parseGoInt, parseGoDuration, formatGoDuration, parseGoBool } from './flags.js';

function mk(): { fs: FlagSet; v: Record<string, { value: unknown }> } {
  const fs = new FlagSet('test');
  const v = {
    x: fs.bool('x'),
    json: fs.bool('json'),
    p: fs.int('p', 4),
    o: fs.string('o'),
    timeout: fs.duration('timeout', 10 * 60e9),
    exec: fs.stringList('exec'),
  };
  return { fs, v };
}

test('parse: accepted forms', () => {
  const cases: { args: string[]; want: Record<string, unknown>; rest: string[] }[] = [
    { args: ['-x', 'a'], want: { x: true }, rest: ['a'] },
    { args: ['--x', '-p', '3', 'a', '-o', 'b'], want: { x: true, p: 3 }, rest: ['a', '-o', 'b'] },
    { args: ['-p=0x10'], want: { p: 16 }, rest: [] },
    { args: ['-p=1_000'], want: { p: 1000 }, rest: [] },
    { args: ['-p', '010'], want: { p: 8 }, rest: [] },
    { args: ['-x=false', '-json=T'], want: { x: false, json: true }, rest: [] },
    { args: ['-o=', 'pkg'], want: { o: '' }, rest: ['pkg'] },
    { args: ['-o', '-x'], want: { o: '-x', x: false }, rest: [] },
    { args: ['--', '-x'], want: { x: false }, rest: ['-x'] },
    { args: ['-', '-x'], want: { x: false }, rest: ['-', '-x'] },
    { args: ['-timeout=1h30m'], want: { timeout: 5400e9 }, rest: [] },
    { args: ['-exec', "a 'b c' \"d\""], want: { exec: ['a', 'b c', 'd'] }, rest: [] },
    { args: ['-o=a=b'], want: { o: 'a=b' }, rest: [] },
  ];
  for (const c of cases) {
    const { fs, v } = mk();
    fs.parse(c.args);
    for (const [k, want] of Object.entries(c.want)) assert.deepEqual(v[k]!.value, want, `${c.args.join(' ')}: ${k}`);
    assert.deepEqual(fs.args(), c.rest, c.args.join(' '));
  }
});

test('parse: errors carry go\'s messages', () => {
  const cases: [string[], string][] = [
    [['-nosuch'], 'flag provided but not defined: -nosuch'],
    [['-p', 'x'], 'invalid value "x" for flag -p: parse error'],
    [['-p', '99999999999999999999'], 'invalid value "99999999999999999999" for flag -p: value out of range'],
    [['-p=_1'], 'invalid value "_1" for flag -p: parse error'],
    [['-json=maybe'], 'invalid boolean value "maybe" for -json: parse error'],
    [['-p'], 'flag needs an argument: -p'],
    [['---x'], 'bad flag syntax: ---x'],
    [['-=x'], 'bad flag syntax: -=x'],
    [['-timeout=5'], 'invalid value "5" for flag -timeout: parse error'],
    [['-exec', '"a'], 'invalid value "\\"a" for flag -exec: unterminated " string'],
    [['-o', 'a\tb', '-q\u0001'], 'flag provided but not defined: -q\u0001'],
  ];
  for (const [args, msg] of cases) {
    const { fs } = mk();
    assert.throws(() => fs.parse(args), (e: unknown) => e instanceof FlagParseError && e.message === msg && !e.isHelp, args.join(' '));
  }
});

test('parse: -h and -help ask for usage', () => {
  for (const a of ['-h', '-help', '--help', '--h']) {
    const { fs } = mk();
    assert.throws(() => fs.parse([a]), (e: unknown) => e instanceof FlagParseError && e.isHelp);
  }
});

test('isSet, set and func flags', () => {
  const fs = new FlagSet();
  const seen: string[] = [];
  fs.func('C', '', (s) => {
    throw new Error(`-C flag must be first flag on command line (${s})`);
  });
  fs.func('f', '', (s) => seen.push(s));
  fs.boolFunc('b', '', (s) => seen.push('b=' + s));
  const x = fs.bool('x');
  fs.parse(['-f', '1', '-b', '-f=2', 'rest']);
  assert.deepEqual(seen, ['1', 'b=true', '2']);
  assert.equal(fs.isSet('f'), true);
  assert.equal(fs.isSet('x'), false);
  fs.set('x', 'true');
  assert.equal(x.value, true);
  assert.deepEqual(fs.setNames(), ['b', 'f', 'x']);
  assert.throws(() => fs.set('nosuch', '1'), /no such flag -nosuch/);
  assert.throws(() => new FlagSet().parse(['-C']), /flag provided but not defined: -C/);
  const fs2 = new FlagSet();
  fs2.func('C', '', () => {
    throw new Error('-C flag must be first flag on command line');
  });
  assert.throws(() => fs2.parse(['-C', '/tmp']), { message: 'invalid value "/tmp" for flag -C: -C flag must be first flag on command line' });
});

test('strconv-style parsers', () => {
  assert.equal(parseGoInt('-0b101'), -5);
  assert.equal(parseGoInt('0o17'), 15);
  assert.equal(parseGoInt('9223372036854775807'), 9223372036854775807);
  assert.throws(() => parseGoInt('9223372036854775808'), /value out of range/);
  assert.throws(() => parseGoInt('1__0'), /parse error/);
  assert.throws(() => parseGoInt(''), /parse error/);
  assert.throws(() => parseGoInt('08'), /parse error/);
  assert.equal(parseGoBool('True'), true);
  assert.throws(() => parseGoBool('yes'), /parse error/);
  assert.equal(parseGoDuration('1.5s'), 1.5e9);
  assert.equal(parseGoDuration('-2m3s'), -123e9);
  assert.equal(parseGoDuration('300ms'), 300e6);
  assert.equal(parseGoDuration('0'), 0);
  assert.throws(() => parseGoDuration('1'), /missing unit/);
  assert.throws(() => parseGoDuration('1d'), /unknown unit "d"/);
  assert.equal(formatGoDuration(600e9), '10m0s');
  assert.equal(formatGoDuration(1.5e9), '1.5s');
  assert.equal(formatGoDuration(3600e9 + 1e9), '1h0m1s');
  assert.equal(formatGoDuration(2e6), '2ms');
  assert.equal(formatGoDuration(0), '0s');
});
