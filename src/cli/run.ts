// The driver: -C, the command table, GOFLAGS, flag parsing, lazy command loading and exit codes.
import { errnoText } from '../lib/oserror.js';
import { archEnvError } from '../cfg/platform.js';
import { statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { FlagSet, FlagParseError, addChdirFlag } from '../lib/flags.js';
import { COMMANDS, TOPICS, commandUsage, isGroup, lookupCmd, type CommandInfo, type GroupInfo } from '../base/table.js';
import { HELP_TEXT } from './helptext.js';
import { parseGOFLAGS, applyGOFLAGS } from '../cfg/goflags.js';
import { goQuote } from '../lib/goquote.js';
import { GoSumError } from '../lib/gosum.js';
import { errorAs } from '../lib/module.js';
import { FatalError } from '../modfetch/errors.js';
import { selectToolchain, godebugValue, hasAuto, hasPath } from '../toolchain/select.js';
import { installVersionArg, modcacherwFromGOFLAGS } from '../toolchain/installversion.js';
import { switchOrFatal } from '../toolchain/resolve.js';
import { queryInstallModule } from '../modload/pkgversion.js';
import { parsePathVersion } from '../modget/query.js';
import { compare, isToolchain, TooNewError } from '../lib/gover.js';
import { isLocalImport } from '../load/pkgpattern.js';
import { SwitchRequest } from '../toolchain/switch.js';
import { VersionFixRequest } from '../modload/fixversion.js';
import { testHooks } from '../cfg/testhooks.js';
import { ExitError, type Command, type ServedTerminal } from '../cmd/command.js';
import { help, mainUsage, groupUsage, type HelpTable } from '../cmd/help.js';
import { releaseLongText } from '../cmd/helpdocs.js';
import { loadConfig, resetConfig, cleanPath, noToolchainMessage, type Config } from '../cfg/config.js';
import { openCounterFile } from '../cfg/telemetrycounter.js';
import { fdWriter } from './fdwriter.js';
import { skipLeadingChdir } from './chdirarg.js';

export interface RunIO {
  stdout: Writable;
  stderr: Writable;
  /**
   * The descriptor that stderr writes to, when it is the process's own (a plain run, not a served one):
   * the progress line (cmd/progress.ts) may be drawn there if it is a terminal.
   */
  stderrFd?: number;
  /** A served run's client's terminal, when its stderr is one (server/warm.ts, server/worker.ts). */
  servedTerminal?: ServedTerminal;
}

/**
 * For running in-process (tests): an environment and working directory to use instead of the
 * process's. With these, -C changes only the command's cwd, not the process's.
 */
export interface RunOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Install locations tried last when looking for GOROOT (tests). */
  fallbackGoroots?: string[];
}

/** go's names for the toolchain it was switched to, and how many switches led here (loop detection). */
const SWITCH_TARGET_ENV = 'GOTOOLCHAIN_INTERNAL_SWITCH_VERSION';
const SWITCH_COUNT_ENV = 'GOTOOLCHAIN_INTERNAL_SWITCH_COUNT';
const MAX_SWITCH = 100;

/** A module exporting a command (src/cmd/<name>.ts). */
interface CommandModule {
  command?: Command;
}

/**
 * Defined (true) by scripts/bundle.mjs in the bundle only; in the tsc build (tests) it is no variable at
 * all, so `typeof` says 'undefined'.
 */
declare const GOCMD_BUNDLED: true | undefined;

/**
 * Loads src/cmd/<module>.ts. Returns undefined when the module does not exist (or exports no
 * command); a module that exists but fails to load is a real error and is rethrown.
 */
export async function loadCommand(module: string): Promise<Command | undefined> {
  let mod: CommandModule | undefined;
  if (typeof GOCMD_BUNDLED !== 'undefined') {
    // esbuild turns this template into a map over the src/cmd/**/*.ts files it bundled, so no
    // import() reaches node: the bundle runs in a vm.Script, where node has no loader for one.
    try {
      mod = (await import(`../cmd/${module}.ts`)) as CommandModule;
    } catch (e) {
      if (!isMissingModule(e, module)) throw e;
      return undefined;
    }
  } else {
    // The tsc build has .js files. A plain variable, so that esbuild neither globs nor keeps this
    // import: the branch is dead code in the bundle and is dropped.
    const path = '../cmd/' + module + '.js';
    try {
      mod = (await import(path)) as CommandModule;
    } catch (e) {
      if (!isMissingModule(e, module)) throw e;
      return undefined;
    }
  }
  return mod?.command && typeof mod.command.run === 'function' ? mod.command : undefined;
}

