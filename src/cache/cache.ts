// Cache: go's on-disk build cache (GOCACHE) — same layout, entry format, mtime and trim rules — so go and gocmd share it.
import { createHash } from 'node:crypto';
import {
  closeSync, fstatSync, linkSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync, unlinkSync, utimesSync,
  type Stats,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { tempNameFor, writeBytesAtomic, writeFileAtomic, TEMP_MARK } from './atomic.js';
import { ENTRY_SIZE, EntryNotFoundError, formatEntry, parseEntry, type CacheEntry } from './entry.js';
import { hashFd } from './filehash.js';
import { cacheDebug } from './godebug.js';
import { reverseHash, toHex } from './hash.js';
import { goPathErrorText } from '../lib/oserror.js';
import { mkdirAll } from '../base/mkdirall.js';

export type { CacheEntry } from './entry.js';
export { EntryNotFoundError } from './entry.js';

const HOUR_MS = 3600_000;
/** mtimes are refreshed on use at most once per hour. */
export const MTIME_INTERVAL_MS = HOUR_MS;
/** A trim scan runs at most once a day. */
export const TRIM_INTERVAL_MS = 24 * HOUR_MS;
/** Entries unused for 5 days are trimmed. */
export const TRIM_LIMIT_MS = 5 * 24 * HOUR_MS;

/** A go-style error raised while opening or writing the cache; message is go's text. */
export class CacheError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CacheError';
  }
}

/** The output of a computation as stored: sha256 of the bytes and their count. */
export interface PutResult {
  outputID: Buffer;
  size: number;
  /** Where a plain (non-executable) output now is: what outputFile(outputID) would answer, without its stat. */
  file?: string;
}

type Source = string | Uint8Array;

/** The real clock (a Cache's default `now`). */
function realNow(): number {
  return Date.now();
}

function nowNs(): bigint {
  return BigInt(Math.round((performance.timeOrigin + performance.now()) * 1000)) * 1000n;
}

/** sha256 and length of a source (a file path is streamed, not loaded). */
function hashSource(src: Source): PutResult {
  if (typeof src !== 'string') return { outputID: createHash('sha256').update(src).digest(), size: src.length };
  const fd = openSync(src, 'r');
  try {
    const outputID = hashFd(fd);
    return { outputID, size: fstatSync(fd).size };
  } finally {
    closeSync(fd);
  }
}

