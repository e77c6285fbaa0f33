// Start-up through a V8 code cache. gocmd is one CommonJS bundle (dist/gocmd-main.cjs, ~1 MB) run by a tiny
// launcher (dist/gocmd.cjs, see launcher.ts) that compiles it with the V8 code cache of an earlier run, so a
// start-up deserializes the functions it needs instead of parsing the whole bundle. That halves the start-up
// cost of a no-op build (Node 20 has no built-in compile cache; module.enableCompileCache is Node 22).
//
// Imports only node builtins that a CommonJS start-up has loaded anyway (and cache/atomic, which imports no
// more): this code runs before anything.
import { isAscii } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { writeBytesAtomic } from '../cache/atomic.js';
import { mkdirAll } from '../base/mkdirall.js';
import { setCodeCacheStatus } from '../base/v8flags.js';
import { skipLeadingChdir } from './chdirarg.js';

/**
 * The bundle's first line: this tag and the SHA-256 (hex) of the bundle, written by scripts/bundle.mjs. A
 * cache names the bundle it was made from by that hash: V8 checks a cache against the source's length, not
 * its content, so a cache must never be offered to a different bundle.
 */
export const BUNDLE_TAG = '// gocmd-bundle ';

/** A cache file: this magic line, the bundle's hash and a newline, then V8's data. */
const CACHE_MAGIC = 'gocmd-v8-code-cache\n';

/** The bundle's hash from its first line; undefined when the line is missing or malformed. */
export function bundleID(source: string): string | undefined {
  if (!source.startsWith(BUNDLE_TAG)) return undefined;
  const id = source.slice(BUNDLE_TAG.length, BUNDLE_TAG.length + 64);
  return /^[0-9a-f]{64}$/.test(id) && source[BUNDLE_TAG.length + 64] === '\n' ? id : undefined;
}

/** A cache file's contents for bundle id. */
export function encodeCache(id: string, data: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from(CACHE_MAGIC + id + '\n', 'latin1'), data]);
}

/** V8's data in a cache file, or undefined when the file is not a cache for bundle id. */
export function decodeCache(file: Buffer, id: string): Buffer | undefined {
  const head = CACHE_MAGIC + id + '\n';
  if (file.length <= head.length || file.toString('latin1', 0, head.length) !== head) return undefined;
  return file.subarray(head.length);
}

/**
 * The command families that have a code cache of their own, by the command word that starts them: a cache
 * holds the functions compiled by the run that made it, and one made for all commands costs every start-up
 * the deserializing of code it does not run (~0.5 ms per 100 KB), while a cache that lacks a command's code
 * leaves it to be compiled from source at each run. `env`, the module commands (`mod` and `list -m`, which
 * loads the module graph) and package `list` each have theirs; every other command shares the default one.
 */
const CACHE_FAMILIES: Readonly<Record<string, string>> = { env: 'env', mod: 'mod', list: 'list' };

/** go list's -m flag, in each spelling go's flag parsing takes. */
const LIST_M = new Set(['-m', '--m', '-m=true', '--m=true']);

/**
 * The code cache family of a command line (its command word, as go takes it; go's -C dir may come first):
 * '' for the default cache.
 */
export function cacheFamily(args: readonly string[]): string {
  const [word = '', ...rest] = skipLeadingChdir(args);
  const family = CACHE_FAMILIES[word] ?? '';
  // go list -m loads the module graph, as mod graph does; go list of packages runs the package loader,
  // the staleness checks and list's JSON, a cache of its own.
  return family === 'list' && rest.some((a) => LIST_M.has(a)) ? 'mod' : family;
}

/**
 * Where the cache of a family for bundle id may live, in order: beside the bundle, then (for an install the
 * user cannot write, such as a global npm install by root) under the user's cache directory, one file per
 * bundle and family.
 */
export function cachePaths(distDir: string, id: string, env: NodeJS.ProcessEnv, family = ''): string[] {
  const suffix = family === '' ? '' : `.${family}`;
  const out = [join(distDir, `gocmd-main.cjs${suffix}.cache`)];
  const base = env['XDG_CACHE_HOME'] || (env['HOME'] ? join(env['HOME'], '.cache') : '');
  if (base !== '') out.push(join(base, 'gocmd', `v8-${id.slice(0, 32)}${family === '' ? '' : '-' + family}.cache`));
  return out;
}

