// Shared set-up for build/install/run: flags + config → BuildConfig, packages loaded and checked.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve as resolvePath } from 'node:path';
import type { Config } from '../cfg/config.js';
import { parseModFile } from '../lib/modfile/parse-mod.js';
import { wholeBuildFlag, type BuildFlags } from '../cfg/buildflags.js';
import { ExitError } from '../base/errors.js';
import { fips140Version, contextFor, type BuildContext } from '../load/context.js';
import { traceOnce } from '../load/ignore.js';
import { packageErrorString } from '../load/errors.js';
import { loadPackages, packageList, setLoadYield, type LoadOptions, type LoadResult } from '../load/load.js';
import { packageIndexFor } from '../load/pkgindex.js';
import { buildInitOverlay, overlay, replaced } from '../base/fsys.js';
import { matchPattern, isLocalPattern } from '../load/pkgpattern.js';
import { findMainModule } from '../load/resolve.js';
import { buildModuleLoad } from '../modload/nomain.js';
import { initFips140, resolveFips140Version } from '../modload/fips140.js';
import type { Package } from '../load/types.js';
import { buildInfoString } from './buildinfo.js';
import { JSONPrinter, type Printer } from './printer.js';
import { vcsBuildInfo } from './buildinfo-vcs.js';
import type { BuildConfig } from './config.js';
import { defaultArchEnv } from './config.js';
import { buildModeFlags } from './toolargs.js';
import { checkBuildTarget, newWorkDir } from './workdir.js';
import { openBuildCache } from './opencache.js';
import { prefetchToolID } from './buildid.js';
import type { Cache } from '../cache/index.js';
import { Builder } from './exec.js';
import type { Action, ActionGraph } from './action.js';
import { missingSharedLibraryPackages, sharedLibraryRelinks, sharedLoadSettings } from './sharedlibs.js';
import { libname } from './shlib.js';
import { explainEnabled } from './explain.js';
import { ensureImport, selectCoverPackages } from '../load/coverselect.js';

/** Build flags gocmd implements; checkSupported rejects the others. */
export const SUPPORTED_BUILD_FLAGS: ReadonlySet<string> = new Set([
  'a', 'n', 'x', 'v', 'p', 'work', 'asmflags', 'gcflags', 'ldflags', 'buildmode', 'buildvcs', 'compiler', 'json',
  'mod', 'modcacherw', 'modfile', 'tags', 'trimpath', 'o', 'debug-actiongraph', 'pgo', 'toolexec', 'race', 'msan', 'asan', 'overlay', 'installsuffix', 'cover', 'covermode', 'coverpkg', 'pkgdir', 'linkshared',
  // gccgoflags only reach gccgo; with the gc toolchain go accepts and ignores them.
  'gccgoflags',
]);

/** What load.MatchPackage asks of the module loader: module mode, and the main module's tool directives. */
export interface MatchModules {
  enabled: boolean;
  tools: () => ReadonlySet<string>;
}

/** The import paths named by the tool directives of a go.mod file (empty when it cannot be read). */
export function goModTools(gomod: string): Set<string> {
  try {
    return new Set(parseModFile(gomod, readFileSync(gomod, 'utf8')).tool.map((t) => t.path));
  } catch {
    return new Set();
  }
}

/** The module facts per-package flag patterns need, the main module's tools read on first use. */
export function matchModules(config: Config, bf: BuildFlags, cwd: string): MatchModules {
  let tools: Set<string> | undefined;
  return {
    enabled: config.modulesEnabled,
    tools: () => {
      if (tools === undefined) {
        const gomod = bf.modfile !== '' ? resolvePath(cwd, bf.modfile) : findMainModule(cwd)?.goMod;
        tools = gomod !== undefined ? goModTools(gomod) : new Set();
      }
      return tools;
    },
  };
}

