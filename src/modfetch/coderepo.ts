// A module inside a version control repository (go's codeRepo): tags become versions, commits
// pseudo-versions; go.mod and the zip come from the tree, in a subdirectory or a major-version
// subdirectory, with go's +incompatible rules.
import { posix } from 'node:path';
import * as gover from '../lib/gover.js';
import { canonicalVersion, checkPathMajor, InvalidVersionError, matchPathMajor, ModuleError, pathMajorPrefix, splitPathVersion } from '../lib/module.js';
import { parseModFile } from '../lib/modfile/index.js';
import { modulePath as goModModulePath } from '../lib/modfile/module-path.js';
import { autoQuote } from '../lib/modfile/quote.js';
import { isPseudoVersion, pseudoVersion, pseudoVersionBase, pseudoVersionRev, pseudoVersionTime, PSEUDO_VERSION_TIMESTAMP_FORMAT, formatPseudoTimestamp } from '../lib/pseudo.js';
import * as semver from '../lib/semver.js';
import { readZip } from '../lib/zip.js';
import { MAX_GO_MOD, MAX_LICENSE, MAX_ZIP_FILE, UnknownRevisionError, type CodeRepo, type CodeRevInfo } from './codehost/codehost.js';
import { isNotExist } from './errors.js';
import type { Repo } from './proxyrepo.js';
import { orderedOrigin, setErrorOrigin, type Origin, type RevInfo, type Versions } from './revinfo.js';
import { createModuleZip, type ZipSourceFile } from './zipcreate.js';
import { hasPathPrefix } from './vcs/metaimport.js';

void PSEUDO_VERSION_TIMESTAMP_FORMAT;

/** An error that counts as not-exist, keeping its text (go's modfetch notExistError). */
class NotExistError extends Error {
  readonly notExist = true;
  constructor(err: Error) {
    super(err.message, { cause: err });
    this.name = 'NotExistError';
  }
}

/** Unix seconds as go's time.Time marshals in UTC. */
export function formatUnixTime(t: number): string {
  return new Date(t * 1000).toISOString().replace(/\.000Z$/, 'Z');
}

/** The go.mod go synthesizes for a module without one. */
export function legacyGoMod(modPath: string): Buffer {
  return Buffer.from(`module ${autoQuote(modPath)}\n`);
}

/** Whether module path mpath (from a go.mod) fits the major version suffix pathMajor. */
function isMajor(mpath: string, pathMajor: string): boolean {
  if (mpath === '') return false;
  const sp = splitPathVersion(mpath);
  if (!sp.ok) return false;
  if (pathMajor === '') {
    const p = sp.pathMajor === '' ? '' : pathMajorPrefix(sp.pathMajor);
    return p === '' || p === 'v0' || p === 'v1';
  }
  if (sp.pathMajor === '') return false;
  return pathMajor.slice(1) === sp.pathMajor.slice(1);
}

export class CodeRepoModule implements Repo {
  private readonly codeDir: string;
  private readonly pathPrefix: string;
  private readonly pathMajor: string;
  private readonly pseudoMajor: string;

  constructor(
    private readonly code: CodeRepo,
    private readonly codeRoot: string,
    subdir: string,
    private readonly modPath: string,
    /** The running Go version ("1.26.8"), for "requires go >= X" when zipping. */
    private readonly goVersion: string,
    private readonly tooNewExplain = '',
  ) {
    if (!hasPathPrefix(modPath, codeRoot)) throw new Error(`mismatched repo: found ${codeRoot} for ${modPath}`);
    const sp = splitPathVersion(modPath);
    if (!sp.ok) throw new Error(`invalid module path ${JSON.stringify(modPath)}`);
    let pathPrefix = sp.prefix;
    if (codeRoot === modPath) pathPrefix = modPath;
    let codeDir = '';
    if (codeRoot !== modPath) {
      if (!hasPathPrefix(pathPrefix, codeRoot)) throw new Error(`repository rooted at ${codeRoot} cannot contain module ${modPath}`);
      codeDir = pathPrefix.slice(codeRoot.length).replace(/^\/+|\/+$/g, '');
    }
    if (subdir !== '') codeDir = posix.join(codeDir, subdir).replace(/^\.$/, '');
    this.codeDir = codeDir;
    this.pathPrefix = pathPrefix;
    this.pathMajor = sp.pathMajor;
    this.pseudoMajor = pathMajorPrefix(sp.pathMajor);
  }