/** Saves a cache at the first of paths that can be written; false when none could. */
export function saveCache(paths: readonly string[], id: string, data: Uint8Array): boolean {
  const contents = encodeCache(id, data);
  for (const p of paths) {
    try {
      mkdirAll(join(p, '..'));
      // Temp file and rename: a concurrent start-up reads the old cache or the new, never half of one.
      writeBytesAtomic(p, contents, 0o644);
      return true;
    } catch {
      // Read-only install or home: try the next place, or run without a cache.
    }
  }
  return false;
}

/** The first cache among paths made for bundle id. */
export function loadCache(paths: readonly string[], id: string): Buffer | undefined {
  for (const p of paths) {
    let file: Buffer;
    try {
      file = readFileSync(p);
    } catch {
      continue;
    }
    const data = decodeCache(file, id);
    if (data !== undefined) return data;
  }
  return undefined;
}

/**
 * The bundle's text. scripts/bundle.mjs writes it as pure ASCII, which is read as latin1: a copy, where
 * decoding ~2 MB of UTF-8 costs 20-60 ms of start-up. Any other bytes (a bundle made otherwise) are UTF-8.
 */
export function bundleText(data: Buffer): string {
  return data.toString(hasBundleTag(data) || isAscii(data) ? 'latin1' : 'utf8');
}

/**
 * Whether data starts with the tag line scripts/bundle.mjs writes, which it does only after making the
 * text ASCII: such a bundle needs no isAscii scan, whose first call costs ~3 ms of CPU at every start-up.
 */
export function hasBundleTag(data: Buffer): boolean {
  const n = BUNDLE_TAG.length + 65;
  return data.length >= n && bundleID(data.toString('latin1', 0, n)) !== undefined;
}

/** The CommonJS wrapper node puts around a module's source. */
const WRAP_HEAD = '(function (exports, require, module, __filename, __dirname) { ';
const WRAP_TAIL = '\n});';

/**
 * Runs the bundle distDir/gocmd-main.cjs as a CommonJS module, compiled with the code cache of the command's
 * family (cacheFamily of args) when there is one. When there was none (or V8 refused it: another node
 * version, other V8 flags), the cache is made at exit, so that it holds the functions this run compiled.
 * GOCMD_CODECACHE=off neither reads nor writes it; GOCMD_CODECACHE=train (scripts/bundle.mjs) does not read
 * it and makes it anew at exit. Says whether a cache was used, is to be made at exit, or is off (or the
 * bundle has no tag line).
 */
export function launch(
  distDir: string, req: NodeJS.Require, env: NodeJS.ProcessEnv = process.env,
  atExit: (f: () => void) => void = (f) => { process.once('exit', f); },
  args: readonly string[] = process.argv.slice(2),
): 'used' | 'made' | 'off' {
  const file = join(distDir, 'gocmd-main.cjs');
  const source = bundleText(readFileSync(file));
  const mode = env['GOCMD_CODECACHE'];
  const id = mode === 'off' ? undefined : bundleID(source);
  const paths = id === undefined ? [] : cachePaths(distDir, id, env, cacheFamily(args));
  // A training run (codecachetrain.ts) starts from nothing, so that the cache it makes holds what it ran.
  const cachedData = id === undefined || mode === 'train' ? undefined : loadCache(paths, id);
  const script = new Script(WRAP_HEAD + source + WRAP_TAIL, {
    filename: file,
    ...(cachedData !== undefined ? { cachedData } : {}),
    // No importModuleDynamically: the bundle has no import() (scripts/bundle.mjs checks), and node's
    // USE_MAIN_CONTEXT_DEFAULT_LOADER is lost when V8 compiles from a code cache (Node 20), so it would
    // have made an import() work on a run without a cache and fail on the next.
  });
  if (id !== undefined && (cachedData === undefined || script.cachedDataRejected === true)) {
    atExit(() => {
      try {
        saveCache(paths, id, script.createCachedData());
      } catch {
        // The cache only saves time.
      }
    });
  }
  const status = id === undefined ? 'off' : cachedData !== undefined && script.cachedDataRejected !== true ? 'used' : 'made';
  // For the bundle: whether V8 flags may change in this process (base/v8flags.ts) without spoiling the
  // cache made at exit, which records the flags it was compiled under.
  setCodeCacheStatus(status);
  const mod = { exports: {} };
  // The compiled wrapper is the function above; its type is not known to vm.
  const fn = script.runInThisContext() as (e: object, r: NodeJS.Require, m: object, f: string, d: string) => void;
  fn.call(mod.exports, mod.exports, req, mod, file, distDir);
  return status;
}
