// Finding the module for a missing import (go's QueryPackages/queryImport) and adding it to go.mod under -mod=mod.
import { posix } from 'node:path';
import { writeGoModFile } from './gomodwrite.js';
import * as gover from '../lib/gover.js';
import { errorAs, InvalidPathError, InvalidVersionError, splitPathVersion, type Version } from '../lib/module.js';
import { parseModFile } from '../lib/modfile/index.js';
import { zeroPseudoVersion } from '../lib/pseudo.js';
import { isNotExist } from '../modfetch/errors.js';
import { withAllProxies } from '../modfetch/proxylist.js';
import { dirInModule, NeedAsync } from './import.js';
import { matchPattern } from '../load/pkgpattern.js';
import { mainModulePackages } from './pkggraph.js';
import { ImportMissingError } from './errors.js';
import type { AllowedFunc, Querier } from './query.js';
import { NoMatchingVersionError, NoPatchBaseError } from './querymatch.js';
import type { ModState } from './state.js';

/** go's PackageNotInModuleError (single-package form). */
export class PackageNotInModuleError extends Error {
  override name = 'PackageNotInModuleError';
  /** mainModules non-empty: the pattern names paths of those main modules only (mod is then unused). */
  constructor(readonly mod: Version, readonly replacement: Version | undefined, readonly query: string, readonly pattern: string, readonly mainModules: readonly Version[] = []) {
    super(packageNotInModuleText(mod, replacement, query, pattern, mainModules));
  }
}

/** go's PackageNotInModuleError text. */
export function packageNotInModuleText(mod: Version, replacement: Version | undefined, query: string, pattern: string, mainModules: readonly Version[] = []): string {
  const what = pattern.includes('...') ? `packages matching ${pattern}` : `package ${pattern}`;
  if (mainModules.length > 0) {
    const prefix = mainModules.length === 1 ? `main module (${mainModules[0]!.path}) does` : 'workspace modules do';
    return `${prefix} not contain ${what}`;
  }
  let found = '';
  if (replacement) {
    const r = replacement.version !== '' ? `${replacement.path}@${replacement.version}` : replacement.path;
    found = query === mod.version ? ` (replaced by ${r})` : ` (${mod.version}, replaced by ${r})`;
  } else if (query !== mod.version) {
    found = ` (${mod.version})`;
  }
  return `module ${mod.path}@${query} found${found}, but does not contain ${what}`;
}

/** go's ImportMissingError with newMissingVersion: the latest version has the package, the selected one does not. */
export class NewMissingVersionError extends Error {
  override name = 'NewMissingVersionError';
}

/** The module paths that could provide path, longest first, skipping the main module and invalid major suffixes. */
export function candidateModules(path: string, mainPath: string): string[] {
  const out: string[] = [];
  for (let p = path; ; ) {
    if (p !== mainPath && splitPathVersion(p).ok) out.push(p);
    const j = p.lastIndexOf('/');
    if (j < 0) break;
    p = p.slice(0, j);
  }
  return out;
}

/** Where queryPackages gets modules from (a ModState, or the fetcher alone outside a module). */
export interface PackageQueryEnv {
  mainPath: string;
  fetch(m: Version): Promise<{ dir: string; isLocal: boolean }>;
  replacement(m: Version): Version | undefined;
}

/** st.fetchSync, waiting for downloads. */
export async function fetchDir(st: ModState, m: Version): Promise<{ dir: string; isLocal: boolean }> {
  for (;;) {
    try {
      return st.fetchSync(m);
    } catch (e) {
      if (e instanceof NeedAsync) {
        await e.wait.catch(() => undefined);
        continue;
      }
      throw e;
    }
  }
}

/**
 * go's QueryPackages for one import path: the modules (longest path first) whose query version
 * contains the package. Throws go's combined error when none does. allowed undefined: no
 * retraction or exclusion check (a revision query), passed explicitly.
 */
export async function queryPackages(q: Querier, st: ModState | PackageQueryEnv, path: string, query: string, current: (p: string) => string, allowed: AllowedFunc | undefined): Promise<Version[]> {
  const { found, err } = await queryPackageModules(q, st, path, query, current, allowed);
  if (err) throw err;
  return found;
}

