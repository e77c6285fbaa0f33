// `go list`: load packages and print each with a text/template (-f) or as JSON (-json[=fields]).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FlagSet, FlagValue } from '../lib/flags.js';
import { parseGoBool } from '../lib/flags.js';
import { addBuildFlags, checkSupported, type BuildFlags } from '../cfg/buildflags.js';
import { buildInitChecks } from '../cfg/buildinit.js';
import type { Command, CommandContext } from './command.js';
import { ExitError } from './command.js';
import { GopathResolver } from '../load/gopath.js';
import { contextFor, type BuildContext } from '../load/context.js';
import { newPackageError, packageErrorString } from '../load/errors.js';
import { loadPackages, packageList } from '../load/load.js';
import { buildInitOverlay } from '../base/fsys.js';
import { packageIndexFor } from '../load/pkgindex.js';
import { traceOnce } from '../load/ignore.js';
import { findMainModule } from '../load/resolve.js';
import type { ModuleInfo, Package, PackageError } from '../load/types.js';
import type { Cache } from '../cache/index.js';
import type { ActionGraph } from '../work/action.js';
import { collectDeps, collectDepsErrors } from './listdeps.js';
import { moduleStruct, packageDoc, packageJSON, packageStruct, PACKAGE_FIELD_NAMES, type ListExtras } from '../load/listjson.js';
import { moduleLoadFor } from '../modload/forload.js';
import { noMainModuleFor, noMainModuleLoad } from '../modload/nomain.js';
import type { Version } from '../lib/module.js';
import { computeStale } from './liststale.js';
import { GoNil, GoStruct, Template, TemplateError, type TemplateFunc } from '../lib/template/index.js';
import { addTestPackages, loadTestsForList, renameTestVariants } from '../test/list.js';
import type { TestPackage } from '../test/testpkgs.js';
import { initFips140 } from '../modload/fips140.js';
import { splitForPGO } from '../load/pgo.js';
import { withLateOptimization, withSmallYoungGeneration } from '../base/v8flags.js';

interface ListFlags {
  compiled: boolean; deps: boolean; e: boolean; export: boolean; f: string; find: boolean; m: boolean;
  retracted: boolean; reuse: string; test: boolean; u: boolean; versions: boolean;
  json: boolean; jsonFields: Set<string>;
}

let bf: BuildFlags;
let lf: ListFlags;

/** go's jsonFlag: -json, -json=false, or -json=Field,Field (which implies -json). */
class JSONFlag implements FlagValue {
  constructor(private readonly l: () => ListFlags) {}
  set(s: string): void {
    const l = this.l();
    try {
      l.json = parseGoBool(s);
      return;
    } catch {
      // a field list
    }
    l.json = true;
    for (const f of s.split(',')) l.jsonFields.add(f);
  }
  toString(): string { return [...this.l().jsonFields].sort().join(','); }
  isBoolFlag(): boolean { return true; }
}

export const command: Command = {
  name: 'list',
  usageLine: 'go list [-f format] [-json] [-m] [list flags] [build flags] [packages]',
  short: 'list packages or modules',
  long: `
List lists the named packages, one per line, by default as their import paths.

The -f flag gives a format in the syntax of Go's text/template, executed once per package
over a struct with the fields of go's PackagePublic (Dir, ImportPath, Name, GoFiles, Imports,
Deps, Module, Error, ...). The template functions "join", "context" and "module" are added.

The -json flag prints each package as JSON instead; -json=A,B prints only the named fields.

The -deps flag also lists the dependencies, in a depth-first post-order; -e tolerates
erroneous packages (reported in their Error field); -find does not resolve imports; -compiled
and -export report the compiled files and export data; -test adds test packages; -m lists
modules.

The build flags are shared by build, clean, get, install, list, run and test.
`,
  flags(fs: FlagSet) {
    bf = addBuildFlags(fs, 'list');
    const l: ListFlags = {
      compiled: false, deps: false, e: false, export: false, f: '', find: false, m: false, retracted: false, reuse: '',
      test: false, u: false, versions: false, json: false, jsonFields: new Set(),
    };
    lf = l;
    fs.var(new JSONFlag(() => l), 'json');
    const b = (name: keyof ListFlags): void => { const r = fs.bool(name); Object.defineProperty(l, name, { get: () => r.value, enumerable: true }); };
    for (const n of ['compiled', 'deps', 'e', 'export', 'find', 'm', 'retracted', 'test', 'u', 'versions'] as const) b(n);
    const f = fs.string('f');
    Object.defineProperty(l, 'f', { get: () => f.value, set: (v: string) => { f.value = v; }, enumerable: true });
    const reuse = fs.string('reuse');
    Object.defineProperty(l, 'reuse', { get: () => reuse.value, enumerable: true });
  },
  async run(ctx, args) {
    // Loading packages is a short run: see base/v8flags.ts. The young generation stays small when nothing
    // is built (no -export or -compiled). list -m is left alone: it mostly starts up, and would load node:v8
    // only to set the flags.
    const run = (): Promise<number> => runList(ctx, args, bf, lf);
    if (lf.m) return await run();
    if (lf.export || lf.compiled) return await withLateOptimization(run);
    return await withLateOptimization(() => withSmallYoungGeneration(run));
  },
};

