// go mod tidy: load "all" with tests (every build tag), add missing modules, compute the tidy roots, go.mod text and the go.sum entries to keep.
import * as gover from '../lib/gover.js';
import { checkImportPath, errorAs, type Version } from '../lib/module.js';
import { FatalError } from '../modfetch/errors.js';
import { reparseMainModFile } from './mainmodule.js';
import { BuildListError, buildList, maxVersion, pruningForGoVersion, req, type Graph, type Pruning } from '../lib/mvs.js';
import type { Fetcher } from '../modfetch/fetcher.js';
import { AmbiguousImportError, errorText, ImportMissingError, ModloadError } from './errors.js';
import { loadPackageGraph, mainModulePackages, type PkgGraph, type PkgNode } from './pkggraph.js';
import { rootsConsistent } from './pkgall.js';
import { fetcherQueryRepo, Querier } from './query.js';
import { queryImport } from './queryimport.js';
import type { ModState } from './state.js';

export interface TidyOptions {
  /** -go: the go version to write ("" keeps go.mod's). */
  goVersion: string;
  /** -compat ("" for go's default). */
  compat: string;
  /** Where "go: finding module ..." and error lines go. */
  stderr: (s: string) => void;
  /** -e */
  allowErrors: boolean;
  /** Look up modules for missing imports (go's ResolveMissingImports; go work sync does not). */
  resolveMissing?: boolean;
  /** -x: prints a trace line. */
  trace?: (line: string) => void;
}

export interface TidyResult {
  /** The state over the tidy requirements. */
  st: ModState;
  /** go.mod as read, formatted (the -diff base), and as tidy writes it. */
  goModBefore: string;
  goModAfter: string;
  /** go.sum entries to keep, as "path version" (version ends in /go.mod for go.mod sums). */
  keep: Set<string>;
  /** Package errors, each as go prints it without the "go: " prefix, in go's order. */
  errors: string[];
  /** Paths of go.mod requirements tidy dropped (go mod tidy -v). */
  unused: string[];
  /** -compat mismatches (without "go: ") and the advice go prints after them. */
  compatErrors: string[];
  compatHints: string;
}

const sumKey = (m: Version): string => `${m.path} ${m.version}`;
const modKey = (m: Version): string => `${m.path} ${m.version}/go.mod`;

/** A module root set keyed by path, the higher version winning (go's updateRoots never lowers a root while loading). */
export function mergeRoots(a: readonly Version[], b: readonly Version[]): Version[] {
  const by = new Map<string, string>();
  for (const m of [...a, ...b]) {
    const v = by.get(m.path);
    if (v === undefined || gover.modCompare(m.path, v, m.version) < 0) by.set(m.path, m.version);
  }
  return gover.modSort([...by].map(([path, version]) => ({ path, version })));
}

const sameRoots = (a: readonly Version[], b: readonly Version[]): boolean =>
  a.length === b.length && a.every((m, i) => m.path === b[i]!.path && m.version === b[i]!.version);

/** Each root at the version selected(path) gives, the toolchain line kept as it is (go's updatePrunedRoots). */
export function rootsAtSelection(roots: readonly Version[], selected: (path: string) => string): Version[] {
  return roots.map((m) => (m.path === 'toolchain' ? m : { path: m.path, version: selected(m.path) }));
}

/** Each root at the version the full module graph selects. */
async function selectedRoots(st: ModState, roots: readonly Version[]): Promise<Version[]> {
  const mg = await loadedGraph(st);
  return rootsAtSelection(roots, (p) => mg.selected(p));
}

/** next, with the import lookup errors prev has recorded (they stay reported until asked again). */
function carryQueryErrs(prev: ModState, next: ModState): ModState {
  for (const [p, e] of prev.importQueryErrs) next.importQueryErrs.set(p, e);
  return next;
}

