// Opens GOCACHE for a build command, with go's fatal messages; GOCMD_REMOTE_CACHE puts a remote behind it.
import type { Config } from '../cfg/config.js';
import { ExitError } from '../base/errors.js';
import { Cache, CacheError, openDefaultCache, setHashSalt } from '../cache/index.js';
import { ProgCache } from '../cache/prog.js';
import { RemoteCache } from '../cache/remote.js';
import { remoteHelperPath, remoteSettings } from '../cache/remoteconfig.js';
import { openStatMemo } from '../cache/statmemo.js';
import { netrcPath, parseNetrc } from '../modfetch/netrc.js';
import { extraCertificates } from '../base/caroots.js';
import { existsSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The build cache; exits 1 with go's text when it is off or unusable. opts.remote false leaves
 * GOCMD_REMOTE_CACHE out (go env: its compiler probes are cheap to redo and must not wait on a network).
 */
export function openBuildCache(config: Config, opts: { remote?: boolean } = {}): Cache {
  // Action IDs are salted with the toolchain version, as go salts them with runtime.Version().
  if (config.goVersion) setHashSalt(config.goVersion);
  let c: Cache;
  try {
    c = openDefaultCache((k) => config.getenv(k) || undefined);
    // File hashes and tool IDs remembered across runs, keyed by stat (cache/statmemo.ts). GOROOT files are
    // checked like any other: go hashes their content too, trusting only a release GOROOT's package lists.
    openStatMemo(c.dir);
  } catch (e) {
    // go's cache.Default dies with base.Fatalf: the message alone, no "go: " prefix.
    if (e instanceof CacheError) throw new ExitError(e.message.replace(/\n$/, ''), 1);
    throw e;
  }
  // GOCACHEPROG wins: its program is the shared cache.
  if (c instanceof ProgCache || opts.remote === false) return c;
  const env = config.osEnv;
  const settings = remoteSettings((k) => env[k], (host) => netrcAuth(env, host));
  if (settings instanceof Error) throw new ExitError(`go: ${settings.message}`, 1);
  if (!settings) return c;
  const entry = process.argv[1];
  const helper = remoteHelperPath((k) => env[k], entry ? dirname(entry) : undefined, existsSync);
  // An https cache with a private CA is trusted the way module downloads are (base/caroots.ts).
  const extraCAs = settings.url.startsWith('https:') ? extraCertificates(env) : [];
  return RemoteCache.over(c, { ...settings, extraCAs, ...(helper !== undefined ? { helper } : {}), warn: (msg) => process.stderr.write(msg + '\n') });
}

/** Basic credentials for host from the netrc file go reads, if it has them. */
function netrcAuth(env: Readonly<Record<string, string | undefined>>, host: string): string | undefined {
  const file = netrcPath(env);
  if (file === '') return undefined;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const l = parseNetrc(text).find((x) => x.machine === host);
  return l ? 'Basic ' + Buffer.from(`${l.login}:${l.password}`).toString('base64') : undefined;
}
