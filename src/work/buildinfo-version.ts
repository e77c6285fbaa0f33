// `go version [-m] [-v] [-json] FILE|DIR...`: scanning files and directories for Go binaries and printing their build info.
import { lstatSync, readdirSync, statSync, type Stats } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { goPathErrorText } from '../lib/oserror.js';
import { readBuildInfo, BuildInfoReadError } from './buildinfo-read.js';
import { formatVersionJSON, formatVersionOutput } from './buildinfo.js';

export interface VersionScanOptions {
  m: boolean;
  v: boolean;
  json: boolean;
}

export interface Out {
  stdout(s: string): void;
  stderr(s: string): void;
}

/** go's isGoBinaryCandidate: executable regular files, or names ending .so/.exe/.dll or containing ".so.". */
export function isGoBinaryCandidate(file: string, st: Stats): boolean {
  if (st.isFile() && (st.mode & 0o111) !== 0) return true;
  const name = file.toLowerCase();
  const ext = extname(name);
  if (ext === '.so' || ext === '.exe' || ext === '.dll') return true;
  return name.includes('.so.');
}

/** scanFile: prints one binary's version (and build info with -m); returns whether it was a Go binary. */
export function scanFile(file: string, st: Stats, mustPrint: boolean, o: VersionScanOptions, out: Out): boolean {
  if (st.isSymbolicLink()) {
    let i: Stats | undefined;
    try {
      i = statSync(file);
    } catch {
      i = undefined;
    }
    if (!i || !i.isFile()) {
      if (mustPrint) out.stderr(`${file}: symlink\n`);
      return false;
    }
    st = i;
  }
  let bi;
  try {
    bi = readBuildInfo(file);
  } catch (err) {
    if (mustPrint) {
      if (err instanceof BuildInfoReadError && err.pathError && normalize(err.path) === normalize(file)) {
        out.stderr(`${file}\n`);
      } else if (isGoBinaryCandidate(file, st)) {
        out.stderr(`${file}: ${(err as Error).message}\n`);
      }
    }
    return false;
  }
  if (o.m && o.json) {
    out.stdout(formatVersionJSON(bi));
    return true;
  }
  out.stdout(formatVersionOutput(file, bi, o.m));
  return true;
}

/** scanDir: walks dir in lexical order (like filepath.WalkDir), scanning regular files and symlinks. */
export function scanDir(dir: string, o: VersionScanOptions, out: Out): void {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return;
  }
  for (const name of names) {
    const p = join(dir, name);
    let st: Stats;
    try {
      st = lstatSync(p);
    } catch (err) {
      if (o.v) out.stderr(`${p}: ${goPathErrorText(err, p)}\n`);
      continue;
    }
    if (st.isDirectory()) scanDir(p, o, out);
    else if (st.isFile() || st.isSymbolicLink()) scanFile(p, st, o.v, o, out);
  }
}

/** The argument loop of runVersion for the with-arguments case; returns the exit status. */
export function versionFiles(args: string[], o: VersionScanOptions, out: Out): number {
  let status = 0;
  for (const arg of args) {
    let st: Stats;
    try {
      st = statSync(arg);
    } catch (err) {
      out.stderr(`${goPathErrorText(err, arg).replace(/^\w+ /, 'stat ')}\n`);
      status = 1;
      continue;
    }
    if (st.isDirectory()) scanDir(arg, o, out);
    else if (!scanFile(arg, st, true, o, out) && o.m) status = 1;
  }
  return status;
}