/** The packages in go's ld.pkgs order: breadth first from the roots, imports then the test (go's buildStacks). */
export function packageOrder(g: PkgGraph): PkgNode[] {
  const out: PkgNode[] = [];
  const seen = new Set<PkgNode>();
  for (const r of g.roots) {
    if (!seen.has(r)) {
      seen.add(r);
      out.push(r);
    }
  }
  for (let i = 0; i < out.length; i++) {
    const p = out[i]!;
    for (const n of [...p.imports, ...(p.test ? [p.test] : [])]) {
      if (!seen.has(n)) {
        seen.add(n);
        out.push(n);
      }
    }
  }
  return out;
}

/** go's stackText: the import chain to pkg ("a imports\n\tb tested by\n\tb.test imports\n\tc"). */
export function stackText(pkg: PkgNode): string {
  const stack: PkgNode[] = [];
  for (let p: PkgNode | undefined = pkg; p; p = p.stack) stack.push(p);
  let s = '';
  for (let i = stack.length - 1; i >= 0; i--) {
    const p = stack[i]!;
    s += p.path + (p.testOf ? '.test' : '');
    if (i > 0) s += stack[i - 1]!.testOf === p ? ' tested by\n\t' : ' imports\n\t';
  }
  return s;
}

function versionKey(m: Version): string {
  return `${m.path}@${m.version}`;
}

function withCause<E extends Error>(e: E, cause: Error): E {
  e.cause = cause; // the toolchain switcher looks for a TooNewError through causes
  return e;
}

/** The TooNewError of the loaded packages asking for the newest Go, if any. */
function maxTooNew(order: readonly PkgNode[]): gover.TooNewError | undefined {
  let max: gover.TooNewError | undefined;
  for (const p of order) {
    if (p.err instanceof gover.TooNewError && (!max || gover.compare(p.err.goVersion, max.goVersion) > 0)) max = p.err;
  }
  return max;
}

/** Whether n comes from a module other than the main module (go's fromExternalModule). */
function external(st: ModState, n: PkgNode): n is PkgNode & { mod: Version } {
  return n.mod !== undefined && !n.std && !(n.mod.path === st.main.path && n.mod.version === '');
}

/** The modules providing packages directly imported by the main module's packages and tests. */
function directModules(st: ModState, order: PkgNode[]): Set<string> {
  const direct = new Set<string>();
  for (const p of order) {
    if (!p.mod || p.mod.version !== '' || p.mod.path !== st.main.path) continue;
    for (const d of p.imports) if (external(st, d)) direct.add(d.mod.path);
  }
  return direct;
}

async function loadedGraph(st: ModState): Promise<Graph> {
  const { graph, error } = await st.reqs.graph();
  if (error) throw error;
  return graph;
}

/** go's tidyPrunedRoots: a root for every module providing a package in "all", then for upgraded test dependencies, nearest first. */
async function tidyPrunedRoots(st: ModState, g: PkgGraph, order: PkgNode[]): Promise<Version[]> {
  let roots: Version[] = [];
  const pathIsRoot = new Set<string>([st.main.path]);
  for (const p of ['go', 'toolchain']) {
    const v = st.reqs.rootSelected(p);
    if (v !== undefined) {
      roots.push({ path: p, version: v });
      pathIsRoot.add(p);
    }
  }
  let queue: PkgNode[] = [];
  const queued = new Set<PkgNode>();
  for (const p of order) {
    if (!g.inAll.has(p)) continue;
    if (external(st, p) && !pathIsRoot.has(p.mod.path)) {
      roots.push(p.mod);
      pathIsRoot.add(p.mod.path);
    }
    queue.push(p);
    queued.add(p);
  }
  roots = gover.modSort(roots);
  let tidy = st.withRoots(roots, 'pruned');
  while (queue.length > 0) {
    const mg = await loadedGraph(tidy);
    const prev = queue;
    queue = [];
    const grown = [...tidy.reqs.roots];
    for (const p of prev) {
      const m = p.mod;
      if (!m || m.path === '') continue;
      for (const d of [...p.imports, ...(p.test ? [p.test] : [])]) {
        if (!queued.has(d)) {
          queued.add(d);
          queue.push(d);
        }
      }
      if (!pathIsRoot.has(m.path) && gover.modCompare(m.path, mg.selected(m.path), m.version) < 0) {
        grown.push(m);
        pathIsRoot.add(m.path);
      }
    }
    if (grown.length > tidy.reqs.roots.length) tidy = st.withRoots(gover.modSort(grown), 'pruned');
  }
  await loadedGraph(tidy);
  // Dropping roots may leave an import ambiguous that the pruned graph had made unambiguous: the
  // module it was loaded from becomes a root again, until no import is ambiguous (go.dev/issue/60313).
  for (;;) {
    const add = new Map<string, Version>();
    for (const p of order) {
      if (!p.mod || p.mod.path === '' || pathIsRoot.has(p.mod.path) || p.std) continue;
      try {
        await tidy.importPackage(p.path);
      } catch (e) {
        if (e instanceof AmbiguousImportError) add.set(`${p.mod.path}@${p.mod.version}`, p.mod);
      }
    }
    if (add.size === 0) break;
    for (const m of add.values()) pathIsRoot.add(m.path);
    tidy = st.withRoots(gover.modSort([...tidy.reqs.roots, ...add.values()]), 'pruned');
    await loadedGraph(tidy);
  }
  return [...tidy.reqs.roots];
}

