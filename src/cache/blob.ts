// Small self-checking blobs stored directly under a key in GOCACHE (one file, one read), for the package index.
//
// The file is GOCACHE/<xx>/<key hex>-d, so go's and our cache trimming age it out like any output
// (its mtime is refreshed on use at most once an hour, as for outputs). Content: sha256 of the payload,
// then the payload; a truncated or damaged file fails the check and reads as absent.
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, futimesSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { writeBytesAtomic } from './atomic.js';
import { MTIME_INTERVAL_MS } from './cache.js';
import { mkdirAll } from '../base/mkdirall.js';

const SUM = 32;

export function blobFile(cacheDir: string, key: Uint8Array): string {
  const hex = Buffer.from(key).toString('hex');
  return join(cacheDir, hex.slice(0, 2), `${hex}-d`);
}

/** The payload stored under key, or undefined if absent, unreadable or damaged. */
export function readBlob(cacheDir: string, key: Uint8Array, now = Date.now()): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(blobFile(cacheDir, key), 'r');
  } catch {
    return undefined;
  }
  try {
    const st = fstatSync(fd);
    if (st.size < SUM || !st.isFile()) return undefined;
    const buf = Buffer.allocUnsafe(st.size);
    let n = 0;
    while (n < buf.length) {
      const k = readSync(fd, buf, n, buf.length - n, n);
      if (k === 0) return undefined;
      n += k;
    }
    const payload = buf.subarray(SUM);
    if (!createHash('sha256').update(payload).digest().equals(buf.subarray(0, SUM))) return undefined;
    if (now - st.mtimeMs >= MTIME_INTERVAL_MS) {
      try {
        futimesSync(fd, now / 1000, now / 1000);
      } catch { /* best effort, as for outputs */ }
    }
    return payload;
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** Stores payload under key atomically (temp file + rename); concurrent writers of one key are safe. Throws on I/O errors. */
export function writeBlob(cacheDir: string, key: Uint8Array, payload: Uint8Array): void {
  const file = blobFile(cacheDir, key);
  mkdirAll(join(file, '..'), 0o777);
  const sum = createHash('sha256').update(payload).digest();
  writeBytesAtomic(file, Buffer.concat([sum, payload]));
}
