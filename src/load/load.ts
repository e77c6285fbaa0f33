// The package loader: patterns → packages with resolved imports, errors and import stacks (cmd/go/internal/load).
import { join, resolve as resolvePath, dirname, basename, normalize } from 'node:path';
import { readFileSync, realpathSync } from 'node:fs';
import { statPath } from '../base/fsys.js';
import { makeContext, type BuildContext, type ContextEnv } from './context.js';
import { scanDir, dirErrorString, type DirInfo } from './dir.js';
import type { PackageIndex } from './pkgindex.js';
import { resolveEmbed, EmbedError } from './embed.js';
import { ExitError } from '../base/errors.js';
import { newPackageError, posString, type StackEntry } from './errors.js';
import { defaultGODEBUG, godebugTable } from './godebug.js';
import { foldDup, toFold } from './fold.js';
import { goQuote } from '../lib/goquote.js';
import { isFips140Snapshot, resolveFips140Import } from './fips140.js';
import { bindDir } from '../base/fsys.js';
import { majorMinor } from '../lib/semver.js';
import * as gover from '../lib/gover.js';
import { findInternal, findVendor, hasPathPrefix, isLocalImport, isMetaPackage, cleanPatterns } from './pkgpattern.js';
import { StdAndMainResolver, findMainModule, type ImportResolver, type MainModule, type NoMainBuildMod, type ResolvedImport } from './resolve.js';
import { expandPatterns, type PatternMatch } from './search.js';
import { dirToImportPath, GopathResolver } from './gopath.js';
import type { ModuleInfo, Package, PackageError, Pos } from './types.js';
import { delayTierUp } from '../base/v8flags.js';

/** Loading yields to the event loop this often (ms) when set; 0: never (see setLoadYield). */
let yieldEveryMs = 0;
let lastYield = 0;

/**
 * Makes loading yield to the event loop every ms milliseconds (0: never), so that work started before it
 * (an early build, work/setup.ts) makes progress: loading is otherwise one long synchronous stretch.
 * The packages loaded, and their order, are the same either way.
 */
export function setLoadYield(ms: number): void {
  yieldEveryMs = ms;
  lastYield = Date.now();
}

async function maybeYield(): Promise<void> {
  const now = Date.now();
  if (now - lastYield < yieldEveryMs) return;
  await new Promise<void>((r) => { setImmediate(r); });
  lastYield = Date.now();
}

export interface LoadConfig {
  ctxt: BuildContext;
  /** The working directory (patterns and short paths are relative to it). */
  cwd: string;
  /** The main module, if any (module mode without one when undefined). */
  mainModule?: MainModule;
  /** Module mode without a main module: the -mod in effect (words missing-import errors; readonly if unset). */
  noMainBuildMod?: NoMainBuildMod;
  /** GOPATH mode (GO111MODULE=off, or auto outside a module): imports resolve through GOROOT and GOPATH. */
  gopathMode?: boolean;
  /** GOPATH mode: go's installsuffix ("race", …), which names the pkg/GOOS_GOARCH_suffix install directory. */
  installSuffix?: string;
  /** GOPATH mode: -pkgdir, which replaces a library's pkg/GOOS_GOARCH install directory. */
  pkgdir?: string;
  /** GOFIPS140 snapshot: its extracted fips140 directory (ctxt.fips140 names the version). */
  fipsDir?: string;
  /** -linkshared: libraries with an install root target root/<path>.a, and name their shared library (Shlib). */
  linkshared?: boolean;
  /** $GOBIN ("" if unset). */
  gobin?: string;
  /** The toolchain's version without "go" ("1.26.8"); defaults to $GOROOT/VERSION. */
  toolchainVersion?: string;
  race?: boolean;
  msan?: boolean;
  asan?: boolean;
  cover?: boolean;
  /** -buildmode ("default" when unset). */
  buildmode?: string;
  /** -ldflags words for the packages, to detect -linkmode=external. */
  ldflags?: string[];
  /** -ldflags words for one package (go's BuildLdflags.For); wins over ldflags. */
  ldflagsFor?: (p: Package) => string[];
  fips140?: boolean;
  /** The package index (GOCACHE-backed directory facts); directories are scanned directly without it. */
  index?: PackageIndex;
  /** -x: prints what the pattern walk skips ("# ignoring directory D" for go.mod ignore lines), once per line. */
  trace?: (line: string) => void;
  /** Called as each package is loaded, its imports loaded before it (an early build starts from it). */
  onLoaded?: (p: Package) => void;
}

export interface LoadOptions {
  /** Extra build tags (-tags); replace ctxt.buildTags when given. */
  tags?: string[];
  /** Also load test imports (TestImports / XTestImports) of the root packages. */
  test?: boolean;
  resolver?: ImportResolver;
  /** Do not load imports (go list -find). */
  ignoreImports?: boolean;
  suppressEmbedFiles?: boolean;
  /**
   * Packages to load as imports from the current directory once the patterns are loaded (go's
   * LoadPackageWithFlags of runtime/cgo and runtime for a -buildmode=shared link); see LoadResult.extra.
   */
  extraImports?: string[];
}

export interface LoadResult {
  /** The extraImports packages, in order (the loaded graph's own objects). */
  extra?: Package[];
  roots: Package[];
  /** Every loaded package, dependencies before dependents. */
  all: Package[];
  /** Messages for stderr such as `go: warning: "./..." matched no packages`. */
  warnings: string[];
}

function emptyPackage(importPath: string): Package {
  return {
    dir: '', importPath, name: '', goroot: false, standard: false,
    goFiles: [], cgoFiles: [], ignoredGoFiles: [], invalidGoFiles: [], ignoredOtherFiles: [], cFiles: [], cxxFiles: [],
    mFiles: [], hFiles: [], fFiles: [], sFiles: [], sysoFiles: [], swigFiles: [], swigCXXFiles: [], testGoFiles: [],
    xTestGoFiles: [], imports: [], importPos: {}, testImports: [], xTestImports: [], embedPatterns: [], embedPatternPos: {},
    testEmbedPatterns: [], xTestEmbedPatterns: [], embedFiles: [], importMap: {}, deps: [], internal: { imports: [] },
  };
}

