// -pgo=<file>: the profile is preprocessed once and every compile reads it; `build -n` prints exactly what go prints.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { realGo, tempDir } from '../cfg/testutil.js';

const GOCMD = resolve(import.meta.dirname, '../main.js');
const skip = realGo() ? false : 'no go toolchain to compare with';

for (const extra of [[], ['-a'], ['-trimpath'], ['auto']]) {
  test(`build -n -pgo=${extra[0] === 'auto' ? 'auto' : 'prof ' + extra.join(' ')} matches go`, { skip }, () => {
    const dir = tempDir('gocmd-pgo-');
    const mod = join(dir, 'm');
    mkdirSync(mod, { recursive: true });
    writeFileSync(join(mod, 'go.mod'), 'module example.com/m\n\ngo 1.24\n');
    writeFileSync(join(mod, 'main.go'), 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hi") }\n');
    writeFileSync(join(mod, 'prof'), '');
    const env = { ...process.env, GOFLAGS: '-buildvcs=false', GOENV: 'off', GOCACHE: join(dir, 'cache') };
    // 'auto': the default.pgo next to the main package, as -pgo=auto (the default) finds it.
    if (extra[0] === 'auto') writeFileSync(join(mod, 'default.pgo'), '');
    const args = extra[0] === 'auto' ? ['build', '-n', '-o', 'out', '.'] : ['build', '-n', ...extra, '-pgo=prof', '-o', 'out', '.'];
    const want = spawnSync(realGo()!, args, { cwd: mod, env, encoding: 'utf8' });
    const got = spawnSync(process.execPath, [GOCMD, ...args], { cwd: mod, env, encoding: 'utf8' });
    assert.equal(want.status, 0, want.stderr);
    assert.match(want.stderr, /preprofile -o \$WORK\/b\d+\/pgo.preprofile -i /);
    assert.equal(got.status, 0, got.stderr);
    assert.equal(got.stderr, want.stderr);
    assert.equal(got.stdout, want.stdout);
  });
}
