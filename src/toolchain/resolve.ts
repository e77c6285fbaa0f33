// Finding the GOROOT of a selected toolchain (go's toolchain.Exec, minus the exec): a go1.X.Y on PATH,
// else the golang.org/toolchain module from GOPROXY, unpacked in the module cache where go keeps it.
//
// go runs the selected toolchain's go binary; gocmd stays itself and only needs that toolchain's
// GOROOT (its pkg/tool and std). A go1.X.Y found on PATH is a program gocmd does not run, so its
// GOROOT is derived from where it lives, trying in order:
//   1. the real path (symlinks resolved) is <root>/bin/go or <root>/bin/go1.X.Y: <root>;
//   2. golang.org/dl's wrapper, which runs $HOME/sdk/go1.X.Y/bin/go: that directory;
// and a candidate counts only if it is a GOROOT (has pkg/tool) whose VERSION names that toolchain.
// Otherwise the PATH entry is reported as unusable rather than silently skipped.
import { chmodSync, constants, openSync, closeSync, readFileSync, readdirSync, realpathSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Config } from '../cfg/config.js';
import { ExitError } from '../base/errors.js';
import { isGOROOT, lookPath, readGoVersion } from '../cfg/goroot.js';
import { homeVar } from '../cfg/userdirs.js';
import { compare, fromToolchain, isLang } from '../lib/gover.js';
import { goQuote } from '../lib/goquote.js';
import { FatalError, Fetcher, isNotExist, settingsFromConfig } from '../modfetch/index.js';
import { errText } from '../modfetch/errors.js';
import { hasPath } from './select.js';
import { goVersionsFromDL, Switcher, type ToolchainSource } from './switch.js';

/** The toolchain module go downloads: golang.org/toolchain v0.0.1-<toolchain>.<goos>-<goarch>. */
export const TOOLCHAIN_MODULE = 'golang.org/toolchain';
const TOOLCHAIN_MODULE_VERSION = 'v0.0.1';

export function toolchainModuleVersion(toolchain: string, goos: string, goarch: string): string {
  return `${TOOLCHAIN_MODULE_VERSION}-${toolchain}.${goos}-${goarch}`;
}

/** The GOROOT beside a go1.X.Y executable found on PATH, or "" (see the file comment). */
export function gorootBesidePathToolchain(exe: string, toolchain: string, home: string): string {
  const candidates: string[] = [];
  try {
    const real = realpathSync(exe);
    if (basename(dirname(real)) === 'bin') candidates.push(resolve(real, '../..'));
  } catch {
    // dangling link: nothing beside it
  }
  if (home !== '') candidates.push(join(home, 'sdk', toolchain));
  for (const c of candidates) {
    if (isGOROOT(c) && readGoVersion(c) === toolchain) return c;
  }
  return '';
}

export interface Resolved {
  /** The toolchain's GOROOT. */
  goroot: string;
  /** Where it came from, for GODEBUG=toolchaintrace=1 ("PATH" with the executable, or the cache). */
  fromPath?: string;
}

/**
 * The GOROOT of toolchain, from PATH or else (unless GOTOOLCHAIN is path or name+path) downloaded
 * into the module cache. Throws ExitError with go's messages.
 */
export async function resolveToolchain(config: Config, toolchain: string, stderr: (s: string) => void): Promise<Resolved> {
  const exe = lookPath(toolchain, config.osEnv['PATH']);
  if (exe !== undefined) {
    const goroot = gorootBesidePathToolchain(exe, toolchain, config.osEnv[homeVar(config.gohostos)] ?? '');
    if (goroot !== '') return { goroot, fromPath: exe };
    throw new ExitError(`go: cannot use ${toolchain} found in PATH (${exe}): no GOROOT of ${toolchain} beside it, and gocmd does not run go binaries`);
  }
  if (hasPath(config.getenv('GOTOOLCHAIN'))) throw new ExitError(`go: cannot find ${goQuote(toolchain)} in PATH`);
  return { goroot: await downloadToolchain(config, toolchain, stderr) };
}

/** The "go" versions GOTOOLCHAIN=auto may switch to: golang.org/toolchain's list on the proxies (go's toolchainRepo). */
export function proxyToolchainSource(config: Config, stderr: (s: string) => void): ToolchainSource {
  return {
    goVersions: async () => {
      const fetcher = new Fetcher(settingsFromConfig(config, { cmdName: '', stderr }));
      let list: string[] = [];
      await fetcher.tryProxies(async (proxy) => {
        list = await fetcher.lookup(proxy, TOOLCHAIN_MODULE).versions('');
      });
      return goVersionsFromDL(list, config.localGo);
    },
  };
}

/** Downloads (or finds in the module cache) the toolchain module and readies it to be used as a GOROOT. */
export async function downloadToolchain(config: Config, toolchain: string, stderr: (s: string) => void): Promise<string> {
  const mod = { path: TOOLCHAIN_MODULE, version: toolchainModuleVersion(toolchain, config.gohostos, config.gohostarch) };
  const fetcher = new Fetcher(settingsFromConfig(config, { cmdName: '', stderr }));
  let dir: string;
  try {
    dir = await fetcher.download(mod);
  } catch (e) {
    if (e instanceof ExitError) throw e;
    if (isNotExist(e)) {
      const v = fromToolchain(toolchain);
      if (isLang(v) && compare(v, '1.21') >= 0) {
        throw new ExitError(`go: invalid toolchain: ${toolchain} is a language version but not a toolchain version (${toolchain}.x)`);
      }
      throw new ExitError(`go: download ${toolchain} for ${config.gohostos}/${config.gohostarch}: toolchain not available`);
    }
    // Checksum failures stop go at once (base.Fatal in checkMod); the rest it reports as a failed download.
    if (e instanceof FatalError) throw new ExitError(`go: ${errText(e)}`);
    throw new ExitError(`go: download ${toolchain}: ${errText(e)}`);
  }
  try {
    prepareToolchainDir(dir);
  } catch (e) {
    throw new ExitError(`go: download ${toolchain}: ${(e as Error).message}`);
  }
  // go would run whatever bin/go the module holds; gocmd needs a Go distribution to drive.
  if (!isGOROOT(dir)) throw new ExitError(`go: download ${toolchain}: ${dir} has no pkg/tool: not a Go distribution gocmd can use`);
  return dir;
}

