// The warm worker (GOCMD_SERVER_ROLE=warm): one long-lived node process that runs the server's read-only
// loading commands (list, mod graph, env, version) one after another, so that each finds V8's compiled
// code, the opened package index and the stat memo of the requests before it. Its stdout carries frames
// (frame.ts): the command's stdout and stderr, then an exit frame ending each request; requests arrive
// over IPC. Between requests, state that is not revalidated against its inputs is forgotten (warmreset.ts).
import { markCommandStart } from '../base/cmdstart.js';
import { keepTierUp } from '../base/v8flags.js';
import { writeSync } from 'node:fs';
import type { Socket } from 'node:net';
import { ClientFrames, stopReading } from './clientframes.js';
import { encodeFrame, envFromEntries, FRAME, type Request } from './frame.js';
import { replaceEnv } from './worker.js';
import { restoreDeferredEnv } from '../cli/startenv.js';
import { adoptSelfExecutable } from '../cfg/selfexe.js';
import { runMain } from '../cli/run.js';
import { setStampOnly } from '../cmd/withstamp.js';
import { afterRequest, beforeRequest } from './warmreset.js';
import { installGraphMemo } from '../modload/graphmemo.js';
import { StatGraphMemo } from './graphkeep.js';

/** list flags that build or run something (their tools' output may reach our stdout): those go to a worker. */
const LIST_BUILDING = /^--?(export|compiled|test|exec|toolexec|cover|coverpkg|covermode|race|msan|asan|json=.*Export.*)(=|$)/;

/**
 * Whether argv, with the client's environment, is a command the warm worker runs: read-only loading
 * commands that print through the command's streams and start no program writing to ours.
 */
export function runsWarm(argv: readonly string[], env: Readonly<Record<string, string>> = {}): boolean {
  const c = warmCommand(argv, env);
  if (c === undefined) return false;
  const { cmd, rest } = c;
  if (cmd === 'version') return true;
  if (cmd === 'env') return !rest.some((a) => /^--?[wu](=|$)/.test(a));
  if (cmd === 'mod') return rest[0] === 'graph';
  if (cmd === 'list') return !rest.some((a) => LIST_BUILDING.test(a));
  return false;
}

/** The command word and what follows it, when the warm worker may take argv at all. */
function warmCommand(argv: readonly string[], env: Readonly<Record<string, string>>): { cmd: string | undefined; rest: readonly string[] } | undefined {
  if ((env['GOCACHEPROG'] ?? '') !== '') return undefined;
  if (env['GOCMD_SERVER_WARM'] === '0') return undefined;
  // -C before the command is fine (runMain applies it); the command is the first non-flag word.
  let i = 0;
  while (i < argv.length) {
    const a = argv[i]!;
    if (a === '-C' || a === '--C') { i += 2; continue; }
    if (/^--?C=/.test(a)) { i++; continue; }
    break;
  }
  return { cmd: argv[i], rest: argv.slice(i + 1) };
}

/**
 * Whether argv is a build or install the warm worker may answer from its no-op stamp (cmd/withstamp.ts):
 * a hit prints nothing and runs nothing; on a miss the worker does nothing and the server runs the
 * command in a pool worker.
 */
export function answersFromStamp(argv: readonly string[], env: Readonly<Record<string, string>> = {}): boolean {
  const c = warmCommand(argv, env);
  // pkg@version never has a stamp (its version query may answer differently): straight to a pool worker.
  return (c?.cmd === 'build' || c?.cmd === 'install') && !c.rest.some((a) => a.includes('@'));
}

/** What the server sends the warm worker: the client's request, and whether only its stamp may answer. */
export interface WarmRequestMessage extends Request {
  stampOnly?: boolean;
}

type Write = (chunk: Uint8Array | string, encoding?: BufferEncoding | ((err?: Error | null) => void), cb?: (err?: Error | null) => void) => boolean;

/**
 * Serves requests until the server goes away. process.stdout and process.stderr are re-pointed to write
 * frames onto the real stdout (a pipe: synchronous on Linux, so the frames keep their order).
 */