function isVersionElement(s: string): boolean {
  if (s.length < 2 || s[0] !== 'v' || s[1] === '0' || (s[1] === '1' && s.length === 2)) return false;
  return /^v\d+$/.test(s);
}

/** internal/platform.MustLinkExternal (without cgo). */
export function mustLinkExternal(goos: string, goarch: string): boolean {
  if (goos === 'android' && goarch !== 'arm64') return true;
  if (goos === 'ios' && goarch === 'arm64') return true;
  return false;
}

const cgoExclude = new Set(['runtime/cgo']);
const cgoSyscallExclude = new Set(['runtime/cgo', 'runtime/race', 'runtime/msan', 'runtime/asan']);

interface ImportMode {
  resolveImport: boolean;
  cmdline?: boolean;
  /** The import is in a _test.go file of parent. */
  test?: boolean;
}

/** A loader instance holds the package cache for one command invocation. */
export class Loader {
  readonly resolver: ImportResolver;
  private readonly packageCache = new Map<string, Package>();
  /** Folded import path → the first import path seen with it (go's foldPath). */
  private readonly foldPath = new Map<string, string>();
  private readonly dirCache = new Map<string, Promise<DirInfo | Error>>();
  private readonly ctxt: BuildContext;
  private readonly toolchainVersion: string;

  constructor(readonly config: LoadConfig, readonly opts: LoadOptions = {}) {
    // Loading runs large functions hot for a short while: Turbofan only for those that stay hot.
    delayTierUp();
    this.ctxt = opts.tags ? { ...config.ctxt, buildTags: opts.tags } : config.ctxt;
    if (config.gopathMode) this.ctxt = { ...this.ctxt, importComment: true };
    // go's fips140.Init: a snapshot adds its fips140vX.Y build tag.
    if (config.fipsDir && isFips140Snapshot(this.ctxt.fips140)) {
      this.ctxt = { ...this.ctxt, buildTags: [...this.ctxt.buildTags, 'fips140' + majorMinor(this.ctxt.fips140!)] };
    }
    const base = opts.resolver ?? (config.gopathMode ? new GopathResolver(config.ctxt) : new StdAndMainResolver(config.ctxt.goroot, config.mainModule, undefined, config.noMainBuildMod));
    this.resolver = config.fipsDir && isFips140Snapshot(this.ctxt.fips140) ? fipsSnapshotResolver(base, this.ctxt, config.fipsDir) : base;
    this.toolchainVersion = config.toolchainVersion ?? (this.ctxt.releaseTags.at(-1) ?? 'go1.0').slice(2);
  }

  get buildContext(): BuildContext {
    return this.ctxt;
  }

  /** Scans a directory once (cached, shared promise). `names`: its sorted non-directory entries, if known. */
  scan(dir: string, names?: string[]): Promise<DirInfo | Error> {
    let p = this.dirCache.get(dir);
    if (!p) {
      p = scanDir(this.ctxt, dir, names, this.config.index).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
      this.dirCache.set(dir, p);
    }
    return p;
  }

  /** Starts scanning the directories of imports in the background (go's preload). */
  private preload(paths: string[], fromDir: string, parent: Package): void {
    for (const path of paths) {
      if (path === 'C') continue;
      const r = this.resolver.resolve(path, fromDir, { importPath: parent.importPath, standard: parent.standard });
      if (r.dir) void this.scan(r.dir);
    }
  }

  /** Loads one import (or a command-line package when parent is undefined). */
  async loadImport(path: string, srcDir: string, parent: Package | undefined, stk: StackEntry[], importPos: Pos[] | undefined, mode: ImportMode): Promise<{ p: Package; perr?: PackageError }> {
    const firstPos = importPos?.[0];
    if (path.startsWith('mod/') || path.includes('@')) {
      const p = emptyPackage(path);
      p.incomplete = true;
      const msg = path.startsWith('mod/')
        ? `disallowed import path "${path}"`
        : "can only use path@version syntax with 'go get' and 'go install' in module-aware mode";
      const s = [...stk, { pkg: path, pos: firstPos }];
      p.error = newPackageError(s, msg, 'badpath');
      return { p };
    }
    const r = this.resolver.resolve(path, srcDir, parent ? { importPath: parent.importPath, standard: parent.standard, ...(mode.test ? { test: true } : {}) } : undefined);
    const importPath = r.path;
    let p = this.packageCache.get(importPath);
    if (p) {
      stk.push({ pkg: path, pos: firstPos });
      this.reusePackage(p, stk);
      stk.pop();
      if (mode.cmdline) p.cmdlinePkg = true;
    } else {
      p = emptyPackage(importPath);
      p.internal.local = isLocalImport(path);
      p.internal.loading = true;
      if (mode.cmdline) p.cmdlinePkg = true;
      this.packageCache.set(importPath, p);
      await this.load(p, path, r, stk, importPos);
      if (this.config.gopathMode && path !== cleanImport(path)) {
        p.error = newPackageError(stk, `non-canonical import path "${path}": should be "${posixNormalize(path)}"`, 'badpath');
        p.incomplete = true;
        this.setPos(p.error, importPos);
      }
      this.config.onLoaded?.(p);
    }

    const ierr = this.disallowInternal(srcDir, parent, p, stk);
    if (ierr) {
      this.setPos(ierr, importPos);
      return { p, perr: ierr };
    }
    if (mode.resolveImport) {
      const verr = this.disallowVendor(srcDir, path, parent, p, stk);
      if (verr) {
        this.setPos(verr, importPos);
        return { p, perr: verr };
      }
    }
    if (p.name === 'main' && parent && parent.dir !== p.dir) {
      const perr = newPackageError(stk, `import "${path}" is a program, not an importable package`, 'other');
      this.setPos(perr, importPos);
      return { p, perr };
    }
    if (p.internal.local && parent && !parent.internal.local) {
      const msg = path === '.' ? `${path}: cannot import current directory` : `local import "${path}" in non-local package`;
      const perr = newPackageError(stk, msg, 'badpath');
      this.setPos(perr, importPos);
      return { p, perr };
    }
    return { p };
  }

  private setPos(e: PackageError, posList: Pos[] | undefined): void {
    if (!posList || posList.length === 0) return;
    e.pos = posString(this.config.cwd, posList[0]!);
  }

