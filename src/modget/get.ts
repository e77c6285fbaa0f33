// go get (go's internal/modget resolver): resolve each argument to module versions, edit the
// requirements until every argument's version is selected, then report and compute go.mod.
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve as resolvePath, sep } from 'node:path';
import * as gover from '../lib/gover.js';
import { pruningForGoVersion } from '../lib/mvs.js';
import { checkPath, errorAs, InvalidPathError, InvalidVersionError, versionString, type Version } from '../lib/module.js';
import { reparseMainModFile, type MainModule } from '../modload/mainmodule.js';
import type { ModFile } from '../lib/modfile/index.js';
import { cleanPatterns, isMetaPackage, isStandardImportPath, matchPattern } from '../load/pkgpattern.js';
import type { Fetcher } from '../modfetch/fetcher.js';
import { isNotExist } from '../modfetch/errors.js';
import { conflictError, conflictString, editRequirements, ConstraintError, mvsReq, type EditEnv, type Roots } from '../modload/edit.js';
import { AmbiguousImportError, ImportMissingError } from '../modload/errors.js';
import { dirInModule } from '../modload/import.js';
import { addDirectModules, loadPackageGraph, mainModulePackages, type ImportScanner, type PkgGraph, type PkgNode } from '../modload/pkggraph.js';
import { packageOrder, stackText } from '../modload/tidy.js';
import { fetcherQueryRepo, ModuleRetractedError, Querier, type AllowedFunc } from '../modload/query.js';
import { candidateModules, fetchDir, PackageNotInModuleError, queryPackageModules } from '../modload/queryimport.js';
import { NoMatchingVersionError, NoPatchBaseError, shortMessage } from '../modload/querymatch.js';
import type { ModState } from '../modload/state.js';
import { canMatchInModule, conflictErrorText, isWildcard, matchesPath, mainModuleQueryError, newQuery, packagesInMainModuleText, queryErrorText, queryString, resolvedString, type GetQuery } from './query.js';
import { reportChanges } from './report.js';

export interface GetOptions {
  /** -u: "", "upgrade" or "patch". */
  getU: string;
  t: boolean;
  tool: boolean;
  v: boolean;
  stderr: (s: string) => void;
  /** Whether these errors call for a toolchain switch (go's Switcher.NeedSwitch); absent: never. */
  needSwitch?: (errs: Error[]) => boolean;
  /**
   * A directory's imports under the default build configuration, for the final package check (go's
   * checkPackageProblems loads with the build tags, not AnyTags); absent: AnyTags.
   */
  scanBuild?: ImportScanner;
  /** The go.work found for the current directory, which go get itself does not use (see GetWorkspace). */
  workspace?: GetWorkspace;
}

/**
 * The workspace around the main module (go's modget workspace). go get edits only the main module, but
 * imports that workspace modules provide are not resolved, and when the main module is one of the
 * workspace's, the final package check, retractions and deprecations use the workspace.
 */
export interface GetWorkspace {
  /** The workspace modules' paths and roots. */
  modules: ReadonlyMap<string, string>;
  /** Opens the workspace with the main module's go.mod replaced by mainFile (go's EnterWorkspace). */
  enter(mainFile: ModFile): { st: ModState; fetcher: Fetcher };
}

/** Thrown when query errors ask for a newer Go that GOTOOLCHAIN allows: the caller switches toolchains. */
export class SwitchNeeded extends AggregateError {
  constructor(errs: Error[]) {
    super(errs, 'a newer toolchain is needed');
    this.name = 'SwitchNeeded';
  }
}

export interface GetResult {
  /** Exit status (1 when errors were printed). */
  code: number;
  /** go.mod as get writes it (undefined when nothing is to be written). */
  goMod?: string;
  /** go.sum entries to keep, as "path version" (version ends in /go.mod for go.mod sums). */
  keep: Set<string>;
  /** The "go: added ..." lines, printed after go.mod is written. */
  report: string;
}

/** A candidate resolution of one path of an argument (go's pathSet). */
interface PathSet {
  path: string;
  pkgMods: Version[];
  mod?: Version;
  err?: Error;
}

/** Thrown when errors were printed and go get stops (go's base.ExitIfErrors). */
export class GetExit extends Error {
  constructor(readonly code: number) {
    super('go get: errors reported');
  }
}

const vkey = (m: Version): string => `${m.path}@${m.version}`;

class Resolver {
  readonly initial = new Map<string, string>();
  buildListVersion = new Map<string, string>();
  buildList: Version[] = [];
  readonly resolved = new Map<string, { version: string; reason: GetQuery }>();
  readonly nonesByPath = new Map<string, GetQuery>();
  readonly wildcardNones: GetQuery[] = [];
  readonly candidates = new Map<GetQuery, PathSet[]>();
  rs: Roots;
  st: ModState;
  errors = 0;
  private readonly q: Querier;
  private readonly env: EditEnv;

  constructor(readonly st0: ModState, readonly fetcher: Fetcher, readonly o: GetOptions, buildList: Version[]) {
    this.st = st0;
    this.rs = { roots: [...st0.reqs.roots], pruning: st0.reqs.pruning, direct: new Set(st0.reqs.direct) };
    this.setBuildList(buildList);
    for (const [p, v] of this.buildListVersion) this.initial.set(p, v);
    this.q = new Querier({ repo: fetcherQueryRepo(fetcher), mainPaths: new Set([st0.main.path]), replace: st0.replace, exclude: st0.exclude });
    this.env = {
      main: st0.mainVersion,
      summaries: st0.summaries,
      concurrency: 4,
      previous: (m) => this.previous(m),
      log: (l) => o.stderr(l + '\n'),
      verbose: o.v,
    };
  }

  private setBuildList(list: Version[]): void {
    this.buildList = list;
    this.buildListVersion = new Map(list.map((m) => [m.path, m.version]));
  }

  error(line: string): void {
    this.o.stderr(line + '\n');
    this.errors++;
  }

  exitIfErrors(): void {
    if (this.errors > 0) throw new GetExit(1);
  }

  initialSelected = (p: string): string => this.initial.get(p) ?? 'none';
  selected = (p: string): string => this.buildListVersion.get(p) ?? 'none';

  private async previous(m: Version): Promise<Version> {
    if (m.version === '' && m.path === this.st0.main.path) return { path: m.path, version: 'none' };
    let list: string[];
    try {
      list = await this.q.versions(m.path, this.q.checkAllowed);
    } catch (e) {
      if (isNotExist(e)) return { path: m.path, version: 'none' };
      throw e;
    }
    const below = list.filter((v) => gover.modCompare(m.path, v, m.version) < 0);
    return { path: m.path, version: below.length > 0 ? below[below.length - 1]! : 'none' };
  }

