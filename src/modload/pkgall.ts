// Which loaded packages a pruned module graph must keep within reach (go's pkgInAll / pkgIsRoot flags),
// and whether the roots providing them agree with their own requirements.
import * as gover from '../lib/gover.js';
import type { Version } from '../lib/module.js';
import type { ModState } from './state.js';

/** One import seen by the resolver: from a package (importer) to an import path, and whether a _test.go file made it. */
export interface ImportEdge {
  from: string;
  to: string;
  test: boolean;
}

/**
 * The packages that are in "all" (go ≥ 1.17: main module packages, their tests' imports and the
 * transitive non-test imports of those) or that were named directly (command-line roots).
 * Imports made only by tests of packages outside the main module stay out: go keeps their modules
 * out of the roots so that irrelevant test dependencies do not enter go.mod.
 */
export function relevantPackages(edges: readonly ImportEdge[], isMain: (pkg: string) => boolean, roots: Iterable<string>): Set<string> {
  const out = new Map<string, string[]>();
  const mains = new Set<string>();
  for (const e of edges) {
    if (isMain(e.from)) mains.add(e.from);
    // Test imports only matter from main module packages (whose tests are in "all").
    if (e.test && !isMain(e.from)) continue;
    let l = out.get(e.from);
    if (!l) out.set(e.from, (l = []));
    l.push(e.to);
  }
  const seen = new Set<string>(mains);
  const queue = [...mains];
  while (queue.length > 0) {
    const p = queue.pop()!;
    for (const q of out.get(p) ?? []) {
      if (seen.has(q)) continue;
      seen.add(q);
      queue.push(q);
    }
  }
  for (const r of roots) seen.add(r);
  return seen;
}

/**
 * go's spotCheckRoots: the go.mod of each root module providing a relevant package must not require
 * a higher version of another root. When one does, the roots are inconsistent (a bad hand edit or
 * merge) and the full module graph decides the versions.
 */
export async function rootsConsistent(st: ModState, relevant: readonly Version[]): Promise<boolean> {
  const ok = await Promise.all(relevant.map(async (m) => {
    if (st.reqs.rootSelected(m.path) !== m.version) return true;
    try {
      const s = await st.reqs.summaries.summary(m);
      return s.require.every((r) => {
        const v = st.reqs.rootSelected(r.path);
        return v === undefined || gover.modCompare(r.path, v, r.version) >= 0;
      });
    } catch {
      return false; // loading the full graph reports it
    }
  }));
  return ok.every(Boolean);
}

/**
 * go's stackText for a package reached through the recorded imports: the first chain from a
 * command-line package to it ("a imports\n\tb tested by\n\tb.test imports\n\tc"); just the path
 * when no chain is known.
 */
export function importStackText(edges: readonly ImportEdge[], roots: Iterable<string>, target: string): string {
  const parent = new Map<string, ImportEdge | null>();
  const queue: string[] = [];
  for (const r of roots) {
    if (!parent.has(r)) {
      parent.set(r, null);
      queue.push(r);
    }
  }
  const out = new Map<string, ImportEdge[]>();
  for (const e of edges) {
    const l = out.get(e.from);
    if (l) l.push(e);
    else out.set(e.from, [e]);
  }
  for (let i = 0; i < queue.length && !parent.has(target); i++) {
    for (const e of out.get(queue[i]!) ?? []) {
      if (parent.has(e.to)) continue;
      parent.set(e.to, e);
      queue.push(e.to);
    }
  }
  if (!parent.has(target)) return target;
  const chain: ImportEdge[] = [];
  for (let e = parent.get(target); e; e = parent.get(e.from)) chain.unshift(e);
  let s = chain.length > 0 ? chain[0]!.from : target;
  for (const e of chain) s += e.test ? ` tested by\n\t${e.from}.test imports\n\t${e.to}` : ` imports\n\t${e.to}`;
  return s;
}
