// Workspace mode: the main modules go.work uses, their merged replacements and excludes (go's makeMainModules).
import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative } from 'node:path';
import * as gover from '../lib/gover.js';
import { checkImportPath, InvalidPathError, type Version } from '../lib/module.js';
import type { ModFile, WorkFile } from '../lib/modfile/index.js';
import { modulePath } from '../lib/modfile/module-path.js';
import { shortPath } from '../load/errors.js';
import { ModloadError } from './errors.js';
import { VersionFixRequest } from './fixversion.js';
import { checkToolPaths, findModuleRoot, modulesTxtIsForWorkspace, readMainModFile, TooNewModFileError, type MainModule } from './mainmodule.js';
import { Excludes, Replacements } from './replace.js';
import { loadWorkFile, toDirectoryPath } from './workfile.js';

/** A loaded go.work and its main modules. */
export interface Workspace {
  /** The go.work file. */
  file: string;
  wf: WorkFile;
  /** The used modules, in go.work order. */
  mains: MainModule[];
  /** The main module whose root contains the current directory, if any. */
  containingCwd?: MainModule;
  replace: Replacements;
  exclude: Excludes;
  /** Each replacement as written, with where it came from (go's replacementFrom), by old "path\0version". */
  replaceFrom: Map<string, ReplacementSource>;
}

/** A replacement as its go.work or go.mod file writes it. */
export interface ReplacementSource {
  new: Version;
  /** The root of the main module whose go.mod has it; "" for go.work's own. */
  modRoot: string;
  /** The file it is in. */
  file: string;
}

export interface WorkspaceOptions {
  cwd: string;
  goroot: string;
  localGo: string;
  gotoolchain?: string;
  cmdName: string;
}

/** go's errWorkTooOld. */
function workTooOld(cwd: string, gomod: string, wf: WorkFile, goVers: string): string {
  const verb = wf.go ? 'lists' : 'implicitly requires';
  return `module ${shortPath(cwd, dirname(gomod))} listed in go.work file requires go >= ${goVers}, but go.work ${verb} go ${gover.fromGoWork(wf.go?.version)}; to update it:\n\tgo work use`;
}

/** Reads go.work and every module it uses; throws go's (joined) errors. */
export function loadWorkspace(gowork: string, o: WorkspaceOptions): Workspace {
  const { wf, modRoots } = loadWorkFile(gowork, { ...o });
  const workCmd = o.cmdName.startsWith('work ');
  const errs: string[] = [];
  // The go-version errors under errs, for the toolchain switcher (go wraps them with %w).
  const tooNew: Error[] = [];
  const mains: MainModule[] = [];
  for (const root of modRoots) {
    const gomod = join(root, 'go.mod');
    let data: string;
    let file;
    let fixed;
    try {
      ({ data, file, fixed } = readMainModFile(gomod, o.cwd, o.localGo, o.gotoolchain, undefined, gomod, true));
    } catch (e) {
      if (e instanceof VersionFixRequest) throw e;
      if (e instanceof TooNewModFileError && !workCmd) errs.push(workTooOld(o.cwd, gomod, wf, e.goVersion));
      else {
        const msg = (e as Error).message.replace(`open ${gomod}:`, `open ${shortPath(o.cwd, gomod)}:`);
        errs.push(`cannot load module ${shortPath(o.cwd, root)} listed in go.work file: ${msg}`);
        if (e instanceof TooNewModFileError && e.cause instanceof Error) tooNew.push(e.cause);
      }
      continue;
    }
    if (!workCmd) {
      const mv = gover.fromGoMod(file.go?.version);
      const wv = gover.fromGoWork(wf.go?.version);
      if (gover.compare(mv, wv) > 0 && gover.compare(mv, gover.GO_STRICT_VERSION) >= 0) {
        errs.push(workTooOld(o.cwd, gomod, wf, mv));
        continue;
      }
    }
    const path = file.module!.path;
    mains.push({ path, dir: root, goModFile: gomod, data, file, goVersion: file.go?.version ?? '', toolchain: file.toolchain?.name ?? '', fixed });
    const bad = checkImportPath(path);
    if (bad) errs.push(new InvalidPathError('module', bad.path, bad.err).message);
  }
  if (errs.length > 0) {
    const err = new ModloadError(errs.join('\ngo: '));
    if (tooNew.length > 0) err.cause = new AggregateError(tooNew);
    throw err;
  }
  for (const m of mains) checkToolPaths(m.file);

  const seen = new Set<string>();
  for (const m of mains) {
    if (seen.has(m.path)) throw new ModloadError(`module ${m.path} appears multiple times in workspace`);
    seen.add(m.path);
  }
  const workDir = dirname(gowork);
  const entries: [Version, Version][] = [];
  const byWork = new Set<string>();
  const chosen = new Map<string, Version>();
  const replaceFrom = new Map<string, ReplacementSource>();
  const k = (m: Version): string => `${m.path}\u0000${m.version}`;
  for (const r of wf.replace) {
    const old = { path: r.old.path, version: r.old.version ?? '' };
    if (seen.has(old.path) && old.version === '') {
      throw new ModloadError(`workspace module ${old.path} is replaced at all versions in the go.work file. To fix, remove the replacement from the go.work file or specify the version at which to replace the module.`);
    }
    byWork.add(old.path);
    const nw = { path: r.new.path, version: r.new.version ?? '' };
    chosen.set(k(old), nw);
    replaceFrom.set(k(old), { new: nw, modRoot: '', file: gowork });
    entries.push([old, nw]);
  }
  for (const m of mains) {
    const cur = new Set<string>();
    for (const r of m.file.replace) {
      if (byWork.has(r.old.path)) continue;
      const old = { path: r.old.path, version: r.old.version ?? '' };
      const nw = { path: r.new.path, version: r.new.version ?? '' };
      replaceFrom.set(k(old), { new: { ...nw }, modRoot: m.dir, file: m.goModFile });
      // Relative replacement directories are relative to their own go.mod.
      if (nw.version === '' && !isAbsolute(nw.path)) nw.path = join(m.dir, nw.path);
      const prev = chosen.get(k(old));
      if (prev && !cur.has(k(old)) && (prev.path !== nw.path || prev.version !== nw.version)) {
        const v = (x: Version): string => (x.version ? `${x.path}@${x.version}` : x.path);
        throw new ModloadError(`conflicting replacements for ${v(old)}:\n\t${v(prev)}\n\t${v(nw)}\nuse "go work edit -replace ${v(old)}=[override]" to resolve`);
      }
      cur.add(k(old));
      chosen.set(k(old), nw);
      entries.push([old, nw]);
    }
  }
  const cwdRoot = findModuleRoot(o.cwd);
  const ws: Workspace = {
    file: gowork,
    wf,
    mains,
    replace: Replacements.fromEntries(entries, workDir),
    exclude: new Excludes(mains.map((m) => m.file)),
    replaceFrom,
  };
  const c = mains.find((m) => m.dir === cwdRoot);
  if (c) ws.containingCwd = c;
  return ws;
}

