// Integration tests: a fully cached `go test` answered from gocmd's no-op stamp (test/teststamp.ts) prints
// what go prints, and everything that makes go run a test again (a source edit, a file or environment
// variable the test read, other flags, go clean -testcache) makes gocmd run it again too.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GO } from './buildharness.js';
import { bundleCLI, gocmdSync } from './cliharness.js';

let tmp = '';
let mod = '';
let GOCMD = '';

const FILES: Record<string, string> = {
  'go.mod': 'module example.com/ts\n\ngo 1.22\n',
  'a/a.go': 'package a\n\nfunc Double(x int) int { return 2 * x }\n',
  'a/a_test.go': `package a

import (
	"os"
	"testing"
)

func TestDouble(t *testing.T) {
	if Double(2) != 4 {
		t.Fatal("wrong")
	}
}

func TestInputs(t *testing.T) {
	b, err := os.ReadFile("testdata/v.txt")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("file %s env %q", b, os.Getenv("TS_VALUE"))
}
`,
  'a/testdata/v.txt': 'one',
  'b/b.go': 'package b\n',
};

interface Result { code: number; stdout: string; stderr: string }

function run(bin: 'go' | 'gocmd', args: string[], extra: Record<string, string> = {}): Result {
  const env: NodeJS.ProcessEnv = { ...process.env, GOCACHE: join(tmp, `cache-${bin}`), GOFLAGS: '-buildvcs=false', GOTOOLCHAIN: 'local', CGO_ENABLED: '0' };
  for (const k of ['GOOS', 'GOARCH', 'GOWORK', 'GOCMD_NOOPSTAMP', 'GOCMD_NOOPDEBUG', 'TS_VALUE']) delete env[k];
  Object.assign(env, extra);
  const r = bin === 'go'
    ? spawnSync(GO, args, { cwd: mod, env, encoding: 'utf8' })
    : gocmdSync(GOCMD, args, { cwd: mod, env, encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const mask = (s: string): string => s.replace(/\d+\.\d+s\b/g, 'N.NNNs');

/** Runs args with gocmd, then go; asserts the same exit code and output (durations masked); returns gocmd's stdout. */
function same(args: string[], extra: Record<string, string> = {}): string {
  const mine = run('gocmd', args, extra);
  const theirs = run('go', args, extra);
  assert.equal(mask(mine.stdout), mask(theirs.stdout), `stdout of ${args.join(' ')}`);
  assert.equal(mask(mine.stderr), mask(theirs.stderr), `stderr of ${args.join(' ')}`);
  assert.equal(mine.code, theirs.code, `exit code of ${args.join(' ')}`);
  return mine.stdout;
}

/** Number of recorded stamps in gocmd's cache. */
const stamps = (): number => {
  try {
    return readdirSync(join(tmp, 'cache-gocmd', 'gocmd-noop')).filter((n) => /^[0-9a-f]{64}$/.test(n)).length;
  } catch {
    return 0;
  }
};

/** Sets a file's content and ages it (and every directory) so that nothing looks recently written to go's or gocmd's caches. */
function writeAged(rel: string, text: string): void {
  writeFileSync(join(mod, rel), text);
  const t = Date.now() / 1000 - 100;
  utimesSync(join(mod, rel), t, t);
}

/** ctimes cannot be set back: a stamp is recorded only 2 s after the last change (git's racy rule). */
const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 2100));

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'gocmd-teststamp-'));
  GOCMD = join(tmp, 'gocmd.mjs');
  await bundleCLI(GOCMD);
  mod = join(tmp, 'mod');
  for (const [rel, text] of Object.entries(FILES)) {
    mkdirSync(join(mod, rel, '..'), { recursive: true });
    writeAged(rel, text);
  }
  const t = Date.now() / 1000 - 100;
  for (const d of ['a/testdata', 'a', 'b', '.']) utimesSync(join(mod, d), t, t);
});

after(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('go test answered from the no-op stamp, compared with go', () => {
  test('cached results replay, and each input go checks invalidates them', async () => {
    same(['test', './...']);
    await settle();
    assert.match(same(['test', './...']), /ok  \texample.com\/ts\/a\t\(cached\)/);
    assert.equal(stamps(), 1, 'the fully cached run records a stamp');
    same(['test', './...']);
    const fast = run('gocmd', ['test', './...'], { GOCMD_NOOPDEBUG: '1' });
    assert.equal(fast.stderr, '', 'the third run is answered from the stamp');
    same(['test', '-v', './...']);
    await settle();
    same(['test', '-v', './...']);
    assert.match(same(['test', '-v', './...']), /file one env ""/, '-v replays the cached log');
    assert.equal(stamps(), 2);

    // A file the test read (changed size and content).
    writeAged('a/testdata/v.txt', 'two!');
    assert.doesNotMatch(same(['test', './...']), /a\t\(cached\)/);
    await settle();
    same(['test', './...']);
    assert.match(same(['test', './...']), /a\t\(cached\)/);

    // An environment variable the test read.
    assert.doesNotMatch(same(['test', './...'], { TS_VALUE: 'x' }), /a\t\(cached\)/);
    same(['test', './...'], { TS_VALUE: 'x' });
    same(['test', '-v', './...'], { TS_VALUE: 'x' });

    // Other flags: -run and -count=1 (never cached), GOFLAGS.
    same(['test', '-run', 'TestDouble', './...']);
    same(['test', '-run', 'TestDouble', './...']);
    same(['test', '-count=1', './...']);
    same(['test', '-count=1', './...']);
    same(['test', './...'], { GOFLAGS: '-buildvcs=false -tags=x' });

    // go clean -testcache expires every stored result.
    same(['clean', '-testcache']);
    assert.doesNotMatch(same(['test', './...']), /a\t\(cached\)/);

    // A source edit that makes the test fail.
    await settle();
    same(['test', './...']);
    same(['test', './...']);
    writeAged('a/a.go', 'package a\n\nfunc Double(x int) int { return 3 * x }\n');
    same(['test', './...']);
    same(['test', './...']);
  });
});
