// go's setPGOProfilePath: which packages compile with which PGO profile, and the names go gives the copies
// made for one main package's profile (go's Package.Desc).
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { packageList } from './load.js';
import type { Package } from './types.js';

/**
 * go's setPGOProfilePath, run on the named packages once they are loaded (before any test's own imports are).
 * -pgo=<file>: every package of the roots' graph takes the file. -pgo=auto: each main package with a
 * default.pgo takes it with its graph; with several packages named, that graph is copied per main package
 * first (the main package itself is not copied), as the graphs may want different profiles.
 * Packages loaded later for tests carry no profile, so the test room copies them as "p [q.test]" to take the
 * profile of the package under test, as go does.
 */
export function splitForPGO(pkgs: Package[], pgo: string, exists: (file: string) => boolean = existsSync, cwd = process.cwd()): void {
  if (pgo === 'off' || pgo === '') return;
  if (pgo !== 'auto') {
    const file = resolve(cwd, pgo);
    for (const p of packageList(pkgs)) p.internal.pgoProfile = file;
    return;
  }
  for (const pmain of pkgs) {
    if (pmain.name !== 'main') continue;
    const file = join(pmain.dir, 'default.pgo');
    if (!exists(file)) continue;
    if (pkgs.length === 1) {
      for (const p of packageList([pmain])) p.internal.pgoProfile = file;
      continue;
    }
    const visited = new Map<Package, Package>();
    const split = (p: Package): Package => {
      const seen = visited.get(p);
      if (seen) return seen;
      let q = p;
      if (p !== pmain) {
        // Imports and internal.imports are rewritten below (and by list's renaming): the copy owns them.
        q = { ...p, imports: [...p.imports], internal: { ...p.internal, imports: [...p.internal.imports], forMain: pmain.importPath } };
      }
      visited.set(p, q);
      q.internal.pgoProfile = file;
      q.internal.imports = q.internal.imports.map(split);
      return q;
    };
    split(pmain);
  }
}

/**
 * go's Package.Desc(): the import path; a test variant adds " [p.test]" (forTest, set by the test room), a copy
 * made for one main package's PGO profile adds " [main]".
 */
export function packageDesc(p: Package): string {
  const forTest = (p as Package & { forTest?: string }).forTest;
  if (forTest) return `${p.importPath} [${forTest}.test]`;
  // (internal is absent from the bare package records some callers describe)
  const forMain = (p.internal as Package['internal'] | undefined)?.forMain;
  return forMain ? `${p.importPath} [${forMain}]` : p.importPath;
}
