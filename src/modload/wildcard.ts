// The module directories a `...` import-path pattern walks besides the main module (go's matchPackages).
import { join } from 'node:path';
import * as gover from '../lib/gover.js';
import type { Version } from '../lib/module.js';
import { NeedAsync } from './import.js';
import type { ModState } from './state.js';

/** One directory tree to walk for a wildcard, with go's pruning for it; or an error to report. */
export type WildcardRoot =
  | { prefix: string; dir: string; pruneGoMod: boolean; pruneVendor: boolean; ignore?: string[] }
  | { error: string };

type ListState = { list: Version[] } | { error: Error };
const buildLists = new WeakMap<ModState, ListState | Promise<void>>();

/** The build list of st (go's mg.BuildList()); throws NeedAsync until the module graph is loaded. */
export function buildListSync(st: ModState): ListState {
  const s = buildLists.get(st);
  if (s && !(s instanceof Promise)) return s;
  if (s) throw new NeedAsync(s, 'module graph');
  const p = st.reqs.buildList().then(
    (list) => { buildLists.set(st, { list }); },
    (e: unknown) => { buildLists.set(st, { error: e instanceof Error ? e : new Error(String(e)) }); },
  );
  buildLists.set(st, p);
  throw new NeedAsync(p, 'module graph');
}

/**
 * The roots a wildcard pattern searches outside the main module: with -mod=vendor the vendor
 * directory; otherwise every module of the build list whose path the pattern can match, fetched
 * (module cache trees keep nested go.mod directories; local replacements prune them, as go does).
 * Throws NeedAsync while the graph or a module download is pending.
 */
export function wildcardRoots(st: ModState, treeCanMatch: (path: string) => boolean): WildcardRoot[] {
  if (st.buildMod === 'vendor') return [{ prefix: '', dir: join(st.main.dir, 'vendor'), pruneGoMod: false, pruneVendor: true }];
  const bl = buildListSync(st);
  if ('error' in bl) return [{ error: bl.error.message }];
  const out: WildcardRoot[] = [];
  const waits: Promise<unknown>[] = [];
  for (const m of bl.list) {
    if (m.version === '' || gover.isToolchain(m.path) || !treeCanMatch(m.path)) continue;
    try {
      const f = st.fetchSync(m);
      // The module's go.mod ignore lines apply in the module cache too (go's parseIgnorePatterns).
      const ignore = st.summaries.rawSummarySync(st.replace.resolve(m))?.ignore;
      out.push({ prefix: m.path, dir: f.dir, pruneGoMod: f.isLocal, pruneVendor: true, ...(ignore ? { ignore } : {}) });
    } catch (e) {
      if (e instanceof NeedAsync) waits.push(e.wait);
      else out.push({ error: e instanceof Error ? e.message : String(e) });
    }
  }
  if (waits.length > 0) throw new NeedAsync(Promise.allSettled(waits), 'modules matching a wildcard');
  return out;
}
