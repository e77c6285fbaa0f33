// Loading for go test: the named packages, their test imports and the generated main's dependencies, in one loader.
import type { Config } from '../cfg/config.js';
import type { BuildFlags } from '../cfg/buildflags.js';
import { contextFor } from '../load/context.js';
import { resolveEmbed, EmbedError } from '../load/embed.js';
import { newPackageError, type StackEntry } from '../load/errors.js';
import { defaultGODEBUG, godebugTable } from '../load/godebug.js';
import { traceOnce } from '../load/ignore.js';
import { Loader, type LoadConfig, type LoadOptions } from '../load/load.js';
import { packageIndexFor } from '../load/pkgindex.js';
import { findMainModule } from '../load/resolve.js';
import type { Package, PackageError, Pos } from '../load/types.js';
import { moduleLoadFor } from '../modload/forload.js';
import { TEST_MAIN_DEPS, type TestLoad } from './testpkgs.js';
import type { ActionGraph } from '../work/action.js';
import { missingSharedLibraryPackages, sharedLibraryRelinks, sharedLoadSettings } from '../work/sharedlibs.js';

export interface TestLoadResult {
  pkgs: Package[];
  /** What each package with test files needs for its variants. */
  tests: Map<Package, TestLoad>;
  /** Packages the build adds imports of (sync/atomic under -covermode=atomic), by import path. */
  implicit?: Map<string, Package>;
  /**
   * -linkshared: every package loaded (the roots, their tests' imports and the test mains' deps) and
   * the other packages of the shared libraries those are in, for relinking the libraries.
   */
  linked?: Package[];
  /** -linkshared: what the action graph needs to relink the shared libraries the test binaries use. */
  sharedLibraries?: NonNullable<ActionGraph['sharedLibraries']>;
}

/**
 * Loads the packages to test (go's PackagesAndErrors with ModResolveTests) without stopping at errors:
 * go test reports them per package as setup failures.
 */
export async function loadForTest(config: Config, bf: BuildFlags, cwd: string, args: string[], stderr: (s: string) => void): Promise<TestLoadResult> {
  const ctxt = contextFor(config, bf.tags);
  // go's instrumentInit adds the mode to the tool tags (//go:build race).
  const instrument = bf.race ? 'race' : bf.msan ? 'msan' : bf.asan ? 'asan' : '';
  if (instrument) ctxt.toolTags.push(instrument);
  const ml = moduleLoadFor(config, cwd, { cmdName: 'test', buildMod: bf.mod, modFile: bf.modfile, modcacherw: bf.modcacherw, trace: bf.x, stderr, ctxt });
  const mainModule = ml ? ml.mainModule : config.modulesEnabled ? findMainModule(cwd) : undefined;
  const toolchainVersion = config.localGo;
  const lc: LoadConfig = {
    ctxt, cwd, gobin: config.gobin, toolchainVersion, buildmode: bf.buildmode,
    race: bf.race, msan: bf.msan, asan: bf.asan, cover: bf.cover,
  };
  if (bf.x) lc.trace = traceOnce(stderr);
  if (mainModule) lc.mainModule = mainModule;
  if (!config.modulesEnabled) lc.gopathMode = true;
  Object.assign(lc, sharedLoadSettings(bf, ctxt.goos, ctxt.goarch, instrument));
  const index = packageIndexFor(config);
  if (index) lc.index = index;
  const opts = bf.tags.length ? { tags: bf.tags } : {};
  // Atomic coverage makes the cover tool import sync/atomic into every instrumented package (go's EnsureImport).
  const implicit = bf.cover && bf.covermode === 'atomic' ? ['sync/atomic'] : [];
  const res = await loadPatternsWithTests(config, lc, opts, ml, args, implicit);
  for (const w of res.warnings) stderr(w + '\n');
  const out: TestLoadResult = { pkgs: res.pkgs, tests: res.tests };
  if (res.implicit) out.implicit = res.implicit;
  if (res.linked) out.sharedLibraries = sharedLibraryRelinks(bf, res.linked);
  return out;
}

/**
 * Loads patterns in one loader (through the module loader when there is one) together with what each root
 * with test files needs for its test variants (go test, go list -test).
 */
export async function loadPatternsWithTests(config: Config, lc: LoadConfig, opts: LoadOptions, ml: ReturnType<typeof moduleLoadFor>, args: string[], implicitPaths: string[] = []): Promise<TestLoadResult & { warnings: string[] }> {
  const mainModule = lc.mainModule;
  const toolchainVersion = lc.toolchainVersion ?? config.localGo;
  const run = async (loader: Loader): Promise<TestLoadResult & { warnings: string[] }> => {
    const res = await loader.loadPatterns(args);
    const tests = new Map<Package, TestLoad>();
    const table = godebugTable(config.goroot);
    for (const p of res.roots) {
      if (p.testGoFiles.length + p.xTestGoFiles.length === 0 || (p.error && !p.dir)) continue;
      tests.set(p, await loadTestImportsOf(loader, p, (directives) => defaultGODEBUG(table, toolchainVersion, {
        // GOPATH mode has no main module: go takes its default go.mod version, as for mains (load.ts).
        goVersion: mainModule?.goVersion ?? (mainModule || lc.gopathMode ? '1.16' : toolchainVersion.replace(/^(\d+\.\d+).*/, '$1')),
        modGodebugs: mainModule?.godebug ?? [],
        directives,
      })));
    }
    const out: TestLoadResult & { warnings: string[] } = { pkgs: res.roots, tests, warnings: res.warnings };
    if (implicitPaths.length > 0) {
      out.implicit = new Map();
      for (const path of implicitPaths) out.implicit.set(path, (await loader.loadImport(path, lc.cwd, undefined, [], undefined, { resolveImport: false })).p);
    }
    if (lc.linkshared) {
      // go loads every package of a shared library it relinks, imported by the tests or not.
      const all = [...res.roots, ...[...tests.values()].flatMap((t) => [...t.testImports, ...t.xTestImports, ...t.mainDeps])];
      for (const path of missingSharedLibraryPackages(all)) all.push((await loader.loadImport(path, lc.cwd, undefined, [], undefined, { resolveImport: false })).p);
      out.linked = all;
    }
    return out;
  };
  return ml ? await ml.load((resolver) => run(new Loader(lc, { ...opts, resolver }))) : await run(new Loader(lc, opts));
}

