// Import path → directory resolution: the standard library (with std/cmd vendoring) and the main module.
import { readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve as resolvePath, sep } from 'node:path';
import { checkImportPath } from '../lib/module.js';
import { parseModFile } from '../lib/modfile/index.js';
import { hasPathPrefix, isLocalImport, isMetaPackage, isStandardImportPath } from './pkgpattern.js';
import { readDir, statPath } from '../base/fsys.js';
import type { ModuleInfo, PackageError } from './types.js';

/** Why an import could not be resolved; `msg` is go's text. */
export interface ResolveError {
  msg: string;
  kind: NonNullable<PackageError['kind']>;
  /** The message names the import path itself (go's ImportPathError): the path is not pushed on the stack. */
  importPathError: boolean;
}

export interface ResolvedImport {
  /** The resolved import path (after std vendor mapping). */
  path: string;
  dir?: string;
  goroot?: boolean;
  standard?: boolean;
  module?: ModuleInfo;
  /** The module root containing dir ($GOROOT/src, $GOROOT/src/cmd or a module's directory). */
  modRoot?: string;
  /** GOPATH mode: the source root holding dir ($GOROOT or a GOPATH entry; go/build's Package.Root). */
  root?: string;
  /** GOPATH mode: an earlier source root's directory of the same import path hides dir (go/build's ConflictDir). */
  conflictDir?: string;
  error?: ResolveError;
}

export interface Importer {
  importPath: string;
  standard: boolean;
  /** The import is in one of the importer's _test.go files. */
  test?: boolean;
}

/** Maps an import path (as written in a file in fromDir) to a package directory. */
export interface ImportResolver {
  resolve(path: string, fromDir: string, importer?: Importer): ResolvedImport;
  /** The import path of a directory (for directory patterns and command-line files), if it has one. */
  dirImportPath?(dir: string): DirImport | undefined;
  /** Why a directory named on the command line has no import path, before dirImportPath is asked (go's vendor checks). */
  dirError?(dir: string): string | undefined;
  /** Module roots to search for `...` patterns: [import path prefix, directory]. */
  moduleRoots?(): { prefix: string; dir: string }[];
  /** More trees for `...` import-path patterns (dependency modules, or vendor/), or errors to report. */
  wildcardRoots?(treeCanMatch: (path: string) => boolean): ({ prefix: string; dir: string; pruneGoMod: boolean; pruneVendor: boolean; ignore?: string[] } | { error: string })[];
}

export interface DirImport {
  path: string;
  standard: boolean;
  module?: ModuleInfo;
}

/** The -mod modes that matter without a main module (any other value acts as readonly). */
export type NoMainBuildMod = 'mod' | 'readonly' | 'vendor';

/**
 * go's ImportMissingError text for an import outside std when there is no main module: -mod=mod
 * could have looked it up and did not find it; -mod=vendor suggests go get (its vendor lookup has no
 * reason to give); readonly says there is no go.mod.
 */
export function noMainModuleImportMessage(path: string, buildMod: NoMainBuildMod): string {
  switch (buildMod) {
    case 'mod': return `cannot find module providing package ${path}`;
    case 'vendor': return `no required module provides package ${path}; to add it:\n\tgo get ${path}`;
    default: return `no required module provides package ${path}: go.mod file not found in current directory or any parent directory; see 'go help modules'`;
  }
}

/** The main module, as load needs it. */
export interface MainModule {
  path: string;
  dir: string;
  goMod: string;
  goVersion?: string;
  /** godebug lines from go.mod, in file order. */
  godebug: { key: string; value: string }[];
  /** Import paths named by go.mod tool directives, in file order. */
  tools?: string[];
  /**
   * Workspace mode: the main modules come from go.work (goVersion and godebug are then go.work's),
   * `workspaceMains` lists them all.
   */
  workspaceMains?: MainModule[];
}

