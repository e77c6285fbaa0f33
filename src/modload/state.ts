// The module state of one go command invocation: main module, build mode, requirements, graph and fetches.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { goQuote } from '../lib/goquote.js';
import * as gover from '../lib/gover.js';
import { ModuleError, versionString, type Version } from '../lib/module.js';
import { haveSum, parseGoSum, type GoSum } from '../lib/gosum.js';
import type { ModuleInfo } from '../load/types.js';
import { goModDirtyMessage, MissingSumError, ModloadError, NoMainModulesError } from './errors.js';
import { importFromModules, NeedAsync, type ImportEnv, type ImportFound } from './import.js';
import { checkBuildModFlag, defaultBuildMod, loadMainModule, type MainModule } from './mainmodule.js';
import { Excludes, Replacements } from './replace.js';
import { Requirements, type WorkspaceReqs } from './requirements.js';
import { canonicalizeReplacePath, loadWorkspace, replacementSource, withMainModFiles, workspaceDefaultBuildMod, type Workspace } from './workspace.js';
import type { ModFile } from '../lib/modfile/index.js';
import type { Pruning } from '../lib/mvs.js';
import type { ModuleSource } from './source.js';
import { downloadFile } from './source.js';
import { Summaries } from './summary.js';
import type { AnyTagsScanner } from '../load/scanimports.js';
import { checkVendorConsistency, checkVendorSpec, readVendorList, type VendorList } from './vendor.js';

export interface ModStateOptions {
  cwd: string;
  goroot: string;
  /** GOMODCACHE, for the go.mod paths ModuleInfo reports. */
  gomodcache: string;
  /** The running Go version without "go" ("1.26.8"). */
  localGo: string;
  gotoolchain?: string;
  /** What GOTOOLCHAIN selection saw (the go.mod/go.work and line that chose), for "requires go >=" errors. */
  startup?: { autoFile?: string; autoGoVersion?: string; autoToolchain?: string };
  go111module?: string;
  /** -mod as given ("" for the default). */
  buildMod?: string;
  /** -modfile as given. */
  modFile?: string;
  /** The command's name as go's cfg.CmdName ("build", "mod graph", ...). */
  cmdName: string;
  /** The go.work file in use: workspace mode ("" or absent: single-module mode). */
  workFile?: string;
  /** In workspace mode, go.mod files to use instead of the ones on disk, by module path (go get's final check). */
  modFileOverrides?: ReadonlyMap<string, ModFile>;
  source: ModuleSource;
  concurrency?: number;
  /** Warnings (printed by the command). */
  warn?: (msg: string) => void;
  /** Scans package directories for their imports under every tag (once per directory and command). */
  scanner?: AnyTagsScanner;
}

/** A pending download or graph load, shared by everyone waiting for it. */
type Fetched = { dir: string; isLocal: boolean } | { err: Error };

export class ModState {
  /**
   * The main module; in workspace mode the one containing the current directory, else the first
   * one go.work uses (code that must see every main module uses `mains`).
   */
  readonly main: MainModule;
  /** Every main module: the one main module, or the modules go.work uses. */
  readonly mains: readonly MainModule[];
  /** The loaded go.work in workspace mode. */
  readonly workspace?: Workspace;
  readonly buildMod: string;
  readonly buildModExplicit: boolean;
  readonly buildModReason: string;
  readonly replace: Replacements;
  readonly exclude: Excludes;
  readonly summaries: Summaries;
  readonly reqs: Requirements;
  readonly goSum: GoSum;
  readonly goSumFile: string;
  vendor?: VendorList;
  private readonly fetched: Map<string, Fetched> = new Map();
  private readonly fetching: Map<string, Promise<void>> = new Map();
  private graphDone?: { selected: (p: string) => string; error?: Error };
  private graphWait?: Promise<void>;

