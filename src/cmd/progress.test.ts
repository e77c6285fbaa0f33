import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import type { CommandContext } from './command.js';
import { startProgress } from './progress.js';
import { currentProgress } from '../work/progress.js';
import type { Action } from '../work/action.js';
import { ERASE_LINE } from '../lib/statusline.js';

/** A command context whose client (a served run's) has a terminal; everything written lands in log, in order. */
function servedContext(env: Record<string, string>, log: string[]): CommandContext {
  const stream = (name: string): Writable => new Writable({
    write(chunk: Buffer | string, _enc, cb) { log.push(`${name}:${chunk.toString()}`); cb(); },
  });
  return {
    // Only osEnv is read here: a whole Config would need a GOROOT.
    config: { osEnv: env } as unknown as CommandContext['config'],
    stdout: stream('out'), stderr: stream('err'), cwd: '/', flags: undefined as unknown as CommandContext['flags'],
    servedTerminal: { columns: 40, stdoutIsTerminal: false, write: (s) => { log.push(`tty:${s}`); } },
  };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

test('a served run\'s terminal gets the line, erased before stderr output and at the end', async () => {
  const log: string[] = [];
  const ctx = servedContext({ TERM: 'xterm' }, log);
  const stop = startProgress(ctx, false);
  try {
    currentProgress()?.add([{} as Action]);
    await sleep(1000);
    ctx.stdout.write('to a file\n');
    ctx.stderr.write('# example.com/m\n');
  } finally {
    stop();
  }
  const drawn = log.findIndex((l) => l === `tty:${ERASE_LINE}[0/1]`);
  assert.ok(drawn >= 0, `the line was drawn: ${JSON.stringify(log)}`);
  // stdout is not the terminal: no erase before it; stderr is: the erase comes first.
  assert.deepEqual(log.slice(drawn + 1), ['out:to a file\n', `tty:${ERASE_LINE}`, 'err:# example.com/m\n']);
});

test('a served run with GOCMD_PROGRESS=0, TERM=dumb or a trace flag draws nothing', async () => {
  for (const [env, traced] of [[{ TERM: 'xterm', GOCMD_PROGRESS: '0' }, false], [{ TERM: 'dumb' }, false], [{ TERM: 'xterm' }, true]] as const) {
    const log: string[] = [];
    const ctx = servedContext(env, log);
    const stop = startProgress(ctx, traced);
    assert.equal(currentProgress(), undefined);
    await sleep(150);
    ctx.stderr.write('x\n');
    stop();
    assert.deepEqual(log, ['err:x\n'], JSON.stringify(env));
  }
});
