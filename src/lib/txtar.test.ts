// Tests for the txtar parser and formatter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse, format, fixNL, fileTexts } from './txtar.js';

function view(text: string): { comment: string; files: [string, string][] } {
  const a = parse(text);
  return { comment: a.comment.toString(), files: a.files.map((f) => [f.name, f.data.toString()]) };
}

test('parse table', () => {
  const cases: { in: string; comment: string; files: [string, string][] }[] = [
    { in: '', comment: '', files: [] },
    { in: 'comment only', comment: 'comment only\n', files: [] },
    {
      in: 'comment1\ncomment2\n-- file1 --\nFile 1 text.\n-- foo ---\nMore file 1 text.\n-- file 2 --\nFile 2 text.\n-- empty --\n-- noNL --\nhello world\n-- empty filename line --\nsome content\n-- --',
      comment: 'comment1\ncomment2\n',
      files: [
        ['file1', 'File 1 text.\n-- foo ---\nMore file 1 text.\n'],
        ['file 2', 'File 2 text.\n'],
        ['empty', ''],
        ['noNL', 'hello world\n'],
        ['empty filename line', 'some content\n-- --\n'],
      ],
    },
    { in: '-- a --', comment: '', files: [['a', '']] },
    { in: '--  spaced name  --\nx', comment: '', files: [['spaced name', 'x\n']] },
    { in: 'x\n--a --\n-- b--\n', comment: 'x\n--a --\n-- b--\n', files: [] },
  ];
  for (const c of cases) {
    assert.deepEqual(view(c.in), { comment: c.comment, files: c.files }, JSON.stringify(c.in));
  }
});

test('format adds newlines', () => {
  const out = format({
    comment: Buffer.from('comment'),
    files: [
      { name: 'a', data: Buffer.from('A') },
      { name: 'b', data: Buffer.from('') },
    ],
  });
  assert.equal(out.toString(), 'comment\n-- a --\nA\n-- b --\n');
  assert.equal(fixNL(Buffer.from('')).length, 0);
});

test('binary data round-trips', () => {
  const data = Buffer.from([0xff, 0x00, 0x0a, 0xfe, 0x0a]);
  const a = parse(Buffer.concat([Buffer.from('-- bin --\n'), data]));
  assert.deepEqual(a.files[0]?.data, data);
});

test('cmd/go script archives round-trip', () => {
  const dir = '/usr/local/go/src/cmd/go/testdata/script';
  if (!existsSync(dir)) return;
  let n = 0;
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.txt'))) {
    const raw = readFileSync(join(dir, name));
    const a = parse(raw);
    // Formatting a parsed archive reproduces the input (up to spaces around marker names)
    // whenever the input ends in a newline; re-parsing the output always gives the same archive.
    const again = parse(format(a));
    assert.deepEqual(again, a, name);
    if (raw.length > 0 && raw[raw.length - 1] === 0x0a) {
      const normalized = raw.toString('latin1').replace(/^-- +(.*?) + --$/gm, '-- $1 --');
      if (format(a).toString('latin1') === normalized) n++;
    }
  }
  assert.ok(n > 100);
});

test('fileTexts: one trailing newline per file, blank files empty, comment ignored', () => {
  const got = fileTexts('comment\n-- a --\nx\n\n\n-- b --\n\n\n-- c --\ny');
  assert.deepEqual([...got], [['a', 'x\n'], ['b', ''], ['c', 'y\n']]);
});
