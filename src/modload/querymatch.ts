// Version-query matching (go's queryMatcher): which listed versions a query like "latest", "v1.2", ">=v1.3.0" accepts.
import * as gover from '../lib/gover.js';
import * as semver from '../lib/semver.js';
import { checkPathMajor, splitPathVersion } from '../lib/module.js';
import { isPseudoVersion } from '../lib/pseudo.js';

/** go's NoMatchingVersionError: nothing in the repository satisfies the query. */
export class NoMatchingVersionError extends Error {
  override name = 'NoMatchingVersionError';
  constructor(readonly query: string, readonly current = '') {
    const suffix = (query === 'upgrade' || query === 'patch') && current !== '' && current !== 'none' ? ` (current version is ${current})` : '';
    super(`no matching versions for query ${JSON.stringify(query)}${suffix}`);
  }
}

/** go's NoPatchBaseError: "patch" needs a current version. */
export class NoPatchBaseError extends Error {
  override name = 'NoPatchBaseError';
  constructor(readonly path: string) {
    super(`can't query version "patch" of module ${path}: no existing version is required`);
  }
}

/** An error meaning "this version is not allowed" (go's ErrDisallowed: excluded or retracted). */
export class DisallowedError extends Error {
  override name = 'DisallowedError';
}

/** The query is not a version or range: the repository resolves it as a revision (go's errRevQuery). */
export const REV_QUERY = Symbol('revision query');

export interface QueryMatcher {
  path: string;
  /** Only versions with this prefix are listed ("" for all). */
  prefix: string;
  /** Extra version filter. */
  filter?: (v: string) => boolean;
  /** The query names one version: stat it directly. */
  canStat: boolean;
  /** With no tagged match, the repository's latest (e.g. a pseudo-version) may do. */
  mayUseLatest: boolean;
  /** Pick the lowest match instead of the highest. */
  preferLower: boolean;
  /** Consider +incompatible versions even above a compatible version with a go.mod. */
  preferIncompatible: boolean;
}

/**
 * Builds the matcher for path@query given the current version ("" or "none" when none), or
 * REV_QUERY for a revision the repository must resolve. Throws go's errors for bad ranges.
 */
export function newQueryMatcher(path: string, query: string, current: string): QueryMatcher | typeof REV_QUERY {
  const bad = (v: string): never => { throw new Error(`invalid semantic version ${JSON.stringify(v)} in range ${JSON.stringify(query)}`); };
  const matchesMajor = (v: string): boolean => {
    const sp = splitPathVersion(path);
    return sp.ok && checkPathMajor(v, sp.pathMajor) === undefined;
  };
  const qm: QueryMatcher = {
    path, prefix: '', canStat: false, mayUseLatest: false, preferLower: false,
    preferIncompatible: current.endsWith('+incompatible'),
  };
  const cmp = (mv: string, v: string): number => gover.modCompare(path, mv, v);
  const range = (op: string, v: string): void => {
    if (!gover.modIsValid(path, v)) bad(v);
    if ((op === '<=' || op === '>') && gover.modIsPrefix(path, v)) {
      throw new Error(`ambiguous semantic version ${JSON.stringify(v)} in range ${JSON.stringify(query)}`);
    }
    qm.filter = op === '<=' ? (mv) => cmp(mv, v) <= 0 : op === '<' ? (mv) => cmp(mv, v) < 0 : op === '>=' ? (mv) => cmp(mv, v) >= 0 : (mv) => cmp(mv, v) > 0;
    qm.preferLower = op.startsWith('>');
    if (!matchesMajor(v)) qm.preferIncompatible = true;
  };
  const hasCurrent = current !== '' && current !== 'none';
  if (query === 'latest') {
    qm.mayUseLatest = true;
  } else if (query === 'upgrade') {
    if (!hasCurrent) qm.mayUseLatest = true;
    else {
      qm.mayUseLatest = isPseudoVersion(current);
      qm.filter = (mv) => cmp(mv, current) >= 0;
    }
  } else if (query === 'patch') {
    if (!hasCurrent) throw new NoPatchBaseError(path);
    qm.mayUseLatest = isPseudoVersion(current);
    qm.prefix = gover.modMajorMinor(path, current) + '.';
    qm.filter = (mv) => cmp(mv, current) >= 0;
  } else if (query.startsWith('<=')) range('<=', query.slice(2));
  else if (query.startsWith('<')) range('<', query.slice(1));
  else if (query.startsWith('>=')) range('>=', query.slice(2));
  else if (query.startsWith('>')) range('>', query.slice(1));
  else if (gover.modIsValid(path, query)) {
    if (gover.modIsPrefix(path, query)) {
      qm.prefix = query + '.';
      qm.filter = (mv) => cmp(mv, query) >= 0;
    } else {
      qm.canStat = true;
      qm.filter = (mv) => cmp(mv, query) === 0;
      qm.prefix = semver.canonical(query);
    }
    if (!matchesMajor(query)) qm.preferIncompatible = true;
  } else {
    return REV_QUERY;
  }
  return qm;
}

/** Whether v passes the matcher's prefix and filter (not the allowed check). */
export function matchesVersion(qm: QueryMatcher, v: string): boolean {
  if (qm.prefix !== '' && !v.startsWith(qm.prefix)) {
    if (!(gover.isToolchain(qm.path) && qm.prefix.replace(/\.$/, '') === v)) return false;
  }
  return !qm.filter || qm.filter(v);
}

/**
 * go's filterVersions: the allowed matching versions split into releases and pre-releases (in
 * the given ascending order). Above a compatible version that has a go.mod, +incompatible
 * versions are ignored unless the matcher prefers them.
 */
export async function filterVersions(
  qm: QueryMatcher,
  versions: readonly string[],
  allowed: (v: string) => Promise<boolean>,
  hasGoMod: (v: string) => Promise<boolean>,
): Promise<{ releases: string[]; prereleases: string[] }> {
  let needIncompatible = qm.preferIncompatible;
  let lastCompatible = '';
  const releases: string[] = [];
  const prereleases: string[] = [];
  for (const v of versions) {
    if (!matchesVersion(qm, v) || !(await allowed(v))) continue;
    if (!needIncompatible) {
      if (!v.endsWith('+incompatible')) lastCompatible = v;
      else if (lastCompatible !== '') {
        if (await hasGoMod(lastCompatible)) break;
        needIncompatible = true;
      }
    }
    if (gover.modIsPrerelease(qm.path, v)) prereleases.push(v);
    else releases.push(v);
  }
  return { releases, prereleases };
}

/** go's IsRevisionQuery: the query names a revision, not a version range or keyword. */
export function isRevisionQuery(path: string, query: string): boolean {
  if (query === 'latest' || query === 'upgrade' || query === 'patch') return false;
  if (query.startsWith('<') || query.startsWith('>')) return false;
  return !(gover.modIsValid(path, query) && gover.modIsPrefix(path, query));
}

/** go's ShortMessage: a one-line, printable, bounded form of an author's message. */
export function shortMessage(message: string, emptyDefault: string): string {
  const i = message.indexOf('\n');
  if (i >= 0) message = message.slice(0, i);
  message = message.trim();
  if (message === '') return emptyDefault;
  if (Buffer.byteLength(message) > 500) return '(message omitted: too long)';
  for (const ch of message) {
    if (!/[\p{L}\p{M}\p{N}\p{P}\p{S}\p{Zs}\s]/u.test(ch)) return '(message omitted: contains non-printable characters)';
  }
  return message;
}