  private reusePackage(p: Package, stk: StackEntry[]): void {
    if (p.internal.loading) {
      if (!p.error) {
        p.error = { ...newPackageError(stk, 'import cycle not allowed', 'cycle'), isImportCycle: true };
      } else if (!p.error.isImportCycle) {
        p.error.isImportCycle = true;
      }
      p.incomplete = true;
    }
    if (p.error && !p.error.isImportCycle && shorterThan(stk.map((e) => e.pkg), p.error.importStack)) {
      p.error.importStack = stk.map((e) => e.pkg);
      p.error.importStackFrom = stk.map((e) => (e.pos ? basename(e.pos.file) : undefined));
    }
  }

  private disallowInternal(srcDir: string, importer: Package | undefined, p: Package, stk: StackEntry[]): PackageError | undefined {
    if (p.error) return undefined;
    const importerPath = importer?.importPath ?? '';
    if (hasPathPrefix(p.importPath, 'testing/internal') && importerPath === 'testmain') return undefined;
    if (p.standard && importerPath.startsWith('bootstrap/')) return undefined;
    if (importerPath === '') return undefined;
    let i = findInternal(p.importPath);
    if (i < 0) return undefined;
    if (i > 0) i--;
    const fail = (): PackageError => ({
      ...newPackageError(stk, `use of internal package ${p.importPath} not allowed`, 'internal'),
      alwaysPrintStack: true,
    });
    if (hasPathPrefix(importerPath, 'crypto') && hasPathPrefix(p.importPath, 'crypto/internal/fips140')) return undefined;
    if (hasPathPrefix(importerPath, 'crypto/internal/fips140')) {
      if (hasPathPrefix(p.importPath, 'crypto/internal')) return undefined;
      return fail();
    }
    if (!p.module) {
      const parent = p.dir.slice(0, i + p.dir.length - p.importPath.length);
      if (hasFilePathPrefix(resolvePath(srcDir), resolvePath(parent))) return undefined;
      // Look through symlinks before reporting the error (go's expandPath).
      if (hasFilePathPrefix(expandPath(srcDir), expandPath(parent))) return undefined;
    } else {
      let ip = importerPath;
      if (importer?.internal.cmdlineFiles) ip = this.resolver.dirImportPath?.(importer.dir)?.path ?? ip;
      if (hasPathPrefix(ip, p.importPath.slice(0, i))) return undefined;
    }
    return fail();
  }

  private disallowVendor(srcDir: string, path: string, importer: Package | undefined, p: Package, stk: StackEntry[]): PackageError | undefined {
    if (!importer) return undefined;
    let i = findVendor(p.importPath);
    if (i >= 0) {
      if (i > 0) i--;
      const truncateTo = i + p.dir.length - p.importPath.length;
      if (truncateTo >= 0 && truncateTo <= p.dir.length) {
        const parent = p.dir.slice(0, truncateTo);
        if (!hasFilePathPrefix(resolvePath(srcDir), resolvePath(parent)) && !hasFilePathPrefix(expandPath(srcDir), expandPath(parent))) {
          return newPackageError(stk, 'use of vendored package not allowed', 'vendor');
        }
      }
    }
    const j = findVendor(path);
    if (j >= 0) return newPackageError(stk, `${path} must be imported as ${path.slice(j + 'vendor/'.length)}`, 'vendor');
    return undefined;
  }

