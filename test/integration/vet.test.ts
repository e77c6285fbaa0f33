// Integration tests: gocmd vet and fix against real go on test/fixtures/vet, output and exit codes byte for
// byte, vet.cfg files identical, and the vet results shared through GOCACHE in both directions.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { GO } from './buildharness.js';
import { bundleCLI, gocmdSync, removeTestDir, type Result } from './cliharness.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const FIXTURE = join(ROOT, 'test/fixtures/vet');
const VET_TOOL = '/usr/local/go/pkg/tool/linux_amd64/vet';

// The CLI bundled into the temp dir (as build.test.ts does): a concurrent `npm run build` cannot swap it.
let GOCMD = '';
let tmp = '';
/** The fixture module, copied so that fixes and fresh edits do not touch the repository. */
let mod = '';

// The default GOCACHE is shared (std's vet facts are then mostly cached); each test that needs a fresh
// vet makes it fresh by editing a file or passing a flag value no earlier run used.
function env(goflags = ''): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, GOFLAGS: `-buildvcs=false ${goflags}`, GOTOOLCHAIN: 'local', CGO_ENABLED: '0' };
  delete e['GOOS'];
  delete e['GOARCH'];
  return e;
}

function run(bin: 'go' | 'gocmd', args: string[], dir = mod, goflags = ''): Result {
  const r = bin === 'go'
    ? spawnSync(GO, args, { cwd: dir, env: env(goflags), encoding: 'utf8', maxBuffer: 64 << 20 })
    : gocmdSync(GOCMD, args, { cwd: dir, env: env(goflags), encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Runs go then gocmd with args and asserts the same exit code, stdout and stderr. */
function same(args: string[], dir = mod, goflags = ''): Result {
  const want = run('go', args, dir, goflags);
  const got = run('gocmd', args, dir, goflags);
  assert.deepEqual(got, want, `gocmd ${args.join(' ')} differs from go`);
  return got;
}

let seq = 0;
/** A value no earlier run used, so that the vet action IDs it feeds are new (nothing cached). */
function fresh(): string {
  return `z${process.pid}x${Date.now()}x${seq++}`;
}

/** Whether a -x transcript runs the vet (or fix) tool. */
function ranTool(stderr: string, tool = 'vet'): boolean {
  return stderr.split('\n').some((l) => l.includes(`/pkg/tool/linux_amd64/${tool} `));
}

describe('go vet and go fix', { skip: !existsSync(GO) }, () => {
  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'gocmd-vet-'));
    GOCMD = join(tmp, 'gocmd.mjs');
    await bundleCLI(GOCMD);
    mod = join(tmp, 'vetfix');
    cpSync(FIXTURE, mod, { recursive: true });
  });
  after(() => removeTestDir(tmp));

describe('go vet', () => {
  test('a clean package: no output, exit 0', () => {
    const r = same(['vet', './clean']);
    assert.equal(r.code, 0);
  });

  test('printf mistakes: file:line:col: message on stderr, exit 1', () => {
    const r = same(['vet', './printf']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^printf\/printf\.go:8:14: fmt\.Printf format %s has arg n of wrong type int\n/);
  });

  test('analyzer flags pass through: -printf=false silences printf', () => {
    const r = same(['vet', '-printf=false', './printf']);
    assert.equal(r.code, 0);
    same(['vet', '-printf', '-printf.funcs', 'Logf', './printf']);
  });

  test('analyzer flags in GOFLAGS reach the tool unless the command line sets them; bad ones fail as in go', () => {
    assert.equal(same(['vet', './printf'], mod, '-printf=false').code, 0);
    assert.equal(same(['vet', '-printf', './printf'], mod, '-printf=false').code, 1);
    assert.equal(same(['vet', './printf'], mod, '-printf=maybe').code, 2);
    assert.equal(same(['vet', './printf'], mod, '-nosuchanalyzer').code, 1);
  });

  test('-json: the tool\'s JSON on stdout, exit 0', () => {
    const r = same(['vet', '-json', './printf']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /"printf": \[/);
    same(['vet', '-json', './clean']);
  });

  test('-c=1 prints each problem with a line of context', () => {
    const r = same(['vet', '-c=1', './ctx']);
    assert.match(r.stderr, /\n8\t\tfmt\.Println\("before"\)\n9\t/);
  });

  test('a package that does not type-check: "# pkg" and the tool\'s vet: line', () => {
    const r = same(['vet', './typeerr']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^# example\.com\/vetfix\/typeerr\nvet: typeerr\/typeerr\.go:5:23: /);
  });

  test('facts from dependencies: a printf wrapper in an imported package', () => {
    const r = same(['vet', './cfgcheck']);
    assert.match(r.stderr, /cfgcheck\.go:18:18: example\.com\/vetfix\/leaf\.Logf format %d has arg "x" of wrong type string/);
  });

  test('flag errors and usage as go prints them', () => {
    for (const args of [['vet', '-nosuch', './clean'], ['vet', '-diff', './clean'], ['vet', '-h'], ['vet', '-printf=maybe', './clean'],
      ['vet', '-vettool'], ['vet', '-vettool=./nonexistent', './clean'], ['vet', '-json', '-fix', '-diff', './clean'],
      ['vet', './nonexistent'], ['vet', '-x=3', './clean'], ['fix', '-c=2', './fixme']]) {
      const r = same(args);
      assert.notEqual(r.code, 0, args.join(' '));
    }
  });

  test('vet.cfg files byte for byte, and the same commands as go -x (in some order)', () => {
    // Fresh analyzer flag values make every vet action (std's included) run again, in both.
    const mine = run('gocmd', ['vet', '-x', '-work', `-printf.funcs=${fresh()}`, './cfgcheck']);
    const theirs = run('go', ['vet', '-x', '-work', `-printf.funcs=${fresh()}`, './cfgcheck']);
    assert.equal(mine.code, theirs.code);
    const work = (r: Result): string => /^WORK=(.*)$/m.exec(r.stderr)![1]!;
    const [mw, tw] = [work(mine), work(theirs)];
    try {
      const cfgs = (w: string): Map<string, string> => new Map(readdirSync(w).filter((b) => existsSync(join(w, b, 'vet.cfg')))
        .map((b) => [b, readFileSync(join(w, b, 'vet.cfg'), 'utf8').split(w).join('$WORK')]));
      const [mc, tc] = [cfgs(mw), cfgs(tw)];
      assert.ok(tc.size >= 4, `go wrote ${tc.size} vet.cfg files`);
      assert.deepEqual([...mc.keys()].sort(), [...tc.keys()].sort());
      for (const [b, text] of tc) assert.equal(mc.get(b), text, `${b}/vet.cfg differs`);
      const lines = (r: Result, w: string): string[] => r.stderr.split(w).join('$WORK').replace(/-printf\.funcs=z\w+/g, 'FLAG').split('\n').sort();
      assert.deepEqual(lines(mine, mw), lines(theirs, tw));
    } finally {
      removeTestDir(mw);
      removeTestDir(tw);
    }
  });

  test('the vet cache is go\'s: go vet after gocmd vet runs no vet tool, and the other way round', () => {
    appendFileSync(join(mod, 'printf/printf.go'), `// ${fresh()}\n`);
    const mine = run('gocmd', ['vet', '-x', './printf']);
    assert.ok(ranTool(mine.stderr), 'gocmd vet should have run the vet tool on an edited package');
    const theirs = run('go', ['vet', '-x', './printf']);
    assert.ok(!ranTool(theirs.stderr), `go vet ran the vet tool after gocmd vet:\n${theirs.stderr}`);
    assert.equal(theirs.code, 1);

    appendFileSync(join(mod, 'printf/printf.go'), `// ${fresh()}\n`);
    assert.ok(ranTool(run('go', ['vet', '-x', './printf']).stderr));
    const again = run('gocmd', ['vet', '-x', './printf']);
    assert.ok(!ranTool(again.stderr), `gocmd vet ran the vet tool after go vet:\n${again.stderr}`);
    // The replayed diagnostics are the same as a live run's.
    same(['vet', './printf']);
  });
});

describe('go fix', () => {
  function copy(name: string): string {
    const dir = join(tmp, name);
    cpSync(FIXTURE, dir, { recursive: true });
    return dir;
  }

  test('-diff prints the unified diff and exits 1', () => {
    const dir = copy('fixdiff');
    const r = same(['fix', '-diff', './fixme'], dir);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^-func Identity\(x interface\{\}\) interface\{\} \{\n\+func Identity\(x any\) any \{$/m);
  });

  test('fix rewrites the files as go does (and go vet -fix the same way)', () => {
    const a = copy('fixgo'), b = copy('fixgocmd');
    const want = run('go', ['fix', './fixme'], a);
    const got = run('gocmd', ['fix', './fixme'], b);
    assert.deepEqual(got, want);
    const file = 'fixme/fixme.go';
    assert.equal(readFileSync(join(b, file), 'utf8'), readFileSync(join(a, file), 'utf8'));
    assert.notEqual(readFileSync(join(b, file), 'utf8'), readFileSync(join(FIXTURE, file), 'utf8'));
    // Back to the original text in go's copy: the same fix action as go's run, whose fixes come from the cache.
    const fixed = readFileSync(join(a, file), 'utf8');
    cpSync(join(FIXTURE, file), join(a, file));
    const cached = run('gocmd', ['fix', '-x', './fixme'], a);
    assert.ok(!ranTool(cached.stderr, 'fix'), `the fixes should come from the cache:\n${cached.stderr}`);
    assert.equal(readFileSync(join(a, file), 'utf8'), fixed);
    same(['fix', '-diff', './fixme'], b);
  });

  test('-fixtool: another tool, asked for its flags', () => {
    const dir = copy('fixtool');
    same(['fix', `-fixtool=${VET_TOOL}`, '-diff', './clean'], dir);
  });
});
});