  modulePath(): string {
    return this.modPath;
  }

  async versions(prefix: string): Promise<string[]> {
    return (await this.versionsInfo(prefix)).list;
  }

  checkReuse(old: Origin): Promise<void> {
    if (!this.code.checkReuse) return Promise.reject(new Error('CheckReuse: unsupported by this version control system'));
    return this.code.checkReuse(old, this.codeDir);
  }

  async versionsInfo(prefix: string): Promise<Versions> {
    if (this.modPath.startsWith('gopkg.in/') && this.modPath.endsWith('-unstable')) return { list: [] };
    let p = prefix;
    if (this.codeDir !== '') p = this.codeDir + '/' + p;
    let tags;
    try {
      tags = await this.code.tags(p);
    } catch (e) {
      throw new ModuleError(this.modPath, '', e as Error);
    }
    const list: string[] = [];
    const incompatible: string[] = [];
    for (const tag of tags.list) {
      if (!tag.name.startsWith(p)) continue;
      let v = tag.name;
      if (this.codeDir !== '') v = v.slice(this.codeDir.length + 1);
      if (v === '' || v !== semver.canonical(v)) continue;
      if (isPseudoVersion(v)) continue;
      if (checkPathMajor(v, this.pathMajor)) {
        if (this.codeDir === '' && this.pathMajor === '' && semver.major(v) > 'v1') incompatible.push(v);
        continue;
      }
      list.push(v);
    }
    semver.sort(list);
    semver.sort(incompatible);
    const origin = orderedOrigin({ ...tags.origin, Subdir: this.codeDir });
    return { list: await this.appendIncompatibleVersions(list, incompatible), origin };
  }

  private async hasGoMod(rev: string, file = 'go.mod'): Promise<boolean> {
    try {
      await this.code.readFile(rev, file, MAX_GO_MOD);
      return true;
    } catch (e) {
      if (!isNotExist(e)) throw new ModuleError(this.modPath, '', e as Error);
      return false;
    }
  }

  private async appendIncompatibleVersions(list: string[], incompatible: string[]): Promise<string[]> {
    if (incompatible.length === 0 || this.pathMajor !== '') return list;
    if (list.length > 0 && (await this.hasGoMod(list[list.length - 1]!))) return list;
    let lastMajor = '';
    let lastMajorHasGoMod = false;
    for (let i = 0; i < incompatible.length; i++) {
      const v = incompatible[i]!;
      const major = semver.major(v);
      if (major !== lastMajor) {
        let j = i;
        while (j + 1 < incompatible.length && semver.major(incompatible[j + 1]!) === major) j++;
        lastMajor = major;
        lastMajorHasGoMod = await this.hasGoMod(incompatible[j]!);
      }
      if (lastMajorHasGoMod) continue;
      list.push(v + '+incompatible');
    }
    return list;
  }

  async stat(rev: string): Promise<RevInfo> {
    if (rev === 'latest') return this.latest();
    const codeRev = this.revToRev(rev);
    let info: CodeRevInfo;
    try {
      info = await this.code.stat(codeRev);
    } catch (e) {
      throw new ModuleError(this.modPath, '', new InvalidVersionError(rev, e as Error));
    }
    return this.convert(info, rev);
  }

  async latest(): Promise<RevInfo> {
    const info = await this.code.latest();
    return this.convert(info, '');
  }