  /** Fills p from its directory and loads its imports (go's (*Package).load). */
  private async load(p: Package, path: string, r: ResolvedImport, stk: StackEntry[], importPos: Pos[] | undefined, scanned?: DirInfo): Promise<void> {
    let setErrorDone = false;
    const setError = (err: string, kind: PackageError['kind'], posList?: Pos[]): void => {
      if (p.error || setErrorDone) return;
      setErrorDone = true;
      p.error = newPackageError(stk, err, kind);
      p.incomplete = true;
      const top = stk.at(-1);
      if (posList) this.setPos(p.error, posList);
      else if (top && path !== top.pkg && importPos && importPos.length > 0) this.setPos(p.error, importPos);
    };
    p.goroot = r.goroot ?? false;
    p.standard = r.standard ?? false;
    if (r.module) p.module = r.module;
    if (r.modRoot) p.root = r.modRoot;
    if (r.root) p.internal.buildRoot = r.root;
    if (r.conflictDir) p.conflictDir = r.conflictDir;
    let info: DirInfo | undefined;
    let loadErr: { msg: string; kind: PackageError['kind']; nogo?: boolean; importPathError?: boolean; scanPos?: Pos } | undefined;
    if (r.dir) {
      p.dir = r.dir;
      const d = scanned ?? (await this.scan(r.dir));
      if (d instanceof Error) {
        loadErr = { msg: d.message, kind: 'other' };
      } else {
        info = d;
        if (d.error) {
          if (d.error.kind === 'nogo') loadErr = { msg: '', kind: 'nogo', nogo: true };
          else if (d.error.kind === 'parse' && !d.error.single) loadErr = { msg: d.error.msg, kind: 'other', scanPos: d.error.pos };
          else loadErr = { msg: dirErrorString(d.error), kind: d.error.kind === 'multiple' ? 'multiple' : 'other' };
        } else if (this.config.gopathMode && d.importComment && d.importComment !== path && !path.includes('/vendor/') && !path.startsWith('vendor/')) {
          loadErr = { msg: `code in directory ${d.dir} expects import ${goQuote(d.importComment)}`, kind: 'other' };
        }
      }
    } else if (r.error) {
      loadErr = { msg: r.error.msg, kind: r.error.kind, importPathError: r.error.importPathError };
    } else if (path !== 'unsafe' && path !== 'C') {
      loadErr = { msg: `unknown import path "${r.path}": internal error: module loader did not resolve import`, kind: 'other' };
    }
    if (info) this.copyDir(p, info);
    if (p.internal.local && this.config.gopathMode && p.dir) p.internal.localPrefix = dirToImportPath(p.dir);

    if (loadErr) {
      p.incomplete = true;
      let msg = loadErr.msg;
      if (loadErr.nogo) {
        if (p.ignoredGoFiles.length > 0) msg = 'build constraints exclude all Go files in ' + p.dir;
        else if (p.testGoFiles.length + p.xTestGoFiles.length > 0) msg = 'no non-test Go files in ' + p.dir;
        else msg = 'no Go files in ' + p.dir;
      }
      // No Go files and syntax errors are problems of the package itself: it goes on the stack.
      const s = loadErr.nogo || loadErr.scanPos ? [...stk, { pkg: path, pos: importPos?.[0] }] : stk;
      p.error = newPackageError(s, msg, loadErr.kind);
      if (loadErr.scanPos) p.error.pos = posString(this.config.cwd, loadErr.scanPos);
      const top = s.at(-1);
      if (top && path !== top.pkg) this.setPos(p.error, importPos);
    }

    this.setTarget(p);

    // Implicit imports: cgo and the linker.
    const importPaths = [...p.imports];
    const implicit: string[] = [];
    // The ones cgo's generated files import (go's CompiledImports, listed by go list -compiled).
    const compiled: string[] = [];
    const addImport = (ip: string, forCompiler = false): void => {
      if (!importPaths.includes(ip)) {
        importPaths.push(ip);
        implicit.push(ip);
        if (forCompiler) compiled.push(ip);
      }
    };
    if (!this.opts.ignoreImports) {
      const usesCgo = p.cgoFiles.length > 0;
      const usesSwig = p.swigFiles.length + p.swigCXXFiles.length > 0;
      if (usesCgo) addImport('unsafe', true);
      if (usesCgo && (!p.standard || !cgoExclude.has(p.importPath))) addImport('runtime/cgo', true);
      if (usesCgo && (!p.standard || !cgoSyscallExclude.has(p.importPath))) addImport('syscall', true);
      if (usesSwig) {
        addImport('unsafe', true);
        addImport('runtime/cgo', true);
        addImport('syscall', true);
        addImport('sync', true);
      }
      if (p.name === 'main' && !p.internal.forceLibrary) {
        const ld = this.linkerDeps(p);
        if (typeof ld === 'string') {
          setError(ld, 'other');
          p.internal.loading = false;
          return;
        }
        for (const dep of ld) addImport(dep);
      }
    }

    // Import paths differing only in case would collide on case-insensitive file systems.
    const fold = toFold(p.importPath);
    const other = this.foldPath.get(fold);
    if (other === undefined) this.foldPath.set(fold, p.importPath);
    else if (other !== p.importPath) {
      setError(`case-insensitive import collision: ${goQuote(p.importPath)} and ${goQuote(other)}`, 'other');
      p.internal.loading = false;
      return;
    }

    stk.push({ pkg: path, pos: importPos?.[0] });
    try {
      const pkgPath = p.internal.cmdlineFiles ? 'command-line-arguments' : p.importPath;
      // go asks modload for the module of "command-line-arguments", a standard-looking path, and gets
      // none: files named on the command line have no Module (toolchain -lang, no "mod" build info line).
      if (pkgPath === 'command-line-arguments') delete p.module;
      p.goVersion = p.standard ? langVersion(this.toolchainVersion) : (p.module?.goVersion ?? (p.module ? '1.16' : langVersion(this.toolchainVersion)));
      p.defaultGODEBUG = this.defaultGODEBUG(p);

      if (!this.opts.suppressEmbedFiles && p.embedPatterns.length > 0 && p.dir) {
        try {
          const e = resolveEmbed(p.dir, p.embedPatterns);
          p.embedFiles = e.files;
          p.embedMap = e.map;
        } catch (e) {
          if (!(e instanceof EmbedError)) throw e;
          p.incomplete = true;
          setError(e.message, 'embed', p.embedPatternPos[e.pattern]);
        }
      }

      const dup = foldDup(allFiles(p));
      if (dup) {
        setError(`case-insensitive file name collision: ${goQuote(dup[0])} and ${goQuote(dup[1])}`, 'other');
        return;
      }

      if (p.dir && /[\r\n]/.test(p.dir)) setError(`invalid package directory ${goQuote(p.dir)}`, 'other');

      // Load the imports, preloading their directories in parallel first.
      const imports: Package[] = [];
      if (!this.opts.ignoreImports) {
        // Scanning every import's directory first suits a single load; with onLoaded (an early build
        // waiting for the runtime) a depth-first load finishes the first packages sooner, same total work.
        if (!this.config.onLoaded) this.preload(importPaths, p.dir, p);
        for (let i = 0; i < importPaths.length; i++) {
          const ip = importPaths[i]!;
          if (ip === 'C') continue;
          if (yieldEveryMs > 0) await maybeYield();
          const { p: p1, perr } = await this.loadImport(ip, p.dir, p, stk, p.importPos[ip], { resolveImport: true });
          if (perr && !p.error) {
            p.error = perr;
            p.incomplete = true;
          }
          if (p1.importPath !== ip) {
            p.importMap[ip] = p1.importPath;
            if (i < p.imports.length) p.imports[i] = p1.importPath;
          }
          if (i >= p.imports.length) implicit[implicit.indexOf(ip)] = p1.importPath;
          imports.push(p1);
          if (p1.incomplete) p.incomplete = true;
        }
      }
      p.internal.imports = imports;
      // go keeps the as-written order: resolved paths replace their originals in place.
      p.implicitImports = implicit;
      if (compiled.length > 0) p.compiledImports = compiled.map((ip) => p.importMap[ip] ?? ip);
      p.deps = [...new Set(imports.map((q) => q.importPath))].sort(cmp);

      // Without cgo, C-family sources are ignored just like Go files importing "C".
      if (!this.ctxt.cgoEnabled) {
        p.cFiles = [];
        p.cxxFiles = [];
        p.mFiles = [];
        p.swigFiles = [];
        p.swigCXXFiles = [];
      }
      const usesCgoOrSwig = p.cgoFiles.length + p.swigFiles.length + p.swigCXXFiles.length > 0;
      if (p.cFiles.length > 0 && !usesCgoOrSwig) setError(`C source files not allowed when not using cgo or SWIG: ${p.cFiles.join(' ')}`, 'other');
      else if (p.cxxFiles.length > 0 && !usesCgoOrSwig) setError(`C++ source files not allowed when not using cgo or SWIG: ${p.cxxFiles.join(' ')}`, 'other');
      else if (p.mFiles.length > 0 && !usesCgoOrSwig) setError(`Objective-C source files not allowed when not using cgo or SWIG: ${p.mFiles.join(' ')}`, 'other');
      else if (p.fFiles.length > 0 && !usesCgoOrSwig) setError(`Fortran source files not allowed when not using cgo or SWIG: ${p.fFiles.join(' ')}`, 'other');
    } finally {
      stk.pop();
      p.internal.loading = false;
    }
  }