  /**
   * @param base a state whose main module, go.sum and downloads this one shares, with other
   * requirement roots (go mod tidy's loading rounds)
   */
  constructor(readonly o: ModStateOptions, base?: { st: ModState; roots: Version[]; pruning: Pruning }) {
    if (base) {
      const b = base.st;
      this.main = b.main;
      this.mains = b.mains;
      if (b.workspace) this.workspace = b.workspace;
      this.buildMod = b.buildMod;
      this.buildModExplicit = b.buildModExplicit;
      this.buildModReason = b.buildModReason;
      this.replace = b.replace;
      this.exclude = b.exclude;
      this.goSumFile = b.goSumFile;
      this.goSum = b.goSum;
      this.summaries = b.summaries;
      this.fetched = b.fetched;
      this.fetching = b.fetching;
      this.goVersions = b.goVersions;
      for (const [p, e] of b.importQueryErrs) this.importQueryErrs.set(p, e);
      this.reqs = new Requirements(this.main, this.summaries, o.concurrency ?? 4, base.roots, base.pruning, this.workspaceReqs());
      return;
    }
    const flag = o.buildMod ?? '';
    checkBuildModFlag(flag);
    let ws: Workspace | undefined;
    if (o.workFile) {
      if (o.modFile) throw new ModloadError('-modfile cannot be used in workspace mode');
      ws = loadWorkspace(o.workFile, { cwd: o.cwd, goroot: o.goroot, localGo: o.localGo, gotoolchain: o.gotoolchain ?? '', cmdName: o.cmdName });
      if (o.modFileOverrides) ws = withMainModFiles(ws, o.modFileOverrides);
      if (ws.mains.length === 0) throw new NoMainModulesError(true);
      this.workspace = ws;
      this.mains = ws.mains;
      this.main = ws.containingCwd ?? ws.mains[0]!;
    } else {
      this.main = loadMainModule({
        cwd: o.cwd, goroot: o.goroot, modFile: o.modFile ?? '', localGo: o.localGo,
        gotoolchain: o.gotoolchain ?? '', go111module: o.go111module ?? '', ...(o.startup ? { startup: o.startup } : {}),
      });
      this.mains = [this.main];
    }
    if (flag !== '') {
      if (ws && flag !== 'readonly' && flag !== 'vendor') {
        throw new ModloadError(`-mod may only be set to readonly or vendor when in workspace mode, but it is set to ${goQuote(flag)}\n\tRemove the -mod flag to use the default readonly value, \n\tor set GOWORK=off to disable workspace mode.`);
      }
      this.buildMod = flag;
      this.buildModExplicit = true;
      this.buildModReason = '';
    } else {
      const d = ws ? workspaceBuildMod(o.cmdName, ws) : defaultBuildMod(o.cmdName, this.main);
      this.buildMod = d.mod;
      this.buildModExplicit = false;
      this.buildModReason = d.reason;
    }
    this.replace = ws ? ws.replace : new Replacements(this.main.file, this.main.dir);
    this.exclude = ws ? ws.exclude : new Excludes(this.main.file);
    // In a workspace, sums go to go.work.sum; each module's go.sum is read too (modfetch's workspace sums).
    this.goSumFile = ws ? ws.file + '.sum' : this.main.goModFile.replace(/\.mod$/, '.sum');
    this.goSum = readSums([...this.workspaceGoSumFiles, this.goSumFile], o.cmdName === 'mod tidy');
    this.summaries = new Summaries({
      source: o.source, replace: this.replace, exclude: this.exclude, cwd: o.cwd,
      localGo: o.localGo, gotoolchain: o.gotoolchain ?? '', ...(o.startup ? { startup: o.startup } : {}),
      ...(this.mustHaveSums ? { requireSums: this.goSum } : {}),
      goSum: this.goSum, gomodcache: o.gomodcache,
    });
    this.reqs = new Requirements(this.main, this.summaries, o.concurrency ?? 4, undefined, undefined, this.workspaceReqs());
    for (const r of this.reqs.excluded) {
      this.warnOnce(`go: ${this.buildMod === 'mod' ? 'dropping' : 'ignoring'} requirement on excluded version ${r.path} ${r.version}`);
    }
    checkMultiplePaths(this.reqs.roots, this.replace);
    if (this.buildMod === 'vendor' && ws) {
      const vendorDir = join(dirname(ws.file), 'vendor');
      this.vendor = readVendorList(vendorDir, { cwd: o.cwd, localGo: o.localGo });
      const err = checkVendorSpec(this.vendor, {
        files: ws.mains.map((m) => m.file),
        pre114: false,
        workReplace: ws.wf.replace,
        workspace: true,
        replacementOf: (m) => {
          const src = replacementSource(ws, m);
          return src ? { written: src.new, canonical: canonicalizeReplacePath(ws, src.new, src.modRoot), source: src.file } : undefined;
        },
        vendorDir,
        cwd: o.cwd,
      });
      if (err) throw err;
      this.reqs.initVendor(this.vendor.list);
    } else if (this.buildMod === 'vendor') {
      const vendorDir = join(this.main.dir, 'vendor');
      this.vendor = readVendorList(vendorDir, { cwd: o.cwd, localGo: o.localGo });
      const err = checkVendorConsistency(this.vendor, this.main.file, this.main.goVersion, vendorDir, o.cwd, this.main.goModFile);
      if (err) throw err;
      const notRoots = this.reqs.initVendor(this.vendor.list);
      if (notRoots.length > 0) {
        const lines = notRoots.map((m) => `go: vendored module ${m.path}@${m.version} should be required explicitly in go.mod`);
        lines.push(`go: ${goModDirtyMessage(this.buildMod, this.buildModExplicit, this.buildModReason)}`);
        throw new ModloadError(lines.join('\n'), { noPrefix: true });
      }
    }
  }