/** go's tidyUnprunedRoots: the minimal requirements (mvs.Req) keeping every module that provides a package, direct ones listed. */
async function tidyUnprunedRoots(st: ModState, order: PkgNode[], direct: Set<string>): Promise<Version[]> {
  const keep: Version[] = [];
  const kept = new Set<string>();
  for (const p of ['go', 'toolchain']) {
    const v = st.reqs.rootSelected(p);
    if (v !== undefined) {
      keep.push({ path: p, version: v });
      kept.add(p);
    }
  }
  const rootPaths: string[] = [];
  // Modules whose paths are prefixes of a loaded package's, at the versions loading saw (go's
  // altMods): dropping one may not downgrade it, or a later load could find the import ambiguous.
  const altMods = new Map<string, string>();
  const mg = await loadedGraph(st);
  for (const p of order) {
    if (!external(st, p)) continue;
    if (!kept.has(p.mod.path)) {
      keep.push(p.mod);
      kept.add(p.mod.path);
      if (direct.has(p.mod.path)) rootPaths.push(p.mod.path);
    }
    for (let q = p.path; q.includes('/'); ) {
      q = q.slice(0, q.lastIndexOf('/'));
      if (q === p.mod.path) continue;
      const v = mg.selected(q);
      if (v !== 'none' && q !== st.main.path) altMods.set(q, v);
    }
  }
  const main = { path: st.main.path, version: '' };
  const reqs = {
    required: async (m: Version): Promise<readonly Version[]> => {
      if (m.version === '' && m.path === main.path) return keep;
      if (m.path === 'go' || m.path === 'toolchain') return [];
      return (await st.summaries.summary(m)).require;
    },
    max: maxVersion,
  };
  const min = await req(main, rootPaths, reqs);
  const list = await buildList([main], reqs);
  let keptAlt = false;
  for (const m of list) {
    const v = altMods.get(m.path);
    if (v !== undefined && gover.modCompare(m.path, m.version, v) < 0) {
      keep.push({ path: m.path, version: v });
      keptAlt = true;
    }
  }
  return keptAlt ? req(main, rootPaths, reqs) : min;
}

