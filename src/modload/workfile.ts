// go.work on disk: reading it with go's errors, the use directories it lists, and writing it back.
import { replaceFile } from '../base/replacefile.js';
import { dirname, isAbsolute, join, normalize, sep } from 'node:path';
import * as gover from '../lib/gover.js';
import { isDirectoryPath, ModFileError, parseWorkFile, type WorkFile } from '../lib/modfile/index.js';
import { shortPath } from '../load/errors.js';
import { readFile } from '../base/fsys.js';
import { checkGodebug, godebugTable } from '../load/godebug.js';
import { ModloadError } from './errors.js';
import { readMainModFile } from './mainmodule.js';

export interface WorkFileEnv {
  cwd: string;
  /** The running toolchain's Go version ("1.26.8"). */
  localGo: string;
  gotoolchain?: string;
  /** go's cfg.CmdName: "work edit" reads a go.work whatever its go version. */
  cmdName: string;
}

/** Reads and parses go.work (go's ReadWorkFile); errors carry go's text without "go: ". */
export function readWorkFile(path: string, env: WorkFileEnv): WorkFile {
  const short = shortPath(env.cwd, path);
  let data: string;
  try {
    data = readFile(path).toString('utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'ENOENT' ? 'no such file or directory' : err.code === 'EISDIR' ? 'is a directory' : err.message;
    throw new ModloadError(`reading go.work: open ${short}: ${why}`);
  }
  let wf: WorkFile;
  try {
    wf = parseWorkFile(short, data);
  } catch (e) {
    if (e instanceof ModFileError) throw new ModloadError(`errors parsing go.work:\n${e.message}`);
    throw e;
  }
  if (wf.go && gover.compare(wf.go.version, env.localGo) > 0 && env.cmdName !== 'work edit') {
    const e = new gover.TooNewError(short, wf.go.version, env.localGo, gover.tooNewExplain({ gotoolchain: env.gotoolchain ?? '' }));
    throw new ModloadError(e.message);
  }
  return wf;
}

/** The absolute module root of a use directive's path, given go.work's directory. */
export function useDirAbs(workDir: string, usePath: string): string {
  return isAbsolute(usePath) ? cleanPath(usePath) : join(workDir, usePath);
}

/** go's filepath.Clean for absolute paths (no trailing separator). */
export function cleanPath(p: string): string {
  const n = normalize(p);
  return n.length > 1 && n.endsWith(sep) ? n.slice(0, -1) : n;
}

/** go's LoadWorkFile: the parsed file and its module roots; duplicate roots and bad godebugs are errors. */
export function loadWorkFile(path: string, env: WorkFileEnv & { goroot: string }): { wf: WorkFile; modRoots: string[] } {
  const wf = readWorkFile(path, env);
  const workDir = dirname(path);
  const seen = new Set<string>();
  const modRoots: string[] = [];
  const short = shortPath(env.cwd, path);
  for (const u of wf.use) {
    const root = useDirAbs(workDir, u.path);
    if (seen.has(root)) {
      throw new ModloadError(`error loading go.work:\n${short}:${u.syntax.start.line}: path ${root} appears multiple times in workspace`);
    }
    seen.add(root);
    modRoots.push(root);
  }
  if (wf.godebug.length > 0) {
    const table = godebugTable(env.goroot);
    for (const g of wf.godebug) {
      const err = checkGodebug(table, env.localGo, 'godebug', g.key, g.value);
      if (err) throw new ModloadError(`error loading go.work:\n${short}:${g.syntax.start.line}: ${err}`);
    }
  }
  return { wf, modRoots };
}

/** The text go writes for wf after an edit (SortBlocks, Cleanup, Format). */
export function workFileText(wf: WorkFile): string {
  wf.sortBlocks();
  wf.cleanup();
  return wf.format();
}

/** Writes go.work whole (temp file + rename), as go's WriteWorkFile but never half-written. */
export function writeWorkFile(path: string, wf: WorkFile): void {
  writeWorkText(path, workFileText(wf));
}

/** Writes go.work's new text whole (temp file + rename). */
export function writeWorkText(path: string, text: string): void {
  replaceFile(path, text);
}

/**
 * go's UpdateWorkGoVersion: raises the go line to at least goVers, dropping a toolchain line the
 * new go line makes pointless. Reports whether it changed anything.
 */
export function updateWorkGoVersion(wf: WorkFile, goVers: string): boolean {
  if (gover.compare(gover.fromGoWork(wf.go?.version), goVers) >= 0) return false;
  wf.addGoStmt(goVers);
  if (!wf.toolchain) return true;
  const tc = wf.toolchain.name;
  const tv = gover.fromToolchain(tc);
  if (tc === 'go' + goVers || gover.compare(tv, goVers) < 0 || gover.compare(tv, gover.GO_STRICT_VERSION) < 0) wf.dropToolchainStmt();
  return true;
}

/** go's UpdateWorkFile: notes each use directive's module path (read from its go.mod when readable). */
export function annotateUseModulePaths(wf: WorkFile, env: WorkFileEnv): void {
  const missing = new Set<string>();
  for (const u of wf.use) if (u.path !== '' && u.modulePath === '') missing.add(u.path);
  for (const dir of missing) {
    // As in go, the directory is taken as written (relative to the current directory).
    try {
      const { file } = readMainModFile(join(dir, 'go.mod'), env.cwd, env.localGo, env.gotoolchain);
      wf.addUse(dir, file.module!.path);
    } catch { /* reported when modules are loaded */ }
  }
}

/** go's ToDirectoryPath: a use path as written to go.work. */
export function toDirectoryPath(path: string): string {
  if (isDirectoryPath(path)) return path;
  return './' + cleanRel(path);
}

/** filepath.ToSlash(filepath.Clean(p)) for a relative path. */
function cleanRel(p: string): string {
  const n = normalize(p);
  const t = n.length > 1 && n.endsWith('/') ? n.slice(0, -1) : n;
  return t;
}
