// Blobs: round trip, damage detection, mtime refresh on use.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { blobFile, readBlob, writeBlob } from './blob.js';

test('blobs round-trip and reject damaged content', () => {
  const dir = mkdtempSync(join(tmpdir(), 'blob-'));
  try {
    const key = Buffer.alloc(32, 0xab);
    assert.equal(readBlob(dir, key), undefined);
    writeBlob(dir, key, Buffer.from('hello index'));
    assert.equal(readBlob(dir, key)?.toString(), 'hello index');
    const file = blobFile(dir, key);
    assert.equal(file, join(dir, 'ab', 'ab'.repeat(32) + '-d'));
    const good = readFileSync(file);
    const cases: Buffer[] = [good.subarray(0, good.length - 1), Buffer.concat([good, Buffer.from('x')]), Buffer.alloc(0), Buffer.from(good).fill(0x30, 40, 41)];
    for (const bad of cases) {
      writeFileSync(file, bad);
      assert.equal(readBlob(dir, key), undefined);
    }
    // A second writer simply replaces the file.
    writeBlob(dir, key, Buffer.from('one'));
    writeBlob(dir, key, Buffer.from('two'));
    assert.equal(readBlob(dir, key)?.toString(), 'two');
    // Use refreshes an mtime older than an hour.
    const old = new Date(Date.now() - 2 * 3600_000);
    utimesSync(file, old, old);
    readBlob(dir, key);
    assert.ok(Date.now() - statSync(file).mtimeMs < 3600_000);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