function isMissingModule(e: unknown, module: string): boolean {
  if (!(e instanceof Error)) return false;
  const code = (e as NodeJS.ErrnoException).code;
  if (e.message === `Module not found in bundle: ../cmd/${module}.ts`) return true;
  // Only the command's own file counts as missing; a missing import inside it is a real error.
  return code === 'ERR_MODULE_NOT_FOUND' && (e.message.includes(`/cmd/${module}.ts'`) || e.message.includes(`/cmd/${module}.js'`));
}

/**
 * The help table. Long texts come from GOROOT's manual, so they are the release's own; without one,
 * from command modules, then gocmd's own texts.
 */
function helpTable(longs: Map<string, string>, goroot: string): HelpTable {
  return {
    commands: COMMANDS,
    topics: TOPICS,
    long: (name) => releaseLongText(goroot, docKey(name)) || longs.get(name) || HELP_TEXT[name] || '',
  };
}

/** cmd/go's source names a command by its usage line, a group by "go <name>", a topic by its name. */
function docKey(longName: string): string {
  const { cmd, used } = lookupCmd(longName.split(' '));
  if (!cmd || used !== longName.split(' ').length) return longName;
  return isGroup(cmd) ? `go ${cmd.longName}` : cmd.usageLine;
}

/** A group's usage page, its introduction from GOROOT's cmd/go source when there is one. */
function groupPage(group: GroupInfo, goroot: string): string {
  const intro = releaseLongText(goroot, `go ${group.longName}`);
  return groupUsage(intro ? { ...group, intro } : group);
}

async function longTexts(args: readonly string[]): Promise<Map<string, string>> {
  const m = new Map<string, string>();
  const { cmd } = lookupCmd(args);
  if (cmd && !isGroup(cmd)) {
    try {
      const c = await loadCommand(cmd.module);
      if (c?.long) m.set(cmd.longName, c.long);
    } catch {
      // A command module that fails to load still has gocmd's own help text.
    }
  }
  return m;
}

/** Handles a leading `-C dir` / `-C=dir` (after the command words); returns the remaining args. */
export function extractChdir(args: readonly string[]): { args: string[]; dir?: string } {
  const { used } = lookupCmd(args);
  const a = args[used];
  if (a === undefined) return { args: [...args] };
  if (a === '-C' || a === '--C') {
    if (used + 1 >= args.length) return { args: [...args] };
    return { args: [...args.slice(0, used), ...args.slice(used + 2)], dir: args[used + 1]! };
  }
  if (a.startsWith('-C=') || a.startsWith('--C=')) {
    return { args: [...args.slice(0, used), ...args.slice(used + 1)], dir: a.slice(a.indexOf('=') + 1) };
  }
  return { args: [...args] };
}

/** Whether argv is 'go telemetry off' (with -C allowed before and after the command name), as go decides it. */
export function cmdIsGoTelemetryOff(argv: readonly string[]): boolean {
  const [word, ...afterWord] = skipLeadingChdir(argv);
  if (word !== 'telemetry') return false;
  const rest = skipLeadingChdir(afterWord);
  return rest.length === 1 && rest[0] === 'off';
}

function write(w: Writable, s: string): void {
  if (s !== '') w.write(s);
}

/**
 * The process's own streams, made on first use: process.stdout's getter builds a stream (loading node's
 * stream modules, several milliseconds) that a fast no-op build, which prints nothing, never needs.
 */
const processIO: RunIO = {
  get stdout() { return quietOnClosedPipe(process.stdout); },
  get stderr() { return quietOnClosedPipe(process.stderr); },
};

/** processIO for a served run (the server's workers): with the client's terminal, when it has one. */
export function servedProcessIO(terminal: ServedTerminal | undefined): RunIO {
  if (terminal === undefined) return processIO;
  return {
    get stdout() { return quietOnClosedPipe(process.stdout); },
    get stderr() { return quietOnClosedPipe(process.stderr); },
    servedTerminal: terminal,
  };
}

/**
 * processIO for a plain run (main.ts; not the server's workers, which re-point process.stdout's write):
 * stdout is written straight to fd 1 (cli/fdwriter.ts), which saves making the stream for what most
 * commands print, a few writes at the end.
 */
export const plainProcessIO: RunIO = {
  stdout: fdWriter(1, () => quietOnClosedPipe(process.stdout)),
  get stderr() { return quietOnClosedPipe(process.stderr); },
  stderrFd: 2,
};

const guarded = new WeakSet<Writable>();

