// -toolexec: every tool runs under the wrapper; `build -n -a` prints exactly what go prints.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { realGo, tempDir } from '../cfg/testutil.js';

const GOCMD = resolve(import.meta.dirname, '../main.js');
const skip = realGo() ? false : 'no go toolchain to compare with';

test('build -n -a -toolexec matches go (compile, asm and link under the wrapper)', { skip }, () => {
  const dir = tempDir('gocmd-toolexec-');
  const mod = join(dir, 'm');
  mkdirSync(mod, { recursive: true });
  writeFileSync(join(mod, 'go.mod'), 'module example.com/m\n\ngo 1.24\n');
  writeFileSync(join(mod, 'main.go'), 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hi") }\n');
  const wrap = join(dir, 'wrap.sh');
  writeFileSync(wrap, '#!/bin/sh\nexec "$@"\n');
  chmodSync(wrap, 0o755);
  const env = { ...process.env, GOFLAGS: '-buildvcs=false', GOENV: 'off' };
  const args = ['build', '-n', '-a', `-toolexec=${wrap}`, '-o', 'out', '.'];
  const want = spawnSync(realGo()!, args, { cwd: mod, env, encoding: 'utf8' });
  const got = spawnSync(process.execPath, [GOCMD, ...args], { cwd: mod, env, encoding: 'utf8' });
  assert.equal(want.status, 0, want.stderr);
  assert.equal(got.status, 0, got.stderr);
  assert.ok(want.stderr.includes(`${wrap} /`), 'go runs the tools under the wrapper');
  assert.equal(got.stderr, want.stderr);
  assert.equal(got.stdout, want.stdout);
});