  private copyDir(p: Package, d: DirInfo): void {
    p.name = d.name;
    if (d.importComment) p.importComment = d.importComment;
    p.goFiles = d.goFiles;
    p.cgoFiles = d.cgoFiles;
    p.ignoredGoFiles = d.ignoredGoFiles;
    p.invalidGoFiles = d.invalidGoFiles;
    p.ignoredOtherFiles = d.ignoredOtherFiles;
    p.cFiles = d.cFiles;
    p.cxxFiles = d.cxxFiles;
    p.mFiles = d.mFiles;
    p.hFiles = d.hFiles;
    p.fFiles = d.fFiles;
    p.sFiles = d.sFiles;
    p.sysoFiles = d.sysoFiles;
    p.swigFiles = d.swigFiles;
    p.swigCXXFiles = d.swigCXXFiles;
    p.testGoFiles = d.testGoFiles;
    p.xTestGoFiles = d.xTestGoFiles;
    p.imports = this.opts.ignoreImports ? [] : [...d.imports];
    p.importPos = d.importPos;
    p.testImports = this.opts.ignoreImports ? [] : [...d.testImports];
    p.xTestImports = this.opts.ignoreImports ? [] : [...d.xTestImports];
    p.embedPatterns = d.embedPatterns;
    p.embedPatternPos = d.embedPatternPos;
    p.testEmbedPatterns = d.testEmbedPatterns;
    p.xTestEmbedPatterns = d.xTestEmbedPatterns;
    p.binaryOnly = d.binaryOnly;
    p.allTags = d.allTags;
    p.directives = d.directives.map((x) => x.text);
    p.testDirectives = d.testDirectives.map((x) => x.text);
    p.xTestDirectives = d.xTestDirectives.map((x) => x.text);
    p.internal.directivePos = d.directives.map((x) => `${x.pos.file}:${x.pos.line}:${x.pos.col}`);
    if (d.fileDocs) p.internal.fileDocs = d.fileDocs;
    if (d.cgoDirectives.length > 0) p.cgoDirectives = d.cgoDirectives;
    p.cgoCFLAGS = d.cgo.cgoCFLAGS;
    p.cgoCPPFLAGS = d.cgo.cgoCPPFLAGS;
    p.cgoCXXFLAGS = d.cgo.cgoCXXFLAGS;
    p.cgoFFLAGS = d.cgo.cgoFFLAGS;
    p.cgoLDFLAGS = d.cgo.cgoLDFLAGS;
    p.cgoPkgConfig = d.cgo.cgoPkgConfig;
  }

  /** go's LinkerDeps: what linking p's program needs besides its imports (an error text when it cannot link). */
  linkerDeps(p: Package): string[] | string {
    const deps = ['runtime'];
    const what = this.externalLinkingReason(p);
    if (what) {
      if (!this.ctxt.cgoEnabled) return `${what} requires external (cgo) linking, but cgo is not enabled`;
      deps.push('runtime/cgo');
    }
    if (this.ctxt.goarch === 'arm') deps.push('math');
    if (this.config.race) deps.push('runtime/race');
    if (this.config.msan) deps.push('runtime/msan');
    if (this.config.asan) deps.push('runtime/asan');
    if (this.config.cover) deps.push('runtime/coverage');
    return deps;
  }

  private externalLinkingReason(p: Package): string {
    const { goos, goarch } = this.ctxt;
    if (mustLinkExternal(goos, goarch)) return `${goos}/${goarch}`;
    const bm = this.config.buildmode ?? 'default';
    if ((bm === 'c-shared' && goarch !== 'wasm') || bm === 'plugin') return '-buildmode=' + bm;
    if (this.config.linkshared) return '-linkshared';
    const ld = this.config.ldflagsFor?.(p) ?? this.config.ldflags ?? [];
    for (let i = ld.length - 1; i >= 0; i--) {
      const a = ld[i]!;
      if (a === '-linkmode=external' || (a === '-linkmode' && ld[i + 1] === 'external')) return a;
      if (a === '-linkmode=internal' || (a === '-linkmode' && ld[i + 1] === 'internal')) return '';
    }
    return '';
  }

  private defaultGODEBUG(p: Package): string {
    if (p.name !== 'main') return '';
    const mm = this.config.mainModule;
    const table = godebugTable(this.ctxt.goroot);
    // GOPATH mode has no main module: go takes its default go.mod version (1.16).
    let goVersion = mm?.goVersion ?? (mm || this.config.gopathMode ? '1.16' : langVersion(this.toolchainVersion));
    if (!mm && p.module) goVersion = p.module.goVersion || '1.20';
    return defaultGODEBUG(table, this.toolchainVersion, {
      goVersion,
      modGodebugs: mm?.godebug ?? [],
      directives: p.directives ?? [],
      fips140: this.config.fips140 ?? (this.ctxt.fips140 ?? 'off') !== 'off',
    });
  }

  /** go install's destination for main packages; "" for libraries (module mode installs no .a files). */
  private setTarget(p: Package): void {
    p.target = '';
    if (this.config.linkshared && p.name !== 'main' && !p.internal.local) {
      this.setLinksharedTarget(p);
      return;
    }
    if (this.config.gopathMode) {
      this.setGopathTarget(p);
      if (this.config.buildmode === 'shared' && p.name !== 'main' && !p.internal.local) this.setSharedTarget(p);
      return;
    }
    if (this.config.buildmode === 'shared' && p.name !== 'main' && !p.internal.local && p.goroot) {
      this.setSharedTarget(p);
      return;
    }
    if (p.name !== 'main') {
      // Module mode installs no libraries, except GOROOT's under GODEBUG=installgoroot=all.
      if (p.goroot && this.ctxt.installGoroot && p.importPath !== 'unsafe' && p.importPath !== 'builtin' && !p.internal.local) {
        p.target = join(this.ctxt.goroot, 'pkg', `${this.ctxt.goos}_${this.ctxt.goarch}`, p.importPath + '.a');
      }
      return;
    }
    if (!p.standard && ['c-archive', 'c-shared', 'plugin'].includes(this.config.buildmode ?? 'default')) return;
    const { goos, goarch, goroot } = this.ctxt;
    const exe = goos === 'windows' ? '.exe' : '';
    let elem = this.defaultExecName(p) + exe;
    const full = join(`${goos}_${goarch}`, elem);
    if (goos !== hostGoos() || goarch !== hostGoarch()) elem = full;
    const gobin = this.config.gobin ?? '';
    p.target = join(this.binDir(p.goroot), elem);
    if (!p.goroot && elem.includes('/') && gobin) p.target = '';
    if (p.goroot && p.importPath.startsWith('cmd/') && p.importPath !== 'cmd/go' && p.importPath !== 'cmd/gofmt') {
      p.target = join(goroot, 'pkg', 'tool', full);
    }
  }

