import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { inDir } from './actionid.js';

test('inDir: the same path as path.join, for plain and unusual names', () => {
  const bases = ['/src/pkg', '/', '', '.', '/a/b.c', 'rel/dir'];
  const names = ['x.go', 'sub/dir/f.txt', '.hidden', '...', 'a..b', '..', '.', './x', 'x/./y', 'x/../y', 'x/..', 'x/.',
    '/abs/x.go', 'x//y', 'x/', '', '..x', 'x..'];
  for (const b of bases) for (const n of names) assert.equal(inDir(b === '' ? '' : join(b, '.'), n), join(b, n), `${b} + ${n}`);
});
