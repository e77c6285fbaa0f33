// Integration: go doc's helper prebuilt at set-up (scripts/bundle.mjs, src/work/dochelper.ts). A shipped
// copy bundled with its Go helpers holds one gocmd-doc-<stamp> file; with an empty build cache the first
// `go doc` then builds nothing (the cache gets no compile or link outputs) and prints go's bytes.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GO } from './buildharness.js';
import { removeTestDir } from './cliharness.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
let tmp = '';
let GOCMD = '';
let dist = '';

function env(gocache: string): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, GOCACHE: gocache, GOFLAGS: '', GOTOOLCHAIN: 'local', GOWORK: '', GO111MODULE: '', GOPROXY: 'off' };
  for (const k of ['GOOS', 'GOARCH', 'GOCMD_NODE', 'GOROOT', 'GOCMD_SERVER', 'GOCMD_DOC_PREBUILD']) delete e[k];
  return e;
}

/** The build cache's output entries: files in its two-hex-digit directories. */
function cacheEntries(gocache: string): string[] {
  const found: string[] = [];
  for (const d of readdirSync(gocache)) {
    if (/^[0-9a-f]{2}$/.test(d)) found.push(...readdirSync(join(gocache, d)).map((f) => join(d, f)));
  }
  return found;
}

before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'gocmd-docprebuilt-test-'));
  dist = join(tmp, 'cli', 'dist');
  // Bundled with the Go helpers (no --no-spawner), as `npm run build` does; they come from the user's cache.
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'bundle.mjs'), '--out', dist], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`bundling: ${r.stderr}`);
  mkdirSync(join(tmp, 'cli', 'bin'), { recursive: true });
  GOCMD = join(tmp, 'cli', 'bin', 'gocmd');
  copyFileSync(join(ROOT, 'bin', 'gocmd'), GOCMD);
  chmodSync(GOCMD, 0o755);
});

after(() => {
  if (tmp) removeTestDir(tmp);
});

test('the bundle holds one doc helper, prebuilt for this toolchain', () => {
  assert.equal(readdirSync(dist).filter((n) => n.startsWith('gocmd-doc-')).length, 1);
});

for (const args of [['fmt.Println'], ['-all', 'errors'], ['-src', 'strings.Cut']]) {
  test(`with an empty cache the first go doc ${args.join(' ')} builds nothing and prints go's text`, () => {
    const gocache = mkdtempSync(join(tmp, 'cache-'));
    const c = spawnSync(GOCMD, ['doc', ...args], { cwd: tmp, env: env(gocache), encoding: 'utf8' });
    assert.deepEqual(cacheEntries(gocache), [], 'the helper was built');
    const g = spawnSync(GO, ['doc', ...args], { cwd: tmp, env: env(mkdtempSync(join(tmp, 'gocache-'))), encoding: 'utf8' });
    assert.deepEqual({ code: c.status, stdout: c.stdout, stderr: c.stderr }, { code: g.status, stdout: g.stdout, stderr: g.stderr });
  });
}

test('with GOCACHE=off go doc runs the prebuilt helper and prints go\'s text', () => {
  const c = spawnSync(GOCMD, ['doc', 'io.Reader'], { cwd: tmp, env: env('off'), encoding: 'utf8' });
  const g = spawnSync(GO, ['doc', 'io.Reader'], { cwd: tmp, env: env('off'), encoding: 'utf8' });
  assert.deepEqual({ code: c.status, stdout: c.stdout, stderr: c.stderr }, { code: g.status, stdout: g.stdout, stderr: g.stderr });
});