  /**
   * -linkshared: a library under an install root (GOROOT's, a GOPATH entry's, or -pkgdir) targets
   * <root>/<path>.a, and <root>/<path>.shlibname names the shared library holding it.
   */
  private setLinksharedTarget(p: Package): void {
    const root = this.pkgTargetRoot(p);
    if (!root) return;
    const prefix = join(root, p.importPath);
    p.target = prefix + '.a';
    let name: string;
    try {
      name = readFileSync(prefix + '.shlibname', 'utf8').trim();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw new Error(`reading shlibname: ${(e as Error).message}`);
    }
    p.shlib = join(root, name);
  }

  /**
   * go's PkgTargetRoot: the install root of a library (-pkgdir, or pkg/GOOS_GOARCH[_suffix] under GOROOT or
   * its GOPATH entry); "" for packages of modules, which have none.
   */
  private pkgTargetRoot(p: Package): string {
    const { goos, goarch, goroot } = this.ctxt;
    const srcRoot = p.goroot ? goroot : this.config.gopathMode ? p.internal.buildRoot ?? '' : '';
    if (!srcRoot) return '';
    const suffix = this.config.installSuffix ? '_' + this.config.installSuffix : '';
    return this.config.pkgdir || join(srcRoot, 'pkg', `${goos}_${goarch}${suffix}`);
  }

  /** -buildmode=shared: every library with an install root is installed there (GOROOT's too), as root/<path>.a. */
  private setSharedTarget(p: Package): void {
    const root = this.pkgTargetRoot(p);
    if (root) p.target = join(root, p.importPath + '.a');
  }

  /** GOPATH mode: commands go to GOBIN or their root's bin, libraries to their root's pkg/GOOS_GOARCH (go/build's PkgObj). */
  private setGopathTarget(p: Package): void {
    const { goos, goarch, goroot } = this.ctxt;
    const root = p.internal.buildRoot ?? '';
    const useBindir = p.name === 'main' && (p.standard || !['c-archive', 'c-shared', 'plugin'].includes(this.config.buildmode ?? 'default'));
    if (useBindir) {
      const exe = goos === 'windows' ? '.exe' : '';
      let elem = this.defaultExecNameGopath(p) + exe;
      const full = join(`${goos}_${goarch}`, elem);
      if (goos !== hostGoos() || goarch !== hostGoarch()) elem = full;
      const gobin = this.config.gobin ?? '';
      const binDir = !p.goroot && gobin ? gobin : root ? join(root, 'bin') : '';
      if (binDir) {
        p.target = join(binDir, elem);
        if (!p.goroot && elem.includes('/') && gobin) p.target = '';
      }
      if (p.goroot && p.importPath.startsWith('cmd/') && p.importPath !== 'cmd/go' && p.importPath !== 'cmd/gofmt') {
        p.target = join(goroot, 'pkg', 'tool', full);
      }
      return;
    }
    if (p.internal.local || !root) return;
    if (p.goroot && !(this.ctxt.installGoroot && p.importPath !== 'unsafe' && p.importPath !== 'builtin')) return;
    const suffix = this.config.installSuffix ? '_' + this.config.installSuffix : '';
    p.target = join(this.config.pkgdir || join(root, 'pkg', `${goos}_${goarch}${suffix}`), p.importPath + '.a');
  }

  /** GOPATH mode names a command by its import path's last element (no /vN rule). */
  private defaultExecNameGopath(p: Package): string {
    if (p.internal.cmdlineFiles) return this.defaultExecName(p);
    return p.importPath.slice(p.importPath.lastIndexOf('/') + 1);
  }

  /** Where main packages are installed: $GOROOT/bin for GOROOT commands, else GOBIN or GOPATH[0]/bin. */
  binDir(goroot: boolean): string {
    if (goroot) return join(this.ctxt.goroot, 'bin');
    if (this.config.gobin) return this.config.gobin;
    return join((this.ctxt.gopath.split(':')[0] ?? '') || join(process.env.HOME ?? '', 'go'), 'bin');
  }

  defaultExecName(p: Package): string {
    if (p.internal.cmdlineFiles) {
      const src = p.goFiles[0] ?? p.cgoFiles[0];
      return src ? basename(src).slice(0, -3) : '';
    }
    let elem = p.importPath.slice(p.importPath.lastIndexOf('/') + 1);
    if (elem !== p.importPath && isVersionElement(elem)) {
      const d = dirname(p.importPath);
      elem = d.slice(d.lastIndexOf('/') + 1);
    }
    return elem;
  }

