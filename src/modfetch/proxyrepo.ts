// A module "repository" served by a GOPROXY URL: @v/list, .info, .mod, .zip and @latest.
import { canonicalVersion, escapePath, escapeVersion, check, InvalidVersionError, ModuleError } from '../lib/module.js';
import { isPseudoVersion, pseudoVersionTime } from '../lib/pseudo.js';
import * as semver from '../lib/semver.js';
import { isNotExist, NotExistError } from './errors.js';
import { MAX_ZIP_FILE } from './modzip.js';
import { parseRevInfo, type Origin, type RevInfo, type Versions } from './revinfo.js';
import type { Web } from './web.js';

/** The operations modfetch needs from a module source. */
export interface Repo {
  modulePath(): string;
  versions(prefix: string): Promise<string[]>;
  stat(rev: string): Promise<RevInfo>;
  latest(): Promise<RevInfo>;
  goMod(version: string): Promise<Buffer>;
  zip(version: string): Promise<Buffer>;
  /** The versions with the origin that validates them (absent: the list alone, no origin). */
  versionsInfo?(prefix: string): Promise<Versions>;
  /** go's CheckReuse: resolves when old still holds (absent: reuse cannot be confirmed). */
  checkReuse?(old: Origin): Promise<void>;
}

/** go's errProxyReuse: a proxy serves version metadata cheaply, so old results are never reused. */
export const PROXY_NO_REUSE = 'proxy does not support CheckReuse';

/** A Repo whose every operation fails with err. */
export class ErrRepo implements Repo {
  constructor(
    private readonly path: string,
    private readonly err: Error,
  ) {}
  modulePath(): string {
    return this.path;
  }
  versions(): Promise<string[]> {
    return Promise.reject(this.err);
  }
  stat(): Promise<RevInfo> {
    return Promise.reject(this.err);
  }
  latest(): Promise<RevInfo> {
    return Promise.reject(this.err);
  }
  goMod(): Promise<Buffer> {
    return Promise.reject(this.err);
  }
  zip(): Promise<Buffer> {
    return Promise.reject(this.err);
  }
  checkReuse(): Promise<void> {
    return Promise.reject(this.err);
  }
}

/** go's pathEscape: url.PathEscape (which leaves only letters, digits, "-._~" and "$&+:=@"), keeping "/" as is. */
function pathEscape(s: string): string {
  return s.replace(/[^A-Za-z0-9\-._~$&+:=@/]/g, (c) =>
    [...Buffer.from(c, 'utf8')].map((b) => '%' + b.toString(16).toUpperCase().padStart(2, '0')).join(''),
  );
}

export class ProxyRepo implements Repo {
  private readonly base: URL;
  private listLatest?: Promise<RevInfo>;

  constructor(
    baseURL: string,
    private readonly path: string,
    private readonly web: Web,
  ) {
    const u = new URL(baseURL);
    u.pathname = u.pathname.replace(/\/$/, '') + '/' + pathEscape(escapePath(path));
    this.base = u;
  }

  modulePath(): string {
    return this.path;
  }

  /** Wraps err as a ModuleError for this module (an InvalidVersionError for non-canonical versions). */
  private versionError(version: string, err: Error): Error {
    if (version !== '' && version !== canonicalVersion(version)) {
      return new ModuleError(this.path, '', new InvalidVersionError(version, err, isPseudoVersion(version)));
    }
    return new ModuleError(this.path, version, err);
  }

  private url(rel: string): URL {
    const u = new URL(this.base.href);
    u.pathname = this.base.pathname + '/' + pathEscape(rel);
    return u;
  }

  private get(rel: string, limit?: number): Promise<Buffer> {
    return this.web.getBytes(this.url(rel), { limit });
  }

  async versions(prefix: string): Promise<string[]> {
    let data: Buffer;
    try {
      data = await this.get('@v/list');
    } catch (e) {
      const err = this.versionError('', e as Error);
      this.listLatest ??= Promise.reject(err);
      this.listLatest.catch(() => undefined);
      throw err;
    }
    const lines = data.toString('utf8').split('\n');
    const list: string[] = [];
    for (const line of lines) {
      const f = line.split(/\s+/).filter((x) => x !== '');
      if (f.length >= 1 && semver.isValid(f[0]!) && f[0]!.startsWith(prefix) && !isPseudoVersion(f[0]!)) list.push(f[0]!);
    }
    this.listLatest ??= this.latestFromList(lines);
    this.listLatest.catch(() => undefined);
    return semver.sort(list);
  }

