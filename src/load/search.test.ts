// Wildcard pattern expansion compared with real go's output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { runMain } from '../cli/run.js';
import { Collect, realGo, runRealGo, tempDir } from '../cfg/testutil.js';

const skip = realGo() ? false : 'no go toolchain to compare with';

test('directory wildcards in GOROOT/src leave out builtin and GOROOT/src itself, as go does', { skip }, async () => {
  const root = tempDir('gocmd-search-test-');
  try {
    const goroot = process.env.GOROOT || join(realGo()!, '..', '..');
    const env: Record<string, string | undefined> = {
      PATH: process.env.PATH, HOME: root, GOROOT: process.env.GOROOT, GOENV: 'off', GOFLAGS: '', GOTOOLCHAIN: 'local',
      GO111MODULE: 'on', GOPATH: join(root, 'gopath'), GOCACHE: join(root, 'cache'), GOPROXY: 'off',
    };
    const args = ['list', join(goroot, 'src', 'built...'), join(goroot, 'src', 'unicode', '...')];
    const want = runRealGo(args, env, root);
    const stdout = new Collect();
    const stderr = new Collect();
    const code = await runMain(args, { stdout, stderr }, { env, cwd: root });
    assert.deepEqual({ stdout: stdout.text, stderr: stderr.text, code }, { stdout: want.stdout, stderr: want.stderr, code: want.code });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
