// Integration: gotestsum, a tool built on `go test -json`, gives the same report and the same JSON events
// with gocmd as the `go` on its PATH as with go. gotestsum is installed by gocmd from the machine's
// configured GOPROXY (the test skips, saying why, when that is off or unreachable); machine defaults
// otherwise (cgo on where a C compiler is).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { probeConfiguredProxy, removeTestDir, runGocmd, runProgram, type Result } from './cliharness.js';
import { makeToolSides, SIDES, toolEnv } from './realtool.js';

const GOTESTSUM = 'gotest.tools/gotestsum@v1.13.0';

// Passing, failing, skipped, nested and example tests, a package without tests, one that does not build,
// and a package whose tests pass (cached on the second run).
const MODULE: Record<string, string> = {
  'go.mod': 'module example.com/gts\n\ngo 1.22\n',
  'a/a_test.go': `package a

import (
	"fmt"
	"testing"
)

func TestPass(t *testing.T) { t.Log("hello") }
func TestFail(t *testing.T) { t.Error("broken") }
func TestSkip(t *testing.T) { t.Skip("later") }
func TestSub(t *testing.T) {
	t.Run("one", func(t *testing.T) {})
	t.Run("two", func(t *testing.T) { t.Fatal("no") })
}
func Example_hello() {
	fmt.Println("hi")
	// Output: hi
}
`,
  'b/b.go': 'package b\n\nfunc B() int { return 1 }\n',
  'b/b_test.go': 'package b\n\nimport "testing"\n\nfunc TestB(t *testing.T) {\n\tif B() != 1 {\n\t\tt.Fatal()\n\t}\n}\n',
  'c/c.go': 'package c\n\nfunc C() {}\n',
  'd/d.go': 'package d\n\nfunc D() int { return "x" }\n',
  'd/d_test.go': 'package d\n\nimport "testing"\n\nfunc TestD(t *testing.T) {}\n',
};

let tmp = '';
let GOCMD = '';
let skipReason = '';

function env(pathDir: string): NodeJS.ProcessEnv {
  return toolEnv(tmp, pathDir);
}

/** Durations and the module's directory vary from run to run and between the two trees. */
function maskReport(s: string, dir: string): string {
  return s.split(dir).join('$DIR').replace(/\b\d+(\.\d+)?m?s\b/g, 'T');
}

/** The JSON events, each without Time and Elapsed and with durations masked in Output, in a stable order. */
function events(file: string, dir: string): string[] {
  return readFileSync(file, 'utf8').trim().split('\n').map((l) => {
    const e = JSON.parse(l) as Record<string, unknown>;
    delete e.Time;
    delete e.Elapsed;
    if (typeof e.Output === 'string') e.Output = maskReport(e.Output, dir);
    return JSON.stringify(e, Object.keys(e).sort());
  }).sort();
}

before(async () => {
  skipReason = await probeConfiguredProxy();
  if (skipReason !== '') return;
  ({ tmp, gocmd: GOCMD } = await makeToolSides('gocmd-gotestsum-', MODULE));
});

after(() => { if (tmp !== '') removeTestDir(tmp); });

test('gotestsum reports the same with gocmd as go on PATH', async (t) => {
  if (skipReason !== '') {
    t.skip(`skipped: ${skipReason}`);
    return;
  }
  const inst = await runGocmd(GOCMD, ['install', GOTESTSUM], tmp, env(join(tmp, 'path-gocmd')));
  assert.equal(inst.code, 0, `gocmd install ${GOTESTSUM}:\n${inst.stderr}`);
  const gotestsum = join(tmp, 'bin', 'gotestsum');
  assert.ok(existsSync(gotestsum));
  // A first run, then a second where b's result comes from the test cache (each tree is new: nothing
  // of it is cached before).
  for (const what of ['first run', 'cached run']) {
    const out: Record<string, { r: Result; events: string[] }> = {};
    for (const side of SIDES) {
      const dir = join(tmp, side);
      const json = join(tmp, `${side}-${what.replace(' ', '-')}.json`);
      const r = await runProgram(gotestsum, ['--format', 'testname', '--jsonfile', json, '--', './...'], dir, env(join(tmp, `path-${side}`)));
      out[side] = { r: { ...r, stdout: maskReport(r.stdout, dir), stderr: maskReport(r.stderr, dir) }, events: events(json, dir) };
    }
    const g = out.go!;
    const c = out.gocmd!;
    assert.equal(c.r.code, g.r.code, `${what}: exit status\n${c.r.stdout}${c.r.stderr}`);
    assert.equal(g.r.code, 1, `${what}: the fixture has failing tests`);
    // Packages build and run in parallel: go's own order of events across packages varies run to run,
    // so the report's lines compare as a sorted list.
    const lines = (s: string): string[] => s.split('\n').sort();
    assert.deepEqual(lines(c.r.stdout), lines(g.r.stdout), `${what}: gotestsum's report`);
    assert.equal(c.r.stderr, g.r.stderr, `${what}: gotestsum's stderr`);
    assert.deepEqual(c.events, g.events, `${what}: the -json events`);
    if (what === 'cached run') assert.match(g.r.stdout, /^PASS b \(cached\)$/m);
  }
});
