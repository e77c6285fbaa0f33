// Minimal version selection over an asynchronous requirement graph: build lists, minimal
// requirements, upgrades, downgrades, the module graph (as `go mod graph` walks it), and the
// pruned/unpruned graph loader that modload drives.
//
// The algorithms are those of cmd/go/internal/mvs (see research.swtch.com/vgo-mvs). Version
// strings are opaque to MVS except "none" (no version selected); Reqs.max orders them.

import * as gover from './gover.js';
import { InvalidVersionError, ModuleError, versionError, versionString, type Version } from './module.js';

/**
 * The requirement graph MVS works on.
 *
 * Contracts:
 * - required(m) resolves to the modules m requires (after any replacement/exclusion the
 *   implementation applies), or rejects with an Error when they cannot be read. It is never
 *   called for version "none". It may be called concurrently for different modules and
 *   more than once for the same module (implementations should cache). Callers must not
 *   modify the returned array.
 * - max(p, v1, v2) returns the greater of two versions of module path p (v1 on a tie). It
 *   must treat "none" as less than every version, and the main module's version "" as greater
 *   than every version. It is synchronous and pure.
 * - upgrade(m), needed by upgradeAll, resolves to the version m should be upgraded to (m
 *   itself if there is none newer).
 * - previous(m), needed by downgrade, resolves to the version of m.path just before m.version,
 *   or {path, version: "none"} if there is none.
 */
export interface Reqs {
  required(m: Version): Promise<readonly Version[]>;
  max(p: string, v1: string, v2: string): string;
  upgrade?(m: Version): Promise<Version>;
  previous?(m: Version): Promise<Version>;
}

/** A Reqs that can find upgrades. */
export interface UpgradeReqs extends Reqs {
  upgrade(m: Version): Promise<Version>;
}

/** A Reqs that can find previous versions. */
export interface DowngradeReqs extends Reqs {
  previous(m: Version): Promise<Version>;
}

/** Map key for a module version. */
export const modKey = (m: Version): string => `${m.path}\u0000${m.version}`;

const sameVersion = (a: Version, b: Version): boolean => a.path === b.path && a.version === b.version;

/**
 * Compares versions of module path p for the module graph: "" (a main module) is above every
 * version; otherwise gover.modCompare (Go versions for "go"/"toolchain", semver for the rest).
 */
export function cmpVersion(p: string, v1: string, v2: string): number {
  if (v2 === '') return v1 === '' ? 0 : -1;
  if (v1 === '') return 1;
  return gover.modCompare(p, v1, v2);
}

/** max for module versions using cmpVersion; the Reqs.max of a real module graph. */
export function maxVersion(p: string, v1: string, v2: string): string {
  return cmpVersion(p, v1, v2) < 0 ? v2 : v1;
}

// ---- errors ----

/** One step of a BuildListError chain. */
export interface BuildListErrorElem {
  m: Version;
  /** How this element leads to the next: "requires" or "updating to"; "" on the last. */
  nextReason: string;
}

/**
 * An error loading the requirements of a module in the build list, with the chain of
 * requirements that led there. Its message lists the chain, as go prints it:
 *   example.com/a@v1.0.0 requires
 *   	example.com/b@v1.2.0: reading ...: 404 Not Found
 */
export class BuildListError extends Error {
  readonly elems: readonly BuildListErrorElem[];

  /**
   * @param err  the error found loading the last module of path
   * @param path the chain from a root to the failing module
   * @param isVersionChange reports whether the step from → to is an upgrade rather than a requirement
   */
  constructor(
    readonly err: Error,
    path: readonly Version[],
    isVersionChange?: (from: Version, to: Version) => boolean,
  ) {
    const stack: BuildListErrorElem[] = [];
    for (let i = 0; i < path.length - 1; i++) {
      const reason = isVersionChange?.(path[i]!, path[i + 1]!) ? 'updating to' : 'requires';
      stack.push({ m: path[i]!, nextReason: reason });
    }
    if (path.length > 0) stack.push({ m: path[path.length - 1]!, nextReason: '' });
    super(BuildListError.format(err, stack), { cause: err });
    this.name = 'BuildListError';
    this.elems = stack;
  }

  /** The module whose requirements could not be loaded. */
  module(): Version {
    const s = this.elems;
    return s.length === 0 ? { path: '', version: '' } : s[s.length - 1]!.m;
  }