export function serveWarm(): void {
  keepTierUp();
  const send = process.send?.bind(process);
  if (send === undefined) {
    process.stderr.write('gocmd: warm worker started without a server\n');
    process.exitCode = 2;
    return;
  }
  const rawWrite: Write = process.stdout.write.bind(process.stdout) as Write;
  // A stamp-only request's output is held until it is known to have been answered here.
  let held: Buffer[] | undefined;
  // Where a request whose client socket came with it writes (the server relays nothing then).
  let client: ClientFrames | undefined;
  const framed = (type: number): Write => (chunk, encoding, cb) => {
    const b = typeof chunk === 'string' ? Buffer.from(chunk, typeof encoding === 'string' ? encoding : 'utf8') : Buffer.from(chunk);
    const done = typeof encoding === 'function' ? encoding : cb;
    if (b.length === 0) { done?.(); return true; }
    if (client) { client.push(type, b); done?.(); return true; }
    if (held) { held.push(encodeFrame(type, b)); done?.(); return true; }
    return rawWrite(encodeFrame(type, b), done);
  };
  process.stdout.write = framed(FRAME.stdout) as typeof process.stdout.write;
  process.stderr.write = framed(FRAME.stderr) as typeof process.stderr.write;
  const home = process.cwd();
  if (process.env['GOCMD_SERVER_KEEPGRAPH'] !== '0') installGraphMemo(new StatGraphMemo());

  let queue: Promise<void> = Promise.resolve();
  process.on('message', (req: WarmRequestMessage, sock?: Socket) => {
    if (sock !== undefined) {
      stopReading(sock);
      queue = queue.then(async () => {
        const frames = new ClientFrames(sock);
        client = frames;
        const t0 = process.hrtime.bigint();
        let code: number;
        try {
          code = await runOne(req);
        } finally {
          client = undefined;
        }
        const t1 = process.hrtime.bigint();
        await frames.finish(JSON.stringify({ code, sig: 0 }));
        // GOCMD_SERVER_DEBUG=1: this worker's legs, into the server's log (this process's stderr).
        if (req.env.includes('GOCMD_SERVER_DEBUG=1')) {
          const ms = (a: bigint, b: bigint): string => (Number(b - a) / 1e6).toFixed(2);
          writeSync(2, `warm worker: ran in ${ms(t0, t1)} ms, answer written in ${ms(t1, process.hrtime.bigint())} ms: ${req.argv.join(' ')}\n`);
        }
        // The client has its answer: the server may end its copy of the connection and send the next request.
        send({ done: true });
      });
      return;
    }
    queue = queue.then(async () => {
      const stamp = req.stampOnly ? { missed: false } : undefined;
      if (stamp) { held = []; setStampOnly(stamp); }
      let code: number;
      try {
        code = await runOne(req);
      } finally {
        setStampOnly(undefined);
      }
      const out = held ?? [];
      held = undefined;
      // A miss ran nothing: whatever was printed on the way is dropped, the pool worker prints it again.
      if (stamp?.missed) {
        // GOCMD_NOOPDEBUG=1 says why the stamp did not answer: into the server's log, not the client's stderr.
        if (req.env.includes('GOCMD_NOOPDEBUG=1')) {
          for (const f of out) if (f[0] === FRAME.stderr) writeSync(2, f.subarray(5));
        }
        rawWrite(encodeFrame(FRAME.declined));
        return;
      }
      rawWrite(Buffer.concat([...out, encodeFrame(FRAME.exit, JSON.stringify({ code, sig: 0 }))]));
    });
  });
  process.on('disconnect', () => process.exit(0));

  async function runOne(req: Request): Promise<number> {
    const exitListeners = process.rawListeners('exit');
    markCommandStart();
    beforeRequest();
    replaceEnv(process.env, envFromEntries(req.env));
    restoreDeferredEnv(process.env);
    try {
      try {
        process.chdir(req.cwd);
      } catch (e) {
        process.stderr.write(`go: chdir ${req.cwd}: ${(e as Error).message}\n`);
        return 1;
      }
      adoptSelfExecutable(process.env, req.cwd);
      return await runMain(req.argv);
    } catch (err) {
      process.stderr.write(`gocmd: internal error: ${err instanceof Error ? err.stack : String(err)}\n`);
      return 2;
    } finally {
      afterRequest(exitListeners);
      try { process.chdir(home); } catch { /* the next request sets its own */ }
    }
  }
  send({ ready: true });
}
