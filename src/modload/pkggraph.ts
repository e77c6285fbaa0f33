// The package graph of "all" as modload sees it (every build tag on): main module packages, their imports and tests.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isStandardImportPath } from '../load/pkgpattern.js';
import { AnyTagsScanner } from '../load/scanimports.js';
import type { Version } from '../lib/module.js';
import { isDirWithGoFiles } from './import.js';
import { moduleIgnore } from '../load/ignore.js';
import type { ModState } from './state.js';

export { anyTagsShouldBuild } from '../load/scanimports.js';

/**
 * The scanner a package graph load uses: the state's (shared by every load of one command, reading through
 * the package index) or a fresh one.
 */
function scannerOf(st: ModState): AnyTagsScanner {
  return st.o.scanner ?? new AnyTagsScanner();
}

/** The go.mod tool packages of the main modules (go's MainModules.Tools()): roots of "all" beside their packages. */
function mainModuleTools(mains: ModState['mains']): string[] {
  return mains.flatMap((m) => m.file.tool.map((t) => t.path));
}

/** The packages of the main module: directories with Go files, skipping testdata, vendor, _x, .x and nested modules. */
export function mainModulePackages(modPath: string, root: string, trace?: (line: string) => void, scanner: AnyTagsScanner = new AnyTagsScanner()): string[] {
  const out: string[] = [];
  // go.mod ignore directives skip directories (go -x says so).
  const ignored = moduleIgnore(root);
  const walk = (dir: string, rel: string): void => {
    if (rel !== '') {
      try {
        if (readdirSync(dir).includes('go.mod')) return;
      } catch {
        return;
      }
    }
    if (isDirWithGoFiles(dir) && scanner.scan(dir).hasGo) out.push(rel === '' ? modPath : `${modPath}/${rel}`);
    let ents: import('node:fs').Dirent[] = [];
    try {
      ents = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    const dirs = ents.filter((e) => e.isDirectory()).map((e) => e.name).sort();
    for (const name of dirs) {
      if (name === 'testdata' || name === 'vendor' || name.startsWith('.') || name.startsWith('_')) continue;
      const sub = rel === '' ? name : `${rel}/${name}`;
      if (ignored?.(sub)) {
        trace?.(`# ignoring directory ${join(dir, name)}`);
        continue;
      }
      walk(join(dir, name), sub);
    }
  };
  walk(root, '');
  return out;
}

/** One package of the graph. */
export interface PkgNode {
  path: string;
  /** For the test of a package: the package tested (go prints it as "path.test"). */
  testOf?: PkgNode;
  dir: string;
  mod?: Version;
  std: boolean;
  imports: PkgNode[];
  test?: PkgNode;
  err?: Error;
  /** The next package up the shortest import chain (undefined for roots). */
  stack?: PkgNode;
}

export interface PkgGraph {
  roots: PkgNode[];
  /** Every package (not test packages) by import path. */
  pkgs: Map<string, PkgNode>;
  /** The packages in "all" (go's pkgInAll). */
  inAll: Set<PkgNode>;
}

/**
 * The path a standard-library package at parent imports path as (go's stdVendor): non-std paths
 * vendored in GOROOT/src/vendor (or src/cmd/vendor for cmd) become "vendor/..." ("cmd/vendor/...").
 * Inside the std (cmd) module itself only the vendor/ packages use the vendor directory.
 */
export function stdVendorPath(goroot: string, mainPath: string, parent: string, path: string): string {
  if (isStandardImportPath(path)) return path;
  const under = (p: string, prefix: string): boolean => p === prefix || p.startsWith(prefix + '/');
  let vendorPath = '';
  if (under(parent, 'cmd')) {
    if (mainPath !== 'cmd') vendorPath = `cmd/vendor/${path}`;
  } else if (mainPath !== 'std' || under(parent, 'vendor')) {
    vendorPath = `vendor/${path}`;
  }
  if (vendorPath !== '') {
    try {
      statSync(join(goroot, 'src', vendorPath));
      return vendorPath;
    } catch {
      // not vendored: resolved from modules
    }
  }
  return path;
}

/**
 * Loads the package graph of "all" from the main module's packages (roots), as go's loader does
 * for go mod why: each package's imports (AnyTags), standard-library packages included (their
 * vendored imports as "vendor/..."). Root packages always get a test package (importing their
 * test imports); with tests (LoadTests) so does every package in "all". A root's test imports are
 * in "all"; other tests' imports are loaded but not in "all" unless closesOverTests (main module
 * go < 1.16). A load of "all" (opts.all) has the main modules' go.mod tool packages as roots too,
 * without tests (go's MainModules.Tools()). Then computes the shortest import chain to every package
 * (go's buildStacks).
 */
/** A package directory's imports (non-test, test) as some build configuration sees them. */
export type ImportScanner = (dir: string) => Promise<{ imports: string[]; testImports: string[] }>;

/**
 * @param opts.all the load is of "all": st's main modules' go.mod tools join the roots (every workspace
 *   module's tools, whichever module's packages rootPaths are)
 * @param opts.scan reads a directory's imports under a build configuration; absent: every build
 *   tag is considered (go's AnyTags)
 */
export async function loadPackageGraph(st: ModState, rootPaths: string[], opts: { tests: boolean; closesOverTests?: boolean; all?: boolean; rootTests?: boolean; scan?: ImportScanner }): Promise<PkgGraph> {
  const pkgs = new Map<string, PkgNode>();
  const scanner = scannerOf(st);
  const node = async (path: string): Promise<PkgNode> => {
    let n = pkgs.get(path);
    if (n) return n;
    n = { path, dir: '', std: isStandardImportPath(path), imports: [] };
    pkgs.set(path, n);
    try {
      const f = await st.importPackage(path);
      n.dir = f.dir;
      n.std = f.std === true;
      if (f.mod.path !== '') n.mod = f.mod;
    } catch (e) {
      n.err = e as Error;
    }
    return n;
  };
  const resolve = (n: PkgNode, imp: string): string => (n.std ? stdVendorPath(st.o.goroot, st.main.path, n.path, imp) : imp);
  const rootSet = new Set<string>(rootPaths);
  const testImports = new Map<PkgNode, string[]>();
  const inAll = new Set<PkgNode>();
  const visit = async (n: PkgNode, all: boolean): Promise<void> => {
    const first = !testImports.has(n);
    const newlyAll = all && !inAll.has(n);
    if (!first && !newlyAll) return;
    if (newlyAll) inAll.add(n);
    if (first) {
      testImports.set(n, []);
      if (n.err || n.path === 'unsafe') return;
      const sc = opts.scan ? await opts.scan(n.dir) : scanner.scan(n.dir);
      for (const imp of sc.imports) n.imports.push(await node(resolve(n, imp)));
      testImports.set(n, sc.testImports);
    }
    for (const d of n.imports) await visit(d, all);
    const isRoot = rootSet.has(n.path);
    // go get without -t loads no tests at all (rootTests false); go mod why/tidy load the roots' tests.
    if (!newlyAll || !((isRoot && opts.rootTests !== false) || opts.tests)) return;
    const ti = testImports.get(n)!;
    if (ti.length === 0) return;
    const t: PkgNode = { path: n.path, testOf: n, dir: n.dir, std: n.std, imports: [] };
    if (n.mod) t.mod = n.mod;
    for (const imp of ti) if (imp !== n.path) t.imports.push(await node(resolve(n, imp)));
    n.test = t;
    for (const d of t.imports) await visit(d, isRoot || opts.closesOverTests === true);
  };
  const roots: PkgNode[] = [];
  // go.mod tool packages are roots of "all" too, but only main module packages have their tests loaded.
  const tools = opts.all ? mainModuleTools(st.mains) : [];
  for (const p of [...rootPaths, ...tools.filter((t) => !rootSet.has(t))]) roots.push(await node(p));
  for (const r of roots) await visit(r, true);
  // Shortest chains, breadth first from the roots in order (go's buildStacks).
  const seen = new Set<PkgNode>(roots);
  const queue = [...roots];
  for (let i = 0; i < queue.length; i++) {
    const p = queue[i]!;
    for (const next of p.imports) {
      if (!seen.has(next)) {
        seen.add(next);
        next.stack = p;
        queue.push(next);
      }
    }
    if (p.test && !seen.has(p.test)) {
      seen.add(p.test);
      p.test.stack = p;
      queue.push(p.test);
    }
  }
  return { roots, pkgs, inAll };
}

/**
 * Adds to direct the modules that the main module's packages, and the tests the graph loaded for them,
 * import (go's loadedDirect): other modules, not the standard library or the main module itself.
 */
export function addDirectModules(g: PkgGraph, mainPath: string, direct: Set<string>): void {
  const note = (imports: readonly PkgNode[]): void => {
    for (const d of imports) if (d.mod && !d.std && d.mod.path !== mainPath) direct.add(d.mod.path);
  };
  for (const p of g.pkgs.values()) {
    if (p.mod?.path !== mainPath || p.mod.version !== '') continue;
    note(p.imports);
    if (p.test) note(p.test.imports);
  }
}

/** go mod why's stanza body for n: the chain from a root, one package per line ("" when unreachable). */
export function whyText(g: PkgGraph, path: string): string {
  const n = g.pkgs.get(path);
  if (!n) return '';
  const chain: PkgNode[] = [];
  for (let p: PkgNode | undefined = n; p; p = p.stack) chain.push(p);
  if (chain[chain.length - 1]!.stack === undefined && !g.roots.includes(chain[chain.length - 1]!) && !chain[chain.length - 1]!.testOf) return '';
  return chain.reverse().map((p) => (p.testOf ? `${p.testOf.path}.test` : p.path) + '\n').join('');
}

/** The number of packages in the chain to path (0 when unreachable). */
export function whyDepth(g: PkgGraph, path: string): number {
  return whyText(g, path).split('\n').length - 1;
}
