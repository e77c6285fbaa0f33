// Exclusive file locks compatible with go's lockedfile (flock(2) on the .lock files in the module cache).
//
// go locks <ver>.lock files (and GOMODCACHE/cache/lock, the sumdb files) with flock(2). Node has no
// flock binding, and lock files made with O_EXCL would not exclude a real go process at all. So the
// lock is held by a helper process: util-linux flock(1) takes flock(2) on the same file, exactly as go
// does, then runs `cat` that waits on a pipe from us. Unlocking closes the pipe; if gocmd dies, the
// pipe closes too and the kernel drops the lock, so a crash never leaves a stale lock behind.
// Without a flock(1) binary we fall back to in-process exclusion only (documented limitation).
// Within one gocmd process, locks on the same path are also queued in memory, so two async tasks
// never both wait on helper processes for the same file.

import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { lookPath } from '../cfg/goroot.js';

export type Unlock = () => Promise<void>;

let flockBin: string | undefined | null = null;

function findFlock(): string | undefined {
  if (flockBin === null) flockBin = process.env.GOCMD_NO_FLOCK ? undefined : (lookPath('flock', process.env.PATH) ?? lookPath('flock', '/usr/bin:/bin:/usr/sbin:/sbin'));
  return flockBin;
}

/** Whether locks exclude other processes (a flock(1) helper is available). */
export function crossProcessLocking(): boolean {
  return findFlock() !== undefined;
}

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

/** Holds flock(2) on path in a helper process until the returned function is called. */
function flockHelper(bin: string, path: string): Promise<Unlock> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ['-x', path, '-c', 'echo locked; exec cat >/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let locked = false;
    const exited = new Promise<void>((r) => child.on('close', () => r()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!locked && out.includes('locked')) {
        locked = true;
        resolve(async () => {
          child.stdin.end();
          await exited;
        });
      }
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', (e) => {
      if (!locked) reject(e);
    });
    child.on('close', (code) => {
      if (!locked) reject(new Error(`lock ${path}: ${err.trim() || `flock exited with status ${code}`}`));
    });
  });
}

/**
 * Locks path exclusively (creating it, mode 0666, like lockedfile.MutexAt) and returns the unlock
 * function. Waits while another process or task holds the lock.
 */
export async function lockFile(path: string): Promise<Unlock> {
  mkdirSync(dirname(path), { recursive: true });
  closeSync(openSync(path, 'a', 0o666));
  const releaseMem = await memLock(path);
  const bin = findFlock();
  if (bin === undefined) {
    return async () => releaseMem();
  }
  try {
    const unlockProc = await flockHelper(bin, path);
    return async () => {
      try {
        await unlockProc();
      } finally {
        releaseMem();
      }
    };
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
