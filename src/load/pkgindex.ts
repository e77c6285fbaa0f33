// The package index: per-directory file facts that do not depend on the build context, kept in GOCACHE.
//
// Decision (see docs/architecture.md, "Package index"): a directory's entry is keyed by what makes it valid.
//  - GOMODCACHE: the directory path alone (module trees there are read-only and checksummed).
//  - Anything else (main module, replacements, GOPATH, GOROOT/src — go stats GOROOT files too, release or
//    not, so an edit to an installed toolchain's source is noticed): a stat fingerprint of the directory and
//    every file (size, mtime, ctime, inode), and only when no file changed in the last two seconds (a write
//    within the file system's timestamp granularity could go unnoticed; go's modindex uses the same cutoff).
// Entries are self-checking blobs in GOCACHE (cache/blob.ts: sha256-checked on read), so a corrupt or truncated one is a miss and
// is rebuilt; writes are atomic, so concurrent writers are safe. GOCACHE=off or an unusable cache disables it.
import { createHash } from 'node:crypto';
import { readdirSync, statSync, type Stats } from 'node:fs';
import { join, sep } from 'node:path';
import { readBlob, writeBlob } from '../cache/blob.js';
import { cmpStr } from './header.js';
import { isCandidate, listFiles, readRawFile, type RawFile } from './rawfile.js';
import { dirTouched } from '../base/fsys.js';
import { decodeEntry, encodeEntry, INDEX_FORMAT } from './pkgindexcodec.js';
import { fsysTrace } from '../base/fsystrace.js';

export type IndexMode = 'modcache' | 'stat' | 'off';

export interface PackageIndexOptions {
  /** The effective GOCACHE ("off" or "" disables the index). */
  gocache: string;
  goroot: string;
  /** The toolchain version from $GOROOT/VERSION ("go1.26.8"; "" or "devel …" for a dev tree). */
  goVersion: string;
  gomodcache?: string;
  /** Clock in milliseconds (tests). */
  now?: () => number;
}

/**
 * The index for a command's configuration, or undefined when GOCACHE is off/unset or GODEBUG has goindex=0
 * (go's switch for its own module index).
 */
export function packageIndexFor(c: { gocache: string; goroot: string; goVersion: string; gomodcache: string }, godebug = process.env['GODEBUG'] ?? ''): PackageIndex | undefined {
  if (godebug.split(',').some((kv) => kv.trim() === 'goindex=0')) return undefined;
  // One index per configuration and process: loads share what the others read and have not stored yet
  // (an early runtime build loads before the command's own load).
  const key = JSON.stringify([c.gocache, c.goroot, c.goVersion, c.gomodcache]);
  let ix = indexes.get(key);
  if (ix === undefined && !indexes.has(key)) {
    ix = PackageIndex.open({ gocache: c.gocache, goroot: c.goroot, goVersion: c.goVersion, gomodcache: c.gomodcache });
    indexes.set(key, ix);
  }
  return ix;
}

const indexes = new Map<string, PackageIndex | undefined>();

/** A directory's recorded contents: its non-directory entries (sorted) and the facts of the files go/build reads. */
export interface RawDir {
  names: string[];
  files: Map<string, RawFile>;
}

/** How long after loading the index entries it read are written (see PackageIndex.queueWrite). */
const WRITE_DELAY_MS = 100;

/** Files changed this recently are not trusted to have a distinct mtime after a further write. */
export const MOD_TIME_CUTOFF_MS = 2000;

function hasDirPrefix(dir: string, root: string): boolean {
  if (root === '') return false;
  return dir === root || dir.startsWith(root.endsWith(sep) ? root : root + sep);
}

/** How a directory's entry is validated (pure decision). */
export function indexMode(dir: string, o: { gomodcache?: string }): IndexMode {
  // FIPS 140 snapshots may be substituted for these directories; never index them (as go does not).
  if (dir.includes(`internal${sep}fips140${sep}v`)) return 'off';
  if (o.gomodcache && hasDirPrefix(dir, o.gomodcache) && !hasDirPrefix(dir, join(o.gomodcache, 'cache'))) return 'modcache';
  return 'stat';
}