const SUPPORTED = new Set(['a', 'n', 'x', 'v', 'p', 'work', 'compiler', 'mod', 'modcacherw', 'modfile', 'tags', 'trimpath', 'buildvcs', 'gcflags', 'ldflags', 'asmflags', 'buildmode', 'pgo', 'debug-actiongraph', 'race', 'msan', 'asan', 'overlay', 'cover', 'covermode', 'coverpkg', 'linkshared', 'pkgdir', 'installsuffix']);

function fatal(msg: string): never {
  throw new ExitError(msg, 1);
}

/** Runs go list with the parsed flags; returns the exit status. */
export async function runList(ctx: CommandContext, args: string[], flags: BuildFlags, l: ListFlags): Promise<number> {
  const { config, cwd } = ctx;
  if (l.f !== '' && l.json) fatal('go list -f cannot be used with -json');
  if (l.reuse !== '' && !l.m) fatal('go list -reuse cannot be used without -m');
  if (l.m) {
    if (l.compiled) fatal('go list -compiled cannot be used with -m');
    if (l.deps) fatal('go list -deps cannot be used with -m');
    if (l.export) fatal('go list -export cannot be used with -m');
    if (l.find) fatal('go list -find cannot be used with -m');
    if (l.test) fatal('go list -test cannot be used with -m');
    buildInitOverlay(flags.overlay, cwd, config.gomodcache);
    if (flags.overlay !== '') config.overlayInstalled();
    const mctxt = contextFor(config, flags.tags);
    const { runListM } = await import('./listm.js');
    return await runListM(ctx, args, { buildMod: flags.mod, modFile: flags.modfile, modcacherw: flags.modcacherw, trace: flags.x }, l,
      listFuncs(mctxt, () => new Map()));
  }
  if (l.retracted && !config.modulesEnabled) fatal('go list -retracted can only be used in module-aware mode');
  if (l.u) fatal('go list -u can only be used with -m');
  if (l.versions) fatal('go list -versions can only be used with -m');
  if (l.find && l.deps) fatal('go list -deps cannot be used with -find');
  if (l.find && l.test) fatal('go list -test cannot be used with -find');
  if (l.find && l.export) fatal('go list -export cannot be used with -find');
  // -toolexec: building (-export, -compiled) does not apply it yet.
  checkSupported(flags, l.export || l.compiled ? SUPPORTED : new Set([...SUPPORTED, 'toolexec']));
  buildInitChecks(flags, config);
  buildInitOverlay(flags.overlay, cwd, config.gomodcache);
  if (flags.overlay !== '') config.overlayInstalled();

  const needAll = l.jsonFields.size === 0;
  const needAny = (...f: string[]): boolean => needAll || f.some((x) => l.jsonFields.has(x));
  const fmt = l.f === '' ? '{{.ImportPath}}' : l.f;
  const needStale = (l.json && needAny('Stale', 'StaleReason')) || fmt.includes('.Stale');

  // The template is parsed before anything is loaded, as go does.
  const ctxt = contextFor(config, flags.tags);
  // go's instrumentInit adds the mode to the tool tags (//go:build race).
  const instrument = flags.race ? 'race' : flags.msan ? 'msan' : flags.asan ? 'asan' : '';
  if (instrument) ctxt.toolTags.push(instrument);
  let tmpl: Template | undefined;
  if (!l.json) {
    try {
      tmpl = new Template('main', fmt, listFuncs(ctxt, () => modules));
    } catch (e) {
      if (e instanceof TemplateError) fatal(e.message);
      throw e;
    }
  }

  const err = (s: string): void => { ctx.stderr.write(s); };
  let ml = moduleLoadFor(config, cwd, { cmdName: 'list', buildMod: flags.mod, modFile: flags.modfile, modcacherw: flags.modcacherw, trace: flags.x, stderr: err });
  // Without a go.mod, go's stand-in main module (whose root imports only -mod=mod looks up).
  const noMain = ml ? undefined : noMainModuleFor(config, 'list', flags.mod);
  if (noMain?.buildMod === 'mod') ml = await noMainModuleLoad(config, cwd, args, { cmdName: 'list', trace: flags.x, modcacherw: flags.modcacherw, stderr: err, ctxt });
  const mainModule = ml ? ml.mainModule : config.modulesEnabled ? findMainModule(cwd) : undefined;
  const lc: Parameters<typeof loadPackages>[0] = {
    ctxt, cwd, gobin: config.gobin, toolchainVersion: config.localGo, buildmode: flags.buildmode,
    race: flags.race, msan: flags.msan, asan: flags.asan, cover: flags.cover,
  };
  if (mainModule) lc.mainModule = mainModule;
  if (noMain && !ml) lc.noMainBuildMod = noMain.buildMod;
  if (!config.modulesEnabled) lc.gopathMode = true;
  if (flags.linkshared) lc.linkshared = true;
  const fipsDir = await initFips140(config, ctxt, { modcacherw: flags.modcacherw, stderr: err });
  if (fipsDir) lc.fipsDir = fipsDir;
  if (flags.pkgdir) lc.pkgdir = flags.pkgdir;
  // go's buildModeInit: -linkshared adds "dynlink" to the install suffix.
  const suffix = [flags.installsuffix, flags.linkshared ? 'dynlink' : ''].filter((x) => x !== '').join('_');
  if (suffix) lc.installSuffix = suffix;
  // -ldflags=-linkmode=external adds runtime/cgo to a command's imports, as go lists it.
  if (flags.ldflags.present) {
    const { matchModules, matchPackage } = await import('../work/setup.js');
    const mods = matchModules(config, flags, cwd);
    lc.ldflagsFor = (p) => flags.ldflags.flagsFor(p.cmdlinePkg === true, (pat) => matchPackage(pat, cwd, mods)(p));
  }
  const index = packageIndexFor(config);
  if (index) lc.index = index;
  if (flags.x) lc.trace = traceOnce(err);
  const opts: Parameters<typeof loadPackages>[2] = {
    ignoreImports: l.find,
    suppressEmbedFiles: !l.export && !needAny('EmbedFiles', 'TestEmbedFiles', 'XTestEmbedFiles'),
  };
  if (flags.tags.length) opts.tags = flags.tags;
  let tests: Awaited<ReturnType<typeof loadTestsForList>> | undefined;
  let res: { roots: Package[]; all: Package[]; warnings: string[]; extra?: Package[] };
  if (l.test) {
    tests = await loadTestsForList(config, lc, opts, ml, args);
    res = { roots: tests.pkgs, all: packageList(tests.pkgs), warnings: tests.warnings };
  } else {
    res = ml ? await ml.load((resolver) => loadPackages(lc, args, { ...opts, resolver })) : await loadPackages(lc, args, opts);
  }
  // -linkshared with a build (-export, -compiled, Stale): go's list links each main package it lists, and that
  // link relinks the shared libraries it uses (links and installs themselves do nothing under list, but the
  // libraries' .shlibname files are written). Like go build, load every package of those libraries too.
  let sharedLibraries: ActionGraph['sharedLibraries'];
  if (flags.linkshared && (l.export || l.compiled || needStale)) {
    const { missingSharedLibraryPackages, sharedLibraryRelinks } = await import('../work/sharedlibs.js');
    // (-test: the test load read the libraries' packages already, as go test's does.)
    if (tests) sharedLibraries = sharedLibraryRelinks(flags, tests.linked ?? res.all);
  }
  if (flags.linkshared && (l.export || l.compiled || needStale) && !tests) {
    const { missingSharedLibraryPackages, sharedLibraryRelinks } = await import('../work/sharedlibs.js');
    const missing = missingSharedLibraryPackages(res.roots);
    if (missing.length > 0) {
      const withLibs = { ...opts, extraImports: missing };
      res = ml ? await ml.load((resolver) => loadPackages(lc, args, { ...withLibs, resolver })) : await loadPackages(lc, args, withLibs);
    }
    sharedLibraries = sharedLibraryRelinks(flags, [...res.roots, ...(res.extra ?? [])]);
  }
  for (const w of res.warnings) err(w + '\n');
  // -pgo=auto (the default) with several packages: each main package with a default.pgo has its own copies.
  splitForPGO(res.roots, flags.pgo);

  // Modules of the loaded packages: as go list -m shows them in module mode (go's PackageModuleInfo), when
  // the output can show them; by path for the template function "module".
  const needModule = l.json ? needAny('Module') : /Module|module|\{\{-?\s*\.\s*-?\}\}|\$|printf|print|println/.test(fmt);
  const moduleKey = (m: ModuleInfo): string => `${m.path}@${m.version ?? ''}`;
  const moduleValues = new Map<string, GoStruct | GoNil>();
  if (needModule && ml?.fetcher) {
    const keys = new Map<string, Version>();
    for (const p of res.all) if (p.module) keys.set(moduleKey(p.module), { path: p.module.path, version: p.module.version ?? '' });
    const { packageModules, moduleValue } = await import('./listm.js');
    const infos = await packageModules(config, ml.st, ml.fetcher, [...keys.values()], l.retracted);
    for (const [k, m] of infos) moduleValues.set(k, moduleValue(m, l.json));
  }
  const modules = new Map<string, GoStruct | GoNil>();
  for (const p of res.all) if (p.module && !modules.has(p.module.path)) modules.set(p.module.path, moduleValues.get(moduleKey(p.module)) ?? moduleStruct(p.module));
  // go loads a main package's build info while loading unless list suppresses it (no Stale, StaleReason
  // or -export wanted), with VCS status under -buildvcs=auto too (go list's AutoVCS; test-only packages
  // aside) and always under an explicit -buildvcs=true. A VCS failure is then that package's error
  // (go's setVCSError): listed with -e, fatal without. (Stale's computation stamps VCS itself.)
  const suppressBuildInfo = !l.export && l.json && !needAny('Stale', 'StaleReason');
  if (!suppressBuildInfo && !needStale && flags.buildvcs !== 'false') {
    const { stampVCS } = await import('../work/setup.js');
    const testOnly = (p: Package): boolean => p.goFiles.length + p.cgoFiles.length === 0 && p.testGoFiles.length + p.xTestGoFiles.length > 0;
    const mains = res.roots.filter((p) => p.name === 'main' && !p.error && !p.incomplete && !p.internal.forceLibrary && (flags.buildvcs === 'true' || !testOnly(p)));
    stampVCS(config, flags, cwd, mains, err, true, (p, msg) => {
      p.error = newPackageError([], msg);
      p.incomplete = true;
    });
  }
  let pkgs = res.roots;
  let exit = 0;
  if (!l.e) {
    const ok: Package[] = [];
    for (const p of pkgs) {
      if (p.error) { err(packageErrorString(p.error) + '\n'); exit = 1; continue; }
      ok.push(p);
    }
    if (exit) return 1;
    pkgs = ok;
  }
  // In module mode the module loader reports imports it cannot resolve (go's modload errors), though
  // the packages are still listed; the exit status is 1. go does this for wildcard patterns.
  if (!l.e && ml && !l.deps && args.some((a) => a.includes('...'))) {
    for (const p of packageList(pkgs)) {
      if (p.error && !p.cmdlinePkg && p.error.kind === 'notfound') { err(packageErrorString(p.error) + '\n'); exit = 1; }
    }
  }
  // -test: each package's test variants and test main follow the packages named (go's list -test).
  if (tests) pkgs = addTestPackages(config, pkgs, tests.tests, l.e);
  const cmdline = new Set(pkgs);
  if (l.deps) {
    pkgs = packageList(pkgs);
    if (!l.e) {
      for (const p of pkgs) if (p.error) { err(packageErrorString(p.error) + '\n'); exit = 1; }
    }
  }

  const extras = new Map<Package, ListExtras>();
  const ex = (p: Package): ListExtras => {
    let x = extras.get(p);
    if (!x) { x = {}; extras.set(p, x); }
    return x;
  };

  // -cover changes what the build would do (go's PrepareForCoverageBuild before its list build).
  if (flags.cover && (needStale || l.export || l.compiled)) {
    const { prepareForCoverageBuild } = await import('../work/setup.js');
    for (const w of prepareForCoverageBuild(config, flags, cwd, pkgs)) err(w + '\n');
  }
  // With -export go learns staleness from the same build (a cache miss is "build ID mismatch"); asking the cache
  // before building gives the same answers.
  // (Stale alone: only -linkshared's build has something to show, the .shlibname writes.)
  const buildToo = l.export || l.compiled || sharedLibraries !== undefined;
  if (needStale) await computeStale(ctx, flags, pkgs, !buildToo);
  if (buildToo && !(await buildForList(ctx, flags, pkgs, l, ex, sharedLibraries))) exit = 1;
  // go list -compiled: Imports include what cgo's generated files import.
  if (l.compiled) for (const p of pkgs) if (p.compiledImports) p.imports = [...p.imports, ...p.compiledImports];
  // Test variants are listed as "p [q.test]", PGO copies as "p [main]", and so are the imports that name them
  // (cgo's included). Only now: the build above knows packages by their real import paths.
  if (tests || (flags.pgo === 'auto' && cmdline.size > 1)) renameTestVariants(l.deps ? pkgs : packageList(pkgs));

  // Deps and DepsErrors over the whole graph, dependencies first.
  if (needAny('Deps', 'DepsErrors')) {
    // go's collectDeps/collectDepsErrors over a post-order list (the -deps list itself when given).
    const all = l.deps ? pkgs : packageList(pkgs);
    if (needAny('Deps')) {
      const deps = collectDeps(all);
      for (let i = 0; i < all.length; i++) ex(all[i]!).deps = deps[i]!;
    }
    if (needAny('DepsErrors')) for (const [p, list] of collectDepsErrors(all)) ex(p).depsErrors = list;
  }

  // go's Root for GOROOT/src/vendor/X, loaded through an import of X: go asks the module loader which
  // module provides X (modload.PackageModuleInfo of the path as imported), and when the build also
  // loads a package X from a module (golang.org/x/sys/cpu, say), that module's directory wins.
  const moduleRootOf = new Map<string, string>();
  for (const p of l.deps ? pkgs : packageList(pkgs)) if (!p.standard && p.module && p.root) moduleRootOf.set(p.importPath, p.root);
  if (moduleRootOf.size > 0) {
    for (const p of pkgs) {
      const r = p.standard && !cmdline.has(p) && p.importPath.startsWith('vendor/') ? moduleRootOf.get(p.importPath.slice('vendor/'.length)) : undefined;
      if (r !== undefined) ex(p).root = r;
    }
  }

  const needDoc = l.json ? needAny('Doc') : /Doc|\{\{-?\s*\.\s*-?\}\}|\$|printf|print|println/.test(fmt);
  let out = '';
  let last = '\n';
  const write = (s: string): void => {
    if (s === '') return;
    out += s;
    last = s[s.length - 1]!;
    if (out.length > 1 << 16) { ctx.stdout.write(out); out = ''; }
  };
  const gopathResolver = config.modulesEnabled ? undefined : new GopathResolver(ctxt);
  const keep = needAll ? undefined : (f: string): boolean => l.jsonFields.has(f);
  try {
    for (const p of pkgs) {
      const x = ex(p);
      x.depOnly = !cmdline.has(p);
      const forTest = (p as TestPackage).forTest;
      if (forTest) x.forTest = forTest;
      if (gopathResolver && !p.internal.cmdlineFiles) {
        // GOPATH mode: test imports resolved through the importer's vendor directories (Package.Resolve).
        const resolve = (imports: string[]): string[] => {
          const out = [...new Set(imports.map((i) => (i === 'C' ? i : gopathResolver.resolve(i, p.dir, { importPath: p.importPath, standard: p.standard }).path)))];
          return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        };
        x.testImports = resolve(p.testImports);
        x.xTestImports = resolve(p.xTestImports);
      } else if (p.standard) {
        // go shows vendor-expanded test imports (Package.Resolve).
        x.testImports = vendorExpand(config.goroot, p, p.testImports);
        x.xTestImports = vendorExpand(config.goroot, p, p.xTestImports);
      }
      if (needDoc) x.doc = packageDoc(p);
      const mv = p.module && moduleValues.get(moduleKey(p.module));
      if (mv) x.module = mv;
      if (l.json) {
        write(packageJSON(p, x, keep) + '\n');
      } else {
        try {
          write(tmpl!.execute(packageStruct(p, x)));
        } catch (e) {
          if (!(e instanceof TemplateError)) throw e;
          write((e as TemplateError & { partial?: string }).partial ?? '');
          ctx.stdout.write(out);
          out = '';
          fatal(e.message);
        }
        if (last !== '\n') write('\n');
      }
    }
  } finally {
    if (out) ctx.stdout.write(out);
  }
  void PACKAGE_FIELD_NAMES;
  return exit;
}

