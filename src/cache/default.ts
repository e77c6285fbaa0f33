// The default cache: GOCACHE resolution (os.UserCacheDir()/go-build), README, and go's fatal messages when unusable.
import { statSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { Cache, CacheError } from './cache.js';
import { ProgCache } from './prog.js';
import { goPathErrorText } from '../lib/oserror.js';
import { mkdirAll } from '../base/mkdirall.js';

export type Getenv = (key: string) => string | undefined;

const envGetenv: Getenv = (k) => process.env[k];

/** The text go leaves in <GOCACHE>/README. */
export const CACHE_README = `This directory holds cached build artifacts from the Go build system.
Run "go clean -cache" if the directory is getting too large.
Run "go clean -fuzzcache" to delete the fuzz cache.
See go.dev to learn more about Go.
`;

/** os.UserCacheDir on Unix-like systems (darwin uses ~/Library/Caches). */
export function userCacheDir(getenv: Getenv = envGetenv, platform: NodeJS.Platform = process.platform): string | Error {
  if (platform === 'win32') {
    const d = getenv('LocalAppData');
    return d ? d : new Error('%LocalAppData% is not defined');
  }
  if (platform === 'darwin') {
    const h = getenv('HOME');
    return h ? h + '/Library/Caches' : new Error('$HOME is not defined');
  }
  const x = getenv('XDG_CACHE_HOME');
  if (!x) {
    const h = getenv('HOME');
    return h ? h + '/.cache' : new Error('neither $XDG_CACHE_HOME nor $HOME are defined');
  }
  if (!isAbsolute(x)) return new Error('path in $XDG_CACHE_HOME is relative');
  return x;
}

export interface DefaultDir {
  /** The effective GOCACHE, or "off". */
  dir: string;
  /** Whether it differs from $GOCACHE. */
  changed: boolean;
  /** Why the cache is "off", when it is not by explicit choice. */
  err?: Error;
}

/**
 * cache.DefaultDir: the effective GOCACHE. `getenv` should be cfg's lookup (environment, then the go env file);
 * GOCACHE must be absolute or "off".
 */
export function defaultDir(getenv: Getenv = envGetenv, platform: NodeJS.Platform = process.platform): DefaultDir {
  const u = userCacheDir(getenv, platform);
  let res: DefaultDir = u instanceof Error
    ? { dir: 'off', changed: false, err: new Error(`GOCACHE is not defined and ${u.message}`) }
    : { dir: join(u, 'go-build'), changed: false };
  const v = getenv('GOCACHE');
  if (v) {
    res = { dir: v, changed: v !== res.dir };
    if (!isAbsolute(v) && v !== 'off') res = { dir: 'off', changed: res.changed, err: new Error('GOCACHE is not an absolute path') };
  }
  return res;
}

/**
 * Opens the default cache as go's initDefaultCache does, throwing CacheError with go's fatal text
 * ("build cache is disabled by GOCACHE=off, but required as of Go 1.12", ...). Callers print it prefixed by "go: ".
 */
export function openDefaultCache(getenv: Getenv = envGetenv): Cache {
  const { dir, err } = defaultDir(getenv);
  if (err) throw new CacheError(`build cache is required, but could not be located: ${err.message}`);
  if (dir === 'off') throw new CacheError('build cache is disabled by GOCACHE=off, but required as of Go 1.12');
  try {
    mkdirAll(dir, 0o777);
  } catch (e) {
    throw new CacheError(`failed to initialize build cache at ${dir}: ${goPathErrorText(e).replace(/^\w+ /, 'mkdir ')}\n`);
  }
  try {
    statSync(join(dir, 'README'));
  } catch {
    try {
      writeFileSync(join(dir, 'README'), CACHE_README, { mode: 0o666 });
    } catch {
      // Best effort.
    }
  }
  let disk: Cache;
  try {
    disk = Cache.open(dir);
  } catch (e) {
    throw new CacheError(`failed to initialize build cache at ${dir}: ${(e as Error).message}\n`);
  }
  const prog = getenv('GOCACHEPROG');
  if (prog) return ProgCache.start(disk, prog);
  return disk;
}

let theDefault: Cache | undefined;

/** Forgets the process-wide cache, so the next use opens it from the environment again (resident server). */
export function forgetDefaultCache(): void {
  theDefault = undefined;
}

/** cache.Default: the process-wide cache, opened once. */
export function defaultCache(getenv: Getenv = envGetenv): Cache {
  theDefault ??= openDefaultCache(getenv);
  return theDefault;
}
