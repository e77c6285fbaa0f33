// The main module's requirements and the module graph over them (roots first, the full graph on demand).
import * as gover from '../lib/gover.js';
import type { Version } from '../lib/module.js';
import { cmpVersion, Graph, graphRequirements, loadModGraph, mainModuleRoots, maxVersion, pruningForGoVersion, req, workspaceRoots, type LoadedGraph, type ModSummary, type Pruning } from '../lib/mvs.js';
import type { MainModule } from './mainmodule.js';
import type { Summaries } from './summary.js';
import { keptGraph } from './graphmemo.js';

/** What the requirements of a workspace are made of: its main modules and go.work's go and toolchain lines. */
export interface WorkspaceReqs {
  mains: readonly MainModule[];
  goVersion?: string;
  toolchain?: string;
}

/** The requirement roots of a single main module (or of a workspace) and the (lazily loaded) graph. */
export class Requirements {
  readonly main: Version;
  /** go.mod requirements plus go@V and toolchain@T, sorted as go sorts roots. */
  readonly roots: Version[];
  readonly pruning: Pruning;
  /** Paths required directly (no "// indirect"). */
  readonly direct: Set<string>;
  /** go.mod requirements on excluded versions, left out of the roots. */
  readonly excluded: Version[];
  private readonly maxRoot = new Map<string, string>();
  private graphMemo?: Promise<LoadedGraph>;

  /** @param roots the roots to use instead of go.mod's (after an update of the roots) */
  /** @param pruning the pruning to use instead of the go version's (go mod tidy -go=) */
  /** Main module paths (one outside workspace mode). */
  private readonly mainPaths: Set<string>;
  private readonly mainFiles = new Map<string, MainModule>();

  constructor(readonly mm: MainModule, readonly summaries: Summaries, readonly concurrency = 4, roots?: Version[], pruning?: Pruning, readonly workspace?: WorkspaceReqs) {
    this.main = { path: mm.path, version: '' };
    this.mainPaths = new Set([mm.path]);
    if (workspace) {
      // go's requirementsFromModFiles in workspace mode: the main modules are the roots.
      this.mainPaths = new Set(workspace.mains.map((m) => m.path));
      for (const m of workspace.mains) this.mainFiles.set(m.path, m);
      this.excluded = [];
      this.roots = roots ?? workspaceRoots(workspace.mains.map((m) => ({ path: m.path, version: '' })), workspace.goVersion, workspace.toolchain);
      this.pruning = 'workspace';
      this.direct = new Set(workspace.mains.flatMap((m) => m.file.require.filter((r) => !r.indirect).map((r) => r.path)));
      for (const r of this.roots) {
        if (r.version === '' && this.mainPaths.has(r.path)) continue;
        const v = this.maxRoot.get(r.path);
        if (v === undefined || gover.modCompare(r.path, v, r.version) < 0) this.maxRoot.set(r.path, r.version);
      }
      return;
    }
    // go's rootsFromModFile: requirements on excluded versions are not roots (go.mod then needs an update).
    const ex = summaries.o.exclude;
    this.excluded = ex.size > 0 ? mm.file.require.filter((r) => ex.has(r)).map((r) => ({ path: r.path, version: r.version })) : [];
    const kept = this.excluded.length > 0 ? mm.file.require.filter((r) => !ex.has(r)) : mm.file.require;
    const req = kept.map((r) => ({ path: r.path, version: r.version }));
    this.roots = roots ?? mainModuleRoots(req, mm.file.go?.version, mm.file.toolchain?.name);
    this.pruning = pruningForGoVersion(mm.goVersion === '' ? '' : mm.goVersion);
    if (mm.goVersion === '') this.pruning = 'unpruned';
    if (pruning) this.pruning = pruning;
    this.direct = new Set(kept.filter((r) => !r.indirect).map((r) => r.path));
    for (const r of this.roots) {
      const v = this.maxRoot.get(r.path);
      if (v === undefined || gover.modCompare(r.path, v, r.version) < 0) this.maxRoot.set(r.path, r.version);
    }
  }