  /** go's checkAllowedOr: the requested version itself is only checked against exclusions. */
  private allowedFor(requested: string, selected: (p: string) => string): AllowedFunc {
    return async (m) => {
      if (m.version === requested) return this.q.checkExclusions(m);
      if ((requested === 'upgrade' || requested === 'patch') && m.version === selected(m.path)) return;
      return this.q.checkAllowed(m);
    };
  }

  noneForPath(p: string): GetQuery | undefined {
    return this.nonesByPath.get(p) ?? this.wildcardNones.find((q) => q.matchWildcard?.(p));
  }

  private add(q: GetQuery, cs: PathSet): void {
    if (cs.pkgMods.length === 0 && !cs.mod && !cs.err) return;
    const list = this.candidates.get(q) ?? [];
    list.push(cs);
    this.candidates.set(q, list);
  }

  /** go's performLocalQueries for paths inside the main module. */
  localQuery(q: GetQuery): void {
    const cwd = this.st0.o.cwd;
    const abs = resolvePath(cwd, q.pattern.replace(/(^|\/)\.\.\.$/, '') || '.');
    const absDetail = isAbsolute(q.pattern) ? '' : ` (${resolvePath(cwd, q.pattern)})`;
    const rel = relative(this.st0.main.dir, abs);
    if (rel === '..' || rel.startsWith('..' + sep) || isAbsolute(rel)) {
      this.add(q, { path: q.pattern, pkgMods: [], err: new Error(`${q.pattern}${absDetail} is not within module rooted at ${this.st0.main.dir}`) });
      return;
    }
    const pkgPath = rel === '' ? this.st0.main.path : `${this.st0.main.path}/${rel.split(sep).join('/')}`;
    let pkgs: string[];
    if (isWildcard(q)) {
      const m = matchPattern(q.pattern.endsWith('...') ? pkgPath + (q.pattern.endsWith('/...') || q.pattern === '...' ? '/...' : '...') : pkgPath);
      pkgs = this.mainPackages().filter((p) => m(p) || (q.pattern.endsWith('/...') && p === pkgPath));
    } else {
      pkgs = this.mainPackages().includes(pkgPath) ? [pkgPath] : [];
    }
    if (pkgs.length === 0) {
      if (q.raw === '' || q.raw === '.') {
        this.add(q, { path: q.pattern, pkgMods: [], err: new Error('no package to get in current directory') });
        return;
      }
      if (!isWildcard(q)) {
        this.add(q, { path: q.pattern, pkgMods: [], err: new Error(`${q.pattern}${absDetail} is not a package in module rooted at ${this.st0.main.dir}`) });
        return;
      }
      this.o.stderr(`go: warning: "${q.pattern}" matched no packages\n`);
      return;
    }
    this.localPkgs.set(q, pkgs);
    this.add(q, { path: q.pattern, pkgMods: [this.st0.mainVersion] });
  }
  readonly localPkgs = new Map<GetQuery, string[]>();
  private mainPkgsMemo?: string[];
  private mainPackages(): string[] {
    this.mainPkgsMemo ??= mainModulePackages(this.st0.main.path, this.st0.main.dir, undefined, this.st0.o.scanner);
    return this.mainPkgsMemo;
  }

  /** go's pathOnce: each path of an argument is tried once. */
  private readonly seenPaths = new Map<GetQuery, Set<string>>();
  pathOnce(q: GetQuery, path: string): boolean {
    let s = this.seenPaths.get(q);
    if (!s) this.seenPaths.set(q, (s = new Set()));
    if (s.has(path)) return false;
    s.add(path);
    return true;
  }

  /** go's matchInModule: the packages of m matching pattern (every build tag). */
  private readonly matchMemo = new Map<string, Promise<string[]>>();
  matchInModule(pattern: string, m: Version): Promise<string[]> {
    const k = `${pattern} ${vkey(m)}`;
    let p = this.matchMemo.get(k);
    if (!p) {
      p = (async () => {
        const match = matchPattern(pattern);
        if (m.path === this.st0.main.path && m.version === '') return this.mainPackages().filter(match);
        const f = await fetchDir(this.st, m);
        return mainModulePackages(m.path, f.dir, undefined, this.st0.o.scanner).filter(match);
      })();
      this.matchMemo.set(k, p);
    }
    return p;
  }

  /** go's queryModule. */
  async queryModule(mPath: string, query: string, selected: (p: string) => string): Promise<Version> {
    const rev = await this.q.query(mPath, query, this.initialSelected(mPath), this.allowedFor(query, selected));
    return { path: mPath, version: rev.version };
  }

  /** go's queryWildcard: each module of the build list that could hold matching packages, at the query's version. */
  async queryWildcard(q: GetQuery): Promise<void> {
    await Promise.all(this.buildList.map(async (cur) => {
      if (!canMatchInModule(q, cur.path) || !this.pathOnce(q, cur.path)) return;
      if (this.noneForPath(cur.path)) return;
      try {
        if (cur.path === this.st0.main.path && cur.version === '' && q.version !== 'upgrade' && q.version !== 'patch') {
          if (matchesPath(q, cur.path)) {
            this.add(q, { path: cur.path, pkgMods: [], err: new Error(mainModuleQueryError(this.st0.main.path, q.pattern, q.version)) });
            return;
          }
          const pkgs = await this.matchInModule(q.pattern, cur);
          if (pkgs.length > 0) {
            this.add(q, { path: cur.path, pkgMods: [], err: new Error(packagesInMainModuleText(q.pattern, q.version, pkgs)) });
            return;
          }
          this.add(q, await this.tryWildcard(q, cur));
          return;
        }
        let m: Version;
        try {
          m = await this.queryModule(cur.path, q.version, this.initialSelected);
        } catch (e) {
          if (!isNoSuchModuleVersion(e as Error)) this.add(q, { path: cur.path, pkgMods: [], err: e as Error });
          return;
        }
        this.add(q, await this.tryWildcard(q, m));
      } catch (e) {
        this.add(q, { path: cur.path, pkgMods: [], err: e as Error });
      }
    }));
  }

  private async tryWildcard(q: GetQuery, m: Version): Promise<PathSet> {
    const pkgs = await this.matchInModule(q.pattern, m);
    if (pkgs.length > 0) return { path: m.path, pkgMods: [m] };
    if (matchesPath(q, m.path)) return { path: m.path, pkgMods: [], mod: m };
    return { path: m.path, pkgMods: [] };
  }

  /** go's findMissingWildcards: a wildcard that matched nothing is tried as a path prefix. */
  async findMissingWildcards(wildcards: GetQuery[]): Promise<void> {
    await Promise.all(wildcards.map(async (q) => {
      if (q.version === 'none' || q.matchesPackages || !this.pathOnce(q, q.pattern)) return;
      try {
        const { pkgMods, mod } = await this.queryPattern(q.pattern, q.version, this.initialSelected);
        this.add(q, { path: q.pattern, pkgMods, ...(mod ? { mod } : {}) });
      } catch (e) {
        if (isNoSuchPackageVersion(e as Error) && q.resolved.length > 0) return;
        this.add(q, { path: q.pattern, pkgMods: [], err: e as Error });
      }
    }));
  }

