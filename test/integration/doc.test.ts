// Integration: `go doc` of the shipped gocmd against real go, on standard-library symbols (packages,
// functions, types, methods, struct fields, with -all -c -short -src -u) and on a module written for the
// test: exit status, stdout and stderr must be the same bytes.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { GO } from './buildharness.js';
import { gocmdSync, removeTestDir, shippedCLI, type Result } from './cliharness.js';

let tmp = '';
let GOCMD = '';
let mod = '';

function env(): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, GOFLAGS: '', GOTOOLCHAIN: 'local', GOWORK: '', GO111MODULE: '', GOPROXY: 'off' };
  for (const k of ['GOOS', 'GOARCH', 'GOCMD_NODE', 'GOROOT']) delete e[k];
  return e;
}

function run(bin: string, dir: string, args: string[]): Result {
  const opts = { cwd: dir, env: env(), encoding: 'utf8' } as const;
  const r = bin === GO ? spawnSync(GO, ['doc', ...args], opts) : gocmdSync(bin, ['doc', ...args], opts);
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function same(dir: () => string, args: string[]): void {
  test(`go doc ${args.join(' ')}`, () => {
    const g = run(GO, dir(), args);
    const c = run(GOCMD, dir(), args);
    assert.deepEqual(c, g);
  });
}

before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'gocmd-doc-test-'));
  GOCMD = shippedCLI(join(tmp, 'cli'));
  mod = join(tmp, 'mod');
  const files: Record<string, string> = {
    'go.mod': 'module example.com/m\n\ngo 1.22\n',
    'm.go': `// Package m is a fixture for go doc.
package m

// Greeting is what Hello says.
const Greeting = "hello"

// Counter counts things.
type Counter struct {
	// N is the count so far.
	N int
	step int // unexported
}

// Add adds the step to N.
func (c *Counter) Add() { c.N += c.step }

func (c *Counter) reset() { c.N = 0 }

// Hello returns the greeting.
func Hello() string { return Greeting }
`,
    'sub/sub.go': '// Package sub is below m.\npackage sub\n\n// Thing is a thing.\ntype Thing int\n',
  };
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(dirname(join(mod, f)), { recursive: true });
    writeFileSync(join(mod, f), text);
  }
});

after(() => {
  if (tmp) removeTestDir(tmp);
});

const here = (): string => tmp;
same(here, ['fmt']);
same(here, ['fmt.Println']);
same(here, ['io.Reader']);
same(here, ['net/http.Client.Do']);
same(here, ['strings.Builder']);
same(here, ['-all', 'sort']);
same(here, ['-src', 'strings.Cut']);
same(here, ['-short', 'os']);
same(here, ['-u', 'strings.Builder']);
same(here, ['-c', 'fmt.println']);
same(here, ['strings.Builder.WriteString']);
same(here, ['net/http.Client.Timeout']);
same(here, ['json', 'decoder.decode']);
same(here, ['fmt.NoSuchThing']);
same(here, ['-nosuchflag']);

const inMod = (): string => mod;
same(inMod, []);
same(inMod, ['Counter']);
same(inMod, ['-u', 'Counter']);
same(inMod, ['Counter.N']);
same(inMod, ['-src', 'Hello']);
same(inMod, ['./sub']);
same(inMod, ['example.com/m/sub', 'Thing']);
same(inMod, ['example.com/nowhere']);
