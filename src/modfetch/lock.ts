// Exclusive file locks compatible with go's lockedfile (flock(2) on the .lock files in the module cache).
//
// go locks <ver>.lock files (and GOMODCACHE/cache/lock, @v/list, the sumdb "latest" file) with
// flock(2). Node has no flock binding, and lock files made with O_EXCL would not exclude a real go
// process at all. So locks are held by a helper process that takes flock(2) on the same files:
// one long-lived bash per gocmd process, which opens each file on its own descriptor and runs
// util-linux `flock -n <fd>` on it (the lock belongs to bash's open file description, exactly as
// go's lock belongs to its *os.File). Requests go over a pipe; "busy" answers are retried with a
// short backoff, so a lock that go holds makes us wait, and a blocked request never holds up the
// helper. Unlocking just closes the descriptor (no other process shares it), which drops the
// lock as closing go's file does. If gocmd dies, the pipe closes, bash exits and the kernel drops every lock, so a crash
// never leaves a stale lock. Without bash or flock(1) we fall back to in-process exclusion only.
// When gocmd's own spawn helper (base/spawn.ts, a small Go program) runs, it takes the flock(2) locks
// itself — no process per lock — and the bash helper is only the fallback.
// Within one gocmd process, locks on the same path are also queued in memory.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { lookPath } from '../cfg/goroot.js';
import { holdEventLoop, spawnHelper } from '../base/spawn.js';
import { mkdirAll } from '../base/mkdirall.js';

export type Unlock = () => Promise<void>;

const HELPER = `
declare -A fds
while IFS=' ' read -r op id path; do
  if [ "$op" = L ]; then
    if exec {fd}>>"$path"; then
      if flock -n -x "$fd"; then fds[$id]=$fd; echo "ok $id"; else exec {fd}>&-; echo "busy $id"; fi
    else
      echo "err $id"
    fi
  elif [ "$op" = U ]; then
    fd=\${fds[$id]}
    if [ -n "$fd" ]; then exec {fd}>&-; unset "fds[$id]"; fi
    echo "ok $id"
  fi
done
`;

let tools: { bash: string; flock: string } | undefined | null = null;

function findTools(): { bash: string; flock: string } | undefined {
  if (tools === null) {
    const p = process.env.PATH;
    const sys = '/usr/bin:/bin:/usr/sbin:/sbin';
    const bash = lookPath('bash', p) ?? lookPath('bash', sys);
    const flock = lookPath('flock', p) ?? lookPath('flock', sys);
    tools = process.env.GOCMD_NO_FLOCK || !bash || !flock ? undefined : { bash, flock };
  }
  return tools;
}

/** Whether locks exclude other processes (the flock helper is available). */
export function crossProcessLocking(): boolean {
  return findTools() !== undefined;
}

/** The lock helper process and its pending requests. */
class Helper {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly waiting = new Map<number, (answer: string) => void>();
  private buf = '';
  private nextId = 1;
  private dead?: Error;

  constructor(t: { bash: string; flock: string }) {
    const env = { ...process.env, PATH: `${dirname(t.flock)}:${process.env.PATH ?? ''}` };
    this.child = spawn(t.bash, ['-c', HELPER], { stdio: ['pipe', 'pipe', 'ignore'] as const, env }) as unknown as ChildProcessWithoutNullStreams;
    this.child.stdout.on('data', (d: Buffer) => {
      this.buf += d.toString();
      let i: number;
      while ((i = this.buf.indexOf('\n')) >= 0) {
        const line = this.buf.slice(0, i);
        this.buf = this.buf.slice(i + 1);
        const [answer, id] = line.split(' ');
        const w = this.waiting.get(Number(id));
        if (w) {
          this.waiting.delete(Number(id));
          w(answer!);
        }
      }
      this.idle();
    });
    const fail = (e: Error): void => {
      this.dead = e;
      for (const w of this.waiting.values()) w('dead');
      this.waiting.clear();
    };
    this.child.on('error', fail);
    this.child.on('close', () => fail(new Error('lock helper exited')));
    this.idle();
  }

  /** While nothing is pending, the helper must not keep gocmd alive. */
  private idle(): void {
    holdEventLoop(this.child, this.waiting.size > 0);
  }

  private request(op: 'L' | 'U', id: number, path = ''): Promise<string> {
    if (this.dead) return Promise.reject(this.dead);
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.idle();
      this.child.stdin.write(op === 'L' ? `L ${id} ${path}\n` : `U ${id}\n`);
    });
  }

  async lock(path: string): Promise<Unlock> {
    const id = this.nextId++;
    for (let delay = 5; ; delay = Math.min(delay * 2, 100)) {
      const a = await this.request('L', id, path);
      if (a === 'ok') break;
      if (a === 'busy') {
        await new Promise((r) => setTimeout(r, delay));
        continue;
      }
      throw this.dead ?? new Error(`open ${path}: cannot lock file`);
    }
    return async () => {
      await this.request('U', id).catch(() => undefined);
    };
  }
}

let helper: Helper | undefined;

const queues = new Map<string, Promise<void>>();

/** Takes an in-process lock on key; resolves to its release function. */
async function memLock(key: string): Promise<() => void> {
  const prev = queues.get(key) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((r) => (release = r));
  const chained = prev.then(() => mine);
  queues.set(key, chained);
  await prev;
  return () => {
    if (queues.get(key) === chained) queues.delete(key);
    release();
  };
}

/**
 * Locks path exclusively (creating it, mode 0666, like lockedfile.MutexAt) and returns the unlock
 * function. Waits while another process or task holds the lock.
 */
export async function lockFile(path: string): Promise<Unlock> {
  mkdirAll(dirname(path));
  closeSync(openSync(path, 'a', 0o666));
  const releaseMem = await memLock(path);
  // The process lock is dropped before the in-process one, so the next task in line finds the file free.
  const both = (unlockProc: Unlock): Unlock => async () => {
    try {
      await unlockProc();
    } finally {
      releaseMem();
    }
  };
  const spawner = process.env['GOCMD_NO_FLOCK'] || path.includes('\n') ? undefined : spawnHelper();
  if (spawner) {
    try {
      return both(await spawner.lock(path));
    } catch {
      // The helper is not working here: lock through bash and flock(1) below.
    }
  }
  const t = findTools();
  if (t === undefined || path.includes('\n')) return async () => releaseMem();
  try {
    helper ??= new Helper(t);
    return both(await helper.lock(path));
  } catch (e) {
    releaseMem();
    throw e;
  }
}

/** Runs fn while holding the lock on path. */
export async function withLock<T>(path: string, fn: () => Promise<T> | T): Promise<T> {
  const unlock = await lockFile(path);
  try {
    return await fn();
  } finally {
    await unlock();
  }
}