/** go's keepSums with loadedZipSumsOnly: the go.sum entries a tidy go.sum holds. */
export async function keepSums(st: ModState, order: PkgNode[], goVersion: string): Promise<Set<string>> {
  const keep = new Set<string>();
  const keepPkgGoModSums = gover.compare(goVersion, gover.TIDY_GO_MOD_SUM_VERSION) >= 0;
  // As go's keepSums, a graph that failed to load (tidy -e) counts as far as it got.
  const { graph: mg } = await st.reqs.graph();
  const resolve = (m: Version): Version => st.replace.resolve(m);
  const prefixes = (path: string): string[] => {
    const out: string[] = [];
    for (let p = path; p !== '.' && p !== ''; ) {
      out.push(p);
      const j = p.lastIndexOf('/');
      p = j < 0 ? '.' : p.slice(0, j);
    }
    return out;
  };
  for (const p of order) {
    if (p.testOf || (!p.mod && !p.err) || p.std || checkImportPath(p.path) !== undefined) continue;
    const mod = p.mod ?? { path: '', version: '' };
    if (keepPkgGoModSums) keep.add(modKey(resolve(mod)));
    if (st.reqs.pruning === 'pruned' && mod.path !== '' && st.reqs.rootSelected(mod.path) === mod.version) {
      for (const prefix of prefixes(p.path)) {
        const v = st.reqs.rootSelected(prefix);
        if (v !== undefined && v !== 'none') keep.add(sumKey(resolve({ path: prefix, version: v })));
      }
      continue;
    }
    for (const prefix of prefixes(p.path)) {
      const v = mg.selected(prefix);
      if (v === 'none') continue;
      const r = resolve({ path: prefix, version: v });
      keep.add(sumKey(r));
      if (keepPkgGoModSums) keep.add(modKey(r));
    }
  }
  mg.walkBreadthFirst((m) => {
    if (mg.requiredBy(m) !== undefined) keep.add(modKey(resolve(m)));
  });
  return keep;
}

/**
 * go has read the go.mod of every module whose go.mod sum it keeps: those of the module graph, and
 * (go >= 1.21) the go.mod of each module providing a loaded package, a test-only dependency's too
 * (importFromModules reads it for the package's Go version). gocmd reads some of those lazily or
 * not at all, so a kept go.mod sum that go.sum lacks is checked now, which records it.
 */
async function recordKeptGoModSums(fetcher: Fetcher, keep: Set<string>): Promise<void> {
  const missing: Version[] = [];
  for (const k of keep) {
    const sp = k.indexOf(' ');
    const path = k.slice(0, sp);
    const version = k.slice(sp + 1);
    if (!version.endsWith('/go.mod') || fetcher.haveSum({ path, version })) continue;
    missing.push({ path, version: version.slice(0, -'/go.mod'.length) });
  }
  // A go.mod that cannot be had is left out of go.sum, as before; go would have failed earlier.
  await Promise.all(missing.map((m) => fetcher.goMod(m.path, m.version).catch(() => undefined)));
}