  private async convert(info: CodeRevInfo, statVers: string): Promise<RevInfo> {
    let rev: RevInfo;
    try {
      rev = await this.convertVersion(info, statVers);
    } catch (e) {
      // The failure depends on the commit that was looked at: keep its origin for reporting and reuse.
      if (info.origin) setErrorOrigin(e, orderedOrigin({ ...info.origin, Subdir: this.codeDir }));
      throw e;
    }
    if (!info.origin) return rev;
    const origin: Origin = { ...info.origin, Subdir: this.codeDir };
    const v = rev.version;
    if (isPseudoVersion(v) && (v !== statVers || !v.startsWith('v0.0.0-'))) {
      let prefix = this.codeDir;
      if (prefix !== '') prefix += '/';
      if (this.pathMajor !== '') prefix += this.pathMajor.slice(1) + '.';
      const tags = await this.code.tags(prefix);
      origin.TagPrefix = tags.origin.TagPrefix;
      origin.TagSum = tags.origin.TagSum;
      if (tags.origin.RepoSum) origin.RepoSum = tags.origin.RepoSum;
    }
    return { ...rev, origin: orderedOrigin(origin) };
  }

  private invalid(v: string, err: Error): ModuleError {
    return new ModuleError(this.modPath, '', new InvalidVersionError(v, err));
  }

  private async convertVersion(info: CodeRevInfo, statVers: string): Promise<RevInfo> {
    const incompatibleOk = new Map<string, boolean>();
    const canUseIncompatible = async (v: string): Promise<boolean> => {
      if (this.codeDir !== '' || this.pathMajor !== '') return false;
      let ok = incompatibleOk.get('');
      if (ok === undefined) {
        ok = !(await this.code.readFile(info.name, 'go.mod', MAX_GO_MOD).then(() => true, () => false));
        incompatibleOk.set('', ok);
      }
      if (!ok) return false;
      if (v !== '' && !statVers.endsWith('+incompatible')) {
        const major = semver.major(v);
        ok = incompatibleOk.get(major);
        if (ok === undefined) {
          ok = !(await this.code.readFile(info.name, posix.join(major, 'go.mod'), MAX_GO_MOD).then(() => true, () => false));
          incompatibleOk.set(major, ok);
        }
        if (!ok) return false;
      }
      return true;
    };

    const checkCanonical = async (v: string): Promise<RevInfo> => {
      try {
        await this.findDir(v);
      } catch (e) {
        throw this.invalid(v, new NotExistError(e as Error));
      }
      if (v === statVers.replace(/\+incompatible$/, '')) v = statVers;
      const base = v.replace(/\+incompatible$/, '');
      let errIncompatible: Error | undefined;
      if (!matchPathMajor(base, this.pathMajor)) {
        if (await canUseIncompatible(base)) v = base + '+incompatible';
        else if (this.pathMajor !== '') errIncompatible = this.invalid(v, new Error('module path includes a major version suffix, so major version must match'));
        else errIncompatible = this.invalid(v, new Error(`module contains a go.mod file, so module path must match major version (${JSON.stringify(posix.join(this.pathPrefix, semver.major(v)))})`));
      } else if (v.endsWith('+incompatible')) {
        errIncompatible = this.invalid(v, new Error(`+incompatible suffix not allowed: major version ${semver.major(v)} is compatible`));
      }
      if (statVers !== '' && statVers === canonicalVersion(statVers)) {
        const statBase = statVers.replace(/\+incompatible$/, '');
        if (statBase !== base) throw this.invalid(statVers, new Error(`resolves to version ${v} (${statBase} is not a tag)`));
      }
      if (errIncompatible) throw errIncompatible;
      return { name: info.name, short: info.short, time: formatUnixTime(info.time), version: v };
    };

    if (isPseudoVersion(statVers)) {
      const r = await checkCanonical(statVers);
      await this.validatePseudoVersion(info, statVers);
      return r;
    }

    const tagPrefix = this.codeDir !== '' ? this.codeDir + '/' : '';
    let isRetracted: (v: string) => boolean;
    try {
      isRetracted = await this.retractedVersions();
    } catch {
      isRetracted = () => false;
    }
    const tagToVersion = (tag: string): { v: string; canonical: boolean } => {
      if (!tag.startsWith(tagPrefix)) return { v: '', canonical: false };
      const trimmed = tag.slice(tagPrefix.length);
      if (isPseudoVersion(tag)) return { v: '', canonical: false };
      const v = semver.canonical(trimmed);
      if (v === '' || !trimmed.startsWith(v)) return { v: '', canonical: false };
      return { v, canonical: v === trimmed };
    };

    const own = tagToVersion(info.version);
    if (own.canonical) {
      try {
        return await checkCanonical(own.v);
      } catch {
        // other tags below
      }
    }

    let highestCanonical = '';
    let pseudoBase = '';
    for (const pathTag of info.tags) {
      const { v, canonical } = tagToVersion(pathTag);
      if (statVers !== '' && semver.compare(v, statVers) === 0) {
        if (canonical) return checkCanonical(v);
        pseudoBase = v;
      }
      if (canonical && semver.compare(highestCanonical, v) < 0 && !isRetracted(v)) {
        if (matchPathMajor(v, this.pathMajor) || (await canUseIncompatible(v))) highestCanonical = v;
      }
    }
    if (highestCanonical !== '') return checkCanonical(highestCanonical);

    if (pseudoBase === '') {
      const allowedCache = new Map<string, boolean>();
      // RecentTag's filter is synchronous; the go.mod checks it needs are made first.
      const candidates = new Set<string>();
      for (const t of (await this.code.tags(tagPrefix)).list) candidates.add(t.name);
      for (const tag of candidates) {
        const { v } = tagToVersion(tag);
        let ok = v !== '';
        if (ok && !matchPathMajor(v, this.pathMajor)) ok = await canUseIncompatible(v);
        allowedCache.set(tag, ok && !isRetracted(v));
      }
      const tag = await this.code.recentTag(info.name, tagPrefix, (t) => allowedCache.get(t) ?? false);
      if (tag !== '') pseudoBase = tagToVersion(tag).v;
    }
    return checkCanonical(pseudoVersion(this.pseudoMajor, pseudoBase, new Date(info.time * 1000), info.short));
  }

