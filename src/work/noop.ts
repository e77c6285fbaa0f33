// The whole-build no-op fast path: a stamp in GOCACHE saying "this exact command already built all this"; checked before loading.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, statSync, unlinkSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Writable } from 'node:stream';
import type { BuildFlags } from '../cfg/buildflags.js';
import type { Config } from '../cfg/config.js';
import type { Cache } from '../cache/cache.js';
import { subkey } from '../cache/hash.js';
import { writeBytesAtomic } from '../cache/atomic.js';
import type { Package } from '../load/types.js';
import { actionList, type Action } from './action.js';
import { readBuildID } from './buildid.js';
import { fingerprint, isRacy, RACY_MS } from './noopfp.js';
import { collectInputs, NoStamp } from './noopinputs.js';

const STAMP_VERSION = 1;
const HOUR_MS = 60 * 60 * 1000;
/** Environment variables that change between otherwise identical invocations and cannot affect a build. */
const VOLATILE_ENV = new Set(['_', 'OLDPWD', 'SHLVL']);

interface Stamp {
  v: number;
  /** path → fingerprint (or "-" for absent). */
  fps: [string, string][];
  /** Build cache files the build used, with their size (-1: any); touched as the cache touches used entries. */
  cache: [string, number][];
  /** Installed or -o outputs and the build ID each must carry; touched as an up-to-date install is. */
  targets: [string, string][];
}

/** One build command's stamp: where it lives and what the run needs to record it. */
export interface NoopStamp {
  readonly file: string;
  readonly config: Config;
  readonly cwd: string;
  readonly args: readonly string[];
  /** Process start in ms since the epoch: inputs changed after (start − 2 s) are racy. */
  readonly startMs: number;
  /** Why this run will not use or write a stamp (tests). */
  readonly why?: string;
}

/**
 * gocmd's own code: this module's file and, in the bundle (dist/chunks/), the entry dist/gocmd.js, which is
 * replaced (new inode, new chunk names) whenever any part of gocmd changes.
 */
function gocmdFiles(): string[] {
  const self = fileURLToPath(import.meta.url);
  const out = [self];
  if (basename(dirname(self)) === 'chunks') out.push(join(dirname(dirname(self)), 'gocmd.js'));
  return out;
}

/** The flags under which a no-op build has no observable output or side effect besides touching files. */
export function eligible(flags: BuildFlags, config: Config): string | undefined {
  const env = config.osEnv;
  if (env.GOCMD_NOOPSTAMP === '0') return 'GOCMD_NOOPSTAMP=0';
  for (const f of ['a', 'n', 'x', 'v', 'json', 'work', 'race', 'msan', 'asan', 'cover', 'linkshared'] as const) {
    if (flags[f]) return `-${f}`;
  }
  if (flags.toolexec.length > 0) return '-toolexec';
  for (const f of ['overlay', 'modfile', 'pkgdir', 'debugActiongraph', 'debugRuntimeTrace', 'debugTrace'] as const) {
    if (flags[f] !== '') return `-${f}`;
  }
  if (!['', 'default', 'exe'].includes(flags.buildmode)) return '-buildmode';
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
    .filter(([k, v]) => v !== undefined && !VOLATILE_ENV.has(k))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const material = JSON.stringify({
    v: STAMP_VERSION, cmdName, args, cwd, env, node: process.version, code: gocmdFiles(),
    // Functions (isSet, flagsFor) drop out; per-package flag lists keep their raw text.
    flags: JSON.parse(JSON.stringify(flags)) as unknown,
    goroot: config.goroot, goVersion: config.goVersion, gocache: config.gocache, goos: config.goos, goarch: config.goarch,
    toolDir: config.toolDir, envFile: config.envFile, gomodcache: config.gomodcache, gopath: config.gopath, gobin: config.gobin,
  });
  return createHash('sha256').update(material).digest('hex');
}

/** The stamp for this build command, or one with `why` set when the fast path does not apply. */
export function noopStamp(cmdName: string, flags: BuildFlags, args: readonly string[], cwd: string, config: Config): NoopStamp {
  const startMs = performance.timeOrigin;
  // pkg@version (go install/run): the version query's answer may change without any local file changing.
  const why = args.some((a) => a.includes('@')) ? 'versioned argument' : eligible(flags, config);
  const file = why ? '' : join(config.gocache, 'gocmd-noop', stampKey(cmdName, flags, args, cwd, config));
  return { file, config, cwd, args, startMs, ...(why ? { why } : {}) };
}

/**
 * The fast path: true when the stamp matches everything it recorded, in which case the touches a no-op build
 * does (used cache entries, up-to-date targets) have been done and the command is finished, silently.
 */
export function checkNoopStamp(s: NoopStamp): boolean {
  const miss = checkStamp(s);
  if (miss !== undefined && s.config.osEnv.GOCMD_NOOPDEBUG === '1') process.stderr.write(`gocmd: no-op stamp not used: ${miss}\n`);
  return miss === undefined;
}

