// The Fetcher: module downloads through GOPROXY into the module cache, checked against go.sum and the checksum database.
import { closeSync, ftruncateSync, openSync, writeSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync, chmodSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { hashGoMod, hashZip, hashZipEntries } from '../lib/dirhash.js';
import * as gover from '../lib/gover.js';
import { matchPrefixPatterns, ModuleError, versionError, type Version } from '../lib/module.js';
import { isPseudoVersion } from '../lib/pseudo.js';
import { readZip, type ZipEntry } from '../lib/zip.js';
import { CacheLayout, DownloadDirPartialError, readDiskCache, writeDiskCache, exists, errToolchain } from './cache.js';
import { FatalError, isNotExist, NotExistError } from './errors.js';
import { lockFile } from './lock.js';
import { makeDirsReadOnly, unzip } from './modzip.js';
import { DIRECT_UNSUPPORTED, errNoproxy, errProxyOff, errUseProxy, parseProxyList, tryProxies, type ProxySpec } from './proxylist.js';
import { ErrRepo, PROXY_NO_REUSE, ProxyRepo, type Repo } from './proxyrepo.js';
import { infoForDisk, marshalRevInfo, parseRevInfo, type Origin, type RevInfo, type Versions } from './revinfo.js';
import { infoMemo } from './infomemo.js';
import type { FetchSettings } from './settings.js';
import { dialSumDB, useSumDB, type SumDB } from './sumdb.js';
import { GoSumState, type SumOverlay } from './sumstate.js';
import { Web, type Interception } from './web.js';
import { CodeRepoModule } from './coderepo.js';
import { GitRepo } from './codehost/git.js';
import { openOtherVCS } from './codehost/othervcs.js';
import type { CodeRepo } from './codehost/codehost.js';
import { repoRootForImportPath, type RootOptions } from './vcs/reporoot.js';
import { mkdirAll } from '../base/mkdirall.js';

const sumdbMismatch = `

SECURITY ERROR
This download does NOT match the one reported by the checksum server.
The bits may have been replaced on the origin server, or an attacker may
have intercepted the download attempt.

For more information, see 'go help module-auth'.
`;

const sumdbAbsent = `

SECURITY ERROR
This download does NOT match one reported by the checksum server.
The checksum server has provided checksums, but the checksums do
not contain an entry for the download.
The checksum server may be malfunctioning, or an attacker may have
intercepted the checksum request.
The download cannot be verified.

For more information, see 'go help module-auth'.
`;

export { DIRECT_UNSUPPORTED };

const modKey = (m: Version): string => `${m.path}@${m.version}`;

/** isValidSum: a .ziphash holds exactly "h1:" + base64(sha256) and no NUL bytes. */
export function isValidSum(data: Buffer): boolean {
  return !data.includes(0) && data.length === 3 + 44;
}

/** Memoizes async results by key (go's par.ErrCache). */
class Memo<T> {
  private readonly m = new Map<string, Promise<T>>();
  do(key: string, f: () => Promise<T>): Promise<T> {
    let p = this.m.get(key);
    if (!p) {
      p = f();
      this.m.set(key, p);
      p.catch(() => undefined);
    }
    return p;
  }
}

/** cachingRepo: a Repo with in-memory memoization and the on-disk .info/.mod cache. */
class CachingRepo implements Repo {
  private r?: Repo;
  private readonly versionsMemo = new Memo<Versions>();
  private readonly statMemo = new Memo<RevInfo>();
  private readonly latestMemo = new Memo<RevInfo>();
  private readonly gomodMemo = new Memo<Buffer>();

  constructor(
    private readonly f: Fetcher,
    private readonly path: string,
    private readonly init: () => Repo,
  ) {}

  private repo(): Repo {
    if (!this.r) {
      try {
        this.r = this.init();
      } catch (e) {
        this.r = new ErrRepo(this.path, e as Error);
      }
    }
    return this.r;
  }

  modulePath(): string {
    return this.path;
  }

  async versions(prefix: string): Promise<string[]> {
    return (await this.versionsInfo(prefix)).list;
  }

  async versionsInfo(prefix: string): Promise<Versions> {
    const v = await this.versionsMemo.do(prefix, async () => {
      const r = this.repo();
      return r.versionsInfo ? r.versionsInfo(prefix) : { list: await r.versions(prefix) };
    });
    return { list: [...v.list], ...(v.origin ? { origin: { ...v.origin } } : {}) };
  }

  /** Not memoized (go's cachingRepo passes CheckReuse through). */
  checkReuse(old: Origin): Promise<void> {
    const r = this.repo();
    return r.checkReuse ? r.checkReuse(old) : Promise.reject(new Error(PROXY_NO_REUSE));
  }

  async stat(rev: string): Promise<RevInfo> {
    const info = await this.statMemo.do(rev, async () => {
      const disk = this.f.readDiskStat(this.path, rev);
      if (disk) return disk.info;
      const info = await this.repo().stat(rev);
      let file = '';
      try {
        file = this.f.cache.cachePath({ path: this.path, version: info.version }, 'info');
      } catch {
        // not a cacheable version
      }
      if (info.version !== rev) this.statMemo.do(info.version, async () => info);
      try {
        await this.f.writeDiskStat(file, info);
      } catch (e) {
        this.f.settings.stderr(`go: writing stat cache: ${(e as Error).message}\n`);
      }
      return info;
    });
    return { ...info };
  }

  async latest(): Promise<RevInfo> {
    const info = await this.latestMemo.do('', async () => {
      const info = await this.repo().latest();
      this.statMemo.do(info.version, async () => info);
      if (!this.f.readDiskStat(this.path, info.version)) {
        try {
          await this.f.writeDiskStat(this.f.cache.cachePath({ path: this.path, version: info.version }, 'info'), info);
        } catch {
          // best effort
        }
      }
      return info;
    });
    return { ...info };
  }

  async goMod(version: string): Promise<Buffer> {
    const text = await this.gomodMemo.do(version, async () => {
      const disk = await this.f.readDiskGoMod(this.path, version);
      if (disk.data) return disk.data;
      const text = await this.repo().goMod(version);
      await this.f.checkGoMod(this.path, version, text);
      try {
        await writeDiskCache(disk.file, text);
      } catch (e) {
        this.f.settings.stderr(`go: writing go.mod cache: ${(e as Error).message}\n`);
      }
      return text;
    });
    return Buffer.from(text);
  }

  zip(version: string): Promise<Buffer> {
    return this.repo().zip(version);
  }
}

/** A zip this run downloaded and verified: its bytes and each file's decompressed, checked data by entry name. */
interface VerifiedZip {
  zip: Buffer;
  contents: Map<string, Buffer>;
  /** Bytes held (zip and contents), set when kept. */
  size?: number;
}

/** How many bytes of verified zips a Fetcher holds for extraction at most (a module zip is at most 500 MiB). */
const VERIFIED_BUDGET = 256 << 20;

/** Downloads modules and keeps the module cache and go.sum state for one command run. */
export class Fetcher {
  readonly cache: CacheLayout;
  readonly web: Web;
  readonly sums: GoSumState;
  private proxiesMemo?: { list?: ProxySpec[]; err?: Error };
  private readonly lookupMemo = new Map<string, CachingRepo>();
  private readonly downloadMemo = new Memo<string>();
  private readonly zipMemo = new Memo<string>();
  /** Zips this run downloaded and verified, decompressed, until unzipLocked extracts them (see keepVerified). */
  private readonly verified = new Map<string, VerifiedZip>();
  private verifiedBytes = 0;
  private sumdb?: { db?: SumDB; err?: Error };

  constructor(
    readonly settings: FetchSettings,
    sums?: { goSumFile: string; workspaceGoSumFiles?: string[]; tidy?: boolean; overlay?: SumOverlay },
  ) {
    this.cache = new CacheLayout(settings.gomodcache);
    this.web = new Web({
      env: settings.env,
      goauth: settings.goauth,
      trace: settings.trace ? (l) => settings.stderr(l + '\n') : undefined,
      // A bad GOAUTH stops the command at once, as go's base.Fatalf does.
      fatal: (msg) => {
        settings.stderr(msg + '\n');
        process.exit(1);
      },
      intercept: settings.vcsTest ? vcsTestInterceptor(settings.vcsTest) : undefined,
    });
    this.sums = new GoSumState(sums?.goSumFile ?? '', sums?.workspaceGoSumFiles ?? [], sums?.tidy ?? false, settings.stderr, sums?.overlay);
  }

  // ---- proxies and repos ----------------------------------------------------------------------

  proxyList(): ProxySpec[] {
    if (!this.proxiesMemo) {
      try {
        this.proxiesMemo = { list: parseProxyList(this.settings.goproxy, this.settings.gonoproxy) };
      } catch (e) {
        this.proxiesMemo = { err: e as Error };
      }
    }
    if (this.proxiesMemo.err) throw this.proxiesMemo.err;
    return this.proxiesMemo.list!;
  }

  /** TryProxies over the configured GOPROXY list. */
  tryProxies(f: (proxy: string) => Promise<void>): Promise<void> {
    let list: ProxySpec[];
    try {
      list = this.proxyList();
    } catch (e) {
      return Promise.reject(e);
    }
    return tryProxies(list, f);
  }

  /** The Repo for path through proxy (a URL, "direct", "noproxy" or "off"). */
  lookup(proxy: string, path: string): CachingRepo {
    const key = `${proxy}\x00${path}`;
    let r = this.lookupMemo.get(key);
    if (!r) {
      r = new CachingRepo(this, path, () => this.lookupUncached(proxy, path));
      this.lookupMemo.set(key, r);
    }
    return r;
  }

  private lookupUncached(proxy: string, path: string): Repo {
    if (gover.isToolchain(path)) throw new Error(`${DIRECT_UNSUPPORTED} (toolchain module ${path})`);
    const direct = (): Repo => new DeferredRepo(path, this.lookupDirect(path));
    if (matchPrefixPatterns(this.settings.gonoproxy, path)) {
      if (proxy === 'noproxy' || proxy === 'direct') return direct();
      throw errNoproxy();
    }
    switch (proxy) {
      case 'off':
        return new ErrRepo(path, errProxyOff());
      case 'direct':
        return direct();
      case 'noproxy':
        throw errUseProxy();
      default:
        return new ProxyRepo(proxy, path, this.web);
    }
  }

  /** lookupDirect: the module's repository found from its path, opened in the VCS cache. */
  private async lookupDirect(path: string): Promise<Repo> {
    const st = this.settings;
    const secure = !matchPrefixPatterns(st.goinsecure, path);
    const trace = st.trace ? (l: string): void => st.stderr(l + '\n') : undefined;
    const opts: RootOptions = {
      web: this.web,
      env: st.env,
      govcs: st.govcs,
      goprivate: st.goprivate,
      pingDir: st.gomodcache,
      trace,
      vcsTest: st.vcsTest ? { repoURL: `http://${st.vcsTest.host}`, hosts: VCS_TEST_HOSTS } : undefined,
    };
    let rr;
    try {
      rr = await repoRootForImportPath(path, secure, opts);
    } catch (e) {
      // Nothing says where this path's code is: "not found", so a proxy list may go on.
      throw new NotExistError((e as Error).message, { cause: e });
    }
    if (rr.vcs === 'mod') return new ProxyRepo(rr.repo, path, this.web);
    let code: CodeRepo;
    if (rr.vcs === 'git') {
      code = await GitRepo.open(rr.repo, {
        gomodcache: st.gomodcache,
        env: st.env,
        trace,
        urlNotFound: async (u) => {
          try {
            await this.web.getBytes(new URL(u));
            return false;
          } catch (e) {
            return isNotExist(e);
          }
        },
      });
    } else {
      code = await openOtherVCS(rr.vcs, rr.repo, { gomodcache: st.gomodcache, env: st.env, trace });
    }
    return new CodeRepoModule(code, rr.root, rr.subDir, path, st.goVersion, st.tooNewExplain ?? '');
  }

  // ---- the .info and .mod disk cache ----------------------------------------------------------

  /** readDiskStat: the cached .info for path@rev, refreshed on disk if its encoding is stale. */
  readDiskStat(path: string, rev: string): { file: string; info: RevInfo } | undefined {
    if (gover.isToolchain(path)) return undefined;
    let file: string;
    try {
      file = this.cache.cachePath({ path, version: rev }, 'info');
    } catch {
      return undefined;
    }
    // A long-lived process may have read this file before (infomemo.ts): then only its stat is taken.
    const memo = infoMemo();
    const facts = memo ? memo.before(file) : '';
    const kept = memo?.get(file, facts);
    if (kept) return { file, info: kept };
    let data: Buffer;
    try {
      data = readFileSync(file);
    } catch {
      if (this.settings.goproxy === 'off') return this.readDiskStatByHash(path, rev);
      return undefined;
    }
    let info: RevInfo;
    try {
      info = parseRevInfo(data);
    } catch {
      return undefined;
    }
    const again = marshalRevInfo(info);
    if (again !== data.toString('utf8')) void writeDiskCache(file, again).catch(() => undefined);
    else memo?.put(file, facts, info);
    return { file, info };
  }

  /** With GOPROXY=off, a commit hash finds the newest cached pseudo-version for it. */
  private readDiskStatByHash(path: string, rev: string): { file: string; info: RevInfo } | undefined {
    if (!/^[0-9a-f]{12,}$/.test(rev)) return undefined;
    rev = rev.slice(0, 12);
    let names: string[];
    try {
      names = readdirSync(this.cache.versionDir(path));
    } catch {
      return undefined;
    }
    let best: { file: string; info: RevInfo } | undefined;
    let maxVersion = '';
    const suffix = `-${rev}.info`;
    for (const name of names) {
      if (!name.endsWith(suffix)) continue;
      const v = name.slice(0, -'.info'.length);
      if (isPseudoVersion(v) && (maxVersion === '' || gover.modCompare(path, v, maxVersion) > 0)) {
        maxVersion = v;
        best = this.readDiskStat(path, v);
      }
    }
    return best;
  }

  async writeDiskStat(file: string, info: RevInfo): Promise<void> {
    if (file === '') return;
    await writeDiskCache(file, marshalRevInfo(infoForDisk(info, isPseudoVersion(info.version))));
  }

  /** readDiskGoMod: the cached go.mod (checked against go.sum), or just its cache path. */
  async readDiskGoMod(path: string, rev: string): Promise<{ file: string; data?: Buffer }> {
    let file = '';
    try {
      file = this.cache.cachePath({ path, version: rev }, 'mod');
    } catch {
      return { file };
    }
    let data: Buffer;
    try {
      data = readDiskCache(file);
    } catch {
      return { file };
    }
    if (data.subarray(0, 10).toString('latin1') === '//vgo 0.0.') return { file };
    await this.checkGoMod(path, rev, data);
    return { file, data };
  }

  // ---- checksums ------------------------------------------------------------------------------

  /** checkGoMod: checks go.mod content against go.sum / the checksum database. */
  async checkGoMod(path: string, version: string, data: Buffer): Promise<void> {
    await this.checkModSum({ path, version: version + '/go.mod' }, hashGoMod(data));
  }

  /** checkModSum: accepts h for mod if go.sum lists it, else if the checksum database agrees. */
  async checkModSum(mod: Version, h: string): Promise<void> {
    if (this.sums.checkListed(mod, h)) return;
    if (useSumDB(this.settings.gosumdb, this.settings.gonosumdb, mod)) await this.checkSumDB(mod, h);
    this.sums.add(mod, h);
  }

  private db(): SumDB {
    if (!this.sumdb) {
      try {
        this.sumdb = { db: dialSumDB(
          { gosumdb: this.settings.gosumdb, gonosumdb: '', goroot: this.settings.goroot, sumdbDir: this.settings.sumdbDir, gopathError: this.settings.gopathError, cacheDir: this.cache.sumdbCacheDir() },
          this.web,
          () => this.proxyList(),
        ) };
      } catch (e) {
        this.sumdb = { err: e as Error };
      }
    }
    if (this.sumdb.err) throw this.sumdb.err;
    return this.sumdb.db!;
  }

  /** checkSumDB: the database must list exactly mod h. */
  private async checkSumDB(mod: Version, h: string): Promise<void> {
    let noun = 'module';
    const plain = { ...mod };
    if (mod.version.endsWith('/go.mod')) {
      noun = 'go.mod';
      plain.version = mod.version.slice(0, -'/go.mod'.length);
    }
    let db: SumDB;
    let lines: string[];
    try {
      db = this.db();
      lines = await db.client.lookup(mod.path, mod.version);
    } catch (e) {
      if (e instanceof FatalError) throw e;
      throw versionError(plain, new Error(`verifying ${noun}: ${(e as Error).message}`, { cause: e }));
    }
    const have = `${mod.path} ${mod.version} ${h}`;
    const prefix = `${mod.path} ${mod.version} h1:`;
    for (const line of lines) {
      if (line === have) return;
      if (line.startsWith(prefix)) {
        throw versionError(plain, new Error(`verifying ${noun}: checksum mismatch\n\tdownloaded: ${h}\n\t${db.name}: ${line.slice(prefix.length - 3)}` + sumdbMismatch));
      }
    }
    throw versionError(plain, new Error(`verifying ${noun}: checksum missing from sumdb response` + sumdbAbsent));
  }

  /**
   * hashZip: hashes the zip, checks the sum, then writes the .ziphash (not written on mismatch).
   * entries: the zip's parsed entries when the caller has them; contents then receives each file's data.
   */
  private async hashZipFile(mod: Version, zipfile: string, ziphashfile: string, entries?: readonly ZipEntry[], contents?: Map<string, Buffer>): Promise<void> {
    const h = entries ? hashZipEntries(entries, contents && ((e, d) => contents.set(e.name, d))) : hashZip(readFileSync(zipfile));
    await this.checkModSum(mod, h);
    // go writes the ziphash in place under an exclusive lock (lockedfile.Create); readers reject torn
    // content with isValidSum, so a plain in-place write is compatible.
    writeFileSync(ziphashfile, h);
  }

  /** checkMod: the cached zip's hash (from .ziphash) must agree with go.sum / the database; fatal if not. */
  async checkMod(mod: Version): Promise<void> {
    const fatal = (e: unknown): never => {
      if (e instanceof FatalError) throw e;
      throw new FatalError(`verifying ${versionError(mod, e as Error).message}`);
    };
    let ziphash = '';
    let data: Buffer;
    try {
      ziphash = this.cache.cachePath(mod, 'ziphash');
      data = readFileSync(ziphash);
    } catch (e) {
      return fatal(e);
    }
    const s = data.toString('latin1').trim();
    if (!isValidSum(Buffer.from(s, 'latin1'))) {
      try {
        await this.hashZipFile(mod, this.cache.cachePath(mod, 'zip'), ziphash);
      } catch (e) {
        fatal(e);
      }
      return;
    }
    if (!s.startsWith('h1:')) fatal(new Error(`unexpected ziphash: ${JSON.stringify(s)}`));
    try {
      await this.checkModSum(mod, s);
    } catch (e) {
      if (e instanceof FatalError) throw e;
      throw new FatalError((e as Error).message);
    }
  }

  /** Sum: the h1: hash of the cached zip (from .ziphash), or "". */
  sum(mod: Version): string {
    if (this.settings.gomodcache === '') return '';
    try {
      const data = Buffer.from(readFileSync(this.cache.cachePath(mod, 'ziphash'), 'latin1').trim(), 'latin1');
      return isValidSum(data) ? data.toString('latin1') : '';
    } catch {
      return '';
    }
  }

  haveSum(mod: Version): boolean {
    return this.sums.haveSum(mod);
  }

  recordedSum(mod: Version): string | undefined {
    return this.sums.recordedSum(mod);
  }

  // ---- queries --------------------------------------------------------------------------------

  /** InfoFile: the .info of path@version (fetched if needed) and its cache file. */
  async infoFile(path: string, version: string): Promise<{ info: RevInfo; file: string }> {
    if (!gover.modIsValid(path, version)) throw new Error(`invalid version ${JSON.stringify(version)}`);
    const disk = this.readDiskStat(path, version);
    if (disk) return disk;
    let info: RevInfo | undefined;
    await this.tryProxies(async (proxy) => {
      info = await this.lookup(proxy, path).stat(version);
    });
    return { info: info!, file: this.cache.cachePath({ path, version }, 'info') };
  }

  /** Stat through the proxies (any revision or query the proxy resolves). */
  async stat(path: string, rev: string): Promise<RevInfo> {
    let info: RevInfo | undefined;
    await this.tryProxies(async (proxy) => {
      info = await this.lookup(proxy, path).stat(rev);
    });
    return info!;
  }

  /** The latest version of path through the proxies. */
  async latest(path: string): Promise<RevInfo> {
    let info: RevInfo | undefined;
    await this.tryProxies(async (proxy) => {
      info = await this.lookup(proxy, path).latest();
    });
    return info!;
  }

  /** The tagged versions of path with the given prefix, through the proxies. */
  async versions(path: string, prefix = ''): Promise<string[]> {
    let list: string[] = [];
    await this.tryProxies(async (proxy) => {
      list = await this.lookup(proxy, path).versions(prefix);
    });
    return list;
  }

  /** The tagged versions of path with the given prefix and the origin that validates them, through the proxies. */
  async versionsInfo(path: string, prefix = ''): Promise<Versions> {
    let v: Versions = { list: [] };
    await this.tryProxies(async (proxy) => {
      v = await this.lookup(proxy, path).versionsInfo(prefix);
    });
    return v;
  }

  /** go's checkReuse for a module: whether old (from an earlier run) still holds, through the proxies. */
  async checkReuse(path: string, old: Origin): Promise<void> {
    await this.tryProxies(async (proxy) => {
      await this.lookup(proxy, path).checkReuse(old);
    });
  }

  /** GoMod: the go.mod of path@rev (rev resolved through the proxies when it is not a version). */
  async goMod(path: string, rev: string): Promise<Buffer> {
    if (!gover.modIsValid(path, rev)) {
      const disk = this.readDiskStat(path, rev);
      if (disk) rev = disk.info.version;
      else rev = (await this.stat(path, rev)).version;
    }
    const disk = await this.readDiskGoMod(path, rev);
    if (disk.data) return disk.data;
    let data: Buffer | undefined;
    await this.tryProxies(async (proxy) => {
      data = await this.lookup(proxy, path).goMod(rev);
    });
    return data!;
  }

  async goModFile(path: string, version: string): Promise<string> {
    if (!gover.modIsValid(path, version)) throw new Error(`invalid version ${JSON.stringify(version)}`);
    await this.goMod(path, version);
    return this.cache.cachePath({ path, version }, 'mod');
  }

  async goModSum(path: string, version: string): Promise<string> {
    if (!gover.modIsValid(path, version)) throw new Error(`invalid version ${JSON.stringify(version)}`);
    return hashGoMod(await this.goMod(path, version));
  }

  // ---- zips and extracted trees ---------------------------------------------------------------

  private lockVersion(mod: Version): Promise<() => Promise<void>> {
    const p = this.cache.cachePath(mod, 'lock');
    mkdirAll(dirname(p));
    return lockFile(p);
  }

  /** DownloadZip: the module's zip in the cache (downloaded, checked and hashed if missing). */
  downloadZip(mod: Version): Promise<string> {
    return this.zipMemo.do(modKey(mod), async () => {
      const zipfile = this.cache.cachePath(mod, 'zip');
      const ziphashfile = zipfile + 'hash';
      if (exists(zipfile) && exists(ziphashfile)) {
        if (!this.haveSum(mod)) await this.checkMod(mod);
        return zipfile;
      }
      if (this.settings.cmdName !== 'mod download') this.settings.stderr(`go: downloading ${downloadName(mod)}\n`);
      const unlock = await this.lockVersion(mod);
      try {
        await this.downloadZipLocked(mod, zipfile);
      } finally {
        await unlock();
      }
      return zipfile;
    });
  }

  private async downloadZipLocked(mod: Version, zipfile: string): Promise<void> {
    const ziphashfile = zipfile + 'hash';
    const zipExists = exists(zipfile);
    if (zipExists && exists(ziphashfile)) return;
    mkdirAll(dirname(zipfile));
    // Temp files left by earlier runs (safe to remove: we hold the lock).
    for (const old of namesIn(dirname(zipfile), (n) => n.startsWith(basename(zipfile)) && n.endsWith('.tmp'))) {
      try {
        unlinkSync(join(dirname(zipfile), old));
      } catch {
        // best effort
      }
    }
    if (zipExists) {
      await this.hashZipFile(mod, zipfile, ziphashfile);
      return;
    }
    let data: Buffer | undefined;
    await this.tryProxies(async (proxy) => {
      data = await this.lookup(proxy, mod.path).zip(mod.version);
    });
    const prefix = `${mod.path}@${mod.version}/`;
    const entries = readZip(data!);
    for (const e of entries) {
      if (!e.name.startsWith(prefix)) throw new Error(`zip for ${prefix.slice(0, -1)} has unexpected file ${e.name}`);
    }
    // Write to a temp file, check the sum, then rename into place (never a zip without its hash check).
    const tmp = join(dirname(zipfile), `${basename(zipfile)}${Math.floor(Math.random() * 1e9)}.tmp`);
    writeFileSync(tmp, data!, { flag: 'wx', mode: 0o666 });
    try {
      const contents = new Map<string, Buffer>();
      await this.hashZipFile(mod, tmp, ziphashfile, entries, contents);
      renameSync(tmp, zipfile);
      this.keepVerified(zipfile, { zip: data!, contents });
    } catch (e) {
      try {
        unlinkSync(tmp);
      } catch {
        // gone
      }
      throw e;
    }
  }

  /** Download: the extracted module tree (downloading and extracting as needed), checked against go.sum. */
  download(mod: Version): Promise<string> {
    if (gover.isToolchain(mod.path)) return Promise.reject(errToolchain());
    return this.downloadMemo.do(modKey(mod), async () => {
      try {
        this.cache.check();
      } catch (e) {
        throw new FatalError(`go: ${(e as Error).message}`); // go's Download stops the command here
      }
      const dir = await this.downloadUncached(mod);
      await this.checkMod(mod);
      const goVersion = extractedGoLine(dir);
      if (gover.compare(goVersion, this.settings.goVersion) > 0) throw new gover.TooNewError(modKey(mod), goVersion, this.settings.goVersion, this.settings.tooNewExplain);
      return dir;
    });
  }

  /**
   * The extracted tree of mod when nothing asynchronous is needed: complete in the cache, its .ziphash
   * listed in go.sum, its go line not too new. Undefined otherwise, and then download() does the work and
   * reports what is wrong: the loader asks this first, so a warm cache costs no extra load round.
   */
  downloadedSync(mod: Version): string | undefined {
    if (gover.isToolchain(mod.path)) return undefined;
    let dir: string;
    let s: string;
    try {
      this.cache.check();
      dir = this.cache.downloadDir(mod);
      s = readFileSync(this.cache.cachePath(mod, 'ziphash'), 'latin1').trim();
    } catch {
      return undefined;
    }
    if (!s.startsWith('h1:') || !isValidSum(Buffer.from(s, 'latin1')) || !this.listedSync(mod, s)) return undefined;
    let goVersion: string;
    try {
      goVersion = extractedGoLine(dir);
    } catch {
      return undefined;
    }
    return gover.compare(goVersion, this.settings.goVersion) > 0 ? undefined : dir;
  }

  /** The cached go.mod of path@version when it is on disk and go.sum lists it (no network, no checksum database). */
  goModCachedSync(path: string, version: string): Buffer | undefined {
    if (!gover.modIsValid(path, version)) return undefined;
    let data: Buffer;
    try {
      data = readDiskCache(this.cache.cachePath({ path, version }, 'mod'));
    } catch {
      return undefined;
    }
    if (data.subarray(0, 10).toString('latin1') === '//vgo 0.0.') return undefined;
    return this.listedSync({ path, version: version + '/go.mod' }, hashGoMod(data)) ? data : undefined;
  }

  /** Whether go.sum lists mod h; false on a mismatch too (its fatal error is download's or goMod's to report). */
  private listedSync(mod: Version, h: string): boolean {
    try {
      return this.sums.checkListed(mod, h);
    } catch {
      return false;
    }
  }

  private async downloadUncached(mod: Version): Promise<string> {
    try {
      return this.cache.downloadDir(mod);
    } catch (e) {
      if (!isNotExist(e)) throw e;
    }
    const zipfile = await this.downloadZip(mod);
    return this.unzipLocked(mod, zipfile);
  }

  /** Extracts a module zip that is already on disk into the module cache (go's Fetcher.Unzip); returns its directory. */
  async unzip(mod: Version, zipfile: string): Promise<string> {
    return this.unzipLocked(mod, zipfile);
  }

  /**
   * Keeps a zip just downloaded and verified, with the files hashing decompressed, for its extraction
   * (which follows in this run: Download after DownloadZip), so the files are not decompressed and
   * CRC-checked twice. What this run never extracts (get's sum checks) stays within a budget.
   */
  private keepVerified(zipfile: string, v: VerifiedZip): void {
    let size = v.zip.length;
    for (const d of v.contents.values()) size += d.length;
    v.size = size;
    if (size > VERIFIED_BUDGET) return;
    this.verified.set(zipfile, v);
    this.verifiedBytes += size;
    // Oldest first (Map order) when over budget.
    for (const k of this.verified.keys()) {
      if (this.verifiedBytes <= VERIFIED_BUDGET) break;
      this.takeVerified(k);
    }
  }

  private takeVerified(zipfile: string): VerifiedZip | undefined {
    const v = this.verified.get(zipfile);
    if (v === undefined) return undefined;
    this.verified.delete(zipfile);
    this.verifiedBytes -= v.size ?? 0;
    return v;
  }

  private async unzipLocked(mod: Version, zipfile: string): Promise<string> {
    const kept = this.takeVerified(zipfile);
    const unlock = await this.lockVersion(mod);
    try {
      let partialDir = false;
      try {
        return this.cache.downloadDir(mod);
      } catch (e) {
        partialDir = e instanceof DownloadDirPartialError;
      }
      const dir = this.cache.dirPath(mod);
      const parent = dirname(dir);
      for (const old of namesIn(parent, (n) => n.startsWith(basename(dir) + '.tmp-'))) removeAll(join(parent, old));
      if (partialDir) removeAll(dir);
      const partialPath = this.cache.cachePath(mod, 'partial');
      mkdirAll(parent);
      // The .partial marker exists for the whole extraction: a crash leaves a tree nobody trusts.
      writeFileSync(partialPath, '');
      try {
        // The zip as this run verified it, when kept: the same bytes the file holds.
        unzip(dir, mod, zipfile, kept?.zip ?? readFileSync(zipfile), kept?.contents);
      } catch (e) {
        this.settings.stderr(`-> ${(e as Error).message}\n`);
        try {
          removeAll(dir);
          unlinkSync(partialPath);
        } catch {
          // leave the marker if the tree could not be removed
        }
        throw e;
      }
      unlinkSync(partialPath);
      if (!this.settings.modcacherw) makeDirsReadOnly(dir);
      return dir;
    } finally {
      await unlock();
    }
  }

  // ---- go.sum ---------------------------------------------------------------------------------

  /** TrimGoSum: the sums of modules keep rejects are left out of the next write. */
  trimGoSum(keep: (m: Version) => boolean): void {
    this.sums.trim(keep);
  }

  /** TidyGoSum: go.sum as it is on disk and as writeGoSum(keep) would leave it (go mod tidy -diff). */
  tidyGoSum(keep: (m: Version) => boolean): { current: string; tidy: string } {
    let current = '';
    try {
      const o = this.sums.overlay;
      const file = o?.replaced(this.sums.goSumFile) ? o.actual(this.sums.goSumFile) : this.sums.goSumFile;
      current = readFileSync(file, 'utf8');
    } catch {
      // no go.sum yet
    }
    return { current, tidy: this.sums.tidyText(current, keep) };
  }

  /** WriteGoSum: writes go.sum if sums were added (keep decides which new sums are kept). */
  async writeGoSum(keep: (m: Version) => boolean, readonly: boolean): Promise<void> {
    if (!this.sums.dirty(keep)) return;
    if (readonly) throw new Error('updates to go.sum needed, disabled by -mod=readonly');
    if (this.sums.overlay?.replaced(this.sums.goSumFile)) {
      throw new FatalError('go: updates to go.sum needed, but go.sum is part of the overlay specified with -overlay');
    }
    let unlockSide: (() => Promise<void>) | undefined;
    try {
      unlockSide = await lockFile(this.cache.sideLockPath());
    } catch {
      // best effort, as in go
    }
    try {
      const file = this.sums.goSumFile;
      const unlock = await lockFile(file);
      try {
        let cur = '';
        try {
          cur = readFileSync(file, 'utf8');
        } catch {
          // new file
        }
        const text = this.sums.tidyText(cur, keep);
        if (text !== cur) writeInPlace(file, text);
      } finally {
        await unlock();
      }
    } catch (e) {
      throw new Error(`updating go.sum: ${(e as Error).message}`, { cause: e });
    } finally {
      await unlockSide?.();
    }
    this.sums.written();
  }
}

/** The hosts cmd/go's test binary reroutes to its vcs-test servers. */
const VCS_TEST_HOSTS = ['vcs-test.golang.org'];

/** Routes vcs-test.golang.org to the harness's loopback servers (http → host, https → tlsHost). */
function vcsTestInterceptor(t: { host: string; tlsHost: string; certFile: string }): (u: URL) => Interception | undefined {
  let ca: Buffer | undefined;
  const split = (hp: string): { hostname: string; port: string } => {
    const i = hp.lastIndexOf(':');
    return { hostname: hp.slice(0, i).replace(/^\[|\]$/g, ''), port: hp.slice(i + 1) };
  };
  return (u) => {
    if (!VCS_TEST_HOSTS.includes(u.hostname)) return undefined;
    if (u.protocol === 'http:') return split(t.host);
    try {
      ca ??= readFileSync(t.certFile);
    } catch {
      ca = Buffer.alloc(0);
    }
    return { ...split(t.tlsHost), ca };
  };
}

/** A Repo whose source is found asynchronously (a direct lookup); its failure is every method's. */
class DeferredRepo implements Repo {
  constructor(
    private readonly path: string,
    private readonly p: Promise<Repo>,
  ) {
    p.catch(() => undefined);
  }
  modulePath(): string {
    return this.path;
  }
  async versions(prefix: string): Promise<string[]> {
    return (await this.p).versions(prefix);
  }
  async versionsInfo(prefix: string): Promise<Versions> {
    const r = await this.p;
    return r.versionsInfo ? r.versionsInfo(prefix) : { list: await r.versions(prefix) };
  }
  async checkReuse(old: Origin): Promise<void> {
    const r = await this.p;
    if (!r.checkReuse) throw new Error(PROXY_NO_REUSE);
    return r.checkReuse(old);
  }
  async stat(rev: string): Promise<RevInfo> {
    return (await this.p).stat(rev);
  }
  async latest(): Promise<RevInfo> {
    return (await this.p).latest();
  }
  async goMod(version: string): Promise<Buffer> {
    return (await this.p).goMod(version);
  }
  async zip(version: string): Promise<Buffer> {
    return (await this.p).zip(version);
  }
}

/** Rewrites a file in place (go's lockedfile.Transform keeps the inode that others lock). */
function writeInPlace(file: string, text: string): void {
  const b = Buffer.from(text);
  const fd = openSync(file, 'a+');
  try {
    ftruncateSync(fd, 0);
    let off = 0;
    while (off < b.length) off += writeSync(fd, b, off, b.length - off, off);
  } finally {
    closeSync(fd);
  }
}

/** Names in dir that satisfy pred (none if dir is unreadable). */
function namesIn(dir: string, pred: (name: string) => boolean): string[] {
  try {
    return readdirSync(dir).filter(pred);
  } catch {
    return [];
  }
}

/** RemoveAll for module cache trees: makes directories writable first (they are 0555). */
export function removeAll(dir: string): void {
  const walk = (d: string): void => {
    try {
      chmodSync(d, 0o777);
    } catch {
      return;
    }
    let ents;
    try {
      ents = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of ents) if (e.isDirectory()) walk(join(d, e.name));
  };
  try {
    if (statSync(dir).isDirectory()) walk(dir);
  } catch {
    return;
  }
  rmSync(dir, { recursive: true, force: true });
}

export { ModuleError, NotExistError };

/** How "go: downloading" names a module: v0.0.1-go1.27.3.linux-amd64 of the toolchain module as "go1.27.3 (linux/amd64)". */
function downloadName(mod: Version): string {
  if (mod.path !== 'golang.org/toolchain') return `${mod.path} ${mod.version}`;
  let vers = mod.version.slice(mod.version.indexOf('-') + 1);
  const i = vers.lastIndexOf('.');
  if (i >= 0) {
    const [goos, goarch = ''] = vers.slice(i + 1).split(/-(.*)/s);
    vers = `${vers.slice(0, i)} (${goos}/${goarch})`;
  }
  return vers;
}

/** The go line of an extracted module tree's go.mod ('' without a go.mod or go line); other read errors throw. */
function extractedGoLine(dir: string): string {
  let data: string;
  try {
    data = readFileSync(join(dir, 'go.mod'), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw e;
  }
  return gover.goModLookup(data, 'go');
}
