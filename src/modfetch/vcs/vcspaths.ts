// Import paths whose repository is known without asking the server: the hosting sites of go's
// table (github.com, bitbucket.org, ...) and paths naming the tool in an element suffix (host/x.git/y).
import { goQuote } from '../../lib/goquote.js';
import { hasPathPrefix } from './metaimport.js';

/** The version control tools go knows, by command name, with the URL schemes it tries for each. */
export const VCS_SCHEMES: Record<string, string[]> = {
  hg: ['https', 'http', 'ssh'],
  git: ['git', 'https', 'http', 'git+ssh', 'ssh'],
  svn: ['https', 'http', 'svn', 'svn+ssh'],
  bzr: ['https', 'http', 'bzr', 'bzr+ssh'],
  fossil: ['https', 'http'],
};

/** The commands in go's vcsList order. */
export const VCS_CMDS = ['hg', 'git', 'svn', 'bzr', 'fossil'];

/** A table entry: a path prefix, the pattern of full paths under it, and how to name the repository. */
export interface VcsPath {
  pathPrefix: string;
  regexp: RegExp;
  repo: string;
  vcs: string;
  check?: (match: Map<string, string>) => Error | undefined;
  schemelessRepo?: boolean;
}

/** The repository's name must not end in a tool suffix such as ".git" on these hosts. */
function noVCSSuffix(match: Map<string, string>): Error | undefined {
  const repo = match.get('repo') ?? '';
  for (const v of VCS_CMDS) if (repo.endsWith('.' + v)) return new Error(`invalid version control suffix in ${match.get('prefix')} path`);
  return undefined;
}

export const VCS_PATHS: VcsPath[] = [
  { pathPrefix: 'github.com', regexp: /^(?<root>github\.com\/[\w.-]+\/[\w.-]+)(\/[\w.-]+)*$/, vcs: 'git', repo: 'https://{root}', check: noVCSSuffix },
  { pathPrefix: 'bitbucket.org', regexp: /^(?<root>bitbucket\.org\/(?<bitname>[\w.-]+\/[\w.-]+))(\/[\w.-]+)*$/, vcs: 'git', repo: 'https://{root}', check: noVCSSuffix },
  { pathPrefix: 'hub.jazz.net/git', regexp: /^(?<root>hub\.jazz\.net\/git\/[a-z0-9]+\/[\w.-]+)(\/[\w.-]+)*$/, vcs: 'git', repo: 'https://{root}', check: noVCSSuffix },
  { pathPrefix: 'git.apache.org', regexp: /^(?<root>git\.apache\.org\/[a-z0-9_.-]+\.git)(\/[\w.-]+)*$/, vcs: 'git', repo: 'https://{root}' },
  { pathPrefix: 'git.openstack.org', regexp: /^(?<root>git\.openstack\.org\/[\w.-]+\/[\w.-]+)(\.git)?(\/[\w.-]+)*$/, vcs: 'git', repo: 'https://{root}' },
  { pathPrefix: 'chiselapp.com', regexp: /^(?<root>chiselapp\.com\/user\/[A-Za-z0-9]+\/repository\/[\w.-]+)$/, vcs: 'fossil', repo: 'https://{root}' },
  // Any server, with the tool named by the suffix of a path element. Must be last.
  {
    pathPrefix: '',
    regexp: /(?<root>(?<repo>([a-z0-9.-]+\.)+[a-z0-9.-]+(:[0-9]+)?(\/~?[\w.-]+)+?)\.(?<vcs>bzr|fossil|git|hg|svn))(\/~?[\w.-]+)*$/,
    vcs: '',
    repo: '',
    schemelessRepo: true,
  },
];

