// go's load.PackagesAndErrors for commands that walk source files without building (fmt, generate):
// the named packages, each with its error kept for the command to judge, in module or GOPATH mode.
import type { Config } from '../cfg/config.js';
import { contextFor } from '../load/context.js';
import { traceOnce } from '../load/ignore.js';
import { loadPackages } from '../load/load.js';
import { packageIndexFor } from '../load/pkgindex.js';
import { findMainModule } from '../load/resolve.js';
import type { Package } from '../load/types.js';
import { moduleLoadFor } from '../modload/forload.js';

export interface SourceLoadFlags {
  cmdName: string;
  /** Build tags (-tags, plus any the command adds, as generate adds "generate"). */
  tags: string[];
  mod: string;
  modfile: string;
  modcacherw: boolean;
  x: boolean;
  ignoreImports?: boolean;
}

/** Loads the packages named by args; warnings go to stderr, package errors stay on the packages. */
export async function loadPackagesAndErrors(config: Config, cwd: string, args: string[], f: SourceLoadFlags, stderr: (s: string) => void): Promise<Package[]> {
  const ctxt = contextFor(config, f.tags);
  // fmt and generate never check -mod (go checks it in work.BuildInit, which they skip): any other value
  // acts as an explicit mode that is neither mod nor vendor, which is readonly.
  const buildMod = ['', 'mod', 'readonly', 'vendor'].includes(f.mod) ? f.mod : 'readonly';
  const ml = moduleLoadFor(config, cwd, { cmdName: f.cmdName, buildMod, modFile: f.modfile, modcacherw: f.modcacherw, trace: f.x, stderr, ctxt });
  const mainModule = ml ? ml.mainModule : config.modulesEnabled ? findMainModule(cwd) : undefined;
  const lc: Parameters<typeof loadPackages>[0] = { ctxt, cwd, gobin: config.gobin, toolchainVersion: config.localGo };
  if (mainModule) lc.mainModule = mainModule;
  if (!config.modulesEnabled) lc.gopathMode = true;
  const index = packageIndexFor(config);
  if (index) lc.index = index;
  if (f.x) lc.trace = traceOnce(stderr);
  const opts: Parameters<typeof loadPackages>[2] = { suppressEmbedFiles: true };
  if (f.tags.length) opts.tags = f.tags;
  if (f.ignoreImports) opts.ignoreImports = true;
  const res = ml ? await ml.load((resolver) => loadPackages(lc, args, { ...opts, resolver })) : await loadPackages(lc, args, opts);
  for (const w of res.warnings) stderr(w + '\n');
  return res.roots;
}

/**
 * go's Package.InternalAllGoFiles: every Go file of the package whatever its build constraints, as
 * absolute paths, sorted as one list (go's mkAbs sorts: fmt hands gofmt an external test file before
 * the package's own files when its name sorts first).
 */
export function allGoFiles(p: Package): string[] {
  return absSorted(p, [...p.ignoredGoFiles, ...p.goFiles, ...p.cgoFiles, ...p.testGoFiles, ...p.xTestGoFiles]);
}

/** go's Package.InternalGoFiles: the package's Go, cgo and in-package test files, absolute and sorted together. */
export function internalGoFiles(p: Package): string[] {
  return absSorted(p, [...p.goFiles, ...p.cgoFiles, ...p.testGoFiles]);
}

/** go's Package.InternalXGoFiles: the external test files, absolute and sorted. */
export function internalXGoFiles(p: Package): string[] {
  return absSorted(p, p.xTestGoFiles);
}

/** The files made absolute and sorted, as go's mkAbs does with sort.Strings. */
function absSorted(p: Package, files: readonly string[]): string[] {
  return files.map((f) => absIn(p.dir, f)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** A package file name made absolute (command-line .go files may already be). */
export function absIn(dir: string, f: string): string {
  return f.startsWith('/') ? f : `${dir}/${f}`;
}
