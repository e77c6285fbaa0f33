// Integration tests: gocmd build/install/run against real go on fixtures, byte for byte.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { GO } from './buildharness.js';
import { bundleCLI, gocmdSync } from './cliharness.js';

const ROOT = resolve(import.meta.dirname, '../../..');
// The CLI is bundled from src/ into the test's temp dir in before(): build/ is shared with
// concurrent compiles, and a snapshot keeps this long test from seeing half-written files.
let GOCMD = '';
const FIXTURES = join(ROOT, 'test/fixtures/work');
const TOOLDIR = '/usr/local/go/pkg/tool/linux_amd64';

let tmp = '';
let gocache = '';

interface Result { code: number; stdout: string; stderr: string }

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, GOCACHE: gocache, GOFLAGS: '-buildvcs=false', GOTOOLCHAIN: 'local', ...extra };
  delete e['GOOS'];
  delete e['GOARCH'];
  delete e['CGO_ENABLED'];
  return { ...e, ...extra };
}

function run(bin: 'go' | 'gocmd', dir: string, args: string[], extra: Record<string, string> = {}): Result {
  const r = bin === 'go'
    ? spawnSync(GO, args, { cwd: dir, env: env(extra), encoding: 'utf8', maxBuffer: 64 << 20 })
    : gocmdSync(GOCMD, args, { cwd: dir, env: env(extra), encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function ok(r: Result, what: string): void {
  assert.equal(r.code, 0, `${what} failed:\n${r.stderr}`);
}

/** Builds pkg in fixture dir with go and gocmd using the same flags; asserts identical bytes. */
function sameBinary(fixture: string, pkg: string, flags: string[], extra: Record<string, string> = {}): void {
  const dir = join(tmp, fixture);
  const tag = `${fixture}-${Object.values(extra).join('-')}`.replace(/[^\w-]/g, '_');
  const mine = join(tmp, 'out', `${tag}.gocmd`);
  const theirs = join(tmp, 'out', `${tag}.go`);
  ok(run('gocmd', dir, ['build', ...flags, '-o', mine, pkg], extra), `gocmd build ${fixture}`);
  ok(run('go', dir, ['build', ...flags, '-o', theirs, pkg], extra), `go build ${fixture}`);
  assert.ok(readFileSync(mine).equals(readFileSync(theirs)), `${fixture}: gocmd and go binaries differ`);
}

/** Without -trimpath: gocmd builds first; go then finds every package in the cache and the build info matches. */
function sameBuildInfo(fixture: string, pkg: string, flags: string[] = []): void {
  const dir = join(tmp, fixture);
  const mine = join(tmp, 'out', `${fixture}-info.gocmd`);
  const theirs = join(tmp, 'out', `${fixture}-info.go`);
  ok(run('gocmd', dir, ['build', ...flags, '-o', mine, pkg]), `gocmd build ${fixture}`);
  const r = run('go', dir, ['build', '-x', ...flags, '-o', theirs, pkg]);
  ok(r, `go build ${fixture}`);
  assert.doesNotMatch(r.stderr, /\/compile -o/, `${fixture}: go recompiled packages gocmd had cached (action IDs differ)`);
  const vm = (f: string): string => run('go', dir, ['version', '-m', f]).stdout.split('\n').slice(1).join('\n');
  assert.equal(vm(mine), vm(theirs));
  assert.ok(readFileSync(mine).equals(readFileSync(theirs)), `${fixture}: binaries differ without -trimpath`);
}

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'gocmd-build-test-'));
  GOCMD = join(tmp, 'gocmd.mjs');
  await bundleCLI(GOCMD);
  gocache = process.env['GOCMD_TEST_GOCACHE'] || join(tmp, 'gocache');
  mkdirSync(gocache, { recursive: true });
  cpSync(FIXTURES, tmp, { recursive: true });
  mkdirSync(join(tmp, 'out'));
});