/** load.MatchPackage: does package p match a -gcflags style pattern given in cwd? */
export function matchPackage(pattern: string, cwd: string, mods?: MatchModules): (p: Package) => boolean {
  if (pattern === 'all') return () => true;
  if (pattern === 'tool' && mods?.enabled) return (p) => mods.tools().has(p.importPath);
  if (pattern === 'work' && mods?.enabled) return (p) => p.module?.main === true;
  if (pattern === 'std') return (p) => p.standard && !p.importPath.startsWith('cmd/') && p.importPath !== 'cmd';
  if (pattern === 'cmd') return (p) => p.goroot && (p.importPath === 'cmd' || p.importPath.startsWith('cmd/'));
  if (isLocalPattern(pattern) || pattern.startsWith('/')) {
    const abs = resolvePath(cwd, pattern.replace(/\/\.\.\.$/, '')) + (pattern.endsWith('/...') ? '/...' : '');
    const m = matchPattern(abs);
    return (p) => m(p.dir);
  }
  const m = matchPattern(pattern);
  return (p) => m(p.importPath);
}

/** The instrumentation of -race, -msan or -asan ('' for none; buildinit has refused combinations). */
export function instrumentMode(bf: BuildFlags): '' | 'race' | 'msan' | 'asan' {
  return bf.race ? 'race' : bf.msan ? 'msan' : bf.asan ? 'asan' : '';
}

/** The per-invocation BuildConfig from go's config and the parsed build flags. */
/**
 * VCS stamping for the main packages (go's setBuildInfo VCS block, -buildvcs): computed once after
 * load; a VCS failure stops the command as go's package error does.
 */
export function stampVCS(config: Config, bf: BuildFlags, cwd: string, pkgs: Package[], stderr: (s: string) => void, autoVCS = true, onError?: (p: Package, msg: string) => void): Map<Package, { settings: { key: string; value: string }[]; mainVersion?: string }> {
  const out = new Map<Package, { settings: { key: string; value: string }[]; mainVersion?: string }>();
  let failed = false;
  for (const p of pkgs) {
    if (p.name !== 'main') continue;
    const r = vcsBuildInfo(p, {
      buildvcs: bf.buildvcs as 'auto' | 'true' | 'false', autoVCS, cwd, env: config.env,
      verbose: bf.v, stderr, goproxy: config.getenv('GOPROXY'), gomodcache: config.gomodcache,
      ...(bf.x ? { trace: stderr } : {}),
    });
    if (r === undefined) continue;
    if ('error' in r) {
      // go list records the error on the package (go's setVCSError); a build stops.
      if (onError) onError(p, r.error);
      else stderr(`${r.error}\n`);
      failed = true;
      continue;
    }
    out.set(p, r);
  }
  if (failed && !onError) throw new ExitError('', 1);
  return out;
}

