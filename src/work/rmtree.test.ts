// Tests for removeTree: whole trees go, symlinks are removed rather than followed, missing paths are fine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeTree } from './rmtree.js';

test('removeTree removes a $WORK-like tree and leaves symlink targets alone', async () => {
  const base = mkdtempSync(join(tmpdir(), 'gocmd-rmtree-'));
  try {
    const outside = join(base, 'outside');
    mkdirSync(outside);
    writeFileSync(join(outside, 'keep'), 'k');
    const work = join(base, 'work');
    for (let i = 1; i <= 30; i++) {
      const d = join(work, `b${String(i).padStart(3, '0')}`);
      mkdirSync(join(d, 'exe'), { recursive: true });
      writeFileSync(join(d, '_pkg_.a'), Buffer.alloc(1000, i));
      writeFileSync(join(d, 'importcfg'), 'packagefile x=y\n');
      writeFileSync(join(d, 'exe', 'a.out'), 'bin');
    }
    mkdirSync(join(work, 'empty'));
    symlinkSync(outside, join(work, 'link'));
    await removeTree(work);
    assert.equal(existsSync(work), false);
    assert.deepEqual(readdirSync(outside), ['keep']);
    await removeTree(work); // already gone
    mkdirSync(work);
    await removeTree(work); // empty
    assert.equal(existsSync(work), false);
    const file = join(base, 'plain');
    writeFileSync(file, 'x');
    await removeTree(file);
    assert.equal(existsSync(file), false);
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});

test('removeTree rejects with the fs error when an entry cannot be removed', { skip: process.getuid?.() === 0 ? 'root removes entries from a read-only directory' : false }, async () => {
  const base = mkdtempSync(join(tmpdir(), 'gocmd-rmtree-'));
  try {
    const locked = join(base, 'w', 'b001');
    mkdirSync(locked, { recursive: true });
    writeFileSync(join(locked, 'f'), 'x');
    chmodSync(locked, 0o500);
    await assert.rejects(removeTree(join(base, 'w')), { code: 'EACCES' });
    chmodSync(locked, 0o700);
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});
