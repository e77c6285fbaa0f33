// The file system as the go command sees it under -overlay (go's cmd/go/internal/fsys): one
// overlay per process, installed once at build init; without one every call is the plain OS call.
import { lstatSync, readdirSync, readFileSync, statSync, type Dirent, type Stats } from 'node:fs';
import { Overlay, OverlayError, parseOverlay } from '../lib/overlay.js';
import { ExitError } from './errors.js';
import { errnoText, isNotExist } from '../lib/oserror.js';
import { fsysTrace } from './fsystrace.js';

export { Overlay, OverlayError };

let current: Overlay | undefined;
let currentFile = '';

/** go's fsys.Bind: directories shown at a mount point instead of what is on disk there (mount point, directory). */
const binds: [string, string][] = [];

/** Makes dir appear at mtpt (both absolute and clean) for every call of this module. */
export function bindDir(dir: string, mtpt: string): void {
  if (!binds.some(([m, d]) => m === mtpt && d === dir)) binds.push([mtpt, dir]);
}

/** The path to use on disk for path under the binds. */
function unbind(path: string): string {
  for (const [mtpt, dir] of binds) {
    if (path === mtpt) return dir;
    if (path.startsWith(mtpt + '/')) return dir + path.slice(mtpt.length);
  }
  return path;
}

/** Removes the overlay and binds (resident server: each request installs its own). */
export function forgetOverlay(): void {
  current = undefined;
  currentFile = '';
  binds.length = 0;
}

/** The active overlay, if -overlay was given. */
export function overlay(): Overlay | undefined {
  return current;
}

/** The -overlay file name in use ("" without one). */
export function overlayFile(): string {
  return currentFile;
}

/**
 * Reads and installs the overlay file (go's fsys.Init). Throws OverlayError with go's text:
 * "reading overlay: open f: no such file or directory", "parsing overlay JSON: …", and the map checks.
 */
export function initOverlay(file: string, cwd: string): Overlay | undefined {
  if (file === '') return undefined;
  if (current && currentFile === file) return current;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new OverlayError(`reading overlay: open ${file}: ${errnoText(e)}`);
  }
  current = parseOverlay(text, cwd);
  currentFile = file;
  return current;
}

/** Installs (or clears) an overlay directly: for tests and callers that parsed one themselves. */
export function setOverlay(o: Overlay | undefined, file = ''): void {
  current = o;
  currentFile = o ? file : '';
}

/**
 * A directory entry as the overlay shows it: the part of fs.Dirent that loading uses, so plain
 * Dirents serve when there is no overlay. Overlaid files report their replacement's type (never
 * a symlink); a replacement that does not exist is neither file nor directory (go's missingFile).
 */
export interface FsEntry {
  readonly name: string;
  isDirectory(): boolean;
  isFile(): boolean;
  isSymbolicLink(): boolean;
}

function entry(name: string, dir: boolean, file: boolean): FsEntry {
  return { name, isDirectory: () => dir, isFile: () => file, isSymbolicLink: () => false };
}

const osReadDir = (dir: string): Dirent[] => readdirSync(dir, { withFileTypes: true });

/** An error shaped like go's fs.PathError text, with a Node-style code for callers that test it. */
function pathError(op: string, path: string, text: string, code: string): Error {
  const e = new Error(`${op} ${path}: ${text}`) as NodeJS.ErrnoException;
  e.code = code;
  return e;
}

/**
 * The entries of a directory (sorted by name when the overlay touches it), with the overlay's files added, replaced or removed
 * (go's fsys.ReadDir). Throws as readdirSync does for a directory that exists neither on disk nor
 * in the overlay.
 */
export function readDir(dir: string): FsEntry[] {
  fsysTrace('ReadDir', dir);
  if (binds.length > 0) dir = unbind(dir);
  const o = current;
  if (!o) return osReadDir(dir);
  const info = o.stat(dir);
  if (info.deleted) throw pathError('read', dir, 'file does not exist', 'ENOENT');
  if (!info.replaced) return osReadDir(dir);
  if (info.file) throw pathError('read', dir, 'not a directory', 'ENOTDIR');
  let disk: readonly FsEntry[] = [];
  let dirErr: unknown;
  try {
    disk = osReadDir(info.actual);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw e;
    dirErr = e;
  }
  const all = new Map<string, FsEntry>();
  for (const d of disk) all.set(d.name, d);
  for (const { name, info: ci } of o.children(info)) {
    if (ci.dir) { all.set(name, entry(name, true, false)); continue; }
    if (ci.deleted) { all.delete(name); continue; }
    let st: Stats;
    try {
      st = statSync(ci.actual);
    } catch {
      all.set(name, entry(name, false, false));
      continue;
    }
    if (st.isDirectory()) throw pathError('read', dir, `overlay maps child ${name} to directory`, 'EISDIR');
    all.set(name, entry(name, false, st.isFile()));
  }
  const list = [...all.values()].sort(byName);
  if (list.length === 0 && dirErr) throw dirErr;
  return list;
}

