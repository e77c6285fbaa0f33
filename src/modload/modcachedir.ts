// go's pathInModuleCache: the import path of a directory inside the tree of a build-list module
// (its module cache copy, or its replacement's directory).
import { isAbsolute, relative, sep } from 'node:path';
import * as gover from '../lib/gover.js';
import type { Version } from '../lib/module.js';
import type { ModState } from './state.js';
import { buildListSync } from './wildcard.js';

/**
 * The import path of dir within module m rooted at root, or undefined when dir is outside the
 * tree, or below a vendor directory or a path element with "@" (another module's cache copy).
 */
export function importPathInTree(m: Version, root: string, dir: string): string | undefined {
  const rel = relative(root, dir);
  if (rel === '') return m.path;
  if (rel.startsWith('..') || isAbsolute(rel)) return undefined;
  const sub = rel.split(sep).join('/');
  if (sub.startsWith('vendor/') || sub.includes('/vendor/') || sub.includes('@')) return undefined;
  return `${m.path}/${sub}`;
}

/** The first of mods (none a main module) whose tree, as rootOf finds it, holds dir; with dir's import path. */
export function firstModuleHolding(mods: readonly Version[], rootOf: (m: Version) => string | undefined, dir: string): { mod: Version; path: string } | undefined {
  for (const m of mods) {
    if (m.version === '' || gover.isToolchain(m.path)) continue;
    const root = rootOf(m);
    if (root === undefined) continue;
    const path = importPathInTree(m, root, dir);
    if (path !== undefined) return { mod: m, path };
  }
  return undefined;
}

/**
 * The build-list module whose tree holds dir and dir's import path in it; undefined when none
 * does. With a pruned graph the roots are tried first, so that the graph (whose loading may fail,
 * say for a missing go.sum entry) is loaded only when no root holds dir, as go does. Throws
 * NeedAsync while the module graph loads; a graph error counts as no module.
 */
export function moduleCacheDirImport(st: ModState, dir: string): { mod: Version; path: string } | undefined {
  const rootOf = (m: Version): string | undefined => {
    const r = st.replace.lookup(m);
    if (r && r.version === '') return st.replace.dir(r);
    const actual = r ?? m;
    return st.o.source.downloadDir?.(actual.path, actual.version) ?? st.o.source.cachedDir?.(actual.path, actual.version);
  };
  if (st.reqs.pruning === 'pruned') {
    // A root whose path has a higher root version is not the selected one.
    const roots = st.reqs.roots.filter((m) => st.reqs.rootSelected(m.path) === m.version);
    const found = firstModuleHolding(roots, rootOf, dir);
    if (found) return found;
  }
  const bl = buildListSync(st);
  if ('error' in bl) return undefined;
  return firstModuleHolding(bl.list, rootOf, dir);
}
