// Starts the build's tools: through the gocmd-spawner helper process when it is installed, else with node's child_process.
//
// Node forks the whole driver for every child process, which costs the main thread (the one that
// also schedules the build) milliseconds per tool; a cold build runs a hundred or more. The helper
// (src/base/spawner, a small Go program built next to the bundle by `npm run build`) starts
// processes as go does and reports their end and combined output over a pipe. Without it (not
// built, GOCMD_SPAWNER=off, a program looked up in PATH) tools start directly; results are the same.
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants as fsConstants } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { dirname, join } from 'node:path';
import type { Readable, Writable } from 'node:stream';

/** How a tool run ended. */
export interface ToolExit {
  /** Combined stdout and stderr. */
  out: Buffer;
  /** Exit status; null when killed by a signal or never started. */
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Why it could not start (node's spawn error), when it did not. */
  startError?: Error;
}

/** A started tool: what signal handling needs to stop it. */
export interface ToolProcess {
  kill(sig: NodeJS.Signals): void;
  /** Whether it is still running. */
  running(): boolean;
  /** Resolves once it has ended (or never started). */
  readonly ended: Promise<ToolExit>;
}

export interface ToolSpawnOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /**
   * A CPU of its own while it runs, and the processes started meanwhile on the others: for a compile that
   * bounds the build (see src/base/spawner/cpus.go). Only the helper can do it; a direct start ignores it.
   */
  ownCPU?: boolean;
}

/** Starts file with argv args (args[0] is the program name it sees), stdin /dev/null, stdout+stderr captured. */
export function startTool(file: string, args: string[], opts: ToolSpawnOptions): ToolProcess {
  const helper = file.includes('/') ? spawnHelper() : undefined;
  return helper ? helper.start(file, args, opts) : startDirect(file, args, opts);
}