/** The first half of go's TestPackagesAndErrors: p's test and xtest imports, embeds, and the main's deps. */
async function loadTestImportsOf(loader: Loader, p: Package, godebug: (directives: string[]) => string): Promise<TestLoad> {
  const info = await loader.scan(p.dir);
  const testImportPos: Record<string, Pos[]> = info instanceof Error ? {} : info.testImportPos;
  const xTestImportPos: Record<string, Pos[]> = info instanceof Error ? {} : info.xTestImportPos;
  const xTestImportMap: Record<string, string> = {};
  // The loader's own pass over test imports (for "all" with tests) may have rewritten these lists to
  // resolved paths already (vendor/...): each is loaded again by the path in the source, as go checks it.
  const sourcePath = new Map<string, string>();
  for (const [src, to] of Object.entries(p.importMap)) if (!sourcePath.has(to)) sourcePath.set(to, src);
  const load = async (paths: string[], posOf: Record<string, Pos[]>, stk: StackEntry[], xtest = false): Promise<{ pkgs: Package[]; err?: PackageError }> => {
    const pkgs: Package[] = [];
    let err: PackageError | undefined;
    for (let i = 0; i < paths.length; i++) {
      const path = sourcePath.get(paths[i]!) ?? paths[i]!;
      if (path === 'C') continue;
      const { p: p1, perr } = await loader.loadImport(path, p.dir, p, stk, posOf[path], { resolveImport: true, test: true });
      if (perr && !err) err = perr;
      if (p1.importPath !== path) {
        // The xtest is a package of its own: its mappings are its ImportMap, not p's.
        if (xtest) xTestImportMap[path] = p1.importPath;
        else p.importMap[path] = p1.importPath;
        paths[i] = p1.importPath;
      }
      pkgs.push(p1);
    }
    return err ? { pkgs, err } : { pkgs };
  };
  const t = await load(p.testImports, testImportPos, [{ pkg: p.importPath + ' (test)' }]);
  const x = await load(p.xTestImports, xTestImportPos, [{ pkg: p.importPath + '_test' }], true);
  const out: TestLoad = {
    testImports: t.pkgs, xTestImports: x.pkgs, mainDeps: [], testImportPos, xTestImportPos, testEmbedMap: {}, xTestEmbedMap: {},
    defaultGODEBUG: godebug([...(p.directives ?? []), ...(p.testDirectives ?? []), ...(p.xTestDirectives ?? [])]),
  };
  if (t.err) out.testErr = t.err;
  if (x.err) out.xTestErr = x.err;
  if (Object.keys(xTestImportMap).length > 0) out.xTestImportMap = xTestImportMap;
  const embed = (patterns: string[], stk: string): { files: string[]; map: Record<string, string[]>; err?: PackageError } => {
    if (patterns.length === 0) return { files: [], map: {} };
    try {
      return resolveEmbed(p.dir, patterns);
    } catch (e) {
      if (!(e instanceof EmbedError)) throw e;
      return { files: [], map: {}, err: newPackageError([{ pkg: stk }], e.message, 'embed') };
    }
  };
  const te = embed(p.testEmbedPatterns, p.importPath + ' (test)');
  p.testEmbedFiles = te.files;
  if (te.err) out.testErr ??= te.err;
  out.testEmbedMap = te.map;
  const xe = embed(p.xTestEmbedPatterns, p.importPath + '_test');
  p.xTestEmbedFiles = xe.files;
  if (xe.err) out.xTestErr ??= xe.err;
  out.xTestEmbedMap = xe.map;
  // The generated main imports testing & co., and the linker wants the runtime (go's LinkerDeps).
  // Under -cover the main also imports internal/coverage/cfile.
  const ld = loader.linkerDeps(p);
  if (typeof ld === 'string') out.mainErr = { importStack: [], err: ld };
  const deps = [...TEST_MAIN_DEPS, ...(loader.config.cover ? ['internal/coverage/cfile'] : []), ...(typeof ld === 'string' ? [] : ld)];
  for (const dep of deps) {
    if (dep === p.importPath) { out.mainDeps.push(p); continue; }
    const { p: p1, perr } = await loader.loadImport(dep, '', undefined, [{ pkg: 'testmain' }], undefined, { resolveImport: false });
    if (perr && !out.mainErr) out.mainErr = perr;
    out.mainDeps.push(p1);
  }
  return out;
}
