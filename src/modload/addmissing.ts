// -mod=mod: after a load round, finds modules for missing imports and requires them (go's resolveMissingImports + commitRequirements).
import * as gover from '../lib/gover.js';
import { errorAs, type Version } from '../lib/module.js';
import { BuildListError, pruningForGoVersion } from '../lib/mvs.js';
import { ModloadError } from './errors.js';
import type { Fetcher } from '../modfetch/fetcher.js';
import { fetcherQueryRepo, Querier } from './query.js';
import { queryImport, writeAddedRequirements } from './queryimport.js';
import type { ModuleResolver } from './resolver.js';
import type { ModState } from './state.js';
import { keepPredicate, stateBuildListSums } from './buildlistsums.js';

/**
 * The import whose lookup failed with the TooNewError asking for the newest Go (the first such in
 * paths' order on a tie), as go picks the error it reports after resolving missing imports.
 */
export function maxTooNewImport(paths: readonly string[], errOf: (path: string) => Error | undefined): { path: string; err: gover.TooNewError } | undefined {
  let max: { path: string; err: gover.TooNewError } | undefined;
  for (const p of paths) {
    const e = errOf(p);
    const err = e ? errorAs(e, gover.TooNewError) : undefined;
    if (err && (!max || gover.compare(err.goVersion, max.err.goVersion) > 0)) max = { path: p, err };
  }
  return max;
}

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
  /** The package each module found for a missing import was added for (go's modAddedBy). */
  const addedBy = new Map<string, string>();
  if (paths.length > 0) {
    const q = new Querier({ repo: fetcherQueryRepo(fetcher), mainPaths: new Set([st.main.path]), replace: st.replace, exclude: st.exclude });
    const found = await Promise.all(paths.map((p) => queryImport(q, st, p, stderr)));
    // A module found for an import whose go.mod needs a newer Go stops the lookup before anything is
    // added, naming the import that asks for the newest (go's resolveMissingImports).
    const tooNew = maxTooNewImport(paths, (p) => st.importQueryErrs.get(p));
    if (tooNew) {
      stderr(`go: toolchain upgrade needed to resolve ${tooNew.path}\n`);
      throw tooNew.err;
    }
    for (let i = 0; i < paths.length; i++) {
      const m = found[i];
      if (!m) {
        newErrs = true;
        continue;
      }
      stderr(`go: found ${paths[i]} in ${m.path} ${m.version}\n`);
      add.push({ mod: m, indirect: !resolver.missing.get(paths[i]!) });
      if (!addedBy.has(m.path)) addedBy.set(m.path, paths[i]!);
    }
  }
  if (addedBy.size > 0 && st.reqs.pruning === 'unpruned') await checkAddedRoots(st, add, addedBy, resolver);
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
  if (addGo !== '' && st.reqs.pruning === 'unpruned' && pruningForGoVersion(addGo) === 'pruned') {
    // go's convertPruning: every module of the unpruned build list becomes a root of the pruned graph.
    const { graph, error } = await st.reqs.graph();
    if (error) throw error;
    for (const m of graph.buildList()) {
      if (m.version === '' || gover.isToolchain(m.path) || st.reqs.rootSelected(m.path) !== undefined || add.some((a) => a.mod.path === m.path)) continue;
      add.push({ mod: m, indirect: !resolver.directMods.has(m.path) });
    }
  }
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

/**
 * go's updateRoots after resolving missing imports: an unpruned graph with the new requirements
 * is loaded before go.mod is written; an error in a module just added is reported with the import
 * stack of the package it was added for (more telling than the requirement chain).
 */
async function checkAddedRoots(st: ModState, add: { mod: Version }[], addedBy: Map<string, string>, resolver: ModuleResolver): Promise<void> {
  const roots = new Map(st.reqs.roots.map((r) => [r.path, r]));
  for (const a of add) roots.set(a.mod.path, a.mod);
  try {
    await st.withRoots([...roots.values()]).loadGraph();
  } catch (e) {
    if (!(e instanceof BuildListError)) throw e;
    const pkg = addedBy.get(e.module().path);
    if (pkg === undefined) throw e;
    throw new ModloadError(`${resolver.stackText(pkg)}: ${e.err.message}`);
  }
}