  /** The version of path among the roots ("" for the main module), or undefined (go's rootSelected). */
  rootSelected(path: string): string | undefined {
    if (this.mainPaths.has(path)) return '';
    return this.maxRoot.get(path);
  }

  /**
   * -mod=vendor (go's initVendor): the graph is what vendor/modules.txt lists, nothing is read.
   * Pruned: the roots are the whole graph, and each vendored module must be a root at its
   * vendored version (returned: the ones that are not). Unpruned: the main module also requires
   * a "vendor/modules.txt" module that requires every vendored module.
   */
  initVendor(vendorList: readonly Version[]): Version[] {
    const notRoots: Version[] = [];
    const vendorMod = { path: 'vendor/modules.txt', version: '' };
    if (this.workspace) {
      // Each workspace module requires what its go.mod says, plus the modules.txt stand-in for the rest.
      const g = new Graph(cmpVersion, this.roots);
      for (const m of this.workspace.mains) {
        const reqs = mainModuleRoots(m.file.require.map((r) => ({ path: r.path, version: r.version })), m.file.go?.version);
        g.require({ path: m.path, version: '' }, [...reqs, vendorMod]);
      }
      g.require(vendorMod, vendorList);
      this.graphMemo = Promise.resolve({ graph: g });
      this.vendored = true;
      return notRoots;
    }
    const g = new Graph(cmpVersion, [this.main]);
    if (this.pruning === 'pruned') {
      for (const m of vendorList) if (this.rootSelected(m.path) !== m.version) notRoots.push(m);
      g.require(this.main, this.roots);
    } else {
      g.require(this.main, [...this.roots, vendorMod]);
      g.require(vendorMod, vendorList);
    }
    this.graphMemo = Promise.resolve({ graph: g });
    this.vendored = true;
    return notRoots;
  }

  private vendored = false;

  /** The module graph, loaded once (go's rs.Graph). */
  graph(): Promise<LoadedGraph> {
    if (this.workspace) {
      const graphRoots = this.workspace.mains.map((m) => ({ path: m.path, version: '' }));
      const mains = this.workspace.mains.map((m) => ({ path: m.path, goVersion: m.goVersion, require: m.file.require.map((r) => ({ path: r.path, version: r.version })) }));
      this.graphMemo ??= keptGraph({ graphRoots, roots: this.roots, pruning: 'workspace', mains }, this.summaries, (m) => this.graphSummary(m), (summary) => loadModGraph({
        graphRoots,
        roots: this.roots,
        pruning: 'workspace',
        summary,
        concurrency: this.concurrency,
      }));
      return this.graphMemo;
    }
    const summary = async (m: Version): Promise<ModSummary> => {
      const s = await this.summaries.summary(m);
      return { require: s.require, pruning: s.pruning };
    };
    this.graphMemo ??= keptGraph({ graphRoots: [this.main], roots: this.roots, pruning: this.pruning }, this.summaries, summary, (summary) => loadModGraph({
      graphRoots: [this.main],
      mainModule: this.main,
      roots: this.roots,
      pruning: this.pruning,
      summary,
      concurrency: this.concurrency,
    }));
    return this.graphMemo;
  }

  /**
   * The graph as a main module at go version goVersion would see it (go mod graph -go): an
   * older version can switch a pruned graph to unpruned, never the reverse.
   */
  graphForGo(goVersion: string): Promise<LoadedGraph> {
    const rootGo = this.rootSelected('go') ?? '';
    if (gover.compare(rootGo, gover.GO_STRICT_VERSION) >= 0 && gover.compare(goVersion, rootGo) < 0) {
      return Promise.reject(new Error(`requested Go version ${goVersion} cannot load module graph (requires Go >= ${rootGo})`));
    }
    if (pruningForGoVersion(goVersion) === 'unpruned' && this.pruning !== 'unpruned') {
      return loadModGraph({
        graphRoots: [this.main],
        mainModule: this.main,
        roots: this.roots,
        pruning: 'unpruned',
        summary: async (m) => {
          const s = await this.summaries.summary(m);
          return { require: s.require, pruning: s.pruning };
        },
        concurrency: this.concurrency,
      });
    }
    return this.graph();
  }

