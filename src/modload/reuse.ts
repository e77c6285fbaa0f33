// go list -m -reuse / go mod download -reuse: an earlier run's JSON output, and go's rules for when
// an old result's Origin is specific enough to be reused for a query.
import { canonicalVersion } from '../lib/module.js';
import { goJSONSyntaxError, normalizeTime, type Origin } from '../modfetch/revinfo.js';
import type { ModulePublic } from './modinfo.js';
import { isRevisionQuery } from './querymatch.js';

/** Old results by "path@version" and "path@query" (each marked Reuse). */
export type ReuseMap = ReadonlyMap<string, ModulePublic>;

const ORIGIN_FIELDS: (keyof Origin)[] = ['VCS', 'URL', 'Subdir', 'Hash', 'TagPrefix', 'TagSum', 'Ref', 'RepoSum'];

/** Splits a stream of JSON values (go's json.Decoder input) into the texts of the values. */
export function splitJSONStream(text: string): string[] {
  const out: string[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && ' \t\r\n'.includes(text[i]!)) i++;
    if (i >= n) break;
    const start = i;
    let depth = 0;
    let inStr = false;
    for (; i < n; i++) {
      const c = text[i]!;
      if (inStr) {
        if (c === '\\') i++;
        else if (c === '"') inStr = false;
        if (!inStr && depth === 0) { i++; break; }
        continue;
      }
      if (c === '"') inStr = true;
      else if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') {
        depth--;
        if (depth <= 0) { i++; break; }
      } else if (depth === 0 && ' \t\r\n'.includes(c)) break;
    }
    out.push(text.slice(start, i));
  }
  return out;
}

/** A key of obj matched as go's encoding/json does (exact, else case-insensitive). */
function field(obj: Record<string, unknown>, name: string): unknown {
  if (name in obj) return obj[name];
  const lower = name.toLowerCase();
  for (const k of Object.keys(obj)) if (k.toLowerCase() === lower) return obj[k];
  return undefined;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const strList = (v: unknown): string[] | undefined => (Array.isArray(v) && v.length > 0 ? v.filter((x): x is string => typeof x === 'string') : undefined);

/** A decoded ModulePublic object (Error as {"Err": text} or, from go mod download, a plain string). */
export function decodeModulePublic(v: unknown): ModulePublic | undefined {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const o = v as Record<string, unknown>;
  const m: ModulePublic = { path: str(field(o, 'Path')) ?? '', version: str(field(o, 'Version')) ?? '' };
  const set = <K extends keyof ModulePublic>(k: K, x: ModulePublic[K] | undefined): void => {
    if (x !== undefined) m[k] = x;
  };
  set('query', str(field(o, 'Query')));
  set('versions', strList(field(o, 'Versions')));
  set('replace', decodeModulePublic(field(o, 'Replace')));
  const t = str(field(o, 'Time'));
  set('time', t === undefined ? undefined : normalizeTime(t) ?? t);
  set('update', decodeModulePublic(field(o, 'Update')));
  if (field(o, 'Main') === true) m.main = true;
  if (field(o, 'Indirect') === true) m.indirect = true;
  set('dir', str(field(o, 'Dir')));
  set('goMod', str(field(o, 'GoMod')));
  set('goVersion', str(field(o, 'GoVersion')));
  set('retracted', strList(field(o, 'Retracted')));
  set('deprecated', str(field(o, 'Deprecated')));
  const e = field(o, 'Error');
  if (typeof e === 'string') m.error = e;
  else if (e && typeof e === 'object') m.error = str(field(e as Record<string, unknown>, 'Err')) ?? '';
  set('sum', str(field(o, 'Sum')));
  set('goModSum', str(field(o, 'GoModSum')));
  const org = field(o, 'Origin');
  if (org && typeof org === 'object' && !Array.isArray(org)) {
    const origin: Origin = {};
    for (const f of ORIGIN_FIELDS) {
      const x = str(field(org as Record<string, unknown>, f));
      if (x !== undefined) origin[f] = x;
    }
    m.origin = origin;
  }
  if (field(o, 'Reuse') === true) m.reuse = true;
  return m;
}

/**
 * go's reading of a -reuse file: every module with an Origin, marked Reuse, under its version and
 * (when it came from a query) its query. Throws "parsing FILE: ..." for malformed JSON.
 */
export function parseReuseFile(name: string, text: string): Map<string, ModulePublic> {
  const out = new Map<string, ModulePublic>();
  for (const part of splitJSONStream(text)) {
    let v: unknown;
    try {
      v = JSON.parse(part);
    } catch {
      throw new Error(`parsing ${name}: ${goJSONSyntaxError(part)}`);
    }
    const m = decodeModulePublic(v);
    if (!m?.origin) continue;
    m.reuse = true;
    out.set(`${m.path}@${m.version}`, m);
    if (m.query) out.set(`${m.path}@${m.query}`, m);
  }
  return out;
}

/**
 * go's checkReuseRepo before asking the repository: why origin cannot validate a reuse of the
 * answer to path@query (undefined when it can, if it still holds). A RepoSum covers every ref; a
 * canonical version needs something to check at all; a branch, tag or commit needs the ref or
 * hash and the tags that name its version; "latest" and comparisons depend on all matching tags.
 */
export function reuseOriginProblem(path: string, query: string, origin: Origin | undefined): string | undefined {
  if (!origin) return 'nil Origin';
  if (origin.RepoSum) return undefined;
  if (query === canonicalVersion(query)) {
    if (!origin.Hash && !origin.Ref && !origin.TagSum) return 'no Origin information to check';
    return undefined;
  }
  if (isRevisionQuery(path, query)) {
    if (!origin.Hash && !origin.Ref) return `query ${JSON.stringify(query)} requires a Hash or Ref`;
  }
  if (!origin.TagSum) return `query ${JSON.stringify(query)} requires a TagSum`;
  return undefined;
}