/** Entries tried only after the dynamic (go-import) lookup failed: Launchpad's bzr paths. */
export const VCS_PATHS_AFTER_DYNAMIC: VcsPath[] = [
  {
    pathPrefix: 'launchpad.net',
    regexp: /^(?<root>launchpad\.net\/((?<project>[\w.-]+)(?<series>\/[\w.-]+)?|~[\w.-]+\/(\+junk|[\w.-]+)\/[\w.-]+))(\/[\w.-]+)*$/,
    vcs: 'bzr',
    repo: 'https://{root}',
  },
];

/** Replaces each {key} of s with match's value, once, in one left-to-right pass. */
export function expand(match: Map<string, string>, s: string): string {
  return s.replace(/\{([^{}]*)\}/g, (all, k: string) => match.get(k) ?? all);
}

/** What a table entry says about a path: the tool, the repository root (a path) and the repo (schemeless or a URL). */
export interface StaticMatch {
  vcs: string;
  root: string;
  repo: string;
  schemeless: boolean;
}

/** The path needs a go-import lookup (go's errUnknownSite). */
export class UnknownSiteError extends Error {
  constructor() {
    super('dynamic lookup required to find mapping');
    this.name = 'UnknownSiteError';
  }
}

/**
 * repoRootFromVCSPaths without the network part: the entry matching importPath and its expansion.
 * Throws go's errors (bad path under a known host, "https://" in a path); UnknownSiteError if no entry applies.
 */
export function matchVCSPaths(importPath: string, table: VcsPath[]): StaticMatch {
  if (hasPathPrefix(importPath, 'example.net')) throw new Error('no modules on example.net');
  if (importPath === 'rsc.io') throw new Error('rsc.io is not a module');
  for (const prefix of ['http:', 'https:']) {
    if (importPath.startsWith(prefix)) throw new Error(`${goQuote(prefix + '//')} not allowed in import path`);
  }
  for (const srv of table) {
    if (!hasPathPrefix(importPath, srv.pathPrefix)) continue;
    const m = srv.regexp.exec(importPath);
    if (!m) {
      if (srv.pathPrefix !== '') throw new Error(`invalid ${srv.pathPrefix} import path ${goQuote(importPath)}`);
      continue;
    }
    const match = new Map<string, string>([
      ['prefix', srv.pathPrefix + '/'],
      ['import', importPath],
    ]);
    for (const [k, v] of Object.entries(m.groups ?? {})) if (!match.get(k) && v !== undefined) match.set(k, v);
    if (srv.vcs !== '') match.set('vcs', expand(match, srv.vcs));
    if (srv.repo !== '') match.set('repo', expand(match, srv.repo));
    const err = srv.check?.(match);
    if (err) throw err;
    const vcs = match.get('vcs') ?? '';
    if (!VCS_CMDS.includes(vcs)) throw new Error(`unknown version control system ${goQuote(vcs)}`);
    return { vcs, root: match.get('root') ?? '', repo: match.get('repo') ?? '', schemeless: srv.schemelessRepo === true };
  }
  throw new UnknownSiteError();
}

/** The schemes secure enough without GOINSECURE (git also honours GIT_ALLOW_PROTOCOL). */
export function isSecureScheme(vcs: string, scheme: string, env: Readonly<Record<string, string | undefined>>): boolean {
  if (vcs === 'git') {
    const allow = env.GIT_ALLOW_PROTOCOL;
    if (allow) return allow.split(':').includes(scheme);
  }
  return ['https', 'git+ssh', 'bzr+ssh', 'svn+ssh', 'ssh'].includes(scheme);
}

/** The repoRoot of a go-import tag must be a URL with a scheme other than file. */
export function validateRepoRoot(repoRoot: string): string | undefined {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(repoRoot);
  if (!m) return 'no scheme';
  if (m[1]!.toLowerCase() === 'file') return 'file scheme disallowed';
  return undefined;
}

/** The subdirectory of a go-import tag must not start with "/" or "-". */
export function validateRepoSubDir(subdir: string): string | undefined {
  if (subdir === '') return undefined;
  if (subdir[0] === '/') return 'leading slash';
  if (subdir[0] === '-') return 'leading hyphen';
  return undefined;
}
