// End-to-end tests: tiny scripts run through the engine with the default commands and a fake 'go'.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, chmodSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { Engine, rootCause } from './engine.js';
import { defaultCmds } from './cmds.js';
import { goCmds } from './gocmds.js';
import { scriptConditions } from './conds.js';
import { State } from './state.js';
import { SkipError } from './errors.js';
import { hostGOARCH, hostGOOS } from './platform.js';

function setup(): { dir: string; engine: Engine; fakeGo: string } {
  const dir = mkdtempSync(join(tmpdir(), 'engine-test-'));
  // A stand-in for the go command: prints its arguments; 'fail' makes it exit 1.
  const fakeGo = join(dir, 'go');
  writeFileSync(fakeGo, '#!/bin/sh\nif [ "$1" = fail ]; then echo "go: failed" >&2; exit 1; fi\necho "args: $*"\n');
  chmodSync(fakeGo, 0o755);
  const cmds = defaultCmds({ graceMs: 100 });
  for (const [k, v] of goCmds({ goPath: fakeGo, graceMs: 100 })) cmds.set(k, v);
  const conds = scriptConditions({
    goos: hostGOOS(), goarch: hostGOARCH(), hostOS: hostGOOS(), hostArch: hostGOARCH(),
    goroot: '/usr/local/go', cgoEnabled: false, short: true, verbose: false, hostPath: process.env.PATH ?? '',
  });
  return { dir, engine: new Engine(cmds, conds), fakeGo };
}

async function run(script: string, files: Record<string, string> = {}): Promise<{ err: Error | null; log: string; s: State }> {
  const { dir, engine } = setup();
  try {
    for (const [n, d] of Object.entries(files)) writeFileSync(join(dir, n), d);
    const s = new State(dir, [['PATH', process.env.PATH ?? ''], ['WORK', dir], ['GOOS', hostGOOS()], ['GOARCH', hostGOARCH()]]);
    const out = { text: '' };
    let err = await engine.execute(s, 'test.txt', script, out);
    const closeErr = await engine.closeAndWait(s, out);
    err ??= closeErr;
    return { err, log: out.text, s };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a passing script', async () => {
  const { err } = await run(
    [
      '# hello',
      'go build -o x',
      "stdout '^args: build -o x$'",
      '! stderr .',
      '! go fail',
      "stderr '^go: failed'",
      'env FOO=bar',
      'echo $FOO ${FOO}baz',
      "stdout '^bar barbaz$'",
      'exists a.txt',
      '! exists nope.txt',
      'grep -count=2 ^line a.txt',
      'cp a.txt b.txt',
      'cmp a.txt b.txt',
      'replace line LINE b.txt',
      'grep LINE b.txt',
      '! cmp a.txt b.txt',
      'mkdir d/e',
      'cd d/e',
      'cd $WORK',
      'mv b.txt c.txt',
      '! exists b.txt',
      'rm c.txt',
      'cat a.txt',
      'stdout -count=2 line',
      '[short] echo short',
      '[!short] echo long',
      "stdout '^short$'",
      'env WORKRE=$WORK',
      'cmpenv want.txt exp.txt',
    ].join('\n'),
    { 'a.txt': 'line 1\nline 2\n', 'want.txt': 'dir=$WORK\n', 'exp.txt': 'dir=${WORK}\n' },
  );
  assert.equal(err, null, err?.message);
});

