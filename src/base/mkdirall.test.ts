import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, statSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { mkdirAll } from './mkdirall.js';

test('mkdirAll makes missing parents and accepts an existing directory', () => {
  const root = mkdtempSync(join(tmpdir(), 'mkdirall-'));
  try {
    const deep = join(root, 'a', 'b', 'c');
    mkdirAll(deep);
    assert.ok(statSync(deep).isDirectory());
    mkdirAll(deep);
    mkdirAll(root);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('mkdirAll fails on a file in the way (ENOTDIR), not silently', () => {
  const root = mkdtempSync(join(tmpdir(), 'mkdirall-'));
  try {
    writeFileSync(join(root, 'f'), 'x');
    assert.throws(() => mkdirAll(join(root, 'f')), { code: 'ENOTDIR' });
    assert.throws(() => mkdirAll(join(root, 'f', 'sub')), { code: 'ENOTDIR' });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('mkdirAll ends with an error where the kernel refuses under an existing parent (procfs)', { skip: process.platform !== 'linux' }, () => {
  // Node's recursive mkdirSync loops forever here.
  assert.throws(() => mkdirAll('/proc/gocmd-mkdirall-test/x'), { code: 'ENOENT' });
});