  private async validatePseudoVersion(info: CodeRevInfo, version: string): Promise<void> {
    const fail = (msg: string): never => {
      throw new ModuleError(this.modPath, '', new InvalidVersionError(version, new Error(msg), true));
    };
    let rev: string;
    let t: Date;
    let base: string;
    try {
      rev = pseudoVersionRev(version);
      t = pseudoVersionTime(version);
      base = pseudoVersionBase(version.replace(/\+incompatible$/, ''));
    } catch (e) {
      if (e instanceof InvalidVersionError) throw new ModuleError(this.modPath, '', e);
      throw e;
    }
    if (rev !== info.short) {
      if (rev.startsWith(info.short)) fail(`revision is longer than canonical (expected ${info.short})`);
      else if (info.short.startsWith(rev)) fail(`revision is shorter than canonical (expected ${info.short})`);
      else fail(`does not match short name of revision (expected ${info.short})`);
    }
    if (t.getTime() !== info.time * 1000) fail(`does not match version-control timestamp (expected ${formatPseudoTimestamp(new Date(info.time * 1000))})`);
    const tagPrefix = this.codeDir !== '' ? this.codeDir + '/' : '';
    if (base === '') {
      if (this.pseudoMajor === '' && semver.major(version) === 'v1') fail('major version without preceding tag must be v0, not v1');
      return;
    }
    for (const tag of info.tags) {
      if ((tag.startsWith(tagPrefix) ? tag.slice(tagPrefix.length) : tag) === base) {
        fail(`tag (${tag}) found on revision ${rev} is already canonical, so should not be replaced with a pseudo-version derived from that tag`);
      }
    }
    let tags;
    try {
      tags = await this.code.tags(tagPrefix + base);
    } catch (e) {
      fail((e as Error).message);
      return;
    }
    let lastTag = '';
    let ancestorFound = false;
    let err: Error | undefined;
    for (const tag of tags!.list) {
      const versionOnly = tag.name.startsWith(tagPrefix) ? tag.name.slice(tagPrefix.length) : tag.name;
      if (semver.compare(versionOnly, base) === 0) {
        lastTag = tag.name;
        try {
          ancestorFound = await this.code.descendsFrom(info.name, tag.name);
          err = undefined;
        } catch (e) {
          ancestorFound = false;
          err = e as Error;
        }
        if (ancestorFound) break;
      }
    }
    if (lastTag === '') fail(`preceding tag (${base}) not found`);
    if (!ancestorFound) {
      if (err) fail(err.message);
      fail(`revision ${rev} is not a descendent of preceding tag (${lastTag})`);
    }
  }