/** Starts a tool with node's child_process. */
export function startDirect(file: string, args: string[], opts: ToolSpawnOptions): ToolProcess {
  let child: ChildProcess;
  try {
    child = spawn(file, args.slice(1), { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'], argv0: args[0] });
  } catch (e) {
    const ended = Promise.resolve<ToolExit>({ out: Buffer.alloc(0), code: null, signal: null, startError: e as Error });
    return { kill() {}, running: () => false, ended };
  }
  const chunks: Buffer[] = [];
  child.stdout!.on('data', (b: Buffer) => chunks.push(b));
  child.stderr!.on('data', (b: Buffer) => chunks.push(b));
  let done = false;
  const ended = new Promise<ToolExit>((resolve) => {
    child.on('error', (e) => { done = true; resolve({ out: Buffer.concat(chunks), code: null, signal: null, startError: e }); });
    child.on('close', (code, signal) => { done = true; resolve({ out: Buffer.concat(chunks), code, signal }); });
  });
  return {
    kill(sig) { try { child.kill(sig); } catch { /* already gone */ } },
    running: () => !done && child.exitCode === null && child.signalCode === null,
    ended,
  };
}

// ---- the helper process ----
// It also holds file locks for modfetch (see SpawnHelper.lock): flock(2) needs a process that keeps the
// file open, and node has no binding for it.

/** Where the helper binary is: $GOCMD_SPAWNER (a path; "off" disables it), else beside the entry script. */
export function spawnerPath(env: NodeJS.ProcessEnv = process.env, entry: string | undefined = process.argv[1]): string | undefined {
  const v = env['GOCMD_SPAWNER'];
  if (v === 'off' || v === '0') return undefined;
  if (v) return v;
  if (!entry) return undefined;
  return join(dirname(entry), 'gocmd-spawner');
}

let helperState: SpawnHelper | null | undefined;

/** The running helper, started on first use; undefined when there is none (then tools start directly). */
export function spawnHelper(): SpawnHelper | undefined {
  if (helperState !== undefined) return helperState ?? undefined;
  helperState = null;
  const bin = spawnerPath();
  if (!bin) return undefined;
  try {
    accessSync(bin, fsConstants.X_OK);
  } catch {
    return undefined;
  }
  try {
    helperState = new SpawnHelper(bin);
  } catch {
    helperState = null;
  }
  return helperState ?? undefined;
}

interface Pending {
  file: string;
  args: string[];
  opts: ToolSpawnOptions;
  resolve: (e: ToolExit) => void;
  done: boolean;
  /** Set when the request was handed to a direct start because the helper never worked. */
  direct?: ToolProcess;
}

interface Response {
  id: number;
  code: number;
  sig: number;
  errno: number;
  err: string;
  out: string | null;
}

const SIGNAL_NAMES = new Map<number, NodeJS.Signals>(
  Object.entries(osConstants.signals).map(([name, n]) => [n as number, name as NodeJS.Signals]));
const ERRNO_NAMES = new Map<number, string>(Object.entries(osConstants.errno).map(([name, n]) => [n as number, name]));

/** A node-style spawn error ("spawn FILE ENOENT") from the helper's errno, so messages match direct starts. */
export function spawnErrorFromErrno(file: string, errno: number, text: string): Error {
  const code = ERRNO_NAMES.get(errno);
  const e = new Error(code ? `spawn ${file} ${code}` : `spawn ${file}: ${text}`) as NodeJS.ErrnoException;
  if (code) e.code = code;
  e.errno = -errno;
  e.path = file;
  e.syscall = 'spawn ' + file;
  return e;
}

/** A running gocmd-spawner and the tool runs it has been asked for. */
export class SpawnHelper {
  private readonly child: ChildProcess;
  private readonly stdin: Writable;
  private readonly stdout: Readable;
  private readonly pending = new Map<number, Pending>();
  /** Lock and unlock requests awaiting their answer (undefined: the helper died). */
  private readonly control = new Map<number, (r: Response | undefined) => void>();
  private nextId = 1;
  private partial = '';
  private dead = false;
  /** Whether the helper has answered anything yet (proof that it runs, and can start programs). */
  private answered = false;

  constructor(bin: string) {
    // The helper's environment does not matter (each request carries the tool's); stderr is ours for its
    // own fatal messages.
    this.child = spawn(bin, [], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.stdin = this.child.stdin!;
    this.stdout = this.child.stdout!;
    this.stdout.setEncoding('utf8');
    this.stdout.on('data', (s: string) => this.onData(s));
    this.child.on('error', () => this.fail());
    this.child.on('exit', () => this.fail());
    this.stdin.on('error', () => this.fail());
    this.idle();
    // When gocmd has nothing left to do, close the helper's stdin and wait for it to exit, so it is
    // reaped by gocmd (its tools' CPU time then counts as gocmd's children's, as with go) rather than
    // orphaned. An explicit process.exit skips this; the helper still exits on the closed pipe.
    process.once('beforeExit', () => {
      if (this.dead) return;
      this.child.ref();
      this.stdin.end();
    });
  }

  start(file: string, args: string[], opts: ToolSpawnOptions): ToolProcess {
    if (this.dead) return startDirect(file, args, opts);
    const id = this.nextId++;
    const env: string[] = [];
    for (const [k, v] of Object.entries(opts.env)) if (v !== undefined) env.push(`${k}=${v}`);
    const p: Pending = { file, args, opts, resolve: () => {}, done: false };
    const ended = new Promise<ToolExit>((resolve) => { p.resolve = resolve; });
    this.pending.set(id, p);
    this.busy();
    this.stdin.write(JSON.stringify({ id, path: file, args, dir: opts.cwd, env, ...(opts.ownCPU ? { ownCPU: true } : {}) }) + '\n');
    return {
      kill: (sig) => {
        if (p.direct) p.direct.kill(sig);
        if (p.done || this.dead) return;
        this.stdin.write(JSON.stringify({ id, kill: osConstants.signals[sig] ?? osConstants.signals.SIGKILL }) + '\n');
      },
      running: () => (p.direct ? p.direct.running() : !p.done),
      ended,
    };
  }

  /**
   * Takes go's lockedfile lock on path (flock LOCK_EX on the file opened O_RDWR|O_CREATE, 0666) in the
   * helper, waiting while another process holds it; resolves to the function that drops it. Rejects when
   * the helper is not working (the caller then locks another way).
   */
  async lock(path: string): Promise<() => Promise<void>> {
    const id = this.nextId++;
    const r = await this.ask(id, { id, lock: path });
    if (r.err !== '') throw new Error(r.err);
    return async () => { await this.ask(id, { id, unlock: true }).catch(() => undefined); };
  }

  private ask(id: number, req: object): Promise<Response> {
    if (this.dead) return Promise.reject(new Error('gocmd-spawner is not running'));
    return new Promise<Response>((resolve, reject) => {
      this.control.set(id, (r) => (r ? resolve(r) : reject(new Error('gocmd-spawner exited'))));
      this.busy();
      this.stdin.write(JSON.stringify(req) + '\n');
    });
  }

  private onData(s: string): void {
    let text = this.partial + s;
    let nl: number;
    while ((nl = text.indexOf('\n')) >= 0) {
      const line = text.slice(0, nl);
      text = text.slice(nl + 1);
      if (line !== '') this.onResponse(JSON.parse(line) as Response);
    }
    this.partial = text;
  }

  private onResponse(r: Response): void {
    const p = this.pending.get(r.id);
    this.answered = true;
    const c = this.control.get(r.id);
    if (c) {
      this.control.delete(r.id);
      c(r);
      this.idleIfDone();
      return;
    }
    if (!p) return;
    this.pending.delete(r.id);
    p.done = true;
    const out = r.out ? Buffer.from(r.out, 'base64') : Buffer.alloc(0);
    if (r.errno !== 0 || (r.err !== '' && r.code === -1 && r.sig === 0)) {
      p.resolve({ out, code: null, signal: null, startError: spawnErrorFromErrno(p.file, r.errno, r.err) });
    } else if (r.sig !== 0) {
      p.resolve({ out, code: null, signal: SIGNAL_NAMES.get(r.sig) ?? 'SIGKILL' });
    } else {
      p.resolve({ out, code: r.code, signal: null });
    }
    this.idleIfDone();
  }

  private idleIfDone(): void {
    if (this.pending.size === 0 && this.control.size === 0) this.idle();
  }

  /**
   * The helper died or never started. If it never answered (missing, not executable, built for another
   * machine) what was handed to it starts directly now; if it died while running tools, those are
   * reported as failed (re-running them could repeat a tool's effects). Later tools start directly.
   */
  private fail(): void {
    if (this.dead) return;
    this.dead = true;
    for (const p of this.pending.values()) {
      if (!this.answered) {
        p.direct = startDirect(p.file, p.args, p.opts);
        void p.direct.ended.then((e) => { p.done = true; p.resolve(e); });
        continue;
      }
      p.done = true;
      p.resolve({ out: Buffer.alloc(0), code: null, signal: null, startError: new Error('gocmd-spawner exited') });
    }
    this.pending.clear();
    for (const c of this.control.values()) c(undefined);
    this.control.clear();
    this.idle();
  }

  // While nothing is pending the helper must not keep node's event loop alive; when gocmd exits, the
  // helper sees its stdin close and exits too.
  private idle(): void {
    holdEventLoop(this.child, false);
  }

  private busy(): void {
    holdEventLoop(this.child, true);
  }
}

/**
 * Makes a long-lived helper process and its stdio pipes keep node's event loop alive (hold) or not: a
 * helper should hold it only while it owes gocmd an answer.
 */
export function holdEventLoop(child: ChildProcess, hold: boolean): void {
  for (const h of [child, child.stdin, child.stdout] as ({ ref?(): void; unref?(): void } | null)[]) {
    if (hold) h?.ref?.();
    else h?.unref?.();
  }
}
