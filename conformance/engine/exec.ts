// Subprocesses for 'exec', 'go' and 'cc': PATH lookup in the script's environment, and a start
// that collects output and, when the script is cancelled, sends SIGQUIT then SIGKILL after a grace period.
import { spawn, type ChildProcess } from 'node:child_process';
import { statSync } from 'node:fs';
import type { State, WaitFunc } from './state.js';
import { DeadlineError, ExitError } from './errors.js';

/** Finds command in the script's $PATH, like exec.LookPath but with the script's environment. */
export function lookPath(s: State, command: string): string {
  const pathEnv = s.lookupEnv('PATH') ?? '';
  for (const dir of pathEnv.split(':')) {
    if (dir === '') continue;
    const p = dir.endsWith('/') ? dir + command : dir + '/' + command;
    try {
      const st = statSync(p);
      if (st.isFile() && (st.mode & 0o111) !== 0) return p;
    } catch {
      // not here
    }
  }
  throw new Error(`exec: "${command}": executable file not found in $PATH`);
}

export interface StartOptions {
  /** Signal sent when the script is cancelled (default SIGQUIT, as cmd/go's harness does). */
  interrupt?: NodeJS.Signals;
  /** Time between the interrupt and SIGKILL. */
  graceMs: number;
}

/** Every child still running, so that a runner can kill them all on exit. */
export const liveChildren = new Set<ChildProcess>();

/** Starts path with args in the script's directory and environment. */
export async function startCommand(s: State, name: string, path: string, args: string[], opts: StartOptions): Promise<WaitFunc> {
  for (let attempt = 0; ; attempt++) {
    const started = await trySpawn(s, name, path, args, opts);
    if (started.ok) return started.wait;
    // ETXTBSY: an executable the script just wrote may still be open in a forked child; retry.
    if (started.code === 'ETXTBSY' && attempt < 100) {
      await new Promise((r) => setTimeout(r, 10));
      continue;
    }
    throw started.err;
  }
}

type SpawnResult = { ok: true; wait: WaitFunc } | { ok: false; code: string | undefined; err: Error };

function trySpawn(s: State, name: string, path: string, args: string[], opts: StartOptions): Promise<SpawnResult> {
  return new Promise((resolve) => {
    let child: ChildProcess;
    try {
      child = spawn(path, args, {
        argv0: name,
        cwd: s.pwd,
        env: s.envObject(),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      resolve({ ok: false, code, err: spawnError(path, e) });
      return;
    }
    const out: Buffer[] = [];
    const errb: Buffer[] = [];
    child.stdout?.on('data', (b: Buffer) => out.push(b));
    child.stderr?.on('data', (b: Buffer) => errb.push(b));
    let cancelled = false;
    let killTimer: NodeJS.Timeout | undefined;
    const onAbort = (): void => {
      cancelled = true;
      try {
        child.kill(opts.interrupt ?? 'SIGQUIT');
      } catch {
        // already gone
      }
      killTimer = setTimeout(() => {
        try {
          child.kill('SIGKILL');
        } catch {
          // already gone
        }
      }, opts.graceMs);
    };
    const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) => {
      child.on('close', (code, signal) => res({ code, signal }));
    });
    child.once('error', (e) => {
      resolve({ ok: false, code: (e as NodeJS.ErrnoException).code, err: spawnError(path, e) });
    });
    child.once('spawn', () => {
      liveChildren.add(child);
      if (s.abort.signal.aborted) onAbort();
      else s.abort.signal.addEventListener('abort', onAbort, { once: true });
      const wait: WaitFunc = async () => {
        const { code, signal } = await done;
        liveChildren.delete(child);
        s.abort.signal.removeEventListener('abort', onAbort);
        if (killTimer) clearTimeout(killTimer);
        const stdout = Buffer.concat(out).toString('utf8');
        const stderr = Buffer.concat(errb).toString('utf8');
        let err: Error | null = null;
        if (code !== 0) err = new ExitError(code, signal);
        if (cancelled && err === null) err = new DeadlineError();
        if (cancelled && err instanceof ExitError && signal !== null) err = new DeadlineError();
        return { stdout, stderr, err };
      };
      resolve({ ok: true, wait });
    });
  });
}

function spawnError(path: string, e: unknown): Error {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new Error(`fork/exec ${path}: no such file or directory`);
  if (code === 'EACCES') return new Error(`fork/exec ${path}: permission denied`);
  if (code === 'ETXTBSY') return new Error(`fork/exec ${path}: text file busy`);
  return e instanceof Error ? e : new Error(String(e));
}
