// Trimming of gocmd's own directories inside GOCACHE (the no-op stamps, the why-rebuilt records), done as
// go trims the cache itself: at most once a day, recorded by trim.txt's mtime, removing files by age.
import { readdirSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { writeBytesAtomic } from './atomic.js';

const DAY_MS = 24 * 3600 * 1000;

/**
 * At most once a day per directory: calls remove for each file named by 64 hex digits (the directory's
 * entries) and unlinks those it says to. Other processes may trim or write meanwhile: a file gone already,
 * or one that cannot be read or removed, is passed over.
 */
export function trimSideDir(dir: string, nowMs: number, remove: (file: string, mtimeMs: number) => boolean): void {
  const trimFile = join(dir, 'trim.txt');
  try {
    if (nowMs - statSync(trimFile).mtimeMs < DAY_MS) return;
  } catch {
    // Never trimmed.
  }
  try {
    writeBytesAtomic(trimFile, String(Math.floor(nowMs / 1000)));
  } catch {
    return;
  }
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const n of names) {
    if (!/^[0-9a-f]{64}$/.test(n)) continue;
    const file = join(dir, n);
    try {
      if (remove(file, statSync(file).mtimeMs)) unlinkSync(file);
    } catch {
      // Gone already, or not ours to remove.
    }
  }
}
