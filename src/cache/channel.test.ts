import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitLines } from './channel.js';

test('splitLines: lines across chunks, an early stop, the unterminated rest', () => {
  const got: string[] = [];
  const s = splitLines((l) => void got.push(l));
  assert.equal(s.push('a\nb'), true);
  assert.equal(s.push('c\n\nd'), true);
  assert.deepEqual(got, ['a', 'bc', '']);
  assert.equal(s.rest(), 'd');
  assert.equal(s.rest(), '');
  const seen: string[] = [];
  const stop = splitLines((l) => { seen.push(l); return l !== 'bad'; });
  assert.equal(stop.push('ok\nbad\nlater\n'), false);
  assert.deepEqual(seen, ['ok', 'bad']);
});

test('splitLines: its source runs on its own, as worker scripts use it', () => {
  const make = new Function(`${splitLines.toString()}; return ${splitLines.name};`)() as typeof splitLines;
  const got: string[] = [];
  make((l) => void got.push(l)).push('x\ny\n');
  assert.deepEqual(got, ['x', 'y']);
});
