// Module zip rules (golang.org/x/mod/zip): checking an archive before use and extracting it safely.
import { chmodSync, closeSync, openSync, readdirSync, statSync, writeSync } from 'node:fs';
import { posix, join } from 'node:path';
import { canonicalVersion, check, checkFilePath, type Version } from '../lib/module.js';
import { readZip, type ZipEntry } from '../lib/zip.js';
import { goQuote } from '../lib/goquote.js';
import { mkdirAll } from '../base/mkdirall.js';

export const MAX_ZIP_FILE = 500 << 20;
export const MAX_GO_MOD = 16 << 20;
export const MAX_LICENSE = 16 << 20;

export interface FileError {
  path: string;
  message: string;
}

export interface CheckedZip {
  valid: string[];
  invalid: FileError[];
  sizeError?: string;
}

/** An error from checking or extracting a module zip, printed as go's zipError ("unzip <file>: ..."). */
export class ZipCheckError extends Error {
  constructor(
    verb: string,
    zipPath: string,
    readonly detail: string,
  ) {
    super(zipPath === '' ? `${verb}: ${detail}` : `${verb} ${zipPath}: ${detail}`);
    this.name = 'ZipCheckError';
  }
}

/** path.Clean for slash paths. */
export function cleanSlash(p: string): string {
  if (p === '') return '.';
  let c = posix.normalize(p);
  if (c.length > 1 && c.endsWith('/')) c = c.slice(0, -1);
  if (c.startsWith('./') && !p.startsWith('./')) c = c.slice(2);
  return c;
}

/** go's strToFold: a case-folded key so that names differing only in case collide. */
export function strToFold(s: string): string {
  if (!/[^\x00-\x7f]|[A-Z]/.test(s)) return s;
  let out = '';
  for (const ch of s) {
    const cands = [ch, ch.toLowerCase(), ch.toUpperCase()].filter((c) => [...c].length === 1);
    let r = cands.reduce((a, b) => (a.codePointAt(0)! <= b.codePointAt(0)! ? a : b));
    if (r >= 'A' && r <= 'Z') r = r.toLowerCase();
    out += r;
  }
  return out;
}

/** Finds case-insensitive collisions and paths used both as file and directory. */
class CollisionChecker {
  private readonly seen = new Map<string, { path: string; isDir: boolean }>();
  check(p: string, isDir: boolean): string | undefined {
    const fold = strToFold(p);
    const other = this.seen.get(fold);
    if (other) {
      if (p !== other.path) return `case-insensitive file name collision: ${goQuote(other.path)} and ${goQuote(p)}`;
      if (isDir !== other.isDir) return `entry ${goQuote(p)} is both a file and a directory`;
      if (!isDir) return `multiple entries for file ${goQuote(p)}`;
    } else {
      this.seen.set(fold, { path: p, isDir });
    }
    const parent = posix.dirname(p);
    if (parent !== '.') return this.check(parent, true);
    return undefined;
  }
}

/**
 * checkZip over parsed entries: every name under "path@version/", clean, valid file paths, no
 * collisions, go.mod only at the root and spelled "go.mod", size limits. Pure.
 */
export function checkZipEntries(m: Version, zipSize: number, entries: readonly Pick<ZipEntry, 'name' | 'size'>[]): CheckedZip {
  const cf: CheckedZip = { valid: [], invalid: [] };
  if (zipSize > MAX_ZIP_FILE) {
    cf.sizeError = `module zip file is too large (${zipSize} bytes; limit is ${MAX_ZIP_FILE} bytes)`;
    return cf;
  }
  const prefix = `${m.path}@${m.version}/`;
  const cc = new CollisionChecker();
  let size = 0;
  const add = (name: string, message: string): void => {
    cf.invalid.push({ path: name, message });
  };
  for (const zf of entries) {
    if (!zf.name.startsWith(prefix)) {
      add(zf.name, `path does not have prefix ${goQuote(prefix)}`);
      continue;
    }
    let name = zf.name.slice(prefix.length);
    if (name === '') continue;
    const isDir = name.endsWith('/');
    if (isDir) name = name.slice(0, -1);
    if (cleanSlash(name) !== name) {
      add(zf.name, 'file path is not clean');
      continue;
    }
    const perr = checkFilePath(name);
    if (perr) {
      add(zf.name, perr.message);
      continue;
    }
    const cerr = cc.check(name, isDir);
    if (cerr) {
      add(zf.name, cerr);
      continue;
    }
    if (isDir) continue;
    const base = posix.basename(name);
    if (base.toLowerCase() === 'go.mod') {
      if (base !== name) {
        add(zf.name, 'go.mod file not in module root directory');
        continue;
      }
      if (name !== 'go.mod') {
        add(zf.name, 'go.mod files must have lowercase names');
        continue;
      }
    }
    const sz = zf.size;
    if (sz >= 0 && MAX_ZIP_FILE - size >= sz) size += sz;
    else if (cf.sizeError === undefined) cf.sizeError = `total uncompressed size of module contents too large (max size is ${MAX_ZIP_FILE} bytes)`;
    if (name === 'go.mod' && sz > MAX_GO_MOD) {
      add(zf.name, `go.mod file too large (max size is ${MAX_GO_MOD} bytes)`);
      continue;
    }
    if (name === 'LICENSE' && sz > MAX_LICENSE) {
      add(zf.name, `LICENSE file too large (max size is ${MAX_LICENSE} bytes)`);
      continue;
    }
    cf.valid.push(zf.name);
  }
  return cf;
}

