// load's ImportResolver over the module state: std, main module, build list and vendor directory.
import { join, resolve as resolvePath, sep } from 'node:path';
import { StdAndMainResolver, type DirImport, type ImportResolver, type Importer, type MainModule as LoadMainModule, type ResolvedImport } from '../load/resolve.js';
import type { PackageError } from '../load/types.js';
import { isStandardImportPath } from '../load/pkgpattern.js';
import { errorAs, ModuleError, type Version } from '../lib/module.js';
import { FatalError } from '../modfetch/errors.js';
import * as gover from '../lib/gover.js';
import { AmbiguousImportError, goModDirtyMessage, ImportMissingError, ImportMissingSumError, InvalidImportError, MissingSumError, ModloadError } from './errors.js';
import { isAppengineImport, NeedAsync } from './import.js';
import type { ModState } from './state.js';
import { wildcardRoots, type WildcardRoot } from './wildcard.js';
import { moduleCacheDirImport } from './modcachedir.js';
import { relevantPackages, rootsConsistent, type ImportEdge } from './pkgall.js';

/** The main module in the shape load wants; in workspace mode go.work supplies the go version and godebugs. */
export function loadMainModuleOf(st: ModState): LoadMainModule {
  const one = (m: ModState['main']): LoadMainModule => ({
    path: m.path,
    dir: m.dir,
    goMod: m.goModFile,
    ...(m.goVersion ? { goVersion: m.goVersion } : {}),
    godebug: m.file.godebug.map((g) => ({ key: g.key, value: g.value })),
    tools: m.file.tool.map((t) => t.path),
  });
  const ws = st.workspace;
  if (!ws) return one(st.main);
  const mains = ws.mains.map(one);
  return {
    ...one(st.main),
    goVersion: gover.fromGoWork(ws.wf.go?.version),
    godebug: ws.wf.godebug.map((g) => ({ key: g.key, value: g.value })),
    tools: mains.flatMap((m) => m.tools ?? []),
    workspaceMains: mains,
  };
}

function errorKind(e: Error): NonNullable<PackageError['kind']> {
  if (e instanceof InvalidImportError) return 'badpath';
  if (e instanceof ImportMissingError || e instanceof AmbiguousImportError) return 'notfound';
  return 'other';
}

/**
 * Resolves imports against the module state. Lookups that need a download or the module graph
 * return a "pending" error and remember what to wait for: call `settle()` and load again until
 * `pending` is false (see loadWithModules).
 */
export class ModuleResolver implements ImportResolver {
  private readonly std: StdAndMainResolver;
  private readonly waits = new Set<Promise<unknown>>();
  private readonly cache = new Map<string, ResolvedImport>();
  /** Modules (other than main modules) that provided packages, by path. */
  readonly used = new Map<string, Version>();
  /** go's DirectImportFromImplicitDependencyError texts, in the order found. */
  readonly implicitImports: string[] = [];
  /** Missing imports -mod=mod may look up, and whether a main module package imports each directly. */
  readonly missing = new Map<string, boolean>();
  /** Modules (by path) providing packages a main module package imports: go's ld.direct. */
  readonly directMods = new Set<string>();
  /** Import paths whose lookup had to wait, to prefetch from in settle(). */
  private readonly pendingPaths = new Set<string>();
  /** Imports seen between non-standard packages, to tell which packages are in "all". */
  private readonly edges: ImportEdge[] = [];
  private readonly edgeKeys = new Set<string>();
  /** Import paths resolved for the command line (no importer): go's root packages. */
  private readonly cmdRoots = new Set<string>();
  /** The dependency module providing each resolved package. */
  private readonly pkgModule = new Map<string, Version>();
  /** Imports whose module's go.mod needs a newer Go, with that error (go's TooNewError package errors). */
  private readonly tooNew = new Map<string, gover.TooNewError>();

  /**
   * The TooNewError asking for the newest Go among the loaded packages' errors: go's loader stops
   * with it once loading settles (updateRequirements), before any other package error.
   */
  maxTooNew(): gover.TooNewError | undefined {
    let max: gover.TooNewError | undefined;
    for (const e of this.tooNew.values()) if (!max || gover.compare(e.goVersion, max.goVersion) > 0) max = e;
    return max;
  }

  /**
   * @param scan the imports of a package directory under the build context, used to fetch what a
   *   package will need before the next load round asks for it (optional).
   */
  constructor(readonly st: ModState, readonly scan?: (dir: string) => Promise<string[]>) {
    this.std = new StdAndMainResolver(st.o.goroot, loadMainModuleOf(st));
  }

