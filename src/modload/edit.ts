// go's editRequirements: new requirement roots that select the versions go get must select and
// raise others as asked, downgrading (or removing) roots whose requirements would exceed a
// version that must be selected.
import * as gover from '../lib/gover.js';
import { errorAs, ModuleError, type Version } from '../lib/module.js';
import { loadModGraph, maxVersion, modKey, pruningForGoVersion, req, type Graph, type ModSummary, type Pruning } from '../lib/mvs.js';
import type { BuildListError } from '../lib/mvs.js';
import type { Summaries } from './summary.js';

/** One violated constraint: a requirement path from a root to the module at fault. */
export interface Conflict {
  path: Version[];
  /** The version that must be selected of the last module's path (when err is undefined). */
  constraint?: Version;
  /** The error reading the last module's requirements. */
  err?: Error;
}

/** go's ConstraintError: the conflicts that left no way to edit the requirements. */
export class ConstraintError extends Error {
  override name = 'ConstraintError';
  constructor(readonly conflicts: Conflict[]) {
    super('version constraints conflict:\n\t' + conflicts.map(conflictSummary).join('\n\t'));
  }
}

const vs = (m: Version): string => (m.version === '' ? m.path : `${m.path}@${m.version}`);

/** go's Conflict.UnwrapModuleError: the error without its module prefix when it names the last module. */
export function conflictError(c: Conflict): Error | undefined {
  const me = c.err instanceof ModuleError ? c.err : undefined;
  const last = c.path[c.path.length - 1];
  if (me && last && me.path === last.path && me.version === last.version) return me.err;
  return c.err;
}

/** go's Conflict.Summary. */
export function conflictSummary(c: Conflict): string {
  if (c.path.length === 0) return '(internal error: invalid Conflict struct)';
  const first = c.path[0]!;
  if (c.path.length === 1) {
    if (c.err) return `${vs(first)}: ${conflictError(c)!.message}`;
    return `${vs(first)} is above ${c.constraint?.version ?? ''}`;
  }
  const adverb = c.path.length > 2 ? 'indirectly ' : '';
  const last = c.path[c.path.length - 1]!;
  if (c.err) return `${vs(first)} ${adverb}requires ${vs(last)}: ${conflictError(c)!.message}`;
  return `${vs(first)} ${adverb}requires ${vs(last)}, but ${c.constraint?.version ?? ''} is requested`;
}

/** go's Conflict.String: the whole requirement path, one module a line. */
export function conflictString(c: Conflict): string {
  if (c.path.length === 0) return '(internal error: invalid Conflict struct)';
  let b = vs(c.path[0]!);
  if (c.path.length === 1) b += ' found';
  else for (const r of c.path.slice(1)) b += ` requires\n\t${vs(r)}`;
  if (c.constraint) b += `, but ${c.constraint.version} is requested`;
  if (c.err) b += `: ${conflictError(c)!.message}`;
  return b;
}

/** What editRequirements reads: the graph's summaries and each module's previous allowed version. */
export interface EditEnv {
  main: Version;
  summaries: Summaries;
  concurrency: number;
  /** go's previousVersion: the highest allowed version below m's, or none. */
  previous(m: Version): Promise<Version>;
  /** Where go's conflict notes go (stderr). */
  log: (line: string) => void;
  /** -v: go prints its tries too. */
  verbose?: boolean;
}

/** A requirement set: roots (go and toolchain included), pruning and the direct paths. */
export interface Roots {
  roots: Version[];
  pruning: Pruning;
  direct: ReadonlySet<string>;
}

type DqState = { err?: Error; dep?: Version } | undefined;
interface PerPruning {
  pruned: DqState;
  unpruned: DqState;
}
const from = (pp: PerPruning | undefined, p: Pruning): DqState => (pp === undefined ? undefined : p === 'unpruned' ? pp.unpruned : pp.pruned);