export function makeBuildConfig(config: Config, bf: BuildFlags, cwd: string, extra: { cmdName: string; vcs?: Map<Package, { settings: { key: string; value: string }[]; mainVersion?: string }>; pkgs?: Package[] }): BuildConfig {
  const goos = config.goos, goarch = config.goarch;
  const av = config.archVar(goarch);
  const archEnv = av ? { key: av.name, value: av.value } : defaultArchEnv(goarch);
  const bm = buildModeFlags(bf.buildmode, goos, goarch, instrumentMode(bf), bf.installsuffix, bf.linkshared);
  const mods = matchModules(config, bf, cwd);
  const perPkg = (f: BuildFlags['gcflags']) => (p: Package): string[] =>
    f.present ? f.flagsFor(p.cmdlinePkg === true, (pat) => matchPackage(pat, cwd, mods)(p)) : [];
  const gcflags = perPkg(bf.gcflags), asmflags = perPkg(bf.asmflags), ldflags = perPkg(bf.ldflags);
  const cgoFlags: Record<string, string> = {};
  // Build info records the variables as set (cfg.Getenv), not with their defaults.
  for (const k of ['CFLAGS', 'CPPFLAGS', 'CXXFLAGS', 'LDFLAGS'] as const) cgoFlags['CGO_' + k] = config.getenv('CGO_' + k);
  const pgoFile = pgoProfileFor(bf.pgo, cwd, extra.pkgs ?? []);
  const infoMemo = new Map<Package, string>();
  const buildInfo = (p: Package): string => {
    if (p.name !== 'main' || p.internal.forceLibrary) return '';
    let s = infoMemo.get(p);
    if (s === undefined) {
      s = buildInfoString(p, {
        buildmode: bf.buildmode, compiler: bf.compiler, asmflags: bf.asmflags.raw, asmflagsPresent: bf.asmflags.present,
        gcflags: bf.gcflags.present ? bf.gcflags.raw : '', ldflags: bf.ldflags.present ? bf.ldflags.raw : '',
        tags: bf.tags, trimpath: bf.trimpath, cgoEnabled: config.cgoEnabled, cgoFlags, goos, goarch, archEnv,
        race: bf.race, msan: bf.msan, asan: bf.asan, cover: bf.cover,
        rawGOEXPERIMENT: config.goexperiment, ...(fips140Version(config.getenv('GOFIPS140')) !== 'off' ? { fips140: resolveFips140Version(config.goroot, config.getenv('GOFIPS140')) } : {}), pgoFile: p.internal.freshBuildInfo ? '' : p.internal.pgoProfile ?? pgoFile, ...(extra.vcs?.get(p) ? { vcs: extra.vcs.get(p)! } : {}),
      });
      infoMemo.set(p, s);
    }
    return s;
  };
  return {
    goroot: config.goroot, goos, goarch, archEnv, goexperiment: config.goexperiment,
    toolDir: config.toolDir, toolchainVersion: config.toolchainVersion, localGo: config.localGo, exeSuffix: config.exeSuffix,
    cgoEnabled: config.cgoEnabled, cc: config.ccCommand(), buildmode: bf.buildmode, ldBuildmode: bm.ldBuildmode,
    trimpath: bf.trimpath, rebuildAll: bf.a, dryRun: bf.n, printCommands: bf.x, verbose: bf.v, keepWork: bf.work,
    json: bf.json, parallel: Math.max(1, bf.p), gcflags, asmflags, ldflags, buildInfo,
    // The shared library's link takes the -ldflags of command-line packages (it is one, of no import path).
    sharedLdflags: bf.ldflags.present ? bf.ldflags.flagsFor(true, () => false) : [],
    changedEnv: changedEnv(config, archEnv), env: config.env, origEnv: config.osEnv, extlinkEnabled: config.getenv('GO_EXTLINK_ENABLED'),
    tmpDir: config.getenv('GOTMPDIR'), cwd, debugActionGraph: bf.debugActiongraph || (config.osEnv['GOCMD_DEBUG_ACTIONGRAPH'] ?? ''),
    cmdName: extra.cmdName, toolexec: bf.toolexec, pgoProfile: pgoFile,
    getenv: (k) => config.getenv(k), msan: bf.msan, asan: bf.asan, instrument: instrumentMode(bf), installSuffix: bf.installsuffix, linkshared: bf.linkshared,
  };
}

/** go's cfgChangedEnv: GOOS/GOARCH/arch variable when the go env files (not the OS env) set them. */
function changedEnv(config: Config, archEnv: { key: string; value: string }): string[] {
  const out: string[] = [];
  if ((config.osEnv['GOOS'] ?? '') !== '' ? false : config.goos !== config.gohostos) out.push('GOOS=' + config.goos);
  if ((config.osEnv['GOARCH'] ?? '') !== '' ? false : config.goarch !== config.gohostarch) out.push('GOARCH=' + config.goarch);
  if (archEnv.key && !(config.osEnv[archEnv.key] ?? '') && config.archVar()?.changed) out.push(`${archEnv.key}=${archEnv.value}`);
  return out;
}

/**
 * What go's NewBuilder does before build/install/run load anything: make $WORK (not for -n) and
 * check the GOOS/GOARCH pair and -tags; the directory is handed to the Builder (BuilderDeps.workDir).
 */
export function builderPreflight(config: Config, bf: BuildFlags): string | undefined {
  // go's BuildInit reads the overlay just before NewBuilder.
  buildInitOverlay(bf.overlay, config.cwd, config.gomodcache);
  const workDir = bf.n ? undefined : newWorkDir(config.getenv('GOTMPDIR'));
  if (workDir !== undefined && !bf.work) {
    process.once('exit', () => { try { rmSync(workDir, { recursive: true, force: true }); } catch { /* best effort */ } });
  }
  checkBuildTarget(config.goos, config.goarch, bf.tags);
  return workDir;
}

