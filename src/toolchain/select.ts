// GOTOOLCHAIN selection (go's toolchain.Select): which toolchain runs this command line.
// Pure apart from reading the governing go.work/go.mod; switching itself is cli/run.ts's (see switch.ts).
import { readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { compare, fromToolchain, goModLookup, isLang } from '../lib/gover.js';
import { goQuote } from '../lib/goquote.js';
import { ExitError } from '../base/errors.js';
import { findUp, type Config } from '../cfg/config.js';

/** What the selection saw (go's gover.Startup), for the explanations of "requires go >=" errors. */
export interface Startup {
  /** The GOTOOLCHAIN setting. */
  gotoolchain: string;
  /** The go.work or go.mod consulted ("" when none was). */
  autoFile: string;
  /** Its go line, when that chose the toolchain. */
  autoGoVersion: string;
  /** Its toolchain line, when that chose the toolchain ("default" included). */
  autoToolchain: string;
}

export interface Selection {
  /** The toolchain to switch to ("go1.27.3"), or "" to run as the local toolchain. */
  toolchain: string;
  startup: Startup;
  /** GODEBUG=toolchaintrace=1: the lines go prints about how it chose (before switching). */
  trace: string[];
}

/** The value GODEBUG gives key (the last key=value wins), or "". */
export function godebugValue(godebug: string, key: string): string {
  let v = '';
  for (const kv of godebug.split(',')) {
    const eq = kv.indexOf('=');
    if (eq > 0 && kv.slice(0, eq).trim() === key) v = kv.slice(eq + 1).trim();
  }
  return v;
}

/** Whether the command line is one go always runs itself, whatever GOTOOLCHAIN says. */
function runsLocally(a: readonly string[]): boolean {
  if (a.length === 2 && a[0] === 'env' && a[1] === 'GOTOOLCHAIN') return true;
  if (a.length === 3 && a[0] === 'env' && a[1] === '-w' && a[2]!.startsWith('GOTOOLCHAIN=')) return true;
  return a.length === 2 && a[0] === 'env' && (a[1] === 'GOMOD' || a[1] === 'GOWORK');
}

/**
 * The toolchain go would run for this command line. Throws ExitError for an invalid GOTOOLCHAIN
 * (or toolchain line). argv is the command line after -C. config.goVersion is the local toolchain.
 * Not considered: `go install/run pkg@version` asking for a newer Go (go's
 * maybeSwitchForGoInstallVersion); those switch later, when the module is loaded.
 */
export function selectToolchain(config: Config, argv: readonly string[]): Selection {
  const startup: Startup = { gotoolchain: '', autoFile: '', autoGoVersion: '', autoToolchain: '' };
  const trace: string[] = [];
  const none: Selection = { toolchain: '', startup, trace };
  if (config.getenv('GO111MODULE') === 'off' || runsLocally(argv)) return none;
  const setting = config.getenv('GOTOOLCHAIN');
  startup.gotoolchain = setting;
  if (setting === '') return none;
  const local = config.goVersion;
  let minToolchain = local;
  let minVers = config.localGo;
  let mode: string;
  if (setting === 'auto' || setting === 'path') {
    mode = setting;
  } else {
    const plus = setting.indexOf('+');
    const min = plus >= 0 ? setting.slice(0, plus) : setting;
    const suffix = plus >= 0 ? setting.slice(plus + 1) : '';
    if (min !== 'local') {
      const v = fromToolchain(min);
      if (v === '') {
        if (plus >= 0) throw new ExitError(`go: invalid GOTOOLCHAIN ${goQuote(setting)}: invalid minimum toolchain ${goQuote(min)}`);
        throw new ExitError(`go: invalid GOTOOLCHAIN ${goQuote(setting)}`);
      }
      minToolchain = min;
      minVers = v;
    }
    if (plus >= 0 && suffix !== 'auto' && suffix !== 'path') {
      throw new ExitError(`go: invalid GOTOOLCHAIN ${goQuote(setting)}: only version suffixes are +auto and +path`);
    }
    mode = suffix;
    trace.push(`go: default toolchain set to ${minToolchain} from GOTOOLCHAIN=${setting}`);
  }
  const allowedBy = setting.includes('+') ? `<name>+${mode}` : mode;
  let chosen = minToolchain;
  if (mode === 'auto' || mode === 'path') {
    const f = modGoToolchain(config);
    if (f) {
      startup.autoFile = shortPath(config.cwd, f.file);
      if (f.toolchain === 'default') {
        // "default": the toolchain the user configured, minimum included; no upgrade from the file.
        startup.autoToolchain = 'default';
      } else {
        if (f.toolchain !== '') {
          const tv = fromToolchain(f.toolchain);
          if (tv === '' || (!f.toolchain.startsWith('go') && !f.toolchain.includes('-go'))) {
            throw new ExitError(`go: invalid toolchain ${goQuote(f.toolchain)} in ${shortPath(config.cwd, f.file)}`);
          }
          if (compare(tv, minVers) > 0) {
            chosen = f.toolchain;
            minVers = tv;
            startup.autoToolchain = f.toolchain;
            trace.push(`go: upgrading toolchain to ${chosen} (required by toolchain line in ${startup.autoFile}; upgrade allowed by GOTOOLCHAIN=${allowedBy})`);
          }
        }
        if (compare(f.goVers, minVers) > 0) {
          // From 1.21 on a language version's first release is X.Y.0: never ask for a bare "go1.22".
          chosen = 'go' + f.goVers + (isLang(f.goVers) && compare(f.goVers, '1.21') >= 0 ? '.0' : '');
          minVers = f.goVers;
          startup.autoGoVersion = f.goVers;
          startup.autoToolchain = '';
          trace.push(`go: upgrading toolchain to ${chosen} (required by go line in ${startup.autoFile}; upgrade allowed by GOTOOLCHAIN=${allowedBy})`);
        }
      }
    }
  }
  if (chosen === 'local' || chosen === local) return { toolchain: '', startup, trace: [...trace, `go: using local toolchain ${local}`] };
  // go1.2.3 and gccgo-go1.2.3 are names of toolchains; GOTOOLCHAIN=bash is not.
  if (!chosen.startsWith('go1') && !chosen.includes('-go1')) throw new ExitError(`go: invalid GOTOOLCHAIN ${goQuote(chosen)}`);
  return { toolchain: chosen, startup, trace };
}

/** The mode part of GOTOOLCHAIN allows downloads (auto, name+auto). */
export function hasAuto(gotoolchain: string): boolean {
  return gotoolchain === 'auto' || gotoolchain.endsWith('+auto');
}

/** The mode part of GOTOOLCHAIN allows toolchains from PATH only (path, name+path). */
export function hasPath(gotoolchain: string): boolean {
  return gotoolchain === 'path' || gotoolchain.endsWith('+path');
}

/** base.ShortPath: path relative to cwd when that is shorter and does not climb out of cwd. */
export function shortPath(cwd: string, path: string): string {
  const rel = relative(cwd, path) || '.';
  if (rel.length < path.length && (rel === '.' || !(rel === '..' || rel.startsWith('../')))) return rel;
  return path;
}

/** The go.work (or else go.mod) governing cwd and its go/toolchain lines. */
function modGoToolchain(config: Config): { file: string; goVers: string; toolchain: string } | undefined {
  let file = '';
  const gw = config.getenv('GOWORK');
  if (gw !== 'off') {
    const w = gw === '' || gw === 'auto' ? config.gowork : gw;
    try {
      // $GOWORK may name a file 'go work init' is about to create.
      if (w && w !== 'off' && statSync(w).isFile()) file = w;
    } catch {
      file = '';
    }
  }
  if (file === '') {
    const root = findUp(config.cwd, 'go.mod');
    if (root !== '') file = join(root, 'go.mod');
  }
  if (file === '') return undefined;
  let data: string;
  try {
    data = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ExitError(`go: ${(e as Error).message}`);
  }
  return { file, goVers: goModLookup(data, 'go'), toolchain: goModLookup(data, 'toolchain') };
}
