// Opens GOCACHE for a build command, with go's fatal messages.
import type { Config } from '../cfg/config.js';
import { ExitError } from '../cmd/command.js';
import { Cache, CacheError, openDefaultCache, setHashSalt } from '../cache/index.js';
import { openStatMemo } from '../cache/statmemo.js';

/** The build cache; exits 1 with go's text when it is off or unusable. */
export function openBuildCache(config: Config): Cache {
  // Action IDs are salted with the toolchain version, as go salts them with runtime.Version().
  if (config.goVersion) setHashSalt(config.goVersion);
  try {
    const c = openDefaultCache((k) => config.getenv(k) || undefined);
    // File hashes and tool IDs remembered across runs, keyed by stat (cache/statmemo.ts). GOROOT files are
    // checked like any other: go hashes their content too, trusting only a release GOROOT's package lists.
    openStatMemo(c.dir);
    return c;
  } catch (e) {
    // go's cache.Default dies with base.Fatalf: the message alone, no "go: " prefix.
    if (e instanceof CacheError) throw new ExitError(e.message.replace(/\n$/, ''), 1);
    throw e;
  }
}