/**
 * loadForBuild for a command that goes on to build: it opens the build cache (and its stat memo) first
 * and starts the compile and asm `-V=full` probes in the background, so that with a cold cache they run
 * while packages load instead of blocking planning. The link probe starts once loading shows something
 * will link (a main package or a non-default -buildmode), as go asks the linker only for a link action:
 * `build std` runs no `link -V=full`. Its answer is wanted only when a link action runs, after compiles,
 * so it is not awaited (toolID runs the probe itself in the rare case it has not answered by then).
 * cache is undefined when it cannot be opened: the command's own openBuildCache then reports that,
 * where it always did.
 */
export async function loadForBuildProbing(config: Config, bf: BuildFlags, cwd: string, args: string[], stderr: (s: string) => void, o: Omit<LoadForBuildOptions, 'onLoaded'> = {}): Promise<{ pkgs: Package[]; cache: Cache | undefined; early: EarlyBuild | undefined }> {
  let cache: Cache | undefined;
  let probes: Promise<unknown> = Promise.resolve();
  try {
    cache = openBuildCache(config);
    if (!bf.n && bf.toolexec.length === 0) probes = Promise.all(['compile', 'asm'].map((t) => prefetchToolID(t, join(config.toolDir, t), config.env)));
  } catch { /* reported by the command's own open */ }
  // An early build of the runtime starts from the main load, as soon as runtime and its imports are loaded.
  let early: EarlyBuild | undefined;
  const eligible = cache !== undefined && earlyRuntimeEligible(config.osEnv, bf, cwd, o);
  const onLoaded = (p: Package): void => {
    if (early || !cache || p.importPath !== 'runtime' || !p.standard || p.error || p.incomplete) return;
    early = startEarlyRuntime(config, bf, cwd, cache, p, probes);
  };
  let pkgs: Package[];
  setLoadYield(eligible ? EARLY_LOAD_YIELD_MS : 0);
  try {
    pkgs = await loadForBuild(config, bf, cwd, args, stderr, eligible ? { ...o, onLoaded } : o);
  } catch (e) {
    early?.abandon();
    throw e;
  } finally {
    setLoadYield(0);
  }
  if (cache !== undefined && !bf.n && bf.toolexec.length === 0 && mayLink(pkgs, bf.buildmode)) {
    void prefetchToolID('link', join(config.toolDir, 'link'), config.env);
  }
  // Loading is synchronous work in promises: the probes' answers can only have arrived if we wait for them.
  await probes;
  return { pkgs, cache, early };
}

/**
 * Whether building pkgs (the command's roots) may run the linker: a main package links under any mode
 * but archive, and the other non-default modes (c-archive, c-shared, plugin, shared, pie) link too.
 */
export function mayLink(pkgs: readonly Package[], buildmode: string): boolean {
  if (!['', 'default', 'archive', 'exe'].includes(buildmode)) return true;
  return buildmode !== 'archive' && pkgs.some((p) => p.name === 'main');
}

/** How often (ms) loading lets an early runtime build start its next tools. */
const EARLY_LOAD_YIELD_MS = 4;

/** The early runtime build (startEarlyRuntime). */
export interface EarlyBuild {
  /** Ends what is left of it, killing its tools: call when the command's own build is over or will not run. */
  abandon(): void;
}

/**
 * Whether a build may compile the runtime and its dependencies while its packages load: only when those
 * compile actions are the ones its own build will want (no flag that changes them or their placement in
 * the graph) and it prints nothing of its work. GOCMD_EARLY=0 turns it off.
 */
export function earlyRuntimeEligible(env: Readonly<Record<string, string | undefined>>, bf: BuildFlags, cwd: string, o: { versioned?: string } = {}): boolean {
  if (env['GOCMD_EARLY'] === '0' || o.versioned) return false;
  // GOCMD_EXPLAIN: the silent early build would compile the runtime unexplained.
  if (explainEnabled(env)) return false;
  if (wholeBuildFlag(bf) !== undefined || bf.gcflags.present || bf.asmflags.present) return false;
  if (bf.overlay !== '' || bf.mod === 'mod' || bf.debugActiongraph !== '') return false;
  if (!['', 'default', 'exe'].includes(bf.buildmode)) return false;
  // A profile changes every package's compile: the early one would be wasted.
  if (bf.pgo !== 'off' && (bf.pgo !== 'auto' || existsSync(join(cwd, 'default.pgo')))) return false;
  return true;
}

