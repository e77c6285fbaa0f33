// Import path → module: the longest-prefix search over the build list (go's importFromModules).
import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as gover from '../lib/gover.js';
import { checkImportPath, type Version } from '../lib/module.js';
import { hasPathPrefix, isLocalImport, isMetaPackage, isStandardImportPath } from '../load/pkgpattern.js';
import { readDir, statPath } from '../base/fsys.js';
import { goQuote } from '../lib/goquote.js';
import { AmbiguousImportError, ImportMissingError, ImportMissingSumError, InvalidImportError, MissingSumError, ModloadError } from './errors.js';
import { errorAs, splitPathVersion } from '../lib/module.js';
import { isZeroPseudoVersion, zeroPseudoVersion } from '../lib/pseudo.js';
import type { VendorList } from './vendor.js';

/**
 * Thrown by the synchronous lookups when they need I/O first (a download, the full module graph):
 * await `wait`, then try again.
 */
export class NeedAsync {
  constructor(readonly wait: Promise<unknown>, readonly what: string) {}
}

/** Where an import was found. */
export interface ImportFound {
  /** The module ({path:"", version:""} for std, version "" for the main module). */
  mod: Version;
  /** The module root directory. */
  root: string;
  /** The package directory; "" for import "C". */
  dir: string;
  std?: boolean;
  /** Vendored package (-mod=vendor). */
  vendored?: boolean;
}

/** What importFromModules needs to know about the module state; lookups may throw NeedAsync. */
export interface ImportEnv {
  goroot: string;
  /** The main module; its goVersion is go's MainModules.GoVersion (go.work's in a workspace). */
  main: { path: string; dir: string; goVersion: string };
  /** In workspace mode: every main module and the vendor directory beside go.work. */
  workspace?: { mains: readonly { path: string; dir: string }[]; vendorDir: string };
  buildMod: string;
  /** Version of path among the roots (undefined: not a root); "" for the main module. */
  rootSelected(path: string): string | undefined;
  /** Selected version in the full graph ("none" if absent); throws NeedAsync until the graph is loaded. */
  graphSelected(path: string): string;
  /** Whether lookups should go to the full graph directly (unpruned main module). */
  fullGraph: boolean;
  /** Throws go's missing-sum error when go.sum must hold the go.mod sum of m (a providing module) and does not. */
  checkGoModSum?(m: Version): void;
  /** The root directory of m and whether it is a local (replacement or main) directory; may throw NeedAsync. */
  fetch(m: Version): { dir: string; isLocal: boolean };
  vendor?: VendorList;
  /** Module path → highest replaced version ("" when only a wildcard replacement), for "replaced but not required". */
  highestReplaced?(): Map<string, string>;
  warn?(msg: string): void;
  /** Why a missing import is not looked up (readonly/vendor: "import lookup disabled by -mod=..."). */
  queryErr?: string;
  /** The error of an earlier -mod=mod lookup of path that found no module (thrown as is). */
  queryErrFor?(path: string): Error | undefined;
  /**
   * Reads the go.mod of the dependency module m providing a package and throws its TooNewError
   * when it needs a newer Go (go reads that go.mod for the package's language version); may throw NeedAsync.
   */
  checkGoMod?(m: Version): void;
}

/** Whether dir contains a file whose name ends in .go. */
export function isDirWithGoFiles(dir: string): boolean {
  let ents;
  try {
    ents = readDir(dir);
  } catch {
    return false;
  }
  for (const e of ents) {
    if (!e.name.endsWith('.go')) continue;
    if (e.isFile()) return true;
    if (e.isSymbolicLink()) {
      try {
        if (statSync(join(dir, e.name)).isFile()) return true;
      } catch { /* dangling link */ }
    }
  }
  return false;
}

function isFile(p: string): boolean {
  return statPath(p)?.isFile ?? false;
}

/**
 * The directory for package path inside module mpath rooted at root, and whether it exists as a
 * package (go's dirInModule). For local modules a go.mod in between makes it another module's.
 */