/**
 * Test imports of a std package through GOROOT's vendor directory (src/vendor or src/cmd/vendor), sorted
 * (also when loading the tests already expanded them in place).
 */
function vendorExpand(goroot: string, p: Package, imports: string[]): string[] {
  const vdir = p.importPath === 'cmd' || p.importPath.startsWith('cmd/') ? 'cmd/vendor' : 'vendor';
  const out = imports.map((i) => {
    if (!i.split('/')[0]!.includes('.')) return i;
    return existsSync(join(goroot, 'src', vdir, i)) ? vdir + '/' + i : i;
  });
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The functions go list adds to templates: join, context, module. */
function listFuncs(ctxt: BuildContext, modules: () => Map<string, GoStruct | GoNil>): Record<string, TemplateFunc> {
  let cached: GoStruct | undefined;
  const context = (): GoStruct => {
    cached ??= new GoStruct('list.Context', new Map<string, unknown>([
      ['GOARCH', ctxt.goarch], ['GOOS', ctxt.goos], ['GOROOT', ctxt.goroot], ['GOPATH', ctxt.gopath],
      ['CgoEnabled', ctxt.cgoEnabled], ['UseAllFiles', ctxt.useAllFiles ?? false], ['Compiler', ctxt.compiler],
      ['BuildTags', ctxt.buildTags.length ? [...ctxt.buildTags] : new GoNil('[]string')],
      ['ToolTags', ctxt.toolTags.length ? [...ctxt.toolTags] : new GoNil('[]string')],
      ['ReleaseTags', [...ctxt.releaseTags]], ['InstallSuffix', ''],
    ]));
    return cached;
  };
  return {
    join: { params: ['[]string', 'string'], fn: (a, sep) => (Array.isArray(a) ? (a as string[]).join(sep as string) : '') },
    context: { params: [], fn: context },
    // go's modload.ModuleInfo; gocmd knows the modules that provide loaded packages.
    module: {
      params: ['string'],
      fn: (path) => {
        const m = modules().get(path as string);
        if (!m) throw new Error(`module ${path as string}: not supported yet by gocmd (not a module of a listed package)`);
        return m;
      },
    },
  };
}

/**
 * The files of a list that end in .go: go reads CompiledGoFiles back from the build cache's list of the
 * compile's sources, keeping only .go names, so a test main (its source a cache file) lists none.
 */
export function goNamed(files: readonly string[]): string[] {
  return files.filter((f) => f.endsWith('.go'));
}

/**
 * A package's CompiledGoFiles: its Go files, and for a cgo package the files its compile read, generated ones
 * as their copies in the build cache (go's loadCachedCompiledGoFiles).
 */
function compiledGoFiles(p: Package, a: { actionID: Buffer | undefined }, cache: Cache | undefined, subkey: (id: Uint8Array, name: string) => Buffer): string[] {
  if (p.cgoFiles.length + p.swigFiles.length + p.swigCXXFiles.length === 0 || !a.actionID || !cache) return goNamed(p.goFiles);
  const list = cache.getBytes(subkey(a.actionID, 'srcfiles'));
  if (!list) return [...p.goFiles];
  const out: string[] = [];
  for (const name of list.data.toString('utf8').split('\n')) {
    if (!name.endsWith('.go')) continue;
    if (name.startsWith('./')) { out.push(name.slice(2)); continue; }
    const hit = cache.getFile(subkey(a.actionID, name));
    if (hit) out.push(hit.file);
  }
  return out;
}

/** -export / -compiled: builds the packages (go's list action graph) and records export files. */
async function buildForList(ctx: CommandContext, flags: BuildFlags, pkgs: Package[], l: ListFlags, ex: (p: Package) => ListExtras, sharedLibraries?: ActionGraph['sharedLibraries']): Promise<boolean> {
  const hasCgo = pkgs.some((p) => p.cgoFiles.length > 0 || p.swigFiles.length > 0 || p.swigCXXFiles.length > 0);
  // (With -linkshared there is a build to run all the same: the shared libraries' .shlibname files.)
  if (l.compiled && !l.export && !hasCgo && !sharedLibraries) {
    // (unsafe is built in: go compiles nothing and lists no files for it.)
    for (const p of pkgs) if (!(p.standard && p.importPath === 'unsafe')) ex(p).compiledGoFiles = goNamed(p.goFiles);
    return true;
  }
  const [{ Action, actionList }, { Builder }, { makeBuildConfig }, { openBuildCache }, { subkey }] = await Promise.all([
    import('../work/action.js'), import('../work/exec.js'), import('../work/setup.js'), import('../work/opencache.js'),
    import('../cache/index.js'),
  ]);
  const bc = makeBuildConfig(ctx.config, flags, ctx.cwd, { cmdName: 'list' });
  // With -e a failed build becomes the package's error (go's AllowErrors); otherwise it is printed. The
  // commands -x shows are printed all the same.
  const outputs = new Map<Package, string>();
  const failed = new Set<Package>();
  const printer = {
    print(pkg: Package | undefined, text: string, command?: boolean): void {
      if (l.e && pkg && !command) outputs.set(pkg, (outputs.get(pkg) ?? '') + text);
      else if (text) ctx.stderr.write(text);
    },
    fail(pkg: Package): void { failed.add(pkg); },
  };
  const cache = openBuildCache(ctx.config);
  const b = new Builder(bc, { cache, printer, needCompiledGoFiles: l.compiled, listMode: true });
  let ok = true;
  try {
    const root = new Action('go list');
    const acts = new Map<Package, InstanceType<typeof Action>>();
    for (const p of packageList(pkgs)) {
      if (p.goFiles.length + p.cgoFiles.length === 0 || p.error || p.incomplete) continue;
      const a = b.graph.compileAction('build', 'build', p);
      acts.set(p, a);
      root.deps.push(a);
    }
    // -linkshared: each main package listed is linked (go's AutoAction), for the libraries' relinks.
    if (sharedLibraries) {
      b.graph.sharedLibraries = sharedLibraries;
      for (const p of pkgs) if (p.name === 'main' && acts.has(p)) root.deps.push(b.graph.linkAction('build', 'build', p));
    }
    // Without -export nothing is compiled: cgo runs, for the files it generates (go's needsBuild under list).
    if (!l.export) for (const a of actionList(root)) if (a.mode === 'build') a.needBuild = false;
    ok = await b.do(root);
    for (const [p, a0] of acts) {
      // A -linkshared library's relink turned its packages' builds into installs (in place, as go does).
      const a = a0.mode === 'build-install' ? a0.deps[0]! : a0;
      // A package whose dependency failed was not reached: go learned nothing of its files.
      const reached = !a.failed || a.failed === a;
      if (l.compiled && reached && a.mode !== 'built-in package') ex(p).compiledGoFiles = compiledGoFiles(p, a, cache, subkey);
      if (failed.has(p)) {
        if (l.e) {
          p.error = { importStack: [], err: outputs.get(p) ?? '', kind: 'other' };
          p.incomplete = true;
        }
        continue;
      }
      // go reports the cache's copy (it outlives $WORK); the built file only when nothing was cached.
      if (!l.export) continue;
      const exported = a.cachedArchive || a.built;
      if (exported) ex(p).export = exported;
      if (a.buildID) ex(p).buildID = a.buildID;
    }
  } finally {
    b.close();
  }
  return ok || l.e;
}