function trySum(file: string): Buffer | undefined {
  try {
    const fd = openSync(file, 'r');
    try {
      return hashFd(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
}

/**
 * Runs a write into a cache subdirectory, making the subdirectory when it is missing: open skips making
 * them when the last exists (see open), so one removed by hand is made here, where go's open would have.
 */
function inSubdir(file: string, write: () => void): void {
  try {
    write();
  } catch (err) {
    if ((err as { code?: string }).code !== 'ENOENT') throw err;
    mkdirAll(dirname(file), 0o777);
    write();
  }
}

/** Makes target a hard link to file, atomically (a link under a temporary name, renamed); false if it cannot. */
function linkInto(file: string, target: string): boolean {
  const tmp = tempNameFor(target);
  try {
    linkSync(file, tmp);
  } catch {
    return false;
  }
  try {
    renameSync(tmp, target);
    return true;
  } catch {
    try { unlinkSync(tmp); } catch { /* best effort */ }
    return false;
  }
}

function statOrUndef(p: string): Stats | undefined {
  try {
    // A missing file (every output of a cold build) answers undefined without an exception, which costs
    // far more than the stat itself.
    return statSync(p, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

export class Cache {
  /** Clock in milliseconds; replaceable in tests. */
  now: () => number = realNow;

  protected constructor(readonly dir: string) {}

  /** cache.Open: dir must exist and be a directory; creates the 256 "00".."ff" subdirectories. */
  static open(dir: string): Cache {
    let st: Stats;
    try {
      st = statSync(dir);
    } catch (err) {
      throw new CacheError(goPathErrorText(err, dir).replace(/^\w+ /, 'stat '));
    }
    if (!st.isDirectory()) throw new CacheError(`open ${dir}: not a directory`);
    // go makes the 256 subdirectories at every open (a stat each when they exist). They are made in order,
    // so when the last exists an earlier open made them all: one stat instead of 256 mkdir+stat pairs.
    if (statOrUndef(join(dir, 'ff'))?.isDirectory()) return new Cache(dir);
    for (let i = 0; i < 256; i++) {
      const sub = join(dir, i.toString(16).padStart(2, '0'));
      try {
        mkdirAll(sub, 0o777);
      } catch (err) {
        throw new CacheError(goPathErrorText(err, sub).replace(/^\w+ /, 'mkdir '));
      }
    }
    return new Cache(dir);
  }

  /**
   * When set, what this process used of the cache: every entry and output file it found (path → size)
   * and how many entries it stored. A cached `go test`'s stamp records the first and needs the second
   * to be 0 (work/noopcheck.ts).
   */
  usage: { used: Map<string, number>; puts: number } | undefined;

  /** Path of the "-a" or "-d" file for an ID: dir/xx/<hex>-<key>. */
  fileName(id: Uint8Array, key: 'a' | 'd'): string {
    const hex = toHex(id);
    return join(this.dir, hex.slice(0, 2), `${hex}-${key}`);
  }

  /** Looks up an action ID, honouring GODEBUG=gocacheverify=1 (always a miss). */
  get(id: Uint8Array): CacheEntry | undefined {
    const r = this.lookup(id);
    return r instanceof EntryNotFoundError ? undefined : r;
  }

  /**
   * Starts looking these action IDs up where that is slow (a cache program, a remote cache) and resolves
   * when the answers are in; a later lookup of each then costs nothing. The disk cache has nothing to start.
   */
  prefetch(_ids: Uint8Array[]): Promise<void> {
    return Promise.resolve();
  }

  /** Where a cache with slow storage behind it says what it fetched (go build -x); nothing for the disk cache. */
  setTrace(_f: (line: string) => void): void {}

  /**
   * The entry this process last wrote for id, from memory, or else get's answer: for the no-op stamp's
   * record, which lists every entry a build used right after the build wrote them (a cold build std
   * would otherwise read ~700 entry files back). Under GODEBUG=gocacheverify=1 it is get's answer (a miss).
   */
  getWritten(id: Uint8Array): CacheEntry | undefined {
    if (!cacheDebug().verify) {
      const e = this.written.get(toHex(id));
      if (e) return e;
    }
    return this.get(id);
  }

  /** Entries this process wrote, by action ID in hex (see getWritten). */
  private readonly written = new Map<string, CacheEntry>();

  /** Like get, but says why a miss happened (go's entryNotFoundError text). */
  lookup(id: Uint8Array): CacheEntry | EntryNotFoundError {
    if (cacheDebug().verify) return new EntryNotFoundError('gocacheverify=1');
    return this.readEntry(id);
  }

  private readEntry(id: Uint8Array): CacheEntry | EntryNotFoundError {
    const file = this.fileName(id, 'a');
    let data: Buffer;
    // The entry's stat for markUsed, from the open file: a stat by path walks the long cache path again.
    let st: Stats | undefined;
    try {
      const fd = openSync(file, 'r');
      try {
        st = fstatSync(fd);
        const buf = Buffer.alloc(ENTRY_SIZE + 1);
        let n = 0;
        while (n < buf.length) {
          const k = readSync(fd, buf, n, buf.length - n, null);
          if (k === 0) break;
          n += k;
        }
        data = buf.subarray(0, n);
      } finally {
        closeSync(fd);
      }
    } catch (err) {
      return new EntryNotFoundError(goPathErrorText(err, file));
    }
    const e = parseEntry(data, id);
    if (e instanceof EntryNotFoundError) return e;
    this.markUsedStat(file, st);
    return e;
  }

  /** cache.GetFile: the entry and its output file, a miss if the file is absent or of the wrong size. */
  getFile(id: Uint8Array): { file: string; entry: CacheEntry } | undefined {
    const entry = this.get(id);
    if (!entry) return undefined;
    const file = this.outputFile(entry.outputID);
    // The stat outputFile just took, when it was ours (a subclass may answer from elsewhere).
    const seen = this.lastOutput;
    this.lastOutput = undefined;
    const st = seen?.file === file ? seen.st : statOrUndef(file);
    if (!st || st.size !== entry.size) return undefined;
    return { file, entry };
  }

  /** cache.GetBytes: the output bytes, a miss unless their sha256 is the output ID. */
  getBytes(id: Uint8Array): { data: Buffer; entry: CacheEntry } | undefined {
    const entry = this.get(id);
    if (!entry) return undefined;
    let data: Buffer;
    try {
      data = readFileSync(this.outputFile(entry.outputID));
    } catch {
      data = Buffer.alloc(0);
    }
    if (!createHash('sha256').update(data).digest().equals(entry.outputID)) return undefined;
    return { data, entry };
  }

  /** Path of the stored output; for executable entries (a "-d" directory), the single file inside. */
  outputFile(out: Uint8Array): string {
    const r = this.output(out);
    this.lastOutput = r;
    return r.file;
  }

  /** The last output() answer, so getFile need not stat the same file again. */
  private lastOutput: { file: string; st?: Stats } | undefined;

  /** outputFile, with the stat of a plain output file taken on the way (undefined if it is missing or a directory entry's). */
  private output(out: Uint8Array): { file: string; st?: Stats } {
    const file = this.fileName(out, 'd');
    const st = statOrUndef(file);
    this.markUsedStat(file, st);
    if (!st?.isDirectory()) return { file, st };
    let names: string[];
    try {
      names = readdirSync(file);
    } catch (err) {
      return { file: `DO NOT USE - missing binary cache entry: ${goPathErrorText(err, file)}` };
    }
    const real = names.filter((n) => !n.includes(TEMP_MARK));
    if (real.length !== 1) return { file: 'DO NOT USE - invalid binary cache entry' };
    const inner = join(file, real[0]!);
    return { file: inner, st: statOrUndef(inner) };
  }

  /** Where fuzzing corpora live (not trimmed; removed by clean -fuzzcache). */
  fuzzDir(): string {
    return join(this.dir, 'fuzz');
  }

  /** Refreshes mtime if older than an hour; reports whether file is a directory. */
  private markUsed(file: string): boolean {
    const st = statOrUndef(file);
    this.markUsedStat(file, st);
    return st?.isDirectory() ?? false;
  }

  /** markUsed with the file's stat already in hand. */
  private markUsedStat(file: string, st: Stats | undefined): void {
    if (!st) return;
    this.usage?.used.set(file, st.size);
    const now = this.now();
    if (now - st.mtimeMs >= MTIME_INTERVAL_MS) {
      try {
        utimesSync(file, now / 1000, now / 1000);
      } catch {
        // Best effort, as in go.
      }
    }
  }

  /**
   * Stores a file's content (path, streamed) or bytes as the output of action id. linkFrom: a file whose
   * content is exactly src (bytes just written there) and that nobody will write again, such as a package
   * archive in $WORK once its build ID is stamped. The cache entry is then a hard link to it rather than a
   * copy (go copies; the bytes are the same), falling back to writing the bytes when the file system
   * cannot link (another device, no hard links).
   */
  put(id: Uint8Array, src: Source, opts: { noVerify?: boolean; linkFrom?: string } = {}): PutResult {
    return this.putImpl(id, '', src, !opts.noVerify, opts.linkFrom);
  }

  /** cache.PutBytes. */
  putBytes(id: Uint8Array, data: Uint8Array | string): PutResult {
    return this.put(id, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
  }

  /** cache.PutNoVerify: as put, but exempt from gocacheverify checks (e.g. test output with timings). */
  putNoVerify(id: Uint8Array, src: Source): PutResult {
    return this.putImpl(id, '', src, false);
  }

  /** Stores an executable as <out>-d/<name>, mode 0777 (go run / go tool caching). */
  putExecutable(id: Uint8Array, name: string, src: Source): PutResult {
    if (name === '') throw new Error('PutExecutable called without a name');
    return this.putImpl(id, name, src, true);
  }

  private putImpl(id: Uint8Array, exeName: string, src: Source, allowVerify: boolean, linkFrom?: string): PutResult {
    const res = hashSource(src);
    this.copyFile(src, exeName, res, linkFrom);
    this.putIndexEntry(id, res.outputID, res.size, allowVerify);
    return exeName === '' ? { ...res, file: this.fileName(res.outputID, 'd') } : res;
  }

  private copyFile(src: Source, exeName: string, { outputID, size }: PutResult, linkFrom?: string): void {
    let name = this.fileName(outputID, 'd');
    let st = statOrUndef(name);
    let mode = 0o666;
    // Executables live alone in their <out>-d directory: stage them in the parent subdirectory so a
    // concurrent reader never sees a second file there.
    let tmpDir: string | undefined;
    if (exeName !== '') {
      mode = 0o777;
      if (!st) {
        try {
          mkdirSync(name, { mode: 0o777 });
        } catch (err) {
          if ((err as { code?: string }).code !== 'EEXIST') throw new CacheError(goPathErrorText(err, name).replace(/^\w+ /, 'mkdir '));
        }
        st = statOrUndef(name);
      }
      if (!st || !st.isDirectory()) throw new CacheError('internal error: invalid binary cache entry: not a directory');
      tmpDir = dirname(name);
      name = join(name, exeName);
      st = statOrUndef(name);
    }
    if (st && st.isFile() && st.size === size) {
      // Same size: the same content if it hashes the same (nothing to read when both are empty).
      const have = size === 0 ? outputID : trySum(name);
      if (have && have.equals(outputID)) {
        if (this.now() - st.mtimeMs >= MTIME_INTERVAL_MS) this.markUsed(name);
        return;
      }
    }
    if (linkFrom !== undefined && exeName === '' && typeof src !== 'string' && linkInto(linkFrom, name)) return;
    // Bytes in memory were hashed just now and cannot change: write them as they are.
    if (typeof src !== 'string') {
      inSubdir(name, () => writeFileAtomic(name, (write) => write(src), mode, false, tmpDir));
      return;
    }
    // Copy a file, re-hashing as we go so a source that changed since hashing is caught before it lands.
    const h = createHash('sha256');
    inSubdir(name, () => writeFileAtomic(name, (write) => {
      const fd = openSync(src, 'r');
      try {
        const buf = Buffer.allocUnsafe(1 << 20);
        for (;;) {
          const n = readSync(fd, buf, 0, buf.length, null);
          if (n === 0) break;
          const chunk = buf.subarray(0, n);
          h.update(chunk);
          write(chunk);
        }
      } finally {
        closeSync(fd);
      }
      if (!h.digest().equals(outputID)) throw new CacheError('file content changed underfoot');
    }, mode, false, tmpDir));
  }

  /**
   * Records action id → an output whose bytes are already in file, in this cache's directory (the caller
   * checked them: sha256 outputID, size bytes), moving the file into place: for outputs from a remote cache.
   */
  protected adoptOutput(id: Uint8Array, outputID: Buffer, size: number, file: string): void {
    const name = this.fileName(outputID, 'd');
    const st = statOrUndef(name);
    if (st?.isFile() && st.size === size) {
      try { unlinkSync(file); } catch { /* best effort */ }
    } else {
      inSubdir(name, () => renameSync(file, name));
    }
    this.putIndexEntry(id, outputID, size, false);
  }

  /**
   * Notes an entry some other thread wrote into this cache's directory (a remote cache's worker, which
   * checked the output's sha256 and size and moved it into place): counted as a put; rewritten here when
   * this cache runs on a test clock, whose times that thread does not know.
   */
  protected adoptedElsewhere(id: Uint8Array, outputID: Buffer, size: number): void {
    if (this.now !== realNow) this.putIndexEntry(id, outputID, size, false);
    else if (this.usage) this.usage.puts++;
  }

  private putIndexEntry(id: Uint8Array, out: Buffer, size: number, allowVerify: boolean): void {
    if (this.usage) this.usage.puts++;
    const timeNs = nowNs();
    const entry = formatEntry(id, out, size, timeNs);
    if (cacheDebug().verify && allowVerify) {
      const old = this.readEntry(id);
      if (!(old instanceof EntryNotFoundError) && (!old.outputID.equals(out) || old.size !== size)) {
        // go panics here; the wording (including its old/new labels) is kept verbatim.
        throw new CacheError(`go: internal cache error: cache verify failed: id=${toHex(id)} changed:<<<\n${reverseHash(id)}\n>>>\nold: ${toHex(out)} ${size}\nnew: ${toHex(old.outputID)} ${old.size}`);
      }
    }
    const file = this.fileName(id, 'a');
    try {
      inSubdir(file, () => writeBytesAtomic(file, entry));
    } catch (err) {
      throw new CacheError(goPathErrorText(err, file));
    }
    this.written.set(toHex(id), { outputID: out, size, timeNs });
    // go sets the entry's mtime to its clock's now; with the real clock the write just did that.
    if (this.now === realNow) return;
    const now = this.now() / 1000;
    try {
      utimesSync(file, now, now);
    } catch {
      // Mainly for tests, as in go.
    }
  }

  /** cache.Close: end-of-process housekeeping (a trim, at most once a day). */
  close(): void {
    this.trim();
  }

  /**
   * Removes entries unused for 5 days (plus an hour of mtime slack), at most once a day, recording the
   * time of the last trim in trim.txt (seconds since the epoch, no newline) as go does.
   */
  trim(): void {
    const now = this.now();
    const trimFile = join(this.dir, 'trim.txt');
    const skip = (data: string): boolean => {
      const t = data.trim();
      if (!/^[+-]?[0-9]+$/.test(t)) return false;
      const d = now - Number(t) * 1000;
      return d < TRIM_INTERVAL_MS && d > -MTIME_INTERVAL_MS;
    };
    try {
      if (skip(readFileSync(trimFile, 'latin1'))) return;
    } catch {
      // Missing or unreadable: trim.
    }
    try {
      writeBytesAtomic(trimFile, String(Math.floor(now / 1000)));
    } catch {
      // A read-only cache can still be trimmed as far as permissions allow.
    }
    const cutoff = now - TRIM_LIMIT_MS - MTIME_INTERVAL_MS;
    for (let i = 0; i < 256; i++) this.trimSubdir(join(this.dir, i.toString(16).padStart(2, '0')), cutoff);
  }

  private trimSubdir(subdir: string, cutoffMs: number): void {
    let names: string[];
    try {
      names = readdirSync(subdir);
    } catch {
      return;
    }
    for (const name of names) {
      const isEntry = name.endsWith('-a') || name.endsWith('-d');
      const isTemp = name.includes(TEMP_MARK);
      if (!isEntry && !isTemp) continue;
      const p = join(subdir, name);
      const st = statOrUndef(p);
      if (!st || st.mtimeMs >= cutoffMs) continue;
      try {
        if (st.isDirectory()) rmSync(p, { recursive: true, force: true });
        else unlinkSync(p);
      } catch {
        // Best effort.
      }
    }
  }
}