function byName(a: FsEntry, b: FsEntry): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** What stat says of a path under the overlay (go's fsys.Stat); undefined when it does not exist. */
export function statPath(path: string): { isDir: boolean; isFile: boolean } | undefined {
  fsysTrace('Stat', path);
  if (binds.length > 0) path = unbind(path);
  const o = current;
  if (o) {
    const info = o.stat(path);
    if (info.deleted) return undefined;
    if (info.dir) return { isDir: true, isFile: false };
    if (info.replaced) {
      try {
        const st = statSync(info.actual);
        // An overlay may not map a file to a directory; go reports that as an error.
        return st.isDirectory() ? undefined : { isDir: false, isFile: st.isFile() };
      } catch {
        return undefined;
      }
    }
  }
  try {
    const st = statSync(path);
    return { isDir: st.isDirectory(), isFile: st.isFile() };
  } catch {
    return undefined;
  }
}

/**
 * Why stat fails on path, in go's errno text, when the reason is not that it does not exist
 * ("not a directory", "file name too long", ...); undefined when it exists or simply is not there.
 * go names a missing directory "directory not found" but passes every other stat error through as is.
 */
export function statFailureText(path: string): string | undefined {
  const o = current;
  if (o) {
    const info = o.stat(path);
    if (info.deleted || info.dir) return undefined;
    if (info.replaced) path = info.actual;
  }
  try {
    statSync(path);
    return undefined;
  } catch (e) {
    return isNotExist(e) ? undefined : errnoText(e);
  }
}

/** Whether path is a directory on disk or in the overlay (go's fsys.IsDir, errors as false). */
export function isDir(path: string): boolean {
  return statPath(path)?.isDir ?? false;
}

/** The file to read for path: the replacement, "" if deleted, else path itself (go's fsys.Actual). */
export function actual(path: string): string {
  return current ? current.actual(path) : path;
}

/** Whether the overlay replaces or deletes path (go's fsys.Replaced). */
export function replaced(path: string): boolean {
  return current ? current.replaced(path) : false;
}

/** Whether the overlay affects dir or anything below or above it (the package index skips such directories). */
export function dirTouched(dir: string): boolean {
  return current ? current.dirContainsReplacement(dir) !== undefined : false;
}

/**
 * Reads a file through the overlay (go's fsys.ReadFile); errors name the path asked for, as
 * go's do ("open p: deleted in overlay", "open p: no such file or directory").
 */
export function readFile(path: string): Buffer {
  fsysTrace('Open', path);
  if (binds.length > 0) path = unbind(path);
  const o = current;
  if (!o) return readFileSync(path);
  const info = o.stat(path);
  if (info.deleted) throw pathError('open', path, 'deleted in overlay', 'ENOENT');
  if (info.dir) throw pathError('open', path, 'cannot open directory in overlay', 'EISDIR');
  const file = info.replaced ? info.actual : path;
  try {
    return readFileSync(file);
  } catch (e) {
    throw pathError('open', file, errnoText(e), (e as NodeJS.ErrnoException).code ?? 'EIO');
  }
}

/**
 * go's overlay step of BuildInit: installs the -overlay file and refuses one that replaces
 * anything in GOMODCACHE. Throws ExitError with go's text ("go: reading overlay: …").
 */
export function buildInitOverlay(file: string, cwd: string, gomodcache: string): void {
  if (file === '') return;
  try {
    initOverlay(file, cwd);
  } catch (e) {
    if (e instanceof OverlayError) throw new ExitError(`go: ${e.message}`);
    throw e;
  }
  const from = gomodcache !== '' ? current?.dirContainsReplacement(gomodcache) : undefined;
  if (from !== undefined) {
    throw new ExitError(`go: overlay contains a replacement for ${from}. Files beneath GOMODCACHE (${gomodcache}) must not be replaced.`);
  }
}

/** The part of fs.Stats that embed resolution needs (plain Stats serve without an overlay). */
export interface FsStat {
  isDirectory(): boolean;
  isFile(): boolean;
  isSymbolicLink(): boolean;
}

const fakeStat = (dir: boolean, file: boolean): FsStat => ({ isDirectory: () => dir, isFile: () => file, isSymbolicLink: () => false });

function overlayStatOf(path: string, osStat: (p: string) => Stats): FsStat | undefined {
  const o = current;
  if (o) {
    const info = o.stat(path);
    if (info.deleted) return undefined;
    if (info.dir) return fakeStat(true, false);
    if (info.replaced) {
      // go stats through a replacement (never lstat) and refuses one that is a directory.
      let st: Stats;
      try { st = statSync(info.actual); } catch { return undefined; }
      return st.isDirectory() ? undefined : fakeStat(false, st.isFile());
    }
  }
  try { return osStat(path); } catch { return undefined; }
}

/** lstat through the overlay (go's fsys.Lstat); undefined when the path does not exist. */
export function lstat(path: string): FsStat | undefined {
  fsysTrace('Lstat', path);
  if (binds.length > 0) path = unbind(path);
  return overlayStatOf(path, lstatSync);
}

/** stat through the overlay (go's fsys.Stat); undefined when the path does not exist. */
export function stat(path: string): FsStat | undefined {
  fsysTrace('Stat', path);
  if (binds.length > 0) path = unbind(path);
  return overlayStatOf(path, statSync);
}