/**
 * Starts compiling package runtime and its dependencies in a Builder of its own, from the command's own load
 * as soon as runtime is loaded. Every program links the runtime, and its compile is the head of a cold
 * build's critical path, which would otherwise wait for all of loading (hundreds of milliseconds; go loads
 * in parallel). The early builder is silent and its results reach the real build only through the cache:
 * the real build waits for an action the early one is running (exec.ts inflightBuilds) instead of repeating
 * it, and reports any failure itself. Loading yields to the event loop meanwhile (setLoadYield) so that the
 * early build moves on. Undefined when the builder cannot be set up.
 */
export function startEarlyRuntime(config: Config, bf: BuildFlags, cwd: string, cache: Cache, runtime: Package, probes: Promise<unknown> = Promise.resolve()): EarlyBuild | undefined {
  let b: Builder;
  let abandoned = false;
  try {
    const bc = makeBuildConfig(config, bf, cwd, { cmdName: 'build', vcs: new Map(), pkgs: [] });
    // One tool at a time: the runtime's dependencies are mostly a chain, and loading needs the other CPU.
    bc.parallel = 1;
    b = new Builder(bc, { cache, printer: { print() {}, fail() {} }, workDir: newWorkDir(config.getenv('GOTMPDIR')) });
    const root = b.graph.autoAction('build', 'build', runtime);
    // The action IDs need the compile and asm IDs: a probe whose answer has not been taken from the event
    // loop yet (loading holds the thread) would be run again, synchronously, blocking loading meanwhile.
    void probes.then(() => (abandoned ? false : b.do(root))).catch(() => false).finally(() => b.close());
  } catch {
    return undefined;
  }
  return { abandon: () => { abandoned = true; b.abandon(); } };
}

/**
 * Loads the packages for a build command and stops (exit 1) with go's messages if any has an error
 * (load.CheckPackageErrors). Warnings go to stderr. onLoaded: see LoadConfig.onLoaded.
 */
export interface LoadForBuildOptions {
  /** install/run pkg@version: the command name. */
  versioned?: string;
  /** install pkg@version: its version query, already run (resolveVersioned). */
  resolved?: VersionedQuery;
  onLoaded?: (p: Package) => void;
  /** The command's own look at the roots before go's package error check (go install's missing-version hint). */
  beforeErrorCheck?: (roots: Package[]) => void;
  /** Also load these import paths (LoadOptions.extraImports) and hand their packages here. */
  extraImports?: { paths: string[]; loaded: (pkgs: Package[]) => void };
  /** -linkshared: receives what the action graph needs to relink the shared libraries the build uses. */
  sharedLibraries?: (libs: NonNullable<ActionGraph['sharedLibraries']>) => void;
}

/** The version query of install/run pkg@version, run before loading (resolveVersioned). */
export interface VersionedQuery {
  ctxt: BuildContext;
  fipsDir: string | undefined;
  out: Awaited<ReturnType<typeof import('../modload/pkgversion.js').loadOutsideModule>>;
}

function buildContext(config: Config, bf: BuildFlags): BuildContext {
  const ctxt = contextFor(config, bf.tags);
  // go's instrumentInit adds the mode to the tool tags (//go:build race).
  if (instrumentMode(bf)) ctxt.toolTags.push(instrumentMode(bf));
  return ctxt;
}

/**
 * install/run pkg@version's first step: finds the module providing the packages (asking the proxy, checking
 * retractions and deprecation, printing go's warnings), before any package loads.
 */
export async function resolveVersioned(config: Config, bf: BuildFlags, args: string[], stderr: (s: string) => void, cmdName: string): Promise<VersionedQuery> {
  const ctxt = buildContext(config, bf);
  const fipsDir = await initFips140(config, ctxt, { modcacherw: bf.modcacherw, stderr });
  const { loadOutsideModule } = await import('../modload/pkgversion.js');
  const out = await loadOutsideModule(config, args, { cmdName, trace: bf.x, modcacherw: bf.modcacherw, stderr, ctxt, modFile: bf.modfile });
  return { ctxt, fipsDir, out };
}

