// `go install`: compile and install packages and dependencies (commands to GOBIN / GOPATH/bin).
import { rmSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { FlagSet } from '../lib/flags.js';
import { addBuildFlags, checkSupported, type BuildFlags } from '../cfg/buildflags.js';
import { buildInitChecks } from '../cfg/buildinit.js';
import type { Command, CommandContext } from './command.js';
import { ExitError } from './command.js';
import type { ActionGraph } from '../work/action.js';
import type { BuildResult } from '../work/noop.js';
import { runWithNoopStamp } from './withstamp.js';
import { eligible, noopStamp, prematchNoopStamp } from '../work/noopcheck.js';
import type { VersionedQuery } from '../work/setup.js';
import type { Package } from '../load/types.js';

let bf: BuildFlags;

export const command: Command = {
  name: 'install',
  usageLine: 'go install [build flags] [packages]',
  short: 'compile and install packages and dependencies',
  long: `
Install compiles the packages named by the import paths and installs the commands among
them: into $GOBIN, or $GOPATH/bin (the first GOPATH entry; $HOME/go/bin by default).
Commands built for another GOOS/GOARCH go into a GOOS_GOARCH subdirectory, which is not
possible when GOBIN is set. Libraries are compiled into the build cache only.

The build flags are shared by build, clean, get, install, list, run and test.
`,
  flags(fs: FlagSet) {
    bf = addBuildFlags(fs, 'install');
  },
  async run(ctx, args) {
    return await runInstall(ctx, args, bf);
  },
};

export async function runInstall(ctx: CommandContext, args: string[], flags: BuildFlags): Promise<number> {
  if (versionedArg(args[0]) && eligible(flags, ctx.config) === undefined) {
    // pkg@version: go asks the proxy on every run (module-path prefixes, the version list for retractions),
    // so its query runs on every run too, printing what go prints; the stamp holds for the module version
    // it answered when recorded, and a match skips the loading and the build's checks. The stamp's inputs
    // are matched while the query waits on the network.
    const [setup, { requestSent }] = await Promise.all([import('../work/setup.js'), import('../modfetch/web.js')]);
    installChecks(ctx, flags, setup);
    const stamp = noopStamp('install', flags, args, ctx.cwd, ctx.config, true);
    const query = setup.resolveVersioned(ctx.config, flags, args, (s) => { ctx.stderr.write(s); }, 'install');
    await Promise.race([requestSent(), query.then(() => undefined, () => undefined)]);
    const finish = prematchNoopStamp(stamp);
    const resolved = await query;
    const { path, version } = resolved.out.rootMod;
    if (finish(`${path}@${version}`)) return 0;
    return runWithNoopStamp('install', ctx, args, flags, (c, a, f, built) => installSlow(c, a, f, built, resolved), stamp);
  }
  // Fast path: this exact install already ran and nothing it read has changed (see work/noop.ts).
  return runWithNoopStamp('install', ctx, args, flags, installSlow);
}

/**
 * The flag and environment checks made before loading (BuildInit's, and install's GOBIN). A stamp exists only
 * for a command that passed them and the builder's target check (its flags and environment are its key).
 */
function installChecks(ctx: CommandContext, flags: BuildFlags, setup: typeof import('../work/setup.js')): void {
  checkSupported(flags, setup.SUPPORTED_BUILD_FLAGS);
  buildInitChecks(flags, ctx.config);
  if (flags.p <= 0) throw new ExitError(`go: -p must be a positive integer: ${flags.p}\n`, 2);
  const { config } = ctx;
  if (config.gobin !== '' && !isAbsolute(config.gobin)) throw new ExitError('go: cannot install, GOBIN must be an absolute path', 1);
}

async function installSlow(ctx: CommandContext, args: string[], flags: BuildFlags, built: (r: BuildResult) => void, resolved?: VersionedQuery): Promise<number> {
  // The builder and loader load only here, so a fast-path no-op does not parse them.
  const [{ Action }, { Builder, exeName }, setup, { openBuildCache }] = await Promise.all([
    import('../work/action.js'), import('../work/exec.js'), import('../work/setup.js'), import('../work/opencache.js'),
  ]);
  const { builderPreflight, splitForPGO, filterForBuildmode, stampVCS, loadForBuildProbing, makeBuildConfig, omitTestOnly } = setup;
  if (!resolved) installChecks(ctx, flags, setup);
  const { config, cwd } = ctx;
  const err = (s: string): void => { ctx.stderr.write(s); };
  const workDir = builderPreflight(config, flags);
  const outsideModule = config.modulesEnabled && !(await import('../modload/init.js')).hasModRoot(config, 'install');
  const shared = flags.buildmode === 'shared' ? setup.sharedLibraryBuild(config, flags) : undefined;
  let sharedLibraries: ActionGraph['sharedLibraries'];
  const loaded = await loadForBuildProbing(config, flags, cwd, args, err, {
    ...(versionedArg(args[0]) ? { versioned: 'install', ...(resolved ? { resolved } : {}) } : outsideModule ? { beforeErrorCheck: (roots: Package[]) => requireVersionOutsideModule(args, roots) } : {}),
    ...(shared ? { extraImports: shared.extraImports } : {}),
    // -linkshared: what the graph needs to relink the shared libraries the build uses (as go does).
    ...(flags.linkshared ? { sharedLibraries: (l: NonNullable<ActionGraph['sharedLibraries']>) => { sharedLibraries = l; } } : {}),
  });
  try {
    const pkgs = omitTestOnly(filterForBuildmode(loaded.pkgs, flags.buildmode, flags.o));
    splitForPGO(pkgs, flags.pgo);
    if (flags.cover) for (const w of setup.prepareForCoverageBuild(config, flags, cwd, pkgs)) err(w + '\n');
    let bad = false;
    const cross = config.goos !== config.gohostos || config.goarch !== config.gohostarch;
    for (const p of pkgs) {
      if (p.target) continue;
      // Libraries outside GOPATH, in modules or in std live in the build cache only; in GOPATH a library
      // without a target is hidden by another directory, which is worth reporting.
      if (p.name !== 'main' && (p.internal.local || p.module || p.standard || config.modulesEnabled) && !p.conflictDir) continue;
      bad = true;
      if (cross && config.gobin !== '' && p.name === 'main' && !p.goroot) err('go: cannot install cross-compiled binaries when GOBIN is set\n');
      else if (p.internal.cmdlineFiles) err('go: no install location for .go files listed on command line (GOBIN not set)\n');
      else if (p.conflictDir) err(`go: no install location for ${p.dir}: hidden by ${p.conflictDir}\n`);
      else err(`go: no install location for directory ${p.dir} outside GOPATH\n\tFor more details see: 'go help gopath'\n`);
    }
    if (bad) return 1;
    const vcs = stampVCS(config, flags, cwd, pkgs, err);
    const bc = makeBuildConfig(config, flags, cwd, { cmdName: 'install', vcs, pkgs });
    const cache = loaded.cache ?? openBuildCache(config);
    const b = new Builder(bc, { cache, ...(workDir !== undefined ? { workDir } : {}) });
    if (sharedLibraries) b.graph.sharedLibraries = sharedLibraries;
    let ok: boolean;
    let root = new Action('go install');
    try {
      for (const p of pkgs) root.deps.push(b.graph.autoAction('install', 'build', p));
      if (shared) root = shared.wrap(b.graph, 'install', args, pkgs, root);
      ok = await b.do(root);
    } finally {
      b.close();
    }
    if (!ok) return 1;
    // A binary left in the current directory by an earlier 'go build' is removed (as go does).
    const extraPaths: string[] = [];
    if (args.length === 0 && pkgs.length === 1 && pkgs[0]!.name === 'main' && !flags.n) {
      const p = pkgs[0]!;
      const targ = exeName(p) + config.exeSuffix;
      extraPaths.push(join(cwd, targ));
      if (join(p.dir, targ) !== p.target) {
        try {
          const st = statSync(join(cwd, targ));
          if (st.isFile() && (st.mode & 0o111) !== 0) rmSync(join(cwd, targ));
        } catch {
          // Nothing there.
        }
      }
    }
    // A shared library is linked anew every time (go caches none): no no-op stamp.
    if (!shared) built({ pkgs, root, cache, vcsStamped: vcs.size > 0, extraPaths });
    return 0;
  } finally {
    // The early runtime build (setup.ts) has nothing left to give once the build is over or will not run.
    loaded.early?.abandon();
  }
}

/** go's test for install/run's pkg@version mode: an "@" in a package path (not a relative or absolute directory). */
export function versionedArg(a: string | undefined): boolean {
  return a !== undefined && a.includes('@') && !a.startsWith('./') && !a.startsWith('../') && a !== '.' && a !== '..' && !a.startsWith('/');
}

/**
 * Outside a module, packages that no module provides mean the user wanted a version: go says so,
 * with the @latest command to try, when every failing argument is such a missing import.
 */
function requireVersionOutsideModule(args: string[], roots: Package[]): void {
  const failed = roots.filter((p) => p.error);
  if (failed.length === 0 || !failed.every((p) => p.error!.kind === 'notfound')) return;
  const hint = args.map((a) => `${a}@latest`).join(' ');
  throw new ExitError(`go: 'go install' requires a version when current directory is not in a module\n\tTry 'go install ${hint}' to install the latest version`, 1);
}