  /** go's mustHaveSums: -mod=readonly outside a workspace (a workspace records what it fetches in go.work.sum). */
  get mustHaveSums(): boolean {
    return this.buildMod === 'readonly' && !this.workspace;
  }

  /** In a workspace, each main module's go.sum (read beside go.work.sum). */
  get workspaceGoSumFiles(): string[] {
    return this.workspace ? this.workspace.mains.map((m) => m.goModFile.replace(/\.mod$/, '.sum')) : [];
  }

  /** What Requirements needs to know of the workspace (undefined in single-module mode). */
  private workspaceReqs(): WorkspaceReqs | undefined {
    const ws = this.workspace;
    if (!ws) return undefined;
    const r: WorkspaceReqs = { mains: ws.mains };
    if (ws.wf.go) r.goVersion = ws.wf.go.version;
    if (ws.wf.toolchain) r.toolchain = ws.wf.toolchain.name;
    return r;
  }

  /** The main module with the given path, if path is one. */
  mainByPath(path: string): MainModule | undefined {
    return this.mains.find((m) => m.path === path);
  }

  /** The main module as a module version (version ""). */
  get mainVersion(): Version {
    return { path: this.main.path, version: '' };
  }

  /** Loads the module graph; throws its BuildListError. */
  async loadGraph(): Promise<void> {
    if (this.graphDone) {
      if (this.graphDone.error) throw this.graphDone.error;
      return;
    }
    this.graphWait ??= this.reqs.graph().then(({ graph, error }) => {
      this.graphDone = error ? { selected: (p) => graph.selected(p), error } : { selected: (p) => graph.selected(p) };
    });
    await this.graphWait;
    if (this.graphDone!.error) throw this.graphDone!.error;
  }

  /** The selected version of path in the graph; throws NeedAsync until the graph is loaded. */
  graphSelected(path: string): string {
    if (!this.graphDone) {
      // Waiters may drop this promise; its error is thrown again by the next lookup.
      const wait = this.loadGraph();
      wait.catch(() => undefined);
      throw new NeedAsync(wait, 'module graph');
    }
    if (this.graphDone.error) throw this.graphDone.error;
    if (this.mainByPath(path)) return '';
    if (this.buildMod === 'vendor') return this.vendor?.version.get(path) ?? 'none';
    return this.graphDone.selected(path);
  }

