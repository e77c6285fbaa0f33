// Integration: GOCMD_EXPLAIN=1 (beyond go) says why go test ran a package's tests instead of printing
// "(cached)": a small module tested, then retested after each kind of change (a source file, a testdata file
// the tests open, a variable they read, -run, -count=1, go clean -testcache), each line checked. Without
// GOCMD_EXPLAIN, stdout and stderr are go's.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GO } from './buildharness.js';
import { bundleCLI, gocmdSync, removeTestDir } from './cliharness.js';

let tmp = '';
let GOCMD = '';

interface Result { code: number; stdout: string; stderr: string }

function run(bin: 'go' | 'gocmd', args: string[], extra: Record<string, string> = {}, cache = 'cache'): Result {
  const env: NodeJS.ProcessEnv = { ...process.env, GOCACHE: join(tmp, cache), GOFLAGS: '-buildvcs=false', GOTOOLCHAIN: 'local', ...extra };
  for (const k of ['GOOS', 'GOARCH', 'CGO_ENABLED', 'GOEXPERIMENT', 'GOCMD_EXPLAIN', 'EXPLAIN_TEST_VAR']) if (!(k in extra)) delete env[k];
  const opts = { cwd: join(tmp, 'm'), env, encoding: 'utf8' as const };
  const r = bin === 'go' ? spawnSync(GO, args, opts) : gocmdSync(GOCMD, args, opts);
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** gocmd test ./foo with GOCMD_EXPLAIN=1: its result line and its rerunning line (undefined: none). */
function explained(args: string[], extra: Record<string, string> = {}): { result: string; line: string | undefined } {
  const r = run('gocmd', ['test', ...args, './foo'], { GOCMD_EXPLAIN: '1', ...extra });
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stderr.split('\n').filter((l) => l.startsWith('gocmd: rerunning tests of '));
  assert.ok(lines.length <= 1, r.stderr);
  for (const l of r.stderr.split('\n')) if (l !== '') assert.match(l, /^gocmd: (rebuilding|relinking|re-vetting|rerunning tests of) /);
  return { result: r.stdout, line: lines[0] };
}

/** foo.go, compiled to another binary for each n. */
// (Not inlined: the linker would drop an inlined Add's body, and the binary would not change.)
const source = (n: number): string => `package foo\n\n//go:noinline\nfunc Add(a, b int) int {\n\tif a == -${n} {\n\t\treturn 0\n\t}\n\treturn a + b\n}\n`;

const LINE = 'gocmd: rerunning tests of example.com/m/foo: ';
const at = (minutesAgo: number): Date => new Date(Date.now() - minutesAgo * 60_000);

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'gocmd-explaintest-'));
  GOCMD = join(tmp, 'gocmd.cjs');
  await bundleCLI(GOCMD);
  const m = join(tmp, 'm');
  mkdirSync(join(m, 'foo', 'testdata'), { recursive: true });
  writeFileSync(join(m, 'go.mod'), 'module example.com/m\n\ngo 1.22\n');
  writeFileSync(join(m, 'foo', 'foo.go'), source(0));
  writeFileSync(join(m, 'foo', 'foo_test.go'), `package foo

import (
	"os"
	"testing"
)

func TestAdd(t *testing.T) {
	if Add(1, 2) != 3 {
		t.Fatal("Add")
	}
}

func TestInput(t *testing.T) {
	if _, err := os.ReadFile("testdata/input.json"); err != nil {
		t.Fatal(err)
	}
	if os.Getenv("EXPLAIN_TEST_VAR") == "fail" {
		t.Fatal("asked to fail")
	}
}
`);
  writeFileSync(join(m, 'foo', 'testdata', 'input.json'), '{}\n');
  // Older than go's 2 s: a file the tests read that is newer keeps the result out of the cache.
  utimesSync(join(m, 'foo', 'testdata', 'input.json'), at(60), at(60));
  // The standard library compiled by go for both caches: gocmd's misses are then this module's (foo.go then
  // changes, so that gocmd builds foo itself and records it).
  for (const cache of ['cache', 'gocache']) {
    const r = run('go', ['test', '-c', '-o', join(tmp, 'warm.test'), './foo'], {}, cache);
    assert.equal(r.code, 0, r.stderr);
  }
  writeFileSync(join(m, 'foo', 'foo.go'), source(100));
});

after(() => removeTestDir(tmp));

