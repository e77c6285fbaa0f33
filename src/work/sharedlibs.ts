// -linkshared builds: what loading and the action graph need to relink the shared libraries a link
// depends on (go's readpkglist and linkSharedAction with no package list), for every command that links.
import type { BuildFlags } from '../cfg/buildflags.js';
import { ExitError } from '../base/errors.js';
import { packageList } from '../load/load.js';
import type { Package } from '../load/types.js';
import type { ActionGraph } from './action.js';
import { readSharedLibraryPackages } from './elfnote.js';
import { buildModeFlags } from './toolargs.js';

/**
 * The loader settings of -buildmode=shared and -linkshared (go's buildModeInit): libraries install under
 * the dynlink suffix (or -pkgdir) in module mode too, and with -linkshared name their shared library
 * (<root>/<path>.shlibname). Empty for other builds.
 */
export function sharedLoadSettings(bf: BuildFlags, goos: string, goarch: string, instrument: '' | 'race' | 'msan' | 'asan'): { installSuffix?: string; pkgdir?: string; linkshared?: true } {
  const out: { installSuffix?: string; pkgdir?: string; linkshared?: true } = {};
  if (bf.buildmode !== 'shared' && !bf.linkshared) return out;
  const bm = buildModeFlags(bf.buildmode, goos, goarch, instrument, bf.installsuffix, bf.linkshared);
  if (bm.installSuffix) out.installSuffix = bm.installSuffix;
  if (bf.pkgdir) out.pkgdir = bf.pkgdir;
  if (bf.linkshared) out.linkshared = true;
  return out;
}

/**
 * The import paths listed in the package-list notes of the shared libraries holding pkgs or their
 * dependencies that are not among those packages: go loads every package of a library it relinks, so a
 * library such as libstd.so brings packages the program does not import. A library that cannot be read
 * here is reported when its relink is planned (sharedLibraryRelinks).
 */
export function missingSharedLibraryPackages(pkgs: Package[], read: (shlib: string) => string[] = readSharedLibraryPackages): string[] {
  const all = packageList(pkgs);
  const have = new Set(all.map((p) => p.importPath));
  const seen = new Set<string>();
  const missing = new Set<string>();
  for (const p of all) {
    if (!p.shlib || seen.has(p.shlib)) continue;
    seen.add(p.shlib);
    let list: string[] = [];
    try { list = read(p.shlib); } catch { /* reported by sharedLibraryRelinks */ }
    for (const ip of list) if (!have.has(ip)) missing.add(ip);
  }
  return [...missing];
}

/**
 * What the action graph needs to relink the shared libraries of a -linkshared build (go's readpkglist and
 * the packages linkSharedAction adds): each library's packages from its note, resolved among the loaded
 * packages, runtime/cgo, and the packages every link opens (go's LinkerDeps; external linking).
 */
export function sharedLibraryRelinks(bf: BuildFlags, pkgs: Package[], read: (shlib: string) => string[] = readSharedLibraryPackages): NonNullable<ActionGraph['sharedLibraries']> {
  const byPath = new Map<string, Package>();
  for (const p of packageList(pkgs)) if (!byPath.has(p.importPath)) byPath.set(p.importPath, p);
  const find = (paths: string[]): Package[] => paths.flatMap((ip) => byPath.get(ip) ?? []);
  return {
    packages(shlib) {
      let list: string[];
      try {
        list = read(shlib);
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        const msg = err.code === 'ENOENT' ? `open ${shlib}: no such file or directory` : err.message;
        throw new ExitError(`readELFNote failed: ${msg}`, 1);
      }
      return find(list);
    },
    implicit: find(['runtime/cgo']),
    linkerDeps: find(['runtime', 'runtime/cgo', ...(bf.race ? ['runtime/race'] : []), ...(bf.msan ? ['runtime/msan'] : []), ...(bf.asan ? ['runtime/asan'] : []), ...(bf.cover ? ['runtime/coverage'] : [])]),
  };
}