/** Runs go mod tidy's loading over st (opened with -mod=mod) and computes what to write. */
export async function tidy(st0: ModState, fetcher: Fetcher, o: TidyOptions): Promise<TidyResult> {
  // A go.mod without a go line gets the running go's version (go's -mod=mod rule in loadModFile).
  const noGoLine = st0.main.file.go === undefined;
  // The go version, and so the graph's pruning and what "all" means, can rise while loading: a module
  // added for a missing import may need a newer Go (go's updateGoVersion at each round of loading).
  let goVersion = o.goVersion !== '' ? o.goVersion : noGoLine ? st0.o.localGo : (st0.reqs.rootSelected('go') ?? gover.DEFAULT_GO_MOD_VERSION);
  let pruning: Pruning = pruningForGoVersion(goVersion);
  let closesOverTests = gover.compare(goVersion, gover.NARROW_ALL_VERSION) < 0;
  const mainPkgs = mainModulePackages(st0.main.path, st0.main.dir, o.trace, st0.o.scanner);
  const q = new Querier({ repo: fetcherQueryRepo(fetcher), mainPaths: new Set([st0.main.path]), replace: st0.replace, exclude: st0.exclude });
  // A requirement on the main module itself is never a root (go's updatePrunedRoots skips main module paths).
  let roots = st0.reqs.roots.filter((m) => m.path !== st0.main.path && !(noGoLine && m.path === 'go'));
  if (noGoLine) roots = gover.modSort([...roots, { path: 'go', version: goVersion }]);
  if (st0.reqs.pruning === 'unpruned' && pruning === 'pruned') roots = await prunedRootsOf(st0, roots);
  // go's skipImportModFiles: before go 1.21 tidy does not read the go.mod of every module providing a package.
  st0.skipImportModFiles = gover.compare(goVersion, gover.TIDY_GO_MOD_SUM_VERSION) < 0;
  let st = st0.withRoots(roots, pruning);
  let g: PkgGraph;
  let order: PkgNode[];
  /** The package whose lookup added each module in the last round (go's modAddedBy). */
  let addedBy = new Map<string, PkgNode>();
  /** Whether the last round added roots: go's updatePrunedRoots then raises every root to its full-graph selection. */
  let rootsAdded = false;
  for (let iter = 0; ; iter++) {
    const rootGo = o.goVersion !== '' ? o.goVersion : roots.find((m) => m.path === 'go')?.version;
    if (rootGo !== undefined && rootGo !== goVersion) {
      goVersion = rootGo;
      closesOverTests = gover.compare(goVersion, gover.NARROW_ALL_VERSION) < 0;
      st0.skipImportModFiles = gover.compare(goVersion, gover.TIDY_GO_MOD_SUM_VERSION) < 0;
      if (pruning === 'unpruned' && pruningForGoVersion(goVersion) === 'pruned') {
        roots = await prunedRootsOf(st, roots);
        pruning = 'pruned';
      }
      st = carryQueryErrs(st, st0.withRoots(roots, pruning));
    }
    try {
      await st.loadGraph();
    } catch (e) {
      // An error in a module just added for a missing import is reported with that package's import stack.
      const n = e instanceof BuildListError ? addedBy.get(versionKey(e.module())) : undefined;
      if (n) throw withCause(new ModloadError(`${stackText(n)}: ${(e as BuildListError).err.message}`), (e as BuildListError).err);
      // go loads a pruned graph only when loading needs it: packages found in root modules still
      // load, and the error surfaces where go first asks for the whole graph (computing tidy's roots).
      // A go.sum mismatch stays fatal wherever it is met (go's base.Fatalf in modfetch).
      if (!(e instanceof BuildListError) || pruning !== 'pruned' || addedBy.size > 0 || errorAs(e, FatalError)) throw e;
    }
    if (pruning === 'unpruned' && o.goVersion === '' && iter < 49) {
      // go's updateUnprunedRoots keeps "go" among the roots (every module uses it directly) at the
      // version the graph selects: a requirement, or a module just added for a missing import, that
      // needs a newer Go raises the go line, and loading goes on with that version's pruning.
      const selected = (await loadedGraph(st)).selected('go');
      const root = roots.find((m) => m.path === 'go');
      if (root && selected !== 'none' && gover.compare(selected, root.version) > 0) {
        roots = roots.map((m) => (m.path === 'go' ? { path: 'go', version: selected } : m));
        st = carryQueryErrs(st, st0.withRoots(roots, pruning));
        continue;
      }
    }
    if (rootsAdded && pruning === 'pruned' && iter < 49) {
      rootsAdded = false;
      const upgraded = await selectedRoots(st, roots);
      if (!sameRoots(upgraded, roots)) {
        roots = upgraded;
        st = carryQueryErrs(st, st0.withRoots(roots, pruning));
        continue;
      }
    }
    addedBy = new Map();
    // A load of "all": go.mod tool packages are roots and, as tidy loads tests of everything in "all",
    // so are their tests' imports (a tool's test dependencies keep their modules).
    g = await loadPackageGraph(st, mainPkgs, { tests: true, closesOverTests, all: true });
    order = packageOrder(g);
    // go's updateRequirements: a module providing a package needs a newer Go (the newest asked wins).
    const tooNew = maxTooNew(order);
    if (tooNew) throw tooNew;
    if (iter >= 50) break;
    // Inconsistent roots (a root's go.mod requires a higher version of another root): the full
    // graph's selections become the roots, and loading starts again (go's updatePrunedRoots).
    if (pruning === 'pruned' && iter < 49) {
      const relevant = [...new Map(order.filter((p) => g.inAll.has(p) && external(st, p)).map((p) => [p.mod!.path, p.mod!])).values()];
      if (!(await rootsConsistent(st, relevant))) {
        const upgraded = await selectedRoots(st, roots);
        if (!sameRoots(upgraded, roots)) {
          roots = upgraded;
          st = carryQueryErrs(st, st0.withRoots(roots, pruning));
          continue;
        }
      }
    }
    // Roots only grow while loading; a root that raises a loaded package's module means loading again.
    let tidyNow: Version[];
    try {
      tidyNow = pruning === 'pruned' ? await tidyPrunedRoots(st, g, order) : await tidyUnprunedRoots(st, order, directModules(st, order));
    } catch (e) {
      // go's updateRequirements hands tidyRoots' error to the loader: fatal, or with -e printed, and loading stops.
      if (!o.allowErrors || !(e instanceof Error)) throw e;
      o.stderr(`${errorText(e)}\n`);
      break;
    }
    const merged = mergeRoots(roots, tidyNow);
    if (!sameRoots(merged, roots)) {
      const mg = await loadedGraph(st.withRoots(merged, pruning));
      // New roots may also bring the modules of imports that were missing (a test-only dependency's
      // module, now a root, adds its own requirements to the pruned graph).
      const changed = order.some((p) => (external(st, p) && mg.selected(p.mod.path) !== p.mod.version) || (!p.testOf && p.err instanceof ImportMissingError));
      roots = merged;
      st = carryQueryErrs(st, st0.withRoots(roots, pruning));
      if (changed) continue;
    }
    // Missing imports: look each up (latest) and require what is found (go's resolveMissingImports),
    // only once the roots have settled: a new root may require the missing package's module, and its
    // version is the one to use, not latest (go's loadFromRoots: updateRequirements, then resolve).
    // go asks again in every round for imports it could not find before, until a round adds nothing.
    // A path reserved for std is looked up too when a replaced module could hold it (go's queryImport tries replacements first).
    const mayQuery = (p: PkgNode): boolean => p.err instanceof ImportMissingError && (p.err.queryable || (p.err.isStd && [...st.replace.highest().keys()].some((mp) => p.path === mp || p.path.startsWith(mp + '/'))));
    const missing = [...new Set(order.filter((p) => !p.testOf && p.err !== undefined && (mayQuery(p) || st.importQueryErrs.has(p.path))).map((p) => p.path))].sort();
    if (missing.length > 0 && o.resolveMissing !== false) {
      for (const p of missing) st.importQueryErrs.delete(p);
      const found = await Promise.all(missing.map((p) => queryImport(q, st, p, o.stderr)));
      const add: Version[] = [];
      missing.forEach((p, i) => {
        const m = found[i];
        if (!m) return;
        o.stderr(`go: found ${p} in ${m.path} ${m.version}\n`);
        add.push(m);
        const n = order.find((x) => x.path === p && !x.testOf);
        if (n && !addedBy.has(versionKey(m))) addedBy.set(versionKey(m), n);
      });
      roots = mergeRoots(roots, add);
      st = carryQueryErrs(st, st0.withRoots(roots, pruning));
      if (add.length > 0) {
        rootsAdded = true;
        continue;
      }
      // Nothing found: load once more so the packages carry the lookup errors.
      g = await loadPackageGraph(st, mainPkgs, { tests: true, closesOverTests, all: true });
      order = packageOrder(g);
    }
    break;
  }
  const direct = directModules(st, order);
  let tidyRoots: Version[];
  try {
    tidyRoots = pruning === 'pruned' ? await tidyPrunedRoots(st, g, order) : await tidyUnprunedRoots(st, order, direct);
  } catch (e) {
    // With -e go prints the error and keeps the requirements loading ended with.
    if (!o.allowErrors || !(e instanceof Error)) throw e;
    o.stderr(`${errorText(e)}\n`);
    tidyRoots = [...st.reqs.roots];
  }
  if (o.goVersion !== '') {
    tidyRoots = gover.modSort([...tidyRoots.filter((m) => m.path !== 'go'), { path: 'go', version: o.goVersion }]);
    const gst = st.withRoots(tidyRoots, pruning);
    const mg = await loadedGraph(gst);
    const v = mg.selected('go');
    if (v !== o.goVersion) {
      // go's Conflict.Summary over the path from the main module to go@v.
      const chain = (mg.findPath((m) => m.path === 'go' && m.version === v) ?? []).slice(1);
      const s = (m: Version): string => `${m.path}@${m.version}`;
      const first = chain[0];
      const last = chain[chain.length - 1];
      let msg = '(internal error: invalid Conflict struct)';
      if (first && last) {
        msg = chain.length === 1 ? `${s(first)} is above ${o.goVersion}` : `${s(first)} ${chain.length > 2 ? 'indirectly ' : ''}requires ${s(last)}, but ${o.goVersion} is requested`;
      }
      throw new ModloadError(msg);
    }
  }
  const fst = st.withRoots(tidyRoots, pruning);
  try {
    await fst.loadGraph();
  } catch (e) {
    if (!o.allowErrors) throw e; // -e: printed above; what follows uses the graph as far as it loaded
  }

  const errors: string[] = [];
  for (const p of order) {
    if (!p.err) continue;
    if (p.err instanceof ImportMissingError && /^package .* is not in std /.test(p.err.message)) continue;
    errors.push(`${stackText(p)}: ${p.err.message}`);
  }

  const unused: string[] = [];
  for (const m of st0.reqs.roots) {
    if (m.path === 'go' || m.path === 'toolchain') continue;
    if (pruning === 'unpruned') {
      if ((await loadedGraph(fst)).selected(m.path) === 'none') unused.push(m.path);
    } else if (fst.reqs.rootSelected(m.path) === undefined) {
      unused.push(m.path);
    }
  }

  const keep = await keepSums(fst, order, goVersion);
  const compat = await checkCompat(st0, fst, order, goVersion, o, keep);
  await recordKeptGoModSums(fetcher, keep);
  const { before, after } = tidyGoMod(st0, tidyRoots, direct);
  return { st: fst, goModBefore: before, goModAfter: after, keep, errors, unused, compatErrors: compat.errors, compatHints: compat.hints };
}

