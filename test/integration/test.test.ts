// Integration tests: gocmd test against real go test on a fixture module (outputs compared with timings masked).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { GO } from './buildharness.js';
import { bundleCLI, gocmdSync } from './cliharness.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const FIXTURE = join(ROOT, 'test/fixtures/testing');

let tmp = '';
let mod = '';
let gocache = '';
let GOCMD = '';

interface Result { code: number; stdout: string; stderr: string }

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, GOCACHE: gocache, GOFLAGS: '', GOTOOLCHAIN: 'local', CGO_ENABLED: '0' };
  for (const k of ['GOOS', 'GOARCH', 'TM_VALUE', 'GOWORK']) delete e[k];
  return { ...e, ...extra };
}

function run(bin: 'go' | 'gocmd', dir: string, args: string[], extra: Record<string, string> = {}): Result {
  // Read as latin1 (a character per byte), so outputs compare byte for byte, bytes that are not UTF-8 too.
  // gocmd does not run vet yet: go runs without it too, so that both do the same work.
  const r = bin === 'go'
    ? spawnSync(GO, [args[0]!, '-vet=off', ...args.slice(1)], { cwd: dir, env: env(extra), encoding: 'latin1', maxBuffer: 64 << 20 })
    : gocmdSync(GOCMD, args, { cwd: dir, env: env(extra), encoding: 'latin1', maxBuffer: 64 << 20 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Masks what differs between two runs of the same tests: durations, addresses, goroutine numbers, benchmark figures, JSON times. */
function mask(s: string): string {
  return s
    .replace(/"Time":"[^"]*"/g, '"Time":T')
    .replace(/"Elapsed":[\d.]+/g, '"Elapsed":E')
    .replace(/\d+\.\d+s\b/g, 'N.NNNs')
    .replace(/0x[0-9a-f]+/g, '0xADDR')
    .replace(/goroutine \d+/g, 'goroutine N')
    .replace(/^(Benchmark\S*)\s.*$/gm, '$1 <figures>')
    .replace(/\/tmp\/go-build\d+/g, '$WORK');
}

/** Runs args with gocmd, then with go; asserts the same exit code, stdout and stderr (masked). Returns gocmd's. */
function same(dir: string, args: string[], extra: Record<string, string> = {}): Result {
  const mine = run('gocmd', dir, args, extra);
  const theirs = run('go', dir, args, extra);
  assert.equal(mask(mine.stdout), mask(theirs.stdout), `stdout of test ${args.join(' ')}`);
  assert.equal(mask(mine.stderr), mask(theirs.stderr), `stderr of test ${args.join(' ')}`);
  assert.equal(mine.code, theirs.code, `exit code of test ${args.join(' ')}`);
  return mine;
}

/** Sets a file's content with an mtime in the past (go does not cache results that read files younger than 2s). */
function writeOld(file: string, text: string, ageSec: number): void {
  writeFileSync(file, text);
  const t = Date.now() / 1000 - ageSec;
  utimesSync(file, t, t);
}

/** Recreates a directory tree of hard links to from's files; files that vanish meanwhile (other writers' temporaries) are skipped. */
function linkTree(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const e of readdirSync(from, { withFileTypes: true })) {
    const [src, dst] = [join(from, e.name), join(to, e.name)];
    if (e.isDirectory()) linkTree(src, dst);
    else if (e.isFile()) {
      try {
        linkSync(src, dst);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    }
  }
}

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'gocmd-test-test-'));
  GOCMD = join(tmp, 'gocmd.mjs');
  await bundleCLI(GOCMD);
  gocache = process.env['GOCMD_TEST_GOCACHE'] || join(tmp, 'gocache');
  mkdirSync(gocache, { recursive: true });
  mod = join(tmp, 'mod');
  cpSync(FIXTURE, mod, { recursive: true });
  writeOld(join(mod, 'inputs/testdata/value.txt'), 'one', 100);
});

