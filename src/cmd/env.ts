// `go env`: print, set (-w) and unset (-u) go environment variables.
import { archEnvError } from '../cfg/platform.js';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isAbsolute, basename, dirname } from 'node:path';
import type { Command, CommandContext } from './command.js';
import { ExitError } from './command.js';
import type { FlagSet, Ref } from '../lib/flags.js';
import { COSTLY_ENV, defaultEnvFile, type Config, type EnvVar } from '../cfg/config.js';
import { goQuote } from '../lib/goquote.js';
import { splitQuoted } from '../lib/quoted.js';
import { isKnownPort } from '../cfg/platform.js';
import { parseGOEXPERIMENT } from '../cfg/experiment.js';
import { splitEnvLines, updateEnvLines } from '../cfg/envfile.js';
import { goPathErrorText } from '../lib/oserror.js';
import { CToolchain } from '../work/ccompiler.js';
import { openBuildCache } from '../work/opencache.js';

/** A -x sink for probes run in $WORK: the "cd $WORK" line first, once, as go's shell prints it. */
function showOnce(cdLine: string, show: (line: string) => void): (dir: string, cmd: string) => void {
  let cdShown = false;
  return (_dir, cmd) => {
    if (!cdShown) show(cdLine);
    cdShown = true;
    show(cmd);
  };
}