/** Why the stamp does not apply, or undefined when it does (and the touches are done). */
function checkStamp(s: NoopStamp): string | undefined {
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
  const now = Date.now();
  // gocmd's builds do not trim the cache (Cache.close is not called), so neither does the fast path.
  // The build would make its work directory here.
  try {
    if (!statSync(s.config.getenv('GOTMPDIR') || tmpdir()).isDirectory()) return 'no temp dir';
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
  const t = new Date(now);
  // The stamp itself is used: kept from trimStamps as cache entries are.
  if (now - stampMtime > HOUR_MS) touch.push(s.file);
  for (const f of touch) {
    try { utimesSync(f, t, t); } catch { /* as the cache: best effort */ }
  }
  for (const [path] of st.targets) {
    try { utimesSync(path, t, t); } catch { /* as install: best effort */ }
  }
  return undefined;
}

/** What a finished build tells the stamp. */
export interface BuildResult {
  pkgs: readonly Package[];
  root: Action;
  cache: Cache;
  /** Packages stamped with VCS information (their build info would change with the repository). */
  vcsStamped: boolean;
  /** Paths whose state the command also depended on (e.g. the binary `go install` removes). */
  extraPaths?: readonly string[];
}

/**
 * Records the stamp after a successful, silent build; returns why not when it does not (tests).
 * GOCMD_NOOPDEBUG=1 prints that reason to stderr.
 */
export function recordNoopStamp(s: NoopStamp, r: BuildResult, printed: boolean): string | undefined {
  const why = printed ? 'the build printed output' : recordStamp(s, r);
  if (why !== undefined && s.config.osEnv.GOCMD_NOOPDEBUG === '1') process.stderr.write(`gocmd: no-op stamp not recorded: ${why}\n`);
  return why;
}

function recordStamp(s: NoopStamp, r: BuildResult): string | undefined {
  if (s.why) return s.why;
  let data: string;
  try {
    data = JSON.stringify(makeStamp(s, r));
  } catch (e) {
    if (e instanceof NoStamp) return e.message;
    throw e;
  }
  try {
    mkdirSync(join(s.config.gocache, 'gocmd-noop'), { recursive: true });
    writeBytesAtomic(s.file, data);
    trimStamps(join(s.config.gocache, 'gocmd-noop'), Date.now());
    return undefined;
  } catch (e) {
    // A read-only or full cache only costs the fast path.
    return e instanceof Error ? e.message : String(e);
  }
}

/**
 * Removes stamps unused for 5 days, at most once a day (recorded in trim.txt), as the cache trims its
 * entries; stamps accumulate one per distinct command, directory and environment.
 */
export function trimStamps(dir: string, nowMs: number): void {
  const trimFile = join(dir, 'trim.txt');
  try {
    if (nowMs - statSync(trimFile).mtimeMs < 24 * HOUR_MS) return;
  } catch {
    // Never trimmed.
  }
  try {
    writeBytesAtomic(trimFile, String(Math.floor(nowMs / 1000)));
  } catch {
    return;
  }
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const n of names) {
    if (!/^[0-9a-f]{64}$/.test(n)) continue;
    try {
      if (nowMs - statSync(join(dir, n)).mtimeMs > 5 * 24 * HOUR_MS) unlinkSync(join(dir, n));
    } catch {
      // Gone already, or not ours to remove.
    }
  }
}

function makeStamp(s: NoopStamp, r: BuildResult): Stamp {
  const { config } = s;
  if (r.vcsStamped) throw new NoStamp('VCS stamping');
  if (!config.modulesEnabled) throw new NoStamp('GOPATH mode');
  const configFiles = [config.envFile, ...gocmdFiles()];
  const gowork = config.getenv('GOWORK');
  if (gowork !== '' && gowork !== 'off') configFiles.push(gowork);
  const actions = actionList(r.root);
  const pkgs = new Set<Package>(r.pkgs);
  for (const a of actions) if (a.pkg) pkgs.add(a.pkg);
  const inp = collectInputs({
    cwd: s.cwd, args: s.args, goroot: config.goroot, gomodcache: config.gomodcache, toolDir: config.toolDir,
    configFiles, pkgs: [...pkgs], trustGoroot: !config.goVersion.startsWith('devel') && config.goVersion !== '',
  });
  for (const p of r.extraPaths ?? []) inp.add(p);
  const since = s.startMs - RACY_MS;
  for (const [path, fp] of inp.fps) if (isRacy(fp, since)) throw new NoStamp(`racy ${path}`);

  const cache: [string, number][] = [];
  const addEntry = (id: Uint8Array, required: boolean): void => {
    const e = r.cache.get(id);
    if (!e) {
      if (required) throw new NoStamp('cache entry missing');
      return;
    }
    cache.push([r.cache.fileName(id, 'a'), -1]);
    cache.push([r.cache.outputFile(e.outputID), e.size]);
  };
  const targets: [string, string][] = [];
  for (const a of actions) {
    if (a.mode === 'build' && a.actionID) {
      addEntry(a.actionID, true);
      addEntry(subkey(a.actionID, 'stdout'), false);
    } else if ((a.mode === 'link-install' || a.mode === 'build-install') && a.target !== '') {
      if (a.built !== a.target || a.buildID === '') throw new NoStamp(`target ${a.target} not built`);
      if (readBuildID(a.target) !== a.buildID) throw new NoStamp(`target ${a.target} build ID`);
      targets.push([a.target, a.buildID]);
    } else if (a.mode === 'build') {
      throw new NoStamp(`build of ${a.pkg?.importPath ?? '?'} without an action ID`);
    }
  }
  return { v: STAMP_VERSION, fps: [...inp.fps], cache, targets };
}

/** Watches a command's output: a stamp is recorded only for a build that printed nothing. */
export function watchOutput(streams: Writable[]): { printed(): boolean; stop(): void } {
  let printed = false;
  const all = [...new Set([...streams, process.stdout, process.stderr])];
  const saved = all.map((w) => w.write);
  for (const w of all) {
    const orig = w.write;
    // Writable.write is overloaded; forward whatever arguments it was given.
    w.write = function (this: Writable, ...a: unknown[]): boolean {
      const chunk = a[0];
      if (chunk !== undefined && (chunk as { length?: number }).length !== 0) printed = true;
      return (orig as (...x: unknown[]) => boolean).apply(this, a);
    } as Writable['write'];
  }
  return {
    printed: () => printed,
    stop: () => { all.forEach((w, i) => { w.write = saved[i]!; }); },
  };
}
