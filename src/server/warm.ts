// The warm worker (GOCMD_SERVER_ROLE=warm): one long-lived node process that runs the server's loading
// commands (list, mod graph, env, version) and builds and installs one after another, so that each finds
// V8's compiled code, the opened package index, the file-hash and stat memos of the requests before it.
// Requests arrive over IPC, each with its client's connection, to which the worker writes the command's
// stdout and stderr and the exit status as frames (frame.ts, clientframes.ts). Between requests, state
// that is not revalidated against its inputs is forgotten (warmreset.ts).
import { markCommandStart } from '../base/cmdstart.js';
import { collectYoungGeneration, keepTierUp } from '../base/v8flags.js';
import { writeSync } from 'node:fs';
import type { Socket } from 'node:net';
import { ClientFrames, stopReading } from './clientframes.js';
import { envFromEntries, FRAME, servedTerminal, type Request } from './frame.js';
import { replaceEnv } from './worker.js';
import { restoreDeferredEnv } from '../cli/startenv.js';
import { adoptSelfExecutable } from '../cfg/selfexe.js';
import { runMain, servedProcessIO } from '../cli/run.js';
import { afterRequest, beforeRequest } from './warmreset.js';
import { installGraphMemo } from '../modload/graphmemo.js';
import { StatGraphMemo } from './graphkeep.js';
import { InfoMemo, installInfoMemo } from '../modfetch/infomemo.js';

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

/** An -o value naming a device or a process's file (/dev/stdout, /proc/self/fd/1), /dev/null aside. */
const DEVICE_PATH = /(^|\/)(dev|proc)\/(?!null$)/;

/**
 * Whether argv is a build or install the warm worker may run (beyond its no-op stamp): the tools a build
 * runs write to pipes gocmd reads (base/spawn.ts), and what it prints goes through the command's
 * streams, so the warm worker's stdout carries nothing else. Not when -o (on the command line or in
 * GOFLAGS) names a device, which in the warm worker would be the server's pipe rather than the client's
 * file, nor with a remote cache, whose helper writes to the worker's stderr.
 */
export function buildsWarm(argv: readonly string[], env: Readonly<Record<string, string>> = {}): boolean {
  const c = warmCommand(argv, env);
  if (c?.cmd !== 'build' && c?.cmd !== 'install') return false;
  if ((env['GOCMD_REMOTE_CACHE'] ?? '') !== '') return false;
  const words = [...c.rest, ...(env['GOFLAGS'] ?? '').split(/\s+/)];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const v = w === '-o' || w === '--o' ? words[i + 1] : /^--?o=(.*)$/s.exec(w)?.[1];
    if (v !== undefined && DEVICE_PATH.test(v)) return false;
  }
  return true;
}

type Write = (chunk: Uint8Array | string, encoding?: BufferEncoding | ((err?: Error | null) => void), cb?: (err?: Error | null) => void) => boolean;

/**
 * Serves requests until the server goes away. process.stdout and process.stderr are re-pointed to write
 * frames to the client of the request being run.
 */
export function serveWarm(): void {
  keepTierUp();
  const send = process.send?.bind(process);
  if (send === undefined) {
    process.stderr.write('gocmd: warm worker started without a server\n');
    process.exitCode = 2;
    return;
  }
  // Where the request being run writes: its client's socket, which came with it (the server relays nothing).
  let client: ClientFrames | undefined;
  const framed = (type: number): Write => (chunk, encoding, cb) => {
    const b = typeof chunk === 'string' ? Buffer.from(chunk, typeof encoding === 'string' ? encoding : 'utf8') : Buffer.from(chunk);
    const done = typeof encoding === 'function' ? encoding : cb;
    if (b.length > 0) {
      // Printed between requests (a build's late clean-up message): no client's, into the server's log.
      if (client) client.push(type, b);
      else writeSync(2, b);
    }
    done?.();
    return true;
  };
  process.stdout.write = framed(FRAME.stdout) as typeof process.stdout.write;
  process.stderr.write = framed(FRAME.stderr) as typeof process.stderr.write;
  const home = process.cwd();
  if (process.env['GOCMD_SERVER_KEEPGRAPH'] !== '0') {
    installGraphMemo(new StatGraphMemo());
    installInfoMemo(new InfoMemo());
  }

  let queue: Promise<void> = Promise.resolve();
  process.on('message', (req: Request, sock?: Socket) => {
    if (sock === undefined) {
      writeSync(2, `warm worker: a request without its client's connection: ${req.argv.join(' ')}\n`);
      send({ done: true });
      return;
    }
    stopReading(sock);
    const received = process.hrtime.bigint();
    queue = queue.then(async () => {
      const frames = new ClientFrames(sock);
      client = frames;
      const t0 = process.hrtime.bigint();
      let code: number;
      try {
        code = await runOne(req, frames);
      } finally {
        client = undefined;
      }
      const t1 = process.hrtime.bigint();
      await frames.finish(JSON.stringify({ code, sig: 0 }));
      // GOCMD_SERVER_DEBUG=1: this worker's legs, into the server's log (this process's stderr).
      if (req.env.includes('GOCMD_SERVER_DEBUG=1')) {
        const ms = (a: bigint, b: bigint): string => (Number(b - a) / 1e6).toFixed(2);
        // The server's clock is this one (CLOCK_MONOTONIC): the hop from the server is measured across.
        const hop = req.sentAt === undefined ? '' : `received ${ms(BigInt(req.sentAt), received)} ms after the server sent it, `;
        writeSync(2, `warm worker: ${hop}started ${ms(received, t0)} ms after, ran in ${ms(t0, t1)} ms, answer written in ${ms(t1, process.hrtime.bigint())} ms: ${req.argv.join(' ')}\n`);
      }
      // The client has its answer: the server may end its copy of the connection and send the next request.
      send({ done: true });
      betweenRequests();
    });
  });
  process.on('disconnect', () => process.exit(0));

  /** After an answer is out: the request's garbage is collected now rather than in a later request (base/v8flags.ts). */
  function betweenRequests(): void {
    collectYoungGeneration();
  }

  async function runOne(req: Request, frames: ClientFrames): Promise<number> {
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
      // A command that ends the process (process.exit deep inside, as go's base.Fatalf) still answers its
      // client: the frames and the exit status go out before this worker ends (the server starts another).
      const realExit = process.exit;
      process.exit = ((code?: number | string | null) => {
        const status = typeof code === 'number' ? code : Number(code ?? process.exitCode ?? 0) || 0;
        client?.finishSync(JSON.stringify({ code: status, sig: 0 }));
        return realExit.call(process, status);
      }) as typeof process.exit;
      try {
        // The progress line's bytes join the request's stderr frames, in order, and go out at once.
        const terminal = servedTerminal(req, (s) => { frames.push(FRAME.stderr, Buffer.from(s)); frames.flush(); });
        return await runMain(req.argv, servedProcessIO(terminal));
      } finally {
        process.exit = realExit;
      }
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
