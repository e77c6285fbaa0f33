// `go tool`: list the tools, run a shipped one, build cmd/<name> or a go.mod tool on demand and run it.
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FlagSet } from '../lib/flags.js';
import type { Config } from '../cfg/config.js';
import type { Command, CommandContext } from './command.js';
import { ExitError } from './command.js';
import { goQuote } from '../lib/goquote.js';
import { distListOutput } from './tooldist.js';
import { runForeground, toolOutcome } from '../work/toolrun.js';
import { ambiguousToolMessage, builtinToolPackage, matchModTools, validToolName } from '../work/toolname.js';
import { buildInitOverlay } from '../base/fsys.js';

// Building a tool loads the whole builder; a shipped tool or the list needs none of it.
const demand = (): Promise<typeof import('../work/tooldemand.js')> => import('../work/tooldemand.js');

interface ToolFlags {
  n: boolean;
  modfile: string;
  modcacherw: boolean;
  overlay: string;
}

let readFlags = (): ToolFlags => ({ n: false, modfile: '', modcacherw: false, overlay: '' });

export const command: Command = {
  name: 'tool',
  usageLine: 'go tool [-n] command [args...]',
  short: 'run specified go tool',
  long: `
Tool runs one of the go tools named by its first argument, passing it the remaining arguments.

The tools come from the distribution's tool directory ('go env GOTOOLDIR'). A command under
cmd/ that the distribution does not ship prebuilt (test2json, pprof, trace, nm, ...) is built
from GOROOT's sources when first asked for and kept in the build cache. A tool line in the
current module's go.mod names further tools, by package path or by the last element of it.

With no arguments, tool lists the tools it knows.

The -n flag prints the command that would run instead of running it.

-modfile, -modcacherw and -overlay are the build flags of the same names, and -C changes
directory first. 'go help build' describes them.
`,
  flags(fs: FlagSet) {
    const n = fs.bool('n');
    const modfile = fs.string('modfile');
    const modcacherw = fs.bool('modcacherw');
    const overlay = fs.string('overlay');
    readFlags = () => ({ n: n.value, modfile: modfile.value, modcacherw: modcacherw.value, overlay: overlay.value });
  },
  async run(ctx, args) {
    return await runTool(ctx, args, readFlags());
  },
};

export async function runTool(ctx: CommandContext, args: string[], flags: ToolFlags): Promise<number> {
  const { config } = ctx;
  if (args.length === 0) return await listTools(ctx, flags);
  const name = args[0]!;
  const rest = args.slice(1);
  const err = (s: string): void => { ctx.stderr.write(s); };
  const run = (exe: string, toolArgs: string[], env: NodeJS.ProcessEnv): Promise<number> =>
    runTheTool(ctx, name, [exe, ...toolArgs], env, flags.n);

  const shipped = shippedTool(config, name);
  if (shipped !== '') return await run(shipped, rest, config.env);

  if (name === 'dist' && rest[0] === 'list') {
    const out = distListOutput(rest.slice(1), err);
    if (out !== undefined) {
      ctx.stdout.write(out);
      return 0;
    }
  }
  const builtin = builtinToolPackage(config.goroot, name);
  if (builtin !== '') {
    // -overlay applies to what go tool builds (go's BuildInit before building a tool), not to shipped tools.
    buildInitOverlay(flags.overlay, config.cwd, config.gomodcache);
    const { buildAndRunBuiltinTool } = await demand();
    return await buildAndRunBuiltinTool(config, builtin, rest, flags.n, err, (exe, a) => run(exe, a, config.env));
  }
  const tool = await findModTool(config, ctx.cwd, flags.modfile, name);
  if (tool !== '') {
    buildInitOverlay(flags.overlay, config.cwd, config.gomodcache);
    const { buildAndRunModTool, toolBuildFlags } = await demand();
    const { findExecCmd } = await import('./run.js');
    const bf = toolBuildFlags(flags);
    // Like go run: the original environment with $GOROOT/bin first on PATH, through any -exec wrapper for cross builds.
    const env = modToolEnv(config);
    const exec = findExecCmd(config.goos, config.goarch, config.gohostos, config.gohostarch, config.osEnv['PATH'] ?? '');
    return await buildAndRunModTool(config, tool, rest, flags.n, bf, err, (exe, a) =>
      exec.length > 0 ? runTheTool(ctx, name, [...exec, exe, ...a], env, flags.n) : run(exe, a, env));
  }
  throw new ExitError(`go: no such tool ${goQuote(name)}`, 2);
}