  /** The repository revision a version names: the tag (under codeDir) or a pseudo-version's hash. */
  private revToRev(rev: string): string {
    if (!semver.isValid(rev)) return rev;
    if (isPseudoVersion(rev)) return pseudoVersionRev(rev);
    if (semver.build(rev) === '+incompatible') rev = rev.slice(0, -'+incompatible'.length);
    return this.codeDir === '' ? rev : this.codeDir + '/' + rev;
  }

  private versionToRev(version: string): string {
    if (!semver.isValid(version)) throw new ModuleError(this.modPath, '', new InvalidVersionError(version, new Error('syntax error')));
    return this.revToRev(version);
  }

  private async readGoModAt(rev: string, file: string): Promise<{ data?: Buffer; err?: Error }> {
    try {
      return { data: await this.code.readFile(rev, file, MAX_GO_MOD) };
    } catch (e) {
      if (!isNotExist(e)) throw new Error(`reading ${this.codeRoot}/${file} at revision ${rev}: ${(e as Error).message}`);
      return { err: e as Error };
    }
  }

  /** Where the module's go.mod is at version: its directory in the repo and content (if any). */
  private async findDir(version: string): Promise<{ rev: string; dir: string; gomod?: Buffer }> {
    const rev = this.versionToRev(version);
    const file1 = posix.join(this.codeDir, 'go.mod');
    const r1 = await this.readGoModAt(rev, file1);
    const mpath1 = r1.data ? goModModulePath(r1.data.toString('utf8')) : '';
    const found1 = r1.data !== undefined && (isMajor(mpath1, this.pathMajor) || (this.pathMajor === '' && mpath1.startsWith('gopkg.in/')));
    let file2 = '';
    if (this.pathMajor !== '' && this.codeRoot !== this.modPath && !this.pathMajor.startsWith('.')) {
      const dir2 = posix.join(this.codeDir, this.pathMajor.slice(1));
      file2 = posix.join(dir2, 'go.mod');
      const r2 = await this.readGoModAt(rev, file2);
      const mpath2 = r2.data ? goModModulePath(r2.data.toString('utf8')) : '';
      const found2 = r2.data !== undefined && isMajor(mpath2, this.pathMajor);
      if (found1 && found2) throw new Error(`${this.pathPrefix}/${file1} and ...${this.pathMajor}/go.mod both have ...${this.pathMajor} module paths at revision ${rev}`);
      if (found2) return { rev, dir: dir2, gomod: r2.data };
      if (r2.data !== undefined) {
        if (mpath2 === '') throw new Error(`${this.codeRoot}/${file2} is missing module path at revision ${rev}`);
        throw new Error(`${this.codeRoot}/${file2} has non-...${this.pathMajor} module path ${JSON.stringify(mpath2)} at revision ${rev}`);
      }
    }
    if (found1) return { rev, dir: this.codeDir, gomod: r1.data };
    if (r1.data !== undefined) {
      const suffix = file2 !== '' ? ` (and ...${this.pathMajor}/go.mod does not exist)` : '';
      if (mpath1 === '') throw new Error(`${file1} is missing module path${suffix} at revision ${rev}`);
      if (this.pathMajor !== '') throw new Error(`${file1} has non-...${this.pathMajor} module path ${JSON.stringify(mpath1)}${suffix} at revision ${rev}`);
      if (!splitPathVersion(mpath1).ok) throw new Error(`${file1} has malformed module path ${JSON.stringify(mpath1)}${suffix} at revision ${rev}`);
      throw new Error(`${file1} has post-${semver.major(version)} module path ${JSON.stringify(mpath1)}${suffix} at revision ${rev}`);
    }
    if (this.codeDir === '' && (this.pathMajor === '' || this.pathMajor.startsWith('.'))) return { rev, dir: '' };
    if (file2 !== '') throw new Error(`missing ${this.pathPrefix}/go.mod and ...${this.pathMajor}/go.mod at revision ${rev}`);
    throw new Error(`missing ${this.pathPrefix}/go.mod at revision ${rev}`);
  }

