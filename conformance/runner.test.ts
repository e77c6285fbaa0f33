// End-to-end tests of the runner on tiny txtar scripts, the skip rules and the reference parser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { Engine } from './engine/engine.js';
import { defaultCmds } from './engine/cmds.js';
import { goCmds } from './engine/gocmds.js';
import { scriptConditions } from './engine/conds.js';
import { hostGOARCH, hostGOOS } from './engine/platform.js';
import { runScript, category } from './runner.js';
import { scriptEnv } from './env.js';
import { skipReason } from './skips.js';
import { parseTestJSON, formatReferencePass } from './reference.js';

function harness(dir: string): { engine: Engine; env: [string, string][] } {
  const bin = join(dir, 'bin');
  const goPath = join(bin, 'go');
  mkdirSync(bin, { recursive: true });
  // A fake go: 'go env GOPATH' prints $GOPATH, anything else echoes its arguments.
  writeFileSync(goPath, '#!/bin/sh\nif [ "$1 $2" = "env GOPATH" ]; then echo "$GOPATH"; exit 0; fi\necho "go $*"\n');
  chmodSync(goPath, 0o755);
  const goos = hostGOOS();
  const goarch = hostGOARCH();
  const cmds = defaultCmds({ graceMs: 100 });
  for (const [k, v] of goCmds({ goPath, graceMs: 100 })) cmds.set(k, v);
  const conds = scriptConditions({ goos, goarch, hostOS: goos, hostArch: goarch, goroot: '/usr/local/go', cgoEnabled: false, short: false, verbose: false, hostPath: process.env.PATH ?? '' });
  const env = scriptEnv({ testBin: bin, goPath, goroot: '/usr/local/go', goos, goarch, gocache: join(dir, 'cache'), proxyURL: 'off', sumdb: 'off', short: false, hostEnv: { PATH: process.env.PATH } });
  return { engine: new Engine(cmds, conds), env };
}

test('runner: PASS, FAIL and SKIP on tiny scripts', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'runner-test-'));
  try {
    const { engine, env } = harness(dir);
    const scripts: Record<string, string> = {
      build_ok: [
        '# files are unpacked under $GOPATH/src and the script starts there',
        'exists hello.go sub/x.txt $WORK/abs.txt',
        'go env GOPATH',
        'stdout ^$WORK${/}gopath$',
        'exec go build -o $devnull',
        "stdout '^go build -o /dev/null$'",
        'env HOME',
        "stdout '^HOME=/no-home$'",
        'env TMPDIR',
        'stdout /tmp$',
        '-- hello.go --',
        'package main',
        '-- sub/x.txt --',
        'x',
        '-- $WORK/abs.txt --',
        'abs',
      ].join('\n'),
      list_fail: 'go list\nstdout nothing-like-this\n',
      mod_skip: '[!exec:no-such-program] skip\ngo build\n',
      mod_hook: 'env TESTGO_VERSION=go1.99\ngo version\n',
      bad_outside: 'echo\n-- ../../../outside.txt --\nx\n',
    };
    for (const [n, t] of Object.entries(scripts)) writeFileSync(join(dir, n + '.txt'), t);
    const opts = { engine, env, tmpRoot: join(dir, 'work'), timeoutMs: 20000, keepWork: false };
    const r = async (n: string) => runScript(join(dir, n + '.txt'), opts);

    const ok = await r('build_ok');
    assert.equal(ok.result, 'PASS', ok.reason + '\n' + ok.log);
    assert.equal(ok.category, 'build');

    const fail = await r('list_fail');
    assert.equal(fail.result, 'FAIL');
    assert.equal(fail.reason, 'testdata/script/list_fail.txt:2: stdout nothing-like-this: no match for `(?m)nothing-like-this` in stdout');
    assert.match(fail.log, /> go list\n\[stdout\]\ngo list\n> stdout nothing-like-this\n/);

    const skip = await r('mod_skip');
    assert.equal(skip.result, 'SKIP');
    assert.equal(skip.reason, 'SKIP (testdata/script/mod_skip.txt:1)');

    const hook = await r('mod_hook');
    assert.equal(hook.result, 'SKIP');
    assert.match(hook.reason, /TESTGO_VERSION/);

    const outside = await r('bad_outside');
    assert.equal(outside.result, 'FAIL');
    assert.match(outside.reason, /outside working directory/);
    // Work directories are removed afterwards.
    assert.ok(!existsSync(join(dir, 'work')) || readdirSync(join(dir, 'work')).length === 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('category is the file-name prefix', () => {
  assert.equal(category('mod_get_commit'), 'mod');
  assert.equal(category('autocgo'), 'autocgo');
});

test('skip rules', () => {
  assert.match(skipReason('env TESTGO_VERSION=go1.21\n', '') ?? '', /TESTGO_VERSION/);
  assert.match(skipReason('env TESTGO_VERSION_SWITCH=switch\n', '') ?? '', /TESTGO_VERSION_SWITCH/);
  assert.equal(skipReason('# mentions TESTGO_VERSION only in a comment\ngo build\n', ''), null);
  assert.match(skipReason('go get x\n', 'go get vcs-test.golang.org/git/a\n-- go.mod --\nrequire vcs-test.golang.org/git/a v1\n') ?? '', /vcstest/);
  assert.equal(skipReason('go get x\n', 'go get vcs-test.golang.org/git/a\n', true), null, 'runs when the vcs-test servers are up');
  assert.equal(skipReason('go build\n', 'go build\n'), null);
  assert.match(skipReason("! go get x\nstderr 'no such host localhost.localdev'\n", '') ?? '', /web hook/);
});

test('parseTestJSON and formatReferencePass', () => {
  const lines = [
    { Action: 'run', Test: 'TestScript' },
    { Action: 'pass', Test: 'TestScript/a' },
    { Action: 'fail', Test: 'TestScript/b' },
    { Action: 'skip', Test: 'TestScript/c' },
    { Action: 'pass', Test: 'TestScript/README' },
    { Action: 'pass', Test: 'TestScript/a/sub' },
    { Action: 'output', Test: 'TestScript/a', Output: '        goversion=1.26.8\n' },
    { Action: 'fail', Test: 'TestScript' },
  ].map((e) => JSON.stringify(e));
  const text = lines.join('\n') + '\nnot json\n';
  const v = parseTestJSON(text);
  assert.deepEqual([...v], [['a', 'pass'], ['b', 'fail'], ['c', 'skip']]);
  const out = formatReferencePass(v, 'go1.26.8', '2026-01-01T00:00:00Z');
  assert.equal(out.split('\n').filter((l) => l && !l.startsWith('#')).join(','), 'a');
  assert.match(out, /# go version: go1\.26\.8\n/);
});
