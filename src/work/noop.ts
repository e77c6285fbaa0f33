// The whole-build no-op fast path, its second half: recording the stamp after a quiet, successful build. The
// stamp's name and the check that uses it are in noopcheck.ts, which is all a fast no-op loads; this module
// loads with the build itself.
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import type { Cache } from '../cache/cache.js';
import { subkey } from '../cache/hash.js';
import { writeBytesAtomic } from '../cache/atomic.js';
import { trimSideDir } from '../cache/sidetrim.js';
import type { Package } from '../load/types.js';
import { actionList, type Action } from './action.js';
import { readBuildID } from './buildidread.js';
import { gocmdFiles, HOUR_MS, STAMP_VERSION, type NoopStamp, type Stamp } from './noopcheck.js';
import { isRacy, RACY_MS } from './noopfp.js';
import { collectInputs, NoStamp } from './noopinputs.js';
import { mkdirAll } from '../base/mkdirall.js';

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
  return writeStamp(s, data);
}

/** Stores a stamp's JSON text under its name; returns why not (a read-only or full cache only costs the fast path). */
export function writeStamp(s: NoopStamp, data: string): string | undefined {
  try {
    mkdirAll(join(s.config.gocache, 'gocmd-noop'));
    writeBytesAtomic(s.file, data);
    trimStamps(join(s.config.gocache, 'gocmd-noop'), Date.now());
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/**
 * Removes stamps unused for 5 days, at most once a day (recorded in trim.txt), as the cache trims its
 * entries; stamps accumulate one per distinct command, directory and environment.
 */
export function trimStamps(dir: string, nowMs: number): void {
  trimSideDir(dir, nowMs, (_file, mtimeMs) => nowMs - mtimeMs > 5 * 24 * HOUR_MS);
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
  // Outputs shared by many entries (every package's empty compiler output) are checked once.
  const outputs = new Set<string>();
  const addEntry = (id: Uint8Array, required: boolean): void => {
    const e = r.cache.getWritten(id);
    if (!e) {
      if (required) throw new NoStamp('cache entry missing');
      return;
    }
    cache.push([r.cache.fileName(id, 'a'), -1]);
    const out = r.cache.outputFile(e.outputID);
    if (!outputs.has(out)) cache.push([out, e.size]);
    outputs.add(out);
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
  return { v: STAMP_VERSION, fps: [...inp.fps], cache, targets, ...(s.resolved !== undefined ? { resolved: s.resolved } : {}) };
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