  /** The chain of modules from a root to module(). */
  chain(): Version[] {
    return this.elems.map((e) => e.m);
  }

  private static format(err: Error, full: readonly BuildListErrorElem[]): string {
    // Main modules (version "") at the start of the chain are left out.
    let i = 0;
    while (i < full.length && full[i]!.m.version === '') i++;
    const stack = full.slice(i);
    if (stack.length === 0) return err.message;
    let b = '';
    for (const elem of stack.slice(0, -1)) b += `${versionString(elem.m)} ${elem.nextReason}\n\t`;
    const m = stack[stack.length - 1]!.m;
    if (err instanceof ModuleError) {
      const actual: Version = { path: err.path, version: err.version };
      if (err.err instanceof InvalidVersionError) actual.version = err.err.version;
      if (sameVersion(actual, m)) b += err.message;
      else b += `${versionString(m)} (replaced by ${versionString(actual)}): ${err.err.message}`;
    } else {
      b += versionError(m, err).message;
    }
    return b;
  }
}

const asError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)));

// ---- the graph ----

/**
 * A module requirement graph under construction: roots, each loaded module's requirements,
 * and the selected (maximum) version of each path seen so far.
 */
export class Graph {
  private readonly required = new Map<string, readonly Version[]>();
  /** Key → true for roots, false for reachable non-roots. */
  private readonly isRoot = new Map<string, boolean>();
  private readonly selectedVersion = new Map<string, string>();
  readonly roots: readonly Version[];

  constructor(
    private readonly cmp: (p: string, v1: string, v2: string) => number,
    roots: readonly Version[],
  ) {
    this.roots = [...roots];
    for (const m of roots) {
      this.isRoot.set(modKey(m), true);
      if (this.cmp(m.path, this.selected(m.path), m.version) < 0) this.selectedVersion.set(m.path, m.version);
    }
  }

  /**
   * Records the requirements of m, which must be reachable from a root and not yet have had
   * its requirements set.
   */
  require(m: Version, reqs: readonly Version[]): void {
    const k = modKey(m);
    if (!this.isRoot.has(k)) throw new Error(`${versionString(m)} is not reachable from any root`);
    if (this.required.has(k)) throw new Error(`requirements of ${versionString(m)} have already been set`);
    this.required.set(k, [...reqs]);
    for (const dep of reqs) {
      const dk = modKey(dep);
      if (!this.isRoot.has(dk)) this.isRoot.set(dk, false);
      if (this.cmp(dep.path, this.selected(dep.path), dep.version) < 0) this.selectedVersion.set(dep.path, dep.version);
    }
  }

  /** The requirements of m, or undefined if they were not loaded (for example, pruned out). */
  requiredBy(m: Version): readonly Version[] | undefined {
    return this.required.get(modKey(m));
  }

  /** The selected version of path, or "none" if it is not in the graph. */
  selected(path: string): string {
    return this.selectedVersion.get(path) ?? 'none';
  }

  /**
   * The selected versions of all modules: first each root path (in root order, once each,
   * skipping "none"), then the rest sorted by path.
   */
  buildList(): Version[] {
    const seenRoot = new Set<string>();
    const list: Version[] = [];
    for (const r of this.roots) {
      if (seenRoot.has(r.path)) continue;
      const v = this.selected(r.path);
      if (v !== 'none') list.push({ path: r.path, version: v });
      seenRoot.add(r.path);
    }
    const rest: Version[] = [];
    for (const [path, version] of this.selectedVersion) {
      if (!seenRoot.has(path)) rest.push({ path, version });
    }
    gover.modSort(rest);
    return list.concat(rest);
  }

  /** Calls f once for each module reachable from the roots (not "none"), breadth first. */
  walkBreadthFirst(f: (m: Version) => void): void {
    const queue: Version[] = [];
    const enqueued = new Set<string>();
    for (const m of this.roots) {
      if (m.version !== 'none' && !enqueued.has(modKey(m))) {
        queue.push(m);
        enqueued.add(modKey(m));
      }
    }
    for (let i = 0; i < queue.length; i++) {
      const m = queue[i]!;
      f(m);
      for (const r of this.requiredBy(m) ?? []) {
        const k = modKey(r);
        if (!enqueued.has(k) && r.version !== 'none') {
          queue.push(r);
          enqueued.add(k);
        }
      }
    }
  }

