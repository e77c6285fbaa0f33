// Module version queries (go's modload.Query): path@query resolved against the proxy, with exclusions, retractions and deprecations.
import { readFile } from '../base/fsys.js';
import { join } from 'node:path';
import * as gover from '../lib/gover.js';
import { canonicalVersion, checkPath, checkPathMajor, errorAs, ModuleError, splitPathVersion, versionError, type Version } from '../lib/module.js';
import { isPseudoVersion, pseudoVersionTime, zeroPseudoVersion } from '../lib/pseudo.js';
import { isNotExist } from '../modfetch/errors.js';
import { errorOrigin, mergeOrigin, type Origin, type RevInfo, type Versions } from '../modfetch/revinfo.js';
import type { Fetcher } from '../modfetch/fetcher.js';
import { pinnedProxy, withProxy } from '../modfetch/proxylist.js';
import { WrappedError } from '../modfetch/errors.js';
import { parseModFile } from '../lib/modfile/index.js';
import { DisallowedError, filterVersions, newQueryMatcher, NoMatchingVersionError, REV_QUERY, shortMessage } from './querymatch.js';
import type { Excludes, Replacements } from './replace.js';
import { toolchainQueryRepo } from './toolchainrepo.js';
import { reuseOriginProblem, type ReuseMap } from './reuse.js';

/** What queries need from the module proxy. */
export interface QueryRepo {
  /** Tagged versions with the prefix, ascending (the proxy's @v/list). */
  versions(path: string, prefix: string): Promise<string[]>;
  /** The .info of a version or revision. */
  stat(path: string, rev: string): Promise<RevInfo>;
  /** The proxy's @latest (a pseudo-version when there are no tags). */
  latest(path: string): Promise<RevInfo>;
  /** The go.mod of path@version as served. */
  goMod(path: string, version: string): Promise<Uint8Array>;
  /**
   * go's TryProxies: runs f with the lookups it makes pinned to each GOPROXY entry in turn, until
   * one succeeds or fails with an error that does not fall through. Absent: f runs once, unpinned.
   */
  tryProxies?(f: () => Promise<void>): Promise<void>;
  /** The proxy lookups are pinned to now (part of memo keys), if any. */
  pinnedProxy?(): string | undefined;
  /** versions with the origin that validates the list (absent: no origin). */
  versionsInfo?(path: string, prefix: string): Promise<Versions>;
  /** go's CheckReuse for path (absent: reuse is never confirmed). */
  checkReuse?(path: string, old: Origin): Promise<void>;
}

/** A QueryRepo over modfetch's Fetcher (canonical versions from the disk cache first). */
export function fetcherQueryRepo(f: Fetcher): QueryRepo {
  const plain = plainFetcherQueryRepo(f);
  const tc = toolchainQueryRepo(plain, f.settings.goVersion);
  // "go" and "toolchain" answer from golang.org/toolchain's versions (go's toolchainRepo).
  return {
    versions: (path, prefix) => (gover.isToolchain(path) ? tc : plain).versions(path, prefix),
    stat: (path, rev) => (gover.isToolchain(path) ? tc : plain).stat(path, rev),
    latest: (path) => (gover.isToolchain(path) ? tc : plain).latest(path),
    goMod: (path, version) => (gover.isToolchain(path) ? tc : plain).goMod(path, version),
    tryProxies: (fn) => f.tryProxies((proxy) => withProxy(proxy, fn)),
    pinnedProxy,
    versionsInfo: async (path, prefix) => (gover.isToolchain(path) ? { list: await tc.versions(path, prefix) } : plain.versionsInfo!(path, prefix)),
    checkReuse: async (path, old) => {
      if (gover.isToolchain(path)) throw new Error('invalid use of toolchainRepo: CheckReuse');
      return plain.checkReuse!(path, old);
    },
  };
}