/**
 * go's QueryPackages with both of its results: the modules at the query's version that provide the
 * package, and the error that wins (go's queryPrefixModules). An unclassified error at a longer path
 * than any found module (a path prefix that is no module, whose lookup fell through to a failing
 * `direct`) comes back beside what was found: go get -u keeps a module already at its upgrade.
 */
export async function queryPackageModules(q: Querier, st: ModState | PackageQueryEnv, path: string, query: string, current: (p: string) => string, allowed: AllowedFunc | undefined): Promise<{ found: Version[]; err?: Error }> {
  const repo = q.env.repo;
  if (!repo.tryProxies) return queryPrefixModules(q, st, path, query, current, allowed);
  // go's QueryPattern: the whole query against one proxy, then the next only if it failed in a way
  // that falls through (not found, or any error after "|").
  let last: { found: Version[]; err?: Error } | undefined;
  try {
    await repo.tryProxies(async () => {
      last = await queryPrefixModules(q, st, path, query, current, allowed);
      if (last.err) throw last.err;
    });
  } catch (e) {
    return { found: last?.found ?? [], err: e instanceof Error ? e : new Error(String(e)) };
  }
  return last!;
}

/** go's queryPrefixModules over path's candidate module paths, through the proxies in effect. */
async function queryPrefixModules(q: Querier, st: ModState | PackageQueryEnv, path: string, query: string, current: (p: string) => string, allowed: AllowedFunc | undefined): Promise<{ found: Version[]; err?: Error }> {
  const env: PackageQueryEnv = 'fetch' in st ? st : {
    mainPath: st.main.path,
    fetch: (m) => fetchDir(st, m),
    replacement: (m) => st.replace.lookup(m),
  };
  // A wildcard pattern is looked for in the modules that could hold its part before the "..." (go's QueryPattern).
  const wild = path.indexOf('...');
  const base = wild >= 0 ? posix.dirname(path.slice(0, wild + 3)) : path;
  const cands = candidateModules(base, env.mainPath);
  const results = await Promise.all(cands.map(async (mp): Promise<{ mod?: Version; err?: Error }> => {
    try {
      const rev = await q.query(mp, query, current(mp), allowed);
      const mod = { path: mp, version: rev.version };
      const f = await withAllProxies(() => env.fetch(mod));
      const has = wild >= 0 ? mainModulePackages(mp, f.dir).some(matchPattern(path)) : dirInModule(path, mp, f.dir, f.isLocal).ok;
      if (!has) {
        return { err: new PackageNotInModuleError(mod, env.replacement(mod), query, path) };
      }
      return { mod };
    } catch (e) {
      return { err: e instanceof Error ? e : new Error(String(e)) };
    }
  }));
  const found: Version[] = [];
  let noPackage: Error | undefined, noVersion: Error | undefined, noPatch: Error | undefined, invalidPath: Error | undefined;
  let invalidVersion: Error | undefined, notExist: Error | undefined, other: Error | undefined;
  for (const r of results) {
    const e = r.err;
    if (!e) found.push(r.mod!);
    else if (e instanceof PackageNotInModuleError) noPackage ??= e;
    else if (e instanceof NoMatchingVersionError) noVersion ??= e;
    else if (e instanceof NoPatchBaseError) noPatch ??= e;
    else if (e instanceof InvalidPathError) invalidPath ??= e;
    else if (isNotExist(e)) notExist ??= e;
    else if (errorAs(e, InvalidVersionError)) invalidVersion ??= e;
    else if (!other && found.length === 0 && !noPackage) other = e;
  }
  if (other) return { found, err: other };
  if (found.length > 0) return { found };
  return { found, err: noPackage ?? noVersion ?? noPatch ?? invalidPath ?? invalidVersion ?? notExist ?? new Error(`no modules found for ${path}`) };
}

/**
 * go's queryImport under -mod=mod: the module to add for a missing import, or undefined with the
 * error recorded in st.importQueryErrs (so the next load reports "cannot find module providing ...").
 */