  /** A package for files named on the command line (importPath "command-line-arguments"). */
  async goFilesPackage(files: string[], stk: StackEntry[]): Promise<Package> {
    const cwd = this.config.cwd;
    const p = emptyPackage('command-line-arguments');
    p.internal.cmdlineFiles = true;
    p.cmdlinePkg = true;
    p.incomplete = false;
    let dir = '';
    let dirArg = '';
    for (const f of files) {
      if (!f.endsWith('.go')) {
        p.error = newPackageError(stk, `named files must be .go files: ${f}`, 'other');
        p.incomplete = true;
        return p;
      }
    }
    // The remaining problems stop the go command (base.Fatalf), even under list -e.
    for (const f of files) {
      const st = statPath(resolvePath(cwd, f));
      if (!st) throw new ExitError(`stat ${f}: no such file or directory`);
      if (st.isDir) throw new ExitError(`${f} is a directory, should be a Go file`);
      const d = normalize(dirname(f)); // filepath.Dir cleans the result
      if (dir === '') {
        dir = d;
        dirArg = d;
      } else if (d !== dir) {
        throw new ExitError(`named files must all be in one directory; have ${dirArg} and ${d}`);
      }
    }
    const absDir = resolvePath(cwd, dir);
    // go synthesizes a directory listing holding only the named files, in command-line order,
    // and ignores build constraints for them.
    const d = await scanDir({ ...this.ctxt, useAllFiles: true, importComment: false }, absDir, files.map((f) => basename(f)));
    p.dir = absDir;
    this.packageCache.set(p.importPath, p);
    p.internal.loading = true;
    const r: ResolvedImport = { path: 'command-line-arguments', dir: absDir };
    const rd = this.resolver.dirImportPath?.(absDir);
    if (rd?.standard) r.goroot = true;
    if (rd?.module) r.module = rd.module;
    if (this.config.gopathMode) {
      const di = (this.resolver as GopathResolver).dirImport?.(absDir);
      if (di?.goroot) r.goroot = true;
      if (di?.root) r.root = di.root;
    }
    p.internal.local = true;
    await this.load(p, 'command-line-arguments', r, stk, undefined, d);
    p.target = '';
    if (this.config.gopathMode) {
      p.internal.localPrefix = dirToImportPath(absDir);
      if (p.name === 'main' && this.config.gobin) p.target = join(this.config.gobin, this.defaultExecName(p) + (this.ctxt.goos === 'windows' ? '.exe' : ''));
    } else if (p.name === 'main') {
      const exe = this.defaultExecName(p) + (this.ctxt.goos === 'windows' ? '.exe' : '');
      p.target = join(this.binDir(false), exe);
    }
    return p;
  }

  /** Loads the packages matched by patterns (go's PackagesAndErrors). */
  async loadPatterns(patterns: string[]): Promise<LoadResult> {
    const warnings: string[] = [];
    const roots: Package[] = [];
    if (patterns.length === 0) patterns = ['.'];
    const first = patterns.find((x) => x.endsWith('.go'));
    if (first !== undefined) {
      let isFile = false;
      const st = statPath(resolvePath(this.config.cwd, first));
      isFile = st !== undefined && !st.isDir;
      if (isFile) {
        const p = await this.goFilesPackage(patterns, []);
        p.match = [...patterns];
        roots.push(p);
        return { roots, all: packageList(roots), warnings };
      }
    }
    patterns = cleanPatterns(patterns);
    const matches: PatternMatch[] = await expandPatterns(this, patterns);
    const seen = new Set<Package>();
    const addRoot = (p: Package): void => {
      if (seen.has(p)) return;
      seen.add(p);
      roots.push(p);
    };
    for (const m of matches) {
      for (const e of m.errors) {
        const p = emptyPackage(m.pattern);
        p.error = newPackageError([], e, 'other');
        p.incomplete = true;
        p.cmdlinePkg = true;
        p.match = [m.pattern];
        roots.push(p);
      }
      warnings.push(...m.notes);
      if (m.warn) warnings.push(`go: warning: "${m.pattern}" matched no packages`);
      const mine: Package[] = [];
      for (const pkg of m.pkgs) {
        if (pkg.error) {
          const p = emptyPackage(pkg.path);
          p.error = newPackageError([], pkg.error, pkg.noGo ? 'nogo' : 'other');
          p.incomplete = true;
          p.cmdlinePkg = true;
          p.match = [m.pattern];
          if (pkg.dir) p.dir = pkg.dir;
          roots.push(p);
          continue;
        }
        // In module mode directory patterns are resolved to import paths first, so the package is not "local".
        const { p } = await this.loadImport(pkg.path, this.config.cwd, undefined, [], undefined, { resolveImport: false, cmdline: true });
        if (!m.all) (p.match ??= []).includes(m.pattern) || p.match.push(m.pattern);
        if (!m.pattern.includes('...') && !isMetaPackage(m.pattern)) p.internal.cmdlinePkgLiteral = true;
        mine.push(p);
      }
      if (m.all) {
        // "all": the main module's packages, their dependencies, and the dependencies of their tests.
        const extra: Package[] = [];
        // (Tools from other modules are roots of "all" too, but only main-module packages bring their tests.)
        for (const p of mine) if (!p.module || p.module.main) extra.push(...(await this.loadTestImports(p)));
        let closure = importClosure([...mine, ...extra]);
        if (this.allClosesOverTests()) {
          // Before go 1.16 "all" also holds the test imports of every package in "all", to a fixed point.
          const tested = new Set<Package>(mine.filter((p) => !p.module || p.module.main));
          for (;;) {
            const todo = closure.filter((p) => !tested.has(p) && !isLocalImport(p.importPath));
            if (todo.length === 0) break;
            const more: Package[] = [];
            for (const p of todo) {
              tested.add(p);
              more.push(...(await this.loadTestImports(p)));
            }
            closure = importClosure([...closure, ...more]);
          }
        }
        const everything = closure
          .filter((p) => !isLocalImport(p.importPath))
          .sort((a, b) => cmp(a.importPath, b.importPath));
        for (const p of everything) {
          (p.match ??= []).includes(m.pattern) || p.match.push(m.pattern);
          addRoot(p);
        }
      } else {
        for (const p of mine) addRoot(p);
      }
    }
    if (this.opts.test) {
      for (const p of [...roots]) await this.loadTestImports(p);
    }
    const res: LoadResult = { roots, all: packageList(roots), warnings };
    if (this.opts.extraImports) {
      res.extra = [];
      for (const path of this.opts.extraImports) res.extra.push((await this.loadImport(path, this.config.cwd, undefined, [], undefined, { resolveImport: false })).p);
    }
    return res;
  }

  /** Whether "all" closes over tests: the main module's go version predates 1.16 (a missing go line counts as 1.16). */
  allClosesOverTests(): boolean {
    const mm = this.config.mainModule;
    return mm !== undefined && gover.compare(mm.goVersion || '1.16', '1.16') < 0;
  }

