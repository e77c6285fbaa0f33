import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FlagSet } from './flags.js';
import { parseOne } from './parseone.js';

function set(): { fs: FlagSet; b: { value: boolean }; s: { value: string } } {
  const fs = new FlagSet('vet');
  return { fs, b: fs.bool('printf'), s: fs.string('printf.funcs') };
}

test('parseOne: one flag (and its separate value) per call, the rest returned', () => {
  const { fs, b, s } = set();
  let r = parseOne(fs, ['-printf=false', 'x']);
  assert.equal(r.kind, 'flag');
  assert.equal(b.value, false);
  assert.deepEqual(r.rest, ['x']);
  r = parseOne(fs, ['--printf.funcs', 'Logf', './...']);
  assert.equal(r.kind, 'flag');
  assert.equal(s.value, 'Logf');
  assert.deepEqual(r.rest, ['./...']);
  r = parseOne(fs, ['-printf']);
  assert.equal(b.value, true);
  assert.ok(fs.isSet('printf'));
});

test('parseOne: terminator, non-flags, help, and go\'s error texts', () => {
  const { fs } = set();
  assert.deepEqual(parseOne(fs, ['--', '-x']), { kind: 'terminator', rest: ['-x'] });
  assert.equal(parseOne(fs, ['./p']).kind, 'nonflag');
  assert.equal(parseOne(fs, ['-']).kind, 'nonflag');
  assert.equal(parseOne(fs, ['---x']).kind, 'nonflag');
  assert.equal(parseOne(fs, ['-=x']).kind, 'nonflag');
  for (const h of ['-h', '--help', '-?']) assert.equal(parseOne(fs, [h]).kind, 'help');
  const msg = (args: string[]): string => { const r = parseOne(fs, args); return r.kind === 'error' ? r.message : r.kind; };
  assert.equal(msg(['-nosuch=1']), 'flag provided but not defined: -nosuch');
  assert.equal(msg(['-printf=maybe']), 'invalid boolean value "maybe" for -printf: parse error');
  assert.equal(msg(['-printf.funcs']), 'flag needs an argument: -printf.funcs');
});