export async function loadForBuild(config: Config, bf: BuildFlags, cwd: string, args: string[], stderr: (s: string) => void, o: LoadForBuildOptions = {}): Promise<Package[]> {
  if (o.versioned) {
    // install/run pkg@version: the packages' module alone, outside any main module.
    const { ctxt, fipsDir, out } = o.resolved ?? await resolveVersioned(config, bf, args, stderr, o.versioned);
    const { packageModuleError } = await import('../modload/pkgversion.js');
    args = out.patterns;
    // The package index as for any build: without it every Go file of the module and its dependencies
    // (~700 packages for a tool like gopls) is read and parsed again on each run.
    const index = packageIndexFor(config);
    const vlc: Parameters<typeof loadPackages>[0] = {
      ctxt, cwd, gobin: config.gobin, toolchainVersion: config.localGo, buildmode: bf.buildmode,
      race: bf.race, msan: bf.msan, asan: bf.asan, cover: bf.cover, // no mainModule: go's NoRoot mode (DefaultGODEBUG from the package's module)
      ...(fipsDir ? { fipsDir } : {}),
      ...(index ? { index } : {}),
      ...sharedLoadSettings(bf, ctxt.goos, ctxt.goarch, instrumentMode(bf)),
    };
    const vopts: LoadOptions = bf.tags.length ? { tags: bf.tags } : {};
    const res = await loadWithSharedLibraries(bf, o, vopts, (lo) => out.ml.load((resolver) => loadPackages(vlc, args, { ...lo, resolver })));
    for (const w of res.warnings) stderr(w + '\n');
    for (const p of res.roots) {
      const e = packageModuleError(p.importPath, p.module, out.rootMod);
      if (e && !p.error) { p.error = { importStack: [], err: e, kind: 'other' }; p.incomplete = true; }
    }
    const { mainPackagesOnly } = await import('../load/mainonly.js');
    const { mains, warnings } = mainPackagesOnly(res.roots, args);
    for (const w of warnings) stderr(w + '\n');
    checkPackageErrors(mains, stderr, bf.json ? new JSONPrinter() : undefined);
    return mains;
  }
  const ctxt = buildContext(config, bf);
  const fipsDir = await initFips140(config, ctxt, { modcacherw: bf.modcacherw, stderr });
  // Module mode with a go.mod: modload resolves imports over the build list (fetching modules).
  // Without a go.mod, go's stand-in main module (whose root imports only -mod=mod looks up).
  const { ml, noMain } = await buildModuleLoad(config, cwd, args, { cmdName: 'build', buildMod: bf.mod, modFile: bf.modfile, modcacherw: bf.modcacherw, trace: bf.x, stderr, ctxt });
  const mainModule = ml ? ml.mainModule : config.modulesEnabled ? findMainModule(cwd) : undefined;
  const lc: Parameters<typeof loadPackages>[0] = {
    ctxt, cwd, gobin: config.gobin, toolchainVersion: config.localGo, buildmode: bf.buildmode,
    race: bf.race, msan: bf.msan, asan: bf.asan, cover: bf.cover,
  };
  if (bf.x) lc.trace = traceOnce(stderr);
  if (fipsDir) lc.fipsDir = fipsDir;
  if (o.onLoaded) lc.onLoaded = o.onLoaded;
  // -ldflags=-linkmode=external links runtime/cgo, as go does: the loader needs each package's -ldflags.
  if (bf.ldflags.present) {
    const mods = matchModules(config, bf, cwd);
    lc.ldflagsFor = (p) => bf.ldflags.flagsFor(p.cmdlinePkg === true, (pat) => matchPackage(pat, cwd, mods)(p));
  }
  if (mainModule) lc.mainModule = mainModule;
  if (noMain) lc.noMainBuildMod = noMain.buildMod;
  if (!config.modulesEnabled) {
    lc.gopathMode = true;
    const suffix = [bf.installsuffix, instrumentMode(bf)].filter((x) => x !== '').join('_');
    if (suffix) lc.installSuffix = suffix;
    if (bf.pkgdir) lc.pkgdir = bf.pkgdir;
  }
  Object.assign(lc, sharedLoadSettings(bf, ctxt.goos, ctxt.goarch, instrumentMode(bf)));
  const index = packageIndexFor(config);
  if (index) lc.index = index;
  const opts: LoadOptions = bf.tags.length ? { tags: bf.tags } : {};
  if (o.extraImports) opts.extraImports = o.extraImports.paths;
  const res = await loadWithSharedLibraries(bf, o, opts, (lo) => ml ? ml.load((resolver) => loadPackages(lc, args, { ...lo, resolver })) : loadPackages(lc, args, lo));
  if (o.extraImports) o.extraImports.loaded((res.extra ?? []).slice(0, o.extraImports.paths.length));
  for (const w of res.warnings) stderr(w + '\n');
  o.beforeErrorCheck?.(res.roots);
  checkPackageErrors(res.roots, stderr, bf.json ? new JSONPrinter() : undefined);
  return res.roots;
}

