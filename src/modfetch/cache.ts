// The module download cache layout (GOMODCACHE/cache/download/<escaped path>/@v/<ver>.<ext>) and its small files.
import { randomInt } from 'node:crypto';
import { closeSync, openSync, readFileSync, readdirSync, renameSync, statSync, unlinkSync, writeSync, ftruncateSync, fstatSync, readSync } from 'node:fs';
import { basename, dirname, isAbsolute, join } from 'node:path';
import * as gover from '../lib/gover.js';
import { canonicalVersion, escapePath, escapeVersion, type Version } from '../lib/module.js';
import * as semver from '../lib/semver.js';
import { goQuote } from '../lib/goquote.js';
import { NotExistError } from './errors.js';
import { withLock } from './lock.js';
import { mkdirAll } from '../base/mkdirall.js';

export const errToolchain = (): Error => new Error('internal error: invalid operation on toolchain module');

/** checkCacheDir's errors, computed without touching the disk. */
export function cacheDirError(gomodcache: string): Error | undefined {
  if (gomodcache === '') return new Error('module cache not found: neither GOMODCACHE nor GOPATH is set');
  if (!isAbsolute(gomodcache)) return new Error(`GOMODCACHE entry is relative; must be absolute path: ${goQuote(gomodcache)}.\n`);
  return undefined;
}

/** A directory partly extracted (or missing its .ziphash): treated as "not there yet". */
export class DownloadDirPartialError extends Error {
  readonly notExist = true;
  constructor(
    readonly dir: string,
    readonly err: Error,
  ) {
    super(`${dir}: ${err.message}`);
    this.name = 'DownloadDirPartialError';
  }
}

/** Paths inside one GOMODCACHE. */
export class CacheLayout {
  private statErr: Error | undefined | null = null;
  /** Escaped module paths by path (escapePath validates the path: only successes are kept). */
  private readonly escaped = new Map<string, string>();
  /** "<versionDir>/<escaped version>" by "path\0version", for versions checkVersion accepted. */
  private readonly versionBase = new Map<string, string>();
  constructor(readonly root: string) {}

  /** escapePath, memoized: a large module graph asks for the same paths thousands of times. */
  private escapedPath(path: string): string {
    let e = this.escaped.get(path);
    if (e === undefined) {
      e = escapePath(path);
      this.escaped.set(path, e);
    }
    return e;
  }

  /** checkCacheDir: the root must be set, absolute, and a directory (created if missing). */
  check(): void {
    const e = cacheDirError(this.root);
    if (e) throw e;
    if (this.statErr === null) {
      this.statErr = undefined;
      try {
        const st = statSync(this.root);
        if (!st.isDirectory()) this.statErr = new Error(`could not create module cache: ${goQuote(this.root)} is not a directory`);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.statErr = new Error(`could not create module cache: ${(err as Error).message}`, { cause: err });
        else {
          try {
            mkdirAll(this.root);
          } catch (err2) {
            this.statErr = new Error(`could not create module cache: ${(err2 as Error).message}`, { cause: err2 });
          }
        }
      }
    }
    if (this.statErr) throw this.statErr;
  }

  /** GOMODCACHE/cache/download/<escaped path>/@v */
  versionDir(path: string): string {
    this.check();
    return join(this.root, 'cache/download', this.escapedPath(path), '@v');
  }

  private checkVersion(m: Version): void {
    if (gover.isToolchain(m.path)) throw errToolchain();
    if (!gover.modIsValid(m.path, m.version)) throw new Error(`non-semver module version ${goQuote(m.version)}`);
    if (canonicalVersion(m.version) !== m.version) throw new Error(`non-canonical module version ${goQuote(m.version)}`);
  }

  /** The cache file for m with the given suffix ("info", "mod", "zip", "ziphash", "lock", "partial"). */
  cachePath(m: Version, suffix: string): string {
    const key = `${m.path}\0${m.version}`;
    let base = this.versionBase.get(key);
    if (base === undefined) {
      if (gover.isToolchain(m.path)) throw errToolchain();
      const dir = this.versionDir(m.path);
      this.checkVersion(m);
      base = join(dir, escapeVersion(m.version));
      this.versionBase.set(key, base);
    } else {
      this.check();
    }
    return `${base}.${suffix}`;
  }

  /** The extracted tree's directory for m (whether or not it exists). */
  dirPath(m: Version): string {
    if (gover.isToolchain(m.path)) throw errToolchain();
    this.check();
    const enc = this.escapedPath(m.path);
    this.checkVersion(m);
    return join(this.root, `${enc}@${escapeVersion(m.version)}`);
  }