export async function queryImport(q: Querier, st: ModState, path: string, stderr: (s: string) => void): Promise<Version | undefined> {
  await st.loadGraph().catch(() => undefined);
  const current = (p: string): string => {
    try {
      return st.graphSelected(p);
    } catch {
      return st.reqs.rootSelected(p) ?? 'none';
    }
  };
  // First the highest replacement of each module path that could hold the package, longest path
  // first, so a replaced module needs no lookup (and may not exist anywhere else).
  const replaced: Version[] = [];
  for (const [mp, hv] of st.replace.highest()) {
    if (path !== mp && !path.startsWith(mp + '/')) continue;
    let mv = hv;
    if (mv === '') {
      const { pathMajor } = splitPathVersion(mp);
      mv = zeroPseudoVersion(pathMajor !== '' ? pathMajor.slice(1) : 'v0');
    }
    const sel = current(mp);
    if (sel !== 'none' && gover.modCompare(mp, sel, mv) >= 0) continue;
    replaced.push({ path: mp, version: mv });
  }
  replaced.sort((a, b) => b.path.length - a.path.length);
  for (const m of replaced) {
    let f;
    try {
      f = await fetchDir(st, m);
    } catch (e) {
      st.importQueryErrs.set(path, e instanceof Error ? e : new Error(String(e)));
      return undefined;
    }
    if (dirInModule(path, m.path, f.dir, f.isLocal).ok) return m;
  }
  stderr(`go: finding module for package ${path}\n`);
  let cands: Version[];
  try {
    cands = await queryPackages(q, st, path, 'latest', current, q.checkAllowed);
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    st.importQueryErrs.set(path, isNotExist(err) ? new ImportMissingError(path, { queryErr: err }) : err);
    return undefined;
  }
  let missingVersion = '';
  for (const [i, c] of cands.entries()) {
    const v = current(c.path);
    if (v !== 'none' && gover.modCompare(c.path, v, c.version) > 0) {
      if (i === 0) missingVersion = v;
      continue;
    }
    return c;
  }
  const c0 = cands[0]!;
  st.importQueryErrs.set(path, missingVersion !== ''
    ? new NewMissingVersionError(`package ${path} provided by ${c0.path} at latest version ${c0.version} but not at required version ${missingVersion}`)
    : new ImportMissingError(path));
  return undefined;
}

/**
 * Writes go.mod with the added requirements (indirect unless a main module package imports them),
 * keeping direct and indirect requirements in separate blocks for go >= 1.17, atomically.
 */
export function writeAddedRequirements(st: ModState, add: { mod: Version; indirect: boolean }[], addGo = ''): void {
  const f = parseModFile(st.main.goModFile, st.main.data);
  if (addGo !== '' && !f.go) f.addGoStmt(addGo);
  // Requirements on excluded versions are dropped (go's rootsFromModFile under -mod=mod).
  const excluded = new Set(st.reqs.excluded.map((r) => `${r.path}@${r.version}`));
  const kept = f.require.filter((r) => !excluded.has(`${r.path}@${r.version}`));
  const have = new Map(kept.map((r) => [r.path, r]));
  const list = kept.map((r) => ({ path: r.path, version: r.version, indirect: r.indirect }));
  for (const a of add) {
    const cur = have.get(a.mod.path);
    if (cur) {
      const e = list.find((r) => r.path === a.mod.path)!;
      if (gover.modCompare(a.mod.path, e.version, a.mod.version) < 0) e.version = a.mod.version;
      if (!a.indirect) e.indirect = false;
    } else {
      list.push({ path: a.mod.path, version: a.mod.version, indirect: a.indirect });
    }
  }
  if (gover.compare(f.go?.version || gover.DEFAULT_GO_MOD_VERSION, gover.SEPARATE_INDIRECT_VERSION) >= 0) f.setRequireSeparateIndirect(list);
  else f.setRequire(list);
  f.cleanup();
  const text = f.format();
  writeGoModFile(st.main.goModFile, text);
}