  /** Whether some lookup is waiting for I/O. */
  get pending(): boolean {
    return this.waits.size > 0;
  }

  /** Waits for every pending download / graph load, then forgets cached failures. */
  async settle(): Promise<void> {
    const ws = [...this.waits];
    this.waits.clear();
    await Promise.allSettled(ws); // failures are reported by the next round's lookups
    const paths = [...this.pendingPaths];
    this.pendingPaths.clear();
    if (this.scan) await this.prefetch(paths);
    for (const [k, v] of this.cache) if (v.error) this.cache.delete(k);
    this.tooNew.clear();
  }

  /** Resolves paths and, transitively, the imports of their packages, so the next round finds them ready. */
  private async prefetch(paths: string[]): Promise<void> {
    const seen = new Set<string>();
    const one = async (path: string): Promise<void> => {
      if (seen.has(path) || path === 'C' || isStandardImportPath(path)) return;
      seen.add(path);
      try {
        const f = await this.st.importPackage(path);
        if (f.mod.path !== '' && f.mod.version !== '') await this.st.prepareModuleInfo([f.mod]);
        const imports = await this.scan!(f.dir);
        await Promise.all(imports.map(one));
      } catch {
        // Errors are reported by the next load round.
      }
    };
    await Promise.all(paths.map(one));
  }

  resolve(path: string, fromDir: string, importer?: Importer): ResolvedImport {
    this.noteEdge(path, importer);
    if (importer?.standard) {
      const p = this.std.stdVendor(importer.importPath, path);
      if (p !== path) return this.std.resolve(path, fromDir, importer);
    }
    const hit = this.cache.get(path);
    if (hit?.error && this.missing.has(path)) this.noteMissing(path, importer);
    if (hit) {
      if (hit.module?.version && !hit.error) this.checkDirectImport(importer, path, { path: hit.module.path, version: hit.module.version });
      return hit;
    }
    let r: ResolvedImport;
    if (isAppengineImport(path)) {
      // go's module loader never looks these up (scanDir drops them); outside std they are just missing.
      const std = this.std.resolve(path, fromDir, importer);
      r = std.error ? { path, error: { msg: 'cannot find package', kind: 'notfound', importPathError: false } } : std;
      this.cache.set(path, r);
      return r;
    }
    try {
      const f = this.st.importSync(path);
      if (path === 'C') r = { path };
      else if (f.std) r = { path, dir: f.dir, goroot: true, standard: true, modRoot: f.root };
      else {
        r = { path, dir: f.dir, modRoot: f.root };
        if (f.mod.path !== '') r.module = this.st.moduleInfo(f.mod);
        if (f.mod.version !== '') {
          this.used.set(f.mod.path, f.mod);
          this.pkgModule.set(path, f.mod);
        }
      }
    } catch (e) {
      if (e instanceof NeedAsync) {
        this.waits.add(e.wait);
        this.pendingPaths.add(path);
        return { path, error: { msg: `internal error: ${e.what} not loaded yet`, kind: 'notfound', importPathError: true } };
      }
      const err = e instanceof Error ? e : new Error(String(e));
      // A go.sum mismatch stops the command (modfetch's base.Fatalf), it is no package error.
      if (errorAs(err, FatalError)) throw err;
      if (err instanceof ImportMissingError && err.queryable) this.noteMissing(path, importer);
      if (err instanceof gover.TooNewError) this.tooNew.set(path, err);
      const importPathError = err instanceof ImportMissingError || err instanceof AmbiguousImportError || err instanceof InvalidImportError || err instanceof MissingSumError || err instanceof ImportMissingSumError || err.name === 'PackageNotInModuleError' || err.name === 'NewMissingVersionError';
      let msg = err.message;
      if (err instanceof ImportMissingError && err.queryable && !err.message.includes('\n\tcd ')) {
        // In a workspace, go says where to run go get when the importing module is not the current one.
        const hint = this.modRootHint(importer);
        if (hint) msg = new ImportMissingError(path, { modRootHint: hint }).message;
      }
      if (err instanceof ImportMissingSumError && importer && !importer.standard) {
        const from = this.cache.get(importer.importPath)?.module;
        const version = from && !from.main ? from.version ?? '' : '';
        msg = err.text(importer.importPath, version, importer.test === true);
      }
      r = { path, error: { msg, kind: errorKind(err), importPathError } };
      if (!(err instanceof ModuleError) && !importPathError) r.error!.importPathError = false;
    }
    this.cache.set(path, r);
    if (r.module?.version && !r.error) this.checkDirectImport(importer, path, { path: r.module.path, version: r.module.version });
    return r;
  }

