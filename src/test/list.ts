// go list -test: the test variants and generated mains of the listed packages, named as go lists them.
import type { Config } from '../cfg/config.js';
import { CacheHash, type Cache } from '../cache/index.js';
import { ExitError } from '../base/errors.js';
import { packageErrorString } from '../load/errors.js';
import type { LoadConfig, LoadOptions } from '../load/load.js';
import type { Package } from '../load/types.js';
import { packageDesc } from '../load/pgo.js';
import type { moduleLoadFor } from '../modload/forload.js';
import { openBuildCache } from '../work/opencache.js';
import { loadPatternsWithTests } from './load.js';
import { testPackagesFor, type TestLoad, type TestPackage } from './testpkgs.js';

/** Loads the patterns and what their tests need. */
export async function loadTestsForList(config: Config, lc: LoadConfig, opts: LoadOptions, ml: ReturnType<typeof moduleLoadFor>, args: string[]): ReturnType<typeof loadPatternsWithTests> {
  return await loadPatternsWithTests(config, lc, opts, ml, args);
}

/**
 * Appends, after the packages, each one's test main, test variant (when it differs) and external test
 * package. The generated main's source goes into the build cache, as go's list does, and is listed from
 * there. Without -e a package whose tests do not load stops the command.
 */
export function addTestPackages(config: Config, pkgs: Package[], tests: Map<Package, TestLoad>, allowErrors: boolean): Package[] {
  const out = [...pkgs];
  let cache: Cache | undefined;
  for (const p of pkgs) {
    const tl = tests.get(p);
    if (!tl) continue;
    const tp = testPackagesFor(p, tl);
    if (tp.perr && !allowErrors) throw new ExitError(`go: can't load test package: ${packageErrorString(tp.perr.error!)}`, 1);
    cache ??= openBuildCache(config);
    const h = new CacheHash('testmain');
    h.write('testmain\n');
    h.write(tp.testmain);
    const r = cache.put(h.sum(), Buffer.from(tp.testmain, 'utf8'));
    tp.pmain.goFiles = [cache.outputFile(r.outputID)];
    out.push(tp.pmain);
    if (tp.ptest !== p) out.push(tp.ptest);
    if (tp.pxtest) out.push(tp.pxtest);
  }
  return out;
}

/**
 * Renames test variants to "p [q.test]" and PGO copies to "p [main]" (go's Desc), and rewrites the imports
 * (and import maps) that name them.
 */
export function renameTestVariants(all: Package[]): void {
  const old = new Map<string, string>();
  const renamed = (p: Package): boolean => !!(p as TestPackage).forTest || !!p.internal.forMain;
  for (const p of all) {
    if (!renamed(p)) continue;
    const name = packageDesc(p);
    old.set(name, p.importPath);
    p.importPath = name;
  }
  for (const p of all) {
    const m = new Map<string, string>();
    for (const p1 of p.internal.imports) {
      if (renamed(p1)) m.set(old.get(p1.importPath)!, p1.importPath);
    }
    if (m.size === 0) continue;
    // The import map (source import -> import path, identity entries omitted) follows the renamed imports;
    // an implicit dependency (the linker's runtime) is not among the imports and is not mapped.
    const map: Record<string, string> = {};
    const mapped = new Set<string>();
    for (const [from, to] of Object.entries(p.importMap)) {
      map[from] = m.get(to) ?? to;
      mapped.add(to);
    }
    for (const i of p.imports) {
      const to = m.get(i);
      if (to !== undefined && !mapped.has(i)) map[i] = to;
    }
    p.imports = p.imports.map((i) => m.get(i) ?? i);
    p.importMap = map;
  }
}
