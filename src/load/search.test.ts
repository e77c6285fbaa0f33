// Wildcard pattern expansion compared with real go's output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
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

test('directory arguments: a file in the main module, and directories whose path has an "@" (as go1.26.8)', { skip }, async () => {
  const root = tempDir('gocmd-search-test-');
  try {
    const mod = join(root, 'x');
    mkdirSync(join(mod, 'bad@', 'p'), { recursive: true });
    writeFileSync(join(mod, 'go.mod'), 'module m\n');
    writeFileSync(join(mod, 'x.go'), 'package x\n');
    writeFileSync(join(mod, 'bad@', 'b.go'), 'package b\n');
    writeFileSync(join(mod, 'bad@', 'p', 'p.go'), 'package p\n');
    const env: Record<string, string | undefined> = {
      PATH: process.env.PATH, HOME: root, GOROOT: process.env.GOROOT, GOENV: 'off', GOFLAGS: '', GOTOOLCHAIN: 'local',
      GO111MODULE: 'on', GOPATH: join(root, 'gopath'), GOCACHE: join(root, 'cache'), GOPROXY: 'off',
    };
    const cases: [string, string[]][] = [
      [mod, ['list', '-mod=readonly', './go.mod']],
      [join(mod, 'bad@'), ['list', '.']],
      [join(mod, 'bad@'), ['list', join(mod, 'bad@')]],
      [join(mod, 'bad@'), ['list', './p']],
    ];
    for (const [cwd, args] of cases) {
      const want = runRealGo(args, { ...env, PWD: cwd }, cwd);
      const stdout = new Collect();
      const stderr = new Collect();
      const code = await runMain(args, { stdout, stderr }, { env: { ...env, PWD: cwd }, cwd });
      assert.deepEqual({ stdout: stdout.text, stderr: stderr.text, code }, { stdout: want.stdout, stderr: want.stderr, code: want.code }, `${cwd}: go ${args.join(' ')}`);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