  /** Loads (and resolves) the test and xtest imports of p, recording importMap entries. */
  async loadTestImports(p: Package): Promise<Package[]> {
    const out: Package[] = [];
    const stk: StackEntry[] = [{ pkg: p.importPath }];
    const info = p.dir ? await this.scan(p.dir) : undefined;
    const posOf = (ip: string, which: 'test' | 'xtest'): Pos[] | undefined => {
      if (!info || info instanceof Error) return undefined;
      return which === 'test' ? info.testImportPos[ip] : info.xTestImportPos[ip];
    };
    for (const which of ['test', 'xtest'] as const) {
      const list = which === 'test' ? p.testImports : p.xTestImports;
      for (let i = 0; i < list.length; i++) {
        const ip = list[i]!;
        if (ip === 'C' || (which === 'xtest' && ip === p.importPath)) continue;
        const { p: p1 } = await this.loadImport(ip, p.dir, p, stk, posOf(ip, which), { resolveImport: true, test: true });
        if (p1.importPath !== ip) {
          p.importMap[ip] = p1.importPath;
          list[i] = p1.importPath;
        }
        out.push(p1);
      }
    }
    return out;
  }
}

/** go's cleanImport: path.Clean, keeping a leading "./" of a local import. */
function cleanImport(path: string): string {
  const orig = path;
  path = posixNormalize(path);
  if (orig.startsWith('./') && path !== '..' && !path.startsWith('../')) path = './' + path;
  return path;
}

function posixNormalize(p: string): string {
  const abs = p.startsWith('/');
  const out: string[] = [];
  for (const el of p.split('/')) {
    if (el === '' || el === '.') continue;
    if (el === '..' && out.length > 0 && out.at(-1) !== '..') out.pop();
    else if (el === '..' && abs) continue;
    else out.push(el);
  }
  const s = (abs ? '/' : '') + out.join('/');
  return s || (abs ? '/' : '.');
}

function langVersion(v: string): string {
  const m = /^(\d+\.\d+)/.exec(v);
  return m ? m[1]! : v;
}

function hostGoos(): string {
  return process.platform === 'win32' ? 'windows' : process.platform;
}

function hostGoarch(): string {
  return process.arch === 'x64' ? 'amd64' : process.arch === 'ia32' ? '386' : process.arch;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function shorterThan(s: string[], t: string[]): boolean {
  if (s.length !== t.length) return s.length < t.length;
  for (let i = 0; i < s.length; i++) if (s[i] !== t[i]) return s[i]! < t[i]!;
  return false;
}

/** go's expandPath: the path with symlinks evaluated, or as given when that fails. */
function expandPath(p: string): string {
  try {
    return realpathSync(resolvePath(p));
  } catch {
    return resolvePath(p);
  }
}

export function hasFilePathPrefix(s: string, prefix: string): boolean {
  if (s === prefix) return true;
  if (prefix.endsWith('/')) return s.startsWith(prefix);
  return s.startsWith(prefix + '/');
}

/** Packages reachable from roots through their source imports only (not a main package's implicit link deps), as modload's "all". */
function importClosure(roots: Package[]): Package[] {
  const seen = new Set<Package>();
  const walk = (p: Package): void => {
    if (seen.has(p)) return;
    seen.add(p);
    const explicit = new Set(p.imports);
    for (const q of p.internal.imports) if (explicit.has(q.importPath)) walk(q);
  };
  for (const r of roots) walk(r);
  return [...seen];
}

/** All packages reachable from roots, dependencies first (go's PackageList). */
export function packageList(roots: Package[]): Package[] {
  const seen = new Set<Package>();
  const all: Package[] = [];
  const walk = (p: Package): void => {
    if (seen.has(p)) return;
    seen.add(p);
    for (const q of p.internal.imports) walk(q);
    all.push(p);
  };
  for (const r of roots) walk(r);
  return all;
}

/** Loads the packages named by patterns. See LoadOptions. */
export async function loadPackages(config: LoadConfig, patterns: string[], opts: LoadOptions = {}): Promise<LoadResult> {
  const loader = new Loader(config, opts);
  return loader.loadPatterns(patterns);
}

export type { ModuleInfo };

/**
 * A LoadConfig from go env values (GOROOT, GOOS, GOARCH, CGO_ENABLED, GOEXPERIMENT, GOAMD64…, GOPATH, GOBIN)
 * and a working directory; the main module is found from cwd.
 */
export function defaultLoadConfig(env: ContextEnv & { GOBIN?: string }, cwd: string, tags: string[] = []): LoadConfig {
  return {
    ctxt: makeContext(env, tags),
    cwd,
    mainModule: env.GO111MODULE === 'off' ? undefined : findMainModule(cwd),
    gobin: env.GOBIN ?? '',
  };
}

/** go's Package.AllFiles: every input file name of p (embedded files in the package directory once). */
function allFiles(p: Package): string[] {
  const files = [
    ...p.goFiles, ...p.cgoFiles, ...p.ignoredGoFiles, ...p.ignoredOtherFiles, ...p.cFiles, ...p.cxxFiles, ...p.mFiles,
    ...p.hFiles, ...p.fFiles, ...p.sFiles, ...p.swigFiles, ...p.swigCXXFiles, ...p.sysoFiles, ...p.testGoFiles, ...p.xTestGoFiles,
  ];
  const have = new Set(files);
  for (const f of p.embedFiles) if (f.includes('/') || !have.has(f)) files.push(f);
  return files;
}

/**
 * go's fips140.ResolveImport ahead of the usual resolution: the snapshot's packages replace
 * crypto/internal/fips140/..., and its tree is bound over $GOROOT/src/crypto/internal/fips140 so
 * that walking the standard library finds them.
 */
function fipsSnapshotResolver(base: ImportResolver, ctxt: BuildContext, fipsDir: string): ImportResolver {
  const version = ctxt.fips140!;
  bindDir(fipsDir, join(ctxt.goroot, 'src', 'crypto', 'internal', 'fips140'));
  const r: ImportResolver = Object.create(base) as ImportResolver;
  r.resolve = (path, fromDir, importer) => {
    const f = resolveFips140Import(version, fipsDir, path);
    if (!f) return base.resolve(path, fromDir, importer);
    return { path: f.path, dir: f.dir, goroot: true, standard: true, modRoot: join(ctxt.goroot, 'src') };
  };
  return r;
}
