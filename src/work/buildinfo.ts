// Build info: the modinfo text go stamps into binaries (debug.BuildInfo.String), computed from a main package.
import type { ModuleInfo, Package } from '../load/types.js';
import { goQuote, goUnquote } from '../lib/goquote.js';
import { modSort } from '../lib/gover.js';

export interface BuildModule {
  path: string;
  version: string;
  sum: string;
  replace?: BuildModule;
}

export interface BuildSetting {
  key: string;
  value: string;
}

/** debug.BuildInfo. */
export interface BuildInfo {
  goVersion: string;
  path: string;
  main?: BuildModule;
  deps: BuildModule[];
  settings: BuildSetting[];
}

const quoteKey = (k: string): boolean => k.length === 0 || /[= \t\r\n"`]/.test(k);
const quoteValue = (v: string): boolean => /[ \t\r\n"`]/.test(v);

/** debug.BuildInfo.String(): "go", "path", "mod", "dep", "=>" and "build" lines, tab-separated. */
export function formatBuildInfo(bi: BuildInfo): string {
  let s = '';
  if (bi.goVersion !== '') s += `go\t${bi.goVersion}\n`;
  if (bi.path !== '') s += `path\t${bi.path}\n`;
  const mod = (word: string, m: BuildModule): void => {
    s += `${word}\t${m.path}\t${m.version}`;
    if (m.replace === undefined) s += `\t${m.sum}`;
    else {
      s += '\n';
      mod('=>', m.replace);
    }
    s += '\n';
  };
  const m = bi.main;
  if (m && (m.path !== '' || m.version !== '' || m.sum !== '' || m.replace !== undefined)) mod('mod', m);
  for (const d of bi.deps) mod('dep', d);
  for (const { key, value } of bi.settings) {
    s += `build\t${quoteKey(key) ? goQuote(key) : key}=${quoteValue(value) ? goQuote(value) : value}\n`;
  }
  return s;
}

/** A malformed build-info text, worded as debug.ParseBuildInfo words it. */
export class BuildInfoParseError extends Error {
  constructor(line: number, why: string) {
    super(`could not parse Go build info: line ${line}: ${why}`);
    this.name = 'BuildInfoParseError';
  }
}

/** Go's strconv.QuotedPrefix for the start of s ("" if none). */
function quotedPrefix(s: string): string {
  if (s[0] === '`') {
    const j = s.indexOf('`', 1);
    return j < 0 ? '' : s.slice(0, j + 1);
  }
  for (let i = 1; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === '\n') return '';
    else if (s[i] === '"') return goUnquote(s.slice(0, i + 1)) === undefined ? '' : s.slice(0, i + 1);
  }
  return '';
}

/** debug.ParseBuildInfo: the inverse of formatBuildInfo (goVersion left ""). */
export function parseBuildInfo(data: string): BuildInfo {
  const bi: BuildInfo = { goVersion: '', path: '', deps: [], settings: [] };
  let last: BuildModule | undefined;
  let lineNum = 1;
  const fail = (why: string): never => {
    throw new BuildInfoParseError(lineNum, why);
  };
  const modLine = (elem: string[]): BuildModule => {
    if (elem.length !== 2 && elem.length !== 3) fail(`expected 2 or 3 columns; got ${elem.length}`);
    return { path: elem[0]!, version: elem[1]!, sum: elem[2] ?? '' };
  };
  let rest = data;
  for (;;) {
    const nl = rest.indexOf('\n');
    if (nl < 0) break;
    const line = rest.slice(0, nl);
    rest = rest.slice(nl + 1);
    if (line.startsWith('path\t')) bi.path = line.slice(5);
    else if (line.startsWith('mod\t')) {
      bi.main = modLine(line.slice(4).split('\t'));
      last = bi.main;
    } else if (line.startsWith('dep\t')) {
      last = modLine(line.slice(4).split('\t'));
      bi.deps.push(last);
    } else if (line.startsWith('=>\t')) {
      const elem = line.slice(3).split('\t');
      if (elem.length !== 3) fail(`expected 3 columns for replacement; got ${elem.length}`);
      if (!last) fail('replacement with no module on previous line');
      last!.replace = { path: elem[0]!, version: elem[1]!, sum: elem[2]! };
      last = undefined;
    } else if (line.startsWith('build\t')) {
      const kv = line.slice(6);
      if (kv.length < 1) fail("build line missing '='");
      let key: string;
      let raw: string;
      if (kv[0] === '=') fail('build line with missing key');
      if (kv[0] === '`' || kv[0] === '"') {
        const rk = quotedPrefix(kv);
        if (rk === '') fail('invalid quoted key in build line');
        if (kv.length === rk.length) fail("build line missing '=' after quoted key");
        if (kv[rk.length] !== '=') fail(`unexpected character after quoted key: ${goQuoteRune(kv[rk.length]!)}`);
        key = goUnquote(rk)!;
        raw = kv.slice(rk.length + 1);
      } else {
        const eq = kv.indexOf('=');
        if (eq < 0) fail("build line missing '=' after key");
        key = kv.slice(0, eq);
        raw = kv.slice(eq + 1);
        if (quoteKey(key)) fail(`unquoted key ${goQuote(key)} must be quoted`);
      }
      let value = raw;
      if (raw.length > 0 && (raw[0] === '`' || raw[0] === '"')) {
        const v = goUnquote(raw);
        if (v === undefined) fail('invalid quoted value in build line');
        value = v!;
      } else if (quoteValue(raw)) {
        fail(`unquoted value ${goQuote(raw)} must be quoted`);
      }
      bi.settings.push({ key, value });
    }
    lineNum++;
  }
  return bi;
}

/** %q of a single character, as Go prints a byte in ParseBuildInfo's error. */
function goQuoteRune(c: string): string {
  const q = goQuote(c);
  return `'${q.slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
}

// ---------------------------------------------------------------- framing for the linker

const INFO_START = Buffer.from('3077af0c9274080241e1c107e6d618e6', 'hex');
const INFO_END = Buffer.from('f932433186182072008242104116d8f2', 'hex');

/** modload.ModInfoData: the info text between the 16-byte sentinels the runtime strips. */
export function modInfoData(info: string): Buffer {
  return Buffer.concat([INFO_START, Buffer.from(info, 'utf8'), INFO_END]);
}

/** The linker importcfg line carrying the build info: `modinfo "<quoted framed text>"`. */
export function modInfoImportcfgLine(info: string): string {
  return `modinfo ${goQuote(modInfoData(info))}\n`;
}

/** Strips the sentinels from the raw modinfo read back from a binary (debug/buildinfo's rule); "" if unframed. */
export function stripModInfoFraming(mod: Buffer): Buffer {
  if (mod.length >= 33 && mod[mod.length - 17] === 0x0a) return mod.subarray(16, mod.length - 16);
  return Buffer.alloc(0);
}

// ---------------------------------------------------------------- computing it for a main package

/** Everything about the invocation that build info records (cfg's values, not re-derived here). */
export interface BuildInfoOptions {
  /** -buildmode as given ("default" → exe/archive by package name). */
  buildmode: string;
  compiler?: string; // "gc"
  /** Raw flag texts as the user wrote them (PerPackageFlag.String()); "" when not given. */
  asmflags?: string;
  asmflagsPresent?: boolean;
  gcflags?: string;
  gccgoflags?: string;
  ldflags?: string;
  tags?: string[];
  trimpath?: boolean;
  asan?: boolean;
  msan?: boolean;
  race?: boolean;
  cover?: boolean;
  cgoEnabled: boolean;
  /** Effective CGO_CFLAGS, CGO_CPPFLAGS, CGO_CXXFLAGS, CGO_LDFLAGS (cfg.Getenv, defaults included). */
  cgoFlags?: Partial<Record<'CGO_CFLAGS' | 'CGO_CPPFLAGS' | 'CGO_CXXFLAGS' | 'CGO_LDFLAGS', string>>;
  goos: string;
  goarch: string;
  /** GOAMD64/GOARM/...: key "" when the arch has none. */
  archEnv: { key: string; value: string };
  /** cfg.RawGOEXPERIMENT ("" when unset). */
  rawGOEXPERIMENT?: string;
  /** fips140.Version() when GOFIPS140 is enabled, else "". */
  fips140?: string;
  /** -mod=vendor suppresses dep sums. */
  buildMod?: string;
  /** go.sum lookup: "h1:..." for path@version, "" if unknown. */
  sum?(path: string, version: string): string;
  /** The PGO profile used for this main package (-pgo, or default.pgo with -pgo=auto); "" or undefined for none. */
  pgoFile?: string;
  /** Build settings/version from VCS (see buildinfo-vcs.ts), already computed for this package. */
  vcs?: { settings: BuildSetting[]; mainVersion?: string };
}

function debugModule(mi: ModuleInfo, o: BuildInfoOptions): BuildModule {
  const dm: BuildModule = { path: mi.path, version: mi.version || '(devel)', sum: '' };
  if (mi.replace) dm.replace = debugModule(mi.replace, o);
  else if (mi.version && o.buildMod !== 'vendor') dm.sum = o.sum ? o.sum(mi.path, mi.version) : (mi.sum ?? '');
  return dm;
}

/** appendBuildSetting: newlines in values become spaces. */
function setting(key: string, value: string): BuildSetting {
  return { key, value: value.replace(/\n/g, ' ') };
}

/**
 * load.setBuildInfo: the BuildInfo for main package p (goVersion left "", as go stores it separately).
 * Deps are every module (other than the main one) providing a transitively imported package, sorted.
 * A test main that makes its own build info (freshBuildInfo: the package under test is no command, or its
 * DefaultGODEBUG differs) has none: go's TestPackagesFor sets that build info before it fills in the test
 * main's imports, so `go version -m` of such a test binary lists no dep lines.
 */
export function computeBuildInfo(p: Package, o: BuildInfoOptions): BuildInfo {
  const main = p.module ? debugModule(p.module, o) : undefined;
  const mdeps = new Map<string, { path: string; version: string; mod: BuildModule }>();
  const seen = new Set<Package>();
  const q: Package[] = p.internal.freshBuildInfo ? [] : [...p.internal.imports];
  while (q.length > 0) {
    const p1 = q.shift()!;
    if (seen.has(p1)) continue;
    seen.add(p1);
    const m = p1.module;
    if (m && m.path !== (main?.path ?? '')) {
      const key = `${m.path}@${m.version ?? ''}`;
      if (!mdeps.has(key)) mdeps.set(key, { path: m.path, version: m.version ?? '', mod: debugModule(m, o) });
    }
    q.push(...p1.internal.imports);
  }
  const deps = modSort([...mdeps.values()]).map((d) => d.mod);
  const settings: BuildSetting[] = [];
  const add = (k: string, v: string): void => {
    settings.push(setting(k, v));
  };
  const compiler = o.compiler ?? 'gc';
  if (o.asan) add('-asan', 'true');
  if (o.asmflagsPresent ?? (o.asmflags !== undefined && o.asmflags !== '')) add('-asmflags', o.asmflags ?? '');
  let buildmode = o.buildmode;
  if (buildmode === 'default' || buildmode === '') buildmode = p.name === 'main' ? 'exe' : 'archive';
  add('-buildmode', buildmode);
  add('-compiler', compiler);
  if (o.gccgoflags && compiler === 'gccgo') add('-gccgoflags', o.gccgoflags);
  if (o.gcflags && compiler === 'gc') add('-gcflags', o.gcflags);
  if (o.ldflags && !o.trimpath) add('-ldflags', o.ldflags);
  if (o.cover) add('-cover', 'true');
  if (o.msan) add('-msan', 'true');
  if (o.race) add('-race', 'true');
  if (o.tags && o.tags.length > 0) add('-tags', o.tags.join(','));
  if (o.trimpath) add('-trimpath', 'true');
  if (p.defaultGODEBUG) add('DefaultGODEBUG', p.defaultGODEBUG);
  add('CGO_ENABLED', o.cgoEnabled ? '1' : '0');
  if (o.cgoEnabled && !o.trimpath) {
    for (const k of ['CGO_CFLAGS', 'CGO_CPPFLAGS', 'CGO_CXXFLAGS', 'CGO_LDFLAGS'] as const) add(k, o.cgoFlags?.[k] ?? '');
  }
  add('GOARCH', o.goarch);
  if (o.rawGOEXPERIMENT) add('GOEXPERIMENT', o.rawGOEXPERIMENT);
  if (o.fips140) add('GOFIPS140', o.fips140);
  add('GOOS', o.goos);
  if (o.archEnv.key !== '' && o.archEnv.value !== '') add(o.archEnv.key, o.archEnv.value);
  if (o.vcs) {
    for (const s of o.vcs.settings) settings.push(setting(s.key, s.value));
    if (main && o.vcs.mainVersion) main.version = o.vcs.mainVersion;
  }
  if (o.pgoFile) {
    // setPGOProfilePath: add -pgo (base name under -trimpath), then sort every setting by key.
    settings.push(setting('-pgo', o.trimpath ? o.pgoFile.slice(o.pgoFile.lastIndexOf('/') + 1) : o.pgoFile));
    settings.sort((a, b) => Buffer.compare(Buffer.from(a.key), Buffer.from(b.key)));
  }
  const path = p.internal.cmdlineFiles ? 'command-line-arguments' : p.importPath;
  return { goVersion: '', path, main, deps, settings };
}

/** The string for the linker: formatBuildInfo of computeBuildInfo. */
export function buildInfoString(p: Package, o: BuildInfoOptions): string {
  return formatBuildInfo(computeBuildInfo(p, o));
}

// ---------------------------------------------------------------- go version -m output

/** What `go version [-m] FILE` prints to stdout for one readable binary. */
export function formatVersionOutput(file: string, bi: BuildInfo, m: boolean): string {
  let out = `${file}: ${bi.goVersion}\n`;
  const mod = formatBuildInfo({ ...bi, goVersion: '' });
  if (m && mod.length > 0) out += `\t${mod.slice(0, -1).replace(/\n/g, '\n\t')}\n`;
  return out;
}

/** `go version -m -json FILE`: json.MarshalIndent(bi, "", "\t") with Go's field names and omitempty rules. */
export function formatVersionJSON(bi: BuildInfo): string {
  const mod = (m: BuildModule): Record<string, unknown> => {
    const o: Record<string, unknown> = {};
    if (m.path) o['Path'] = m.path;
    if (m.version) o['Version'] = m.version;
    if (m.sum) o['Sum'] = m.sum;
    if (m.replace) o['Replace'] = mod(m.replace);
    return o;
  };
  const o: Record<string, unknown> = {};
  if (bi.goVersion) o['GoVersion'] = bi.goVersion;
  if (bi.path) o['Path'] = bi.path;
  o['Main'] = bi.main ? mod(bi.main) : {};
  if (bi.deps.length > 0) o['Deps'] = bi.deps.map(mod);
  if (bi.settings.length > 0) {
    o['Settings'] = bi.settings.map((s) => {
      const r: Record<string, string> = {};
      if (s.key) r['Key'] = s.key;
      if (s.value) r['Value'] = s.value;
      return r;
    });
  }
  return goJSONEscape(JSON.stringify(o, null, '\t')) + '\n';
}

/** Go's encoding/json escapes <, >, & and U+2028/9 that JS's JSON.stringify leaves alone. */
function goJSONEscape(s: string): string {
  return s.replace(/[<>&\u2028\u2029]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}
