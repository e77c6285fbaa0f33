// go run's choice of package from a pattern, compared with real go's output (MainPackagesOnly).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runMain } from '../cli/run.js';
import { Collect, realGo, runRealGo, tempDir } from '../cfg/testutil.js';

const skip = realGo() ? false : 'no go toolchain to compare with';

test('go run with a wildcard keeps only main packages and warns when it matched none', { skip }, async () => {
  const root = tempDir('gocmd-run-test-');
  try {
    const mod = join(root, 'm');
    mkdirSync(join(mod, 'lib'), { recursive: true });
    writeFileSync(join(mod, 'go.mod'), 'module example.net/m\n\ngo 1.17\n');
    writeFileSync(join(mod, 'lib', 'lib.go'), 'package lib\n');
    const env: Record<string, string | undefined> = {
      PATH: process.env.PATH, HOME: root, GOROOT: process.env.GOROOT, GOENV: 'off', GOFLAGS: '',
      GOTOOLCHAIN: 'local', GO111MODULE: 'on', GOPATH: join(root, 'gopath'), GOCACHE: join(root, 'cache'), GOPROXY: 'off',
    };
    for (const args of [['run', './...'], ['run', './lib'], ['run', 'all']]) {
      const want = runRealGo(args, env, mod);
      const stdout = new Collect();
      const stderr = new Collect();
      const code = await runMain(args, { stdout, stderr }, { env, cwd: mod });
      assert.deepEqual({ stderr: stderr.text, code }, { stderr: want.stderr, code: want.code }, args.join(' '));
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