function plainFetcherQueryRepo(f: Fetcher): QueryRepo {
  return {
    // An invalid path has no versions (go's emptyRepo), not an error.
    versions: async (path, prefix) => (checkPath(path) === undefined ? f.versions(path, prefix) : []),
    // A canonical version is read from the disk cache first (even with GOPROXY=off); an unusable
    // cache only means a miss here, as in go's cachingRepo.Stat.
    stat: async (path, rev) => (gover.modIsValid(path, rev) && canonicalVersion(rev) === rev ? f.readDiskStat(path, rev)?.info ?? f.stat(path, rev) : f.stat(path, rev)),
    latest: (path) => f.latest(path),
    goMod: (path, version) => f.goMod(path, version),
    versionsInfo: async (path, prefix) => (checkPath(path) === undefined ? f.versionsInfo(path, prefix) : { list: [] }),
    // go's emptyRepo for an invalid path.
    checkReuse: async (path, old) => (checkPath(path) === undefined ? f.checkReuse(path, old) : Promise.reject(new Error('empty repo'))),
  };
}

/** A replaced version's RevInfo: no time unless it is a pseudo-version (go's replacementStat). */
function replacementStat(v: string): RevInfo {
  if (isPseudoVersion(v)) return { version: v, time: pseudoVersionTime(v).toISOString().replace(/\.000Z$/, 'Z') };
  return { version: v, time: '0001-01-01T00:00:00Z' };
}

/**
 * go's replacementRepo: for a module path with replace directives, the versions replaced are
 * versions too (even when the proxy has none), and the highest replaced version can be latest.
 */
export function replacementQueryRepo(repo: QueryRepo, replace: Replacements): QueryRepo {
  const replaced = (path: string): boolean => replace.highest().has(path);
  return {
    async versions(path, prefix) {
      if (!replaced(path)) return repo.versions(path, prefix);
      let list: string[] = [];
      try {
        list = await repo.versions(path, prefix);
      } catch (e) {
        if (!isNotExist(e)) throw e;
      }
      const extra = replace.versionsOf(path).filter((v) => v.startsWith(prefix) && !isPseudoVersion(v));
      if (extra.length === 0) return list;
      const all = [...new Set([...list, ...extra])];
      return all.sort((a, b) => gover.modCompare(path, a, b));
    },
    async stat(path, rev) {
      try {
        return await repo.stat(path, rev);
      } catch (e) {
        if (!replaced(path) || canonicalVersion(rev) !== rev) throw e;
        let v = rev;
        const sp = splitPathVersion(path);
        if (sp.ok && sp.pathMajor === '' && checkPathMajor(v, '') !== undefined && !v.includes('+')) v += '+incompatible';
        if (!replace.lookup({ path, version: v })) throw e;
        return replacementStat(v);
      }
    },
    async latest(path) {
      const hv = replace.highest().get(path);
      if (hv === undefined) return repo.latest(path);
      let v = hv;
      if (v === '') {
        const { pathMajor } = splitPathVersion(path);
        v = zeroPseudoVersion(pathMajor !== '' ? pathMajor.slice(1) : 'v0');
      }
      let info: RevInfo;
      try {
        info = await repo.latest(path);
      } catch {
        return replacementStat(v);
      }
      return gover.modCompare(path, v, info.version) > 0 ? replacementStat(v) : info;
    },
    goMod: (path, version) => repo.goMod(path, version),
    async versionsInfo(path, prefix) {
      if (!replaced(path)) return repo.versionsInfo ? repo.versionsInfo(path, prefix) : { list: await repo.versions(path, prefix) };
      return { list: await this.versions(path, prefix) };
    },
    async checkReuse(path, old) {
      if (replaced(path)) throw new Error('replacement repo');
      if (!repo.checkReuse) throw new Error('proxy does not support CheckReuse');
      return repo.checkReuse(path, old);
    },
    ...(repo.tryProxies ? { tryProxies: (fn: () => Promise<void>) => repo.tryProxies!(fn) } : {}),
    ...(repo.pinnedProxy ? { pinnedProxy: () => repo.pinnedProxy!() } : {}),
  };
}

/** Throws a DisallowedError (wrapped) when m may not be used; other errors are lookup failures. */
export type AllowedFunc = (m: Version) => Promise<void>;

export class ExcludedError extends DisallowedError {
  constructor() {
    super('excluded by go.mod');
  }
}

/** go's ModuleRetractedError (its message includes the first rationale). */
export class ModuleRetractedError extends DisallowedError {
  constructor(readonly rationale: string[]) {
    super('retracted by module author' + (rationale.length > 0 ? ': ' + shortMessage(rationale[0]!, 'retracted by module author') : ''));
  }
}

/** Whether err is (or wraps) a DisallowedError. */
export const isDisallowed = (err: unknown): boolean => errorAs(err, DisallowedError) !== undefined;

