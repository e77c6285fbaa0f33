// Simple version queries for commands that run without module loading: canonical versions, "latest", and prefixes ("v1", "v1.2").
import * as semver from '../lib/semver.js';
import { canonicalVersion } from '../lib/module.js';
import type { Fetcher } from './fetcher.js';
import type { RevInfo } from './revinfo.js';

/** Whether q is a query resolveQuery can answer. */
export function isSimpleQuery(q: string): boolean {
  return q === 'latest' || q === 'upgrade' || q === 'patch' || semver.isValid(q);
}

/**
 * Resolves path@query to a version: a canonical version is looked up as is; "latest" (and, with
 * no current version known, "upgrade" and "patch") picks the highest release, else the highest
 * pre-release, else the proxy's @latest; "v1" or "v1.2" picks the highest release with that prefix.
 */
export async function resolveQuery(f: Fetcher, path: string, query: string): Promise<RevInfo> {
  if (semver.isValid(query) && canonicalVersion(query) === query) return (await f.infoFile(path, query)).info;
  let prefix = '';
  if (query !== 'latest' && query !== 'upgrade' && query !== 'patch') {
    prefix = query + '.';
  }
  const list = await f.versions(path, prefix);
  const releases = list.filter((v) => semver.prerelease(v) === '');
  const pick = releases.length > 0 ? releases[releases.length - 1] : list[list.length - 1];
  if (pick !== undefined) return (await f.infoFile(path, pick)).info;
  if (prefix !== '') throw new Error(`no matching versions for query ${JSON.stringify(query)}`);
  return f.latest(path);
}