/**
 * Loads with load(opts); with -linkshared, as go loads each package of a shared library the build uses
 * to relink it, loads again with those the first load lacks (a library such as libstd.so holds packages
 * the program does not import) and hands o.sharedLibraries what the graph needs for the relinks.
 */
async function loadWithSharedLibraries(bf: BuildFlags, o: LoadForBuildOptions, opts: LoadOptions, load: (opts: LoadOptions) => Promise<LoadResult>): Promise<LoadResult> {
  let res = await load(opts);
  if (!bf.linkshared) return res;
  const missing = missingSharedLibraryPackages([...res.roots, ...(res.extra ?? [])]);
  if (missing.length > 0) {
    opts.extraImports = [...(opts.extraImports ?? []), ...missing];
    res = await load(opts);
  }
  o.sharedLibraries?.(sharedLibraryRelinks(bf, [...res.roots, ...(res.extra ?? [])]));
  return res;
}

/**
 * The profile every package of the build compiles with (go's setPGOProfilePath), "" for none:
 * -pgo=<file> made absolute (the compiler runs in other directories), or with -pgo=auto the
 * default.pgo next to the one main package named.
 */
export function pgoProfileFor(pgo: string, cwd: string, pkgs: Package[]): string {
  if (pgo === 'off' || pgo === '') return '';
  if (pgo !== 'auto') return resolvePath(cwd, pgo);
  if (pkgs.length > 1) return ''; // each main package's graph has its own (splitForPGO)
  const main = pkgs.find((p) => p.name === 'main' && existsSync(join(p.dir, 'default.pgo')));
  return main ? join(main.dir, 'default.pgo') : '';
}

export { splitForPGO } from '../load/pgo.js';

/**
 * go's pkgsFilter for -buildmode: archive/shared drop main packages, exe keeps only main packages
 * (exactly one when -o is given), c-archive/c-shared/plugin need exactly one main package.
 */
export function filterForBuildmode(pkgs: Package[], buildmode: string, o: string): Package[] {
  const oneMain = (): Package[] => {
    if (pkgs.length !== 1 || pkgs[0]!.name !== 'main') throw new ExitError(`-buildmode=${buildmode} requires exactly one main package`, 1);
    return pkgs;
  };
  switch (buildmode) {
    case 'archive': case 'shared': return pkgs.filter((p) => p.name !== 'main');
    case 'c-archive': case 'c-shared': case 'plugin': return oneMain();
    case 'exe': return o !== '' ? oneMain() : pkgs.filter((p) => p.name === 'main');
    default: return pkgs;
  }
}

/**
 * go's omitTestOnly: drops packages without (non-test) Go files that were matched only by a
 * wildcard; a package named literally stays, and its build fails with "no non-test Go files in".
 */
export function omitTestOnly(pkgs: Package[]): Package[] {
  return pkgs.filter((p) => p.goFiles.length + p.cgoFiles.length > 0 || p.error !== undefined || p.internal.cmdlinePkgLiteral === true);
}