export function dirInModule(path: string, mpath: string, root: string, isLocal: boolean): { dir: string; ok: boolean } {
  let dir = root;
  if (path !== mpath) {
    if (mpath !== '' && !hasPathPrefix(path, mpath)) return { dir: '', ok: false };
    const rel = mpath === '' ? path : path.slice(mpath.length + 1);
    dir = join(root, ...rel.split('/'));
  }
  if (isLocal) {
    for (let d = dir; d !== root && d.length > root.length; d = dirname(d)) {
      if (isFile(join(d, 'go.mod'))) return { dir, ok: false };
    }
  }
  return { dir, ok: isDirWithGoFiles(dir) };
}

/** The legacy App Engine imports go's module loader ignores (modload.scanDir's magic imports). */
export function isAppengineImport(path: string): boolean {
  return path === 'appengine' || path.startsWith('appengine/') || path === 'appengine_internal' || path.startsWith('appengine_internal/');
}

/** Checks path is importable in module mode; returns go's error otherwise. */
export function checkModuleImportPath(path: string): ModloadError | undefined {
  const invalid = (msg: string): ModloadError => new InvalidImportError(msg);
  if (path.includes('@')) return invalid(`import path ${goQuote(path)} should not have @version`);
  if (isLocalImport(path)) return invalid(`${goQuote(path)} is relative, but relative import paths are not supported in module mode`);
  if (path.startsWith('/')) return invalid(`${goQuote(path)} is not a package path; see 'go help packages'`);
  if (isMetaPackage(path)) return invalid(`${goQuote(path)} is not an importable package; see 'go help packages'`);
  if (path === 'C') return undefined;
  const bad = checkImportPath(path);
  if (bad) return new InvalidImportError(bad.message);
  return undefined;
}