/** Finds go.mod from dir upward and parses it; undefined when there is none. */
export function findMainModule(dir: string): MainModule | undefined {
  for (let d = resolvePath(dir); ; d = dirname(d)) {
    const gomod = join(d, 'go.mod');
    let data: string | undefined;
    try {
      if (statSync(gomod).isFile()) data = readFileSync(gomod, 'utf8');
    } catch { /* keep looking */ }
    if (data !== undefined) {
      let f;
      try {
        f = parseModFile(gomod, data);
      } catch {
        f = parseModFile(gomod, data, { lax: true });
      }
      return {
        path: f.module?.path ?? '',
        dir: d,
        goMod: gomod,
        goVersion: f.go?.version,
        godebug: f.godebug.map((g) => ({ key: g.key, value: g.value })),
        tools: f.tool.map((t) => t.path),
      };
    }
    if (dirname(d) === d) return undefined;
  }
}

export function isDirWithGoFiles(dir: string): boolean {
  try {
    for (const e of readDir(dir)) {
      if (!e.name.endsWith('.go')) continue;
      if (e.isFile()) return true;
      if (e.isSymbolicLink()) {
        try { if (statSync(join(dir, e.name)).isFile()) return true; } catch { /* dangling */ }
      }
    }
  } catch { /* not a directory */ }
  return false;
}

function isDir(p: string): boolean {
  return statPath(p)?.isDir ?? false;
}

function isFile(p: string): boolean {
  return statPath(p)?.isFile ?? false;
}

export function mainModuleInfo(mm: MainModule): ModuleInfo {
  const m: ModuleInfo = { path: mm.path, main: true, dir: mm.dir, goMod: mm.goMod };
  if (mm.goVersion) m.goVersion = mm.goVersion;
  return m;
}

/**
 * Module-mode resolution limited to the standard library and the main module
 * (modload can supply a resolver that also knows the build list).
 */
export class StdAndMainResolver implements ImportResolver {
  private readonly gorootSrc: string;
  private readonly cache = new Map<string, ResolvedImport>();

  /**
   * `deps` lets modload resolve imports from the build list: it is consulted for paths that are neither
   * in std nor in the main module, and returns undefined when no module provides the package.
   */
  /** Every main module (several in workspace mode), longest directory first for dirImportPath. */
  private readonly mains: MainModule[];

  /** `noMainBuildMod`: the -mod in effect when there is no main module (it words the missing-import error). */
  constructor(
    readonly goroot: string,
    readonly main?: MainModule,
    readonly deps?: (path: string) => ResolvedImport | undefined,
    readonly noMainBuildMod: NoMainBuildMod = 'readonly',
  ) {
    this.gorootSrc = join(goroot, 'src');
    this.mains = main?.workspaceMains ? [...main.workspaceMains] : main ? [main] : [];
  }

  /** The std vendor mapping for an import made from a std (or cmd) package. */
  stdVendor(importerPath: string, path: string): string {
    if (isStandardImportPath(path)) return path;
    const vendorPath = hasPathPrefix(importerPath, 'cmd') ? 'cmd/vendor/' + path : 'vendor/' + path;
    return isDir(join(this.gorootSrc, vendorPath)) ? vendorPath : path;
  }

  isStandardPackage(path: string): boolean {
    return isDirWithGoFiles(join(this.gorootSrc, path));
  }

  resolve(path: string, _fromDir: string, importer?: Importer): ResolvedImport {
    if (importer?.standard) path = this.stdVendor(importer.importPath, path);
    const hit = this.cache.get(path);
    if (hit) return hit;
    const r = this.resolveUncached(path);
    this.cache.set(path, r);
    return r;
  }