after(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('go test, compared with go', () => {
  test('every package: pass, fail, skip, panic, examples, TestMain, setup failures, no test files', () => {
    const r = same(mod, ['test', '-count=1', './...']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^ok {2}\texample\.com\/tm\/pass\t/m);
    assert.match(r.stdout, /^FAIL\texample\.com\/tm\/fail\t/m);
    assert.match(r.stdout, /^FAIL\texample\.com\/tm\/badsig \[setup failed\]$/m);
    assert.match(r.stdout, /^\? {3}\texample\.com\/tm\/notest\t\[no test files\]$/m);
    assert.match(r.stdout, /^FAIL\n$/m);
    assert.match(r.stderr, /import cycle not allowed in test/);
  });

  test('-v with subtests, skips, examples and an external test package', () => {
    const r = same(mod, ['test', '-v', '-count=1', './pass', './xt', './tmain']);
    assert.match(r.stdout, /--- SKIP: TestSkipped/);
    assert.match(r.stdout, /--- PASS: TestSub\/two/);
    assert.match(r.stdout, /--- PASS: ExampleAdd_unordered/);
    assert.doesNotMatch(r.stdout, /ExampleAdd_nooutput/);
  });

  test('-run, -skip, -short, -failfast, -cpu, -parallel, -shuffle and unknown -test.* flags', () => {
    same(mod, ['test', '-count=1', '-v', '-run', 'Add|Sub/one', './pass']);
    same(mod, ['test', '-count=1', '-v', '-skip', 'Sub', '-short', './pass']);
    same(mod, ['test', '-count=1', '-failfast', '-p=1', './fail', './pass']);
    same(mod, ['test', '-count=1', '-v', '-cpu=1,2', '-parallel=2', '-shuffle=off', '-run=TestAdd', './pass']);
    same(mod, ['test', '-count=1', '-run=TestAdd', './pass', '-test.v']);
    same(mod, ['test', '-count=1', '-run=NoSuchTest', './pass']);
  });

  test('-list, -args and -bench', () => {
    same(mod, ['test', '-list', '.', './pass']);
    same(mod, ['test', '-count=1', './pass', '-args', '-test.run=TestAdd', '-test.v']);
    same(mod, ['test', '-run=^$', '-bench=.', '-benchtime=1x', '-benchmem', './pass']);
  });

  test('a failing and a panicking test exit 1', () => {
    const r = same(mod, ['test', '-count=1', './fail', './panicky']);
    assert.match(r.stdout, /panic: assignment to entry in nil map/);
    assert.match(r.stdout, /got:\nx\nwant:\ny/);
  });

  test('local directory mode streams output and is never cached', () => {
    same(join(mod, 'fail'), ['test']);
    const r1 = same(join(mod, 'pass'), ['test']);
    assert.doesNotMatch(r1.stdout, /cached/);
    const r2 = same(join(mod, 'pass'), ['test', '-v']);
    assert.doesNotMatch(r2.stdout, /cached/);
  });

  test('-exec with a program that cannot start: go\'s exec error, not the shell\'s', () => {
    // Buffered (package arguments), streamed (local directory mode) and as JSON events: a name not on PATH,
    // a missing path, a file that is not executable (a path is relative to the package directory) and a directory.
    const r = same(mod, ['test', '-count=1', '-exec', 'gocmd-no-such-wrapper', './pass', './dep']);
    assert.match(r.stdout, /^exec: "gocmd-no-such-wrapper": executable file not found in \$PATH\nFAIL\texample\.com\/tm\/pass\t/m);
    same(mod, ['test', '-count=1', '-exec', './no-such-wrapper.sh', './pass']);
    same(mod, ['test', '-count=1', '-exec', '../go.mod', './pass']);
    same(mod, ['test', '-count=1', '-exec', '../xt', './pass']);
    // "/" and ".." are their own base names, which go looks up on PATH.
    same(mod, ['test', '-count=1', '-exec', '/', './pass']);
    same(mod, ['test', '-count=1', '-exec', '..', './pass']);
    same(mod, ['test', '-json', '-count=1', '-exec', 'gocmd-no-such-wrapper', './pass']);
    same(join(mod, 'pass'), ['test', '-exec', 'gocmd-no-such-wrapper']);
  });

  test('output that is not UTF-8: the same bytes as text, buffered, streamed, cached, and U+FFFD escapes in -json', () => {
    const r = same(mod, ['test', '-count=1', '-v', './rawbytes', './pass']);
    assert.match(r.stdout, /^latin1 caf\xe9, cut \xe2\x82\n/m);
    same(mod, ['test', '-count=1', '-v', '-p=1', './rawbytes']);
    same(join(mod, 'rawbytes'), ['test', '-v']);
    const j = same(mod, ['test', '-count=1', '-json', './rawbytes']);
    assert.match(j.stdout, /"Output":"latin1 caf\\ufffd, cut \\ufffd\\ufffd\\n"/);
    // The result is stored with its bytes and replayed (-v keeps the output in the cached result).
    run('gocmd', mod, ['test', '-v', './rawbytes']);
    const c = same(mod, ['test', '-v', './rawbytes']);
    assert.match(c.stdout, /^latin1 caf\xe9, cut \xe2\x82\n[\s\S]*\(cached\)\n$/m);
    same(mod, ['test', '-v', './rawbytes']);
  });

  test('usage errors', () => {
    same(mod, ['test', '-count']);
    same(mod, ['test', '-vet=bogus', './pass']);
    same(mod, ['test', '-c', '-unknownflag', './pass']);
  });
});

describe('go test result cache', () => {
  test('a second run prints (cached), and go finds gocmd\'s entry', () => {
    const first = run('gocmd', mod, ['test', './dep', './mainpkg']);
    assert.equal(first.code, 0, first.stderr);
    const second = run('gocmd', mod, ['test', './dep', './mainpkg']);
    assert.equal(second.stdout, 'ok  \texample.com/tm/dep\t(cached)\nok  \texample.com/tm/mainpkg\t(cached)\n');
    const theirs = run('go', mod, ['test', './dep', './mainpkg']);
    assert.equal(theirs.stdout, second.stdout);
    const v = run('gocmd', mod, ['test', '-count=1', './dep']);
    assert.doesNotMatch(v.stdout, /cached/);
  });

  test('a test that read a file and an environment variable reruns when either changes', () => {
    const get = (extra: Record<string, string> = {}): string => {
      const r = run('gocmd', mod, ['test', './inputs'], extra);
      assert.equal(r.code, 0, r.stderr);
      return r.stdout;
    };
    get();
    assert.match(get(), /\(cached\)/);
    assert.doesNotMatch(get({ TM_VALUE: 'changed' }), /\(cached\)/);
    assert.match(get({ TM_VALUE: 'changed' }), /\(cached\)/);
    writeOld(join(mod, 'inputs/testdata/value.txt'), 'two', 50);
    assert.doesNotMatch(get({ TM_VALUE: 'changed' }), /\(cached\)/);
    assert.match(get({ TM_VALUE: 'changed' }), /\(cached\)/);
    // -v output is cached with the result.
    const v1 = run('gocmd', mod, ['test', '-v', './inputs']).stdout;
    const v2 = run('gocmd', mod, ['test', '-v', './inputs']).stdout;
    assert.match(v2, /file=two env=\n[\s\S]*\(cached\)/);
    const last = (s: string): string => mask(s.replace(/\t(\(cached\)|\d+\.\d+s)\n$/, '\tT\n'));
    assert.equal(last(v1), last(v2));
  });

  test('go clean -testcache expires results', () => {
    // Expiry is cache-wide: in the run's shared GOCACHE it would expire the results that test files running
    // alongside this one have just stored. A private cache of hard links to the shared entries keeps the
    // standard library compiled once and the expiry to this test.
    const own = join(tmp, 'gocache-expiry');
    linkTree(gocache, own);
    const g = { GOCACHE: own };
    run('gocmd', mod, ['test', './dep'], g);
    assert.match(run('gocmd', mod, ['test', './dep'], g).stdout, /\(cached\)/);
    assert.equal(run('gocmd', mod, ['clean', '-testcache'], g).code, 0);
    assert.doesNotMatch(run('gocmd', mod, ['test', './dep'], g).stdout, /\(cached\)/);
  });
});

describe('go list -test', () => {
  test('test variants, test mains and their imports, as go lists them', () => {
    const listSame = (args: string[]): void => {
      const mine = gocmdSync(GOCMD, ['list', ...args], { cwd: mod, env: env(), encoding: 'utf8' });
      const theirs = spawnSync(GO, ['list', ...args], { cwd: mod, env: env(), encoding: 'utf8' });
      assert.equal(mine.stdout, theirs.stdout, `stdout of list ${args.join(' ')}`);
      assert.equal(mine.stderr, theirs.stderr, `stderr of list ${args.join(' ')}`);
      assert.equal(mine.status, theirs.status);
    };
    listSame(['-test', './...']);
    listSame(['-test', '-deps', '-json=ImportPath,ForTest,Imports,ImportMap,Deps,DepOnly,GoFiles,Error,DepsErrors', './dep', './xt', './pass']);
    listSame(['-e', '-test', '-json=ImportPath,ForTest,Error,Incomplete', './...']);
    listSame(['-test', './badsig']);
  });
});

describe('go test -c', () => {
  test('-c -o writes the test binary, which runs', () => {
    const out = join(tmp, 'bin', 'pass.test');
    const r = run('gocmd', mod, ['test', '-c', '-o', out, './pass']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.ok(existsSync(out));
    const t = spawnSync(out, ['-test.run=TestAdd', '-test.v'], { cwd: join(mod, 'pass'), encoding: 'utf8' });
    assert.equal(t.status, 0);
    assert.match(t.stdout, /--- PASS: TestAdd/);
  });
});