/** POSIX shell single-quoting as go env prints values. */
export function shellQuote(s: string): string {
  return "'" + s.replace(/'/g, "'\\''") + "'";
}

/** Windows batch escaping as go env prints values on Windows. */
export function batchEscape(s: string): string {
  let out = '';
  for (const ch of s) {
    if (ch === '\r' || ch === '\n' || /[\p{C}]/u.test(ch) && !/\s/u.test(ch)) { out += '\ufffd'; continue; }
    if (ch === '%') out += '%%';
    else if ('<>|&^'.includes(ch)) out += '^' + ch;
    else out += ch;
  }
  return out;
}

/** The shell-script form of env (sorted by name), as go env prints it on Unix. */
export function formatEnvShell(env: readonly EnvVar[], onlyChanged: boolean, goos = 'linux'): string {
  const sorted = [...env].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  let out = '';
  for (const e of sorted) {
    if (e.name === 'TERM') continue;
    if (e.value.includes('\0')) {
      throw new ExitError(`go: internal error: encountered null byte in environment variable ${e.name} on non-plan9 platform`);
    }
    if (onlyChanged && !e.changed) continue;
    out += goos === 'windows' ? `set ${e.name}=${batchEscape(e.value)}\n` : `${e.name}=${shellQuote(e.value)}\n`;
  }
  return out;
}

/** JSON as Go's encoding/json with tab indent prints a map[string]string (sorted keys, HTML-safe). */
export function formatEnvJSON(env: readonly EnvVar[], onlyChanged: boolean): string {
  const m = new Map<string, string>();
  for (const e of env) {
    if (e.name === 'TERM') continue;
    if (onlyChanged && !e.changed) continue;
    m.set(e.name, e.value);
  }
  const keys = [...m.keys()].sort();
  if (keys.length === 0) return '{}\n';
  const lines = keys.map((k) => `\t${goJSONString(k)}: ${goJSONString(m.get(k)!)}`);
  return `{\n${lines.join(',\n')}\n}\n`;
}

/** A JSON string literal escaped like Go's encoder (\u003c for <, >, &; \u2028/\u2029). */
export function goJSONString(s: string): string {
  return JSON.stringify(s)
    .replace(/[<>&\u2028\u2029]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'))
    .replace(/\\u([0-9A-F]{4})/g, (_m, h: string) => '\\u' + h.toLowerCase());
}

/** checkEnvWrite: validates a `go env -w KEY=VALUE` (or -u KEY); throws ExitError. */
export function checkEnvWrite(config: Config, key: string, val: string): void {
  const fail = (msg: string): never => {
    throw new ExitError(`go: ${msg}`);
  };
  switch (key) {
    case 'GOEXE': case 'GOGCCFLAGS': case 'GOHOSTARCH': case 'GOHOSTOS': case 'GOMOD': case 'GOWORK':
    case 'GOTOOLDIR': case 'GOVERSION': case 'GOTELEMETRY': case 'GOTELEMETRYDIR':
      fail(`${key} cannot be modified`);
      break;
    case 'GOENV': case 'GODEBUG':
      fail(`${key} can only be set using the OS environment`);
  }
  if (!config.canGetenv(key)) fail(`unknown go command variable ${key}`);
  switch (key) {
    case 'GO111MODULE':
      if (!['', 'auto', 'on', 'off'].includes(val)) fail(`invalid ${key} value ${goQuote(val)}`);
      break;
    case 'GOPATH':
      if (val.startsWith('~')) fail(`GOPATH entry cannot start with shell metacharacter '~': ${goQuote(val)}`);
      if (!isAbsolute(val) && val !== '') fail(`GOPATH entry is relative; must be absolute path: ${goQuote(val)}`);
      break;
    case 'GOMODCACHE':
      if (!isAbsolute(val) && val !== '') fail(`GOMODCACHE entry is relative; must be absolute path: ${goQuote(val)}`);
      break;
    case 'CC': case 'CXX': {
      if (val === '') break;
      let args: string[] = [];
      try {
        args = splitQuoted(val);
      } catch (e) {
        fail(`invalid ${key}: ${(e as Error).message}`);
      }
      if (args.length === 0) fail(`${key} entry cannot contain only space`);
      if (!isAbsolute(args[0]!) && args[0] !== basename(args[0]!)) {
        fail(`${key} entry is relative; must be absolute path: ${goQuote(args[0]!)}`);
      }
    }
  }
  // Arguments arrive decoded; a lone surrogate is what invalid UTF-8 can still look like here.
  if (/\p{Cs}/u.test(val)) fail(`invalid UTF-8 in ${key}=... value`);
  if (val.includes('\0')) fail(`invalid NUL in ${key}=... value`);
  if (/[\v\r\n]/.test(val)) fail(`invalid newline in ${key}=... value`);
}

/** checkBuildConfig: the GOOS/GOARCH pair and GOEXPERIMENT stay valid after the change. */
function checkBuildConfig(config: Config, add: Map<string, string>, del: Set<string>): void {
  const get = (key: string, cur: string, def: string): [string, boolean] => {
    if (add.has(key)) return [add.get(key)!, true];
    if (del.has(key)) return [config.osEnv[key] || def, true];
    return [cur, false];
  };
  const [goos, okOS] = get('GOOS', config.goos, config.osEnv.GOOS || config.gohostos);
  const [goarch, okArch] = get('GOARCH', config.goarch, config.osEnv.GOARCH || config.gohostarch);
  if ((okOS || okArch) && !isKnownPort(goos, goarch)) {
    throw new ExitError(`go: unsupported GOOS/GOARCH pair ${goos}/${goarch}`);
  }
  const [exp, okExp] = get('GOEXPERIMENT', config.goexperiment, '');
  if (okExp) {
    try {
      parseGOEXPERIMENT(goos, goarch, exp);
    } catch (e) {
      throw new ExitError(`go: ${(e as Error).message}`);
    }
  }
}

/**
 * The env file that -w and -u edit, or "" and why not. It is not always the one read at startup:
 * go's main puts each go env value back into its own environment before running the command, and
 * the GOENV value under GOENV=off is "", so when -w/-u look up the file again GOENV is empty and
 * they fall back to go/env in the user config directory, as go 1.26 does.
 */
function editedEnvFile(config: Config): { file: string; err: string } {
  if (config.osEnv.GOENV !== 'off') return { file: config.envFile, err: config.envFileErr };
  return defaultEnvFile(config.osEnv, config.gohostos);
}

function readEnvFileLines(config: Config, mustExist: boolean): string[] {
  const { file, err } = editedEnvFile(config);
  if (file === '') {
    if (mustExist) throw new ExitError(`go: cannot find go env config: ${err}`);
    return [];
  }
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' || mustExist) {
      throw new ExitError(`go: reading go env config: ${goPathErrorText(e, file)}`);
    }
  }
  return splitEnvLines(text);
}

