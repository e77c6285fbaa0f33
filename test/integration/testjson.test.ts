// Integration tests: go test -json and go test's vet step, gocmd against real go on test/fixtures/testjson.
// JSON events are compared byte for byte per package (packages run in parallel, so their events interleave
// differently), with Time, Elapsed and printed durations masked; vet results are shared through GOCACHE.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, closeSync, cpSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { GO } from './buildharness.js';
import { bundleCLI, gocmdSync, removeTestDir, type Result } from './cliharness.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const FIXTURE = join(ROOT, 'test/fixtures/testjson');

let GOCMD = '';
let tmp = '';
let mod = '';

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, GOFLAGS: '-buildvcs=false', GOTOOLCHAIN: 'local', CGO_ENABLED: '0' };
  for (const k of ['GOOS', 'GOARCH', 'GOWORK', 'GODEBUG']) delete e[k];
  if (process.env['GOCMD_TEST_GOCACHE']) e['GOCACHE'] = process.env['GOCMD_TEST_GOCACHE'];
  return { ...e, ...extra };
}

function run(bin: 'go' | 'gocmd', args: string[], dir = mod, extra: Record<string, string> = {}): Result {
  const r = bin === 'go'
    ? spawnSync(GO, args, { cwd: dir, env: env(extra), encoding: 'utf8', maxBuffer: 64 << 20 })
    : gocmdSync(GOCMD, args, { cwd: dir, env: env(extra), encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Masks what differs between two runs of the same test: times and durations. */
function maskLine(line: string): string {
  return line
    .replace(/"Time":"[^"]*"/, '"Time":"T"')
    .replace(/"Elapsed":[0-9.e-]+/g, '"Elapsed":E')
    .replace(/\d+\.\d+s\b/g, 'N.NNNs');
}

/** The JSON event lines grouped by package (in their order within a package), masked; non-JSON lines under "?". */
function byPackage(stdout: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of stdout.split(/(?<=\n)/)) {
    if (line === '') continue;
    let key = '?';
    try {
      const e = JSON.parse(line) as { Package?: string; ImportPath?: string };
      key = e.Package ?? (e.ImportPath ?? '').split(' ')[0]!;
    } catch { /* not JSON: kept under "?" */ }
    out.set(key, [...(out.get(key) ?? []), maskLine(line)]);
  }
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Runs go then gocmd; asserts the same exit code and stderr, and the same JSON events per package. Returns gocmd's. */
function sameJSON(args: string[], dir = mod, extra: Record<string, string> = {}): Result {
  const want = run('go', args, dir, extra);
  const got = run('gocmd', args, dir, extra);
  assert.deepEqual(byPackage(got.stdout), byPackage(want.stdout), `events of go ${args.join(' ')}`);
  assert.equal(got.stderr, want.stderr, `stderr of go ${args.join(' ')}`);
  assert.equal(got.code, want.code, `exit code of go ${args.join(' ')}`);
  return got;
}

/** Runs go then gocmd with durations masked in stdout; asserts the same exit code, stdout and stderr. */
function same(args: string[], dir = mod): Result {
  const want = run('go', args, dir);
  const got = run('gocmd', args, dir);
  // A result go cached is replayed by gocmd, and the other way round: the two outcomes print alike.
  const m = (s: string): string => s.replace(/\d+\.\d+s\b|\(cached\)/g, 'N.NNNs');
  assert.equal(m(got.stdout), m(want.stdout), `stdout of go ${args.join(' ')}`);
  assert.equal(got.stderr, want.stderr, `stderr of go ${args.join(' ')}`);
  assert.equal(got.code, want.code, `exit code of go ${args.join(' ')}`);
  return got;
}

function actions(r: Result, pkg: string): string[] {
  return (byPackage(r.stdout).get(pkg) ?? []).map((l) => (JSON.parse(l.replace('"Elapsed":E', '"Elapsed":0')) as { Action: string }).Action);
}

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'gocmd-testjson-'));
  GOCMD = join(tmp, 'gocmd.mjs');
  await bundleCLI(GOCMD);
  mod = join(tmp, 'mod');
  cpSync(FIXTURE, mod, { recursive: true });
});

after(() => { if (tmp) removeTestDir(tmp); });

const P = 'example.com/testjson/';