test('failing lines report what was expected', async () => {
  const cases: [string, RegExp][] = [
    ['echo hi\nstdout bye', /^test\.txt:2: stdout bye: no match for `\(\?m\)bye` in stdout$/],
    ['! echo hi', /^test\.txt:1: echo hi: unexpected success$/],
    ['go fail', /^test\.txt:1: go fail: exit status 1$/],
    ['nosuchcmd x', /^test\.txt:1: nosuchcmd x: unknown command$/],
    ['echo a\nstdout -count=2 a', /^test\.txt:2: stdout -count=2 a: found 1 matches for `\(\?m\)a` in stdout$/],
    ['[nosuch] echo', /^test\.txt:1: unknown condition "nosuch"$/],
    ["echo 'x", /^test\.txt:1: unterminated quoted argument$/],
    ['exists missing', /^test\.txt:1: exists missing: stat .*\/missing: no such file or directory$/],
    ['cd', /^test\.txt:1: cd: usage: cd dir$/],
    ['echo x &', /^test\.txt:1: echo x: command cannot be run in background$/],
    ['exec nosuchprogram-xyz', /^test\.txt:1: exec nosuchprogram-xyz: exec: "nosuchprogram-xyz": executable file not found in \$PATH$/],
  ];
  for (const [script, re] of cases) {
    const { err } = await run(script);
    assert.ok(err, script);
    assert.match(err.message, re, script);
  }
});

test('regexp arguments quote expanded variables', async () => {
  const { err } = await run("env X=a.b\necho a.b\nstdout ^$X$\necho axb\n! stdout ^$X$\nstdout ^'a.b'|axb$");
  assert.equal(err, null, err?.message);
});

test('stop and skip', async () => {
  const stopped = await run('echo a\nstop done\necho never\nnosuchcmd');
  assert.equal(stopped.err, null);
  assert.match(stopped.log, /stop: done/);
  const skipped = await run("[short] skip 'slow test'\nnosuchcmd");
  assert.ok(skipped.err);
  const cause = rootCause(skipped.err);
  assert.ok(cause instanceof SkipError, skipped.err.message + ' ' + cause.constructor.name);
  assert.equal(cause.msg, 'slow test');
});

test('? accepts either outcome', async () => {
  const { err } = await run('? go fail\n? go ok');
  assert.equal(err, null);
});

test('background commands and wait', async () => {
  const { err, log } = await run('exec sh -c "echo bg1" &\nexec echo bg2 &\nwait\nstdout bg2');
  assert.ok(err, 'sh -c with double quotes is three words; the first background command fails');
  assert.match(log, /\[background\] exec sh -c/);
  const ok = await run("exec sh -c 'echo one' &\ngo build &\nwait\nstdout '^one\\nargs: build$'");
  assert.equal(ok.err, null, ok.err?.message);
  const bad = await run('go fail &\nwait');
  assert.match(bad.err?.message ?? '', /go fail: exit status 1/);
  const expected = await run('! go fail &\nwait');
  assert.equal(expected.err, null);
});

test('timeouts cancel running commands', async () => {
  const { dir, engine } = setup();
  try {
    const s = new State(dir, [['PATH', process.env.PATH ?? '']]);
    setTimeout(() => s.abort.abort(), 200);
    const t0 = Date.now();
    const out = { text: '' };
    const err = await engine.execute(s, 'test.txt', 'exec sleep 30\necho never', out);
    assert.ok(Date.now() - t0 < 5000);
    assert.match(err?.message ?? '', /exec sleep 30: context deadline exceeded/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('section logs: quiet keeps only headers of passing sections', async () => {
  const { err, log } = await run('# one\necho a\n# two\necho b\nstdout c');
  assert.ok(err);
  assert.match(log, /^# one \(\d+\.\d{3}s\)\n# two \(\d+\.\d{3}s\)\n> echo b\n\[stdout\]\nb\n> stdout c\n$/);
});

test('cp from stdout and chmod', async () => {
  const { dir, engine } = setup();
  try {
    const s = new State(dir, [['PATH', process.env.PATH ?? '']]);
    const out = { text: '' };
    const err = await engine.execute(s, 't', 'echo hello\ncp stdout out.txt\nchmod 0444 out.txt\nexists -readonly out.txt\n! chmod 01777 out.txt', out);
    assert.equal(err, null, err?.message);
    assert.equal(readFileSync(join(dir, 'out.txt'), 'utf8'), 'hello\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