  async goMod(version: string): Promise<Buffer> {
    if (version !== canonicalVersion(version)) throw new Error(`version ${version} is not canonical`);
    if (isPseudoVersion(version)) await this.stat(version);
    const { rev, dir, gomod } = await this.findDir(version);
    if (gomod) return gomod;
    try {
      return await this.code.readFile(rev, posix.join(dir, 'go.mod'), MAX_GO_MOD);
    } catch (e) {
      if (isNotExist(e)) return legacyGoMod(this.modPath);
      throw e;
    }
  }

  /** The retractions of the highest release's go.mod (the highest tag if none is a release). */
  private async retractedVersions(): Promise<(v: string) => boolean> {
    let versions = await this.versions('');
    const inc = versions.findIndex((v) => v.endsWith('+incompatible'));
    if (inc >= 0) versions = versions.slice(0, inc);
    if (versions.length === 0) return () => false;
    let highest = '';
    for (let i = versions.length - 1; i >= 0; i--) {
      if (semver.prerelease(versions[i]!) === '') {
        highest = versions[i]!;
        break;
      }
    }
    if (highest === '') highest = versions[versions.length - 1]!;
    const data = await this.goMod(highest);
    const f = parseModFile('go.mod', data.toString('utf8'), { lax: true });
    const retractions = f.retract.map((r) => ({ low: r.low, high: r.high }));
    return (v) => retractions.some((r) => semver.compare(r.low, v) <= 0 && semver.compare(v, r.high) <= 0);
  }

  async zip(version: string): Promise<Buffer> {
    if (version !== canonicalVersion(version)) throw new Error(`version ${version} is not canonical`);
    if (isPseudoVersion(version)) await this.stat(version);
    const { rev, dir } = await this.findDir(version);
    let subdir = dir;
    try {
      const gomod = await this.code.readFile(rev, posix.join(subdir, 'go.mod'), MAX_GO_MOD);
      const goVers = gover.goModLookup(gomod.toString('utf8'), 'go');
      if (gover.compare(goVers, this.goVersion) > 0) throw new gover.TooNewError(`${this.modPath}@${version}`, goVers, this.goVersion, this.tooNewExplain);
    } catch (e) {
      if (!isNotExist(e)) throw e;
    }
    const archive = await this.code.readZip(rev, subdir, MAX_ZIP_FILE);
    if (archive.length > MAX_ZIP_FILE) throw new Error('downloaded zip file too large');
    subdir = subdir.replace(/^\/+|\/+$/g, '');
    if (subdir !== '') subdir += '/';
    const files: ZipSourceFile[] = [];
    let haveLICENSE = false;
    let topPrefix = '';
    for (const zf of readZip(archive)) {
      if (topPrefix === '') {
        const i = zf.name.indexOf('/');
        if (i < 0) throw new Error('missing top-level directory prefix');
        topPrefix = zf.name.slice(0, i + 1);
      }
      if (!zf.name.startsWith(topPrefix)) throw new Error('zip file contains more than one top-level directory');
      let name = zf.name.slice(topPrefix.length);
      if (!name.startsWith(subdir)) continue;
      name = name.slice(subdir.length);
      if (name === '' || name.endsWith('/')) continue;
      files.push({ path: name, mode: zf.mode, size: zf.size, data: () => zf.data() });
      if (name === 'LICENSE') haveLICENSE = true;
    }
    if (!haveLICENSE && subdir !== '') {
      try {
        const data = await this.code.readFile(rev, 'LICENSE', MAX_LICENSE);
        files.push({ path: 'LICENSE', mode: 0o100644, size: data.length, data: () => data });
      } catch {
        // no LICENSE at the root either
      }
    }
    return createModuleZip({ path: this.modPath, version }, files);
  }
}

export { UnknownRevisionError };