/** Main-module facts a query consults. */
export interface QueryEnv {
  repo: QueryRepo;
  /** Main module paths ("upgrade"/"patch" of one is its own empty version). */
  mainPaths: ReadonlySet<string>;
  /** -mod=vendor: queries are disabled. */
  vendor?: boolean;
  /** Why -mod=vendor was chosen when not given (go's BuildModReason), for the error. */
  vendorReason?: string;
  replace?: Replacements;
  exclude?: Excludes;
}

/** go's LegacyGoMod: the go.mod the proxy synthesizes for a version without one. */
const legacyGoMod = (path: string): string => `module ${/^[A-Za-z0-9_./+~-]+$/.test(path) && path !== '' ? path : JSON.stringify(path)}\n`;

/** Answers queries for one command, with go's allowed checks and caches. */
export class Querier {
  private readonly latestMemo = new Map<string, Promise<Version>>();
  private readonly goModMemo = new Map<string, Promise<string>>();

  constructor(readonly env: QueryEnv) {
    if (env.replace && env.replace.size > 0) this.env = { ...env, repo: replacementQueryRepo(env.repo, env.replace) };
  }

  /** Stat that uses the disk cache for canonical versions. */
  private stat(path: string, rev: string): Promise<RevInfo> {
    return this.env.repo.stat(path, rev);
  }

  private goModText(m: Version): Promise<string> {
    const k = `${this.env.repo.pinnedProxy?.() ?? ''}\x00${m.path}@${m.version}`;
    let p = this.goModMemo.get(k);
    if (!p) {
      p = Promise.resolve(this.env.repo.goMod(m.path, m.version)).then((d) => Buffer.from(d).toString('utf8'));
      this.goModMemo.set(k, p);
    }
    return p;
  }

  /**
   * go's Query: resolves path@query (current is the version in use, "" or "none" if none). A result
   * carries the origin it depends on; so may a thrown error (read it with queryErrorOrigin).
   * reuse holds an earlier run's results (go list/mod download -reuse): one whose origin still
   * holds is returned as it was.
   */
  async query(path: string, query: string, current = '', allowed?: AllowedFunc, reuse?: ReuseMap): Promise<RevInfo> {
    if (current !== '' && current !== 'none' && !gover.modIsValid(path, current)) {
      throw new Error(`invalid previous version ${path}@${current}`);
    }
    if (this.env.vendor) {
      // go's queryDisabledError.
      const why = this.env.vendorReason ? `\n\t(${this.env.vendorReason})` : '';
      throw new Error(`cannot query module due to -mod=vendor${why}`);
    }
    const allow: AllowedFunc = allowed ?? (async () => undefined);
    if (this.env.mainPaths.has(path) && (query === 'upgrade' || query === 'patch')) return { version: '', time: '' };
    if (path === 'std' || path === 'cmd') {
      throw new Error(`can't query specific version (${JSON.stringify(query)}) of standard-library module ${JSON.stringify(path)}`);
    }
    const old = reuse?.get(`${path}@${query}`);
    if (old && (await this.checkReuse(path, query, old.origin))) {
      return { version: old.version, time: old.time ?? '', origin: old.origin };
    }
    const qm = newQueryMatcher(path, query, current);
    if (qm === REV_QUERY || qm.canStat) {
      let info: RevInfo;
      try {
        info = await this.stat(path, query);
      } catch (e) {
        const canon = canonicalVersion(query);
        if (canon === '' || canon === query) throw e;
        try {
          info = await this.stat(path, canon);
        } catch (e2) {
          if (!isNotExist(e2)) throw e2;
          throw e;
        }
      }
      try {
        await allow({ path, version: info.version });
      } catch (e) {
        if (isDisallowed(e)) throw e;
      }
      return info;
    }
    // go's queryProxy: the origin of the result is that of the version list merged with that of
    // every revision looked at; any disagreement (or a source without origins) leaves none.
    const versions = this.env.repo.versionsInfo ? await this.env.repo.versionsInfo(path, qm.prefix) : { list: await this.env.repo.versions(path, qm.prefix) };
    let origin: Origin | undefined = versions.origin;
    const withOrigin = (rev: RevInfo): RevInfo => {
      const r: RevInfo = { ...rev };
      if (origin) r.origin = origin;
      else delete r.origin;
      return r;
    };
    const fail = (e: unknown): never => {
      throw setQueryErrorOrigin(e, origin);
    };
    const allowedV = async (v: string): Promise<boolean> => {
      try {
        await allow({ path, version: v });
        return true;
      } catch (e) {
        if (isDisallowed(e)) return false;
        return true;
      }
    };
    let filtered;
    try {
      filtered = await filterVersions(qm, versions.list, allowedV, (v) => this.hasGoMod({ path, version: v }));
    } catch (e) {
      return fail(e);
    }
    const { releases, prereleases } = filtered;
    const statMerged = async (v: string): Promise<RevInfo> => {
      let rev: RevInfo;
      try {
        rev = await this.stat(path, v);
      } catch (e) {
        origin = mergeOrigin(origin, errorOrigin(e));
        return fail(e);
      }
      origin = mergeOrigin(origin, rev.origin);
      return rev;
    };
    const lookup = async (v: string): Promise<RevInfo> => {
      const rev = await statMerged(v);
      if ((query === 'upgrade' || query === 'patch') && isPseudoVersion(current) && rev.time !== '' && !rev.time.startsWith('0001-')) {
        const ct = pseudoVersionTimeOrUndefined(current);
        if (ct && Date.parse(rev.time) < ct.getTime()) {
          await allow({ path, version: current }).catch((e: unknown) => { if (isDisallowed(e)) fail(e); });
          return withOrigin(await statMerged(current));
        }
      }
      return withOrigin(rev);
    };
    const pick = qm.preferLower ? (l: string[]): string | undefined => l[0] : (l: string[]): string | undefined => l[l.length - 1];
    const v = pick(releases) ?? pick(prereleases);
    if (v !== undefined) return lookup(v);
    if (qm.mayUseLatest) {
      let latest: RevInfo | undefined;
      try {
        latest = await this.env.repo.latest(path);
        origin = mergeOrigin(origin, latest.origin);
      } catch (e) {
        // A failed latest may still say what it looked at (go returns a RevInfo with only an Origin).
        const eo = errorOrigin(e);
        if (eo) origin = mergeOrigin(origin, eo);
        if (!isNotExist(e)) fail(e);
      }
      if (latest && (await allowedV(latest.version)) && matches(qm, latest.version)) return lookup(latest.version);
    }
    if ((query === 'upgrade' || query === 'patch') && current !== '' && current !== 'none') {
      await allow({ path, version: current }).catch((e: unknown) => { if (isDisallowed(e)) fail(e); });
      return lookup(current);
    }
    return fail(new NoMatchingVersionError(query, current));
  }

