// The progress line on a terminal (cmd/progress.ts): under a pseudo-terminal (script(1)) gocmd draws it and
// erases it, leaving on the screen what go prints; with stderr a pipe its output is go's, byte for byte.
// Every tool runs under a -toolexec that sleeps first, so that a small build lasts long enough for the line
// to appear (no trace flag: the same output as without it) without the CPU of rebuilding the standard library.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GO } from './buildharness.js';
import { bundleCLI, gocmdCommand, gocmdSync, removeTestDir } from './cliharness.js';
import { ERASE_LINE } from '../../src/lib/statusline.js';
import { HAVE_SCRIPT, onTerminal as onTerminalIn, screen } from './terminalharness.js';

let tmp = '';
let gocmd = '';
let mod = '';
let slow = '';

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, GOCACHE: join(tmp, 'gocache'), GOFLAGS: '-buildvcs=false', GOTOOLCHAIN: 'local', TERM: 'xterm', ...extra };
  for (const k of ['GOOS', 'GOARCH', 'CGO_ENABLED', 'GOCMD_PROGRESS']) if (!(k in extra)) delete e[k];
  return e;
}

function onTerminal(cmd: string, argv: string[], e: NodeJS.ProcessEnv): { code: number; raw: string } {
  return onTerminalIn(cmd, argv, mod, e);
}

function gocmdOnTerminal(args: string[], e: NodeJS.ProcessEnv): { code: number; raw: string } {
  const c = gocmdCommand(gocmd, args, e);
  return onTerminal(c.cmd, c.argv, c.env);
}

/** Test timings vary from run to run. */
function untimed(s: string): string {
  return s.replace(/\d+\.\d+s/g, 'T');
}

describe('progress line', { skip: HAVE_SCRIPT ? false : 'no script(1)' }, () => {
  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'gocmd-progress-'));
    gocmd = join(tmp, 'gocmd.mjs');
    await bundleCLI(gocmd);
    slow = join(tmp, 'slow.sh');
    writeFileSync(slow, '#!/bin/sh\nsleep 0.5\nexec "$@"\n');
    chmodSync(slow, 0o755);
    mod = join(tmp, 'm');
    mkdirSync(join(mod, 'bad'), { recursive: true });
    mkdirSync(join(mod, 'lib'), { recursive: true });
    writeFileSync(join(mod, 'go.mod'), 'module example.com/m\n\ngo 1.22\n');
    writeFileSync(join(mod, 'main.go'), 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hi") }\n');
    writeFileSync(join(mod, 'bad', 'bad.go'), 'package bad\n\nimport "fmt"\n\nfunc F() int { return fmt.Sprint(1) }\n');
    writeFileSync(join(mod, 'lib', 'lib.go'), 'package lib\n\nimport "strings"\n\nfunc Up(s string) string { return strings.ToUpper(s) }\n');
    writeFileSync(join(mod, 'lib', 'lib_test.go'), 'package lib\n\nimport "testing"\n\nfunc TestUp(t *testing.T) {\n\tif Up("a") != "A" {\n\t\tt.Fatal("no")\n\t}\n}\n');
    // The standard packages in the cache first (go's compiles, once): the tests' builds then compile little.
    const warm = spawnSync(GO, ['test', '-count=1', '.', './lib'], { cwd: mod, env: env(), encoding: 'utf8' });
    assert.equal(warm.status, 0, warm.stderr);
  });
  after(() => { if (tmp) removeTestDir(tmp); });

  test('a build on a terminal draws the line and erases it: the screen ends as with go', () => {
    const mine = gocmdOnTerminal(['build', `-toolexec=${slow}`, '-o', join(tmp, 'hi'), '.'], env());
    const theirs = onTerminal(GO, ['build', `-toolexec=${slow}`, '-o', join(tmp, 'hi.go'), '.'], env());
    assert.equal(mine.code, 0, mine.raw);
    assert.equal(theirs.code, 0, theirs.raw);
    assert.equal(screen(mine.raw), screen(theirs.raw));
    assert.match(mine.raw, /\r\x1b\[K\[ *\d+\/\d+\] (compile|link) /, 'the line was drawn');
    assert.ok(mine.raw.endsWith(ERASE_LINE), `the line is erased at the end: ${JSON.stringify(mine.raw.slice(-80))}`);
  });

  test('a failing build: the compiler errors are printed on a clean line, as go prints them', () => {
    const mine = gocmdOnTerminal(['build', `-toolexec=${slow}`, './bad'], env());
    const theirs = onTerminal(GO, ['build', `-toolexec=${slow}`, './bad'], env());
    assert.equal(mine.code, 1);
    assert.equal(theirs.code, 1);
    assert.match(theirs.raw, /cannot use fmt\.Sprint/);
    assert.equal(screen(mine.raw), screen(theirs.raw));
    // The screen's equality says no half-drawn line is left; here, that the line was there to erase.
    assert.ok(mine.raw.includes(ERASE_LINE + '# example.com/m/bad'), 'the line is erased before the error');
  });

  test('go test on a terminal: the test results stay, the line goes', () => {
    const mine = gocmdOnTerminal(['test', '-count=1', `-toolexec=${slow}`, './lib'], env());
    const theirs = onTerminal(GO, ['test', '-count=1', `-toolexec=${slow}`, './lib'], env());
    assert.equal(mine.code, 0, mine.raw);
    assert.equal(untimed(screen(mine.raw)), untimed(screen(theirs.raw)));
    assert.ok(mine.raw.includes('\r\x1b[K['), 'the line was drawn');
  });

  test('stderr a pipe: the output is go\'s, byte for byte', () => {
    const mine = gocmdSync(gocmd, ['build', `-toolexec=${slow}`, './bad'], { cwd: mod, env: env(), encoding: 'utf8' });
    const theirs = spawnSync(GO, ['build', `-toolexec=${slow}`, './bad'], { cwd: mod, env: env(), encoding: 'utf8' });
    assert.equal(mine.status, theirs.status);
    assert.equal(mine.stderr, theirs.stderr);
    assert.equal(mine.stdout, theirs.stdout);
    assert.ok(!mine.stderr.includes('\x1b'));
  });

  test('GOCMD_PROGRESS=0 and TERM=dumb: nothing but what go prints, even on a terminal', () => {
    const extras: Record<string, string>[] = [{ GOCMD_PROGRESS: '0' }, { TERM: 'dumb' }];
    for (const extra of extras) {
      const mine = gocmdOnTerminal(['build', `-toolexec=${slow}`, './bad'], env(extra));
      const theirs = onTerminal(GO, ['build', `-toolexec=${slow}`, './bad'], env(extra));
      assert.equal(mine.code, 1);
      assert.equal(mine.raw, theirs.raw, JSON.stringify(extra));
    }
  });
});