/**
 * A reader that went away (`gocmd test -json | head`) makes node's next write fail with EPIPE as an
 * 'error' event, which would end gocmd with a stack trace. go dies of SIGPIPE there, silently; gocmd
 * exits silently with the status a shell reports for that death (128+13).
 */
function quietOnClosedPipe(w: Writable): Writable {
  if (!guarded.has(w)) {
    guarded.add(w);
    w.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(141);
      throw e;
    });
  }
  return w;
}

/** Runs the go command line args; returns the exit status. */
export async function runMain(
  argv: string[],
  io: RunIO = processIO,
  opts?: RunOptions,
): Promise<number> {
  try {
    return await runMainInner(argv, io, opts);
  } catch (e) {
    if (e instanceof ExitError) {
      if (e.message !== '') write(io.stderr, e.message.endsWith('\n') ? e.message : e.message + '\n');
      return e.code;
    }
    // go stops on a malformed go.sum line wherever it is read (base.Fatalf, no "go: " prefix).
    if (e instanceof GoSumError) {
      write(io.stderr, e.message);
      return 1;
    }
    // Any other base.Fatalf from inside modfetch that no command caught: its text as is.
    const fatal = errorAs(e, FatalError);
    if (fatal) {
      write(io.stderr, fatal.message.endsWith('\n') ? fatal.message : fatal.message + '\n');
      return 1;
    }
    throw e;
  }
}

