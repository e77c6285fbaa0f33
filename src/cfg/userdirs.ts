// os.UserConfigDir / os.UserCacheDir / home directory, computed from an environment map (Unix rules).
import { join, isAbsolute } from 'node:path';

export type Env = Readonly<Record<string, string | undefined>>;

/** Result of a directory lookup: the directory, or go's error text. */
export type DirResult = { dir: string; err?: undefined } | { dir?: undefined; err: string };

function xdgDir(env: Env, goos: string, xdgVar: string, fallback: string, darwinSub: string): DirResult {
  if (goos === 'windows') {
    const v = xdgVar === 'XDG_CACHE_HOME' ? env.LocalAppData : env.AppData;
    const name = xdgVar === 'XDG_CACHE_HOME' ? '%LocalAppData%' : '%AppData%';
    return v ? { dir: v } : { err: `${name} is not defined` };
  }
  if (goos === 'darwin' || goos === 'ios') {
    const home = env.HOME;
    if (!home) return { err: '$HOME is not defined' };
    return { dir: join(home, 'Library', darwinSub) };
  }
  if (goos === 'plan9') {
    const home = env.home;
    if (!home) return { err: '$home is not defined' };
    return { dir: join(home, 'lib', xdgVar === 'XDG_CACHE_HOME' ? 'cache' : '') };
  }
  const v = env[xdgVar];
  if (v) {
    if (!isAbsolute(v)) return { err: `path in $${xdgVar} is relative` };
    return { dir: v };
  }
  const home = env.HOME;
  if (!home) return { err: `neither $${xdgVar} nor $HOME are defined` };
  return { dir: join(home, fallback) };
}

/** os.UserConfigDir for the host OS. */
export function userConfigDir(env: Env, goos: string): DirResult {
  return xdgDir(env, goos, 'XDG_CONFIG_HOME', '.config', 'Application Support');
}

/** os.UserCacheDir for the host OS. */
export function userCacheDir(env: Env, goos: string): DirResult {
  return xdgDir(env, goos, 'XDG_CACHE_HOME', '.cache', 'Caches');
}

/** The variable holding the home directory, as go/build's defaultGOPATH uses it. */
export function homeVar(goos: string): string {
  return goos === 'windows' ? 'USERPROFILE' : goos === 'plan9' ? 'home' : 'HOME';
}