/** The tool's path in the tool directory when the distribution ships it there, else "". */
export function shippedTool(config: Config, name: string): string {
  if (!validToolName(name)) return '';
  const p = join(config.toolDir, name + (config.gohostos === 'windows' ? '.exe' : ''));
  try {
    statSync(p);
    return p;
  } catch {
    return '';
  }
}

/** Runs (or with -n prints) a tool command line and turns its end into go's message and status. */
async function runTheTool(ctx: CommandContext, name: string, cmdline: string[], env: NodeJS.ProcessEnv, toolN: boolean): Promise<number> {
  if (toolN) {
    ctx.stdout.write(cmdline.join(' ') + '\n');
    return 0;
  }
  const end = await runForeground(cmdline, env, ctx.cwd);
  const { message, status } = toolOutcome(name, end);
  if (message !== '') ctx.stderr.write(message);
  return status;
}

/** The environment a go.mod tool runs in: the user's environment with $GOROOT/bin first on PATH. */
function modToolEnv(config: Config): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...config.osEnv };
  const bin = join(config.goroot, 'bin');
  const path = env['PATH'] ?? '';
  env['PATH'] = path === '' ? bin : `${bin}:${path}`;
  return env;
}

/** The tool paths declared in the main module's go.mod (none outside a module). */
async function modTools(config: Config, cwd: string, modfile: string): Promise<string[]> {
  if (!config.modulesEnabled || config.gomod === '' || config.gomod === '/dev/null') return [];
  const file = modfile !== '' ? resolve(cwd, modfile) : config.gomod;
  const { readMainModFile } = await import('../modload/mainmodule.js');
  const { fatalModError } = await import('../modload/forload.js');
  try {
    const { file: mf } = readMainModFile(file, cwd, config.localGo, config.getenv('GOTOOLCHAIN'));
    return mf.tool.map((t) => t.path);
  } catch (e) {
    return fatalModError(e);
  }
}

/** go's loadModTool: the one go.mod tool named name; several are an error. */
async function findModTool(config: Config, cwd: string, modfile: string, name: string): Promise<string> {
  const matches = matchModTools(await modTools(config, cwd, modfile), name);
  if (matches.length > 1) throw new ExitError(ambiguousToolMessage(name, matches), 1);
  return matches[0] ?? '';
}

/** go's listTools: the tool directory's entries, then the go.mod tools, each sorted. */
async function listTools(ctx: CommandContext, flags: ToolFlags): Promise<number> {
  const { config } = ctx;
  let names: string[];
  try {
    names = readdirSync(config.toolDir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file or directory' : code === 'ENOTDIR' ? 'not a directory' : (e as Error).message;
    ctx.stderr.write(`go: no tool directory: open ${config.toolDir}: ${why}\n`);
    return 2;
  }
  const exe = config.gohostos === 'windows' ? '.exe' : '';
  let out = '';
  for (const n of names.sort()) {
    let s = n.toLowerCase();
    if (exe && s.endsWith(exe)) s = s.slice(0, -exe.length);
    out += s + '\n';
  }
  ctx.stdout.write(out);
  const tools = [...new Set(await modTools(config, ctx.cwd, flags.modfile))].sort();
  ctx.stdout.write(tools.map((t) => t + '\n').join(''));
  return 0;
}
