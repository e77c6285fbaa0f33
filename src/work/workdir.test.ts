import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkBuildTarget, newWorkDir } from './workdir.js';

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

test('checkBuildTarget: unknown ports and comma tags exit 2 with go\'s text', () => {
  assert.doesNotThrow(() => checkBuildTarget('linux', 'amd64', ['a', 'b']));
  assert.throws(() => checkBuildTarget('windwos', 'amd64', []), (e: Error & { code?: number }) => e.message === 'go: unsupported GOOS/GOARCH pair windwos/amd64' && e.code === 2);
  assert.throws(() => checkBuildTarget('linux', 'amd64', ['tag1,tag2', 'tag3']), (e: Error) => e.message === 'go: -tags space-separated list contains comma');
});