after(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const TRIM = ['-trimpath', '-ldflags=-buildid='];

describe('go build, byte for byte with -trimpath -ldflags=-buildid=', () => {
  test('hello', () => sameBinary('hello', '.', TRIM));
  test('several packages with internal/', () => sameBinary('multi', './cmd/tool', TRIM));
  test('embed', () => sameBinary('embed', '.', TRIM));
  test('assembly', () => sameBinary('asm', '.', TRIM));
  test('build tags', () => {
    sameBinary('tags', '.', [...TRIM, '-tags=fancy']);
    const r = run('gocmd', join(tmp, 'tags'), ['run', '-tags=fancy', '.']);
    assert.equal(r.stdout, 'fancy\n');
  });
  test('go 1.20 module (old GODEBUG defaults)', () => sameBinary('go120', '.', TRIM));
  test('per-package -gcflags and -ldflags', () => {
    sameBinary('multi', './cmd/tool', [...TRIM.slice(0, 1), '-gcflags=-N -l', '-ldflags=-buildid= -s -X main.unused=1']);
  });
  test('.go files named on the command line', () => {
    const dir = join(tmp, 'tags');
    const mine = join(tmp, 'out', 'files.gocmd'), theirs = join(tmp, 'out', 'files.go');
    ok(run('gocmd', dir, ['build', ...TRIM, '-o', mine, 'main.go', 'plain.go']), 'gocmd build files');
    ok(run('go', dir, ['build', ...TRIM, '-o', theirs, 'main.go', 'plain.go']), 'go build files');
    assert.ok(readFileSync(mine).equals(readFileSync(theirs)));
  });
  for (const [goos, goarch] of [['windows', 'amd64'], ['linux', 'arm64'], ['darwin', 'arm64']] as const) {
    test(`cross ${goos}/${goarch}`, () => sameBinary('hello', '.', TRIM, { GOOS: goos, GOARCH: goarch }));
  }
});

describe('-overlay: replaced, added and deleted Go files', () => {
  const fixture = (): string => {
    const dir = join(tmp, 'overlay');
    mkdirSync(join(dir, 'ov'), { recursive: true });
    mkdirSync(join(dir, 'lib'), { recursive: true });
    writeFileSync(join(dir, 'go.mod'), 'module example.com/ov\n\ngo 1.22\n');
    writeFileSync(join(dir, 'main.go'), 'package main\n\nimport "example.com/ov/lib"\n\nfunc main() { println(lib.Msg()) }\n');
    writeFileSync(join(dir, 'lib/lib.go'), 'package lib\n\nfunc Msg() string { return "disk" }\n');
    writeFileSync(join(dir, 'lib/broken.go'), 'this is not go\n');
    writeFileSync(join(dir, 'ov/lib.go'), 'package lib\n\nfunc Msg() string { return "overlay " + extra }\n');
    writeFileSync(join(dir, 'ov/extra.go'), 'package lib\n\nconst extra = "extra"\n');
    writeFileSync(join(dir, 'overlay.json'), JSON.stringify({ Replace: { 'lib/lib.go': 'ov/lib.go', 'lib/extra.go': 'ov/extra.go', 'lib/broken.go': '' } }));
    return dir;
  };
  test('same binary as go with -trimpath', () => {
    fixture();
    sameBinary('overlay', '.', [...TRIM, '-overlay=overlay.json']);
    const r = run('gocmd', join(tmp, 'overlay'), ['run', '-overlay=overlay.json', '.']);
    assert.equal(r.stderr, 'overlay extra\n');
  });
  test('without -trimpath go finds gocmd\'s compiles in the cache (action IDs hash the replacements)', () => {
    fixture();
    sameBuildInfo('overlay', '.', ['-overlay=overlay.json']);
  });
  test('bad overlay files fail as go does', () => {
    const dir = fixture();
    writeFileSync(join(dir, 'bad.json'), '{"Replace": {"a.go": "x", "./a.go": "y"}}');
    for (const args of [['build', '-overlay=nope.json', '.'], ['build', '-overlay=bad.json', '.'], ['list', '-overlay=bad.json', '.']]) {
      const mine = run('gocmd', dir, args), theirs = run('go', dir, args);
      assert.deepEqual(mine, theirs, args.join(' '));
    }
  });
});

describe('go build without -trimpath: shared cache entries and identical build info', () => {
  test('hello', () => sameBuildInfo('hello', '.'));
  test('multi', () => sameBuildInfo('multi', './cmd/tool'));
  test('go test -c: a library package\'s test binary lists no deps, a command\'s takes the command\'s build info', () => {
    // go's TestPackagesFor makes a library test main's build info before it fills in that main's imports,
    // so `go version -m` shows no dep lines for it (found on spf13/cobra); a command under test lends its
    // own build info (its imports, not its test's) to the test main.
    const dir = join(tmp, 'testinfo');
    const dep = join(tmp, 'testinfodep');
    mkdirSync(join(dir, 'lib'), { recursive: true });
    mkdirSync(join(dir, 'cmd'), { recursive: true });
    mkdirSync(dep, { recursive: true });
    writeFileSync(join(dep, 'go.mod'), 'module example.com/dep\n\ngo 1.22\n');
    writeFileSync(join(dep, 'dep.go'), 'package dep\n\nfunc N() int { return 7 }\n');
    writeFileSync(join(dir, 'go.mod'), 'module example.com/testinfo\n\ngo 1.22\n\nrequire example.com/dep v0.0.0\n\nreplace example.com/dep => ../testinfodep\n');
    writeFileSync(join(dir, 'lib', 'lib.go'), 'package lib\n\nimport "example.com/dep"\n\nfunc N() int { return dep.N() }\n');
    writeFileSync(join(dir, 'lib', 'lib_test.go'), 'package lib\n\nimport "testing"\n\nfunc TestN(t *testing.T) { _ = N() }\n');
    writeFileSync(join(dir, 'cmd', 'main.go'), 'package main\n\nfunc main() { println("x") }\n');
    writeFileSync(join(dir, 'cmd', 'main_test.go'), 'package main\n\nimport (\n\t"testing"\n\n\t"example.com/dep"\n)\n\nfunc TestN(t *testing.T) { _ = dep.N() }\n');
    const vm = (f: string): string => run('go', dir, ['version', '-m', f]).stdout.split('\n').slice(1).join('\n');
    for (const pkg of ['./lib', './cmd']) {
      const mine = join(tmp, 'out', `testinfo-${pkg.slice(2)}.gocmd`);
      const theirs = join(tmp, 'out', `testinfo-${pkg.slice(2)}.go`);
      ok(run('gocmd', dir, ['test', '-c', '-o', mine, pkg]), `gocmd test -c ${pkg}`);
      ok(run('go', dir, ['test', '-c', '-o', theirs, pkg]), `go test -c ${pkg}`);
      assert.equal(vm(mine), vm(theirs), `go version -m of the ${pkg} test binary`);
      assert.doesNotMatch(vm(theirs), /\tdep\t/, `${pkg}: go's test binary lists no dep (what this test relies on)`);
      assert.ok(readFileSync(mine).equals(readFileSync(theirs)), `${pkg}: gocmd and go test binaries differ`);
    }
  });
  test('go 1.20 module', () => {
    sameBuildInfo('go120', '.');
    const out = run('go', join(tmp, 'go120'), ['version', '-m', join(tmp, 'out', 'go120-info.gocmd')]).stdout;
    const hello = run('go', join(tmp, 'hello'), ['version', '-m', join(tmp, 'out', 'hello-info.gocmd')]).stdout;
    const dg = (s: string): string => /DefaultGODEBUG=(\S*)/.exec(s)?.[1] ?? '';
    assert.notEqual(dg(out), dg(hello), 'a go 1.20 module has different GODEBUG defaults');
  });
});

describe('VCS stamping', () => {
  test('a git checkout: vcs.* settings identical (clean and modified)', () => {
    const dir = join(tmp, 'vcs');
    cpSync(join(tmp, 'hello'), dir, { recursive: true });
    const git = (...args: string[]): void => {
      const r = spawnSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: dir, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
    };
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'init');
    const flags = { GOFLAGS: '-buildvcs=auto' };
    for (const round of ['clean', 'modified']) {
      if (round === 'modified') writeFileSync(join(dir, 'extra.go'), 'package main\n');
      const mine = join(tmp, 'out', `vcs-${round}.gocmd`), theirs = join(tmp, 'out', `vcs-${round}.go`);
      ok(run('gocmd', dir, ['build', '-o', mine, '.'], flags), 'gocmd build');
      ok(run('go', dir, ['build', '-o', theirs, '.'], flags), 'go build');
      assert.ok(readFileSync(mine).equals(readFileSync(theirs)), `${round}: binaries differ`);
      assert.match(run('go', dir, ['version', '-m', mine]).stdout, round === 'clean' ? /vcs\.modified=false/ : /vcs\.modified=true/);
    }
  });
});