  /**
   * go's expandGraph for an unpruned main module: when the graph selects a version of some root
   * other than the root's, the roots are recomputed (the minimal requirements keeping the build
   * list) and the graph is loaded again from them. A pruned graph's roots are each raised to the
   * selected version instead.
   */
  async expandedGraph(): Promise<LoadedGraph> {
    const loaded = await this.graph();
    // A workspace's roots are its modules, a vendored graph is modules.txt: nothing to update.
    if (loaded.error || this.vendored || this.workspace) return loaded;
    const g = loaded.graph;
    if (this.roots.every((m) => g.selected(m.path) === m.version)) return loaded;
    if (this.pruning !== 'unpruned') return this.prunedRootsSelected(loaded);
    const rootPaths: string[] = [];
    const inRoot = new Set<string>();
    for (const r of this.roots) {
      if (!inRoot.has(r.path) && g.selected(r.path) === r.version) {
        rootPaths.push(r.path);
        inRoot.add(r.path);
      }
    }
    const keep = g.buildList().slice(1);
    for (const m of keep) {
      if (this.direct.has(m.path) && !inRoot.has(m.path)) {
        rootPaths.push(m.path);
        inRoot.add(m.path);
      }
    }
    const reqs = {
      required: async (m: Version): Promise<readonly Version[]> => {
        if (m.version === '' && m.path === this.main.path) return keep;
        return (await this.summaries.summary(m)).require;
      },
      max: maxVersion,
    };
    const roots = await req(this.main, rootPaths, reqs);
    return new Requirements(this.mm, this.summaries, this.concurrency, roots).graph();
  }

  /**
   * go's updatePrunedRoots with no packages: each root path (once) at the version the graph
   * selects, reloading the graph until the roots are stable (go mod graph on a go.mod whose
   * requirement was lowered below another module's shows the raised root).
   */
  private async prunedRootsSelected(loaded: LoadedGraph): Promise<LoadedGraph> {
    let rs: Requirements = this;
    for (;;) {
      const g = loaded.graph;
      const seen = new Set<string>([this.main.path]);
      const roots: Version[] = [];
      let upgraded = false;
      for (const m of rs.roots) {
        if (seen.has(m.path)) continue;
        seen.add(m.path);
        const v = g.selected(m.path);
        if (v !== m.version) upgraded = true;
        roots.push({ path: m.path, version: v });
      }
      if (!upgraded) return loaded;
      rs = new Requirements(this.mm, this.summaries, this.concurrency, roots);
      loaded = await rs.graph();
      if (loaded.error) return loaded;
    }
  }

  /** A module's summary for the graph; a workspace module's comes from its go.mod as read. */
  private async graphSummary(m: Version): Promise<ModSummary> {
    const mf = m.version === '' ? this.mainFiles.get(m.path) : undefined;
    if (mf) {
      const reqs = mf.file.require.filter((r) => !this.summaries.o.exclude.has(r)).map((r) => ({ path: r.path, version: r.version }));
      return { require: graphRequirements(reqs, mf.goVersion), pruning: mf.goVersion === '' ? 'unpruned' : pruningForGoVersion(mf.goVersion) };
    }
    const s = await this.summaries.summary(m);
    return { require: s.require, pruning: s.pruning };
  }

  /** Whether the graph has been requested already. */
  get graphLoaded(): boolean {
    return this.graphMemo !== undefined;
  }

  /** The build list: the main module, then every selected module sorted by path (go and toolchain included). */
  async buildList(): Promise<Version[]> {
    const { graph, error } = await this.graph();
    if (error) throw error;
    return graph.buildList();
  }
}
