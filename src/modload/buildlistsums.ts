// Which go.sum entries a build-style command (-mod=mod, or a workspace's go.work.sum) may record:
// go's keepSums with addBuildListZipSums. Sums looked up for modules that did not end up in the
// build list (a failed import lookup) are not written.
import * as gover from '../lib/gover.js';
import type { Version } from '../lib/module.js';
import type { Graph } from '../lib/mvs.js';
import type { ModState } from './state.js';

/** The parts of the requirements keepSums looks at. */
export interface SumSource {
  roots: readonly Version[];
  /** The loaded module graph, or undefined when nothing has needed it (only the roots are then known). */
  graph: Graph | undefined;
  /** Whether a module is a main module (its sums are never recorded). */
  isMain(m: Version): boolean;
  resolve(m: Version): Version;
  /** Whether the go.mod sum of each build-list module is kept with its zip sum. */
  keepModSumsForZipSums: boolean;
}

/** The kept entries as "path version" and "path version/go.mod" keys. */
export function buildListSums(s: SumSource): Set<string> {
  const keep = new Set<string>();
  const add = (m: Version, zip: boolean, mod: boolean): void => {
    if (s.isMain(m) || gover.isToolchain(m.path)) return;
    const r = s.resolve(m);
    if (r.version === '') return; // a directory replacement has no sums
    if (mod) keep.add(`${r.path} ${r.version}/go.mod`);
    if (zip) keep.add(`${r.path} ${r.version}`);
  };
  if (!s.graph) {
    // The graph was never needed: the roots' sums, without loading it just for this.
    for (const m of s.roots) add(m, true, true);
    return keep;
  }
  const g = s.graph;
  // Every go.mod whose requirements are in the graph decides the build list, selected or not.
  g.walkBreadthFirst((m) => {
    if (g.requiredBy(m) !== undefined) add(m, false, true);
  });
  for (const m of g.buildList()) add(m, true, s.keepModSumsForZipSums);
  return keep;
}

/** buildListSums over a module state; the graph counts only if something has loaded it already. */
export async function stateBuildListSums(st: ModState): Promise<Set<string>> {
  let graph: Graph | undefined;
  if (st.reqs.graphLoaded) {
    const loaded = await st.reqs.graph();
    graph = loaded.graph;
  }
  const goVersion = st.reqs.rootSelected('go') ?? gover.DEFAULT_GO_MOD_VERSION;
  return buildListSums({
    roots: st.reqs.roots,
    graph,
    isMain: (m) => m.version === '' && st.mainByPath(m.path) !== undefined,
    resolve: (m) => st.replace.resolve(m),
    keepModSumsForZipSums: st.buildMod === 'mod' || gover.compare(goVersion, gover.TIDY_GO_MOD_SUM_VERSION) >= 0,
  });
}

/** The keep predicate writeGoSum takes. */
export function keepPredicate(keep: Set<string>): (m: Version) => boolean {
  return (m) => keep.has(`${m.path} ${m.version}`);
}