describe('output and errors as go prints them', () => {
  test('-x is identical to go (modulo $WORK): relink from cache, then a no-op', () => {
    const dir = join(tmp, 'hello');
    const norm = (s: string, out: string): string => s.replace(/\/tmp\/go-build\w+/g, '$WORK').split(out).join('OUT');
    const x1 = join(tmp, 'out', 'x1'), x2 = join(tmp, 'out', 'x2');
    ok(run('gocmd', dir, ['build', '-o', x1, '.']), 'warm');
    rmSync(x1, { force: true });
    const a = run('gocmd', dir, ['build', '-x', '-o', x1, '.']);
    const b = run('go', dir, ['build', '-x', '-o', x2, '.']);
    assert.equal(norm(a.stderr, x1), norm(b.stderr, x2));
    const a2 = run('gocmd', dir, ['build', '-x', '-o', x1, '.']);
    const b2 = run('go', dir, ['build', '-x', '-o', x2, '.']);
    assert.equal(norm(a2.stderr, x1), norm(b2.stderr, x2));
    assert.match(a2.stderr, /^WORK=\S+\n$/);
  });
  test('-n -a prints the same script as go', () => {
    const dir = join(tmp, 'hello');
    const a = run('gocmd', dir, ['build', '-n', '-a', '-o', 'x', '.']);
    const b = run('go', dir, ['build', '-n', '-a', '-o', 'x', '.']);
    assert.equal(a.stderr, b.stderr);
  });
  test('compile errors: "# pkg" header, relative paths, exit 1', () => {
    const dir = join(tmp, 'bad');
    const a = run('gocmd', dir, ['build', '-o', join(tmp, 'out', 'bad'), '.']);
    const b = run('go', dir, ['build', '-o', join(tmp, 'out', 'bad'), '.']);
    assert.equal(a.code, 1);
    assert.equal(a.stderr, b.stderr);
    const la = run('gocmd', join(dir, 'lib'), ['build']);
    const lb = run('go', join(dir, 'lib'), ['build']);
    assert.equal(la.stderr, lb.stderr);
  });
  test('-json build events', () => {
    const dir = join(tmp, 'bad');
    const a = run('gocmd', dir, ['build', '-json', '-o', join(tmp, 'out', 'bad'), '.']);
    const b = run('go', dir, ['build', '-json', '-o', join(tmp, 'out', 'bad'), '.']);
    assert.equal(a.code, b.code);
    assert.equal(a.stdout, b.stdout);
  });
  test('load errors, plain and -json', () => {
    const dir = join(tmp, 'missing');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'go.mod'), 'module example.com/m\n\ngo 1.22\n');
    writeFileSync(join(dir, 'main.go'), 'package main\n\nimport "example.com/m/nope"\n\nfunc main() { nope.X() }\n');
    for (const args of [['build'], ['build', '-json']]) {
      const a = run('gocmd', dir, args);
      const b = run('go', dir, args);
      assert.deepEqual(a, b);
    }
  });
  test('go run passes arguments and reports the exit status as go does', () => {
    const dir = join(tmp, 'multi');
    const a = run('gocmd', dir, ['run', './cmd/tool', 'x', 'y']);
    const b = run('go', dir, ['run', './cmd/tool', 'x', 'y']);
    assert.deepEqual(a, b);
    assert.equal(a.stderr, 'exit status 2\n');
  });
  test('go install to GOBIN, then a no-op install runs no tool', () => {
    const dir = join(tmp, 'hello');
    const gobin = join(tmp, 'gobin');
    ok(run('gocmd', dir, ['install'], { GOBIN: gobin }), 'install');
    assert.equal(spawnSync(join(gobin, 'hello'), { encoding: 'utf8' }).stdout, 'hello, world\n');
    const r = run('gocmd', dir, ['install', '-x'], { GOBIN: gobin });
    ok(r, 'reinstall');
    assert.doesNotMatch(r.stderr, new RegExp(TOOLDIR));
  });
});

