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

/**
 * The build-list module whose tree holds dir and dir's import path in it; undefined when none
 * does. Throws NeedAsync while the module graph loads; a graph error counts as no module.
 */
export function moduleCacheDirImport(st: ModState, dir: string): { mod: Version; path: string } | undefined {
  const bl = buildListSync(st);
  if ('error' in bl) return undefined;
  for (const m of bl.list) {
    if (m.version === '' || gover.isToolchain(m.path)) continue;
    const r = st.replace.lookup(m);
    let root: string | undefined;
    if (r && r.version === '') root = st.replace.dir(r);
    else {
      const actual = r ?? m;
      root = st.o.source.downloadDir?.(actual.path, actual.version) ?? st.o.source.cachedDir?.(actual.path, actual.version);
    }
    if (root === undefined) continue;
    const path = importPathInTree(m, root, dir);
    if (path !== undefined) return { mod: m, path };
  }
  return undefined;
}
