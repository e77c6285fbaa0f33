// Integration: staticcheck, which loads packages through go/packages (`go list -e -json=... -compiled -test
// -export -deps`), reports the same diagnostics with gocmd as the `go` on its PATH as with go: test variants,
// external test packages, the test main and a test file that does not compile. staticcheck is installed by
// gocmd from the machine's configured GOPROXY (the test skips, saying why, when that is off or unreachable).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { probeConfiguredProxy, removeTestDir, runGocmd, runProgram, type Result } from './cliharness.js';
import { makeToolSides, SIDES, toolEnv, type Side } from './realtool.js';

const STATICCHECK = 'honnef.co/go/tools/cmd/staticcheck@v0.7.0';

const MODULE: Record<string, string> = {
  'go.mod': 'module example.com/sc\n\ngo 1.22\n',
  'sc.go': 'package sc\n\n// Double returns twice n.\nfunc Double(n int) int { return 2 * n }\n',
  // SA4006 (a value never read) in a test file: only the test variant "sc [sc.test]" shows it.
  'sc_test.go': 'package sc\n\nimport "testing"\n\nfunc TestDouble(t *testing.T) {\n\tx := Double(1)\n\tx = Double(2)\n\t_ = x\n}\n',
  'sc_x_test.go': 'package sc_test\n\nimport (\n\t"strings"\n\t"testing"\n\n\t"example.com/sc"\n)\n\nfunc TestX(t *testing.T) {\n\tif sc.Double(2) != 4 {\n\t\tt.Fatal("bad")\n\t}\n\tstrings.ToUpper("x")\n}\n',
  'cmd/x/main.go': 'package main\n\nimport "example.com/sc"\n\nfunc main() {\n\tfor i := 0; i < 1; {\n\t\tprintln(sc.Double(i))\n\t}\n}\n',
  'bad/bad.go': 'package bad\n\nfunc B() int { return 1 }\n',
  'bad/bad_test.go': 'package bad\n\nimport "testing"\n\nfunc TestB(t *testing.T) { var s string = B() }\n',
};

let tmp = '';
let GOCMD = '';
let skipReason = '';

function env(side: Side): NodeJS.ProcessEnv {
  // staticcheck's own cache of facts, one per side: neither answers from what the other computed.
  return toolEnv(tmp, join(tmp, `path-${side}`), { XDG_CACHE_HOME: join(tmp, `xdg-${side}`) });
}

before(async () => {
  skipReason = await probeConfiguredProxy();
  if (skipReason !== '') return;
  ({ tmp, gocmd: GOCMD } = await makeToolSides('gocmd-staticcheck-', MODULE));
});

after(() => { if (tmp !== '') removeTestDir(tmp); });

test('staticcheck reports the same with gocmd as go on PATH', async (t) => {
  if (skipReason !== '') {
    t.skip(`skipped: ${skipReason}`);
    return;
  }
  const inst = await runGocmd(GOCMD, ['install', STATICCHECK], tmp, env('gocmd'));
  assert.equal(inst.code, 0, `gocmd install ${STATICCHECK}:\n${inst.stderr}`);
  const staticcheck = join(tmp, 'bin', 'staticcheck');
  assert.ok(existsSync(staticcheck));
  const out: Record<string, Result> = {};
  for (const side of SIDES) {
    const dir = join(tmp, side);
    const r = await runProgram(staticcheck, ['./...'], dir, env(side));
    out[side] = { ...r, stdout: r.stdout.split(dir).join('$DIR'), stderr: r.stderr.split(dir).join('$DIR') };
  }
  const g = out.go!;
  const c = out.gocmd!;
  // The fixture's findings, so that agreeing on nothing does not pass.
  assert.match(g.stdout, /^sc_test\.go:6:2: this value of x is never used \(SA4006\)$/m, g.stdout + g.stderr);
  assert.match(g.stdout, /^bad[/]bad_test\.go:5:.*compile/m, g.stdout + g.stderr);
  assert.equal(c.stdout, g.stdout);
  assert.equal(c.stderr, g.stderr);
  assert.equal(c.code, g.code);
});
