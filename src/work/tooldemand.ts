// Tools built on demand: cmd/<name> tools the distribution does not ship, and go.mod `tool` packages, linked once and cached as executables.
import { FlagSet } from '../lib/flags.js';
import { addBuildFlags, type BuildFlags } from '../cfg/buildflags.js';
import { Config } from '../cfg/config.js';
import { archEnv as archEnvOf } from '../cfg/platform.js';
import { ExitError } from '../base/errors.js';
import { contextFor } from '../load/context.js';
import { loadPackages } from '../load/load.js';
import { packageIndexFor } from '../load/pkgindex.js';
import type { Package } from '../load/types.js';
import { Action } from './action.js';
import { Builder } from './exec.js';
import { openBuildCache } from './opencache.js';
import { checkPackageErrors, loadForBuild, makeBuildConfig, stampVCS } from './setup.js';
import { defaultExecName } from './toolname.js';

export { ambiguousToolMessage, builtinToolPackage, defaultExecName, matchModTools, validToolName } from './toolname.js';

/** The build flags go tool offers (-modfile, -modcacherw, -overlay); everything else at its default. */
export function toolBuildFlags(set: { modfile?: string; modcacherw?: boolean; overlay?: string }): BuildFlags {
  const bf = addBuildFlags(new FlagSet('tool'), 'tool');
  bf.modfile = set.modfile ?? '';
  bf.modcacherw = set.modcacherw ?? false;
  bf.overlay = set.overlay ?? '';
  return bf;
}

/**
 * The configuration a builtin tool is built with (go's cfg.ForceHost): the host GOOS/GOARCH and
 * the default GO<ARCH> level, whatever the user asked for; the rest of the environment as given.
 */
export function hostConfig(config: Config): Config {
  // go has exported its settings for the user's target before forcing the host, so CGO_ENABLED
  // stays what it is for that target (off for js/wasm, for instance).
  const env: Record<string, string | undefined> = {
    ...config.osEnv, GOOS: config.gohostos, GOARCH: config.gohostarch, CGO_ENABLED: config.cgoEnabled ? '1' : '0',
  };
  const av = archEnvOf(config.gohostarch);
  if (av) env[av.name] = av.def;
  return new Config({ env, cwd: config.cwd });
}

/** go's cfgChangedEnv after ForceHost: the host values wherever the user's settings differ. */
export function forcedHostEnv(config: Config): string[] {
  const out: string[] = [];
  // go compares with its own environment, where it has exported the user's GOOS/GOARCH.
  if (config.goos !== config.gohostos) out.push('GOOS=' + config.gohostos);
  if (config.goarch !== config.gohostarch) out.push('GOARCH=' + config.gohostarch);
  const av = archEnvOf(config.gohostarch);
  // go keeps the "changed" mark of the user's setting while resetting the value to the default.
  if (av && config.envOrAndChanged(av.name, av.def)[1]) out.push(`${av.name}=${av.def}`);
  return out;
}

/** The executable to run for a built tool: with -n, the cached copy when there is one (go issue 72824). */
export function builtToolPath(link: Action, toolN: boolean): string {
  if (toolN && link.cachedExecutable) return link.cachedExecutable;
  return link.built;
}

export interface ToolRunner {
  /**
   * Runs (or with -n prints) the built executable; returns gocmd's exit status. cached is the
   * executable's copy in the build cache ("" when it has none).
   */
  (exe: string, args: string[], cached: string): Promise<number>;
}

/** Loads cmd/<name> without any main module (go's NoRoot) for the host, stopping with go's messages on errors. */
async function loadBuiltin(cfg: Config, importPath: string, stderr: (s: string) => void): Promise<Package> {
  const ctxt = contextFor(cfg);
  const lc: Parameters<typeof loadPackages>[0] = {
    ctxt, cwd: cfg.cwd, gobin: cfg.gobin, toolchainVersion: cfg.localGo, buildmode: 'default',
  };
  const index = packageIndexFor(cfg);
  if (index) lc.index = index;
  const res = await loadPackages(lc, [importPath], {});
  for (const w of res.warnings) stderr(w + '\n');
  checkPackageErrors(res.roots, stderr);
  const p = res.roots[0]!;
  if (p.name !== 'main') throw new ExitError(`package ${p.importPath} is not a main package`, 1);
  return p;
}

/**
 * Builds cmd/<name> for the host (go's buildAndRunBuiltinTool): ignores go.mod and go.work, links
 * without debug information, caches the executable, then calls run with its path.
 */
export async function buildAndRunBuiltinTool(config: Config, importPath: string, args: string[], toolN: boolean, stderr: (s: string) => void, run: ToolRunner, trimpath = false): Promise<number> {
  const host = hostConfig(config);
  const p = await loadBuiltin(host, importPath, stderr);
  const bf = toolBuildFlags({});
  bf.trimpath = trimpath;
  const bc = makeBuildConfig(host, bf, config.cwd, { cmdName: 'tool', pkgs: [p] });
  // The tools run with the user's environment; only the changed host settings are added.
  bc.env = config.env;
  bc.changedEnv = forcedHostEnv(config);
  return await buildAndRun(bc, host, p, args, toolN, run);
}

/**
 * Builds a go.mod tool package (go's buildAndRunModtool) in the main module for the configured
 * GOOS/GOARCH, caches the executable, then calls run with its path.
 */
export async function buildAndRunModTool(config: Config, tool: string, args: string[], toolN: boolean, bf: BuildFlags, stderr: (s: string) => void, run: ToolRunner): Promise<number> {
  const pkgs = await loadForBuild(config, bf, config.cwd, [tool], stderr);
  const p = pkgs[0]!;
  if (p.name !== 'main') throw new ExitError(`package ${p.importPath} is not a main package`, 1);
  const vcs = stampVCS(config, bf, config.cwd, [p], stderr, false);
  const bc = makeBuildConfig(config, bf, config.cwd, { cmdName: 'tool', vcs, pkgs: [p] });
  return await buildAndRun(bc, config, p, args, toolN, run);
}

async function buildAndRun(bc: ReturnType<typeof makeBuildConfig>, config: Config, p: Package, args: string[], toolN: boolean, run: ToolRunner): Promise<number> {
  bc.omitDebug = (q) => q === p;
  const b = new Builder(bc, { cache: openBuildCache(config) });
  let status = 0;
  try {
    const link = b.graph.linkAction('build', 'build', p, defaultExecName(p.importPath));
    link.cacheExecutable = true;
    const a = new Action('go tool', p);
    a.deps = [link];
    a.args = args;
    a.actor = async () => { status = await run(builtToolPath(link, toolN), args, link.cachedExecutable); };
    const ok = await b.do(a);
    if (!ok) return Math.max(status, 1);
  } finally {
    b.close();
  }
  return status;
}
