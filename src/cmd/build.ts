// `go build`: compile packages and dependencies; write a single command's binary (or -o).
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FlagSet } from '../lib/flags.js';
import { addBuildFlags, checkSupported, type BuildFlags } from '../cfg/buildflags.js';
import { buildInitChecks } from '../cfg/buildinit.js';
import type { Command, CommandContext } from './command.js';
import { ExitError } from './command.js';
import type { Action, ActionGraph } from '../work/action.js';
import type { BuildResult } from '../work/noop.js';
import { runWithNoopStamp } from './withstamp.js';

let bf: BuildFlags;

export const command: Command = {
  name: 'build',
  usageLine: 'go build [-o output] [build flags] [packages]',
  short: 'compile packages and dependencies',
  long: `
Build compiles the packages named by the import paths, along with their dependencies,
but it does not install the results.

A single main package is written to an executable named after it (or after the first
source file when .go files are listed) in the current directory. With several packages,
or a non-main package, the results are discarded: the build only checks that they compile.

The -o flag names the output file, or a directory (existing, or ending in a slash) that
receives one executable per main package.

The build flags are shared by build, clean, get, install, list, run and test; see
'go help build' in the go distribution for their description.
`,
  flags(fs: FlagSet) {
    bf = addBuildFlags(fs, 'build');
  },
  async run(ctx, args) {
    return await runBuild(ctx, args, bf);
  },
};

export async function runBuild(ctx: CommandContext, args: string[], flags: BuildFlags): Promise<number> {
  // Fast path: this exact build already ran and nothing it read has changed (see work/noop.ts).
  return runWithNoopStamp('build', ctx, args, flags, buildSlow);
}

async function buildSlow(ctx: CommandContext, args: string[], flags: BuildFlags, built: (r: BuildResult) => void): Promise<number> {
  // The builder and loader load only here, so a fast-path no-op does not parse them.
  const [{ Action }, { Builder, exeName }, setup, { openBuildCache }] = await Promise.all([
    import('../work/action.js'), import('../work/exec.js'), import('../work/setup.js'), import('../work/opencache.js'),
  ]);
  const { builderPreflight, splitForPGO, filterForBuildmode, stampVCS, loadForBuildProbing, makeBuildConfig, omitTestOnly } = setup;
  // A stamp exists only for flags that passed these checks (the flags are part of its key).
  checkSupported(flags, setup.SUPPORTED_BUILD_FLAGS);
  if (flags.p <= 0) throw new ExitError(`go: -p must be a positive integer: ${flags.p}\n`, 2);
  buildInitChecks(flags, ctx.config);
  const { config, cwd } = ctx;
  const err = (s: string): void => { ctx.stderr.write(s); };
  const workDir = builderPreflight(config, flags);
  const shared = flags.buildmode === 'shared' ? setup.sharedLibraryBuild(config, flags) : undefined;
  // -linkshared: what the graph needs to relink the shared libraries the build uses (as go does).
  let sharedLibraries: ActionGraph['sharedLibraries'];
  const loaded = await loadForBuildProbing(config, flags, cwd, args, err, {
    ...(shared ? { extraImports: shared.extraImports } : {}),
    ...(flags.linkshared ? { sharedLibraries: (l: NonNullable<ActionGraph['sharedLibraries']>) => { sharedLibraries = l; } } : {}),
  });
  try {
    const pkgs = omitTestOnly(filterForBuildmode(loaded.pkgs, flags.buildmode, flags.o));
    splitForPGO(pkgs, flags.pgo);
    if (flags.cover) for (const w of setup.prepareForCoverageBuild(config, flags, cwd, pkgs)) err(w + '\n');
    const vcs = stampVCS(config, flags, cwd, pkgs, err);
    const bc = makeBuildConfig(config, flags, cwd, { cmdName: 'build', vcs, pkgs });
    const cache = loaded.cache ?? openBuildCache(config);
    const b = new Builder(bc, { cache, ...(workDir !== undefined ? { workDir } : {}) });
    if (sharedLibraries) b.graph.sharedLibraries = sharedLibraries;
    try {
      const explicitO = flags.o !== '';
      let o = flags.o;
      if (pkgs.length === 1 && pkgs[0]!.name === 'main' && o === '') o = exeName(pkgs[0]!) + b.exeSuffix;
      if (o === '/dev/null') o = '';
      let root: Action;
      if (o !== '') {
        let isDir = false;
        try { isDir = statSync(resolve(cwd, o)).isDirectory(); } catch { isDir = false; }
        if (isDir || o.endsWith('/')) {
          if (!explicitO) throw new ExitError(`go: build output "${o}" already exists and is a directory`, 1);
          root = new Action('go build');
          for (const p of pkgs) {
            if (p.name !== 'main') continue;
            p.target = join(o, exeName(p) + b.exeSuffix);
            root.deps.push(b.graph.autoAction('install', 'build', p));
          }
          if (root.deps.length === 0) throw new ExitError('go: no main packages to build', 1);
        } else {
          if (pkgs.length > 1) throw new ExitError(`go: cannot write multiple packages to non-directory ${o}`, 1);
          if (pkgs.length === 0) throw new ExitError('no packages to build', 1);
          const p = pkgs[0]!;
          p.target = o;
          root = b.graph.autoAction('install', 'build', p);
        }
      } else {
        root = new Action('go build');
        for (const p of pkgs) root.deps.push(b.graph.autoAction('build', 'build', p));
        if (shared) root = shared.wrap(b.graph, 'build', args, pkgs, root);
      }
      const ok = await b.do(root);
      // A shared library is linked anew every time (go caches none): no no-op stamp.
      if (ok && !shared) built({ pkgs, root, cache, vcsStamped: vcs.size > 0 });
      return ok ? 0 : 1;
    } finally {
      b.close();
    }
  } finally {
    // The early runtime build (setup.ts) has nothing left to give once the build is over or will not run.
    loaded.early?.abandon();
  }
}