/** The stat facts of a file that change whenever its content may have, stored at out[at..at+3]. */
function statFacts(st: Stats, out: Float64Array, at: number): void {
  out[at] = st.size;
  out[at + 1] = st.mtimeMs;
  out[at + 2] = st.ctimeMs;
  out[at + 3] = st.ino;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** One process's view of the index: looks up, builds and stores directory entries. */
export class PackageIndex {
  /** Set once a write failed: the cache is unusable, stop trying. */
  private broken = false;
  private readonly now: () => number;
  /** Counters for tests and GODEBUG-style tracing. */
  readonly stats = { hits: 0, misses: 0, skipped: 0 };

  private constructor(readonly opts: PackageIndexOptions) {
    this.now = opts.now ?? Date.now;
  }

  /** The index for these settings, or undefined when GOCACHE is off or unset. */
  static open(opts: PackageIndexOptions): PackageIndex | undefined {
    if (opts.gocache === '' || opts.gocache === 'off') return undefined;
    return new PackageIndex(opts);
  }

  mode(dir: string): IndexMode {
    return indexMode(dir, { gomodcache: this.opts.gomodcache });
  }

  /**
   * The directory's names and file facts, from the index or freshly read (and then stored).
   * Undefined when the directory is not indexable (then the caller scans it directly).
   * Throws as listFiles does when the directory cannot be read. `listed`: the directory's sorted
   * non-directory entries, if the caller has them (an entry listing other names is stale).
   */
  rawDir(dir: string, listed?: string[]): RawDir | undefined {
    const mode = this.mode(dir);
    // Directories the overlay touches are read through it, never from (or into) the index.
    if (mode === 'off' || dirTouched(dir)) { this.stats.skipped++; return undefined; }
    if (this.broken) { this.stats.skipped++; return undefined; }
    fsysTrace('openIndexPackage', dir);
    const h = createHash('sha256');
    h.update(`gocmd package index ${INDEX_FORMAT}\n${mode} ${dir}\n`);
    let names: string[] | undefined;
    if (mode === 'stat') {
      names = this.fingerprint(dir, h);
      if (!names) { this.stats.skipped++; return undefined; }
    }
    const id = h.digest();
    const queued = this.pending.get(id.toString('hex'))?.d;
    if (queued && (!listed || sameList(listed, queued.names))) { this.stats.hits++; return queued; }
    const got = readBlob(this.opts.gocache, id, this.now());
    if (got) {
      const d = decodeEntry(got, dir);
      if (d && (!listed || sameList(listed, d.names))) { this.stats.hits++; return d; }
    }
    this.stats.misses++;
    fsysTrace('indexPackage', dir);
    names ??= listed ?? listFiles(dir);
    const files = new Map<string, RawFile>();
    for (const n of names) if (isCandidate(n)) files.set(n, readRawFile(dir, n));
    const d: RawDir = { names, files };
    this.queueWrite(id, dir, d);
    return d;
  }

  /** Entries read but not yet stored, by ID in hex: written once loading is done (see queueWrite). */
  private readonly pending = new Map<string, { id: Buffer; dir: string; d: RawDir }>();

  /**
   * Stores an entry soon rather than now: loading is on the critical path of a cold build (no tool runs
   * until it is done), storing is not. The writes run WRITE_DELAY_MS after loading, when a build is
   * waiting on its first tools, or at exit if the command ends first.
   */
  private queueWrite(id: Buffer, dir: string, d: RawDir): void {
    if (this.pending.size === 0) {
      // Loading is synchronous: the immediate runs once it is over, and the timer counts from there.
      let timer: NodeJS.Timeout | undefined;
      const immediate = setImmediate(() => {
        timer = setTimeout(() => { process.off('exit', flush); this.flush(); }, WRITE_DELAY_MS).unref();
      });
      const flush = (): void => { clearImmediate(immediate); if (timer) clearTimeout(timer); this.flush(); };
      process.once('exit', flush);
    }
    this.pending.set(id.toString('hex'), { id, dir, d });
  }

  /** Writes the queued entries (tests call it to store them at once). */
  flush(): void {
    const batch = [...this.pending.values()];
    this.pending.clear();
    for (const { id, dir, d } of batch) {
      if (this.broken) return;
      try {
        writeBlob(this.opts.gocache, id, encodeEntry(dir, d));
      } catch {
        // An unwritable cache only costs rescans; stop using it for this process.
        this.broken = true;
      }
    }
  }

  /**
   * Hashes the directory's entries and their stat facts into h; returns the sorted non-directory names,
   * or undefined when the directory must not be indexed (unreadable, symlinks or special files, recent writes).
   */
  private fingerprint(dir: string, h: ReturnType<typeof createHash>): string[] | undefined {
    let ents;
    try {
      ents = readdirSync(dir, { withFileTypes: true });
    } catch {
      return undefined;
    }
    const cutoff = this.now() - MOD_TIME_CUTOFF_MS;
    const names: string[] = [];
    for (const d of ents) {
      if (d.isDirectory()) continue;
      if (!d.isFile()) return undefined;
      names.push(d.name);
    }
    names.sort(cmpStr);
    // The names, then each file's stat facts as raw doubles: formatting fractional milliseconds as text
    // cost more than the stat calls themselves.
    const facts = new Float64Array(names.length * 4);
    // dir + sep + name rather than path.join: the directory is clean (the loader's), so join would only
    // normalize it again per file (a tenth of the fingerprint's allocation).
    const prefix = dir.endsWith(sep) ? dir : dir + sep;
    for (let i = 0; i < names.length; i++) {
      let st: Stats;
      try {
        st = statSync(prefix + names[i]!);
      } catch {
        return undefined;
      }
      if (st.mtimeMs > cutoff) return undefined;
      statFacts(st, facts, i * 4);
    }
    h.update(names.join('\0') + '\0'); // NUL: the one byte no file name holds
    h.update(new Uint8Array(facts.buffer));
    return names;
  }
}
