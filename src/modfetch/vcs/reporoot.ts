// Finding a module path's repository (go's vcs.RepoRootForImportPath): the static table, then the
// go-import tags served at https://<path>?go-get=1 (http too under GOINSECURE), then Launchpad.
import { goQuote } from '../../lib/goquote.js';
import { run } from '../codehost/run.js';
import { responseError, type Response, type Web } from '../web.js';
import { checkGOVCS } from './govcs.js';
import { hasPathPrefix, ImportMismatchError, matchGoImport, parseMetaGoImports, type MetaImport } from './metaimport.js';
import { isSecureScheme, matchVCSPaths, UnknownSiteError, validateRepoRoot, validateRepoSubDir, VCS_PATHS, VCS_PATHS_AFTER_DYNAMIC, VCS_SCHEMES } from './vcspaths.js';

type Env = Readonly<Record<string, string | undefined>>;

export interface RepoRoot {
  /** The repository URL, with scheme. */
  repo: string;
  /** The import path of the repository root (with subDir). */
  root: string;
  subDir: string;
  /** The tool's command name ("git", "hg", ...) or "mod" for a proxy named by a go-import tag. */
  vcs: string;
}

/** The cmd/go test hook: vcs-test.golang.org served on loopback (only under cmd/go's script harness). */
export interface VCSTestHook {
  /** http://host:port of the plain server. */
  repoURL: string;
  hosts: string[];
}

export interface RootOptions {
  web: Web;
  env: Env;
  govcs: string;
  goprivate: string;
  /** Where ping commands run (GOMODCACHE). */
  pingDir: string;
  trace?: (line: string) => void;
  vcsTest?: VCSTestHook;
}

/** An error about an import path (its text always names the path). */
export class ImportPathError extends Error {
  constructor(
    readonly importPath: string,
    message: string,
  ) {
    super(message);
    this.name = 'ImportPathError';
  }
}

/** Whether u names a loopback host. */
export function isLocalHost(host: string): boolean {
  const h = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\./.test(h);
}

/** interceptVCSTest: a repository on the vcs-test host becomes the loopback server's URL. */
function interceptVCSTest(repo: string, vcs: string, secure: boolean, o: RootOptions): string | undefined {
  if (!o.vcsTest || vcs === 'mod') return undefined;
  const sep = repo.indexOf('://');
  if (sep >= 0) {
    if (secure && !isSecureScheme(vcs, repo.slice(0, sep), o.env)) return undefined;
    repo = repo.slice(sep + 3);
  }
  for (const host of o.vcsTest.hosts) {
    if (hasPathPrefix(repo, host)) return o.vcsTest.repoURL + repo.slice(host.length);
  }
  return undefined;
}

/** GET https://<importPath>?go-get=1, falling back to http:// when insecure is allowed (go's web.Get with a schemeless URL). */
async function getMeta(web: Web, importPath: string, secure: boolean): Promise<Response> {
  const slash = importPath.indexOf('/');
  const host = slash < 0 ? importPath : importPath.slice(0, slash);
  const path = slash < 0 ? '/' : importPath.slice(slash);
  if (!host.includes('.')) throw new Error('import path does not begin with hostname');
  const mk = (scheme: string): URL => new URL(`${scheme}://${host}${encodeURI(path)}?go-get=1`);
  try {
    return await web.get(mk('https'));
  } catch (e) {
    if (secure) throw e;
  }
  return web.get(mk('http'));
}

const metaCache = new Map<string, Promise<{ url: string; imports: MetaImport[] }>>();

/** Forgets the go-import tags fetched so far (resident server: a page may change between requests). */
export function forgetMetaImports(): void {
  metaCache.clear();
}

/** The go-import tags served for a root named by another page's tag (memoized per prefix). */
function metaImportsForPrefix(prefix: string, preferMod: boolean, secure: boolean, o: RootOptions): Promise<{ url: string; imports: MetaImport[] }> {
  let p = metaCache.get(prefix);
  if (!p) {
    p = (async () => {
      let resp: Response;
      try {
        resp = await getMeta(o.web, prefix, secure);
      } catch (e) {
        throw new Error(`fetching ${prefix}: ${(e as Error).message}`);
      }
      const imports = metaImportsOf(resp, preferMod, resp.url);
      if (imports.length === 0) throw new Error(`fetching ${prefix}: no go-import meta tag found in ${resp.url}`);
      return { url: resp.url, imports };
    })();
    p.catch(() => undefined);
    metaCache.set(prefix, p);
  }
  return p;
}

/**
 * The go-import tags of a ?go-get=1 response. As go: an HTTP error status wins when no tag was found,
 * then a parse error (named after what, the page or the path asked for).
 */
function metaImportsOf(resp: Response, preferMod: boolean, what: string): MetaImport[] {
  let imports: MetaImport[] = [];
  let perr: Error | undefined;
  try {
    imports = parseMetaGoImports(resp.body.toString('utf8'), preferMod);
  } catch (e) {
    perr = e as Error;
  }
  if (imports.length === 0) {
    const re = responseError(resp);
    if (re) throw re;
  }
  if (perr) throw new Error(`parsing ${what}: ${perr.message}`);
  return imports;
}

