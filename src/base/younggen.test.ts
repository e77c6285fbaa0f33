// Tests for the young-generation switch: when flags may change, and that the default comes back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getHeapSpaceStatistics } from 'node:v8';
import { mayChangeV8Flags, withSmallYoungGeneration } from './younggen.js';

const newSpace = (): number => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')!.space_size;

test('flags may change only when no code cache is to be made at exit, and only under the launcher', () => {
  assert.equal(mayChangeV8Flags('used'), true);
  assert.equal(mayChangeV8Flags('off'), true);
  assert.equal(mayChangeV8Flags('made'), false);
  assert.equal(mayChangeV8Flags(undefined), false);
});

test('withSmallYoungGeneration returns f\'s result and keeps the young generation from growing', async () => {
  // Keep what is allocated alive, as loading does, so that V8 would grow the space.
  const keep: object[] = [];
  const got = await withSmallYoungGeneration(async () => {
    for (let i = 0; i < 400_000; i++) keep.push({ i, s: `x${i}` });
    return newSpace();
  }, true);
  // V8 starts at 1 MB semi-spaces (new space 1-2 MB); left to grow, this loop takes it to 16 MB or more.
  assert.ok(got <= 4 << 20, `new space grew to ${got} bytes`);
  assert.equal(keep.length, 400_000);
  // Not allowed: f runs as is.
  assert.equal(await withSmallYoungGeneration(async () => 7, false), 7);
});
