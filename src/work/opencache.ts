// Opens GOCACHE for a build command, with go's fatal messages.
import type { Config } from '../cfg/config.js';
import { ExitError } from '../cmd/command.js';
import { Cache, CacheError, openDefaultCache, setHashSalt } from '../cache/index.js';

/** The build cache; exits 1 with go's text when it is off or unusable. */
export function openBuildCache(config: Config): Cache {
  // Action IDs are salted with the toolchain version, as go salts them with runtime.Version().
  if (config.goVersion) setHashSalt(config.goVersion);
  try {
    return openDefaultCache((k) => config.getenv(k) || undefined);
  } catch (e) {
    if (e instanceof CacheError) throw new ExitError(`go: ${e.message.replace(/\n$/, '')}`, 1);
    throw e;
  }
}