/** The -mod default in workspace mode (go's setDefaultBuildMod): vendor/ beside go.work, for a workspace. */
export function workspaceDefaultBuildMod(ws: Workspace): { mod: string; reason: string } {
  const vendorDir = join(dirname(ws.file), 'vendor');
  let isDir = false;
  try {
    isDir = statSync(vendorDir).isDirectory();
  } catch { /* none */ }
  if (!isDir) return { mod: 'readonly', reason: '' };
  const gv = ws.wf.go?.version ?? '';
  if (gv === '') return { mod: 'readonly', reason: 'Go version in go.work is unspecified, so vendor directory was not used.' };
  if (gover.compare(gv, '1.14') < 0) return { mod: 'readonly', reason: `Go version in go.work is ${gv}, so vendor directory was not used.` };
  if (!modulesTxtIsForWorkspace(vendorDir)) return { mod: 'readonly', reason: 'In workspace mode, but vendor directory is not for a workspace' };
  return { mod: 'vendor', reason: 'Go version in go.work is at least 1.14 and vendor directory exists.' };
}

/** go's replacementFrom: m's replacement as written and where, exact version before all-versions; main modules are never replaced. */
export function replacementSource(ws: Workspace, m: Version): ReplacementSource | undefined {
  if (m.version === '' && ws.mains.some((mm) => mm.path === m.path)) return undefined;
  return ws.replaceFrom.get(`${m.path}\u0000${m.version}`) ?? ws.replaceFrom.get(`${m.path}\u0000`);
}

/**
 * go's Replacement in a workspace (canonicalizeReplacePath): a go.mod's relative replacement
 * directory is rewritten relative to the go.work directory ("./p" for a/go.mod's "../p").
 */
export function workspaceReplacement(ws: Workspace, m: Version): Version | undefined {
  const src = replacementSource(ws, m);
  if (!src) return undefined;
  return canonicalizeReplacePath(ws, src.new, src.modRoot);
}

/** go's canonicalizeReplacePath. */
export function canonicalizeReplacePath(ws: Workspace, r: Version, modRoot: string): Version {
  if (isAbsolute(r.path) || r.version !== '' || modRoot === '') return r;
  const rel = relative(dirname(ws.file), join(modRoot, r.path)) || '.';
  return { path: toDirectoryPath(rel), version: r.version };
}

/**
 * The workspace modules a go.work uses, module path to root (go get's loadWorkspace): a module whose
 * go.mod cannot be read is left out, and an unreadable go.work gives undefined (the final workspace
 * load reports those errors).
 */
export function workspaceModuleRoots(gowork: string, o: WorkspaceOptions): Map<string, string> | undefined {
  let modRoots: string[];
  try {
    ({ modRoots } = loadWorkFile(gowork, { ...o }));
  } catch {
    return undefined;
  }
  const out = new Map<string, string>();
  for (const root of modRoots) {
    let path: string;
    try {
      path = modulePath(readFileSync(join(root, 'go.mod'), 'utf8'));
    } catch {
      continue;
    }
    if (path !== '') out.set(path, root);
  }
  return out;
}

/**
 * ws with some main modules' go.mod files replaced by in-memory ones, by module path (go's
 * EnterWorkspace: go get checks the workspace with the requirements it is about to write).
 * The replacements and excludes stay the ones read from disk: go get does not change them.
 */
export function withMainModFiles(ws: Workspace, files: ReadonlyMap<string, ModFile>): Workspace {
  if (files.size === 0) return ws;
  const swap = (m: MainModule): MainModule => {
    const f = files.get(m.path);
    return f ? { ...m, file: f, goVersion: f.go?.version ?? '', toolchain: f.toolchain?.name ?? '' } : m;
  };
  const mains = ws.mains.map(swap);
  const out: Workspace = { ...ws, mains };
  delete out.containingCwd;
  if (ws.containingCwd) out.containingCwd = mains[ws.mains.indexOf(ws.containingCwd)]!;
  return out;
}
