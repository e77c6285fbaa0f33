// Integration: `build` of several commands links each into $WORK only to check that it links, and the
// binary is removed unread; gocmd then skips computing its content ID (exec.ts linkDiscarded). What a
// user sees must not change: output and exit status as go's, and with -work the binaries kept in $WORK
// carry their final build IDs.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GO } from './buildharness.js';
import { bundleCLI, removeTestDir } from './cliharness.js';

let tmp = '';
let GOCMD = '';

function run(bin: 'go' | 'gocmd', args: string[]): { code: number; stdout: string; stderr: string } {
  const env = { ...process.env, GOCACHE: join(tmp, `cache-${bin}`), GOFLAGS: '-buildvcs=false', GOTOOLCHAIN: 'local' };
  const r = bin === 'go'
    ? spawnSync(GO, args, { cwd: join(tmp, 'm'), env, encoding: 'utf8' })
    : spawnSync(process.execPath, [GOCMD, ...args], { cwd: join(tmp, 'm'), env, encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function buildID(file: string): string {
  const r = spawnSync(GO, ['tool', 'buildid', file], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'gocmd-linkdiscard-test-'));
  GOCMD = join(tmp, 'gocmd.cjs');
  await bundleCLI(GOCMD);
  const m = join(tmp, 'm');
  for (const d of ['cmd/a', 'cmd/b', 'lib']) mkdirSync(join(m, d), { recursive: true });
  writeFileSync(join(m, 'go.mod'), 'module example.com/m\n\ngo 1.22\n');
  writeFileSync(join(m, 'lib', 'lib.go'), 'package lib\n\nfunc Name() string { return "lib" }\n');
  for (const c of ['a', 'b']) {
    writeFileSync(join(m, 'cmd', c, 'main.go'), `package main\n\nimport "example.com/m/lib"\n\nfunc main() { println("${c}", lib.Name()) }\n`);
  }
});

after(() => removeTestDir(tmp));

test('build ./... of several commands: output and exit status as go, twice (the second finds the cache)', () => {
  for (let i = 0; i < 2; i++) {
    const g = run('go', ['build', './...']);
    const c = run('gocmd', ['build', './...']);
    assert.deepEqual(c, g);
    assert.equal(c.code, 0);
  }
  // A command that no longer links is reported as go reports it, though it linked before.
  writeFileSync(join(tmp, 'm', 'cmd', 'b', 'main.go'), 'package main\n\nimport _ "unsafe"\n\n//go:linkname missing example.com/nowhere.F\nfunc missing()\n\nfunc main() { missing() }\n');
  const g = run('go', ['build', './...']);
  const c = run('gocmd', ['build', './...']);
  assert.notEqual(g.code, 0);
  assert.equal(c.code, g.code);
  assert.equal(c.stderr.replace(/\/tmp\/go-build\d+/g, '$WORK'), g.stderr.replace(/\/tmp\/go-build\d+/g, '$WORK'));
  writeFileSync(join(tmp, 'm', 'cmd', 'b', 'main.go'), 'package main\n\nimport "example.com/m/lib"\n\nfunc main() { println("b", lib.Name()) }\n');
});

test('with -work the binaries kept in $WORK have their final build IDs', () => {
  const r = run('gocmd', ['build', '-work', './...']);
  assert.equal(r.code, 0, r.stderr);
  const work = /^WORK=(.*)$/m.exec(r.stderr)?.[1];
  assert.ok(work, r.stderr);
  try {
    const exes = readdirSync(work).map((b) => join(work, b, 'exe', 'a.out')).filter((f) => existsSync(f));
    assert.equal(exes.length, 2, `two linked commands in ${work}`);
    for (const exe of exes) {
      // `buildid -w` rewrites the content ID from the file's bytes: on a stamped binary it changes nothing.
      const copy = exe + '.copy';
      copyFileSync(exe, copy);
      assert.equal(spawnSync(GO, ['tool', 'buildid', '-w', copy]).status, 0);
      assert.equal(buildID(copy), buildID(exe), `${exe} carries its final build ID`);
    }
  } finally {
    removeTestDir(work);
  }
});