  /**
   * go's checkReuseRepo: whether an earlier result for path@query, validated by old, may be used
   * as it is (the origin must have what answering the query depends on, and still hold).
   */
  async checkReuse(path: string, query: string, old: Origin | undefined): Promise<boolean> {
    if (reuseOriginProblem(path, query, old) !== undefined || !this.env.repo.checkReuse) return false;
    try {
      await this.env.repo.checkReuse(path, old!);
      return true;
    } catch {
      return false;
    }
  }

  /** go's versionHasGoMod: whether m's go.mod is real rather than synthesized by the proxy. */
  async hasGoMod(m: Version): Promise<boolean> {
    const text = await this.goModText(m);
    return text !== legacyGoMod(m.path);
  }

  /** go's CheckExclusions. */
  checkExclusions = async (m: Version): Promise<void> => {
    if (this.env.exclude?.has(m)) throw versionError(m, new ExcludedError());
  };

  /** go's CheckAllowed: exclusions, then retractions. */
  checkAllowed = async (m: Version): Promise<void> => {
    await this.checkExclusions(m);
    await this.checkRetractions(m);
  };

  /** The latest version of path (replacement applied), ignoring retractions and exclusions. */
  latestIgnoringRetractions(path: string): Promise<Version> {
    // A lookup pinned to one proxy may fail where the next would answer: memoised per proxy.
    const key = `${this.env.repo.pinnedProxy?.() ?? ''}\x00${path}`;
    let p = this.latestMemo.get(key);
    if (!p) {
      p = (async () => {
        const r = this.env.replace?.lookup({ path, version: '' });
        if (r) return r;
        const rev = await this.query(path, 'latest', '');
        const latest = { path, version: rev.version };
        return this.env.replace?.lookup(latest) ?? latest;
      })();
      p.catch(() => undefined);
      this.latestMemo.set(key, p);
    }
    return p;
  }

