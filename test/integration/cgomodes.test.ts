// Integration: cgo build modes and instrumentation under default settings (cgo on, CC unset), against real
// go: a c-archive and a c-shared library called from C programs, a plugin loaded by a host program, a
// -race build that catches a data race, PIE. Outputs byte-identical to go's (the cgo headers too); the
// programs built from them behave the same.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GO } from './buildharness.js';
import { bundleCLI, gocmdSync } from './cliharness.js';

let tmp = '';
let GOCMD = '';
let gocache = '';
let skipReason = '';

interface Result { code: number; stdout: string; stderr: string }

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, GOCACHE: gocache, GOFLAGS: '-buildvcs=false', GOTOOLCHAIN: 'local', ...extra };
  for (const k of ['GOOS', 'GOARCH', 'CGO_ENABLED', 'CC', 'CXX', 'CGO_CFLAGS', 'CGO_LDFLAGS']) delete e[k];
  return e;
}

function run(bin: 'go' | 'gocmd', dir: string, args: string[]): Result {
  const r = bin === 'go'
    ? spawnSync(GO, args, { cwd: dir, env: env(), encoding: 'utf8', maxBuffer: 64 << 20 })
    : gocmdSync(GOCMD, args, { cwd: dir, env: env(), encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function exec(cmd: string, args: string[], dir: string, extra: NodeJS.ProcessEnv = {}): Result {
  const r = spawnSync(cmd, args, { cwd: dir, env: { ...process.env, ...extra }, encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function ok(r: Result, what: string): void {
  assert.equal(r.code, 0, `${what} failed:\n${r.stderr}`);
}

/** Builds with both into out/<tag>.{go,gocmd}<ext> and asserts the outputs (and cgo headers) are identical. */
function sameOutput(dir: string, tag: string, ext: string, args: string[]): { mine: string; theirs: string } {
  const mine = join(tmp, 'out', `${tag}.gocmd${ext}`), theirs = join(tmp, 'out', `${tag}.go${ext}`);
  ok(run('gocmd', dir, ['build', ...args, '-o', mine, '.']), `gocmd build ${tag}`);
  ok(run('go', dir, ['build', ...args, '-o', theirs, '.']), `go build ${tag}`);
  assert.ok(readFileSync(mine).equals(readFileSync(theirs)), `${tag}: gocmd and go outputs differ`);
  const h = (f: string): string => f.slice(0, -ext.length) + '.h';
  if (existsSync(h(theirs))) {
    assert.ok(existsSync(h(mine)), `${tag}: gocmd wrote no cgo header`);
    assert.equal(readFileSync(h(mine), 'utf8'), readFileSync(h(theirs), 'utf8'), `${tag}: cgo headers differ`);
  }
  return { mine, theirs };
}

const LIB_GO = `package main

import "C"

//export Add
func Add(a, b C.int) C.int { return a + b }

func main() {}
`;
const LIB_C = (header: string): string => `#include <stdio.h>
#include "${header}"

int main(void) { printf("%d\\n", (int)Add(40, 2)); return 0; }
`;

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'gocmd-cgomodes-'));
  GOCMD = join(tmp, 'gocmd.mjs');
  await bundleCLI(GOCMD);
  gocache = process.env['GOCMD_TEST_GOCACHE'] || join(tmp, 'gocache');
  mkdirSync(gocache, { recursive: true });
  mkdirSync(join(tmp, 'out'));
  if (spawnSync('gcc', ['--version']).status !== 0) skipReason = 'no gcc on PATH: these builds need cgo';
});

after(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

function module(name: string, files: Record<string, string>): string {
  const dir = join(tmp, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'go.mod'), `module example.com/${name}\n\ngo 1.22\n`);
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(join(dir, f, '..'), { recursive: true });
    writeFileSync(join(dir, f), text);
  }
  return dir;
}

describe('cgo build modes, byte for byte with go (build IDs included)', () => {
  test('-buildmode=c-archive: the archive and its header; a C program linked with it runs', (t) => {
    if (skipReason) return t.skip(skipReason);
    const dir = module('carchive', { 'lib.go': LIB_GO });
    const { mine } = sameOutput(dir, 'carchive', '.a', ['-buildmode=c-archive']);
    writeFileSync(join(tmp, 'out', 'usea.c'), LIB_C('carchive.gocmd.h'));
    ok(exec('gcc', ['-o', 'usea', 'usea.c', mine, '-lpthread'], join(tmp, 'out')), 'gcc against the c-archive');
    assert.equal(exec(join(tmp, 'out', 'usea'), [], dir).stdout, '42\n');
  });

  test('-buildmode=c-shared: the library and its header; a C program loads it', (t) => {
    if (skipReason) return t.skip(skipReason);
    const dir = module('cshared', { 'lib.go': LIB_GO });
    sameOutput(dir, 'libcshared', '.so', ['-buildmode=c-shared']);
    writeFileSync(join(tmp, 'out', 'uses.c'), LIB_C('libcshared.gocmd.h'));
    ok(exec('gcc', ['-o', 'uses', 'uses.c', '-L.', '-l:libcshared.gocmd.so'], join(tmp, 'out')), 'gcc against the c-shared library');
    assert.equal(exec(join(tmp, 'out', 'uses'), [], dir, { LD_LIBRARY_PATH: join(tmp, 'out') }).stdout, '42\n');
  });

  test('-buildmode=plugin: the plugin loads into a host program built by gocmd', (t) => {
    if (skipReason) return t.skip(skipReason);
    const pdir = module('plug', { 'plug.go': 'package main\n\nfunc Greet() string { return "hello from the plugin" }\n' });
    const { mine } = sameOutput(pdir, 'plug', '.so', ['-buildmode=plugin']);
    const hdir = module('host', {
      'main.go': `package main

import (
	"fmt"
	"os"
	"plugin"
)

func main() {
	p, err := plugin.Open(os.Args[1])
	if err != nil {
		panic(err)
	}
	f, err := p.Lookup("Greet")
	if err != nil {
		panic(err)
	}
	fmt.Println(f.(func() string)())
}
`,
    });
    const { mine: host } = sameOutput(hdir, 'host', '', []);
    assert.equal(exec(host, [mine], hdir).stdout, 'hello from the plugin\n');
  });

  test('-race: same binary as go, and it reports the data race', (t) => {
    if (skipReason) return t.skip(skipReason);
    const dir = module('race', {
      'main.go': `package main

import (
	"fmt"
	"sync"
)

func main() {
	x := 0
	var wg sync.WaitGroup
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func() { defer wg.Done(); x++ }()
	}
	wg.Wait()
	fmt.Println(x > 0)
}
`,
    });
    const { mine } = sameOutput(dir, 'race', '', ['-race']);
    const r = exec(mine, [], dir);
    assert.match(r.stderr, /WARNING: DATA RACE/);
    assert.equal(r.code, 66, 'a race-enabled program that found a race exits 66');
  });

  test('-buildmode=pie with cgo (net)', (t) => {
    if (skipReason) return t.skip(skipReason);
    const dir = module('pie', { 'main.go': 'package main\n\nimport (\n\t"fmt"\n\t"net"\n)\n\nfunc main() { fmt.Println(net.ParseIP("::1")) }\n' });
    const { mine } = sameOutput(dir, 'pie', '', ['-buildmode=pie']);
    assert.equal(exec(mine, [], dir).stdout, '::1\n');
  });
});
