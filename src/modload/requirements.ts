// The main module's requirements and the module graph over them (roots first, the full graph on demand).
import * as gover from '../lib/gover.js';
import type { Version } from '../lib/module.js';
import { loadModGraph, mainModuleRoots, pruningForGoVersion, type LoadedGraph, type Pruning } from '../lib/mvs.js';
import type { MainModule } from './mainmodule.js';
import type { Summaries } from './summary.js';

/** The requirement roots of a single main module and the (lazily loaded) graph. */
export class Requirements {
  readonly main: Version;
  /** go.mod requirements plus go@V and toolchain@T, sorted as go sorts roots. */
  readonly roots: Version[];
  readonly pruning: Pruning;
  /** Paths required directly (no "// indirect"). */
  readonly direct: Set<string>;
  private readonly maxRoot = new Map<string, string>();
  private graphMemo?: Promise<LoadedGraph>;

  constructor(readonly mm: MainModule, readonly summaries: Summaries, readonly concurrency = 4) {
    this.main = { path: mm.path, version: '' };
    const req = mm.file.require.map((r) => ({ path: r.path, version: r.version }));
    this.roots = mainModuleRoots(req, mm.file.go?.version, mm.file.toolchain?.name);
    this.pruning = pruningForGoVersion(mm.goVersion === '' ? '' : mm.goVersion);
    if (mm.goVersion === '') this.pruning = 'unpruned';
    this.direct = new Set(mm.file.require.filter((r) => !r.indirect).map((r) => r.path));
    for (const r of this.roots) {
      const v = this.maxRoot.get(r.path);
      if (v === undefined || gover.modCompare(r.path, v, r.version) < 0) this.maxRoot.set(r.path, r.version);
    }
  }

  /** The version of path among the roots ("" for the main module), or undefined (go's rootSelected). */
  rootSelected(path: string): string | undefined {
    if (path === this.main.path) return '';
    return this.maxRoot.get(path);
  }

  /** The module graph, loaded once (go's rs.Graph). */
  graph(): Promise<LoadedGraph> {
    this.graphMemo ??= loadModGraph({
      graphRoots: [this.main],
      mainModule: this.main,
      roots: this.roots,
      pruning: this.pruning,
      summary: async (m) => {
        const s = await this.summaries.summary(m);
        return { require: s.require, pruning: s.pruning };
      },
      concurrency: this.concurrency,
    });
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