/** go's dqTracker: which modules are disqualified (are or require a version above a must-select one). */
class DqTracker {
  readonly reason = new Map<string, PerPruning>();
  private readonly requiring = new Map<string, Version[]>();
  constructor(readonly extendedRootPruning: Map<string, Pruning>) {}

  require(m: Version, r: Version): boolean {
    const rdq = this.reason.get(modKey(r));
    const rootPruning = this.extendedRootPruning.get(modKey(r));
    if (rootPruning !== undefined && from(rdq, rootPruning)) {
      this.disqualify(m, 'pruned', { dep: r });
      return false;
    }
    if (from(rdq, 'unpruned')) {
      this.disqualify(m, 'unpruned', { dep: r });
      if (!this.extendedRootPruning.has(modKey(m))) return false;
    }
    const k = modKey(r);
    const list = this.requiring.get(k) ?? [];
    list.push(m);
    this.requiring.set(k, list);
    return true;
  }

  disqualify(m: Version, fromPruning: Pruning, reason: { err?: Error; dep?: Version }): void {
    const k = modKey(m);
    const dq: PerPruning = { ...(this.reason.get(k) ?? { pruned: undefined, unpruned: undefined }) };
    if (from(dq, fromPruning)) return;
    const rootPruning = this.extendedRootPruning.get(k);
    const isRoot = rootPruning !== undefined;
    if (fromPruning === 'pruned') {
      dq.pruned = reason;
      if (!dq.unpruned) dq.unpruned = reason;
    } else {
      dq.unpruned = reason;
      if (isRoot && rootPruning === 'unpruned') dq.pruned = reason;
    }
    this.reason.set(k, dq);
    if (isRoot && (fromPruning === 'pruned' || rootPruning === 'unpruned')) {
      const req = this.requiring.get(k) ?? [];
      this.requiring.delete(k);
      for (const p of req) this.disqualify(p, 'pruned', { dep: m });
      return;
    }
    for (const p of this.requiring.get(k) ?? []) this.disqualify(p, 'unpruned', { dep: m });
    if (!isRoot) this.requiring.delete(k);
  }

  check(m: Version, pruning: Pruning): DqState {
    return from(this.reason.get(modKey(m)), pruning);
  }

  path(m: Version, pruning: Pruning): { path: Version[]; err?: Error } {
    const path: Version[] = [];
    for (;;) {
      const rp = this.extendedRootPruning.get(modKey(m));
      if (rp === 'unpruned') pruning = 'unpruned';
      const dq = from(this.reason.get(modKey(m)), pruning);
      if (!dq) return { path };
      path.push(m);
      if (dq.err || (dq.dep && dq.dep.path === m.path && dq.dep.version === m.version)) return dq.err ? { path, err: dq.err } : { path };
      m = dq.dep!;
    }
  }
}

/** A module graph and the summaries (or errors) read while loading it (go's mg.loadCache). */
interface ReadGraph {
  graph: Graph;
  /** The error of the first module (breadth-first) whose go.mod could not be loaded. */
  error?: BuildListError;
  summary(m: Version): ModSummary | Error | undefined;
}

async function readModGraph(env: EditEnv, pruning: Pruning, roots: Version[], unprune: Set<string>): Promise<ReadGraph> {
  const got = new Map<string, ModSummary | Error>();
  const loaded = await loadModGraph({
    graphRoots: [env.main],
    mainModule: env.main,
    roots,
    pruning,
    concurrency: env.concurrency,
    unprune: (m) => unprune.has(modKey(m)),
    summary: async (m) => {
      try {
        const s = await env.summaries.summary(m);
        const sum = { require: s.require, pruning: s.pruning };
        got.set(modKey(m), sum);
        return sum;
      } catch (e) {
        got.set(modKey(m), e as Error);
        throw e;
      }
    },
  });
  const rg: ReadGraph = { graph: loaded.graph, summary: (m) => got.get(modKey(m)) };
  if (loaded.error) rg.error = loaded.error;
  return rg;
}