  /**
   * go's checkWildcardVersions: a wildcard argument fails when a module of the build list matches it
   * (by path or by holding matching packages) at a version other than the one the argument asks for.
   */
  async checkWildcardVersions(wildcards: GetQuery[]): Promise<void> {
    for (const q of wildcards) {
      for (const cur of this.buildList) {
        if (!canMatchInModule(q, cur.path)) continue;
        try {
          if (!matchesPath(q, cur.path) && (await this.matchInModule(q.pattern, cur)).length === 0) continue;
        } catch (e) {
          this.error(queryErrorText(q, (e as Error).message));
          continue;
        }
        let rev: Version;
        try {
          rev = await this.queryModule(cur.path, q.version, this.initialSelected);
        } catch (e) {
          this.error(queryErrorText(q, (e as Error).message));
          continue;
        }
        if (rev.version === cur.version) continue;
        if (!matchesPath(q, cur.path)) {
          let pkgs: string[];
          try {
            pkgs = await this.matchInModule(q.pattern, rev);
          } catch (e) {
            this.error(queryErrorText(q, (e as Error).message));
            continue;
          }
          if (pkgs.length === 0) {
            const version = rev.version !== q.version ? `${rev.path}@${q.version} (${rev.version})` : versionString(rev);
            this.error(queryErrorText(q, `${queryString(q)} matches packages in ${versionString(cur)} but not ${version}: specify a different version for module ${rev.path}`));
            continue;
          }
        }
        this.error(queryErrorText(q, `internal error: selected ${versionString(cur)} instead of ${rev.version}`));
      }
    }
    this.exitIfErrors();
  }

