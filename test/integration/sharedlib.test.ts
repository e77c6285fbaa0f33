// Integration: -buildmode=shared against real go, in GOPATH mode as cmd/go's scripts use it: the -n plan
// of a shared runtime (dynlink compiles, the library's link, its install with the .shlibname files) is
// go's line for line; a real install gives the same library bytes and .shlibname files as go's; and
// go's errors for bad package sets.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GO } from './buildharness.js';
import { bundleCLI, gocmdSync } from './cliharness.js';

let tmp = '';
let GOCMD = '';
let gocache = '';
let skipReason = '';

interface Result { code: number; stdout: string; stderr: string }

function run(bin: 'go' | 'gocmd', args: string[]): Result {
  const env: NodeJS.ProcessEnv = {
    ...process.env, GOCACHE: gocache, GOFLAGS: '-buildvcs=false', GOTOOLCHAIN: 'local', GO111MODULE: 'off',
    GOPATH: join(tmp, 'gopath'), CGO_ENABLED: '1',
  };
  for (const k of ['GOOS', 'GOARCH', 'CC', 'CXX', 'CGO_CFLAGS', 'CGO_LDFLAGS']) delete env[k];
  const cwd = join(tmp, 'gopath', 'src', 'dep');
  const r = bin === 'go'
    ? spawnSync(GO, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 << 20 })
    : gocmdSync(GOCMD, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** -n output with the build IDs (hashes of tool versions and inputs, not of the plan) blanked. */
function plan(r: Result): string {
  assert.equal(r.code, 0, r.stderr);
  return r.stderr.replace(/-buildid \S+/g, '-buildid X');
}

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'gocmd-sharedlib-'));
  GOCMD = join(tmp, 'gocmd.mjs');
  await bundleCLI(GOCMD);
  gocache = process.env['GOCMD_TEST_GOCACHE'] || join(tmp, 'gocache');
  mkdirSync(gocache, { recursive: true });
  mkdirSync(join(tmp, 'gopath', 'src', 'dep', 'sub'), { recursive: true });
  writeFileSync(join(tmp, 'gopath', 'src', 'dep', 'dep.go'), 'package dep\n\nimport "dep/sub"\n\nfunc F() int { return sub.G() + 1 }\n');
  writeFileSync(join(tmp, 'gopath', 'src', 'dep', 'sub', 'sub.go'), 'package sub\n\nfunc G() int { return 41 }\n');
  if (spawnSync('gcc', ['--version']).status !== 0) skipReason = 'no gcc on PATH: -buildmode=shared links externally';
});

after(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('-buildmode=shared', () => {
  test('go install -n -a: the same plan as go (dynlink compiles, link, install, .shlibname files)', (t) => {
    if (skipReason) return t.skip(skipReason);
    const args = ['install', '-n', '-a', '-trimpath', '-buildmode=shared', '-pkgdir=' + join(tmp, 'pd-n'), 'runtime'];
    const mine = plan(run('gocmd', args));
    assert.equal(mine, plan(run('go', args)));
    assert.match(mine, /link -o libruntime\.so -importcfg \.\/importcfg\.link -installsuffix dynlink -buildmode=shared/);
    assert.match(mine, /echo 'libruntime\.so' > .*\/pd-n\/runtime\/cgo\.shlibname # internal/);
  });

  test('go build -n of GOPATH packages: the same plan as go', (t) => {
    if (skipReason) return t.skip(skipReason);
    const args = ['build', '-n', '-buildmode=shared', './...'];
    assert.equal(plan(run('gocmd', args)), plan(run('go', args)));
  });

  test('go install of a GOPATH package tree: the same library bytes and .shlibname files as go', (t) => {
    if (skipReason) return t.skip(skipReason);
    const out: Record<string, { lib: Buffer; names: string[] }> = {};
    for (const bin of ['go', 'gocmd'] as const) {
      const pd = join(tmp, 'pd-' + bin);
      const r = run(bin, ['install', '-trimpath', '-buildmode=shared', '-pkgdir=' + pd, 'dep/...']);
      assert.equal(r.code, 0, `${bin}: ${r.stderr}`);
      out[bin] = {
        lib: readFileSync(join(pd, 'libdep.so')),
        names: ['dep', 'dep/sub'].map((p) => readFileSync(join(pd, p + '.shlibname'), 'utf8')),
      };
    }
    assert.deepEqual(out['gocmd']!.names, ['libdep.so\n', 'libdep.so\n']);
    assert.deepEqual(out['gocmd']!.names, out['go']!.names);
    assert.ok(out['gocmd']!.lib.equals(out['go']!.lib), 'libdep.so differs from go\'s');
  });

  test('errors as go: meta and non-meta patterns mixed, -o', (t) => {
    if (skipReason) return t.skip(skipReason);
    for (const args of [['build', '-n', '-buildmode=shared', 'std', 'dep'], ['build', '-buildmode=shared', '-o', 'x', 'dep']]) {
      const mine = run('gocmd', args), theirs = run('go', args);
      assert.deepEqual([mine.code, mine.stderr], [theirs.code, theirs.stderr], args.join(' '));
    }
  });
});
