// A git repository as go's codehost gitRepo keeps it: a bare repository under
// $GOMODCACHE/cache/vcs/<hash> with remote "origin", fetched shallowly per ref and fully when needed.
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { mkdirAll } from '../../base/mkdirall.js';
import { join } from 'node:path';
import * as semver from '../../lib/semver.js';
import { isPseudoVersion } from '../../lib/pseudo.js';
import { lockFile, type Unlock } from '../lock.js';
import type { Origin } from '../revinfo.js';
import { allHex, FileNotExistError, NoCommitsError, NotExistWrap, shortenSHA1, UnknownRevisionError, workDir, type CodeRepo, type CodeRevInfo, type Tags } from './codehost.js';
import { run, RunError } from './run.js';

type Env = Readonly<Record<string, string | undefined>>;

export interface GitOptions {
  gomodcache: string;
  env: Env;
  trace?: (line: string) => void;
  /** Reports whether GET url answers "not found" (a failed ls-remote then counts as not-exist). */
  urlNotFound: (url: string) => Promise<boolean>;
}

const FETCH_NONE = 0;
const FETCH_SOME = 1;
const FETCH_ALL = 2;
const MIN_HASH_DIGITS = 7;

/** go's %q for tag and ref names in tag and repo sums (ASCII names are quoted as JSON would). */
function quote(s: string): string {
  return JSON.stringify(s);
}

/** A tag that counts for the origin's tag sum: a canonical-prefixed semver that is no pseudo-version. */
function isOriginTag(tag: string): boolean {
  const c = semver.canonical(tag);
  return c !== '' && tag.startsWith(c) && !isPseudoVersion(tag);
}

export class GitRepo implements CodeRepo {
  private fetchLevel = FETCH_NONE;
  private refsMemo?: Promise<Map<string, string>>;
  private localTagsMemo?: Promise<Set<string>>;
  private readonly statMemo = new Map<string, Promise<CodeRevInfo>>();
  private sha256Hashes = false;
  /** The remote as git commands name it: the URL while the cache repository is made, then "origin". */
  private remote: string;

  private constructor(
    readonly remoteURL: string,
    readonly dir: string,
    private readonly lockPath: string,
    private readonly o: GitOptions,
  ) {
    this.remote = remoteURL;
  }

  /** Opens (making it if needed) the cache repository for remote, a URL. */
  static async open(remote: string, o: GitOptions): Promise<GitRepo> {
    if (!remote.includes('://')) {
      if (remote.includes(':')) throw new Error(`git remote (${remote}) must not be local directory (use URL syntax not host:path syntax)`);
      throw new Error(`git remote (${remote}) must not be local directory`);
    }
    const wd = await workDir(o.gomodcache, 'git3', remote, o.trace);
    const r = new GitRepo(remote, wd.dir, wd.lock, o);
    const unlock = await r.lock();
    try {
      if (!existsSync(join(r.dir, 'objects'))) {
        let sha256 = false;
        try {
          const refs = await r.loadRefs();
          for (const h of refs.values()) {
            sha256 = h.length === 64;
            break;
          }
        } catch {
          // the init goes on; the error comes back on first use
        }
        const flag = sha256 ? ['--object-format=sha256'] : (await gitSupportsSHA256(o.env)) ? ['--object-format=sha1'] : [];
        try {
          await run(['git', 'init', '--bare', ...flag], { dir: r.dir, baseEnv: o.env, trace: o.trace });
          await r.git(['git', 'remote', 'add', 'origin', '--', remote]);
        } catch (e) {
          rmSync(r.dir, { recursive: true, force: true });
          throw e;
        }
      }
      r.sha256Hashes = await r.checkConfigSHA256();
      r.remote = 'origin';
    } finally {
      await unlock();
    }
    return r;
  }

  private lock(): Promise<Unlock> {
    return lockFile(this.lockPath);
  }

  private git(args: string[]): Promise<Buffer> {
    return run(args, { dir: this.dir, env: { GIT_DIR: this.dir }, baseEnv: this.o.env, trace: this.o.trace });
  }

