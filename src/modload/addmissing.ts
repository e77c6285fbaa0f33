// -mod=mod: after a load round, finds modules for missing imports and requires them (go's resolveMissingImports + commitRequirements).
import type { Version } from '../lib/module.js';
import type { Fetcher } from '../modfetch/fetcher.js';
import { fetcherQueryRepo, Querier } from './query.js';
import { queryImport, writeAddedRequirements } from './queryimport.js';
import type { ModuleResolver } from './resolver.js';
import type { ModState } from './state.js';
import { keepPredicate, stateBuildListSums } from './buildlistsums.js';

/**
 * Looks up the missing imports the resolver saw, adds the modules found to go.mod (and, for a
 * pruned graph, every module providing a relevant package that is not yet a root), writes go.sum, and
 * returns the reopened state to load again — or undefined when nothing changed.
 */
export async function addMissing(
  st: ModState,
  fetcher: Fetcher,
  resolver: ModuleResolver,
  stderr: (s: string) => void,
  reopen: () => { st: ModState; fetcher?: Fetcher },
): Promise<{ st: ModState; fetcher: Fetcher } | undefined> {
  const add: { mod: Version; indirect: boolean }[] = [];
  let newErrs = false;
  if (st.reqs.pruning === 'pruned') {
    // Every module providing a package in "all" or named on the command line is a root of a pruned
    // graph (go's updatePrunedRoots); dependencies of tests of dependencies are not. As go's
    // loadFromRoots, missing imports are looked up only once the roots are settled: a new root
    // may bring the module that provides them.
    for (const m of resolver.relevantModules()) {
      if (st.reqs.rootSelected(m.path) === undefined && !add.some((a) => a.mod.path === m.path)) add.push({ mod: m, indirect: true });
    }
  }
  const paths = add.length > 0 ? [] : [...resolver.missing.keys()].filter((p) => !st.importQueryErrs.has(p)).sort();
  if (paths.length > 0) {
    const q = new Querier({ repo: fetcherQueryRepo(fetcher), mainPaths: new Set([st.main.path]), replace: st.replace, exclude: st.exclude });
    const found = await Promise.all(paths.map((p) => queryImport(q, st, p, stderr)));
    for (let i = 0; i < paths.length; i++) {
      const m = found[i];
      if (!m) {
        newErrs = true;
        continue;
      }
      stderr(`go: found ${paths[i]} in ${m.path} ${m.version}\n`);
      add.push({ mod: m, indirect: !resolver.missing.get(paths[i]!) });
    }
  }
  // A requirement marked "// indirect" that a main module package imports directly loses the mark
  // (go's commitRequirements writes indirect as !direct).
  if (!st.workspace) {
    for (const r of st.main.file.require) {
      if (r.indirect && resolver.directMods.has(r.path) && !add.some((a) => a.mod.path === r.path)) add.push({ mod: { path: r.path, version: r.version }, indirect: false });
    }
  }
  const drop = st.reqs.excluded.length > 0;
  // A go.mod without a go line gets the local one (go's loadModFile under -mod=mod); the next round
  // then sees a pruned graph and adds the roots that needs.
  const addGo = !st.workspace && !st.main.file.go && !['mod graph', 'mod why'].includes(st.o.cmdName) ? st.o.localGo : '';
  if (add.length === 0 && !newErrs && !drop && addGo === '') return undefined;
  if (add.length > 0 || drop || addGo !== '') writeAddedRequirements(st, add, addGo);
  // The reopened state gets a fresh fetcher, so the sums used so far are written now: those of the
  // new roots and of the graph loaded so far (the final load keeps the rest as go's keepSums).
  const next = reopen();
  const keep = await stateBuildListSums(st);
  for (const k of await stateBuildListSums(next.st)) keep.add(k);
  await fetcher.writeGoSum(keepPredicate(keep), false);
  for (const [p, e] of st.importQueryErrs) next.st.importQueryErrs.set(p, e);
  return { st: next.st, fetcher: next.fetcher ?? fetcher };
}