test('each reason a test runs again is named; a cached result says nothing', () => {
  const m = join(tmp, 'm');
  let e = explained([]);
  assert.equal(e.line, `${LINE}no earlier run recorded`);
  assert.match(e.result, /^ok  \texample\.com\/m\/foo\t[0-9.]+s\n$/);

  e = explained([]);
  assert.equal(e.result, 'ok  \texample.com/m/foo\t(cached)\n');
  assert.equal(e.line, undefined);

  // A source file: the binary changed, and the build's own explanation says which input.
  writeFileSync(join(m, 'foo', 'foo.go'), source(1));
  e = explained([]);
  assert.equal(e.line, `${LINE}test binary changed (foo.go changed)`);

  // A testdata file the tests open.
  writeFileSync(join(m, 'foo', 'testdata', 'input.json'), '{"a": 1}\n');
  utimesSync(join(m, 'foo', 'testdata', 'input.json'), at(30), at(30));
  e = explained([]);
  assert.equal(e.line, `${LINE}testdata/input.json changed (the tests opened it)`);
  assert.equal(explained([]).line, undefined);

  // A variable the tests read.
  e = explained([], { EXPLAIN_TEST_VAR: 'x' });
  assert.equal(e.line, `${LINE}$EXPLAIN_TEST_VAR changed (the tests read it)`);
  assert.equal(explained([], { EXPLAIN_TEST_VAR: 'x' }).line, undefined);

  // A cacheable flag.
  e = explained(['-run', 'TestAdd'], { EXPLAIN_TEST_VAR: 'x' });
  assert.equal(e.line, `${LINE}-run changed (was none, now TestAdd)`);

  // Flags go never caches.
  assert.equal(explained(['-count=1'], { EXPLAIN_TEST_VAR: 'x' }).line, `${LINE}-count=1 asks for a fresh run`);
  assert.equal(explained([`-cpuprofile=${join(tmp, 'cpu.out')}`], { EXPLAIN_TEST_VAR: 'x' }).line, `${LINE}flags that are not cacheable (-cpuprofile)`);
  // -count=1 stored nothing: the earlier result is still there.
  assert.equal(explained(['-run', 'TestAdd'], { EXPLAIN_TEST_VAR: 'x' }).line, undefined);

  // go clean -testcache.
  assert.equal(run('gocmd', ['clean', '-testcache']).code, 0);
  e = explained(['-run', 'TestAdd'], { EXPLAIN_TEST_VAR: 'x' });
  assert.equal(e.line, `${LINE}the test cache was cleaned (go clean -testcache)`);

  // A run whose -run left TestInput out recorded nothing TestInput reads; this one (cleaned too) does.
  assert.equal(explained([], { EXPLAIN_TEST_VAR: 'x' }).line, `${LINE}the test cache was cleaned (go clean -testcache)`);
  // Two changes at once: both named, in the order the tests read them.
  writeFileSync(join(m, 'foo', 'testdata', 'input.json'), '{"a": 2}\n');
  utimesSync(join(m, 'foo', 'testdata', 'input.json'), at(20), at(20));
  e = explained([], { EXPLAIN_TEST_VAR: 'y' });
  assert.equal(e.line, `${LINE}testdata/input.json changed (the tests opened it), $EXPLAIN_TEST_VAR changed (the tests read it)`);

  // A failed run stores no result: run again unchanged, it says so.
  for (const line of [`${LINE}$EXPLAIN_TEST_VAR changed (the tests read it)`, `${LINE}the last run failed (go caches passing results only)`]) {
    const r = run('gocmd', ['test', './foo'], { GOCMD_EXPLAIN: '1', EXPLAIN_TEST_VAR: 'fail' });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^FAIL\texample\.com\/m\/foo\t/m);
    assert.equal(r.stderr.split('\n').find((l) => l.startsWith(LINE)), line);
  }
  assert.equal(explained([], { EXPLAIN_TEST_VAR: 'y' }).line, undefined, 'the passing result is still stored');
});

test('-json: the line goes to stderr, the JSON stream on stdout is unchanged', () => {
  const r = run('gocmd', ['test', '-json', '-count=1', './foo'], { GOCMD_EXPLAIN: '1' });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /^gocmd: rerunning tests of example\.com\/m\/foo: -count=1 asks for a fresh run$/m);
  for (const l of r.stdout.split('\n')) if (l !== '') assert.doesNotThrow(() => JSON.parse(l), l);
  assert.doesNotMatch(r.stdout, /rerunning tests/);
});

test('without GOCMD_EXPLAIN, stdout and stderr are go\'s', () => {
  const m = join(tmp, 'm');
  const norm = (s: string): string => s.replace(/\t[0-9.]+s\n/g, '\tTIME\n');
  const both = (args: string[], extra: Record<string, string> = {}): void => {
    const g = run('go', ['test', ...args, './foo'], extra, 'gocache');
    const c = run('gocmd', ['test', ...args, './foo'], extra);
    assert.equal(c.code, g.code);
    assert.equal(norm(c.stdout), norm(g.stdout));
    assert.equal(c.stderr, g.stderr);
  };
  writeFileSync(join(m, 'foo', 'foo.go'), source(2));
  both([]);
  both([]);
  both([], { EXPLAIN_TEST_VAR: 'z' });
  both(['-count=1']);
  both(['-v', '-run', 'TestAdd']);
});
