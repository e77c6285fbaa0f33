// Making a module zip (golang.org/x/mod/zip.Create): which files go in, which are left out and
// which make the zip invalid. The hash of the result (go.sum's h1:) is go's for the same files.
import { posix } from 'node:path';
import { checkFilePath, type Version } from '../lib/module.js';
import { goQuote } from '../lib/goquote.js';
import * as gover from '../lib/gover.js';
import { writeZip } from '../lib/zip.js';
import { cleanSlash, MAX_GO_MOD, MAX_LICENSE, MAX_ZIP_FILE, strToFold } from './modzip.js';

/** A candidate file: its slash path in the module and how to read it. */
export interface ZipSourceFile {
  path: string;
  /** Unix mode bits (a symlink or other non-regular file is left out). */
  mode: number;
  size: number;
  data(): Buffer;
}

export interface FileSelection {
  valid: ZipSourceFile[];
  omitted: { path: string; why: string }[];
  invalid: { path: string; why: string }[];
  sizeError?: string;
}

/**
 * A file under a vendor directory that belongs to a vendored package. From go 1.24 on (the go.mod's
 * go line) vendor/modules.txt is left out too and a nested ".../vendor/" is skipped whole; older
 * modules keep go's earlier offsets, so their checksums stay stable.
 */
export function isVendoredPackage(name: string, goVersion: string): boolean {
  const go124 = goVersion !== '' && gover.compare(goVersion, '1.24') >= 0;
  if (go124 && name === 'vendor/modules.txt') return true;
  let i: number;
  const j = name.indexOf('/vendor/');
  if (name.startsWith('vendor/')) i = 'vendor/'.length;
  else if (j >= 0) i = go124 ? j + '/vendor/'.length : '/vendor/'.length;
  else return false;
  return name.slice(i).includes('/');
}

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;
/** Mode 0 means the source recorded none: a regular file. */
const isRegular = (mode: number): boolean => (mode & S_IFMT) === S_IFREG || (mode & S_IFMT) === 0;

/** zip.Create's checkFiles: sorts candidates into valid, omitted and invalid. Pure. */
export function selectZipFiles(files: ZipSourceFile[]): FileSelection {
  const sel: FileSelection = { valid: [], omitted: [], invalid: [] };
  const haveGoMod = new Set<string>();
  let goVersion = '';
  for (const f of files) {
    const base = posix.basename(f.path);
    if (base.toLowerCase() !== 'go.mod' || !isRegular(f.mode)) continue;
    const dir = f.path.includes('/') ? posix.dirname(f.path) : '.';
    haveGoMod.add(dir);
    if (f.path === 'go.mod') goVersion = gover.goModLookup(f.data().toString('utf8'), 'go');
  }
  const inSubmodule = (p: string): boolean => {
    for (;;) {
      if (!p.includes('/')) return false;
      const dir = p.slice(0, p.lastIndexOf('/'));
      if (haveGoMod.has(dir)) return true;
      p = dir;
    }
  };
  const errPaths = new Set<string>();
  const add = (list: { path: string; why: string }[], path: string, why: string): void => {
    if (errPaths.has(path)) return;
    errPaths.add(path);
    list.push({ path, why });
  };
  const seen = new Map<string, { path: string; isDir: boolean }>();
  const collision = (p: string, isDir: boolean): string | undefined => {
    const fold = strToFold(p);
    const other = seen.get(fold);
    if (other) {
      if (p !== other.path) return `case-insensitive file name collision: ${goQuote(other.path)} and ${goQuote(p)}`;
      if (isDir !== other.isDir) return `entry ${goQuote(p)} is both a file and a directory`;
      if (!isDir) return `multiple entries for file ${goQuote(p)}`;
      return undefined;
    }
    seen.set(fold, { path: p, isDir });
    const parent = posix.dirname(p);
    return parent !== '.' ? collision(parent, true) : undefined;
  };
  let maxSize = MAX_ZIP_FILE;
  for (const f of files) {
    const p = f.path;
    if (p !== cleanSlash(p)) {
      add(sel.invalid, p, 'file path is not clean');
      continue;
    }
    if (posix.isAbsolute(p)) {
      add(sel.invalid, p, 'file path is not relative');
      continue;
    }
    if (isVendoredPackage(p, goVersion)) {
      add(sel.omitted, p, 'file is in vendor directory');
      continue;
    }
    if (inSubmodule(p)) {
      add(sel.omitted, p, 'file is in another module');
      continue;
    }
    if (p === '.hg_archival.txt') {
      add(sel.omitted, p, "file is inserted by 'hg archive' and is always omitted");
      continue;
    }
    const perr = checkFilePath(p);
    if (perr) {
      add(sel.invalid, p, perr.message);
      continue;
    }
    if (p.toLowerCase() === 'go.mod' && p !== 'go.mod') {
      add(sel.invalid, p, 'go.mod file not in module root directory');
      continue;
    }
    const c = collision(p, false);
    if (c) {
      add(sel.invalid, p, c);
      continue;
    }
    const type = f.mode & S_IFMT;
    if (type === S_IFLNK) {
      add(sel.omitted, p, 'file is a symbolic link');
      continue;
    }
    if (type !== S_IFREG && type !== 0) {
      add(sel.omitted, p, 'not a regular file');
      continue;
    }
    if (f.size >= 0 && f.size <= maxSize) maxSize -= f.size;
    else sel.sizeError ??= `module source tree too large (max size is ${MAX_ZIP_FILE} bytes)`;
    if (p === 'go.mod' && f.size > MAX_GO_MOD) {
      add(sel.invalid, p, `go.mod file too large (max size is ${MAX_GO_MOD} bytes)`);
      continue;
    }
    if (p === 'LICENSE' && f.size > MAX_LICENSE) {
      add(sel.invalid, p, `LICENSE file too large (max size is ${MAX_LICENSE} bytes)`);
      continue;
    }
    sel.valid.push(f);
  }
  return sel;
}

/** go's zip.FileErrorList text. */
function fileErrorList(list: { path: string; why: string }[]): string {
  return list.map((e) => `${e.path}: ${e.why}`).join('\n');
}

/** zip.Create: the module zip of files for m; throws go's error when any file is invalid. */
export function createModuleZip(m: Version, files: ZipSourceFile[]): Buffer {
  const sel = selectZipFiles(files);
  if (sel.sizeError) throw new Error(sel.sizeError);
  if (sel.invalid.length > 0) throw new Error(fileErrorList(sel.invalid));
  const prefix = `${m.path}@${m.version}/`;
  return writeZip(sel.valid.map((f) => ({ name: prefix + f.path, data: f.data() })));
}