  /**
   * A shortest requirement path from a root to the first module (in breadth-first order)
   * for which f is true, root first; undefined if there is none.
   */
  findPath(f: (m: Version) => boolean): Version[] | undefined {
    const firstRequiredBy = new Map<string, Version | null>();
    const queue: Version[] = [];
    for (const m of this.roots) {
      queue.push(m);
      firstRequiredBy.set(modKey(m), null);
    }
    for (let i = 0; i < queue.length; i++) {
      let m = queue[i]!;
      if (f(m)) {
        const path: Version[] = [m];
        for (;;) {
          const prev = firstRequiredBy.get(modKey(m));
          if (!prev) break;
          path.push(prev);
          m = prev;
        }
        return path.reverse();
      }
      for (const r of this.requiredBy(m) ?? []) {
        const k = modKey(r);
        if (!firstRequiredBy.has(k)) {
          queue.push(r);
          firstRequiredBy.set(k, m);
        }
      }
    }
    return undefined;
  }

  /** The edges of the graph as `go mod graph` prints them ("a@v1 b@v2" lines, each ending "\n"). */
  formatEdges(): string {
    let out = '';
    const fmt = (m: Version): string => versionString(m);
    this.walkBreadthFirst((m) => {
      for (const r of this.requiredBy(m) ?? []) out += `${fmt(m)} ${fmt(r)}\n`;
    });
    return out;
  }
}

// ---- a bounded-concurrency work set ----

/**
 * Runs fn on each item of initial and on each item later passed to add, each distinct key
 * once, with at most limit calls in flight. Resolves when all are done; rejects on the first
 * error fn throws.
 */
export function runWork<T>(
  initial: readonly T[],
  key: (t: T) => string,
  limit: number,
  fn: (t: T, add: (t: T) => void) => Promise<void>,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const seen = new Set<string>();
    const queue: T[] = [];
    let running = 0;
    let failed = false;
    const pump = (): void => {
      while (!failed && running < limit && queue.length > 0) {
        const t = queue.shift()!;
        running++;
        fn(t, add).then(
          () => {
            running--;
            if (running === 0 && queue.length === 0) resolve();
            else pump();
          },
          (e: unknown) => {
            failed = true;
            reject(asError(e));
          },
        );
      }
    };
    function add(t: T): void {
      const k = key(t);
      if (seen.has(k)) return;
      seen.add(k);
      queue.push(t);
      pump();
    }
    for (const t of initial) add(t);
    if (running === 0 && queue.length === 0) resolve();
  });
}

/** How many requirement lookups buildList keeps in flight. */
const PARALLELISM = 10;

// ---- build lists ----

/**
 * The build list for targets: the targets first (each at its own version), then the selected
 * version of every other module reachable from them, sorted by path. Rejects with a
 * BuildListError if some reachable module's requirements cannot be loaded.
 */
export function buildList(targets: readonly Version[], reqs: Reqs): Promise<Version[]> {
  return buildListWith(targets, reqs);
}

async function buildListWith(
  targets: readonly Version[],
  reqs: Reqs,
  upgrade?: (m: Version) => Promise<Version>,
): Promise<Version[]> {
  const cmp = (p: string, v1: string, v2: string): number => {
    if (reqs.max(p, v1, v2) !== v1) return -1;
    if (reqs.max(p, v2, v1) !== v2) return 1;
    return 0;
  };
  const g = new Graph(cmp, targets);
  const upgrades = new Map<string, Version>();
  const errs = new Map<string, Error>();

  await runWork(targets, modKey, PARALLELISM, async (m, add) => {
    let required: Version[] = [];
    let err: Error | undefined;
    if (m.version !== 'none') {
      try {
        required = [...(await reqs.required(m))];
      } catch (e) {
        err = asError(e);
      }
    }
    let u = m;
    if (upgrade) {
      try {
        u = await upgrade(m);
      } catch (e) {
        err ??= asError(e);
      }
    }
    if (err) errs.set(modKey(m), err);
    if (!sameVersion(u, m)) {
      upgrades.set(modKey(m), u);
      required = [u, ...required];
    }
    g.require(m, required);
    for (const r of required) add(r);
  });

  if (errs.size > 0) {
    const errPath = g.findPath((m) => errs.has(modKey(m)));
    if (!errPath || errPath.length === 0) throw new Error('internal error: could not reconstruct path to module with error');
    const err = errs.get(modKey(errPath[errPath.length - 1]!))!;
    const isUpgrade = (from: Version, to: Version): boolean => {
      const u = upgrades.get(modKey(from));
      return u !== undefined && sameVersion(u, to);
    };
    throw new BuildListError(err, errPath, isUpgrade);
  }

  const list = g.buildList();
  const head = list.slice(0, targets.length);
  if (head.length !== targets.length || head.some((m, i) => !sameVersion(m, targets[i]!))) {
    const show = (l: readonly Version[]): string => l.map(versionString).join(' ');
    throw new Error(`mistake: chose versions [${show(head)}] instead of targets [${show(targets)}]`);
  }
  return list;
}

