// GODEBUG defaults: the $GOROOT/src/internal/godebugs table, //go:debug parsing, and DefaultGODEBUG.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compare as goverCompare, isValid as goverIsValid } from '../lib/gover.js';

export interface GodebugInfo {
  name: string;
  pkg: string;
  changed: number;
  old: string;
  opaque: boolean;
  immutable: boolean;
}

export interface GodebugTable {
  all: GodebugInfo[];
  removed: { name: string; removed: number }[];
}

const tableCache = new Map<string, GodebugTable>();

/** Parses $GOROOT/src/internal/godebugs/table.go (cached per GOROOT). */
export function godebugTable(goroot: string): GodebugTable {
  const hit = tableCache.get(goroot);
  if (hit) return hit;
  const src = readFileSync(join(goroot, 'src/internal/godebugs/table.go'), 'utf8');
  const t = parseGodebugTable(src);
  tableCache.set(goroot, t);
  return t;
}

/** Parses the text of internal/godebugs/table.go. */
export function parseGodebugTable(src: string): GodebugTable {
  const section = (name: string): string => {
    const start = src.indexOf(`var ${name} = []`);
    if (start < 0) return '';
    const end = src.indexOf('\n}', start);
    return src.slice(start, end < 0 ? undefined : end);
  };
  const fields = (entry: string): Map<string, string> => {
    const m = new Map<string, string>();
    for (const f of entry.matchAll(/(\w+):\s*("(?:[^"\\]|\\.)*"|\w+)/g)) {
      const v = f[2]!;
      m.set(f[1]!, v.startsWith('"') ? (JSON.parse(v) as string) : v);
    }
    return m;
  };
  const all: GodebugInfo[] = [];
  for (const e of section('All').matchAll(/\{([^{}]*)\}/g)) {
    const m = fields(e[1]!);
    if (!m.has('Name')) continue;
    all.push({
      name: m.get('Name')!,
      pkg: m.get('Package') ?? '',
      changed: Number(m.get('Changed') ?? 0),
      old: m.get('Old') ?? '',
      opaque: m.get('Opaque') === 'true',
      immutable: m.get('Immutable') === 'true',
    });
  }
  const removed: GodebugTable['removed'] = [];
  for (const e of section('Removed').matchAll(/\{([^{}]*)\}/g)) {
    const m = fields(e[1]!);
    if (m.has('Name')) removed.push({ name: m.get('Name')!, removed: Number(m.get('Removed') ?? 0) });
  }
  return { all, removed };
}

/** modload.CheckGodebug: validates a godebug key=value (verb names the source in messages). */
export function checkGodebug(table: GodebugTable, toolchainVersion: string, verb: string, k: string, v: string): string | undefined {
  if (/[ \t]/.test(k)) return 'key contains space';
  if (/[ \t]/.test(v)) return 'value contains space';
  if (k.includes(',')) return 'key contains comma';
  if (v.includes(',')) return 'value contains comma';
  if (k === 'default') {
    if (!v.startsWith('go') || !goverIsValid(v.slice(2))) return 'value for default= must be goVERSION';
    if (goverCompare(v.slice(2), toolchainVersion) > 0) return `default=${v} too new (toolchain is go${toolchainVersion})`;
    return undefined;
  }
  if (table.all.some((i) => i.name === k)) return undefined;
  const r = table.removed.find((i) => i.name === k);
  if (r) return `use of removed ${verb} "${k}", see https://go.dev/doc/godebug#go-1${r.removed}`;
  return `unknown ${verb} "${k}"`;
}

export class NotGoDebugError extends Error {
  constructor() { super('not //go:debug line'); }
}

