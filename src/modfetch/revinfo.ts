// RevInfo: a version's .info data (Version, Time, Origin), parsed and marshalled exactly as go does.

/** Provenance of a version, in go's field order (all optional). */
export interface Origin {
  VCS?: string;
  URL?: string;
  Subdir?: string;
  Hash?: string;
  TagPrefix?: string;
  TagSum?: string;
  Ref?: string;
  RepoSum?: string;
}

export interface RevInfo {
  version: string;
  /** The commit time as go marshals it (RFC 3339, trailing zero fractions removed). */
  time: string;
  /** Full revision name and short name (not stored in .info files). */
  name?: string;
  short?: string;
  origin?: Origin;
}

const ORIGIN_FIELDS: (keyof Origin)[] = ['VCS', 'URL', 'Subdir', 'Hash', 'TagPrefix', 'TagSum', 'Ref', 'RepoSum'];

export const ZERO_TIME = '0001-01-01T00:00:00Z';

/** Normalizes an RFC 3339 time string as a round trip through go's time.Time does; undefined if invalid. */
export function normalizeTime(s: string): string | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})[Tt](\d{2}:\d{2}:\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.exec(s);
  if (!m) return undefined;
  let frac = m[3] ?? '';
  if (frac.length > 10) return undefined;
  frac = frac.replace(/0+$/, '');
  if (frac === '.') frac = '';
  let zone = m[4]!;
  if (zone === 'z' || zone === '+00:00' || zone === '-00:00') zone = 'Z';
  return `${m[1]}T${m[2]}${frac}${zone}`;
}

/** Looks a key up case-insensitively (go's encoding/json matches field names that way). */
function field(obj: Record<string, unknown>, name: string): unknown {
  if (name in obj) return obj[name];
  const lower = name.toLowerCase();
  for (const k of Object.keys(obj)) if (k.toLowerCase() === lower) return obj[k];
  return undefined;
}

/** Parses .info JSON as go's json.Unmarshal into RevInfo does; throws on malformed input. */
export function parseRevInfo(data: string | Buffer): RevInfo {
  const text = typeof data === 'string' ? data : data.toString('utf8');
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new Error(goJSONSyntaxError(text));
  }
  if (v === null) return { version: '', time: ZERO_TIME };
  if (typeof v !== 'object' || Array.isArray(v)) throw new Error('json: cannot unmarshal ' + (Array.isArray(v) ? 'array' : typeof v) + ' into Go value of type modfetch.RevInfo');
  const o = v as Record<string, unknown>;
  const version = field(o, 'Version');
  if (version !== undefined && version !== null && typeof version !== 'string') throw new Error('json: cannot unmarshal ' + typeof version + ' into Go struct field RevInfo.Version of type string');
  const t = field(o, 'Time');
  let time = ZERO_TIME;
  if (t !== undefined && t !== null) {
    if (typeof t !== 'string') throw new Error('json: cannot unmarshal ' + typeof t + ' into Go struct field RevInfo.Time of type time.Time');
    const n = normalizeTime(t);
    if (n === undefined) throw new Error(`parsing time ${JSON.stringify(t)} as "2006-01-02T15:04:05Z07:00": cannot parse`);
    time = n;
  }
  const info: RevInfo = { version: (version as string | undefined) ?? '', time };
  const org = field(o, 'Origin');
  if (org && typeof org === 'object' && !Array.isArray(org)) {
    const origin: Origin = {};
    for (const f of ORIGIN_FIELDS) {
      const x = field(org as Record<string, unknown>, f);
      if (typeof x === 'string' && x !== '') origin[f] = x;
    }
    info.origin = origin;
  }
  return info;
}

/** The origin with its fields in go's struct order (JSON output follows key order), empty ones dropped. */
export function orderedOrigin(o: Origin): Origin {
  const out: Origin = {};
  for (const f of ORIGIN_FIELDS) if (o[f]) out[f] = o[f];
  return out;
}

/** go's json.Marshal of a RevInfo (the .info file format). */
export function marshalRevInfo(info: RevInfo): string {
  let s = `{"Version":${goJSONString(info.version)},"Time":${goJSONString(info.time)}`;
  if (info.origin) {
    const parts = ORIGIN_FIELDS.filter((f) => info.origin![f]).map((f) => `"${f}":${goJSONString(info.origin![f]!)}`);
    s += `,"Origin":{${parts.join(',')}}`;
  }
  return s + '}';
}