function updateEnvFile(config: Config, add: Map<string, string>, del: Set<string>): void {
  const lines = updateEnvLines(readEnvFileLines(config, add.size === 0), add, del);
  const { file, err } = editedEnvFile(config);
  if (file === '') throw new ExitError(`go: cannot find go env config: ${err}`);
  writeEnvFile(file, lines.join(''));
}

/**
 * Writes the env file in place as go does (os.WriteFile, then again after creating its directory):
 * a symlinked env file stays a link with its target rewritten, and an existing file keeps its mode.
 * Errors read as go's ("open FILE: not a directory").
 */
function writeEnvFile(file: string, data: string): void {
  try {
    writeFileSync(file, data, { mode: 0o666 });
    return;
  } catch {
    try {
      mkdirSync(dirname(file), { recursive: true, mode: 0o777 });
    } catch {
      // go ignores this error too: the second write reports what is wrong.
    }
  }
  try {
    writeFileSync(file, data, { mode: 0o666 });
  } catch (e) {
    throw new ExitError(`go: writing go env config: ${goPathErrorText(e, file)}`);
  }
}

function runEnvW(ctx: CommandContext, args: string[]): void {
  const { config } = ctx;
  if (args.length === 0) throw new ExitError('go: no KEY=VALUE arguments given');
  const add = new Map<string, string>();
  for (const arg of args) {
    const i = arg.indexOf('=');
    if (i < 0) throw new ExitError(`go: arguments must be KEY=VALUE: invalid argument: ${arg}`);
    const key = arg.slice(0, i);
    const val = arg.slice(i + 1);
    checkEnvWrite(config, key, val);
    if (add.has(key)) throw new ExitError(`go: multiple values for key: ${key}`);
    add.set(key, val);
    const osVal = config.osEnv[key];
    if (osVal && osVal !== val) {
      ctx.stderr.write(`warning: go env -w ${key}=... does not override conflicting OS environment variable\n`);
    }
  }
  checkBuildConfig(config, add, new Set());
  const gotmp = add.get('GOTMPDIR');
  if (gotmp !== undefined && gotmp !== '' && !isAbsolute(gotmp)) throw new ExitError('go: GOTMPDIR must be an absolute path');
  updateEnvFile(config, add, new Set());
}

function runEnvU(ctx: CommandContext, args: string[]): void {
  const { config } = ctx;
  if (args.length === 0) throw new ExitError("go: 'go env -u' requires an argument");
  const del = new Set<string>();
  for (const arg of args) {
    checkEnvWrite(config, arg, '');
    del.add(arg);
  }
  checkBuildConfig(config, new Map(), del);
  updateEnvFile(config, new Map(), del);
}

let envN: Ref<boolean>, envX: Ref<boolean>, envJson: Ref<boolean>, envU: Ref<boolean>, envW: Ref<boolean>, envChanged: Ref<boolean>;

/**
 * The environment variables that cost a probe of the C compiler (CGO_CFLAGS..., GOGCCFLAGS), computed
 * in a temporary $WORK; show, when set, gets the -x lines.
 */
export function costlyEnv(config: Config, show?: (line: string) => void): EnvVar[] {
  const wd = config.makeWorkDir();
  if (show) show(`WORK=${wd}`);
  try {
    // The compiler's answers come from GOCACHE as go's do (a warm `go env` runs no probe), so an
    // unusable cache ends the command here with go's text, after the WORK line as in go. A GOCACHEPROG
    // program serves them as in go; GOCMD_REMOTE_CACHE does not (go env never waits on the network).
    const cc = new CToolchain({
      goos: config.goos, goarch: config.goarch, cgoEnabled: config.cgoEnabled,
      getenv: (k) => config.getenv(k), env: config.env, toolexec: [], workDir: wd, dryRun: false,
      cache: openBuildCache(config, { remote: false }), archValue: config.archVar()?.value ?? '',
      show: show ? showOnce('cd $WORK', show) : undefined,
    });
    return config.costlyEnvVars(wd, { show, supportsFlag: (c, f) => cc.supportsFlag([...c], f) });
  } finally {
    rmSync(wd, { recursive: true, force: true });
  }
}