/** The error text of a check result, or undefined when the zip is acceptable. */
export function checkedErr(cf: CheckedZip): string | undefined {
  if (cf.sizeError !== undefined) return cf.sizeError;
  if (cf.invalid.length > 0) return cf.invalid.map((e) => `${e.path}: ${e.message}`).join('\n');
  return undefined;
}

/** Validates m's version and path and parses and checks the archive; throws the detail text. */
export function checkZip(m: Version, zip: Buffer): ZipEntry[] {
  const canon = canonicalVersion(m.version);
  if (canon !== m.version) throw new Error(`version ${goQuote(m.version)} is not canonical (should be ${goQuote(canon)})`);
  const err = check(m.path, m.version);
  if (err) throw err;
  if (zip.length > MAX_ZIP_FILE) throw new Error(`module zip file is too large (${zip.length} bytes; limit is ${MAX_ZIP_FILE} bytes)`);
  const entries = readZip(zip);
  const e = checkedErr(checkZipEntries(m, zip.length, entries));
  if (e !== undefined) throw new Error(e);
  return entries;
}

/**
 * Extracts module zip data into dir (which must be missing or empty), files 0444. Every check runs
 * before anything is written; on a failure during extraction the caller removes dir.
 * contents: entries of this very archive already decompressed and checked (by name), used as they are.
 * Errors read "unzip <zipFile>: <detail>".
 */
export function unzip(dir: string, m: Version, zipFile: string, zip: Buffer, contents?: ReadonlyMap<string, Buffer>): void {
  try {
    let names: string[] = [];
    try {
      names = readdirSync(dir);
    } catch {
      // missing: fine
    }
    if (names.length > 0) throw new Error(`target directory ${dir} exists and is not empty`);
    const entries = checkZip(m, zip);
    const prefix = `${m.path}@${m.version}/`;
    mkdirAll(dir);
    // Directories made so far: most files share their directory with the one before (one stat each saved).
    const made = new Set<string>([dir]);
    for (const zf of entries) {
      const name = zf.name.slice(prefix.length);
      if (name === '' || name.endsWith('/')) continue;
      const dst = join(dir, ...name.split('/'));
      const parent = join(dst, '..');
      if (!made.has(parent)) {
        mkdirAll(parent);
        made.add(parent);
      }
      let data: Buffer;
      try {
        data = contents?.get(zf.name) ?? zf.data();
      } catch (e) {
        if (/size mismatch/.test((e as Error).message)) throw new Error(`uncompressed size of file ${zf.name} is larger than declared size (${zf.size} bytes)`);
        throw e;
      }
      const fd = openSync(dst, 'wx', 0o444);
      try {
        let off = 0;
        while (off < data.length) off += writeSync(fd, data, off, data.length - off);
      } finally {
        closeSync(fd);
      }
    }
  } catch (e) {
    throw new ZipCheckError('unzip', zipFile, (e as Error).message);
  }
}

/** Removes write permission from dir and every directory below it (children first), best effort. */
export function makeDirsReadOnly(dir: string): void {
  const dirs: string[] = [];
  const walk = (d: string): void => {
    dirs.push(d);
    let ents;
    try {
      ents = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of ents) if (e.isDirectory()) walk(join(d, e.name));
  };
  walk(dir);
  for (let i = dirs.length - 1; i >= 0; i--) {
    try {
      const mode = statSync(dirs[i]!).mode & 0o7777;
      if (mode & 0o222) chmodSync(dirs[i]!, mode & ~0o222);
    } catch {
      // best effort
    }
  }
}