/** The module and directory providing import path (synchronous; may throw NeedAsync or a ModloadError). */
export function importFromModules(env: ImportEnv, path: string): ImportFound {
  const bad = checkModuleImportPath(path);
  if (bad) throw bad;
  if (path === 'C') return { mod: { path: '', version: '' }, root: '', dir: '' };

  const pathIsStd = isStandardImportPath(path);
  const gorootSrc = join(env.goroot, 'src');
  // A std package is one candidate among others: a module providing the same path makes the
  // import ambiguous, as in go (a main module named "image" with a package at its root).
  let std: ImportFound | undefined;
  if (pathIsStd && isDirWithGoFiles(join(gorootSrc, path))) {
    const root = hasPathPrefix(path, 'cmd') ? join(gorootSrc, 'cmd') : gorootSrc;
    std = { mod: { path: '', version: '' }, root, dir: join(gorootSrc, path), std: true };
  }

  if (env.buildMod === 'vendor') {
    const dirs: string[] = std ? [std.dir] : [];
    const found: ImportFound[] = std ? [std] : [];
    const mm = env.main;
    for (const m of env.workspace?.mains ?? [mm]) {
      const inMain = dirInModule(path, m.path, m.dir, true);
      if (inMain.ok) {
        found.push({ mod: { path: m.path, version: '' }, root: m.dir, dir: inMain.dir });
        dirs.push(inMain.dir);
      }
    }
    const vendorDir = env.workspace?.vendorDir ?? join(mm.dir, 'vendor');
    const inVendor = dirInModule(path, '', vendorDir, false);
    if (inVendor.ok) {
      const vm = env.vendor?.pkgModule.get(path);
      if (vm || gover.compare(mm.goVersion, gover.EXPLICIT_MODULES_TXT_IMPORT_VERSION) < 0) {
        found.push({ mod: vm ?? { path: '', version: '' }, root: vendorDir, dir: inVendor.dir, vendored: true });
        dirs.push(inVendor.dir);
      } else {
        env.warn?.(`go: ignoring package ${path} which exists in the vendor directory but is missing from vendor/modules.txt. To sync the vendor directory run go ${env.workspace ? 'work' : 'mod'} vendor.`);
      }
    }
    if (dirs.length > 1) throw new AmbiguousImportError(path, dirs);
    if (found.length === 0) {
      if (pathIsStd) throw new ImportMissingError(path, { isStd: true, goroot: env.goroot });
      throw new ImportMissingError(path, env.queryErr ? { queryErr: new Error(env.queryErr) } : {});
    }
    return found[0]!;
  }

  let useGraph = env.fullGraph;
  for (;;) {
    const mods: Version[] = std ? [std.mod] : [];
    const roots: string[] = std ? [std.root] : [];
    const dirs: string[] = std ? [std.dir] : [];
    const sumErrMods: Version[] = [];
    for (let prefix = path; prefix !== '.' && prefix !== ''; prefix = parentPath(prefix)) {
      if (gover.isToolchain(prefix)) continue;
      const v = useGraph ? env.graphSelected(prefix) : env.rootSelected(prefix);
      if (v === undefined || v === 'none') continue;
      const m = { path: prefix, version: v };
      let fetched: { dir: string; isLocal: boolean };
      try {
        fetched = env.fetch(m);
      } catch (e) {
        if (errorAs(e, MissingSumError)) {
          sumErrMods.push(m);
          continue;
        }
        throw e;
      }
      const { dir: root, isLocal } = fetched;
      const r = dirInModule(path, m.path, root, isLocal);
      if (r.ok) {
        mods.push(m);
        roots.push(root);
        dirs.push(r.dir);
      }
    }
    if (mods.length > 1) {
      mods.reverse();
      dirs.reverse();
      throw new AmbiguousImportError(path, dirs, mods);
    }
    if (sumErrMods.length > 0) throw new ImportMissingSumError(path, sumErrMods.reverse(), mods.length > 0);
    if (mods.length === 1) {
      if (std && mods[0] === std.mod) return std;
      // go reads the providing module's go.mod (for its Go version) even when the pruned graph did
      // not: a test-only dependency's go.mod sum must be in go.sum then.
      env.checkGoModSum?.(mods[0]!);
      if (mods[0]!.path !== '' && !isMainModule(env, mods[0]!.path)) env.checkGoMod?.(mods[0]!);
      return { mod: mods[0]!, root: roots[0]!, dir: dirs[0]! };
    }
    if (useGraph) {
      // go's queryImport tries replacements before giving up on a std-looking path.
      if (env.buildMod === 'readonly') {
        const replaced = replacedProvider(env, path);
        if (replaced) throw new ImportMissingError(path, { replaced });
      }
      // A failed lookup explains more than "not in std" (a std-looking path may be a replaced module's).
      const qe = env.queryErrFor?.(path);
      if (pathIsStd && !qe) throw new ImportMissingError(path, { isStd: true, goroot: env.goroot });
      if (env.queryErr) throw new ImportMissingError(path, { queryErr: new Error(env.queryErr) });
      if (qe) throw qe;
      throw new ImportMissingError(path);
    }
    useGraph = true;
  }
}

/**
 * go's queryImport check of replacements: a module that is replaced (but not required at that
 * version or higher) and whose replacement provides path. Longest module path first.
 */
function replacedProvider(env: ImportEnv, path: string): Version | undefined {
  const mods: Version[] = [];
  for (const [mp, v] of env.highestReplaced?.() ?? []) {
    if (!hasPathPrefix(path, mp)) continue;
    let mv = v;
    if (mv === '') {
      const sp = splitPathVersion(mp);
      mv = zeroPseudoVersion(sp.ok && sp.pathMajor.length > 0 ? sp.pathMajor.slice(1) : 'v0');
    }
    const sel = env.graphSelected(mp);
    if (sel !== 'none' && gover.modCompare(mp, sel, mv) >= 0) continue;
    mods.push({ path: mp, version: mv });
  }
  mods.sort((a, b) => b.path.length - a.path.length);
  for (const m of mods) {
    let f: { dir: string; isLocal: boolean };
    try {
      f = env.fetch(m);
    } catch (e) {
      if (errorAs(e, MissingSumError)) throw new ImportMissingSumError(path, [], false);
      throw e;
    }
    if (dirInModule(path, m.path, f.dir, f.isLocal).ok) return m;
  }
  return undefined;
}

function isMainModule(env: ImportEnv, path: string): boolean {
  return env.workspace ? env.workspace.mains.some((m) => m.path === path) : env.main.path === path;
}

function parentPath(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? '.' : p.slice(0, i);
}