/**
 * go's checkTidyCompatibility: when the -compat version loads an unpruned graph where tidy's is
 * pruned, every package must load from the same module under it; its go.sum entries are kept too.
 */
async function checkCompat(st0: ModState, fst: ModState, order: PkgNode[], goVersion: string, o: TidyOptions, keep: Set<string>): Promise<{ errors: string[]; hints: string }> {
  let compatVersion = o.compat;
  if (compatVersion === '') compatVersion = gover.compare(goVersion, gover.GO_STRICT_VERSION) < 0 ? gover.prev(goVersion) : goVersion;
  if (gover.compare(compatVersion, goVersion) > 0) compatVersion = goVersion;
  if (pruningForGoVersion(compatVersion) === fst.reqs.pruning) return { errors: [], hints: '' };
  const cst = fst.withRoots([...fst.reqs.roots], pruningForGoVersion(compatVersion));
  const errors: string[] = [];
  let suggestUpgrade = false;
  let suggestE = false;
  const hints = (): string => {
    if (o.allowErrors) return '';
    let h = '\n';
    const goFlag = goVersion !== (st0.main.goVersion || gover.DEFAULT_GO_MOD_VERSION) ? ` -go=${goVersion}` : '';
    const compatFlag = compatVersion !== gover.prev(goVersion) ? ` -compat=${compatVersion}` : '';
    if (suggestUpgrade) {
      const [eDesc, eFlag] = suggestE ? [', leaving some packages unresolved', ' -e'] : ['', ''];
      h += `To upgrade to the versions selected by go ${compatVersion}${eDesc}:\n\tgo mod tidy${eFlag} -go=${compatVersion} && go mod tidy${eFlag} -go=${goVersion}${compatFlag}\n`;
    } else if (suggestE) {
      h += `To proceed despite packages unresolved in go ${compatVersion}:\n\tgo mod tidy -e${goFlag}${compatFlag}\n`;
    }
    h += `If reproducibility with go ${compatVersion} is not needed:\n\tgo mod tidy${goFlag} -compat=${goVersion}\n`;
    h += `For information about 'go mod tidy' compatibility, see:\n\thttps://go.dev/ref/mod#graph-pruning\n`;
    return h;
  };
  const { graph: mg, error } = await cst.reqs.graph();
  if (error) return { errors: [`error loading go ${compatVersion} module graph: ${error.message}`], hints: hints() };
  await cst.loadGraph();
  const vs = (m: Version): string => (m.version === '' ? m.path : `${m.path}@${m.version}`);
  const zero = { path: '', version: '' };
  for (const p of order) {
    if (p.testOf || (!p.mod && !p.err) || p.std) continue;
    let mod: Version = zero;
    let err: Error | undefined;
    try {
      mod = (await cst.importPackage(p.path)).mod;
    } catch (e) {
      err = e as Error;
    }
    const pm = p.mod ?? zero;
    if (mod.path === pm.path && mod.version === pm.version) continue;
    if (err) {
      if (err instanceof ImportMissingError) {
        errors.push(`${stackText(p)} loaded from ${vs(pm)},\n\tbut go ${compatVersion} would fail to locate it in ${vs({ path: pm.path, version: mg.selected(pm.path) })}`);
      } else {
        errors.push(`${stackText(p)} loaded from ${vs(pm)},\n\tbut go ${compatVersion} would fail to locate it:\n\t${err.message}`);
      }
      suggestE = true;
      if (!suggestUpgrade) suggestUpgrade = fst.reqs.roots.some((m) => mg.selected(m.path) !== m.version);
    } else if (p.err) {
      suggestUpgrade = true;
      errors.push(`${p.path} failed to load from any module,\n\tbut go ${compatVersion} would load it from ${vs(mod)}`);
    } else {
      suggestUpgrade = true;
      errors.push(`${stackText(p)} loaded from ${vs(pm)},\n\tbut go ${compatVersion} would select ${mod.version}\n`);
    }
  }
  for (const k of await keepSums(cst, order, goVersion)) keep.add(k);
  return { errors, hints: errors.length > 0 ? hints() : '' };
}

