import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newWorkDir } from './workdir.js';

test('newWorkDir: go-buildN under the directory, go\'s errors when it cannot be made', () => {
  const d = mkdtempSync(join(tmpdir(), 'wd-'));
  try {
    const w = newWorkDir(d);
    assert.match(w, new RegExp(`^${d}/go-build\\d+$`));
    assert.ok(statSync(w).isDirectory());
    const f = join(d, 'file');
    writeFileSync(f, '');
    // As go build with GOTMPDIR set to a regular file (build_GOTMPDIR).
    assert.throws(() => newWorkDir(f), (e: Error) => new RegExp(`^go: creating work dir: mkdir ${f}/go-build\\d+: not a directory$`).test(e.message));
    const missing = join(d, 'missing');
    assert.throws(() => newWorkDir(missing), (e: Error) => e.message === `go: creating work dir: stat ${missing}: no such file or directory`);
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
});