  /**
   * DownloadDir: the extracted tree of m, if it is complete. Throws a not-exist error when missing,
   * DownloadDirPartialError when partly there (a .partial marker, no .ziphash, or not a directory).
   */
  downloadDir(m: Version): string {
    const dir = this.dirPath(m);
    try {
      const st = statSync(dir);
      if (!st.isDirectory()) throw new DownloadDirPartialError(dir, new Error('not a directory'));
    } catch (e) {
      if (e instanceof DownloadDirPartialError) throw e;
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw Object.assign(new NotExistError(`stat ${dir}: no such file or directory`), { dir });
      throw new DownloadDirPartialError(dir, e as Error);
    }
    if (exists(this.cachePath(m, 'partial'))) throw new DownloadDirPartialError(dir, new Error('not completely extracted'));
    if (m.path === 'golang.org/fips140') return dir;
    if (!exists(this.cachePath(m, 'ziphash'))) throw new DownloadDirPartialError(dir, new Error('ziphash file is missing'));
    return dir;
  }

  /** GOMODCACHE/cache/lock, the side lock for go.sum edits. */
  sideLockPath(): string {
    this.check();
    return join(this.root, 'cache', 'lock');
  }

  /** GOMODCACHE/cache/download/sumdb */
  sumdbCacheDir(): string {
    return join(this.root, 'cache/download/sumdb');
  }
}

export function exists(p: string): boolean {
  // A missing file answers undefined instead of throwing: building the error cost more than the stat
  // (downloadDir asks for a .partial marker that is almost never there, once per module).
  try {
    return statSync(p, { throwIfNoEntry: false }) !== undefined;
  } catch {
    return false;
  }
}

/** Creates "<dir>/<prefix><random>.tmp" exclusively, as go's tempFile does; returns its fd and name. */
export function tempFile(dir: string, prefix: string, mode = 0o666): { fd: number; name: string } {
  for (let i = 0; ; i++) {
    const name = join(dir, `${prefix}${randomInt(1_000_000_000)}.tmp`);
    try {
      return { fd: openSync(name, 'wx+', mode), name };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || i >= 10000) throw e;
    }
  }
}

/** Reads a cache file; a missing or unreadable file is "not in cache". */
export function readDiskCache(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch {
    throw new NotExistError('not in cache');
  }
}

/** Writes a cache file atomically (temp file + rename); a .mod write refreshes the version list. */
export async function writeDiskCache(file: string, data: Uint8Array | string): Promise<void> {
  if (file === '') return;
  mkdirAll(dirname(file));
  const { fd, name } = tempFile(dirname(file), basename(file));
  let ok = false;
  try {
    const b = typeof data === 'string' ? Buffer.from(data) : data;
    let off = 0;
    while (off < b.length) off += writeSync(fd, b, off, b.length - off);
    closeSync(fd);
    renameSync(name, file);
    ok = true;
  } finally {
    if (!ok) {
      try { closeSync(fd); } catch { /* closed */ }
      try { unlinkSync(name); } catch { /* best effort */ }
    }
  }
  if (file.endsWith('.mod')) await rewriteVersionList(dirname(file));
}

/** The version list text for the .mod files in an @v directory (canonical versions, semver order). */
export function versionListText(names: readonly string[]): string {
  const list: string[] = [];
  for (const name of names) {
    if (!name.endsWith('.mod')) continue;
    const v = name.slice(0, -4);
    if (v !== '' && canonicalVersion(v) === v) list.push(v);
  }
  semver.sort(list);
  return list.map((v) => v + '\n').join('');
}

/**
 * Rewrites @v/list from the .mod files present, under go's lock on the list file (lockedfile.Edit),
 * in place (truncate + write) so a concurrent go holding the lock sees a consistent file.
 */
export async function rewriteVersionList(dir: string): Promise<void> {
  if (basename(dir) !== '@v') throw new Error('go: internal error: misuse of rewriteVersionList');
  const listFile = join(dir, 'list');
  await withLock(listFile, () => {
    const text = Buffer.from(versionListText(readdirSync(dir)));
    const fd = openSync(listFile, 'r+');
    try {
      const size = fstatSync(fd).size;
      if (size === text.length) {
        const old = Buffer.alloc(size);
        readSync(fd, old, 0, size, 0);
        if (old.equals(text)) return;
      }
      ftruncateSync(fd, 0);
      let off = 0;
      while (off < text.length) off += writeSync(fd, text, off, text.length - off, off);
    } finally {
      closeSync(fd);
    }
  });
}