/** Parses a //go:debug directive into key and value; throws NotGoDebugError or Error(go's message). */
export function parseGoDebug(table: GodebugTable, toolchainVersion: string, text: string): { key: string; value: string } {
  if (!text.startsWith('//go:debug')) throw new NotGoDebugError();
  const i = text.search(/[ \t]/);
  if (i < 0) {
    if (text.trim() === '//go:debug') throw new Error('missing key=value');
    throw new NotGoDebugError();
  }
  const rest = text.slice(i).trim();
  const eq = rest.indexOf('=');
  if (eq < 0) throw new Error('missing key=value');
  const key = rest.slice(0, eq);
  const value = rest.slice(eq + 1);
  const err = checkGodebug(table, toolchainVersion, '//go:debug setting', key, value);
  if (err) throw new Error(err);
  return { key, value };
}

/** The defaults implied by a go version line: settings whose behaviour changed after it. */
export function godebugForGoVersion(table: GodebugTable, v: string): Map<string, string> | undefined {
  if ((v.match(/\./g) ?? []).length >= 2) {
    const i = v.indexOf('.');
    const j = v.indexOf('.', i + 1);
    v = v.slice(0, j);
  }
  if (!v.startsWith('1.')) return undefined;
  const rest = v.slice(2);
  if (!/^[+-]?\d+$/.test(rest)) return undefined;
  const n = Number(rest);
  const def = new Map<string, string>();
  for (const info of table.all) if (n < info.changed) def.set(info.name, info.old);
  return def;
}

export interface DefaultGodebugInput {
  /** The main module's go version ("1.20" when there is no go line in a module; see caller). */
  goVersion: string;
  /** godebug lines from go.mod (or go.work), in order. */
  modGodebugs: { key: string; value: string }[];
  /** //go:debug directive texts from the package (and, for tests, test files), in order. */
  directives: string[];
  fips140?: boolean;
}

/** cmd/go's defaultGODEBUG for a main package: sorted key=value pairs joined by commas. */
export function defaultGODEBUG(table: GodebugTable, toolchainVersion: string, input: DefaultGodebugInput): string {
  let goVersion = input.goVersion;
  const m = new Map<string, string>();
  if (input.fips140) m.set('fips140', 'on');
  for (const g of input.modGodebugs) m.set(g.key, g.value);
  for (const d of input.directives) {
    try {
      const { key, value } = parseGoDebug(table, toolchainVersion, d);
      m.set(key, value);
    } catch {
      continue;
    }
  }
  const dflt = m.get('default');
  if (dflt !== undefined) {
    m.delete('default');
    const v = dflt.startsWith('go') ? dflt.slice(2) : dflt;
    if (goverIsValid(v)) goVersion = v;
  }
  const defaults = godebugForGoVersion(table, goVersion);
  let result = m;
  if (defaults) {
    for (const [k, v] of m) defaults.set(k, v);
    result = defaults;
  }
  return [...result.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map((k) => `${k}=${result.get(k)}`).join(',');
}

/**
 * go's Builder.checkDirectives: the //go:debug lines of a package's non-test files that are invalid or
 * repeat a key, as the compile step reports them ("POS: invalid //go:debug: ERR", "POS: repeated
 * //go:debug for KEY\n\tPOS: previous //go:debug"); "" when all are fine.
 */
export function checkGoDebugDirectives(table: GodebugTable, toolchainVersion: string, directives: readonly { text: string; pos: string }[]): string {
  let msg = '';
  const seen = new Map<string, string>();
  for (const d of directives) {
    if (!d.text.startsWith('//go:debug')) continue;
    let key = '';
    try {
      key = parseGoDebug(table, toolchainVersion, d.text).key;
    } catch (e) {
      if (!(e instanceof NotGoDebugError)) {
        msg += `${d.pos}: invalid //go:debug: ${(e as Error).message}\n`;
        continue;
      }
    }
    const prev = seen.get(key);
    if (prev !== undefined) {
      msg += `${d.pos}: repeated //go:debug for ${key}\n\t${prev}: previous //go:debug\n`;
      continue;
    }
    seen.set(key, d.pos);
  }
  return msg;
}