  private resolveUncached(path: string): ResolvedImport {
    const invalid = (msg: string): ResolvedImport => ({ path, error: { msg, kind: 'badpath', importPathError: true } });
    if (path.includes('@')) return invalid(`import path "${path}" should not have @version`);
    if (isLocalImport(path)) return invalid(`"${path}" is relative, but relative import paths are not supported in module mode`);
    if (path.startsWith('/')) return invalid(`"${path}" is not a package path; see 'go help packages'`);
    if (isMetaPackage(path)) return invalid(`"${path}" is not an importable package; see 'go help packages'`);
    if (path === 'C') return { path };
    const bad = checkImportPath(path);
    if (bad) return invalid(bad.message);
    const pathIsStd = isStandardImportPath(path);
    if (pathIsStd && this.isStandardPackage(path)) {
      const dir = join(this.gorootSrc, path);
      const modRoot = hasPathPrefix(path, 'cmd') ? join(this.gorootSrc, 'cmd') : this.gorootSrc;
      return { path, dir, goroot: true, standard: true, modRoot };
    }
    const mm = this.main;
    for (const m of this.mains) {
      if (m.path !== '' && hasPathPrefix(path, m.path)) {
        const dir = this.dirInModule(path, m.path, m.dir);
        if (dir) return { path, dir, module: mainModuleInfo(m), modRoot: m.dir };
      }
    }
    const fromDeps = this.deps?.(path);
    if (fromDeps) return fromDeps;
    if (pathIsStd) {
      return { path, error: { msg: `package ${path} is not in std (${join(this.gorootSrc, path)})`, kind: 'notfound', importPathError: true } };
    }
    if (!mm) return { path, error: { msg: noMainModuleImportMessage(path, this.noMainBuildMod), kind: 'notfound', importPathError: true } };
    return { path, error: { msg: `no required module provides package ${path}; to add it:\n\tgo get ${path}`, kind: 'notfound', importPathError: true } };
  }

  /** The package directory for path inside a local module, if it exists with Go files and no nested go.mod. */
  private dirInModule(path: string, mpath: string, mdir: string): string | undefined {
    const rel = path.slice(mpath.length).replace(/^\//, '');
    const dir = rel === '' ? mdir : join(mdir, ...rel.split('/'));
    for (let d = dir; d.length > mdir.length && d !== mdir; d = dirname(d)) {
      if (isFile(join(d, 'go.mod'))) return undefined;
    }
    return isDirWithGoFiles(dir) ? dir : undefined;
  }

  /** The import path for a directory: std, cmd or the main module. Undefined if dir is in none. */
  moduleRoots(): { prefix: string; dir: string }[] {
    return this.mains.map((m) => ({ prefix: this.isGorootStd(m) ? '' : m.path, dir: m.dir }));
  }

  /** The std module itself: only a module named "std" rooted in GOROOT/src has no import path prefix. */
  private isGorootStd(mm: MainModule): boolean {
    return mm.path === 'std' && (mm.dir === this.gorootSrc || mm.dir.startsWith(this.gorootSrc + sep));
  }

  dirImportPath(dir: string): DirImport | undefined {
    dir = resolvePath(dir);
    // The innermost main module containing dir (workspace modules may nest).
    let mm: MainModule | undefined;
    for (const m of this.mains) {
      if ((dir === m.dir || dir.startsWith(m.dir + sep)) && (!mm || m.dir.length > mm.dir.length)) mm = m;
    }
    // A directory whose path below the module root has an "@" is no package path of the module (as in go).
    if (mm && (dir === mm.dir || (dir.startsWith(mm.dir + sep) && !dir.slice(mm.dir.length).includes('@')))) {
      for (let d = dir; d !== mm.dir && d.length > mm.dir.length; d = dirname(d)) {
        if (isFile(join(d, 'go.mod'))) return undefined; // in a nested module
      }
      const rel = dir.slice(mm.dir.length + 1).split(sep).join('/');
      // The std module (GOROOT/src) has an empty import path prefix.
      const prefix = this.isGorootStd(mm) ? '' : mm.path;
      if (this.isGorootStd(mm) || (mm.path === 'cmd' && mm.dir.startsWith(this.gorootSrc + sep))) {
        const path = rel === '' ? prefix : prefix === '' ? rel : `${prefix}/${rel}`;
        return { path, standard: true };
      }
      return { path: rel === '' ? mm.path : mm.path === '' ? rel : mm.path + '/' + rel, standard: false, module: mainModuleInfo(mm) };
    }
    if (dir.startsWith(this.gorootSrc + sep)) {
      return { path: dir.slice(this.gorootSrc.length + 1).split(sep).join('/'), standard: true };
    }
    return undefined;
  }
}