/**
 * What go does on the first use of an unpacked toolchain: make pkg/tool, lib's go_*_exec, bin/gofmt
 * and bin executable (module zips keep no modes), and put back the go.mod files the zip carries as
 * _go.mod. Done in go's order so that a racing go command never sees bin/go ready before the rest.
 */
export function prepareToolchainDir(dir: string): void {
  const goBin = join(dir, 'bin/go');
  if ((statSync(goBin).mode & 0o111) === 0) {
    allowExec(join(dir, 'pkg/tool'), undefined);
    allowExec(join(dir, 'lib'), /^go_.+_.+_exec$/);
    allowExec(join(dir, 'bin/gofmt'), undefined);
    allowExec(join(dir, 'bin'), undefined);
  }
  const srcUGoMod = join(dir, 'src/_go.mod');
  const srcGoMod = join(dir, 'src/go.mod');
  if (size(srcGoMod) !== size(srcUGoMod)) {
    const walk = (d: string): void => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        const p = join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name === '_go.mod' && p !== srcUGoMod) raceSafeCopy(p, join(d, 'go.mod'));
      }
    };
    walk(dir);
    // src/go.mod last: other go commands take it as the sign that all is done.
    raceSafeCopy(srcUGoMod, srcGoMod);
  }
}

/** Sets the execute bits on every file under path (path may be a file) whose name matches. */
function allowExec(path: string, pattern: RegExp | undefined): void {
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    if (isNotExist(e) || (e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  if (st.isDirectory()) {
    for (const n of readdirSync(path)) allowExec(join(path, n), pattern);
    return;
  }
  if (pattern && !pattern.test(basename(path))) return;
  chmodSync(path, (st.mode & 0o777) | 0o111);
}

function size(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return -1;
  }
}

/**
 * Copies old to new so that several processes doing it at once all succeed: new is opened without
 * truncation and written with the same bytes (old never changes). The directory is made writable
 * for the moment (module cache directories are read-only).
 */
function raceSafeCopy(oldPath: string, newPath: string): void {
  const oldSt = statSync(oldPath);
  if (size(newPath) === oldSt.size) return;
  const data = readFileSync(oldPath);
  const d = dirname(oldPath);
  const dirMode = statSync(d).mode & 0o7777;
  chmodSync(d, dirMode | 0o200);
  try {
    let fd: number;
    try {
      fd = openSync(newPath, constants.O_CREAT | constants.O_WRONLY, 0o666 & ~0o111);
    } catch (e) {
      if (size(oldPath) === size(newPath)) return;
      throw e;
    }
    try {
      writeSync(fd, data, 0, data.length, 0);
    } finally {
      closeSync(fd);
    }
    chmodSync(newPath, oldSt.mode & 0o7777);
  } finally {
    try {
      chmodSync(d, dirMode);
    } catch {
      // best effort, as go
    }
  }
}

/**
 * go's Switcher over config: when errs hold a TooNewError and GOTOOLCHAIN allows switching, prints
 * "go: X requires go >= V; switching to T" and throws SwitchRequest (cli/run.ts re-runs the command
 * as T). Otherwise returns the errors to report, with go's "switching to go >= V: ..." added when no
 * toolchain could be found.
 */
export async function switchOrErrors(config: Config, errs: readonly Error[], stderr: (s: string) => void): Promise<Error[]> {
  const sw = newSwitcher(config, stderr);
  for (const e of errs) sw.error(e);
  return sw.switch();
}

/** A Switcher for config's GOTOOLCHAIN, toolchains from the proxies (auto) or PATH (path). */
export function newSwitcher(config: Config, stderr: (s: string) => void): Switcher {
  return new Switcher(config.getenv('GOTOOLCHAIN'), proxyToolchainSource(config, stderr), config.osEnv['PATH'] ?? '', stderr);
}

/**
 * go's SwitchOrFatal, the switching half: throws SwitchRequest when err asks for a newer Go that
 * GOTOOLCHAIN lets us switch to; when a switch is needed but no toolchain is found, prints err and
 * why ("go: switching to go >= V: ...") and exits 1. Otherwise returns, for the caller to report err.
 */
export async function switchOrFatal(config: Config, err: Error, stderr: (s: string) => void): Promise<void> {
  const sw = newSwitcher(config, stderr);
  sw.error(err);
  if (!sw.needSwitch()) return;
  const errs = await sw.switch();
  throw new ExitError(errs.map((e) => `go: ${e.message}`).join('\n'), 1);
}

/** Whether errs call for a toolchain switch that GOTOOLCHAIN allows (go's Switcher.NeedSwitch). */
export function needSwitch(config: Config, errs: readonly Error[]): boolean {
  const sw = newSwitcher(config, () => undefined);
  for (const e of errs) sw.error(e);
  return sw.needSwitch();
}