/** Prints every package error in the graph (once each) and exits 1 if there were any. */
export function checkPackageErrors(roots: Package[], stderr: (s: string) => void, printer?: Printer): void {
  if (!roots.some((p) => p.incomplete || p.error)) return;
  const seen = new Set<string>();
  let n = 0;
  for (const p of packageList(roots)) {
    if (!p.error) continue;
    const msg = packageErrorString(p.error);
    if (seen.has(msg)) continue;
    seen.add(msg);
    if (printer) {
      // -json: the error as build-output events of the failing package, then build-fail (as go).
      printer.print(p, msg + '\n');
      printer.fail(p);
    } else stderr(msg + '\n');
    n++;
  }
  if (n > 0) throw new ExitError('', 1);
}

/**
 * go's PrepareForCoverageBuild (build, run and install with -cover): marks for instrumentation the packages
 * of the build that -coverpkg matches, or without it the main module's and those named on the command line;
 * under -covermode=atomic each gains an import of sync/atomic. Returns go's warnings for unused patterns.
 */
export function prepareForCoverageBuild(config: Config, bf: BuildFlags, cwd: string, pkgs: Package[]): string[] {
  const all = packageList(pkgs);
  let match: ((p: Package) => boolean)[];
  if (bf.coverpkg.length > 0) {
    const mods = matchModules(config, bf, cwd);
    match = bf.coverpkg.map((pat) => matchPackage(pat, cwd, mods));
  } else {
    match = [(p) => p.internal.cmdlineFiles === true || p.cmdlinePkg === true || p.module?.main === true];
  }
  const sel = selectCoverPackages(all, match, bf.coverpkg, 'build', bf.covermode, bf.race);
  if (bf.covermode === 'atomic') {
    const atomic = all.find((p) => p.importPath === 'sync/atomic' && p.standard);
    if (atomic) for (const p of sel.covered) ensureImport(p, atomic);
  }
  return sel.warnings;
}

/**
 * -buildmode=shared: what the command loads besides its packages (runtime/cgo, which the library's
 * external link needs, math on arm, and the packages every link opens), and the wrapping of the
 * command's root action into the shared library's link and install (go's buildmodeShared). With
 * -linkshared every link is external, so the packages every link opens include runtime/cgo.
 */
export function sharedLibraryBuild(config: Config, bf: BuildFlags): {
  extraImports: NonNullable<LoadForBuildOptions['extraImports']>;
  wrap: (graph: Builder['graph'], mode: 'build' | 'install', args: string[], pkgs: Package[], a1: Action) => Action;
} {
  const implicitPaths = ['runtime/cgo', ...(config.goarch === 'arm' ? ['math'] : [])];
  const linkerPaths = ['runtime', ...(bf.linkshared ? ['runtime/cgo'] : []), ...(bf.race ? ['runtime/race'] : []), ...(bf.msan ? ['runtime/msan'] : []), ...(bf.asan ? ['runtime/asan'] : []), ...(bf.cover ? ['runtime/coverage'] : [])];
  let extra: Package[] = [];
  return {
    extraImports: { paths: [...implicitPaths, ...linkerPaths], loaded: (pkgs) => { extra = pkgs; } },
    wrap(graph, mode, args, pkgs, a1) {
      for (const p of extra) {
        if (p.error) throw new ExitError(`load ${p.importPath}: ${packageErrorString(p.error)}`, 1);
      }
      let name: string;
      try {
        name = libname(args, pkgs.map((p) => p.importPath), (dir) => gopathImportPath(config, resolvePath(config.cwd, dir)));
      } catch (e) {
        throw new ExitError((e as Error).message, 1);
      }
      const implicit = extra.slice(0, implicitPaths.length), linkerDeps = extra.slice(implicitPaths.length);
      try {
        return graph.linkSharedAction(mode, mode, name, a1, { implicit, linkerDeps });
      } catch (e) {
        throw new ExitError((e as Error).message, 1);
      }
    },
  };
}

/** The import path of a directory under a GOPATH entry's src ("" elsewhere), as go/build's ImportDir finds it. */
function gopathImportPath(config: Config, dir: string): string {
  for (const root of config.gopath.split(':')) {
    if (!root) continue;
    const src = join(root, 'src') + '/';
    if (dir.startsWith(src)) return dir.slice(src.length);
  }
  return '';
}