  private async checkConfigSHA256(): Promise<boolean> {
    try {
      return (await this.git(['git', 'config', 'extensions.objectformat'])).toString().trim() === 'sha256';
    } catch {
      return false;
    }
  }

  private hexHashLen(): number {
    return this.sha256Hashes ? 64 : 40;
  }

  private shortenHash(rev: string): string {
    if (!this.sha256Hashes) return shortenSHA1(rev);
    return allHex(rev) && rev.length === 64 ? rev.slice(0, 12) : rev;
  }

  /** The remote's HEAD, branches and tags (annotated tags resolved to their commits), from `git ls-remote`. */
  loadRefs(): Promise<Map<string, string>> {
    this.refsMemo ??= (async () => {
      let out: Buffer;
      try {
        out = await this.git(['git', 'ls-remote', '-q', '--end-of-options', this.remote]);
      } catch (e) {
        let err = e as Error;
        if (err instanceof RunError && err.stderr.includes('fatal: could not read Username')) {
          err.setHelpText('Confirm the import path was entered correctly.\nIf this is a private repository, see https://golang.org/doc/faq#git_https for additional information.');
        }
        if (/^https?:\/\//.test(this.remoteURL) && (await this.o.urlNotFound(this.remoteURL).catch(() => false))) err = new NotExistWrap(err);
        throw err;
      }
      const refs = new Map<string, string>();
      for (const line of out.toString('utf8').split('\n')) {
        const f = line.split(/\s+/).filter((x) => x !== '');
        if (f.length !== 2) continue;
        if (f[1] === 'HEAD' || f[1]!.startsWith('refs/heads/') || f[1]!.startsWith('refs/tags/')) refs.set(f[1]!, f[0]!);
      }
      for (const [ref, hash] of [...refs]) {
        if (ref.endsWith('^{}')) {
          refs.set(ref.slice(0, -3), hash);
          refs.delete(ref);
        }
      }
      return refs;
    })();
    this.refsMemo.catch(() => undefined);
    return this.refsMemo;
  }

  async tags(prefix: string): Promise<Tags> {
    const refs = await this.loadRefs();
    const origin: Origin = { VCS: 'git', URL: this.remoteURL, TagPrefix: prefix };
    const list: { name: string; hash: string }[] = [];
    for (const [ref, hash] of refs) {
      if (!ref.startsWith('refs/tags/')) continue;
      const tag = ref.slice('refs/tags/'.length);
      if (tag.startsWith(prefix)) list.push({ name: tag, hash });
    }
    list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const dir = prefix.slice(0, prefix.lastIndexOf('/') + 1);
    const h = createHash('sha256');
    for (const t of list) if (isOriginTag(t.name.startsWith(dir) ? t.name.slice(dir.length) : t.name)) h.update(`${quote(t.name)} ${t.hash}\n`);
    origin.TagSum = 't1:' + h.digest('base64');
    return { origin, list };
  }

  /** go's CheckReuse: the refs (one ls-remote, no fetch) must still give old's ref, tag sum and repo sum. */
  async checkReuse(old: Origin, subdir: string): Promise<void> {
    const q = (x: string | undefined): string => JSON.stringify(x ?? '');
    if (old.VCS !== 'git' || old.URL !== this.remoteURL) throw new Error(`origin moved from ${old.VCS ?? ''} ${q(old.URL)} to git ${q(this.remoteURL)}`);
    if ((old.Subdir ?? '') !== subdir) throw new Error(`origin moved from ${old.VCS} ${q(old.URL)} ${q(old.Subdir)} to git ${q(this.remoteURL)} ${q(subdir)}`);
    // A Hash alone is taken to still be in the repository; with none of these there is nothing to check.
    if (!old.Hash && !old.TagSum && !old.RepoSum) throw new Error('non-specific origin');
    const refs = await this.loadRefs();
    if (old.Ref) {
      const hash = refs.get(old.Ref);
      if (hash === undefined) throw new Error(`ref ${q(old.Ref)} deleted`);
      if (hash !== (old.Hash ?? '')) throw new Error(`ref ${q(old.Ref)} moved from ${old.Hash ?? ''} to ${hash}`);
    }
    if (old.TagSum && (await this.tags(old.TagPrefix ?? '')).origin.TagSum !== old.TagSum) throw new Error('tags changed');
    if (old.RepoSum && this.repoSum(refs) !== old.RepoSum) throw new Error('refs changed');
  }

  private repoSum(refs: Map<string, string>): string {
    const h = createHash('sha256');
    for (const ref of [...refs.keys()].sort()) h.update(`${quote(ref)} ${refs.get(ref)}\n`);
    return 'r1:' + h.digest('base64');
  }

  private unknownRevision(rev: string, refs?: Map<string, string>): UnknownRevisionError {
    const e = new UnknownRevisionError(rev);
    if (refs) e.origin = { VCS: 'git', URL: this.remoteURL, RepoSum: this.repoSum(refs) };
    return e;
  }

  async latest(): Promise<CodeRevInfo> {
    const refs = await this.loadRefs();
    const head = refs.get('HEAD');
    if (!head) throw new NoCommitsError();
    const info = await this.stat(head);
    return { ...info, origin: { ...(info.origin ?? {}), Ref: 'HEAD', Hash: head } };
  }

  stat(rev: string): Promise<CodeRevInfo> {
    if (rev === 'latest') return this.latest();
    let p = this.statMemo.get(rev);
    if (!p) {
      p = this.statUncached(rev);
      p.catch(() => undefined);
      this.statMemo.set(rev, p);
    }
    return p.then((i) => ({ ...i, tags: [...i.tags], origin: i.origin ? { ...i.origin } : undefined }));
  }

  private localTags(): Promise<Set<string>> {
    this.localTagsMemo ??= this.git(['git', 'tag', '-l']).then(
      (out) => new Set(out.toString('utf8').split('\n').filter((l) => l !== '')),
      () => new Set<string>(),
    );
    return this.localTagsMemo;
  }

  private isHashLike(rev: string): boolean {
    return rev.length >= MIN_HASH_DIGITS && rev.length <= this.hexHashLen() && allHex(rev);
  }

  private async statUncached(rev: string): Promise<CodeRevInfo> {
    let didStatLocal = false;
    if (this.isHashLike(rev)) {
      try {
        return await this.statLocal(rev, rev);
      } catch {
        didStatLocal = true;
      }
    }
    if ((await this.localTags()).has(rev)) return this.statLocal(rev, 'refs/tags/' + rev);

    const refs = await this.loadRefs();
    let ref = '';
    let hash = '';
    if (refs.get('refs/tags/' + rev)) {
      ref = 'refs/tags/' + rev;
      hash = refs.get(ref)!;
    } else if (refs.get('refs/heads/' + rev)) {
      ref = 'refs/heads/' + rev;
      hash = refs.get(ref)!;
      rev = hash;
    } else if (rev === 'HEAD' && refs.get('HEAD')) {
      ref = 'HEAD';
      hash = refs.get(ref)!;
      rev = hash;
    } else if (this.isHashLike(rev)) {
      const prefix = rev;
      for (const [k, h] of refs) {
        if (!h.startsWith(prefix)) continue;
        if (hash !== '' && hash !== h) throw new Error(`ambiguous revision ${rev}`);
        if (ref === '' || ref > k) ref = k;
        rev = h;
        hash = h;
      }
      if (hash === '' && rev.length === this.hexHashLen()) hash = rev;
    } else {
      throw this.unknownRevision(rev, refs);
    }

    const finish = (info: CodeRevInfo): CodeRevInfo => {
      const origin: Origin = { ...(info.origin ?? {}), Hash: info.name };
      if (ref !== info.name) {
        if (ref === '') delete origin.Ref;
        else origin.Ref = ref;
      }
      return { ...info, origin };
    };

    const unlock = await this.lock();
    try {
      if (!didStatLocal) {
        let info: CodeRevInfo | undefined;
        try {
          info = await this.statLocal(rev, hash);
        } catch {
          // fetch below
        }
        if (info) {
          const tag = ref.startsWith('refs/tags/') ? ref.slice('refs/tags/'.length) : undefined;
          if (tag !== undefined && !info.tags.includes(tag)) {
            await this.git(['git', 'tag', '--end-of-options', tag, hash]);
            (await this.localTags()).add(tag);
            return finish(await this.statLocal(rev, ref));
          }
          return finish(info);
        }
      }
      if (this.fetchLevel <= FETCH_SOME && ref !== '' && hash !== '') {
        this.fetchLevel = FETCH_SOME;
        let refspec: string;
        if (ref === 'HEAD') {
          ref = hash;
          refspec = hash + ':refs/dummy';
        } else {
          refspec = ref + ':' + ref;
        }
        let ok = true;
        try {
          await this.git(['git', '-c', 'protocol.version=2', 'fetch', '-f', '--depth=1', '--end-of-options', this.remote, refspec]);
        } catch {
          ok = false;
        }
        if (ok) return finish(await this.statLocal(rev, ref));
      }
      await this.fetchRefsLocked();
      return finish(await this.statLocal(rev, rev));
    } finally {
      await unlock();
    }
  }

  /** Fetches every branch and tag (and unshallows); caller holds the lock. */
  private async fetchRefsLocked(): Promise<void> {
    if (this.fetchLevel >= FETCH_ALL) return;
    await this.git(['git', 'fetch', '-f', '--end-of-options', this.remote, 'refs/heads/*:refs/heads/*', 'refs/tags/*:refs/tags/*']);
    if (existsSync(join(this.dir, 'shallow'))) await this.git(['git', 'fetch', '--unshallow', '-f', '--end-of-options', this.remote]);
    this.fetchLevel = FETCH_ALL;
  }

  private async statLocal(version: string, rev: string): Promise<CodeRevInfo> {
    let out: Buffer;
    try {
      out = await this.git(['git', '-c', 'log.showsignature=false', 'log', '--no-decorate', '-n1', '--format=format:%H %ct %D', '--end-of-options', rev, '--']);
    } catch {
      let refs: Map<string, string> | undefined;
      try {
        refs = await this.loadRefs();
      } catch {
        // no origin then
      }
      throw this.unknownRevision(rev, refs);
    }
    const f = out.toString('utf8').split(/\s+/).filter((x) => x !== '');
    if (f.length < 2) throw new Error(`unexpected response from git log: ${JSON.stringify(out.toString('utf8'))}`);
    const hash = f[0]!;
    if (hash.startsWith(version)) version = hash;
    const t = Number(f[1]);
    if (!Number.isInteger(t)) throw new Error(`invalid time from git log: ${JSON.stringify(out.toString('utf8'))}`);
    const origin: Origin = { VCS: 'git', URL: this.remoteURL, Hash: hash };
    if (!hash.startsWith(rev)) origin.Ref = rev;
    const tags: string[] = [];
    for (let i = 2; i < f.length; i++) {
      if (f[i] === 'tag:' && i + 1 < f.length) tags.push(f[++i]!.replace(/,$/, ''));
    }
    try {
      for (const [ref, h] of await this.loadRefs()) if (h === hash && ref.startsWith('refs/tags/')) tags.push(ref.slice('refs/tags/'.length));
    } catch {
      // local tags only
    }
    const sorted = [...new Set(tags)].sort();
    const info: CodeRevInfo = { origin, name: hash, short: this.shortenHash(hash), time: t, version: hash, tags: sorted };
    if (sorted.includes(version)) info.version = version;
    return info;
  }

  async readFile(rev: string, file: string): Promise<Buffer> {
    const info = await this.stat(rev);
    try {
      return await this.git(['git', 'cat-file', '--end-of-options', 'blob', `${info.name}:${file}`]);
    } catch {
      throw new FileNotExistError();
    }
  }

  async recentTag(rev: string, prefix: string, allowed: (tag: string) => boolean): Promise<string> {
    const info = await this.stat(rev);
    rev = info.name;
    const describe = async (): Promise<{ tag: string; definitive: boolean }> => {
      const out = await this.git(['git', 'for-each-ref', '--format=%(refname)', '--merged=' + rev]);
      let highest = '';
      for (let line of out.toString('utf8').split('\n')) {
        line = line.trim();
        if (!line.startsWith('refs/tags/')) continue;
        line = line.slice('refs/tags/'.length);
        if (!line.startsWith(prefix) || !allowed(line)) continue;
        const semtag = line.slice(prefix.length);
        if (semver.compare(semtag, highest) > 0) highest = semtag;
      }
      const tag = highest !== '' ? prefix + highest : '';
      return { tag, definitive: tag !== '' && !allHex(tag) };
    };
    const first = await describe();
    if (first.definitive) return first.tag;
    const tags = await this.tags(prefix + 'v');
    if (tags.list.length === 0) return '';
    const unlock = await this.lock();
    try {
      await this.fetchRefsLocked();
    } finally {
      await unlock();
    }
    return (await describe()).tag;
  }

  async descendsFrom(rev: string, tag: string): Promise<boolean> {
    const isAncestor = async (): Promise<boolean | Error> => {
      try {
        await this.git(['git', 'merge-base', '--is-ancestor', '--', tag, rev]);
        return true;
      } catch (e) {
        if (e instanceof RunError && e.exitCode === 1) return false;
        return e as Error;
      }
    };
    if ((await isAncestor()) === true) return true;
    const tags = await this.tags(tag);
    if (tags.list.length === 0) return false;
    await this.stat(rev);
    const unlock = await this.lock();
    try {
      await this.fetchRefsLocked();
      const r = await isAncestor();
      if (r instanceof Error) throw r;
      return r;
    } finally {
      await unlock();
    }
  }

  async readZip(rev: string, subdir: string): Promise<Buffer> {
    const info = await this.stat(rev);
    const unlock = await this.lock();
    try {
      ensureGitAttributes(this.dir);
      try {
        return await this.git(['git', '-c', 'core.autocrlf=input', '-c', 'core.eol=lf', 'archive', '--format=zip', '--prefix=prefix/', '--end-of-options', info.name, ...(subdir !== '' ? [subdir] : [])]);
      } catch (e) {
        if (e instanceof RunError && e.stderr.includes('did not match any files')) throw new FileNotExistError();
        throw e;
      }
    } finally {
      await unlock();
    }
  }
}

/** Turns off export-subst and export-ignore, so that archives hold the files as committed. */
function ensureGitAttributes(repoDir: string): void {
  const attr = '\n* -export-subst -export-ignore\n';
  const d = join(repoDir, 'info');
  mkdirAll(d);
  const p = join(d, 'attributes');
  let b = '';
  try {
    b = readFileSync(p, 'utf8');
  } catch {
    // new file
  }
  if (!b.endsWith(attr)) appendFileSync(p, attr, { mode: 0o666 });
}

let gitVersionMemo: Promise<string> | undefined;

/** git 2.29 and later take --object-format. */
async function gitSupportsSHA256(env: Env): Promise<boolean> {
  gitVersionMemo ??= run(['git', 'version'], { dir: '', baseEnv: env }).then(
    (out) => {
      const m = /git version\s+(\d+\.\d+(?:\.\d+)?)/.exec(out.toString());
      if (!m) throw new Error(`git version extraction regexp did not match version line: ${JSON.stringify(out.toString())}`);
      return 'v' + m[1];
    },
  );
  let v: string;
  try {
    v = await gitVersionMemo;
  } catch (e) {
    throw new Error(`unable to resolve git version: failed to execute git version: ${(e as Error).message}`);
  }
  return semver.compare('v2.29', v) <= 0;
}