/**
 * The minimal requirement list for mainModule that yields the same build list: the modules
 * in base (by path, at their selected versions) plus every selected module not implied by
 * others. Sorted by path.
 */
export async function req(mainModule: Version, base: readonly string[], reqs: Reqs): Promise<Version[]> {
  const list = await buildList([mainModule], reqs);

  // The selected version of each path; a module at a non-selected version is never kept.
  const max = new Map<string, string>();
  for (const m of list) max.set(m.path, m.version);

  // Reverse-postorder over the graph puts modules before the modules they require.
  const postorder: Version[] = [];
  const reqCache = new Map<string, readonly Version[]>();
  reqCache.set(modKey(mainModule), []);
  const walk = async (m: Version): Promise<void> => {
    const k = modKey(m);
    if (reqCache.has(k)) return;
    const required = await reqs.required(m);
    reqCache.set(k, required);
    for (const m1 of required) await walk(m1);
    postorder.push(m);
  };
  for (const m of list) await walk(m);

  const have = new Set<string>();
  const mark = (m: Version): void => {
    const stack = [m];
    while (stack.length > 0) {
      const x = stack.pop()!;
      const k = modKey(x);
      if (have.has(k)) continue;
      have.add(k);
      for (const y of reqCache.get(k) ?? []) stack.push(y);
    }
  };
  const min: Version[] = [];
  const haveBase = new Set<string>();
  for (const path of base) {
    if (haveBase.has(path)) continue;
    const m: Version = { path, version: max.get(path) ?? '' };
    min.push(m);
    mark(m);
    haveBase.add(path);
  }
  for (let i = postorder.length - 1; i >= 0; i--) {
    const m = postorder[i]!;
    if (max.get(m.path) !== m.version) continue;
    if (!have.has(modKey(m))) {
      min.push(m);
      mark(m);
    }
  }
  return min.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function needUpgrade(reqs: Reqs): UpgradeReqs {
  if (!reqs.upgrade) throw new Error('mvs: Reqs has no upgrade method');
  return reqs as UpgradeReqs;
}

function needPrevious(reqs: Reqs): DowngradeReqs {
  if (!reqs.previous) throw new Error('mvs: Reqs has no previous method');
  return reqs as DowngradeReqs;
}

/** The build list for target with every module upgraded to its latest version (reqs.upgrade). */
export function upgradeAll(target: Version, reqs: Reqs): Promise<Version[]> {
  const ur = needUpgrade(reqs);
  return buildListWith([target], ur, (m) => (m.path === target.path ? Promise.resolve(target) : ur.upgrade(m)));
}

/** A Reqs whose requirements for target are replaced by list. */
class Override implements Reqs {
  constructor(
    private readonly target: Version,
    private readonly list: readonly Version[],
    private readonly base: Reqs,
  ) {}

  required(m: Version): Promise<readonly Version[]> {
    if (sameVersion(m, this.target)) return Promise.resolve(this.list);
    return this.base.required(m);
  }

  max(p: string, v1: string, v2: string): string {
    return this.base.max(p, v1, v2);
  }
}

/** A Reqs whose requirements for target are replaced by list (as Go's mvs uses internally). */
export function overrideReqs(target: Version, list: readonly Version[], reqs: Reqs): Reqs {
  return new Override(target, list, reqs);
}

/**
 * The build list for target after upgrading the given modules (each to at least the listed
 * version; a module not yet required is added).
 */
export async function upgrade(target: Version, reqs: Reqs, ...upgrades: Version[]): Promise<Version[]> {
  const list = [...(await reqs.required(target))];
  const pathInList = new Set(list.map((m) => m.path));
  const upgradeTo = new Map<string, string>();
  for (const u of upgrades) {
    if (!pathInList.has(u.path)) list.push({ path: u.path, version: 'none' });
    const prev = upgradeTo.get(u.path);
    upgradeTo.set(u.path, prev === undefined ? u.version : reqs.max(u.path, prev, u.version));
  }
  return buildListWith([target], new Override(target, list, reqs), (m) => {
    const v = upgradeTo.get(m.path);
    return Promise.resolve(v === undefined ? m : { path: m.path, version: v });
  });
}

/**
 * The build list for target after downgrading the given modules to at most the listed versions
 * (version "none" removes a module), downgrading (never upgrading) any others that would
 * otherwise require a higher version. Needs reqs.previous.
 */
export async function downgrade(target: Version, reqs: Reqs, ...downgrades: Version[]): Promise<Version[]> {
  const dr = needPrevious(reqs);
  const list = (await buildList([target], reqs)).slice(1); // without the target

  const max = new Map<string, string>();
  for (const r of list) max.set(r.path, r.version);
  for (const d of downgrades) {
    const v = max.get(d.path);
    if (v === undefined || reqs.max(d.path, v, d.version) !== d.version) max.set(d.path, d.version);
  }

  const added = new Set<string>();
  const rdeps = new Map<string, Version[]>();
  const excluded = new Set<string>();
  const exclude = (m: Version): void => {
    const k = modKey(m);
    if (excluded.has(k)) return;
    excluded.add(k);
    for (const p of rdeps.get(k) ?? []) exclude(p);
  };
  const add = async (m: Version): Promise<void> => {
    const k = modKey(m);
    if (added.has(k)) return;
    added.add(k);
    const v = max.get(m.path);
    if (v !== undefined && reqs.max(m.path, m.version, v) !== v) {
      // m is above the limit for its path.
      exclude(m);
      return;
    }
    let required: readonly Version[];
    try {
      required = await reqs.required(m);
    } catch {
      // Could not load m's requirements: treat m as unusable, so it is downgraded.
      exclude(m);
      return;
    }
    for (const r of required) {
      await add(r);
      if (excluded.has(modKey(r))) {
        exclude(m);
        return;
      }
      const rk = modKey(r);
      const ds = rdeps.get(rk);
      if (ds) ds.push(m);
      else rdeps.set(rk, [m]);
    }
  };

  const downgraded: Version[] = [target];
  outer: for (let r of list) {
    await add(r);
    while (excluded.has(modKey(r))) {
      const p = { ...(await dr.previous(r)) };
      // If r is above the limit, previous may still be above it; jump to the limit directly
      // (but only if that really is lower).
      const v = max.get(r.path) ?? '';
      if (reqs.max(r.path, v, r.version) !== v && reqs.max(r.path, p.version, v) !== p.version) p.version = v;
      if (p.version === 'none') continue outer;
      await add(p);
      r = p;
    }
    downgraded.push(r);
  }

  // Downgrading may have dropped requirements that only the old versions had; compute the
  // build list implied by what is left and keep only paths that survive, at their versions.
  const actual = await buildList([target], new Override(target, downgraded, reqs));
  const actualVersion = new Map(actual.map((m) => [m.path, m.version] as const));
  const kept: Version[] = [];
  for (const m of list) {
    const v = actualVersion.get(m.path);
    if (v !== undefined) kept.push({ path: m.path, version: v });
  }
  return buildList([target], new Override(target, kept, reqs));
}

// ---- wrappers ----

/**
 * A Reqs that drops requirements on excluded module versions from every requirement list,
 * as the main module's exclude directives do.
 */
export function withExcludes(reqs: Reqs, isExcluded: (m: Version) => boolean): Reqs {
  const w: Reqs = {
    async required(m) {
      const list = await reqs.required(m);
      return list.some(isExcluded) ? list.filter((r) => !isExcluded(r)) : list;
    },
    max: (p, v1, v2) => reqs.max(p, v1, v2),
  };
  if (reqs.upgrade) w.upgrade = reqs.upgrade.bind(reqs);
  if (reqs.previous) w.previous = reqs.previous.bind(reqs);
  return w;
}

/**
 * A Reqs that remembers each module's requirements (and any error) so that every lookup is
 * made once, even when requested concurrently.
 */
export function cachedReqs(reqs: Reqs): Reqs {
  const cache = new Map<string, Promise<readonly Version[]>>();
  const w: Reqs = {
    required(m) {
      const k = modKey(m);
      let p = cache.get(k);
      if (!p) {
        p = reqs.required(m);
        cache.set(k, p);
      }
      return p;
    },
    max: (p, v1, v2) => reqs.max(p, v1, v2),
  };
  if (reqs.upgrade) w.upgrade = reqs.upgrade.bind(reqs);
  if (reqs.previous) w.previous = reqs.previous.bind(reqs);
  return w;
}

// ---- pruned module graphs (go >= 1.17) ----

/**
 * How much of a module's dependency graph must be loaded: "pruned" modules (go >= 1.17)
 * contribute only their own go.mod requirements; "unpruned" ones pull in their whole
 * transitive graph; "workspace" is the mode for go.work.
 */
export type Pruning = 'pruned' | 'unpruned' | 'workspace';

/** What modload knows about one module's go.mod: its requirements and pruning mode. */
export interface ModSummary {
  require: readonly Version[];
  pruning: Pruning;
}

/** The pruning of a module's dependency graph given its go.mod go version ("" when there is no go line). */
export function pruningForGoVersion(goVersion: string): Pruning {
  return gover.compare(goVersion, gover.EXPLICIT_INDIRECT_VERSION) < 0 ? 'unpruned' : 'pruned';
}

/**
 * The requirements a module contributes to the graph: its go.mod requirements, plus the
 * pseudo-module go@V when its go line V is at least 1.21 (from then on the go line is a
 * real requirement).
 */
export function graphRequirements(require: readonly Version[], goVersion: string): Version[] {
  const out = [...require];
  if (goVersion !== '' && gover.compare(goVersion, gover.GO_STRICT_VERSION) >= 0) out.push({ path: 'go', version: goVersion });
  return out;
}

/** The summary of the go and toolchain pseudo-modules: go@V (V >= 1.21) requires toolchain@goV. */
export function toolchainModSummary(m: Version): ModSummary {
  if (m.path === 'go' && gover.compare(m.version, gover.GO_STRICT_VERSION) >= 0) {
    return { require: [{ path: 'toolchain', version: 'go' + m.version }], pruning: 'pruned' };
  }
  return { require: [], pruning: 'pruned' };
}

/**
 * The graph roots for a single main module: its (non-excluded) requirements, go@V for its go
 * line (1.16 when absent), and toolchain@T for its toolchain line if any; sorted as go sorts.
 */
export function mainModuleRoots(require: readonly Version[], goVersion: string | undefined, toolchain?: string): Version[] {
  const roots = [...require, { path: 'go', version: gover.fromGoMod(goVersion) }];
  if (toolchain) roots.push({ path: 'toolchain', version: toolchain });
  return gover.modSort(roots);
}

/**
 * The graph roots in workspace mode: the workspace's main modules (version ""), go@V for
 * go.work's go line (1.18 when absent) and toolchain@T for its toolchain line if any; sorted.
 * In workspace mode these are both the graph roots and the roots to load.
 */
export function workspaceRoots(mainModules: readonly Version[], goVersion: string | undefined, toolchain?: string): Version[] {
  const roots = [...mainModules, { path: 'go', version: gover.fromGoWork(goVersion) }];
  if (toolchain) roots.push({ path: 'toolchain', version: toolchain });
  return gover.modSort(roots);
}

/** Inputs of loadModGraph, mirroring the choices modload makes. */
export interface LoadGraphOptions {
  /** The graph's roots: the main module(s) (their version is ""). */
  graphRoots: readonly Version[];
  /**
   * Outside workspace mode, the single main module: its requirements are set to roots. In
   * workspace mode leave undefined (the roots are then the graph roots).
   */
  mainModule?: Version;
  /** The requirements to start from (the main module's go.mod requirements, or the workspace modules). */
  roots: readonly Version[];
  /** Pruning of the main module's graph. */
  pruning: Pruning;
  /** Reads the summary of module m's go.mod (with replacements and excludes applied). */
  summary(m: Version): Promise<ModSummary>;
  /** Modules whose dependencies must be loaded even though they are pruned. */
  unprune?: (m: Version) => boolean;
  /** Maximum concurrent summary lookups (modload uses GOMAXPROCS). */
  concurrency?: number;
  /** Version comparison (defaults to cmpVersion). */
  cmp?: (p: string, v1: string, v2: string) => number;
}

/** A loaded module graph; error is the BuildListError for the first module that failed to load. */
export interface LoadedGraph {
  graph: Graph;
  error?: BuildListError;
}

/**
 * Loads the module graph the way modload does: each module's requirements are loaded once;
 * a pruned module's dependencies are only followed when it is itself unpruned (or marked in
 * unprune), and below an unpruned module everything is followed. In workspace mode, modules
 * whose selected version rose above what was loaded are loaded until nothing changes.
 */
export async function loadModGraph(opts: LoadGraphOptions): Promise<LoadedGraph> {
  const cmp = opts.cmp ?? cmpVersion;
  const g = new Graph(cmp, opts.graphRoots);
  const limit = opts.concurrency ?? 4;
  const unprune = opts.unprune ?? (() => false);
  if (opts.pruning !== 'workspace') {
    if (!opts.mainModule) throw new Error('loadModGraph: mainModule is required unless pruning is "workspace"');
    g.require(opts.mainModule, opts.roots);
  }

  const loads = new Map<string, Promise<ModSummary>>();
  const errs = new Map<string, Error>();
  const loadOne = (m: Version): Promise<ModSummary> => {
    const k = modKey(m);
    let p = loads.get(k);
    if (!p) {
      p = opts.summary(m).then(
        (s) => {
          g.require(m, s.require);
          return s;
        },
        (e: unknown) => {
          errs.set(k, asError(e));
          throw e;
        },
      );
      loads.set(k, p);
    }
    return p;
  };

  interface Item {
    m: Version;
    pruning: Pruning;
  }
  const itemKey = (it: Item): string => `${modKey(it.m)}\u0000${it.pruning}`;
  const started = new Set<string>();
  const process = async (it: Item, add: (t: Item) => void): Promise<void> => {
    let s: ModSummary;
    try {
      s = await loadOne(it.m);
    } catch {
      return; // reported through error below
    }
    const next: Pruning = it.pruning === 'unpruned' ? 'unpruned' : s.pruning;
    for (const r of s.require) {
      if (it.pruning !== 'pruned' || s.pruning === 'unpruned' || unprune(r)) add({ m: r, pruning: next });
    }
  };
  const run = (items: Item[]): Promise<void> => {
    const fresh = items.filter((it) => it.m.version !== 'none' && !started.has(itemKey(it)));
    return runWork(fresh, itemKey, limit, async (it, add) => {
      started.add(itemKey(it));
      await process(it, (t) => {
        if (t.m.version !== 'none' && !started.has(itemKey(t))) add(t);
      });
    });
  };

  await run(opts.roots.map((m) => ({ m, pruning: opts.pruning })));

  if (opts.pruning === 'workspace') {
    // Dependencies of the workspace modules not at their selected versions are reloaded at
    // the selected version, since their requirements may provide packages in "all".
    const hasDepsInAll = new Set(opts.roots.map((m) => m.path));
    const seen = new Set<string>();
    for (;;) {
      const needs = new Map<string, Version>();
      for (const p of hasDepsInAll) {
        const m: Version = { path: p, version: g.selected(p) };
        if (!seen.has(modKey(m))) {
          needs.set(modKey(m), m);
          continue;
        }
        for (const r of g.requiredBy(m) ?? []) {
          const s: Version = { path: r.path, version: g.selected(r.path) };
          if (gover.modCompare(r.path, s.version, r.version) > 0 && !seen.has(modKey(s))) needs.set(modKey(s), s);
        }
      }
      if (needs.size === 0) break;
      const batch = [...needs.values()];
      for (const m of batch) {
        seen.add(modKey(m));
        hasDepsInAll.add(m.path);
      }
      await run(batch.map((m) => ({ m, pruning: 'workspace' as Pruning })));
    }
  }

  if (errs.size > 0) {
    const path = g.findPath((m) => errs.has(modKey(m)));
    if (path && path.length > 0) {
      return { graph: g, error: new BuildListError(errs.get(modKey(path[path.length - 1]!))!, path) };
    }
  }
  return { graph: g };
}