describe('go test -json, compared with go', () => {
  test('passing, failing, skipped, build-failing, vet-failing, setup-failing and test-less packages', () => {
    const r = sameJSON(['test', '-json', '-count=1', './...']);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, '');
    assert.deepEqual(actions(r, P + 'pass').slice(0, 2), ['start', 'run']);
    assert.equal(actions(r, P + 'pass').at(-1), 'pass');
    assert.equal(actions(r, P + 'fail').at(-1), 'fail');
    assert.equal(actions(r, P + 'notest').at(-1), 'skip');
    // Build output comes as build-output/build-fail events, and the package's fail names the failed build.
    const bf = byPackage(r.stdout).get(P + 'buildfail')!;
    assert.ok(bf.some((l) => l.includes('"Action":"build-fail"')));
    assert.ok(bf.at(-1)!.includes(`"FailedBuild":"${P}buildfail [${P}buildfail.test]"`));
    assert.ok(byPackage(r.stdout).get(P + 'setupfail')!.at(-1)!.includes(`"FailedBuild":"${P}missing"`));
  });

  test('cached results are replayed as events, from go\'s cache entries and gocmd\'s', () => {
    run('go', ['test', '-json', './pass', './skip']);
    const r = sameJSON(['test', '-json', './pass', './skip']);
    assert.match(r.stdout, /"Output":"ok  \\t[^"]*\/pass\\t\(cached\)\\n"/);
    // gocmd's own fresh result, replayed by go (and by gocmd).
    appendFileSync(join(mod, 'pass/pass.go'), `\n// edited ${Date.now()}\n`);
    const fresh = run('gocmd', ['test', '-json', '-run=TestDouble', './pass']);
    assert.doesNotMatch(fresh.stdout, /\(cached\)/);
    const g = sameJSON(['test', '-json', '-run=TestDouble', './pass']);
    assert.match(g.stdout, /\(cached\)/);
  });

  test('GODEBUG=gotestjsonbuildtext=1: build output as text on stderr, no FailedBuild', () => {
    const r = sameJSON(['test', '-json', '-count=1', './buildfail', './setupfail', './pass'], mod, { GODEBUG: 'gotestjsonbuildtext=1' });
    assert.match(r.stderr, /^# example.com\/testjson\/buildfail/m);
    assert.doesNotMatch(r.stdout, /FailedBuild|build-output/);
  });

  test('the package in the current directory (output streamed) and -v', () => {
    sameJSON(['test', '-json'], join(mod, 'fail'));
    sameJSON(['test', '-json', '-v', '-count=1'], join(mod, 'pass'));
    sameJSON(['test', '-json', '-count=1', '-failfast', '-p=1', './fail', './pass']);
  });
});

describe('go test -p 1: the order go prints in, compared with go', () => {
  // With -p 1 go's action order is deterministic: each package's result follows its own build, before the
  // next package is compiled, so build errors and results interleave in one order (json stream and 2>&1).
  test('-json: the whole event stream in go\'s order', () => {
    const args = ['test', '-json', '-count=1', '-p=1', './...'];
    const want = run('go', args), got = run('gocmd', args);
    const lines = (s: string): string[] => s.split(/(?<=\n)/).map(maskLine);
    assert.deepEqual(lines(got.stdout), lines(want.stdout));
    assert.equal(got.code, want.code);
  });

  test('text: build errors and results interleaved as go prints them (stdout and stderr in one file)', () => {
    const args = ['test', '-count=1', '-p=1', './...'];
    const merged = (bin: 'go' | 'gocmd'): string => {
      const f = join(tmp, `merged-${bin}.txt`);
      const fd = openSync(f, 'w');
      try {
        const o = { cwd: mod, env: env(), encoding: 'utf8' as const, stdio: ['ignore', fd, fd] as ['ignore', number, number] };
        if (bin === 'go') spawnSync(GO, args, o); else gocmdSync(GOCMD, args, o);
      } finally {
        closeSync(fd);
      }
      return readFileSync(f, 'utf8').replace(/\d+\.\d+s\b/g, 'N.NNNs');
    };
    const want = merged('go');
    assert.match(want, /\[build failed\]/);
    assert.equal(merged('gocmd'), want);
  });
});

describe('the vet step of go test, compared with go', () => {
  test('a printf mistake in a test file fails the package as a build failure', () => {
    const r = same(['test', './vetfail', './pass']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /FAIL\texample.com\/testjson\/vetfail \[build failed\]/);
    assert.match(r.stderr, /fmt.Printf format %d has arg V\(\) of wrong type string/);
  });

  test('-vet=off, -vet=all and analyzer lists', () => {
    assert.equal(same(['test', '-vet=off', './vetfail']).code, 0);
    assert.equal(same(['test', '-vet=all', './vetfail']).code, 1);
    assert.equal(same(['test', '-vet=printf', './vetfail']).code, 1);
    assert.equal(same(['test', '-vet=atomic,bool', './vetfail']).code, 0);
    same(['test', '-vet=nosuch', './vetfail']);
  });

  test('vet results are cached and shared: go runs no vet tool after gocmd vetted', () => {
    appendFileSync(join(mod, 'pass/pass_test.go'), `\n// edited ${Date.now()}\n`);
    const mine = run('gocmd', ['test', '-x', './pass']);
    assert.match(mine.stderr, /\/vet -atomic -bool -buildtags .*vet\.cfg/);
    const theirs = run('go', ['test', '-x', '-count=1', './pass']);
    assert.equal(theirs.code, 0);
    assert.doesNotMatch(theirs.stderr, /\/vet /);
  });
});

describe('go vet of packages with test files, compared with go', () => {
  test('the test files are vetted (p [p.test], p_test [p.test])', () => {
    const r = same(['vet', './vetfail', './pass', './skip', './setupfail']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /v_test.go:9:14: fmt.Printf format %d has arg V\(\) of wrong type string/);
    same(['vet', '-json', './vetfail']);
  });
});