  /** The retract and deprecated lines of m's go.mod (lax parse). */
  private async summaryOf(m: Version): Promise<{ retract: { low: string; high: string; rationale: string }[]; deprecated?: string }> {
    let text: string;
    if (m.version === '') {
      text = readFile(join(this.env.replace!.dir(m), 'go.mod')).toString('utf8');
    } else {
      text = await this.goModText(m);
    }
    const f = parseModFile('go.mod', text, { lax: true });
    const out: { retract: { low: string; high: string; rationale: string }[]; deprecated?: string } = {
      retract: f.retract.map((r) => ({ low: r.low, high: r.high, rationale: r.rationale })),
    };
    if (f.module?.deprecated !== undefined) out.deprecated = f.module.deprecated;
    return out;
  }

  /** go's CheckRetractions: throws a (wrapped) ModuleRetractedError, or a loading error. */
  checkRetractions = async (m: Version): Promise<void> => {
    // Toolchain versions are never retracted.
    if (m.version === '' || gover.isToolchain(m.path)) return;
    if (this.env.replace?.lookup({ path: m.path, version: '' })) return;
    let retract;
    try {
      const rm = await this.latestIgnoringRetractions(m.path);
      retract = (await this.summaryOf(rm)).retract;
    } catch (e) {
      const inner = e instanceof ModuleError ? e.err : (e as Error);
      throw new WrappedError(`loading module retractions for ${m.path}@${m.version}: ${inner.message}`, inner);
    }
    const rationale: string[] = [];
    let retracted = false;
    for (const r of retract) {
      if (gover.modCompare(m.path, r.low, m.version) <= 0 && gover.modCompare(m.path, m.version, r.high) <= 0) {
        retracted = true;
        if (r.rationale !== '') rationale.push(r.rationale);
      }
    }
    if (retracted) throw versionError(m, new ModuleRetractedError(rationale));
  };

  /** go's CheckDeprecation: the deprecation message of m's module ("" if none). */
  async deprecation(m: Version): Promise<string> {
    if (m.version === '') return '';
    if (this.env.replace?.lookup({ path: m.path, version: '' })) return '';
    try {
      const latest = await this.latestIgnoringRetractions(m.path);
      return (await this.summaryOf(latest)).deprecated ?? '';
    } catch (e) {
      throw new WrappedError(`loading deprecation for ${m.path}: ${(e as Error).message}`, e);
    }
  }

  /** go's versions(): the known tagged versions of path that pass allowed. */
  async versions(path: string, allowed: AllowedFunc): Promise<string[]> {
    // go's lookupRepo: an invalid path is an error here unless a replace names it.
    const bad = path === 'go' || path === 'toolchain' ? undefined : checkPath(path);
    if (bad && !this.env.replace?.highest().has(path)) throw bad;
    const all = await this.env.repo.versions(path, '');
    const out: string[] = [];
    for (const v of all) {
      try {
        await allowed({ path, version: v });
        out.push(v);
      } catch (e) {
        if (!isDisallowed(e)) throw e;
      }
    }
    return out;
  }
}

/** The origin a failed query depended on, if it is known (go returns it in a RevInfo beside the error). */
const queryErrorOrigins = new WeakMap<object, Origin | undefined>();

function setQueryErrorOrigin(e: unknown, origin: Origin | undefined): unknown {
  if (e !== null && typeof e === 'object') queryErrorOrigins.set(e, origin);
  return e;
}

/** The origin beside an error from Querier.query: the merged one of a list query, else the error's own. */
export function queryErrorOrigin(e: unknown): Origin | undefined {
  if (e !== null && typeof e === 'object' && queryErrorOrigins.has(e)) return queryErrorOrigins.get(e);
  return errorOrigin(e);
}

function matches(qm: Exclude<ReturnType<typeof newQueryMatcher>, typeof REV_QUERY>, v: string): boolean {
  if (qm.prefix !== '' && !v.startsWith(qm.prefix)) return false;
  return !qm.filter || qm.filter(v);
}

function pseudoVersionTimeOrUndefined(v: string): Date | undefined {
  try {
    return pseudoVersionTime(v);
  } catch {
    return undefined;
  }
}

export { NoMatchingVersionError, NoPatchBaseError, DisallowedError, isRevisionQuery } from './querymatch.js';