/** The info as writeDiskStat stores it: tag and repo sums dropped, Ref dropped for pseudo-versions. */
export function infoForDisk(info: RevInfo, isPseudo: boolean): RevInfo {
  if (!info.origin) return info;
  const o: Origin = { ...info.origin };
  delete o.TagSum;
  delete o.TagPrefix;
  delete o.RepoSum;
  if (isPseudo) delete o.Ref;
  return { ...info, origin: o };
}

/** A JSON string as go's encoding/json writes it (HTML-safe escapes for <, >, &, U+2028/9). */
export function goJSONString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

/** go's quoteChar for JSON syntax errors: 'x'. */
function quoteChar(c: string): string {
  if (c === "'") return "'\\''";
  if (c === '"') return '\'"\'';
  const q = JSON.stringify(c);
  return "'" + q.slice(1, -1) + "'";
}

/**
 * The message go's encoding/json gives for malformed input, for the common cases: empty or cut
 * short input, a bad first character, and a bad character after a complete value.
 */
export function goJSONSyntaxError(text: string): string {
  const t = text.replace(/^[ \t\r\n]+/, '');
  if (t === '') return 'unexpected end of JSON input';
  const c = [...t][0]!;
  if (!'{["-0123456789tfn'.includes(c)) return `invalid character ${quoteChar(c)} looking for beginning of value`;
  // A valid value followed by something else?
  for (let i = t.length; i > 0; i--) {
    try {
      JSON.parse(t.slice(0, i));
      const rest = t.slice(i).replace(/^[ \t\r\n]+/, '');
      if (rest !== '') return `invalid character ${quoteChar([...rest][0]!)} after top-level value`;
      break;
    } catch {
      // keep shrinking
    }
    if (t.length - i > 64) break;
  }
  return 'unexpected end of JSON input';
}

/** Tagged versions with the origin that validates the list (go's modfetch.Versions). */
export interface Versions {
  list: string[];
  origin?: Origin;
}

/**
 * Attaches origin to an error: go returns a RevInfo carrying only an Origin beside some errors, so
 * that a failed lookup can be reported (and reused) with what it depended on.
 */
export function setErrorOrigin<E>(e: E, origin: Origin | undefined): E {
  if (origin && e !== null && typeof e === 'object') (e as { origin?: Origin }).origin = origin;
  return e;
}

/** The origin attached to err or to an error it wraps (ModuleError.err, cause), if any. */
export function errorOrigin(err: unknown): Origin | undefined {
  for (let e: unknown = err, depth = 0; e !== null && typeof e === 'object' && depth < 8; depth++) {
    const o = (e as { origin?: unknown }).origin;
    if (o && typeof o === 'object') return o as Origin;
    e = (e as { err?: unknown }).err ?? (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * go's mergeOrigin: the origin that validates both results, or undefined when either is missing or
 * they disagree (different repository, hash, tag sum, repo sum or ref).
 */
export function mergeOrigin(m1: Origin | undefined, m2: Origin | undefined): Origin | undefined {
  if (!m1 || !m2) return undefined;
  const s = (x: string | undefined): string => x ?? '';
  if (s(m2.VCS) !== s(m1.VCS) || s(m2.URL) !== s(m1.URL) || s(m2.Subdir) !== s(m1.Subdir)) return undefined;
  const merged: Origin = { ...m1 };
  if (m2.Hash) {
    if (m1.Hash && m1.Hash !== m2.Hash) return undefined;
    merged.Hash = m2.Hash;
  }
  if (m2.TagSum) {
    if (m1.TagSum && (m1.TagSum !== m2.TagSum || s(m1.TagPrefix) !== s(m2.TagPrefix))) return undefined;
    merged.TagSum = m2.TagSum;
    if (m2.TagPrefix) merged.TagPrefix = m2.TagPrefix;
    else delete merged.TagPrefix;
  }
  if (m2.RepoSum) {
    if (m1.RepoSum && m1.RepoSum !== m2.RepoSum) return undefined;
    merged.RepoSum = m2.RepoSum;
  }
  if (m2.Ref) {
    if (m1.Ref && m1.Ref !== m2.Ref) return undefined;
    merged.Ref = m2.Ref;
  }
  return orderedOrigin(merged);
}