describe('cold cache: the early runtime build (work/setup.ts)', () => {
  test('go then finds every package cached, and the cache holds what a build without it writes', () => {
    const dir = join(tmp, 'hello');
    const entries = (cache: string): number => readdirSync(cache).filter((d) => /^[0-9a-f]{2}$/.test(d))
      .reduce((n, d) => n + readdirSync(join(cache, d)).filter((f) => f.endsWith('-a')).length, 0);
    const cold = (name: string, extra: Record<string, string>): string => {
      const cache = join(tmp, name);
      mkdirSync(cache);
      ok(run('gocmd', dir, ['build', '-o', join(tmp, 'out', `${name}.gocmd`), '.'], { GOCACHE: cache, ...extra }), `gocmd build (${name})`);
      return cache;
    };
    const early = cold('cold-early', {});
    const plain = cold('cold-plain', { GOCMD_EARLY: '0' });
    assert.equal(entries(early), entries(plain), 'the early build wrote entries the build itself did not want');
    const r = run('go', dir, ['build', '-x', '-o', join(tmp, 'out', 'cold-early.go'), '.'], { GOCACHE: early });
    ok(r, 'go build');
    assert.doesNotMatch(r.stderr, /\/compile -o/, 'go recompiled packages: action IDs differ');
  });
});

describe('std', () => {
  test('CGO_ENABLED=0 gocmd build std, then a no-op rebuild runs no tool', () => {
    const dir = join(tmp, 'hello');
    ok(run('gocmd', dir, ['build', 'std'], { CGO_ENABLED: '0' }), 'build std');
    const r = run('gocmd', dir, ['build', '-x', 'std'], { CGO_ENABLED: '0' });
    ok(r, 'rebuild std');
    assert.doesNotMatch(r.stderr, new RegExp(TOOLDIR));
  });
});
