// `go run`: compile and run a main package, passing the remaining arguments to it.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { FlagSet } from '../lib/flags.js';
import { addBuildFlags, checkSupported, type BuildFlags } from '../cfg/buildflags.js';
import { buildInitChecks } from '../cfg/buildinit.js';
import { splitQuoted } from '../lib/quoted.js';
import type { Command, CommandContext } from './command.js';
import { ExitError } from './command.js';
import { Builder, exeName } from '../work/exec.js';
import type { ActionGraph } from '../work/action.js';
import { versionedArg } from './install.js';
import { builderPreflight, prepareForCoverageBuild, splitForPGO, stampVCS, loadForBuildProbing, makeBuildConfig, SUPPORTED_BUILD_FLAGS } from '../work/setup.js';
import { openBuildCache } from '../work/opencache.js';
import { buildTraced, startProgress } from './progress.js';
import { isMetaPackage } from '../load/pkgpattern.js';
import { goQuote } from '../lib/goquote.js';

let bf: BuildFlags;
let execFlag = '';

export const command: Command = {
  name: 'run',
  usageLine: 'go run [build flags] [-exec xprog] package [arguments...]',
  short: 'compile and run Go program',
  long: `
Run compiles the named main package (or the listed .go files of one package) and runs the
result with the remaining arguments. Its exit status is reported as "exit status N".

With -exec xprog the binary is started as 'xprog a.out arguments...'.

The build flags are shared by build, clean, get, install, list, run and test.
`,
  flags(fs: FlagSet) {
    bf = addBuildFlags(fs, 'run');
    execFlag = '';
    fs.var({ set: (s: string) => { execFlag = s; }, toString: () => execFlag }, 'exec');
  },
  async run(ctx, args) {
    return await runRun(ctx, args, bf, execFlag);
  },
};

/** go's Match.IsLiteral: neither a "..." wildcard nor a meta pattern (all, std, cmd, tool). */
function isLiteralPattern(arg: string): boolean {
  return !arg.includes('...') && !isMetaPackage(arg);
}

export async function runRun(ctx: CommandContext, args: string[], flags: BuildFlags, exec: string): Promise<number> {
  const stopProgress = startProgress(ctx, buildTraced(flags));
  try {
    return await runBuildAndProgram(ctx, args, flags, exec);
  } finally {
    stopProgress();
  }
}

async function runBuildAndProgram(ctx: CommandContext, args: string[], flags: BuildFlags, exec: string): Promise<number> {
  checkSupported(flags, SUPPORTED_BUILD_FLAGS);
  buildInitChecks(flags, ctx.config);
  const { config, cwd } = ctx;
  const err = (s: string): void => { ctx.stderr.write(s); };
  let i = 0;
  while (i < args.length && args[i]!.endsWith('.go')) i++;
  let pkgArgs: string[];
  if (i > 0) {
    for (const f of args.slice(0, i)) if (f.endsWith('_test.go')) throw new ExitError(`go: cannot run *_test.go files (${f})`, 1);
    pkgArgs = args.slice(0, i);
  } else if (args.length > 0 && !args[0]!.startsWith('-')) {
    pkgArgs = [args[0]!];
    i = 1;
  } else {
    throw new ExitError('go: no go files listed', 1);
  }
  const cmdArgs = args.slice(i);
  const workDir = builderPreflight(config, flags);
  // -linkshared: the link relinks the shared libraries the program uses, as go build's does.
  let sharedLibraries: ActionGraph['sharedLibraries'];
  const loaded = await loadForBuildProbing(config, flags, cwd, pkgArgs, err, {
    ...(i === 1 && versionedArg(pkgArgs[0]) && !pkgArgs[0]!.endsWith('.go') ? { versioned: 'run' } : {}),
    ...(flags.linkshared ? { sharedLibraries: (l: NonNullable<ActionGraph['sharedLibraries']>) => { sharedLibraries = l; } } : {}),
  });
  try {
    let pkgs = loaded.pkgs;
    if (i === 1 && !isLiteralPattern(pkgArgs[0]!)) {
      // go's MainPackagesOnly: a wildcard or meta pattern keeps only the main packages it matched.
      const mains = pkgs.filter((q) => q.name === 'main' || q.invalidGoFiles.length > 0);
      if (pkgs.length > 0 && mains.length === 0) err(`go: warning: ${goQuote(pkgArgs[0]!)} matched only non-main packages\n`);
      pkgs = mains;
    }
    if (pkgs.length === 0) throw new ExitError(`go: no packages loaded from ${pkgArgs[0]}`, 1);
    if (pkgs.length > 1) throw new ExitError(`go: pattern ${pkgArgs[0]} matches multiple packages:\n\t${pkgs.map((p) => p.importPath).join('\n\t')}`, 1);
    const p = pkgs[0]!;
    if (p.name !== 'main') throw new ExitError(`package ${p.importPath} is not a main package`, 1);
    // go names the binary after the first Go file, or the first cgo file when there is none.
    const firstSrc = p.goFiles[0] ?? p.cgoFiles[0];
    if (p.internal.cmdlineFiles && firstSrc === undefined) {
      throw new ExitError(`go: no suitable source files${config.cgoEnabled ? '' : ' (cgo is disabled)'}`, 1);
    }
    splitForPGO([p], flags.pgo);
    if (flags.cover) for (const w of prepareForCoverageBuild(config, flags, cwd, [p])) err(w + '\n');
    p.target = '';
    // go run stamps VCS information only with an explicit -buildvcs=true (no AutoVCS).
    const vcs = stampVCS(config, flags, cwd, [p], err, false);
    const bc = makeBuildConfig(config, flags, cwd, { cmdName: 'run', vcs, pkgs: [p] });
    bc.omitDebug = (q) => q === p;
    const execCmd = exec !== '' ? splitQuoted(exec) : findExecCmd(config.goos, config.goarch, config.gohostos, config.gohostarch, config.osEnv['PATH'] ?? '');
    const b = new Builder(bc, { cache: loaded.cache ?? openBuildCache(config), execCmd, ...(workDir !== undefined ? { workDir } : {}) });
    if (sharedLibraries) b.graph.sharedLibraries = sharedLibraries;
    let ok: boolean;
    try {
      const name = p.internal.cmdlineFiles ? firstSrc!.replace(/\.go$/, '').split('/').pop()! : exeName(p);
      const link = b.graph.linkAction('build', 'build', p, name);
      link.cacheExecutable = true;
      const run = b.graph.runAction(link, cmdArgs);
      ok = await b.do(run);
    } finally {
      b.close();
    }
    if (!ok || b.runFailed) return 1;
    return 0;
  } finally {
    // The early runtime build (setup.ts) has nothing left to give once the build is over or will not run.
    loaded.early?.abandon();
  }
}

/** go's FindExecCmd: for a cross build, go_$GOOS_$GOARCH_exec from $PATH if present. */
export function findExecCmd(goos: string, goarch: string, hostos: string, hostarch: string, pathEnv: string): string[] {
  if (goos === hostos && goarch === hostarch) return [];
  const name = `go_${goos}_${goarch}_exec`;
  for (const dir of pathEnv.split(delimiter)) {
    if (!dir) continue;
    const f = join(dir, name);
    try {
      if (statSync(f).isFile()) { accessSync(f, constants.X_OK); return [f]; }
    } catch {
      // Not here.
    }
  }
  return [];
}