async function runMainInner(argv: string[], io: RunIO, opts: RunOptions | undefined): Promise<number> {
  const ch = extractChdir(argv);
  let args = ch.args;
  let cwd = opts?.cwd;
  if (ch.dir !== undefined) {
    try {
      if (opts) {
        cwd = resolve(opts.cwd ?? process.cwd(), ch.dir);
        if (!statSync(cwd).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
      } else {
        process.chdir(ch.dir);
        resetConfig();
      }
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      throw new ExitError(`go: chdir ${ch.dir}: ${errnoText(err)}`);
    }
  }

  // The top level defines no flags: any flag before the command is an error.
  const top = new FlagSet('go');
  try {
    top.parse(args);
  } catch (e) {
    if (e instanceof FlagParseError) {
      if (!e.isHelp) write(io.stderr, e.message + '\n');
      write(io.stderr, mainUsage(helpTable(new Map(), '')));
      return 2;
    }
    throw e;
  }
  args = top.args();
  if (args.length < 1) {
    write(io.stderr, mainUsage(helpTable(new Map(), '')));
    return 2;
  }

  // go's toolchain.Select and Exec. go re-executes the selected toolchain's go; gocmd re-runs
  // itself with that toolchain's GOROOT, in this process (see toolchain/resolve.ts).
  const env: Record<string, string | undefined> = opts ? { ...(opts.env ?? process.env) } : process.env;
  let switches = Number.parseInt(env[SWITCH_COUNT_ENV] ?? '', 10) || 0;
  let fixRounds = 0;
  let countersOpened = false;
  for (;;) {
    const cfg = opts ? loadConfig({ env, cwd: cwd ?? process.cwd(), fallbackGoroots: opts.fallbackGoroots }) : loadConfig();
    // go's counter.Open, once per invocation: never for 'go telemetry off' itself (go issue 69269).
    if (!countersOpened && !cmdIsGoTelemetryOff(argv)) {
      countersOpened = true;
      openCounterFile(env['TEST_TELEMETRY_DIR'] || cfg.telemetry().dir, { goVersion: cfg.runtimeVersion, goos: cfg.gohostos, goarch: cfg.gohostarch });
    }
    try {
      return await runSelected(cfg, args, io);
    } catch (e) {
      if (e instanceof VersionFixRequest && fixRounds++ < 10) {
        // go.mod has versions to resolve by query (go's fixVersion): answer them, then run the command again.
        const { answerVersionFixRequest } = await import('../modload/init.js');
        await answerVersionFixRequest(cfg, e, (t) => write(io.stderr, t));
        if (!opts) resetConfig();
        continue;
      }
      if (!(e instanceof SwitchRequest)) throw e;
      const tc = e.toolchain;
      if (switches >= MAX_SWITCH - 10) write(io.stderr, `go: switching from go${cfg.localGo} to ${tc} [depth ${switches}]\n`);
      if (switches >= MAX_SWITCH) throw new ExitError('go: too many toolchain switches');
      switches++;
      const hooks = testHooks(env);
      if (hooks.versionSwitch === 'switch' || hooks.versionSwitch === 'loop' || hooks.versionSwitch === 'mismatch') {
        // cmd/go's harness: fake the switch by claiming another version (not even that for mismatch/loop).
        if (hooks.versionSwitch === 'switch') env['TESTGO_VERSION'] = tc;
        traceUse(env, io, `go: using ${tc} toolchain from cache located at ${process.argv[1] ?? 'gocmd'}`);
      } else {
        const { resolveToolchain } = await import('../toolchain/resolve.js');
        const r = await resolveToolchain(cfg, tc, (t) => write(io.stderr, t));
        env['GOROOT'] = r.goroot;
        // The real toolchain switched to is no test binary: cmd/go's hooks end here, as they do for go.
        for (const k of ['TESTGO_VERSION', 'TESTGO_VERSION_SWITCH', 'TESTGO_TOOLCHAIN_VERSION']) delete env[k];
        traceUse(env, io, r.fromPath !== undefined
          ? `go: using ${tc} toolchain located in system PATH (${r.fromPath})`
          : `go: using ${tc} toolchain from cache located at ${r.goroot}/bin/go`);
      }
      env[SWITCH_TARGET_ENV] = tc;
      if (!opts) resetConfig();
    }
  }
}

/**
 * go's maybeSwitchForGoInstallVersion: `go install/run pkg@version` fetches the module before its
 * flags are parsed (honouring -modcacherw), and switches toolchains if the module needs a newer Go.
 */
async function maybeSwitchForInstallVersion(config: Config, args: string[], io: RunIO): Promise<void> {
  if (args[0] !== 'install' && args[0] !== 'run') return;
  const runCmd = await loadCommand('run');
  if (!runCmd?.flags) return;
  const runFlags = new FlagSet('run');
  runCmd.flags(runFlags);
  const found = installVersionArg(args, (name) => {
    const f = runFlags.lookup(name);
    return f ? f.value.isBoolFlag?.() === true : undefined;
  });
  if (!found || !found.pkgArg.includes('@') || isLocalImport(found.pkgArg) || isAbsolute(found.pkgArg)) return;
  let pv;
  try {
    pv = parsePathVersion(found.pkgArg);
  } catch (e) {
    throw new ExitError(`go: ${(e as Error).message}`, 1);
  }
  if (pv.path === '' || pv.version === '' || isToolchain(pv.path)) return;
  const modcacherw = found.modcacherw ?? modcacherwFromGOFLAGS(parseGOFLAGS(config.goflags, true)) ?? false;
  const stderr = (s: string): void => write(io.stderr, s);
  const err = await queryInstallModule(config, pv.path, pv.version, { cmdName: args[0], modcacherw, stderr });
  const tooNew = errorAs(err, TooNewError);
  if (tooNew && compare(tooNew.goVersion, config.localGo) > 0) {
    await switchOrFatal(config, tooNew, stderr);
    throw new ExitError(`go: ${tooNew.message}`, 1);
  }
}

/** GODEBUG=toolchaintrace=1: where the selected toolchain was found. */
function traceUse(env: Record<string, string | undefined>, io: RunIO, line: string): void {
  if (godebugValue(env['GODEBUG'] ?? '', 'toolchaintrace') === '1') write(io.stderr, line + '\n');
}

/** Runs args as the toolchain GOTOOLCHAIN and the go.mod/go.work select, or throws SwitchRequest. */
async function runSelected(cfgEarly: Config, args: string[], io: RunIO): Promise<number> {
  // Even with no Go installed, GOTOOLCHAIN (with GOPROXY and GOSUMDB, which go.env would give) can fetch one.
  const sel = selectToolchain(cfgEarly, args);
  cfgEarly.toolchainStartup = sel.startup;
  const env = cfgEarly.osEnv as Record<string, string | undefined>;
  const target = env[SWITCH_TARGET_ENV] ?? '';
  if (target !== '' && testHooks(env).versionSwitch !== 'loop') {
    // Re-run as a selected toolchain: it must be the one asked for.
    if (cfgEarly.goVersion !== target) throw new ExitError(`go: toolchain ${cfgEarly.goVersion} invoked to provide ${target}`);
    delete env[SWITCH_TARGET_ENV];
  } else {
    if (godebugValue(env['GODEBUG'] ?? '', 'toolchaintrace') === '1') for (const l of sel.trace) write(io.stderr, l + '\n');
    if (sel.toolchain !== '') throw new SwitchRequest(sel.toolchain);
  }
  if (hasAuto(sel.startup.gotoolchain) || hasPath(sel.startup.gotoolchain)) await maybeSwitchForInstallVersion(cfgEarly, args, io);

  if (args[0] === 'help') {
    const r = help(helpTable(await longTexts(args.slice(1)), cfgEarly.goroot), args.slice(1));
    write(io.stdout, r.stdout);
    write(io.stderr, r.stderr);
    return r.code;
  }

  const config = cfgEarly;
  if (config.goroot === '') throw new ExitError(noToolchainMessage());
  try {
    if (!statSync(config.goroot).isDirectory()) throw new Error('not a directory');
  } catch {
    throw new ExitError(`go: cannot find GOROOT directory: ${config.goroot}`, 2);
  }
  checkGOPATH(config, io);

  const { cmd, used } = lookupCmd(args);
  if (!cmd || isGroup(cmd)) {
    const group = cmd as GroupInfo | undefined;
    if (group && used >= args.length) {
      write(io.stderr, groupPage(group, config.goroot));
      return 2;
    }
    if (group && args[used] === 'help') {
      const hargs = [...args.slice(0, used), ...args.slice(used + 1)];
      const r = help(helpTable(await longTexts(hargs), config.goroot), hargs);
      write(io.stdout, r.stdout);
      write(io.stderr, r.stderr);
      return r.code;
    }
    const name = group ? args.slice(0, used).join(' ') : args[0];
    const helpArg = used > 0 ? ' ' + args.slice(0, used).join(' ') : '';
    write(io.stderr, `go ${name}: unknown command\nRun 'go help${helpArg}' for usage.\n`);
    return 2;
  }
  return invoke(cmd, args.slice(used), config, io);
}

/** go's GOPATH sanity checks before running a command. */
function checkGOPATH(config: Config, io: RunIO): void {
  const gopath = config.gopath;
  if (gopath !== '' && cleanPath(gopath) === cleanPath(config.goroot)) {
    write(io.stderr, `warning: both GOPATH and GOROOT are the same directory (${gopath}); see https://go.dev/wiki/InstallTroubleshooting\n`);
    return;
  }
  for (const p of gopath.split(':')) {
    if (p === '') continue;
    if (p.startsWith('~')) throw new ExitError(`go: GOPATH entry cannot start with shell metacharacter '~': ${goQuote(p)}`, 2);
    if (!isAbsolute(p) && config.getenv('GOPATH') !== '') {
      throw new ExitError(`go: GOPATH entry is relative; must be absolute path: ${goQuote(p)}.\nFor more details see: 'go help gopath'`, 2);
    }
  }
}

async function invoke(info: CommandInfo, args: string[], config: Config, io: RunIO): Promise<number> {
  const command = await loadCommand(info.module);
  if (!command) {
    // `go <cmd> -h` still prints the usage, as go does, before admitting the command is missing.
    const first = args[0] ?? '';
    if (['-h', '-help', '--h', '--help'].includes(first)) {
      write(io.stderr, commandUsage(info.longName));
      return 2;
    }
    throw new ExitError(`go ${info.longName}: not supported yet by gocmd`, 2);
  }
  // go's buildcfg.Check, before flags: every command but env (which reports it its own way) refuses a bad GO<arch>.
  if (info.longName !== 'env') {
    const archErr = archEnvError(config.osEnv);
    if (archErr) throw new ExitError(`go: ${archErr}`, 2);
  }
  const fs = new FlagSet(info.longName);
  const usageLine = command.usageLine || info.usageLine;
  let rest = args;
  if (!(command.customFlags ?? info.customFlags)) {
    command.flags?.(fs);
    if (!fs.lookup('C')) addChdirFlag(fs);
    const hide = info.longName === 'env' || info.longName === 'bug';
    try {
      applyGOFLAGS(fs, parseGOFLAGS(config.goflags, hide), config.gohostos === 'windows' ? '%GOFLAGS%' : '$GOFLAGS');
      fs.parse(args);
    } catch (e) {
      if (e instanceof FlagParseError) {
        if (!e.isHelp) write(io.stderr, e.message + '\n');
        write(io.stderr, `usage: ${usageLine}\n${info.usageTail ?? `Run 'go help ${info.longName}' for details.\n`}`);
        return 2;
      }
      throw e;
    }
    rest = fs.args();
  }
  // stdout and stderr stay getters: a command that prints nothing never makes the process's streams.
  return command.run({
    config, get stdout() { return io.stdout; }, get stderr() { return io.stderr; }, cwd: config.cwd, flags: fs,
    ...(io.stderrFd !== undefined ? { stderrFd: io.stderrFd } : {}),
    ...(io.servedTerminal !== undefined ? { servedTerminal: io.servedTerminal } : {}),
  }, rest);
}