  /** The root directory of module m (go's fetch); throws NeedAsync while it downloads. */
  fetchSync(m: Version): { dir: string; isLocal: boolean } {
    if (m.version === '') {
      const mm = this.mainByPath(m.path);
      if (mm) return { dir: mm.dir, isLocal: true };
    }
    const k = versionString(m);
    const done = this.fetched.get(k);
    if (done) {
      if ('err' in done) throw done.err;
      return done;
    }
    const r = this.replace.lookup(m);
    if (r && r.version === '') {
      const dir = this.replace.dir(r);
      let res: Fetched;
      try {
        statSync(dir);
        res = { dir, isLocal: true };
      } catch (e) {
        const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? `replacement directory ${r.path} does not exist` : `replacement directory ${r.path}: ${(e as Error).message}`;
        res = { err: new ModuleError(m.path, m.version, new Error(why)) };
      }
      this.fetched.set(k, res);
      if ('err' in res) throw res.err;
      return res;
    }
    const actual = r ?? m;
    if (this.mustHaveSums && !haveSum(this.goSum, actual)) {
      throw new ModuleError(actual.path, actual.version, new MissingSumError('missing go.sum entry'));
    }
    const cached = this.o.source.cachedDir?.(actual.path, actual.version);
    if (cached) {
      const res = { dir: cached, isLocal: false };
      this.fetched.set(k, res);
      return res;
    }
    let p = this.fetching.get(k);
    if (!p) {
      p = this.o.source.zipDir(actual.path, actual.version).then(
        (dir) => { this.fetched.set(k, { dir, isLocal: false }); },
        (e: unknown) => { this.fetched.set(k, { err: e instanceof Error ? e : new Error(String(e)) }); },
      );
      this.fetching.set(k, p);
    }
    throw new NeedAsync(p, k);
  }

  /** go's goModSummary check under mustHaveSums: the go.mod sum of a non-main module must be in go.sum. */
  private checkGoModSum(m: Version): void {
    if (m.version === '' && this.mainByPath(m.path)) return;
    const actual = this.replace.lookup(m) ?? m;
    if (actual.version === '') return;
    if (haveSum(this.goSum, { path: actual.path, version: actual.version + '/go.mod' })) return;
    throw new ModuleError(actual.path, actual.version, new MissingSumError(`missing go.sum entry for go.mod file; to add it:\n\tgo mod download ${m.path}`));
  }

  /** The ImportEnv view of this state. */
  importEnv(): ImportEnv {
    const env: ImportEnv = {
      goroot: this.o.goroot,
      main: { path: this.main.path, dir: this.main.dir, goVersion: this.main.goVersion || gover.DEFAULT_GO_MOD_VERSION },
      buildMod: this.buildMod,
      rootSelected: (p) => this.reqs.rootSelected(p),
      graphSelected: (p) => this.graphSelected(p),
      fullGraph: this.reqs.pruning === 'unpruned',
      fetch: (m) => this.fetchSync(m),
      highestReplaced: () => this.replace.highest(),
    };
    if (this.mustHaveSums && this.buildMod !== 'vendor') env.checkGoModSum = (m) => this.checkGoModSum(m);
    if (!this.skipImportModFiles) env.checkGoMod = (m) => this.checkGoMod(m);
    if (this.vendor) env.vendor = this.vendor;
    if (this.workspace) {
      env.workspace = { mains: this.mains, vendorDir: join(dirname(this.workspace.file), 'vendor') };
      env.main.goVersion = gover.fromGoWork(this.workspace.wf.go?.version);
    }
    if (this.importQueryErrs.size > 0) env.queryErrFor = (p) => this.importQueryErrs.get(p);
    if (this.o.warn) env.warn = (msg) => this.warnOnce(msg);
    if (this.buildMod === 'readonly' || this.buildMod === 'vendor') {
      if (this.buildModExplicit) env.queryErr = `import lookup disabled by -mod=${this.buildMod}`;
      else if (this.buildModReason !== '') env.queryErr = `import lookup disabled by -mod=${this.buildMod}\n\t(${this.buildModReason})`;
    }
    return env;
  }

  /**
   * go's skipImportModFiles: go mod tidy in a module whose go line predates 1.21 does not read the
   * go.mod files of the modules providing imported packages.
   */
  skipImportModFiles = false;

