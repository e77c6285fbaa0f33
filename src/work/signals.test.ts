// Signals: go's names, the per-signal decision, and a real process dying of SIGTERM/SIGHUP with $WORK and its tools cleaned up.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { signalAction, signalText } from './signals.js';
import { runForeground, toolOutcome } from './toolrun.js';
import { realGo } from '../cfg/testutil.js';
import { testSpawner } from '../base/spawnertest.js';

test('signalText: go\'s syscall.Signal strings', () => {
  const cases: [string, string][] = [
    ['SIGINT', 'interrupt'], ['SIGTERM', 'terminated'], ['SIGHUP', 'hangup'], ['SIGKILL', 'killed'],
    ['SIGQUIT', 'quit'], ['SIGSEGV', 'segmentation fault'], ['SIGUSR2', 'user defined signal 2'], ['SIGPIPE', 'broken pipe'],
  ];
  for (const [sig, want] of cases) assert.equal(signalText(sig), want, sig);
});

test('signalAction: forward to go tool, ignore SIGINT/SIGQUIT under go run, die otherwise', () => {
  const cases: [NodeJS.Signals, 'forward' | 'ignore-interrupt' | undefined, string][] = [
    ['SIGINT', undefined, 'die'], ['SIGTERM', undefined, 'die'], ['SIGHUP', undefined, 'die'],
    ['SIGINT', 'forward', 'forward'], ['SIGTERM', 'forward', 'forward'], ['SIGWINCH', 'forward', 'forward'],
    ['SIGINT', 'ignore-interrupt', 'ignore'], ['SIGQUIT', 'ignore-interrupt', 'ignore'], ['SIGTERM', 'ignore-interrupt', 'die'],
  ];
  for (const [sig, mode, want] of cases) assert.equal(signalAction(sig, mode), want, `${sig} ${mode}`);
});

test('toolOutcome: go tool\'s message and exit status', () => {
  assert.deepEqual(toolOutcome('vet', { code: 3 }), { message: '', status: 3 });
  assert.deepEqual(toolOutcome('vet', { code: 0 }), { message: '', status: 0 });
  // go's SetExitStatus(-1) never lowers the status: a tool killed by a signal leaves go exiting 0.
  assert.deepEqual(toolOutcome('test2json', { signal: 'SIGTERM' }), { message: 'go tool test2json: signal: terminated\n', status: 0 });
  assert.deepEqual(toolOutcome('x', { startError: 'fork/exec /p/x: permission denied' }), { message: 'go tool x: fork/exec /p/x: permission denied\n', status: 1 });
});

test('runForeground: exit codes, signal deaths and start failures', async () => {
  assert.deepEqual(await runForeground(['/bin/sh', '-c', 'exit 3'], process.env, process.cwd()), { code: 3 });
  assert.deepEqual(await runForeground(['/bin/sh', '-c', 'kill -TERM $$'], process.env, process.cwd()), { signal: 'SIGTERM' });
  assert.deepEqual(await runForeground(['/nonexistent/tool'], process.env, process.cwd()), { startError: 'fork/exec /nonexistent/tool: no such file or directory' });
});

// A child gocmd-like process: registers a work dir, runs a tracked tool (which writes its pid), then waits to be signalled.
const childScript = `
import { existsSync, mkdirSync } from 'node:fs';
const { registerWorkDir, trackChild } = await import(process.argv[2]);
const { startTool } = await import(process.argv[2].replace(/work\\/signals\\.js$/, 'base/spawn.js'));
const work = process.argv[3];
mkdirSync(work + '/b001', { recursive: true });
registerWorkDir(work);
const pidFile = work + '/../tool.pid';
trackChild(startTool('/bin/sh', ['sh', '-c', 'echo $$ > ' + pidFile + '.tmp && mv ' + pidFile + '.tmp ' + pidFile + ' && exec sleep 30'], { cwd: '/', env: process.env }));
while (!existsSync(pidFile)) await new Promise((r) => setTimeout(r, 10));
process.stdout.write('ready\\n');
setInterval(() => {}, 1000);
`;

for (const [sig, spawner] of [['SIGTERM', 'off'], ['SIGHUP', 'off'], ['SIGINT', 'off'], ['SIGTERM', 'helper'], ['SIGINT', 'helper']] as const) {
  test(`a fatal ${sig} kills the running tools (started ${spawner === 'off' ? 'directly' : 'by the spawn helper'}), removes $WORK and dies of the signal`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gocmd-signals-'));
    const script = join(dir, 'child.mjs');
    writeFileSync(script, childScript);
    const work = join(dir, 'go-build1');
    const mod = join(fileURLToPath(new URL('.', import.meta.url)), 'signals.js');
    const env = { ...process.env, GOCMD_SPAWNER: spawner === 'off' ? 'off' : testSpawner() };
    const child = spawn(process.execPath, [script, mod, work], { stdio: ['ignore', 'pipe', 'inherit'], env });
    await new Promise<void>((r) => child.stdout.once('data', () => r()));
    assert.ok(existsSync(work));
    const toolPid = Number(readFileSync(join(dir, 'tool.pid'), 'utf8'));
    child.kill(sig);
    const [code, got] = await new Promise<[number | null, NodeJS.Signals | null]>((r) => child.on('exit', (c, s) => r([c, s])));
    assert.equal(code, null);
    assert.equal(got, sig);
    assert.ok(!existsSync(work), '$WORK removed');
    // The tool may take a moment to be reaped by its parent (the spawn helper) after gocmd is gone.
    for (let i = 0; i < 100; i++) {
      try { process.kill(toolPid, 0); } catch { break; }
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.throws(() => process.kill(toolPid, 0), 'tool process gone');
  });
}

test('go run: SIGINT while the program runs is left to it, and gocmd then exits 1 as go does', { skip: realGo() ? false : 'no go' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gocmd-run-sigint-'));
  writeFileSync(join(dir, 'go.mod'), 'module example.com/sr\n\ngo 1.24\n');
  writeFileSync(join(dir, 'main.go'), 'package main\n\nimport (\n\t"fmt"\n\t"time"\n)\n\nfunc main() {\n\tfmt.Println("started")\n\ttime.Sleep(time.Second)\n\tfmt.Println("done")\n}\n');
  const main = join(fileURLToPath(new URL('.', import.meta.url)), '../main.js');
  const child = spawn(process.execPath, [main, 'run', '.'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, GOFLAGS: '-buildvcs=false' } });
  let out = '';
  await new Promise<void>((r) => child.stdout.on('data', (b: Buffer) => { out += b.toString(); if (out.includes('started')) r(); }));
  child.kill('SIGINT'); // to gocmd only: the program keeps running
  const [code] = await new Promise<[number | null, NodeJS.Signals | null]>((r) => child.on('exit', (c, s) => r([c, s])));
  assert.match(out, /done/);
  assert.equal(code, 1);
});
