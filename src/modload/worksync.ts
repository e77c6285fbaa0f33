// go work sync: push the workspace's build list back into each workspace module's go.mod (go's runSync).
import { writeGoModFile } from './gomodwrite.js';
import * as gover from '../lib/gover.js';
import { modKey } from '../lib/mvs.js';
import type { Version } from '../lib/module.js';
import { parseModFile } from '../lib/modfile/index.js';
import type { Fetcher } from '../modfetch/fetcher.js';
import { loadPackageGraph, mainModulePackages } from './pkggraph.js';
import type { ModState } from './state.js';
import { tidy } from './tidy.js';

/**
 * For each workspace module, the module versions providing packages in its "all" as the
 * workspace selects them (go's mustSelectFor), sorted.
 */
export async function mustSelectFor(ws: ModState): Promise<Map<string, Version[]>> {
  await ws.loadGraph();
  const out = new Map<string, Version[]>();
  // Every workspace module's go.mod tools are in each module's "all" here (all: true): go adds the
  // workspace's tools (all of them) to the roots of "all" whichever main module the load is for.
  for (const m of ws.mains) {
    const g = await loadPackageGraph(ws, mainModulePackages(m.path, m.dir, undefined, ws.o.scanner), { tests: true, all: true });
    const seen = new Set<string>();
    const list: Version[] = [];
    for (const p of g.inAll) {
      const mod = p.mod;
      if (!mod || mod.version === '' || seen.has(modKey(mod))) continue;
      seen.add(modKey(mod));
      list.push(mod);
    }
    out.set(m.path, gover.modSort(list));
  }
  return out;
}

/**
 * Raises one module's requirements to mustSelect (go's EditBuildList), and when that changes its
 * roots tidies and writes go.mod and go.sum as go does after it. Returns the module's go version.
 * readBefore: the go.mod files the workspace's load read ("path version/go.mod"). go keeps each
 * go.mod it has read for the whole run, so it does not check those again for a module, and a sum
 * not checked since entering the module is not added to its go.sum (one go.sum already has stays).
 */
export async function syncModule(st: ModState, fetcher: Fetcher, mustSelect: Version[], stderr: (s: string) => void, readBefore: ReadonlySet<string> = new Set()): Promise<string> {
  const changed = mustSelect.some((m) => st.reqs.rootSelected(m.path) !== m.version);
  if (!changed) return gover.fromGoMod(st.main.file.go?.version);
  const roots = new Map(st.reqs.roots.map((r) => [r.path, r.version]));
  for (const m of mustSelect) {
    const cur = roots.get(m.path);
    if (cur === undefined || gover.modCompare(m.path, cur, m.version) < 0) roots.set(m.path, m.version);
  }
  const edited = st.withRoots(gover.modSort([...roots].map(([path, version]) => ({ path, version }))));
  const res = await tidy(edited, fetcher, { goVersion: '', compat: '', stderr, allowErrors: true, resolveMissing: false });
  const keep = (m: Version): boolean => {
    const k = `${m.path} ${m.version}`;
    return res.keep.has(k) && !(m.version.endsWith('/go.mod') && readBefore.has(k));
  };
  await fetcher.writeGoSum(keep, false);
  if (res.goModAfter !== st.main.data) writeGoModFile(st.main.goModFile, res.goModAfter);
  return gover.fromGoMod(parseModFile(st.main.goModFile, res.goModAfter, { lax: true }).go?.version);
}