  /** The TooNewError of each package-providing module whose go.mod has been read (null: none). */
  private readonly goModChecked = new Map<string, Error | null>();

  /** Throws m's TooNewError if its go.mod needs a newer Go; NeedAsync until that go.mod is read. */
  private checkGoMod(m: Version): void {
    const k = versionString(m);
    const c = this.goModChecked.get(k);
    if (c === null) return;
    if (c) throw c;
    const actual = this.replace.resolve(m);
    const s = this.summaries.rawSummarySync(actual);
    if (s) {
      this.goModChecked.set(k, s.tooNew ?? null);
      if (s.tooNew) throw s.tooNew;
      return;
    }
    // An unreadable go.mod is reported where the module graph or the package needs it.
    const p = this.summaries.rawSummary(actual).then((r) => { this.goModChecked.set(k, r.tooNew ?? null); }, () => { this.goModChecked.set(k, null); });
    throw new NeedAsync(p, `go.mod of ${k}`);
  }

  /** Errors of -mod=mod import lookups that found no module, by import path (reported by later loads). */
  readonly importQueryErrs = new Map<string, Error>();

  private readonly warned = new Set<string>();

  /** Prints a warning once per command. */
  warnOnce(msg: string): void {
    if (this.warned.has(msg)) return;
    this.warned.add(msg);
    this.o.warn?.(msg);
  }

  /** Synchronous import lookup (throws NeedAsync when I/O is needed first). */
  importSync(path: string): ImportFound {
    return importFromModules(this.importEnv(), path);
  }

  /** Import lookup, waiting for downloads and the graph as needed. */
  async importPackage(path: string): Promise<ImportFound> {
    for (;;) {
      try {
        return this.importSync(path);
      } catch (e) {
        if (e instanceof NeedAsync) {
          await e.wait;
          continue;
        }
        throw e;
      }
    }
  }

  /** The go version of m's go.mod, if its summary has been read ("" when it has no go line). */
  private goVersionOf(m: Version): Promise<string> {
    return this.summaries.rawSummary(this.replace.resolve(m)).then((s) => s.goVersion, () => '');
  }

  private readonly infoMemo = new Map<string, ModuleInfo>();
  private readonly goVersions: Map<string, string> = new Map();

  /** A state sharing this one's main module, go.sum and downloads, with the given roots and pruning. */
  withRoots(roots: Version[], pruning: Pruning = this.reqs.pruning): ModState {
    const st = new ModState(this.o, { st: this, roots, pruning });
    st.skipImportModFiles = this.skipImportModFiles;
    return st;
  }

  /** Reads the go lines of the given modules so moduleInfo can report them synchronously. */
  async prepareModuleInfo(mods: Version[]): Promise<void> {
    await Promise.all(mods.map(async (m) => {
      if (m.version === '' || this.goVersions.has(versionString(m))) return;
      if (this.buildMod === 'vendor') {
        const meta = this.vendor?.meta.get(`${m.path}@${m.version}`);
        this.goVersions.set(versionString(m), meta?.goVersion ?? '');
        return;
      }
      this.goVersions.set(versionString(m), await this.goVersionOf(m));
    }));
  }

