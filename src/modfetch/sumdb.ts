// GOSUMDB: choosing and dialing the checksum database, and its files (GOPATH/pkg/sumdb, GOMODCACHE/cache/download/sumdb).
import { closeSync, fstatSync, ftruncateSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { matchPrefixPatterns, type Version } from '../lib/module.js';
import { newVerifier } from '../lib/note.js';
import { isNotExist, FatalError, NotExistError } from './errors.js';
import { withLock } from './lock.js';
import { errProxyOff, errUseProxy, tryProxies, type ProxySpec } from './proxylist.js';
import { SumDBClient, WriteConflictError, type SumDBOps } from './sumdbclient.js';
import type { Web } from './web.js';
import { writeDiskCache } from './cache.js';
import { mkdirAll } from '../base/mkdirall.js';

/**
 * The keys of well-known checksum databases, as "name" → "name+hash+key". They are read from the
 * toolchain's own source ($GOROOT/src/cmd/go/internal/modfetch/key.go) so that gocmd uses exactly
 * the keys the real go trusts, without copying them here.
 */
export function knownSumDBKeys(goroot: string): Map<string, string> {
  const m = new Map<string, string>();
  if (goroot === '') return m;
  let src: string;
  try {
    src = readFileSync(join(goroot, 'src/cmd/go/internal/modfetch/key.go'), 'utf8');
  } catch {
    return m;
  }
  for (const x of src.matchAll(/"([^"\s]+)"\s*:\s*"([^"\s]+)"/g)) m.set(x[1]!, x[2]!);
  return m;
}

/** Whether the checksum database must be consulted for mod (GOSUMDB not off, path not in GONOSUMDB). */
export function useSumDB(gosumdb: string, gonosumdb: string, mod: Version): boolean {
  return gosumdb !== 'off' && !matchPrefixPatterns(gonosumdb, mod.path);
}

export interface SumDBConfig {
  gosumdb: string;
  gonosumdb: string;
  goroot: string;
  /** GOPATH/pkg/sumdb ("" when GOPATH is unknown; gopathError says why). */
  sumdbDir: string;
  gopathError: string;
  /** GOMODCACHE/cache/download/sumdb */
  cacheDir: string;
}

export interface SumDBSpec {
  name: string;
  key: string;
  /** The explicit server URL from GOSUMDB's second field, if any. */
  url?: URL;
}

/** Parses GOSUMDB ("name", "name+hash+key" or "name+hash+key url"); throws go's errors. */
export function parseGOSUMDB(gosumdb: string, known: Map<string, string>): SumDBSpec {
  if (gosumdb === 'off') throw new Error('checksum database disabled by GOSUMDB=off');
  const key = gosumdb.split(/\s+/).filter((s) => s !== '');
  if (key.length >= 1) {
    const k = known.get(key[0]!);
    if (k) key[0] = k;
  }
  if (key.length === 0) throw new Error('missing GOSUMDB');
  if (key.length > 2) throw new Error('invalid GOSUMDB: too many fields');
  let name: string;
  try {
    name = newVerifier(key[0]!).name;
  } catch (e) {
    throw new Error(`invalid GOSUMDB: ${(e as Error).message}`);
  }
  let ok = !name.endsWith('/') && !/[?#@\s\\]/.test(name) && !name.includes('%');
  let host = '';
  try {
    const u = new URL('https://' + name);
    host = u.host;
    ok &&= u.search === '' && u.hash === '' && u.username === '';
  } catch {
    ok = false;
  }
  if (!ok || host === '') throw new Error(`invalid sumdb name (must be host[/path]): ${name}`);
  const spec: SumDBSpec = { name, key: key[0]! };
  if (key.length >= 2) {
    try {
      spec.url = new URL(key[1]!);
    } catch {
      throw new Error(`invalid GOSUMDB URL: parse ${JSON.stringify(key[1])}: invalid URL`);
    }
  }
  return spec;
}

/** Joins a path onto a base URL (web.Join). */
export function joinURL(base: URL, path: string): URL {
  const u = new URL(base.href);
  if (path === '') return u;
  u.pathname = base.pathname.replace(/\/$/, '') + '/' + path.replace(/^\//, '');
  return u;
}

/** The file operations and server access of the checksum database client. */
export class SumDBFiles implements SumDBOps {
  private base?: Promise<URL>;
  constructor(
    private readonly spec: SumDBSpec,
    private readonly cfg: SumDBConfig,
    private readonly web: Web,
    private readonly proxies: () => ProxySpec[],
  ) {}

  /** Where to reach the database: the explicit URL, else the first proxy that supports it, else direct. */
  private baseURL(): Promise<URL> {
    this.base ??= (async () => {
      if (this.spec.url) return this.spec.url;
      let found: URL | undefined;
      try {
        await tryProxies(this.proxies(), async (proxy) => {
          if (proxy === 'noproxy') throw errUseProxy();
          if (proxy === 'direct' || proxy === 'off') throw errProxyOff();
          const p = new URL(proxy);
          await this.web.getBytes(joinURL(p, `sumdb/${this.spec.name}/supported`));
          found = joinURL(p, `sumdb/${this.spec.name}`);
        });
      } catch (e) {
        if (!isNotExist(e)) throw e;
      }
      return found ?? new URL('https://' + this.spec.name);
    })();
    return this.base;
  }

  async readRemote(path: string): Promise<Buffer> {
    return this.web.getBytes(joinURL(await this.baseURL(), path));
  }

  private configPath(file: string): string {
    if (this.cfg.sumdbDir === '') throw new Error(`could not locate sumdb file: missing $GOPATH: ${this.cfg.gopathError}`);
    return join(this.cfg.sumdbDir, file);
  }

  async readConfig(file: string): Promise<Buffer> {
    if (file === 'key') return Buffer.from(this.spec.key);
    const targ = this.configPath(file);
    try {
      return readFileSync(targ);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return Buffer.alloc(0);
      throw e;
    }
  }

  async writeConfig(file: string, old: Buffer, data: Buffer): Promise<void> {
    if (file === 'key') throw new Error('cannot write key');
    const targ = this.configPath(file);
    mkdirAll(dirname(targ));
    // lockedfile.Edit: go holds flock on the file itself while comparing and rewriting in place.
    await withLock(targ, () => {
      const fd = openSync(targ, 'r+');
      try {
        const size = fstatSync(fd).size;
        const cur = Buffer.alloc(size);
        if (size > 0) readSync(fd, cur, 0, size, 0);
        if (cur.length > 0 && !cur.equals(old)) throw new WriteConflictError();
        ftruncateSync(fd, 0);
        let off = 0;
        while (off < data.length) off += writeSync(fd, data, off, data.length - off, off);
      } finally {
        closeSync(fd);
      }
    });
  }

  async readCache(file: string): Promise<Buffer> {
    const targ = join(this.cfg.cacheDir, file);
    const data = readFileSync(targ);
    if (data.length === 0) throw new NotExistError(`read ${targ}: file does not exist`);
    return data;
  }

  async writeCache(file: string, data: Buffer): Promise<void> {
    // Cache files are immutable for a given name, so a temp file renamed into place is safe
    // against concurrent go readers (they see the old or the new inode, both complete).
    try {
      await writeDiskCache(join(this.cfg.cacheDir, file), data);
    } catch {
      // go ignores cache write errors
    }
  }

  securityError(msg: string): never {
    throw new FatalError(msg);
  }
}

/** A connected checksum database: its name and client. */
export interface SumDB {
  name: string;
  client: SumDBClient;
}

/** dbDial: parses GOSUMDB and builds the client (errors are returned per lookup, as go does). */
export function dialSumDB(cfg: SumDBConfig, web: Web, proxies: () => ProxySpec[]): SumDB {
  const spec = parseGOSUMDB(cfg.gosumdb, knownSumDBKeys(cfg.goroot));
  return { name: spec.name, client: new SumDBClient(new SumDBFiles(spec, cfg, web, proxies), cfg.gonosumdb) };
}
