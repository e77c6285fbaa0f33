// go get's command-line arguments (go's modget query): parsing, validation and how a resolved
// argument is named in messages. Pure.
import { isAbsolute } from 'node:path';
import type { Version } from '../lib/module.js';
import { matchPattern, treeCanMatchPattern } from '../load/pkgpattern.js';

/** One `path@version` argument. */
export interface GetQuery {
  /** The argument as given ("" for the implicit "." of a bare `go get`). */
  raw: string;
  /** The version after "@" as given ("" when there was none). */
  rawVersion: string;
  pattern: string;
  patternIsLocal: boolean;
  /** The version query ("upgrade", "patch" or rawVersion). */
  version: string;
  matchWildcard?: (path: string) => boolean;
  canMatchWildcardInModule?: (mPath: string) => boolean;
  /** Whether the argument named packages (set while resolving). */
  matchesPackages: boolean;
  /** Modules resolved for this argument. */
  resolved: Version[];
  /** The first conflicting argument reported. */
  conflict?: GetQuery;
}

const isToolchain = (p: string): boolean => p === 'go' || p === 'toolchain';
const isRelativePath = (p: string): boolean => p === '.' || p === '..' || p.startsWith('./') || p.startsWith('../');
const isMetaPackage = (p: string): boolean => p === 'std' || p === 'cmd' || p === 'all' || p === 'tool' || p === 'work';

/** go's ParsePathVersion. */
export function parsePathVersion(arg: string): { path: string; version: string; found: boolean } {
  const i = arg.indexOf('@');
  if (i < 0) return { path: arg, version: '', found: false };
  const version = arg.slice(i + 1);
  if (version.length > 0 && (version[0] === '-' || version[0] === '/')) throw new Error(`invalid module version ${JSON.stringify(version)}`);
  return { path: arg.slice(0, i), version, found: true };
}

/**
 * go's newQuery and validate: upgrade is the default version ("patch" with -u=patch). Throws go's
 * error text (without "go: ").
 */
export function newQuery(raw: string, getU: string, hasModRoot = true): GetQuery {
  const { path: pattern, version: rawVersion, found } = parsePathVersion(raw);
  if (found && (rawVersion.includes('@') || rawVersion === '')) throw new Error(`invalid module version syntax ${JSON.stringify(raw)}`);
  const version = rawVersion !== '' ? rawVersion : getU === '' ? 'upgrade' : getU;
  const q: GetQuery = {
    raw, rawVersion, pattern, version,
    patternIsLocal: isAbsolute(pattern) || isRelativePath(pattern),
    matchesPackages: false,
    resolved: [],
  };
  if (pattern.includes('...')) {
    q.matchWildcard = matchPattern(pattern);
    q.canMatchWildcardInModule = treeCanMatchPattern(pattern);
  }
  if (q.patternIsLocal) {
    if (rawVersion !== '') throw new Error(`can't request explicit version ${JSON.stringify(rawVersion)} of path ${JSON.stringify(pattern)} in main module`);
    return q;
  }
  if (pattern === 'all') {
    if (!hasModRoot) throw new Error('cannot match "all": go.mod file not found in current directory or any parent directory; see \'go help modules\'');
    if (version !== 'upgrade' && version !== 'patch') throw new Error(`can't request version ${JSON.stringify(version)} of pattern "all" that includes the main module`);
  }
  if (isMetaPackage(pattern) && pattern !== 'all' && pattern !== raw) {
    if (pattern === 'tool') throw new Error(`can't request explicit version of "tool" pattern`);
    throw new Error(`can't request explicit version of standard-library pattern ${JSON.stringify(pattern)}`);
  }
  return q;
}

export const isWildcard = (q: GetQuery): boolean => q.matchWildcard !== undefined || (q.patternIsLocal && q.pattern.includes('...'));

/** go's query.matchesPath. */
export function matchesPath(q: GetQuery, path: string): boolean {
  if (q.matchWildcard && !isToolchain(path)) return q.matchWildcard(path);
  return path === q.pattern;
}

/** go's canMatchInModule: whether module mPath could hold a path the argument matches. */
export function canMatchInModule(q: GetQuery, mPath: string): boolean {
  if (isToolchain(mPath)) return false;
  if (q.canMatchWildcardInModule) return q.canMatchWildcardInModule(mPath);
  return q.pattern === mPath || q.pattern.startsWith(mPath + '/');
}

/** go's query.String. */
export const queryString = (q: GetQuery): string => q.raw;

/** go's ResolvedString: how an argument that resolved to m is named in a conflict. */
export function resolvedString(q: GetQuery, m: Version): string {
  const mv = m.version === '' ? m.path : `${m.path}@${m.version}`;
  if (m.path !== q.pattern) {
    if (m.version !== q.version) return `${mv} (matching ${q.pattern}@${q.version})`;
    return `${mv} (matching ${queryString(q)})`;
  }
  if (m.version !== q.version) return `${q.pattern}@${q.version} (${m.version})`;
  return queryString(q);
}

const quoteMeta = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** go's reportError: the error line for q ("go: " included), naming the argument unless the error does. */
export function queryErrorText(q: GetQuery, errStr: string): string {
  const patternRE = new RegExp('(?:[ \\t("`]|^)' + quoteMeta(q.pattern) + '(?:[ @:;)"`]|$)', 'm');
  if (patternRE.test(errStr)) {
    if (q.rawVersion === '') return `go: ${errStr}`;
    const versionRE = new RegExp('(?:[ @("`]|^)' + quoteMeta(q.version) + '(?:[ :;)"`]|$)', 'm');
    if (versionRE.test(errStr)) return `go: ${errStr}`;
  }
  const qs = queryString(q);
  return qs !== '' ? `go: ${qs}: ${errStr}` : `go: ${errStr}`;
}

/** go's conflictError text. */
export function conflictErrorText(mPath: string, proposed: { version: string; reason: GetQuery }, conflict: { version: string; reason: GetQuery }): string {
  const argStr = (q: GetQuery, v: string): string => (v !== q.version ? `${q.pattern}@${q.version} (${v})` : queryString(q));
  const pq = proposed.reason;
  const modDetail = mPath !== pq.pattern ? `for module ${mPath}, ` : '';
  return `${modDetail}${argStr(pq, proposed.version)} conflicts with ${argStr(conflict.reason, conflict.version)}`;
}

/** go's QueryMatchesMainModulesError text for one main module. */
export function mainModuleQueryError(mainPath: string, pattern: string, query: string): string {
  if (pattern === mainPath) return `can't request version ${JSON.stringify(query)} of the main module (${pattern})`;
  return `can't request version ${JSON.stringify(query)} of pattern ${JSON.stringify(pattern)} that includes the main module (${mainPath})`;
}

/** go's QueryMatchesPackagesInMainModuleError text. */
export function packagesInMainModuleText(pattern: string, query: string, pkgs: readonly string[]): string {
  if (pkgs.length > 1) return `pattern ${pattern} matches ${pkgs.length} packages in the main module, so can't request version ${query}`;
  if (isMetaPackage(pattern) || pattern.includes('...')) return `pattern ${pattern} matches package ${pkgs[0]} in the main module, so can't request version ${query}`;
  return `package ${pkgs[0]} is in the main module, so can't request version ${query}`;
}