/** go's extendGraph: pruned roots whose selected version is above the root are loaded as roots too. */
async function extendGraph(env: EditEnv, pruning: Pruning, roots: Version[], selectedRoot: Map<string, string>): Promise<{ mg: ReadGraph; upgraded: Set<string>; upgradedList: Version[] }> {
  const upgraded = new Set<string>();
  const upgradedList: Version[] = [];
  for (;;) {
    const mg = await readModGraph(env, pruning, roots, upgraded);
    if (pruning === 'unpruned') return { mg, upgraded, upgradedList };
    const n = upgraded.size;
    for (const p of selectedRoot.keys()) {
      const v = mg.graph.selected(p);
      if (v === 'none') continue;
      const m = { path: p, version: v };
      if (mg.graph.requiredBy(m) === undefined && !upgraded.has(modKey(m))) {
        upgraded.add(modKey(m));
        upgradedList.push(m);
      }
    }
    if (upgraded.size === n) return { mg, upgraded, upgradedList };
  }
}

/** The build list of rs's graph, without the main module. */
async function graphOf(env: EditEnv, rs: Roots): Promise<Graph> {
  return (await readModGraph(env, rs.pruning, rs.roots, new Set())).graph;
}

/**
 * go's convertPruning for the cases go get reaches: to pruned, every build-list module becomes a
 * root; to unpruned keeps the build list through
 * mvs.Req over the roots still selected at their version (kept even when indirect, to avoid
 * churn, as go's updateUnprunedRoots) and the direct paths.
 */
async function convertPruning(env: EditEnv, rs: Roots, pruning: Pruning): Promise<Roots> {
  if (rs.pruning === pruning) return rs;
  const g = await graphOf(env, rs);
  // An unpruned graph holds the dependencies of every module in its build list: the pruned roots
  // that say the same are that whole build list.
  if (pruning === 'pruned') return { roots: g.buildList().slice(1), pruning, direct: rs.direct };
  const keep = g.buildList().slice(1);
  const roots = await mvsReq(env, keep, unprunedRootPaths(rs.roots, (p) => g.selected(p), keep, rs.direct));
  return { roots, pruning, direct: rs.direct };
}

/** The module paths go's updateUnprunedRoots hands mvs.Req: roots selected at their own version, then direct paths of keep. */
export function unprunedRootPaths(roots: readonly Version[], selected: (path: string) => string, keep: readonly Version[], direct: ReadonlySet<string>): string[] {
  const paths: string[] = [];
  const seen = new Set<string>();
  for (const r of roots) {
    if (!seen.has(r.path) && selected(r.path) === r.version) {
      paths.push(r.path);
      seen.add(r.path);
    }
  }
  for (const m of keep) {
    if (direct.has(m.path) && !seen.has(m.path)) {
      paths.push(m.path);
      seen.add(m.path);
    }
  }
  return paths;
}

/** mvs.Req of the main module requiring list. */
export function mvsReq(env: EditEnv, list: Version[], base: string[]): Promise<Version[]> {
  return req(env.main, base, {
    required: async (m: Version): Promise<readonly Version[]> => {
      if (m.version === '' && m.path === env.main.path) return list;
      if (m.path === 'go' || m.path === 'toolchain') return [];
      return (await env.summaries.summary(m)).require;
    },
    max: maxVersion,
  });
}

/**
 * go's editRequirements: roots selecting every mustSelect version, tryUpgrade where possible;
 * returns the new roots, or throws ConstraintError.
 */