/**
 * go's convertPruning of an unpruned module turning pruned (go 1.17 and up): its whole build list
 * becomes the roots, so nothing an unpruned dependency selected is lost; tidy trims the rest.
 */
async function prunedRootsOf(st: ModState, roots: readonly Version[]): Promise<Version[]> {
  const mg = await loadedGraph(st);
  const kept = roots.filter((m) => gover.isToolchain(m.path));
  const rest = mg.buildList().filter((m) => !gover.isToolchain(m.path) && st.mainByPath(m.path) === undefined);
  return gover.modSort([...kept, ...rest]);
}

/** go's UpdateGoModFromReqs for go mod tidy: the requirements, go and toolchain lines; the text before and after. */
function tidyGoMod(st: ModState, roots: Version[], direct: Set<string>): { before: string; after: string } {
  // go's "before" is the current file as its formatter prints it (what -diff compares against).
  const f = reparseMainModFile(st.main);
  const before = f.format();
  let goVersion = '';
  let toolchain = '';
  const list: { path: string; version: string; indirect: boolean }[] = [];
  for (const m of roots) {
    if (m.path === 'go') goVersion = m.version;
    else if (m.path === 'toolchain') toolchain = m.version;
    else list.push({ path: m.path, version: m.version, indirect: !direct.has(m.path) });
  }
  if (f.go?.version !== goVersion) f.addGoStmt(goVersion);
  if (toolchain === '') toolchain = 'go' + goVersion;
  if (toolchain === 'go' + goVersion || gover.compare(gover.fromToolchain(toolchain), gover.GO_STRICT_VERSION) < 0) f.dropToolchainStmt();
  else f.addToolchainStmt(toolchain);
  if (gover.compare(goVersion, gover.SEPARATE_INDIRECT_VERSION) < 0) f.setRequire(list);
  else f.setRequireSeparateIndirect(list);
  f.cleanup();
  return { before, after: f.format() };
}