  private noteEdge(path: string, importer: Importer | undefined): void {
    if (!importer) {
      this.cmdRoots.add(path);
      return;
    }
    if (importer.standard) return;
    const test = importer.test === true;
    const key = `${importer.importPath}\x00${path}\x00${test ? 't' : ''}`;
    if (this.edgeKeys.has(key)) return;
    this.edgeKeys.add(key);
    this.edges.push({ from: importer.importPath, to: path, test });
  }

  /**
   * The dependency modules providing packages in "all" or named on the command line: the ones a
   * pruned graph must have as roots (go's updatePrunedRoots). Modules reached only through tests
   * of dependencies are left out.
   */
  relevantModules(): Version[] {
    const isMain = (p: string): boolean => p === 'command-line-arguments' || this.st.mains.some((mm) => p === mm.path || p.startsWith(mm.path + '/'));
    const pkgs = relevantPackages(this.edges, isMain, this.cmdRoots);
    const mods = new Map<string, Version>();
    for (const p of pkgs) {
      const m = this.pkgModule.get(p);
      if (m) mods.set(m.path, m);
    }
    return [...mods.values()];
  }

  /** The root of the workspace module importing a package, when it is not the one containing the current directory. */
  private modRootHint(importer: Importer | undefined): string | undefined {
    const ws = this.st.workspace;
    if (!ws || !importer || importer.standard) return undefined;
    const ip = importer.importPath;
    const from = ws.mains.find((m) => ip === m.path || ip.startsWith(m.path + '/'));
    if (!from || from === ws.containingCwd) return undefined;
    return from.dir;
  }

  private noteMissing(path: string, importer: Importer | undefined): void {
    const ip = importer?.importPath ?? '';
    const direct = importer !== undefined && !importer.standard && this.st.mains.some((mm) => ip === mm.path || ip.startsWith(mm.path + '/'));
    this.missing.set(path, (this.missing.get(path) ?? false) || direct);
  }

  /** A main module package may only import from modules go.mod requires at the selected version. */
  private checkDirectImport(importer: Importer | undefined, path: string, mod: Version): void {
    const st = this.st;
    if (st.workspace && importer && !importer.standard && st.mains.some((mm) => importer.importPath === mm.path || importer.importPath.startsWith(mm.path + '/'))) {
      // go's loader marks modules imported by main module packages as direct (ld.direct).
      st.reqs.direct.add(mod.path);
    }
    if (importer && !importer.standard && mod.version !== '' && st.mains.some((mm) => importer.importPath === mm.path || importer.importPath.startsWith(mm.path + '/'))) {
      this.directMods.add(mod.path);
    }
    // In a workspace the roots are the main modules, not their requirements: go checks only that the module is in the graph.
    if (!importer || importer.standard || st.buildMod === 'mod' || st.buildMod === 'vendor' || st.workspace) return;
    const ip = importer.importPath;
    const inMain = st.mains.some((mm) => ip === mm.path || ip.startsWith(mm.path + '/')) || ip === 'command-line-arguments';
    if (!inMain || st.reqs.rootSelected(mod.path) === mod.version) return;
    const msg = `package ${ip} imports ${path} from implicitly required module; to add missing requirements, run:\n\tgo get ${mod.path}@${mod.version}`;
    if (!this.implicitImports.includes(msg)) this.implicitImports.push(msg);
  }

  /** go's resolveLocalPackage for a main module's vendor directory: only -mod=vendor names its packages, and only listed ones. */
  dirError(dir: string): string | undefined {
    const abs = resolvePath(dir);
    let mm: { dir: string } | undefined;
    for (const m of this.st.mains) {
      if (abs.startsWith(m.dir + sep) && (!mm || m.dir.length > mm.dir.length)) mm = m;
    }
    if (!mm) return undefined;
    const suffix = abs.slice(mm.dir.length + 1).split(sep).join('/');
    if (suffix.includes('@') || !suffix.startsWith('vendor/')) return undefined;
    if (this.st.buildMod !== 'vendor') return `without -mod=vendor, directory ${abs} has no package path`;
    if (!this.st.vendor?.pkgModule.has(suffix.slice('vendor/'.length))) return `directory ${abs} is not a package listed in vendor/modules.txt`;
    return undefined;
  }

