// go work use / go work init: which directories go.work uses after the given arguments (go's workUse).
import { lstatSync, readdirSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import * as gover from '../lib/gover.js';
import type { WorkFile } from '../lib/modfile/index.js';
import { shortPath } from '../load/errors.js';
import { readMainModFile } from './mainmodule.js';
import { annotateUseModulePaths, cleanPath, toDirectoryPath, updateWorkGoVersion, useDirAbs, type WorkFileEnv } from './workfile.js';

export interface WorkUseResult {
  /** Errors go reports while scanning (printed with "go: " in this order, before `errors`). */
  early: string[];
  /** Errors of the directory and go.mod checks (go's toolchain switcher takes them: one may ask for a newer Go). */
  errors: Error[];
  /** Lines printed on stderr as they happen ("warning: ignoring symlink ..."). */
  warnings: string[];
}

/** go's pathRel: the absolute directory and how go.work should name it. */
function pathRel(cwd: string, workDir: string, dir: string): { abs: string; canonical: string } {
  if (isAbsolute(dir)) {
    const abs = cleanPath(dir);
    return { abs, canonical: abs };
  }
  // Cleaned as filepath.Join cleans: "-r ." walks from "./", which must name the same directory as ".".
  const abs = cleanPath(join(cwd, dir));
  const rel = relative(workDir, abs) || '.';
  return { abs, canonical: toDirectoryPath(rel.split(sep).join('/')) };
}

function hasPathPrefix(p: string, prefix: string): boolean {
  return p === prefix || p.startsWith(prefix.endsWith(sep) ? prefix : prefix + sep);
}

/** Every directory below root (root first), lexically, not following symlinks (fs.WalkDir). */
function walkDirs(root: string, cwd: string, onDir: (path: string) => void, onSymlinkDir: (path: string) => void): void {
  onDir(root);
  let ents;
  try {
    ents = readdirSync(join(cwd, root), { withFileTypes: true });
  } catch {
    return;
  }
  ents.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of ents) {
    const p = root.endsWith('/') ? root + e.name : join(root, e.name);
    if (e.isDirectory()) walkDirs(p, cwd, onDir, onSymlinkDir);
    else if (e.isSymbolicLink()) {
      try {
        if (statSync(join(cwd, p)).isDirectory()) onSymlinkDir(p);
      } catch { /* dangling */ }
    }
  }
}

/**
 * Applies `go work use [-r] args` to wf (in memory): adds module directories, drops listed ones
 * that no longer hold a go.mod, raises the go line to the highest go version of the used modules
 * and annotates module paths.
 */
export function workUse(gowork: string, wf: WorkFile, args: string[], recursive: boolean, env: WorkFileEnv): WorkUseResult {
  const res: WorkUseResult = { early: [], errors: [], warnings: [] };
  const workDir = dirname(gowork);
  const haveDirs = new Map<string, string[]>();
  for (const u of wf.use) {
    const abs = useDirAbs(workDir, u.path);
    haveDirs.set(abs, [...(haveDirs.get(abs) ?? []), u.path]);
  }
  const keepDirs = new Map<string, string>();
  const lookDir = (dir: string): void => {
    const { abs, canonical } = pathRel(env.cwd, workDir, dir);
    const file = join(abs, 'go.mod');
    let st;
    try {
      st = statSync(file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') keepDirs.set(abs, '');
      else res.errors.push(e as Error);
      return;
    }
    if (!st.isFile()) {
      res.errors.push(new Error(`${shortPath(env.cwd, file)} is not a regular file`));
      return;
    }
    const dup = keepDirs.get(abs);
    if (dup !== undefined && dup !== '' && dup !== canonical) res.early.push(`already added "${canonical}" as "${dup}"`);
    keepDirs.set(abs, canonical);
  };
  for (const useDir of args) {
    const { abs: absArg } = pathRel(env.cwd, workDir, useDir);
    let info;
    try {
      info = statSync(absArg);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      res.errors.push(code === 'ENOENT' ? new Error(`directory ${shortPath(env.cwd, absArg)} does not exist`) : (e as Error));
      continue;
    }
    if (!info.isDirectory()) {
      res.errors.push(new Error(`${shortPath(env.cwd, absArg)} is not a directory`));
      continue;
    }
    if (!recursive) {
      lookDir(useDir);
      continue;
    }
    const root = useDir.endsWith('/') ? useDir : useDir + '/';
    walkDirs(root, env.cwd, lookDir, (p) => res.warnings.push(`warning: ignoring symlink ${shortPath(env.cwd, join(env.cwd, p))}`));
    for (const absDir of haveDirs.keys()) {
      if (hasPathPrefix(absDir, absArg) && !keepDirs.has(absDir)) keepDirs.set(absDir, '');
    }
  }
  for (const [absDir, keepDir] of keepDirs) {
    let nKept = 0;
    for (const dir of haveDirs.get(absDir) ?? []) {
      if (dir === keepDir) nKept++;
      else wf.dropUse(dir);
    }
    if (keepDir !== '' && nKept !== 1) {
      if (nKept > 1) wf.dropUse(keepDir);
      wf.addUse(keepDir, '');
    }
  }
  let goV = gover.fromGoWork(wf.go?.version);
  for (const u of wf.use) {
    if (u.path === '') continue;
    const abs = useDirAbs(workDir, u.path);
    try {
      const { file } = readMainModFile(join(abs, 'go.mod'), env.cwd, env.localGo, env.gotoolchain);
      goV = gover.max(goV, gover.fromGoMod(file.go?.version));
    } catch (e) {
      res.errors.push(e as Error);
    }
  }
  if (res.early.length > 0 || res.errors.length > 0) return res;
  updateWorkGoVersion(wf, goV);
  annotateUseModulePaths(wf, env);
  return res;
}

/** Whether path exists (lstat), for "go.work already exists". */
export function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}
