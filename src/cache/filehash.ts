// hashFile: plain sha256 of a file's content, memoised per path (in process and in GOCACHE) and validated by stat so unchanged files are never re-read.
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync, statSync, type BigIntStats } from 'node:fs';
import { debugFileHash } from './hash.js';
import { cacheDebug } from './godebug.js';
import { errnoText } from '../lib/oserror.js';
import { statFacts } from '../base/filefacts.js';
import { isTrusted, memoFileHash, rememberFileHash, statKeyOf } from './statmemo.js';

interface Memo {
  /** statFacts of the file when hashed, or TRUSTED (a release GOROOT file: no stat needed). */
  key: string;
  sum: Buffer;
}

const TRUSTED = 'trusted';

const memo = new Map<string, Memo>();

/** One read buffer for every hash (hashing is synchronous, so it is never shared between calls). */
let readBuf: Buffer | undefined;

/**
 * Reads the file at `fd` into sha256. For a regular file (`regular`), a read shorter than asked for is its
 * end, which saves the final zero-length read; other files are read until a read returns nothing.
 */
export function hashFd(fd: number, regular = false): Buffer {
  const h = createHash('sha256');
  const buf = (readBuf ??= Buffer.allocUnsafe(1 << 20));
  for (;;) {
    const n = readSync(fd, buf, 0, buf.length, null);
    if (n === 0) break;
    h.update(buf.subarray(0, n));
    if (regular && n < buf.length) break;
  }
  return h.digest();
}

/**
 * cache.FileHash: the sha256 of the file (unsalted). A repeated call for the same path whose
 * (dev, ino, size, mtime, ctime) is unchanged returns the memoised sum without reading the file.
 * Throws the fs error (after go's "HASH file: err" trace) if the file cannot be read.
 */
export function hashFile(file: string): Buffer {
  const m = memo.get(file);
  if (m?.key === TRUSTED) return m.sum;
  // The persistent memo (statmemo.ts) is skipped under GODEBUG=gocachehash=1, which prints every sum computed.
  const persist = !m && !cacheDebug().hash;
  if (persist && isTrusted(file)) {
    const hex = memoFileHash(file, undefined);
    if (hex !== undefined) {
      const sum = Buffer.from(hex, 'hex');
      memo.set(file, { key: TRUSTED, sum });
      return sum;
    }
  }
  // A trusted file's memo entry needs no stat (and was looked up above); only others are keyed by stat.
  if (m || (persist && !isTrusted(file))) {
    // Only a memoised path needs a stat up front; otherwise the fstat below is enough.
    let st: BigIntStats;
    try {
      st = statSync(file, { bigint: true });
    } catch (err) {
      debugFileHash(file, `open ${file}: ${errnoText(err)}`);
      throw err;
    }
    if (m) {
      if (m.key === statFacts(st)) return m.sum;
    } else {
      // statKeyOf's key is statFacts': built once (five bigints formatted per file hashed).
      const sk = statKeyOf(st);
      const hex = memoFileHash(file, sk);
      if (hex !== undefined) {
        const sum = Buffer.from(hex, 'hex');
        memo.set(file, { key: sk.key, sum });
        return sum;
      }
    }
  }
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (err) {
    debugFileHash(file, `open ${file}: ${errnoText(err)}`);
    throw err;
  }
  try {
    const bst = fstatSync(fd, { bigint: true });
    const before = statFacts(bst);
    const sum = hashFd(fd, bst.isFile());
    if (isTrusted(file)) {
      // A trusted (release GOROOT) file is taken not to change: remembered by identity, no second stat.
      debugFileHash(file, sum);
      memo.set(file, { key: TRUSTED, sum });
      if (!cacheDebug().hash) rememberFileHash(file, undefined, sum.toString('hex'));
      return sum;
    }
    const ast = fstatSync(fd, { bigint: true });
    const after = statFacts(ast);
    debugFileHash(file, sum);
    // Only remember sums of files that did not change while we read them.
    if (before === after) {
      memo.set(file, { key: after, sum });
      if (!cacheDebug().hash) rememberFileHash(file, statKeyOf(ast), sum.toString('hex'));
    }
    return sum;
  } finally {
    closeSync(fd);
  }
}

/** cache.SetFileHash: records a known sum for file (e.g. an output we just wrote), keyed by its current stat. */
export function setFileHash(file: string, sum: Buffer): void {
  try {
    memo.set(file, { key: statFacts(statSync(file, { bigint: true })), sum });
  } catch {
    memo.delete(file);
  }
}

/** Forgets all memoised sums (tests). */
export function resetFileHashMemo(): void {
  memo.clear();
}