export const command: Command = {
  name: 'env',
  usageLine: 'go env [-json] [-changed] [-u] [-w] [var ...]',
  short: 'print Go environment information',
  long: `
Env prints the go command's configuration. With no arguments it prints every variable as a
shell script (a batch file on Windows); with variable names it prints each named value on its
own line.

	-json     print the variables as a JSON object instead
	-changed  print only variables whose effective value differs from the default
	          (what an empty environment without 'go env -w' settings would give)
	-w        set default values in the go env configuration file: NAME=VALUE arguments
	-u        remove default values set with 'go env -w': NAME arguments

The configuration file is $GOENV, or go/env in the user configuration directory.
Values from the OS environment take precedence over it, and it takes precedence over
$GOROOT/go.env.

See 'go help environment' for the variables themselves.
`,
  flags(fs: FlagSet) {
    envN = fs.bool('n');
    envX = fs.bool('x');
    envJson = fs.bool('json');
    envU = fs.bool('u');
    envW = fs.bool('w');
    envChanged = fs.bool('changed');
  },
  async run(ctx, args) {
    const { config } = ctx;
    if (envJson.value && envU.value) throw new ExitError('go: cannot use -json with -u');
    if (envJson.value && envW.value) throw new ExitError('go: cannot use -json with -w');
    if (envU.value && envW.value) throw new ExitError('go: cannot use -u with -w');
    if (envW.value) {
      runEnvW(ctx, args);
      return 0;
    }
    if (envU.value) {
      runEnvU(ctx, args);
      return 0;
    }
    const archErr = archEnvError(config.osEnv);
    if (archErr) throw new ExitError(`go: ${archErr}`, 2);
    try {
      parseGOEXPERIMENT(config.goos, config.goarch, config.goexperiment);
    } catch (e) {
      throw new ExitError(`go: ${(e as Error).message}`, 2);
    }
    for (const arg of args) {
      if (arg.includes('=')) throw new ExitError(`go: invalid variable name ${goQuote(arg)} (use -w to set variable)`);
    }
    let env: EnvVar[] = [...config.envVars(), ...config.modEnvVars()];
    for (const w of config.modWarnings) ctx.stderr.write(w + '\n');
    const needCostly = args.length === 0 || args.some((a) => COSTLY_ENV.has(a));
    if (needCostly) {
      if (!isKnownPort(config.goos, config.goarch)) {
        throw new ExitError(`go: unsupported GOOS/GOARCH pair ${config.goos}/${config.goarch}`, 2);
      }
      const show = (line: string): void => { ctx.stderr.write(line + '\n'); };
      if (envN.value) {
        env = env.concat(config.costlyEnvVars('$WORK', { dryRun: true, show }));
      } else {
        env = env.concat(costlyEnv(config, envX.value ? show : undefined));
      }
    }
    const find = (name: string): string => env.find((e) => e.name === name)?.value ?? config.get(name);
    if (args.length > 0) {
      if (!envChanged.value) {
        if (envJson.value) {
          env = args.map((name) => ({ name, value: find(name), changed: false }));
        } else {
          ctx.stdout.write(args.map((name) => find(name) + '\n').join(''));
          return 0;
        }
      } else {
        const es: EnvVar[] = [];
        for (const name of args) {
          const e = env.find((x) => x.name === name);
          if (e) es.push(e);
        }
        env = es;
      }
    }
    if (envJson.value) ctx.stdout.write(formatEnvJSON(env, envChanged.value));
    else ctx.stdout.write(formatEnvShell(env, envChanged.value, config.gohostos));
    return 0;
  },
};
