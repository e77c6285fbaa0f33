// <GOCACHE>/testexpire.txt: the time (ns since the epoch) before which cached test results are ignored (go clean -testcache).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeBytesAtomic } from './atomic.js';

export const TEST_EXPIRE_FILE = 'testexpire.txt';

/** The recorded expiry in nanoseconds, or undefined when absent/unparseable (as go ignores it then). */
export function readTestExpire(cacheDir: string): bigint | undefined {
  let t: string;
  try {
    t = readFileSync(join(cacheDir, TEST_EXPIRE_FILE), 'latin1').trim();
  } catch {
    return undefined;
  }
  return /^[+-]?[0-9]+$/.test(t) ? BigInt(t) : undefined;
}

/** Current wall-clock time in nanoseconds (microsecond resolution). */
export function nowUnixNano(): bigint {
  return BigInt(Math.round((performance.timeOrigin + performance.now()) * 1000)) * 1000n;
}

/**
 * Records "expire everything before now" as go clean -testcache does: "<ns>\n", only moving forward.
 * Throws the fs error if the file cannot be read (other than missing) or written.
 */
export function expireTestResults(cacheDir: string, now: bigint = nowUnixNano()): void {
  let prev = 0n;
  try {
    const t = readFileSync(join(cacheDir, TEST_EXPIRE_FILE), 'latin1').trim();
    if (/^[+-]?[0-9]+$/.test(t)) prev = BigInt(t);
  } catch (e) {
    if ((e as { code?: string }).code !== 'ENOENT') throw e;
  }
  if (now > prev) writeBytesAtomic(join(cacheDir, TEST_EXPIRE_FILE), `${now}\n`);
}
