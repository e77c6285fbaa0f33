// Integration: how `go env` and builds use GOCACHE — the C compiler's answers behind GOGCCFLAGS come
// from the build cache as go's do (a warm `env -x` runs no probe), and an unusable GOCACHE (off,
// relative, a path no directory can be made at) ends the command with go's text and status.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { GO } from './buildharness.js';
import { bundleCLI, gocmdSync, removeTestDir, type Result } from './cliharness.js';

const ROOT = resolve(import.meta.dirname, '../../..');
let tmp = '';
let GOCMD = '';
let skip = '';

function run(bin: 'go' | 'gocmd', args: string[], extra: Record<string, string>): Result {
  const env: NodeJS.ProcessEnv = { ...process.env, GOFLAGS: '', GOTOOLCHAIN: 'local', GOWORK: 'off', GO111MODULE: 'on', ...extra };
  for (const k of ['CC', 'CGO_CFLAGS', 'CGO_LDFLAGS', 'CGO_ENABLED']) delete env[k];
  // A hang is the failure this guards against (Node's recursive mkdir spun on /proc paths): bound it.
  const opts = { cwd: join(ROOT, 'examples', 'hello'), env, encoding: 'utf8', timeout: 120_000 } as const;
  const r = bin === 'go' ? spawnSync(GO, args, opts) : gocmdSync(GOCMD, args, opts);
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Work directory names differ run to run. */
const norm = (s: string): string => s.replace(/go-build\d+/g, 'go-buildN');

before(async () => {
  if (!existsSync(GO)) { skip = 'no go toolchain at ' + GO; return; }
  if (spawnSync('gcc', ['--version']).status !== 0) { skip = 'no gcc'; return; }
  tmp = mkdtempSync(join(tmpdir(), 'gocmd-envcache-'));
  GOCMD = join(tmp, 'gocmd.mjs');
  await bundleCLI(GOCMD);
});

after(() => { if (tmp !== '') removeTestDir(tmp); });

test('env -x GOGCCFLAGS probes the compiler once per cache, as go', (t) => {
  if (skip) return t.skip(skip);
  for (const bin of ['go', 'gocmd'] as const) mkdirSync(join(tmp, `cache-${bin}`));
  const cold = (['go', 'gocmd'] as const).map((b) => run(b, ['env', '-x', 'GOGCCFLAGS'], { GOCACHE: join(tmp, `cache-${b}`) }));
  const warm = (['go', 'gocmd'] as const).map((b) => run(b, ['env', '-x', 'GOGCCFLAGS'], { GOCACHE: join(tmp, `cache-${b}`) }));
  for (const [go, ours] of [cold, warm]) {
    assert.equal(ours!.code, go!.code);
    assert.equal(norm(ours!.stdout), norm(go!.stdout));
    assert.equal(norm(ours!.stderr), norm(go!.stderr));
  }
  assert.match(cold[1]!.stderr, /\|\| true/, 'a cold cache probes the compiler');
  assert.doesNotMatch(warm[1]!.stderr, /\|\| true/, 'a warm cache answers without probing');
});

test('an unusable GOCACHE: go\'s message and status for env and build (env -n needs no cache)', (t) => {
  if (skip) return t.skip(skip);
  for (const gocache of ['off', 'relative/dir', '/proc/gocmd-no-such/x']) {
    for (const args of [['env', 'GOGCCFLAGS'], ['env', '-n', 'GOGCCFLAGS'], ['env', '-x', 'GOGCCFLAGS'], ['build', '-o', join(tmp, 'hello'), '.']]) {
      const go = run('go', args, { GOCACHE: gocache });
      const ours = run('gocmd', args, { GOCACHE: gocache });
      const what = `GOCACHE=${gocache} ${args.join(' ')}`;
      assert.equal(ours.code, go.code, what);
      assert.equal(norm(ours.stderr), norm(go.stderr), what);
      assert.equal(ours.stdout, go.stdout, what);
    }
  }
});