  /** The ModuleInfo (as go list -m shows it) for a module providing packages; throws NeedAsync until its go.mod is read. */
  moduleInfo(m: Version): ModuleInfo {
    const k = versionString(m);
    const hit = this.infoMemo.get(k);
    if (hit) return hit;
    let mi: ModuleInfo;
    const mm = m.version === '' ? this.mainByPath(m.path) : undefined;
    if (mm) {
      mi = { path: m.path, main: true, dir: mm.dir, goMod: mm.goModFile };
      if (mm.goVersion) mi.goVersion = mm.goVersion;
    } else {
      mi = { path: m.path, version: m.version };
      if (!this.goVersions.has(k)) {
        const sum = this.summaries.rawSummarySync(this.replace.resolve(m));
        if (!sum) throw new NeedAsync(this.prepareModuleInfo([m]), `go.mod of ${k}`);
        this.goVersions.set(k, sum.goVersion);
      }
      const gv = this.goVersions.get(k);
      if (gv) mi.goVersion = gv;
      const r = this.replace.lookup(m);
      if (this.buildMod === 'vendor') {
        mi.dir = join(this.main.dir, 'vendor', ...m.path.split('/'));
        const vr = this.vendor?.meta.get(`${m.path}@${m.version}`)?.replacement;
        if (vr) mi.replace = { path: vr.path, version: vr.version };
      } else if (r) {
        const rep: ModuleInfo = { path: r.path, version: r.version };
        if (r.version === '') {
          rep.dir = this.replace.dir(r);
          rep.goMod = join(rep.dir, 'go.mod');
        } else {
          const d = this.fetchedDir(m);
          if (d) rep.dir = d;
          rep.goMod = downloadFile(this.o.gomodcache, r.path, r.version, 'mod');
          const sum = this.zipSum(r);
          if (sum) rep.sum = sum;
        }
        if (gv) rep.goVersion = gv;
        mi.replace = rep;
        if (rep.dir) mi.dir = rep.dir;
      } else {
        const d = this.fetchedDir(m);
        if (d) mi.dir = d;
        mi.goMod = downloadFile(this.o.gomodcache, m.path, m.version, 'mod');
        const sum = this.zipSum(m);
        if (sum) mi.sum = sum;
      }
    }
    this.infoMemo.set(k, mi);
    return mi;
  }

  /** The directory m was fetched into, if it has been. */
  private fetchedDir(m: Version): string | undefined {
    const f = this.fetched.get(versionString(m));
    return f && !('err' in f) ? f.dir : undefined;
  }

  /** The h1: hash of m's zip as the module cache records it (modfetch.Sum), "" if unknown. */
  zipSum(m: Version): string {
    const s = this.o.source.zipSum?.(m.path, m.version);
    if (s) return s;
    const f = downloadFile(this.o.gomodcache, m.path, m.version, 'ziphash');
    if (existsSync(f)) {
      try {
        return readFileSync(f, 'utf8').trim();
      } catch { /* unreadable */ }
    }
    return '';
  }
}

/** The sums of the given go.sum files (missing files count as empty). */
function readSums(files: string[], skipMalformed: boolean): GoSum {
  const out: GoSum = new Map();
  for (const f of files) {
    let text = '';
    try {
      text = readFileSync(f, 'utf8');
    } catch { /* no go.sum yet */ }
    for (const [k, hs] of parseGoSum(f, text, { skipMalformed })) out.set(k, [...(out.get(k) ?? []), ...hs]);
  }
  return out;
}

/** The -mod default in workspace mode: the commands that update modules use mod, the rest go.work's vendor rule. */
function workspaceBuildMod(cmdName: string, ws: Workspace): { mod: string; reason: string } {
  const d = defaultBuildMod(cmdName, undefined);
  if (d.mod === 'mod' || cmdName === 'mod vendor' || cmdName === 'work vendor') return d;
  return workspaceDefaultBuildMod(ws);
}

/** Formats an error from module loading the way go prints it ("go: ..."). */
export function isModloadError(e: unknown): e is Error {
  return e instanceof ModloadError || e instanceof ModuleError || (e instanceof Error && e.name === 'BuildListError') || e instanceof gover.TooNewError;
}

/** go's checkMultiplePaths: one module version (after replacement) may not serve two module paths. */
export function checkMultiplePaths(mods: readonly Version[], replace: Replacements): void {
  const firstPath = new Map<string, string>();
  const errs: string[] = [];
  for (const mod of mods) {
    const src = replace.resolve(mod);
    const k = `${src.path}\u0000${src.version}`;
    const prev = firstPath.get(k);
    if (prev === undefined) firstPath.set(k, mod.path);
    else if (prev !== mod.path) errs.push(`go: ${src.path}@${src.version} used for two different module paths (${prev} and ${mod.path})`);
  }
  if (errs.length > 0) throw new ModloadError(errs.join('\n'), { noPrefix: true });
}
