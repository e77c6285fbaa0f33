// Simple version queries for commands that run without module loading: canonical versions, "latest", and prefixes ("v1", "v1.2").
import * as semver from '../lib/semver.js';
import { canonicalVersion, ModuleError } from '../lib/module.js';
import { NotExistError } from './errors.js';
import { parseModFile } from '../lib/modfile/index.js';
import type { Fetcher } from './fetcher.js';
import type { RevInfo } from './revinfo.js';

/** Whether q is a query resolveQuery can answer. */
export function isSimpleQuery(q: string): boolean {
  return q === 'latest' || q === 'upgrade' || q === 'patch' || semver.isValid(q) || comparison(q) !== undefined;
}

/** A "<v", "<=v", ">v" or ">=v" query: its operator and version. */
function comparison(q: string): { op: string; v: string } | undefined {
  const m = /^(<=|<|>=|>)(.*)$/.exec(q);
  if (!m || !semver.isValid(m[2]!)) return undefined;
  return { op: m[1]!, v: m[2]! };
}

/**
 * Resolves path@query to a version: a canonical version is looked up as is; "latest" (and, with
 * no current version known, "upgrade" and "patch") picks the highest release, else the highest
 * pre-release, else the proxy's @latest; "v1" or "v1.2" picks the highest release with that prefix.
 */
export async function resolveQuery(f: Fetcher, path: string, query: string): Promise<RevInfo> {
  f.proxyList(); // a bad GOPROXY is reported before anything else, as go's queries do
  if (semver.isValid(query) && canonicalVersion(query) === query) return f.stat(path, query);
  const cmp = comparison(query);
  let prefix = '';
  if (query !== 'latest' && query !== 'upgrade' && query !== 'patch' && !cmp) {
    // Anything else (a branch, a commit, "1.5.2") is for the proxy to resolve.
    if (!semver.isValid(query)) return f.stat(path, query);
    prefix = query + '.';
  }
  let list = await f.versions(path, prefix);
  // Like go, consult the retractions in the go.mod of the module's latest version.
  const all = prefix === '' ? list : await f.versions(path, '');
  const latest = highest(all);
  if (latest !== undefined) {
    const retracted = await retractions(f, path, latest);
    list = list.filter((v) => !retracted.some((r) => semver.compare(r.low, v) <= 0 && semver.compare(v, r.high) <= 0));
  }
  if (cmp) {
    const ok = (v: string): boolean => {
      const c = semver.compare(v, cmp.v);
      return cmp.op === '<' ? c < 0 : cmp.op === '<=' ? c <= 0 : cmp.op === '>' ? c > 0 : c >= 0;
    };
    list = list.filter(ok);
    if (cmp.op.startsWith('>')) {
      // The lowest matching release (else pre-release), as go picks for ">" queries.
      const rel = list.filter((v) => semver.prerelease(v) === '');
      const low = rel[0] ?? list[0];
      if (low === undefined) throw new ModuleError(path, '', new NotExistError(`no matching versions for query ${JSON.stringify(query)}`));
      return f.stat(path, low);
    }
  }
  const pick = highest(list);
  if (pick !== undefined) return f.stat(path, pick);
  if (prefix !== '' || cmp) throw new ModuleError(path, '', new NotExistError(`no matching versions for query ${JSON.stringify(query)}`));
  return f.latest(path);
}

/** The highest release in list, else the highest pre-release. */
function highest(list: readonly string[]): string | undefined {
  const releases = list.filter((v) => semver.prerelease(v) === '');
  return releases.length > 0 ? releases[releases.length - 1] : list[list.length - 1];
}

/** The retract intervals in path@version's go.mod (none if it cannot be read or parsed). */
async function retractions(f: Fetcher, path: string, version: string): Promise<{ low: string; high: string }[]> {
  let data: Buffer;
  try {
    await f.infoFile(path, version);
    data = await f.goMod(path, version);
  } catch {
    return [];
  }
  try {
    return parseModFile(`${path}@${version}/go.mod`, data.toString('utf8'), { lax: true }).retract.map((r) => ({ low: r.low, high: r.high }));
  } catch {
    return [];
  }
}
