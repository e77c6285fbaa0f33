// Tests for script line parsing and argument quoting.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLine, quoteArgs, joinRaw, ParseError } from './parse.js';

test('parseLine table', () => {
  const cases: { line: string; want: unknown }[] = [
    { line: '', want: null },
    { line: '   # just a comment', want: null },
    { line: 'go build', want: { want: 'success', conds: [], name: 'go', args: ['build'], bg: false } },
    { line: '! go build x # trailing', want: { want: 'failure', conds: [], name: 'go', args: ['build', 'x'], bg: false } },
    { line: '? exec foo', want: { want: 'either', conds: [], name: 'exec', args: ['foo'], bg: false } },
    {
      line: '[!short] [GOOS:linux] ! stdout x',
      want: { want: 'failure', conds: [{ want: false, tag: 'short' }, { want: true, tag: 'GOOS:linux' }], name: 'stdout', args: ['x'], bg: false },
    },
    { line: '[! cgo ] skip', want: { want: 'success', conds: [], name: '[!', args: ['cgo', ']', 'skip'], bg: false } },
    { line: "stdout 'a b''c'", want: { want: 'success', conds: [], name: 'stdout', args: ["a b'c"], bg: false } },
    { line: "echo x'y z'w", want: { want: 'success', conds: [], name: 'echo', args: ['xy zw'], bg: false } },
    { line: "echo ''", want: { want: 'success', conds: [], name: 'echo', args: [''], bg: false } },
    { line: 'exec sleep 1 &', want: { want: 'success', conds: [], name: 'exec', args: ['sleep', '1'], bg: true } },
    { line: "echo '&'", want: { want: 'success', conds: [], name: 'echo', args: ['&'], bg: false } },
    { line: "echo '#'#x", want: { want: 'success', conds: [], name: 'echo', args: ['#'], bg: false } },
    { line: 'echo a\tb', want: { want: 'success', conds: [], name: 'echo', args: ['a', 'b'], bg: false } },
  ];
  for (const c of cases) {
    const cmd = parseLine('f', 1, c.line);
    const got = cmd && { want: cmd.want, conds: cmd.conds, name: cmd.name, args: joinRaw(cmd.rawArgs), bg: cmd.background };
    assert.deepEqual(got, c.want, c.line);
  }
});

test('parseLine keeps quoting per fragment', () => {
  const cmd = parseLine('f', 1, "stdout $X'$Y'")!;
  assert.deepEqual(cmd.rawArgs, [[{ s: '$X', quoted: false }, { s: '$Y', quoted: true }, { s: '', quoted: false }]]);
});

test('parseLine errors', () => {
  const cases: [string, string][] = [
    ["echo 'unterminated", 'unterminated quoted argument'],
    ['! ? go', "duplicated '!' or '?' token"],
    ['[] go', 'empty condition'],
    ['[!] go', 'empty condition'],
    ['!', 'missing command'],
    ['[short]', 'missing command'],
    ["''", 'missing command'],
  ];
  for (const [line, msg] of cases) {
    assert.throws(() => parseLine('f', 1, line), (e: unknown) => e instanceof ParseError && e.message === msg, line);
  }
});

test('quoteArgs round-trips through parseLine', () => {
  const args = ['plain', 'with space', "it's", '', 'a#b', 'tab\there'];
  const q = quoteArgs(args);
  assert.equal(q, "plain 'with space' 'it''s'  'a#b' 'tab\there'");
  // The empty argument is dropped by quoteArgs (as in Go); the others survive.
  const cmd = parseLine('f', 1, 'echo ' + q)!;
  assert.deepEqual(joinRaw(cmd.rawArgs), ['plain', 'with space', "it's", 'a#b', 'tab\there']);
});