/** repoRootForImportDynamic: the root named by the path's go-import tags, verified at the root itself. */
async function repoRootForImportDynamic(importPath: string, preferMod: boolean, secure: boolean, o: RootOptions): Promise<RepoRoot> {
  let resp: Response;
  try {
    resp = await getMeta(o.web, importPath, secure);
  } catch (e) {
    throw new Error(`${secure ? '' : 'http/'}https fetch: ${(e as Error).message}`);
  }
  const imports = metaImportsOf(resp, preferMod, importPath);
  let mmi: MetaImport;
  try {
    mmi = matchGoImport(imports, importPath);
  } catch (e) {
    if (!(e instanceof ImportMismatchError)) throw new Error(`parse ${resp.url}: ${(e as Error).message}`);
    throw new Error(`parse ${resp.url}: no go-import meta tags (${e.message})`);
  }
  if (mmi.prefix !== importPath) {
    const r2 = await metaImportsForPrefix(mmi.prefix, preferMod, secure, o);
    let m2: MetaImport | undefined;
    try {
      m2 = matchGoImport(r2.imports, importPath);
    } catch {
      m2 = undefined;
    }
    if (!m2 || m2.prefix !== mmi.prefix || m2.vcs !== mmi.vcs || m2.repoRoot !== mmi.repoRoot || m2.subDir !== mmi.subDir) {
      throw new Error(`${resp.url} and ${r2.url} disagree about go-import for ${mmi.prefix}`);
    }
  }
  const sub = validateRepoSubDir(mmi.subDir);
  if (sub) throw new Error(`${resp.url}: invalid subdirectory ${goQuote(mmi.subDir)}: ${sub}`);
  const rr = validateRepoRoot(mmi.repoRoot);
  if (rr) throw new Error(`${resp.url}: invalid repo root ${goQuote(mmi.repoRoot)}: ${rr}`);
  if (mmi.vcs !== 'mod' && !VCS_SCHEMES[mmi.vcs]) throw new Error(`${resp.url}: unknown vcs ${goQuote(mmi.vcs)}`);
  const gerr = checkGOVCS(o.govcs, o.goprivate, mmi.vcs, mmi.prefix);
  if (gerr) throw gerr;
  const repo = interceptVCSTest(mmi.repoRoot, mmi.vcs, secure, o) ?? mmi.repoRoot;
  return { repo, root: mmi.prefix, subDir: mmi.subDir, vcs: mmi.vcs };
}

/** repoRootFromVCSPaths: a table entry's root; for "x.git"-style paths the first scheme that answers a ping. */
async function repoRootFromVCSPaths(importPath: string, secure: boolean, table: typeof VCS_PATHS, o: RootOptions): Promise<RepoRoot> {
  const m = matchVCSPaths(importPath, table);
  const gerr = checkGOVCS(o.govcs, o.goprivate, m.vcs, m.root);
  if (gerr) throw gerr;
  if (!m.schemeless) return { repo: m.repo, root: m.root, subDir: '', vcs: m.vcs };
  const intercepted = interceptVCSTest(m.repo, m.vcs, secure, o);
  if (intercepted !== undefined) return { repo: intercepted, root: m.root, subDir: '', vcs: m.vcs };
  for (const s of VCS_SCHEMES[m.vcs] ?? []) {
    if (secure && !isSecureScheme(m.vcs, s, o.env)) continue;
    const ping = pingCommand(m.vcs, s, m.repo);
    if (!ping) return { repo: `${s}://${m.repo}`, root: m.root, subDir: '', vcs: m.vcs };
    try {
      await run(ping, { dir: o.pingDir, baseEnv: o.env, trace: o.trace });
      return { repo: `${s}://${m.repo}`, root: m.root, subDir: '', vcs: m.vcs };
    } catch {
      // next scheme
    }
  }
  throw new Error(`no ${secure ? 'secure ' : ''}protocol found for repository`);
}

/** The command that checks a scheme works for a repository (none for fossil). */
function pingCommand(vcs: string, scheme: string, repo: string): string[] | undefined {
  const url = `${scheme}://${repo}`;
  switch (vcs) {
    case 'git':
      return ['git', 'ls-remote', url];
    case 'hg':
      return ['hg', 'identify', '--', url];
    case 'svn':
      return ['svn', 'info', '--', url];
    case 'bzr':
      return ['bzr', 'info', '--', url];
    default:
      return undefined;
  }
}

/** RepoRootForImportPath in module mode (go-import "mod" entries preferred). */
export async function repoRootForImportPath(importPath: string, secure: boolean, o: RootOptions): Promise<RepoRoot> {
  let rr: RepoRoot | undefined;
  let err: Error | undefined;
  try {
    rr = await repoRootFromVCSPaths(importPath, secure, VCS_PATHS, o);
  } catch (e) {
    if (e instanceof UnknownSiteError) {
      try {
        rr = await repoRootForImportDynamic(importPath, true, secure, o);
      } catch (e2) {
        err = new ImportPathError(importPath, `unrecognized import path ${goQuote(importPath)}: ${(e2 as Error).message}`);
      }
    } else {
      err = e as Error;
    }
  }
  if (err) {
    try {
      rr = await repoRootFromVCSPaths(importPath, secure, VCS_PATHS_AFTER_DYNAMIC, o);
      err = undefined;
    } catch {
      // keep the first error
    }
  }
  if (err) throw err;
  if (importPath.includes('...') && rr!.root.includes('...')) throw new ImportPathError(importPath, `cannot expand ... in ${goQuote(importPath)}`);
  return rr!;
}
