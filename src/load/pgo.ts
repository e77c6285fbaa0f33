// -pgo=auto with several packages named (go's setPGOProfilePath): per-main copies of the dependency graph,
// and the names go gives those copies (go's Package.Desc).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Package } from './types.js';

/**
 * go's setPGOProfilePath for -pgo=auto with several packages named: each main package with a default.pgo
 * gets its own copy of its dependency graph, every copy compiled with that profile (the main package itself
 * is not copied, only marked). A single package takes the build-wide profile of the build configuration
 * instead, and so does -pgo=<file>.
 */
export function splitForPGO(pkgs: Package[], pgo: string, exists: (file: string) => boolean = existsSync): void {
  if (pgo !== 'auto' || pkgs.length < 2) return;
  for (const pmain of pkgs) {
    if (pmain.name !== 'main') continue;
    const file = join(pmain.dir, 'default.pgo');
    if (!exists(file)) continue;
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