  private fromList(): Promise<RevInfo> {
    this.listLatest ??= (async () => {
      let data: Buffer;
      try {
        data = await this.get('@v/list');
      } catch (e) {
        throw this.versionError('', e as Error);
      }
      return this.latestFromList(data.toString('utf8').split('\n'));
    })();
    return this.listLatest;
  }

  private async latestFromList(lines: string[]): Promise<RevInfo> {
    let bestTime = -Infinity;
    let bestVersion = '';
    for (const line of lines) {
      const f = line.split(/\s+/).filter((x) => x !== '');
      if (f.length < 1 || !semver.isValid(f[0]!)) continue;
      let t: number;
      if (f.length >= 2) {
        t = Date.parse(f[1]!);
        if (Number.isNaN(t)) t = -62135596800000; // go's zero time
      } else if (isPseudoVersion(f[0]!)) {
        try {
          t = pseudoVersionTime(f[0]!).getTime();
        } catch {
          t = -62135596800000;
        }
      } else {
        continue;
      }
      if (bestTime < t) {
        bestTime = t;
        bestVersion = f[0]!;
      }
    }
    if (bestVersion === '') throw this.versionError('', new NotExistError('no commits'));
    return this.stat(bestVersion);
  }

  async stat(rev: string): Promise<RevInfo> {
    let enc: string;
    try {
      enc = escapeVersion(rev);
    } catch (e) {
      throw this.versionError(rev, e as Error);
    }
    let data: Buffer;
    try {
      data = await this.get(`@v/${enc}.info`);
    } catch (e) {
      throw this.versionError(rev, e as Error);
    }
    let info: RevInfo;
    try {
      info = parseRevInfo(data);
    } catch (e) {
      throw this.versionError(rev, new Error(`invalid response from proxy ${JSON.stringify(redactBase(this.base, this.path))}: ${(e as Error).message}`, { cause: e }));
    }
    if (info.version !== rev && rev === canonicalVersion(rev) && check(this.path, rev) === undefined) {
      throw this.versionError(rev, new Error(`proxy returned info for version ${info.version} instead of requested version`));
    }
    return info;
  }

  async latest(): Promise<RevInfo> {
    let data: Buffer;
    try {
      data = await this.get('@latest');
    } catch (e) {
      if (!isNotExist(e)) throw this.versionError('', e as Error);
      return this.fromList();
    }
    try {
      return parseRevInfo(data);
    } catch (e) {
      throw this.versionError('', new Error(`invalid response from proxy ${JSON.stringify(redactBase(this.base, this.path))}: ${(e as Error).message}`, { cause: e }));
    }
  }

  async goMod(version: string): Promise<Buffer> {
    if (version !== canonicalVersion(version)) throw this.versionError(version, new Error('internal error: version passed to GoMod is not canonical'));
    let enc: string;
    try {
      enc = escapeVersion(version);
    } catch (e) {
      throw this.versionError(version, e as Error);
    }
    try {
      return await this.get(`@v/${enc}.mod`);
    } catch (e) {
      throw this.versionError(version, e as Error);
    }
  }

  async zip(version: string): Promise<Buffer> {
    if (version !== canonicalVersion(version)) throw this.versionError(version, new Error('internal error: version passed to Zip is not canonical'));
    let enc: string;
    try {
      enc = escapeVersion(version);
    } catch (e) {
      throw this.versionError(version, e as Error);
    }
    let data: Buffer;
    try {
      data = await this.get(`@v/${enc}.zip`, MAX_ZIP_FILE);
    } catch (e) {
      throw this.versionError(version, e as Error);
    }
    if (data.length > MAX_ZIP_FILE) throw this.versionError(version, new Error('downloaded zip file too large'));
    return data;
  }
}

/** The proxy base URL (without the module path), as go quotes it in "invalid response" errors. */
function redactBase(u: URL, path: string): string {
  const c = new URL(u.href);
  const suffix = '/' + pathEscape(escapePath(path));
  if (c.pathname.endsWith(suffix)) c.pathname = c.pathname.slice(0, -suffix.length);
  if (c.password !== '') c.password = 'xxxxx';
  let s = c.href;
  if (s.endsWith('/') && !u.href.endsWith('/') && c.pathname === '/') s = s.slice(0, -1);
  return s;
}