  dirImportPath(dir: string): DirImport | undefined {
    const abs = resolvePath(dir);
    if (this.st.buildMod === 'vendor') {
      const vdir = join(this.st.main.dir, 'vendor');
      if (abs.startsWith(vdir + sep)) {
        const rel = abs.slice(vdir.length + 1).split(sep).join('/');
        const m = this.st.vendor?.pkgModule.get(rel);
        if (!m) return { path: rel, standard: false };
        try {
          return { path: rel, standard: false, module: this.st.moduleInfo(m) };
        } catch (e) {
          if (!(e instanceof NeedAsync)) throw e;
          this.waits.add(e.wait); // the next round has the module's go version
          return { path: rel, standard: false };
        }
      }
    }
    const own = this.std.dirImportPath(abs);
    if (own || this.st.mains.length === 0 || this.st.buildMod === 'vendor') return own;
    try {
      const found = moduleCacheDirImport(this.st, abs);
      if (!found) return undefined;
      return { path: found.path, standard: false, module: this.st.moduleInfo(found.mod) };
    } catch (e) {
      if (!(e instanceof NeedAsync)) throw e;
      this.waits.add(e.wait); // the next round has the module graph (or the module's go version)
      return undefined;
    }
  }

  moduleRoots(): { prefix: string; dir: string }[] {
    return this.std.moduleRoots();
  }

  wildcardRoots(treeCanMatch: (path: string) => boolean): WildcardRoot[] {
    try {
      return wildcardRoots(this.st, treeCanMatch);
    } catch (e) {
      if (!(e instanceof NeedAsync)) throw e;
      this.waits.add(e.wait); // the next round walks them
      return [];
    }
  }
}

/**
 * Runs a package load with module resolution, repeating it until no lookup is left waiting for a
 * download or the module graph (each round fetches what the previous one found it needed).
 */
export async function loadWithModules<T>(
  st: ModState,
  load: (resolver: ImportResolver) => Promise<T>,
  opts: { scan?: (dir: string) => Promise<string[]>; maxRounds?: number; inspect?: (r: ModuleResolver) => void } = {},
): Promise<T> {
  const resolver = new ModuleResolver(st, opts.scan);
  const maxRounds = opts.maxRounds ?? 100;
  for (let round = 0; ; round++) {
    resolver.implicitImports.length = 0;
    const result = await load(resolver);
    if (!resolver.pending || round >= maxRounds) {
      opts.inspect?.(resolver);
      const tooNew = resolver.maxTooNew();
      if (tooNew) throw tooNew;
      const relevant = resolver.relevantModules();
      checkRootsTidy(st, relevant);
      await spotCheckRoots(st, relevant);
      if (resolver.implicitImports.length > 0) throw new ModloadError(resolver.implicitImports.join('\n'), { noPrefix: true });
      return result;
    }
    await resolver.settle();
  }
}

/**
 * In a pruned module graph every module providing a loaded package must be required by go.mod;
 * otherwise go would update go.mod, which -mod=readonly refuses (go's errGoModDirty).
 */
export function checkRootsTidy(st: ModState, used: Version[]): void {
  if (st.buildMod !== 'readonly' || st.reqs.pruning !== 'pruned') return;
  for (const m of used) {
    if (st.reqs.rootSelected(m.path) === undefined) {
      throw new ModloadError(goModDirtyMessage(st.buildMod, st.buildModExplicit, st.buildModReason));
    }
  }
}

/** In a pruned graph whose roots turn out inconsistent, -mod=readonly refuses the roots the full graph would select. */
export async function spotCheckRoots(st: ModState, relevant: Version[]): Promise<void> {
  if (st.buildMod !== 'readonly' || st.reqs.pruning !== 'pruned') return;
  if (await rootsConsistent(st, relevant)) return;
  await st.loadGraph();
  for (const r of st.reqs.roots) {
    // A dependency's go line above the main module's makes go raise the go line too (the toolchain line follows it).
    if (st.mainByPath(r.path) || r.path === 'toolchain') continue;
    if (st.graphSelected(r.path) !== r.version) throw new ModloadError(goModDirtyMessage(st.buildMod, st.buildModExplicit, st.buildModReason));
  }
}