  /** go's performPatternAllQueries: every package in "all" at the query's version. */
  async queryAll(queries: GetQuery[]): Promise<void> {
    if (queries.length === 0) return;
    const g = await loadPackageGraph(this.st, this.mainPackages(), { tests: false, all: true });
    // This load of "all" saw every import of the main module under every build tag, so which modules are
    // direct dependencies is known afresh: a requirement no main package (or its test) imports becomes
    // "// indirect" (go's updateRequirements with loadedDirect).
    if (this.st.mains.length === 1) {
      const direct = new Set<string>();
      addDirectModules(g, this.st0.main.path, direct);
      this.rs = { ...this.rs, direct };
    }
    await Promise.all([...g.inAll].map(async (p) => {
      if (p.testOf || p.std || (p.mod && p.mod.path === this.st0.main.path)) return;
      if (!p.mod && !(p.err instanceof ImportMissingError || p.err instanceof AmbiguousImportError)) return;
      if (!p.mod && this.workspaceHasPackage(p.path)) return;
      for (const q of queries) {
        if (!this.pathOnce(q, p.path)) continue;
        const { pkgMods, err } = await this.queryPackagesFor(p.path, q.version, this.initialSelected);
        this.add(q, { path: p.path, pkgMods, ...(err ? { err } : {}) });
      }
    }));
    for (const q of queries) this.candidates.get(q)?.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  /** go's queryNone: the argument's path, and every module of the build list it matches, at none. */
  queryNone(q: GetQuery): void {
    if (!isWildcard(q) && this.pathOnce(q, q.pattern)) {
      if (q.pattern === this.st0.main.path) {
        this.add(q, { path: q.pattern, pkgMods: [], err: new Error(mainModuleQueryError(this.st0.main.path, q.pattern, q.version)) });
      } else {
        this.add(q, { path: q.pattern, pkgMods: [], mod: { path: q.pattern, version: 'none' } });
      }
    }
    for (const cur of this.buildList) {
      if (!matchesPath(q, cur.path) || !this.pathOnce(q, cur.path)) continue;
      if (cur.path === this.st0.main.path && cur.version === '') {
        this.add(q, { path: cur.path, pkgMods: [], err: new Error(mainModuleQueryError(this.st0.main.path, q.pattern, q.version)) });
        continue;
      }
      this.add(q, { path: cur.path, pkgMods: [], mod: { path: cur.path, version: 'none' } });
    }
  }

  /** go's performToolQueries: every tool directive of the main module, queried as a package path. */
  async queryTools(q: GetQuery): Promise<void> {
    await Promise.all(this.st0.main.file.tool.map(async (t) => {
      if (!this.pathOnce(q, t.path)) return;
      const { pkgMods, err } = await this.queryPackagesFor(t.path, q.version, this.initialSelected);
      this.add(q, { path: t.path, pkgMods, ...(err ? { err } : {}) });
    }));
  }

  /** go's performWorkQueries: "work" is the main module itself, when it has any package. */
  async queryWork(q: GetQuery): Promise<void> {
    if (!this.pathOnce(q, q.pattern)) return;
    if (this.mainPackages().length === 0) {
      this.o.stderr(`go: warning: "${q.pattern}" matched no packages\n`);
      return;
    }
    this.add(q, { path: q.pattern, pkgMods: [this.st0.mainVersion] });
  }

  /** go's queryPath for a single package or module path. */
  async queryPath(q: GetQuery): Promise<void> {
    if (!this.pathOnce(q, q.pattern)) return;
    if (gover.isToolchain(q.pattern)) {
      this.add(q, await this.queryToolchain(q));
      return;
    }
    if (isStandardImportPath(q.pattern) && existsSync(join(this.st0.o.goroot, 'src', q.pattern))) {
      if (q.rawVersion !== '') {
        this.add(q, { path: q.pattern, pkgMods: [], err: new Error(`can't request explicit version ${JSON.stringify(q.version)} of standard library package ${q.pattern}`) });
        return;
      }
      q.matchesPackages = true;
      return;
    }
    try {
      const { pkgMods, mod } = await this.queryPattern(q.pattern, q.version, this.initialSelected);
      this.add(q, { path: q.pattern, pkgMods, ...(mod ? { mod } : {}) });
    } catch (e) {
      this.add(q, { path: q.pattern, pkgMods: [], err: e as Error });
    }
  }

  /** go@v and toolchain@v: queried like modules, over the Go versions golang.org/toolchain lists (go's toolchainRepo). */
  private async queryToolchain(q: GetQuery): Promise<PathSet> {
    try {
      const rev = await this.q.query(q.pattern, q.version, this.initialSelected(q.pattern), this.allowedFor(q.version, this.initialSelected));
      return { path: q.pattern, pkgMods: [], mod: { path: q.pattern, version: rev.version } };
    } catch (e) {
      return { path: q.pattern, pkgMods: [], err: e as Error };
    }
  }

  /** go's QueryPattern: the modules (longest path first) whose query version holds packages matching pattern, and the module at a matching path itself. */
  private async queryPattern(pattern: string, query: string, current: (p: string) => string): Promise<{ pkgMods: Version[]; mod?: Version }> {
    const allowed = this.allowedFor(query, current);
    let base = pattern;
    const wild = pattern.indexOf('...');
    const matchPath = wild >= 0 ? matchPattern(pattern) : (p: string): boolean => p === pattern;
    if (wild >= 0) {
      const head = pattern.slice(0, wild + 3);
      const j = head.lastIndexOf('/');
      base = j < 0 ? '.' : head.slice(0, j);
      if (base === '.') throw new Error(`no modules to query for ${pattern}@${query} because first path element contains a wildcard`);
    }
    const main = this.st0.main;
    const mainV = this.st0.mainVersion;
    const upgradeOrPatch = query === 'upgrade' || query === 'patch';
    // The main module answers upgrade and patch itself; any other version of its packages is an error.
    let mainPkgs: string[];
    if (wild >= 0) mainPkgs = this.mainPackages().filter(matchPath);
    else {
      const d = dirInModule(pattern, main.path, main.dir, true);
      mainPkgs = d.ok && hasGoFiles(d.dir) ? [pattern] : [];
    }
    if (mainPkgs.length > 0) {
      if (!upgradeOrPatch) throw new Error(packagesInMainModuleText(pattern, query, mainPkgs));
      return { pkgMods: [mainV] };
    }
    const matchesMain = matchPath(main.path);
    let mainOnly: Version | undefined = matchesMain && upgradeOrPatch ? mainV : undefined;
    const cands = candidateModules(base, main.path);
    if (cands.length === 0) {
      if (mainOnly) return { pkgMods: [], mod: mainOnly };
      if (matchesMain) throw new Error(mainModuleQueryError(main.path, pattern, query));
      throw new PackageNotInModuleError({ path: '', version: '' }, undefined, query, pattern, [mainV]);
    }
    const results = await Promise.all(cands.map(async (mp): Promise<{ mod?: Version; hasPkg?: boolean; err?: Error }> => {
      try {
        const rev = await this.q.query(mp, query, current(mp), allowed);
        const mod = { path: mp, version: rev.version };
        let hasPkg: boolean;
        if (wild >= 0) {
          hasPkg = (await this.matchInModule(pattern, mod)).length > 0;
        } else {
          const f = await fetchDir(this.st, mod);
          const d = dirInModule(pattern, mp, f.dir, f.isLocal);
          hasPkg = d.ok && hasGoFiles(d.dir);
        }
        if (!hasPkg && !matchPath(mp)) return { err: new PackageNotInModuleError(mod, this.st0.replace.lookup(mod), query, pattern) };
        return { mod, hasPkg };
      } catch (e) {
        return { err: e as Error };
      }
    }));
    // go's queryPrefixModules: which error wins when no module matched.
    const pkgMods: Version[] = [];
    let modOnly: Version | undefined;
    let found = 0;
    let err: Error | undefined;
    let noPackage: Error | undefined, noVersion: Error | undefined, noPatch: Error | undefined, invalidPath: Error | undefined, invalidVersion: Error | undefined, notExist: Error | undefined;
    for (const r of results) {
      if (r.mod) {
        found++;
        if (r.hasPkg) pkgMods.push(r.mod);
        else modOnly = r.mod;
        continue;
      }
      const e = r.err!;
      if (e instanceof PackageNotInModuleError) noPackage ??= e;
      else if (e instanceof NoMatchingVersionError) noVersion ??= e;
      else if (e instanceof NoPatchBaseError) noPatch ??= e;
      else if (e instanceof InvalidPathError) invalidPath ??= e;
      else if (isNotExist(e)) notExist ??= e;
      else if (errorAs(e, InvalidVersionError)) invalidVersion ??= e;
      else if (!err && found === 0 && !noPackage) err = e;
    }
    if (err) throw err;
    mainOnly = modOnly ?? mainOnly;
    if (found > 0 || mainOnly) return { pkgMods, ...(mainOnly ? { mod: mainOnly } : {}) };
    if (matchesMain && !noPackage && !noVersion && !noPatch && !invalidPath && !invalidVersion) throw new Error(mainModuleQueryError(main.path, pattern, query));
    throw noPackage ?? noVersion ?? noPatch ?? invalidPath ?? invalidVersion ?? notExist ?? new Error(`no modules found for ${pattern}`);
  }

  /** go's queryPackages for one package path (used for imports). */
  async queryPackagesFor(path: string, query: string, selected: (p: string) => string = this.selected): Promise<{ pkgMods: Version[]; err?: Error }> {
    try {
      const { found, err } = await queryPackageModules(this.q, this.st, path, query, selected, this.allowedFor(query, selected));
      return { pkgMods: found, ...(err ? { err } : {}) };
    } catch (e) {
      return { pkgMods: [], err: e as Error };
    }
  }

  /** go's disambiguate. */
  disambiguate(cs: PathSet): { filtered?: PathSet; isPackage: boolean; m?: Version; unique: boolean } {
    const filtered: PathSet = { path: cs.path, pkgMods: [] };
    for (const m of cs.pkgMods) {
      if (this.noneForPath(m.path)) continue;
      if (m.path === this.st0.main.path) {
        if (m.version === '') return { isPackage: true, m, unique: true };
        continue;
      }
      const vr = this.resolved.get(m.path);
      if (!vr) {
        filtered.pkgMods.push(m);
        continue;
      }
      if (vr.version !== m.version) continue;
      return { isPackage: true, m, unique: true };
    }
    if (cs.mod) {
      const vr = this.resolved.get(cs.mod.path);
      if (!vr || vr.version === cs.mod.version) filtered.mod = cs.mod;
    }
    if (filtered.pkgMods.length === 1 && (!filtered.mod || vkey(filtered.mod) === vkey(filtered.pkgMods[0]!))) {
      return { isPackage: true, m: filtered.pkgMods[0]!, unique: true };
    }
    if (filtered.pkgMods.length === 0) return { isPackage: false, ...(filtered.mod ? { m: filtered.mod } : {}), unique: true };
    return { filtered, isPackage: false, unique: false };
  }

  chooseArbitrarily(cs: PathSet): { isPackage: boolean; m?: Version } {
    for (const m of cs.pkgMods) if (this.initialSelected(m.path) !== 'none') return { isPackage: true, m };
    if (cs.pkgMods.length > 0) return { isPackage: true, m: cs.pkgMods[0]! };
    return { isPackage: false, ...(cs.mod ? { m: cs.mod } : {}) };
  }

  /** go's resolver.resolve. */
  resolve(q: GetQuery, m: Version): void {
    if (m.path === this.st0.main.path && m.version !== '') {
      this.error(queryErrorText(q, mainModuleQueryError(this.st0.main.path, q.pattern, q.version)));
      return;
    }
    const vr = this.resolved.get(m.path);
    if (vr && vr.version !== m.version) {
      if (q.conflict) return;
      q.conflict = vr.reason;
      let proposed = { version: m.version, reason: q };
      let conflict = vr;
      if (isWildcard(q) && !isWildcard(vr.reason)) [proposed, conflict] = [conflict, proposed];
      this.error(queryErrorText(q, conflictErrorText(m.path, proposed, conflict)));
      return;
    }
    this.resolved.set(m.path, { version: m.version, reason: q });
    q.resolved.push(m);
  }

  /** go's resolveQueries. */
  async resolveQueries(queries: GetQuery[]): Promise<boolean> {
    let resolvedCount = 0;
    for (;;) {
      // Modules too new for this Go: switch toolchains if allowed, else report them below.
      const errs = queries.flatMap((q) => (this.candidates.get(q) ?? []).flatMap((cs) => (cs.err ? [cs.err] : [])));
      if (errs.length > 0 && this.o.needSwitch?.(errs)) throw new SwitchNeeded(errs);
      const prev = resolvedCount;
      for (const q of queries) {
        const unresolved: PathSet[] = [];
        for (const cs of this.candidates.get(q) ?? []) {
          if (cs.err) {
            this.error(queryErrorText(q, cs.err.message));
            resolvedCount++;
            continue;
          }
          const d = this.disambiguate(cs);
          if (!d.unique) {
            unresolved.push(d.filtered!);
            continue;
          }
          let isPackage = d.isPackage;
          let m = d.m;
          if (!m) ({ isPackage, m } = this.chooseArbitrarily(cs));
          if (isPackage) q.matchesPackages = true;
          if (m) this.resolve(q, m);
          resolvedCount++;
        }
        this.candidates.set(q, unresolved);
      }
      this.exitIfErrors();
      if (resolvedCount === prev) break;
    }
    if (resolvedCount > 0 && (await this.updateBuildList([]))) return true;
    let arbitrary = 0;
    for (const q of queries) {
      for (const cs of this.candidates.get(q) ?? []) {
        const { isPackage, m } = this.chooseArbitrarily(cs);
        if (isPackage) q.matchesPackages = true;
        if (m) this.resolve(q, m);
        arbitrary++;
      }
      this.candidates.set(q, []);
    }
    return arbitrary > 0 ? this.updateBuildList([]) : false;
  }

  /** go's updateBuildList: edit the requirements to select every resolved version (and the additions if possible). */
  async updateBuildList(additions: Version[]): Promise<boolean> {
    const resolved: Version[] = [];
    for (const [p, rv] of this.resolved) if (p !== this.st0.main.path) resolved.push({ path: p, version: rv.version });
    let res;
    try {
      res = await editRequirements(this.env, this.rs, additions, resolved);
    } catch (e) {
      const ce = errorAs(e, ConstraintError);
      if (!ce) throw e;
      const reason = (m: Version): string => {
        const rv = this.resolved.get(m.path);
        if (!rv) return `(INTERNAL ERROR: no reason found for ${vkey(m)})`;
        return resolvedString(rv.reason, { path: m.path, version: rv.version });
      };
      // -v: the whole paths of the conflicts first.
      if (this.o.v) for (const c of ce.conflicts) this.o.stderr(`go: ${conflictString(c)}\n`);
      for (const c of ce.conflicts) {
        const adverb = c.path.length > 2 ? 'indirectly ' : '';
        const first = reason(c.path[0]!);
        const last = c.path[c.path.length - 1]!;
        const lastS = last.version === '' ? last.path : vkey(last);
        if (c.err) this.error(`go: ${first} ${adverb}requires ${lastS}: ${conflictError(c)!.message}`);
        else this.error(`go: ${first} ${adverb}requires ${lastS}, not ${reason(c.constraint!)}`);
      }
      this.exitIfErrors();
      return false;
    }
    if (!res.changed) return false;
    this.rs = res.rs;
    this.st = this.st0.withRoots(this.rs.roots, this.rs.pruning);
    const { graph, error } = await this.st.reqs.graph();
    if (error) throw error;
    this.setBuildList(graph.buildList());
    return true;
  }

  /** The root package paths for the arguments that matched packages. */
  /** Whether the roots' tests load: with -t, or for "all", which includes the main module's tests. */
  private rootTests(queries: GetQuery[]): boolean {
    return this.o.t || queries.some((q) => q.pattern === 'all');
  }

  /** @param mains the main modules "all", "work" and "tool" stand for (the workspace's, in its final check) */
  packagePatterns(queries: GetQuery[], mains?: readonly MainModule[]): string[] {
    const out: string[] = [];
    for (const q of queries) {
      if (!q.matchesPackages) continue;
      const local = this.localPkgs.get(q);
      if (q.pattern === 'all' || q.pattern === 'work') {
        if (!mains) out.push(...this.mainPackages());
        else for (const m of mains) out.push(...mainModulePackages(m.path, m.dir, undefined, this.st0.o.scanner));
      } else if (q.pattern === 'tool') out.push(...(mains ?? [this.st0.main]).flatMap((m) => m.file.tool.map((t) => t.path)));
      else if (local) out.push(...local);
      else if (isWildcard(q)) out.push(...this.wildcardPkgs(q));
      else out.push(q.pattern);
    }
    return out;
  }

  /** The packages of the build list a wildcard argument matches. */
  private wildcardPkgs(q: GetQuery): string[] {
    return this.wildcardMatches.get(q) ?? [];
  }
  readonly wildcardMatches = new Map<GetQuery, string[]>();

  /** Records the packages each resolved wildcard matches in its module (for loading). */
  async matchWildcards(queries: GetQuery[]): Promise<void> {
    for (const q of queries) {
      if (!isWildcard(q) || q.patternIsLocal) continue;
      const out: string[] = [];
      // A module resolved to none holds no packages.
      for (const m of q.resolved) if (m.version !== 'none') out.push(...(await this.matchInModule(q.pattern, m)));
      this.wildcardMatches.set(q, [...new Set(out)].sort());
    }
  }

  /** The last AnyTags load of the arguments (findAndUpgradeImports), with the state and patterns it loaded. */
  private lastAnyTagsLoad: { st: ModState; key: string; g: PkgGraph } | undefined;

  /** go's findAndUpgradeImports: missing imports (latest) and, with -u, upgrades of every imported module. */
  async findAndUpgradeImports(queries: GetQuery[]): Promise<PathSet[]> {
    const patterns = this.packagePatterns(queries);
    if (patterns.length === 0) return [];
    const g = await loadPackageGraph(this.st, patterns, { tests: false, rootTests: this.rootTests(queries) });
    this.lastAnyTagsLoad = { st: this.st, key: patterns.join('\n'), g };
    const upgrades: PathSet[] = [];
    const seen = new Set<string>();
    const check = async (p: PkgNode): Promise<void> => {
      // A std-looking path that GOROOT lacks is missing like any other: a replacement may provide it.
      if ((p.std && !(p.err instanceof ImportMissingError)) || seen.has(p.path)) return;
      seen.add(p.path);
      const m = p.mod;
      let version = 'latest';
      if (m && m.path !== '') {
        if (this.o.getU === '') return;
        if (this.resolved.has(m.path)) return;
        version = this.o.getU;
      } else if (!(p.err instanceof ImportMissingError) || this.workspaceHasPackage(p.path)) {
        // A workspace module's package is left to the workspace (go's #73654).
        return;
      }
      const { pkgMods, err } = await this.queryPackagesFor(p.path, version);
      if (m && pkgMods.some((u) => vkey(u) === vkey(m))) return;
      if (err && (isNoSuchPackageVersion(err) || (!m && checkPath(p.path) !== undefined))) return;
      upgrades.push({ path: p.path, pkgMods, ...(err ? { err } : {}) });
    };
    await Promise.all([...g.pkgs.values()].map(check));
    upgrades.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return upgrades;
  }

  /** go's applyUpgrades. */
  async applyUpgrades(upgrades: PathSet[]): Promise<boolean> {
    const tentative: Version[] = [];
    for (const cs of upgrades) {
      if (cs.err) {
        this.error(`go: ${cs.err.message}`);
        continue;
      }
      const d = this.disambiguate(cs);
      let m = d.m;
      if (!d.unique) m = this.chooseArbitrarily(d.filtered!).m;
      if (!m || m.path === '') continue;
      tentative.push(m);
    }
    this.exitIfErrors();
    return this.updateBuildList(tentative);
  }

  /** go's workspace.hasPackage: whether a workspace module's directory holds the package. */
  workspaceHasPackage(path: string): boolean {
    const ws = this.o.workspace;
    if (!ws) return false;
    for (const [modPath, root] of ws.modules) if (dirInModule(path, modPath, root, true).ok) return true;
    return false;
  }

  /** The main module's go.mod with the current requirements (go's UpdateGoModFromReqs, for EnterWorkspace). */
  private currentModFile(): ModFile {
    const f = reparseMainModFile(this.st0.main);
    const goRoot = this.rs.roots.find((m) => m.path === 'go');
    if (goRoot && f.go?.version !== goRoot.version) f.addGoStmt(goRoot.version);
    setRequirements(f, this.rs, goRoot?.version ?? f.go?.version ?? '');
    f.cleanup();
    return f;
  }

  /** go's checkPackageProblems: loads the named packages, adds their modules as roots, warns about retractions and deprecations. */
  async checkPackageProblems(queries: GetQuery[]): Promise<void> {
    // In a workspace that uses the main module, the packages are checked, and retractions and
    // deprecations looked up, in the workspace with this module's new requirements (go's EnterWorkspace).
    const ws = this.o.workspace?.modules.has(this.st0.main.path) ? this.o.workspace.enter(this.currentModFile()) : undefined;
    const q = ws ? new Querier({ repo: fetcherQueryRepo(ws.fetcher), mainPaths: new Set(ws.st.mains.map((m) => m.path)), replace: ws.st.replace, exclude: ws.st.exclude }) : this.q;
    const relevant = new Map<string, { m: Version; flags: number }>();
    const RESOLVED = 1, NAMED = 2, HAS_PKG = 4, DIRECT = 8;
    const mark = (m: Version, f: number): void => {
      const k = vkey(m);
      const e = relevant.get(k) ?? { m, flags: 0 };
      e.flags |= f;
      relevant.set(k, e);
    };
    for (const [p, rv] of this.resolved) mark({ path: p, version: rv.version }, RESOLVED);
    const patterns = this.packagePatterns(queries);
    if (patterns.length > 0) {
      const loadOpts = { tests: false, rootTests: this.rootTests(queries), ...(this.o.scanBuild ? { scan: this.o.scanBuild } : {}) };
      // The main module's own load updates its requirements; the checked load is the workspace's, if any.
      const g = await loadPackageGraph(this.st, patterns, loadOpts);
      const checked = ws ? await loadPackageGraph(ws.st, this.packagePatterns(queries, ws.st.mains), loadOpts) : g;
      // go's resolver loaded the arguments under AnyTags just before this check, and that load's
      // updateRoots already made roots of the modules it reached, packages imported only under some
      // build tag included (a JSON back end behind a tag, say); the check's own load adds its own.
      // That load is the last findAndUpgradeImports made, when the build list has not moved since.
      const last = this.lastAnyTagsLoad;
      const anyTags = !this.o.scanBuild ? undefined
        : last && last.st === this.st && last.key === patterns.join('\n') ? last.g
        : await loadPackageGraph(this.st, patterns, { tests: false, rootTests: loadOpts.rootTests });
      const graphs = anyTags ? [g, anyTags] : [g];
      // Package errors are go's LoadPackages errors: printed, and go get stops before writing.
      for (const p of packageOrder(checked)) {
        if (!p.err || p.testOf) continue;
        if (/^no Go files in /.test(p.err.message) || / is not in std /.test(p.err.message) && false) continue;
        const msg = p.err instanceof ImportMissingError && p.err.queryable ? `cannot find module providing package ${p.path}` : p.err.message;
        this.o.stderr(`go: ${stackText(p)}: ${msg}\n`);
        this.errors++;
      }
      const addRoots: Version[] = [];
      const direct = new Set(this.rs.direct);
      for (const p of checked.pkgs.values()) {
        if (p.err) {
          if (p.err instanceof AmbiguousImportError) for (const m of p.err.modules) mark(m, HAS_PKG);
        }
        if (p.mod && p.mod.path !== '') mark(p.mod, HAS_PKG);
      }
      for (const r of checked.roots) if (r.mod) mark(r.mod, NAMED);
      for (const gr of graphs) addDirectModules(gr, this.st0.main.path, direct);
      // go's updateRoots after the load: pruned, every module providing a named package or a
      // package in "all" (imported from the main module) becomes a root; unpruned, mvs.Req
      // keeps the roots and adds the direct dependencies.
      if (this.rs.pruning === 'pruned') {
        const rootPaths = new Set(this.rs.roots.map((x) => x.path));
        // go get loads its arguments as if the main module imported them (AssumeRootsImported):
        // every package they import transitively counts as in "all".
        // Tests of dependencies are not: their imports stay out of the roots (go's pkgFromRoot
        // follows imports only, pkgInAll follows the tests of main module packages only).
        const reached = new Set<PkgNode>();
        const queue = graphs.flatMap((gr) => gr.roots);
        while (queue.length > 0) {
          const p = queue.pop()!;
          if (reached.has(p)) continue;
          reached.add(p);
          queue.push(...p.imports);
          if (p.test && p.mod?.path === this.st0.main.path && p.mod.version === '') queue.push(...p.test.imports);
        }
        for (const p of reached) {
          if (!p.mod || p.std || p.mod.path === this.st0.main.path || rootPaths.has(p.mod.path)) continue;
          addRoots.push(p.mod);
          rootPaths.add(p.mod.path);
        }
        this.rs = { ...this.rs, direct, roots: addRoots.length > 0 ? gover.modSort([...this.rs.roots, ...addRoots]) : this.rs.roots };
      } else {
        const { graph } = await this.st.reqs.graph();
        const rootPaths: string[] = [];
        const inRoot = new Set<string>();
        for (const r of this.rs.roots) {
          if (!inRoot.has(r.path) && graph.selected(r.path) === r.version) {
            rootPaths.push(r.path);
            inRoot.add(r.path);
          }
        }
        const keep = graph.buildList().slice(1);
        for (const m of keep) {
          if (direct.has(m.path) && !inRoot.has(m.path)) {
            rootPaths.push(m.path);
            inRoot.add(m.path);
          }
        }
        const roots = await mvsReq(this.env, keep, rootPaths);
        this.rs = { ...this.rs, direct, roots };
      }
    }
    // Direct: of the main module, or of any workspace module.
    const directPaths = ws ? ws.st.reqs.direct : this.rs.direct;
    for (const e of relevant.values()) if (directPaths.has(e.m.path)) e.flags |= DIRECT;
    const sorted = [...relevant.values()].sort((a, b) => (a.m.path < b.m.path ? -1 : a.m.path > b.m.path ? 1 : 0));
    const retractions = sorted.filter((e) => (e.flags & (RESOLVED | NAMED | HAS_PKG)) !== 0 && e.m.version !== 'none' && e.m.version !== '' && !gover.isToolchain(e.m.path));
    const deprecations = sorted.filter((e) => ((e.flags & (RESOLVED | NAMED)) !== 0 || (e.flags & (HAS_PKG | DIRECT)) === (HAS_PKG | DIRECT)) && e.m.version !== 'none' && !gover.isToolchain(e.m.path));
    const retractMsgs = await Promise.all(retractions.map(async (e) => {
      try {
        await q.checkRetractions(e.m);
      } catch (err) {
        if (errorAs(err, ModuleRetractedError)) return (err as Error).message;
      }
      return '';
    }));
    const deprecMsgs = await Promise.all(deprecations.map(async (e) => {
      try {
        const d = await q.deprecation(e.m);
        return d === '' ? '' : shortMessage(d, '');
      } catch {
        return '';
      }
    }));
    // Modules whose version changed get the new version's sum when go.sum had the old one's.
    const sumErrs = await Promise.all(this.buildList.map(async (m): Promise<string> => {
      const oldV = this.initial.get(m.path);
      if (oldV === undefined || oldV === '' || gover.isToolchain(m.path)) return '';
      const mActual = this.st0.replace.resolve(m);
      const oldActual = this.st0.replace.resolve({ path: m.path, version: oldV });
      if (vkey(mActual) === vkey(oldActual) || mActual.version === '' || !this.fetcher.haveSum(oldActual)) return '';
      try {
        await this.fetcher.downloadZip(mActual);
        return '';
      } catch (e) {
        const verb = gover.modCompare(m.path, m.version, oldV) < 0 ? 'downgraded' : 'upgraded';
        const replaced = vkey(mActual) !== vkey(m) ? ` (replaced by ${vkey(mActual)})` : '';
        return `go: ${verb} ${m.path} ${oldV} => ${m.version}${replaced}: error finding sum for ${vkey(mActual)}: ${(e as Error).message}`;
      }
    }));
    deprecations.forEach((e, i) => {
      if (deprecMsgs[i] !== '') this.o.stderr(`go: module ${e.m.path} is deprecated: ${deprecMsgs[i]!}\n`);
    });
    let retractPath = '';
    retractions.forEach((e, i) => {
      if (retractMsgs[i] === '') return;
      this.o.stderr(`go: warning: ${retractMsgs[i]!}\n`);
      retractPath = retractPath === '' ? e.m.path : '<module>';
    });
    if (retractPath !== '') this.o.stderr(`go: to switch to the latest unretracted version, run:\n\tgo get ${retractPath}@latest\n`);
    for (const e of sumErrs) if (e !== '') this.error(e);
  }
  }

function hasGoFiles(dir: string): boolean {
  try {
    const { readdirSync } = process.getBuiltinModule('node:fs');
    return readdirSync(dir).some((n) => n.endsWith('.go') && statSync(join(dir, n)).isFile());
  } catch {
    return false;
  }
}

/** go's isNoSuchModuleVersion. */
function isNoSuchModuleVersion(err: Error): boolean {
  return err instanceof NoMatchingVersionError || isNotExist(err);
}

/** go's isNoSuchPackageVersion. */
function isNoSuchPackageVersion(err: Error): boolean {
  return err instanceof NoMatchingVersionError || err instanceof NoPatchBaseError || err instanceof PackageNotInModuleError || isNotExist(err);
}

/**
 * Sets f's requirements to the roots (go and toolchain aside), "// indirect" unless direct; from
 * goVersion on, in go's two blocks (direct, then indirect).
 */
export function setRequirements(f: ModFile, rs: Roots, goVersion: string): void {
  const list = rs.roots
    .filter((m) => m.path !== 'go' && m.path !== 'toolchain')
    .map((m) => ({ path: m.path, version: m.version, indirect: !rs.direct.has(m.path) }));
  if (gover.compare(goVersion, gover.SEPARATE_INDIRECT_VERSION) < 0) f.setRequire(list);
  else f.setRequireSeparateIndirect(list);
}

/** Runs go get over st (opened with -mod=mod): resolves args, edits the requirements; returns what to write and print. */
export async function runGet(stLoaded: ModState, fetcher: Fetcher, rawArgs: string[], o: GetOptions): Promise<GetResult> {
  // parseArgs
  const queries: GetQuery[] = [];
  let dropToolchain = false;
  let errs = 0;
  const args = cleanPatterns(rawArgs);
  for (const arg of args) {
    let q: GetQuery;
    try {
      q = newQuery(arg, o.getU);
    } catch (e) {
      o.stderr(`go: ${(e as Error).message}\n`);
      errs++;
      continue;
    }
    if (q.version === 'none') {
      if (q.pattern === 'go') {
        o.stderr('go: cannot use go@none\n');
        errs++;
        continue;
      }
      if (q.pattern === 'toolchain') {
        dropToolchain = true;
        continue;
      }
    }
    if (rawArgs.length === 0) q.raw = '';
    if (q.raw.endsWith('.go') && q.rawVersion === '') {
      if (!q.raw.includes('/')) {
        o.stderr(`go: ${q.raw}: arguments must be package or module paths\n`);
        errs++;
        continue;
      }
      try {
        if (!statSync(q.raw).isDirectory()) {
          o.stderr(`go: ${q.raw} exists as a file, but 'go get' requires package arguments\n`);
          errs++;
          continue;
        }
      } catch { /* not a file */ }
    }
    queries.push(q);
  }
  if (errs > 0) throw new GetExit(1);
  const explicitToolchain = queries.some((q) => q.pattern === 'toolchain');

  const st0 = await withLocalGoLine(stLoaded);
  const { graph, error } = await st0.reqs.graph();
  if (error) throw error;
  const r = new Resolver(st0, fetcher, o, graph.buildList());
  const pathQueries: GetQuery[] = [];
  const wildcardQueries: GetQuery[] = [];
  const allQueries: GetQuery[] = [];
  const toolQueries: GetQuery[] = [];
  const workQueries: GetQuery[] = [];
  for (const q of queries) {
    if (q.pattern === 'tool') toolQueries.push(q);
    else if (q.pattern === 'work') workQueries.push(q);
    else if (q.pattern === 'all') allQueries.push(q);
    else if (q.patternIsLocal) r.localQuery(q);
    else if (isWildcard(q)) wildcardQueries.push(q);
    else pathQueries.push(q);
    if (q.version === 'none') {
      if (isWildcard(q)) r.wildcardNones.push(q);
      else r.nonesByPath.set(q.pattern, q);
    }
  }
  await Promise.all(pathQueries.map((q) => (q.version === 'none' ? (r.queryNone(q), Promise.resolve()) : r.queryPath(q))));
  await Promise.all(toolQueries.map((q) => r.queryTools(q)));
  await Promise.all(workQueries.map((q) => r.queryWork(q)));

  for (let iter = 0; iter < 100; iter++) {
    await Promise.all(wildcardQueries.map((q) => (q.version === 'none' ? (r.queryNone(q), Promise.resolve()) : r.queryWildcard(q))));
    await r.queryAll(allQueries);
    if (await r.resolveQueries(queries)) continue;
    await r.matchWildcards(queries);
    const upgrades = await r.findAndUpgradeImports(queries);
    if (await r.applyUpgrades(upgrades)) continue;
    await r.findMissingWildcards(wildcardQueries);
    if (await r.resolveQueries(wildcardQueries)) continue;
    break;
  }
  await r.checkWildcardVersions(wildcardQueries);
  await r.matchWildcards(queries);
  r.exitIfErrors();
  await r.checkPackageProblems(queries);
  r.exitIfErrors();

  // go.mod as go's UpdateGoModFromReqs writes it.
  const f = reparseMainModFile(st0.main);
  const oldReqs: Version[] = f.require.map((x) => ({ path: x.path, version: x.version }));
  if (f.go) oldReqs.push({ path: 'go', version: f.go.version });
  // go reads the old requirements after loadModFile gave a go.mod without a go line the local one.
  else if (st0 !== stLoaded) oldReqs.push({ path: 'go', version: st0.o.localGo });
  if (f.toolchain) oldReqs.push({ path: 'toolchain', version: f.toolchain.name });
  let goVersion = '';
  let toolchain = '';
  for (const m of r.rs.roots) {
    if (m.path === 'go') goVersion = m.version;
    else if (m.path === 'toolchain') toolchain = m.version;
  }
  // An unpruned module's roots may leave go out: go.mod then gets the selected go (at least its own).
  if (goVersion === '') {
    const sel = r.buildListVersion.get('go') ?? '';
    const own = f.go?.version ?? '';
    goVersion = sel !== '' && gover.compare(sel, own) > 0 ? sel : own;
  }
  if (gover.compare(goVersion, st0.o.localGo) > 0) {
    throw new gover.TooNewError('updating go.mod', goVersion, st0.o.localGo, gover.tooNewExplain({ gotoolchain: st0.o.gotoolchain ?? '' }));
  }
  if (f.go?.version !== goVersion) f.addGoStmt(goVersion);
  if (toolchain === '') toolchain = 'go' + goVersion;
  if (dropToolchain || toolchain === 'go' + goVersion || (gover.compare(gover.fromToolchain(toolchain), st0.o.localGo) > 0 && !explicitToolchain)) f.dropToolchainStmt();
  else f.addToolchainStmt(toolchain);
  // go adds tool lines before it writes the requirements (updateTools runs before WriteGoMod).
  if (o.tool) {
    // go's updateTools: a meta-package or toolchain argument is fatal before go.mod is written.
    const bad = queries.find((q) => isMetaPackage(q.pattern) || q.pattern === 'toolchain');
    if (bad) {
      o.stderr(`go: go get -tool does not work with "${bad.pattern}".\n`);
      throw new GetExit(1);
    }
    for (const q of queries) {
      for (const p of r.localPkgs.get(q) ?? [q.pattern]) {
        if (q.version === 'none') f.dropTool(p);
        else f.addTool(p);
      }
    }
  }
  setRequirements(f, r.rs, goVersion);
  f.cleanup();
  const goMod = f.format();
  const newReqs: Version[] = f.require.map((x) => ({ path: x.path, version: x.version }));
  if (f.go) newReqs.push({ path: 'go', version: f.go.version });
  if (f.toolchain) newReqs.push({ path: 'toolchain', version: f.toolchain.name });

  // go.sum: keepSums with the build list's zip sums.
  const keep = new Set<string>();
  const fst = st0.withRoots(r.rs.roots, r.rs.pruning);
  const loaded = await fst.reqs.graph();
  const res = (m: Version): Version => st0.replace.resolve(m);
  for (const m of r.rs.roots) if (!gover.isToolchain(m.path)) keep.add(`${res(m).path} ${res(m).version}/go.mod`);
  loaded.graph.walkBreadthFirst((m) => {
    if (loaded.graph.requiredBy(m) !== undefined) keep.add(`${res(m).path} ${res(m).version}/go.mod`);
  });
  for (const m of loaded.graph.buildList()) {
    const x = res(m);
    keep.add(`${x.path} ${x.version}/go.mod`);
    keep.add(`${x.path} ${x.version}`);
  }
  const report = reportChanges({
    resolved: new Map([...r.resolved].map(([p, v]) => [p, v.version])),
    initial: r.initial,
    final: r.buildListVersion,
    oldReqs,
    newReqs,
  });
  return { code: 0, goMod, keep, report };
}

/**
 * go's loadModFile in go get's -mod=mod: a main go.mod without a go line is taken to say the running
 * Go version (not the 1.16 a missing line means elsewhere), and an unpruned graph that version would
 * prune turns pruned with its whole build list as roots (go's convertPruning). go.mod then gets that
 * go line, and the change is not reported as an added module: it was there from the start.
 */
export async function withLocalGoLine(st: ModState): Promise<ModState> {
  if (st.workspace || st.main.file.go !== undefined) return st;
  const goRoot: Version = { path: 'go', version: st.o.localGo };
  let roots = st.reqs.roots.filter((m) => m.path !== 'go');
  let pruning = st.reqs.pruning;
  if (pruning === 'unpruned' && pruningForGoVersion(goRoot.version) === 'pruned') {
    const { graph, error } = await st.reqs.graph();
    if (error) throw error;
    roots = graph.buildList().filter((m) => m.version !== '' && m.path !== 'go' && !gover.isToolchain(m.path) && st.mainByPath(m.path) === undefined);
    pruning = 'pruned';
  }
  return st.withRoots(gover.modSort([...roots, goRoot]), pruning);
}
