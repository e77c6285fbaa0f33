// The whole-build no-op fast path, its first half: the stamp's name and the check that answers a no-op build
// from it. What this imports is all a fast no-op loads, so it stays small: no node:crypto (lib/sha256), no
// node:child_process (buildidread, not buildid), no node:os. Recording a stamp is in noop.ts.
import { readFileSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { commandStartMs } from '../base/cmdstart.js';
import { wholeBuildFlag, type BuildFlags } from '../cfg/buildflags.js';
import type { Config } from '../cfg/config.js';
import { osTempDir } from '../cfg/workdir.js';
import { sha256Hex } from '../lib/sha256.js';
import { readBuildID } from './buildidread.js';
import { fingerprint } from './noopfp.js';

export const STAMP_VERSION = 1;
export const HOUR_MS = 60 * 60 * 1000;
/** Environment variables that change between otherwise identical invocations and cannot affect a build. */
export const VOLATILE_ENV = new Set(['_', 'OLDPWD', 'SHLVL']);

export interface Stamp {
  v: number;
  /** path → fingerprint (or "-" for absent). */
  fps: [string, string][];
  /** Build cache files the build used, with their size (-1: any); touched as the cache touches used entries. */
  cache: [string, number][];
  /** Installed or -o outputs and the build ID each must carry; touched as an up-to-date install is. */
  targets: [string, string][];
  /** A cached `go test`: what it printed on stdout, replayed (it printed nothing else and exited 0). */
  out?: string;
  /** install pkg@version: the module@version its version query answered (the stamp holds for that answer only). */
  resolved?: string;
}

/** One build command's stamp: where it lives and what the run needs to record it. */
export interface NoopStamp {
  readonly file: string;
  readonly config: Config;
  readonly cwd: string;
  readonly args: readonly string[];
  /** The command's start in ms since the epoch (base/cmdstart.ts): inputs changed after (start − 2 s) are racy. */
  readonly startMs: number;
  /** Why this run will not use or write a stamp (tests). */
  readonly why?: string;
  /** install pkg@version: the module@version its query answered, set once it has (recorded in the stamp). */
  resolved?: string;
}

/**
 * gocmd's own code: this module's file, which in the bundle is dist/gocmd-main.cjs, all of gocmd (replaced,
 * with a new inode, whenever any part of gocmd changes).
 */
export function gocmdFiles(): string[] {
  return [fileURLToPath(import.meta.url)];
}

/** The flags under which a no-op build has no observable output or side effect besides touching files. */
export function eligible(flags: BuildFlags, config: Config): string | undefined {
  const env = config.osEnv;
  if (env.GOCMD_NOOPSTAMP === '0') return 'GOCMD_NOOPSTAMP=0';
  const whole = wholeBuildFlag(flags);
  if (whole) return whole;
  for (const f of ['overlay', 'modfile', 'pkgdir', 'debugActiongraph', 'debugRuntimeTrace', 'debugTrace'] as const) {
    if (flags[f] !== '') return `-${f}`;
  }
  if (!['', 'default', 'exe'].includes(flags.buildmode)) return '-buildmode';
  // go relinks and reinstalls the shared libraries of every -linkshared link, even when all is up to date.
  if (flags.linkshared) return '-linkshared';
  if (flags.compiler !== 'gc') return '-compiler';
  if (config.gocache === '' || config.gocache === 'off' || config.gocacheErr !== '') return 'GOCACHE';
  if ((env.GOCACHEPROG ?? '') !== '' || config.getenv('GOCACHEPROG') !== '') return 'GOCACHEPROG';
  if ((env.GODEBUG ?? '').includes('gocache')) return 'GODEBUG';
  if (config.goroot === '' || config.toolDir === '') return 'GOROOT';
  return undefined;
}

/** The stamp's name: a hash of the command, its flags and arguments, the directory, the environment and gocmd itself. */
export function stampKey(cmdName: string, flags: BuildFlags, args: readonly string[], cwd: string, config: Config): string {
  const env = Object.entries(config.osEnv)
    // GOCMD_NOOPDEBUG and GOCMD_EXPLAIN only add diagnostics: a debugging run may use the stamp it is asked
    // about (a build the stamp vouches for rebuilds nothing, so there is nothing to explain).
    .filter(([k, v]) => v !== undefined && !VOLATILE_ENV.has(k) && k !== 'GOCMD_NOOPDEBUG' && k !== 'GOCMD_EXPLAIN')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const material = JSON.stringify({
    v: STAMP_VERSION, cmdName, args, cwd, env, node: process.version, code: gocmdFiles(),
    // Functions (isSet, flagsFor) drop out; per-package flag lists keep their raw text.
    flags: JSON.parse(JSON.stringify(flags)) as unknown,
    goroot: config.goroot, goVersion: config.goVersion, gocache: config.gocache, goos: config.goos, goarch: config.goarch,
    toolDir: config.toolDir, envFile: config.envFile, gomodcache: config.gomodcache, gopath: config.gopath, gobin: config.gobin,
  });
  return sha256Hex(material);
}

/**
 * The stamp for this build command, or one with `why` set when the fast path does not apply. versioned: for
 * `install pkg@version`, whose stamp applies only to the answer its version query (run on every use, as go
 * runs it) gave when it was recorded (NoopStamp.resolved).
 */
export function noopStamp(cmdName: string, flags: BuildFlags, args: readonly string[], cwd: string, config: Config, versioned = false): NoopStamp {
  const startMs = commandStartMs();
  const why = !versioned && args.some((a) => a.includes('@')) ? 'versioned argument' : eligible(flags, config);
  const file = why ? '' : join(config.gocache, 'gocmd-noop', stampKey(cmdName, flags, args, cwd, config));
  return { file, config, cwd, args, startMs, ...(why ? { why } : {}) };
}

/**
 * The fast path: true when the stamp matches everything it recorded, in which case the touches a no-op build
 * does (used cache entries, up-to-date targets) have been done and the command is finished, silently.
 */
export function checkNoopStamp(s: NoopStamp): boolean {
  return validStamp(s) !== undefined;
}

/**
 * The stamp when it matches everything it recorded (the touches done), else undefined; GOCMD_NOOPDEBUG=1
 * prints why not to stderr.
 */
export function validStamp(s: NoopStamp): Stamp | undefined {
  const r = checkStamp(s);
  if (typeof r === 'string' && s.config.osEnv.GOCMD_NOOPDEBUG === '1') process.stderr.write(`gocmd: no-op stamp not used: ${r}\n`);
  return typeof r === 'string' ? undefined : r;
}

/** Why the stamp does not apply, or the stamp when it does (and the touches are done). */
function checkStamp(s: NoopStamp): string | Stamp {
  const m = matchStamp(s);
  if (typeof m === 'string') return m;
  return finishStamp(s, m);
}

/**
 * install pkg@version: matches the stamp's recorded inputs now, while the version query waits on the network;
 * the function returned finishes the check once the query has answered (resolved), as checkNoopStamp
 * (touches on a match, GOCMD_NOOPDEBUG's line on a miss).
 */
export function prematchNoopStamp(s: NoopStamp): (resolved: string) => boolean {
  const m = matchStamp(s);
  return (resolved) => {
    s.resolved = resolved;
    const r = typeof m === 'string' ? m : finishStamp(s, m);
    if (typeof r === 'string' && s.config.osEnv.GOCMD_NOOPDEBUG === '1') process.stderr.write(`gocmd: no-op stamp not used: ${r}\n`);
    return typeof r !== 'string';
  };
}

interface Matched {
  st: Stamp;
  /** Files to touch when the stamp is used. */
  touch: string[];
}

/** The stamp's version answer checked, then the touches a no-op build does. */
function finishStamp(s: NoopStamp, m: Matched): string | Stamp {
  if ((m.st.resolved ?? '') !== (s.resolved ?? '')) return `version query answered ${s.resolved ?? ''}, not ${m.st.resolved ?? ''}`;
  const t = new Date();
  for (const f of m.touch) {
    try { utimesSync(f, t, t); } catch { /* as the cache: best effort */ }
  }
  for (const [path] of m.st.targets) {
    try { utimesSync(path, t, t); } catch { /* as install: best effort */ }
  }
  return m.st;
}

/** Why the stamp does not apply, or the stamp and what a use of it touches when every recorded input matches. */
function matchStamp(s: NoopStamp): string | Matched {
  if (s.why) return s.why;
  let st: Stamp;
  let stampMtime: number;
  try {
    st = JSON.parse(readFileSync(s.file, 'utf8')) as Stamp;
    stampMtime = statSync(s.file).mtimeMs;
  } catch {
    return 'no stamp';
  }
  if (st.v !== STAMP_VERSION || !Array.isArray(st.fps) || !Array.isArray(st.cache) || !Array.isArray(st.targets)) return 'bad stamp';
  if ((st.out !== undefined && typeof st.out !== 'string') || (st.resolved !== undefined && typeof st.resolved !== 'string')) return 'bad stamp';
  const now = Date.now();
  // gocmd's builds do not trim the cache (Cache.close is not called), so neither does the fast path.
  // The build would make its work directory here.
  try {
    if (!statSync(s.config.getenv('GOTMPDIR') || osTempDir(s.config.osEnv)).isDirectory()) return 'no temp dir';
  } catch {
    return 'no temp dir';
  }
  for (const [path, fp] of st.fps) if (fingerprint(path) !== fp) return `changed: ${path}`;
  const touch: string[] = [];
  for (const [path, size] of st.cache) {
    let c;
    try {
      c = statSync(path);
    } catch {
      return `cache file missing: ${path}`;
    }
    if (size >= 0 && c.size !== size) return `cache file size: ${path}`;
    if (now - c.mtimeMs > HOUR_MS) touch.push(path);
  }
  for (const [path, id] of st.targets) {
    try {
      if (readBuildID(path) !== id) return `target build ID: ${path}`;
    } catch {
      return `target unreadable: ${path}`;
    }
  }
  // The stamp itself is used: kept from trimStamps as cache entries are.
  if (now - stampMtime > HOUR_MS) touch.push(s.file);
  return { st, touch };
}