export async function editRequirements(env: EditEnv, orig: Roots, tryUpgrade: readonly Version[], mustSelect: readonly Version[]): Promise<{ rs: Roots; changed: boolean }> {
  let rootPruning = orig.pruning;
  for (const m of mustSelect) {
    if (m.path === 'go') {
      rootPruning = pruningForGoVersion(m.version);
      break;
    } else if (m.path === 'toolchain' && pruningForGoVersion(gover.fromToolchain(m.version)) === 'unpruned') {
      rootPruning = 'unpruned';
      break;
    }
  }
  const rs = await convertPruning(env, orig, rootPruning);
  const selectedRoot = new Map<string, string>();
  if (rootPruning === 'pruned') {
    for (const m of rs.roots) {
      const v = selectedRoot.get(m.path);
      if (v === undefined || gover.modCompare(m.path, v, m.version) < 0) selectedRoot.set(m.path, m.version);
    }
  } else {
    for (const m of (await graphOf(env, rs)).buildList().slice(1)) selectedRoot.set(m.path, m.version);
  }
  for (const r of tryUpgrade) {
    const v = selectedRoot.get(r.path);
    if (v !== undefined && gover.modCompare(r.path, v, r.version) >= 0) continue;
    if (env.verbose) env.log(`go: trying upgrade to ${vs(r)}`);
    selectedRoot.set(r.path, r.version);
  }
  const conflicts: Conflict[] = [];
  const mustSelectVersion = new Map<string, string>();
  for (const r of mustSelect) {
    const v = mustSelectVersion.get(r.path);
    if (v !== undefined && v !== r.version) {
      const prev = { path: r.path, version: v };
      if (gover.modCompare(r.path, v, r.version) > 0) conflicts.push({ path: [prev], constraint: r });
      else conflicts.push({ path: [r], constraint: prev });
      continue;
    }
    mustSelectVersion.set(r.path, r.version);
    selectedRoot.set(r.path, r.version);
  }

  let roots: Version[] = [];
  let rootsDirty = true;
  const rejectedRoot = new Set<string>();
  let origGraph: Graph | undefined;
  while (rootsDirty && conflicts.length === 0) {
    roots = [];
    for (const [p, v] of selectedRoot) if (v !== 'none') roots.push({ path: p, version: v });
    gover.modSort(roots);
    const { mg, upgradedList } = await extendGraph(env, rootPruning, roots, selectedRoot);
    // A module needing a newer Go is no conflict to resolve by downgrading: go gives up (and may switch toolchains).
    if (mg.error && errorAs(mg.error, gover.TooNewError)) throw mg.error;
    const extended = new Map<string, Pruning>();
    const findPruning = (m: Version): Pruning => {
      if (rootPruning === 'pruned') {
        const s = mg.summary(m);
        if (s && !(s instanceof Error) && s.pruning === 'unpruned') return 'unpruned';
      }
      return rootPruning;
    };
    for (const m of roots) extended.set(modKey(m), findPruning(m));
    for (const m of upgradedList) extended.set(modKey(m), findPruning(m));
    const t = new DqTracker(extended);
    mg.graph.walkBreadthFirst((m) => {
      const max = mustSelectVersion.get(m.path);
      if (max !== undefined && gover.modCompare(m.path, m.version, max) > 0) {
        t.disqualify(m, 'pruned', { dep: m });
        return;
      }
      const s = mg.summary(m);
      if (s instanceof Error) {
        t.disqualify(m, 'pruned', { err: s });
        return;
      }
      const reqs = mg.graph.requiredBy(m);
      if (reqs === undefined || s === undefined) return;
      for (const r of reqs) {
        const mx = mustSelectVersion.get(r.path);
        if (mx !== undefined && gover.modCompare(r.path, r.version, mx) > 0) {
          t.disqualify(m, 'pruned', { dep: r });
          return;
        }
      }
      for (const r of reqs) if (!t.require(m, r)) break;
    });

    rootsDirty = false;
    for (const m of roots) {
      const { path, err } = t.path(m, extended.get(modKey(m))!);
      if (path.length === 0 && !err) continue;
      const conflict: Conflict = { path, ...(err ? { err } : {}) };
      if (!err) {
        const last = path[path.length - 1]!;
        const mustV = mustSelectVersion.get(last.path);
        if (mustV === undefined) throw new Error('internal error: found a version conflict, but no constraint it violates');
        conflict.constraint = { path: last.path, version: mustV };
      }
      if (mustSelectVersion.get(m.path) === m.version) {
        conflicts.push(conflict);
        continue;
      }
      const sel = mg.graph.selected(m.path);
      if (sel !== m.version) {
        const u = { path: m.path, version: sel };
        const uPruning = t.extendedRootPruning.get(modKey(m))!;
        if (!t.check(u, uPruning) && !rejectedRoot.has(modKey(u))) continue;
      }
      origGraph ??= await graphOf(env, orig);
      const origV = origGraph.selected(m.path);
      if (conflict.err && origV === m.version) {
        conflicts.push(conflict);
        continue;
      }
      rejectedRoot.add(modKey(m));
      let prev = m;
      for (;;) {
        let perr: Error | undefined;
        try {
          prev = await env.previous(prev);
        } catch (e) {
          perr = e as Error;
        }
        if (gover.modCompare(m.path, m.version, origV) > 0 && (perr || gover.modCompare(m.path, prev.version, origV) < 0)) {
          prev = { path: m.path, version: origV };
        } else if (perr) {
          throw perr;
        }
        if (rejectedRoot.has(modKey(prev))) continue;
        let pruning = rootPruning;
        if (pruning === 'pruned') {
          const s = mg.summary(m);
          if (s && !(s instanceof Error)) pruning = s.pruning;
        }
        if (t.check(prev, pruning)) {
          rejectedRoot.add(modKey(prev));
          continue;
        }
        break;
      }
      selectedRoot.set(m.path, prev.version);
      rootsDirty = true;
      if (conflict.err || env.verbose) {
        const action = prev.version === 'none' ? `removing ${vs(m)}` : prev.version === origV ? `restoring ${vs(prev)}` : `trying ${vs(prev)}`;
        env.log(`go: ${conflictSummary(conflict)}\n\t${action}`);
      }
    }
    if (rootsDirty) continue;

    const upgradedFrom: Version[] = [];
    for (const [p, v] of selectedRoot) {
      if (mustSelectVersion.has(p)) continue;
      const actual = mg.graph.selected(p);
      if (actual !== v) {
        upgradedFrom.push({ path: p, version: v });
        selectedRoot.set(p, actual);
        rootsDirty = true;
      }
    }
    if (rootsDirty && env.verbose) {
      for (const m of gover.modSort(upgradedFrom)) env.log(`go: accepting indirect upgrade from ${vs(m)} to ${selectedRoot.get(m.path)!}`);
    }
  }
  if (conflicts.length > 0) throw new ConstraintError(conflicts);

  if (rootPruning === 'unpruned') {
    const rootPaths: string[] = [];
    for (const m of mustSelect) if (m.version !== 'none' && m.path !== env.main.path) rootPaths.push(m.path);
    const origRoot = new Map<string, string>();
    for (const m of rs.roots) {
      const v = origRoot.get(m.path);
      if (v === undefined || gover.modCompare(m.path, v, m.version) < 0) origRoot.set(m.path, m.version);
    }
    for (const m of roots) {
      const v = origRoot.get(m.path);
      if (v !== undefined && (v === m.version || rs.direct.has(m.path))) rootPaths.push(m.path);
    }
    roots = await mvsReq(env, roots, rootPaths);
  }
  const changed = rootPruning !== orig.pruning || roots.length !== orig.roots.length || roots.some((m, i) => m.path !== orig.roots[i]!.path || m.version !== orig.roots[i]!.version);
  if (!changed) return { rs: orig, changed: false };
  const direct = new Set<string>();
  for (const m of roots) if (rs.direct.has(m.path)) direct.add(m.path);
  let edited: Roots = { roots, pruning: rootPruning, direct };
  if (rootPruning === 'unpruned') {
    const gv = roots.find((m) => m.path === 'go')?.version;
    if (gv !== undefined && pruningForGoVersion(gv) === 'pruned') edited = await convertPruning(env, edited, 'pruned');
  }
  return { rs: edited, changed: true };
}
