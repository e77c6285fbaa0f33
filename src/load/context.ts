// The build context: GOOS/GOARCH/tags and go/build's tag matching and file-name (GOOS/GOARCH suffix) rules.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evalExpr, type Expr } from '../lib/constraint.js';

export const KNOWN_OS = new Set([
  'aix', 'android', 'darwin', 'dragonfly', 'freebsd', 'hurd', 'illumos', 'ios', 'js', 'linux', 'nacl',
  'netbsd', 'openbsd', 'plan9', 'solaris', 'wasip1', 'windows', 'zos',
]);
export const UNIX_OS = new Set([
  'aix', 'android', 'darwin', 'dragonfly', 'freebsd', 'hurd', 'illumos', 'ios', 'linux', 'netbsd',
  'openbsd', 'solaris',
]);
export const KNOWN_ARCH = new Set([
  '386', 'amd64', 'amd64p32', 'arm', 'armbe', 'arm64', 'arm64be', 'loong64', 'mips', 'mipsle', 'mips64',
  'mips64le', 'mips64p32', 'mips64p32le', 'ppc', 'ppc64', 'ppc64le', 'riscv', 'riscv64', 's390', 's390x',
  'sparc', 'sparc64', 'wasm',
]);

export interface BuildContext {
  goroot: string;
  gopath: string;
  goos: string;
  goarch: string;
  cgoEnabled: boolean;
  compiler: string; // "gc"
  /** -tags */
  buildTags: string[];
  /** goexperiment.* and GOAMD64-style feature tags. */
  toolTags: string[];
  /** go1.1 ... go1.N; the last is the current release. */
  releaseTags: string[];
  /** Ignore build constraints and GOOS/GOARCH file name suffixes (files named on the command line). */
  useAllFiles?: boolean;
  /** GODEBUG=installgoroot=all: GOROOT packages get a $GOROOT/pkg install target (go/build's PkgObj). */
  installGoroot?: boolean;
  /** go/build's ImportComment mode (GOPATH mode): read `package x // import "path"` comments. */
  importComment?: boolean;
  /** cmd/go's fips140.Version(): "off", "latest", or the GOFIPS140 snapshot asked for. */
  fips140?: string;
}

/** fips140.Version for a GOFIPS140 value: unset means off. */
export function fips140Version(gofips140: string | undefined): string {
  return gofips140 === undefined || gofips140 === '' || gofips140 === 'off' ? 'off' : gofips140;
}

/** Reports whether tag is satisfied, recording it in allTags (go/build's matchTag). */
export function matchTag(ctxt: BuildContext, name: string, allTags?: Set<string>): boolean {
  allTags?.add(name);
  if (ctxt.cgoEnabled && name === 'cgo') return true;
  if (name === ctxt.goos || name === ctxt.goarch || name === ctxt.compiler) return true;
  if (ctxt.goos === 'android' && name === 'linux') return true;
  if (ctxt.goos === 'illumos' && name === 'solaris') return true;
  if (ctxt.goos === 'ios' && name === 'darwin') return true;
  if (name === 'unix' && UNIX_OS.has(ctxt.goos)) return true;
  if (name === 'boringcrypto') name = 'goexperiment.boringcrypto';
  return ctxt.buildTags.includes(name) || ctxt.toolTags.includes(name) || ctxt.releaseTags.includes(name);
}

export function evalConstraint(ctxt: BuildContext, x: Expr, allTags?: Set<string>): boolean {
  return evalExpr(x, (t) => matchTag(ctxt, t, allTags));
}

/** go/build's goodOSArchFile: false if the name has a _GOOS / _GOARCH suffix not matching ctxt. */
export function goodOSArchFile(ctxt: BuildContext, name: string, allTags?: Set<string>): boolean {
  const dot = name.indexOf('.');
  let base = dot >= 0 ? name.slice(0, dot) : name;
  const us = base.indexOf('_');
  if (us < 0) return true;
  base = base.slice(us);
  const l = base.split('_');
  if (l.length > 0 && l[l.length - 1] === 'test') l.pop();
  const n = l.length;
  if (n >= 2 && KNOWN_OS.has(l[n - 2]!) && KNOWN_ARCH.has(l[n - 1]!)) {
    allTags?.add(l[n - 2]!);
    return matchTag(ctxt, l[n - 1]!, allTags) && matchTag(ctxt, l[n - 2]!, allTags);
  }
  if (n >= 1 && (KNOWN_OS.has(l[n - 1]!) || KNOWN_ARCH.has(l[n - 1]!))) return matchTag(ctxt, l[n - 1]!, allTags);
  return true;
}

/** Release tags go1.1 … go1.<minor>. */
export function releaseTags(minor: number): string[] {
  const out: string[] = [];
  for (let i = 1; i <= minor; i++) out.push(`go1.${i}`);
  return out;
}

/** The toolchain's language minor version, from $GOROOT/VERSION ("go1.26.8" → 26), else internal/goversion. */
export function toolchainMinor(goroot: string): number {
  try {
    const v = readFileSync(join(goroot, 'VERSION'), 'utf8').split('\n')[0]!;
    const m = /^go1\.(\d+)/.exec(v);
    if (m) return Number(m[1]);
  } catch { /* fall through */ }
  const src = readOrEmpty(join(goroot, 'src/internal/goversion/goversion.go'));
  // An invalid GOROOT (no sources at all): no release tags; its std packages fail to load anyway.
  if (src === '') return 0;
  const m = /const Version = (\d+)/.exec(src);
  if (!m) throw new Error('cannot determine Go version from GOROOT ' + goroot);
  return Number(m[1]);
}

const experimentCache = new Map<string, { names: string[]; baseline: Map<string, string> }>();

/** Experiment names (lower case, in struct order) and baseline expressions, parsed from GOROOT sources. */
/** The file's text, or "" when it cannot be read. */
function readOrEmpty(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function experimentInfo(goroot: string): { names: string[]; baseline: Map<string, string> } {
  let e = experimentCache.get(goroot);
  if (e) return e;
  // An invalid GOROOT has no sources: no experiments are known, and loading std fails later with
  // go's "is not in std" error instead of a crash here.
  const flags = readOrEmpty(join(goroot, 'src/internal/goexperiment/flags.go'));
  const body = /type Flags struct \{([\s\S]*?)\n\}/.exec(flags)?.[1] ?? '';
  const names = [...body.matchAll(/^\t([A-Z]\w*)\s+bool/gm)].map((m) => m[1]!.toLowerCase());
  const exp = readOrEmpty(join(goroot, 'src/internal/buildcfg/exp.go'));
  const bl = /baseline := goexperiment\.Flags\{([\s\S]*?)\n\t\}/.exec(exp)?.[1] ?? '';
  const baseline = new Map<string, string>();
  for (const m of bl.matchAll(/^\s*([A-Z]\w*):\s*([^,]+),/gm)) baseline.set(m[1]!.toLowerCase(), m[2]!.trim());
  e = { names, baseline };
  experimentCache.set(goroot, e);
  return e;
}

export class GoExperimentError extends Error {}

/** The enabled experiments (struct order) for GOOS/GOARCH and a GOEXPERIMENT value. */
export function enabledExperiments(goroot: string, goos: string, goarch: string, goexperiment: string): string[] {
  const { names, baseline } = experimentInfo(goroot);
  const regabiAlwaysOn = ['amd64', 'arm64', 'loong64', 'ppc64le', 'ppc64', 'riscv64'].includes(goarch);
  const regabiSupported = regabiAlwaysOn || goarch === 's390x';
  const dwarf5Supported = goos !== 'darwin' && goos !== 'ios' && goos !== 'aix';
  const on = new Map<string, boolean>();
  for (const n of names) {
    const v = baseline.get(n);
    on.set(n, v === 'true' || (v === 'regabiSupported' && regabiSupported) || (v === 'dwarf5Supported' && dwarf5Supported));
  }
  for (const f of goexperiment.split(',')) {
    if (f === '') continue;
    if (f === 'none') { for (const n of names) on.set(n, false); continue; }
    const val = !f.startsWith('no');
    const name = val ? f : f.slice(2);
    if (name === 'regabi') { on.set('regabiwrappers', val); on.set('regabiargs', val); continue; }
    if (!on.has(name)) throw new GoExperimentError(`unknown GOEXPERIMENT ${name}`);
    on.set(name, val);
  }
  if (regabiAlwaysOn) { on.set('regabiwrappers', true); on.set('regabiargs', true); }
  if (!regabiSupported) { on.set('regabiwrappers', false); on.set('regabiargs', false); }
  return names.filter((n) => on.get(n));
}

/** Architecture feature tags for GOARCH and its GO$GOARCH level (go's buildcfg rules). */
export function archFeatureTags(goarch: string, env: Record<string, string | undefined>): string[] {
  const out: string[] = [];
  switch (goarch) {
    case '386': return [`386.${env.GO386 || 'sse2'}`];
    case 'amd64': {
      const n = Number((env.GOAMD64 || 'v1').replace(/^v/, '')) || 1;
      for (let i = 1; i <= n; i++) out.push(`amd64.v${i}`);
      return out;
    }
    case 'arm': {
      const v = Number((env.GOARM || '7').split(',')[0]) || 7;
      for (let i = 5; i <= v; i++) out.push(`arm.${i}`);
      return out;
    }
    case 'arm64': {
      const v = (env.GOARM64 || 'v8.0').split(',')[0]!;
      const major = Number(v[1]);
      const minor = Number(v[3]);
      for (let i = 0; i <= minor; i++) out.push(`arm64.v${major}.${i}`);
      if (major === 9) for (let i = 0; i <= minor + 5 && i <= 9; i++) out.push(`arm64.v8.${i}`);
      return out;
    }
    case 'mips': case 'mipsle': return [`${goarch}.${env.GOMIPS || 'hardfloat'}`];
    case 'mips64': case 'mips64le': return [`${goarch}.${env.GOMIPS64 || 'hardfloat'}`];
    case 'ppc64': case 'ppc64le': {
      const n = Number((env.GOPPC64 || 'power8').replace(/^power/, '')) || 8;
      for (let i = 8; i <= n; i++) out.push(`${goarch}.power${i}`);
      return out;
    }
    case 'riscv64': {
      const n = Number((env.GORISCV64 || 'rva20u64').replace(/^rva(\d+)u64$/, '$1')) || 20;
      out.push('riscv64.rva20u64');
      if (n >= 22) out.push('riscv64.rva22u64');
      if (n >= 23) out.push('riscv64.rva23u64');
      return out;
    }
    case 'wasm': return ['wasm.satconv', 'wasm.signext'];
  }
  return out;
}

export interface ContextEnv {
  GOROOT: string;
  GOPATH?: string;
  GOOS?: string;
  GOARCH?: string;
  CGO_ENABLED?: string;
  GOEXPERIMENT?: string;
  [k: string]: string | undefined;
}

/** A command's build context: its go env values (config.env) with the GOROOT in use, and the build tags. */
export function contextFor(config: { readonly env: Record<string, string>; readonly goroot: string }, buildTags: string[] = []): BuildContext {
  return makeContext({ ...config.env, GOROOT: config.goroot }, buildTags);
}

/** Builds a context from go env values (host defaults: linux/amd64, cgo on when GOOS/GOARCH are native). */
export function makeContext(env: ContextEnv, buildTags: string[] = []): BuildContext {
  const goos = env.GOOS || hostGOOS();
  const goarch = env.GOARCH || hostGOARCH();
  const native = goos === hostGOOS() && goarch === hostGOARCH();
  const cgoEnabled = env.CGO_ENABLED !== undefined && env.CGO_ENABLED !== '' ? env.CGO_ENABLED === '1' : native;
  const exps = enabledExperiments(env.GOROOT, goos, goarch, env.GOEXPERIMENT ?? '');
  return {
    goroot: env.GOROOT,
    gopath: env.GOPATH ?? '',
    ...(godebugValue(env.GODEBUG ?? '', 'installgoroot') === 'all' ? { installGoroot: true } : {}),
    goos,
    goarch,
    cgoEnabled,
    compiler: 'gc',
    buildTags,
    toolTags: [...exps.map((e) => 'goexperiment.' + e), ...archFeatureTags(goarch, env)],
    releaseTags: releaseTags(toolchainMinor(env.GOROOT)),
    fips140: fips140Version(env.GOFIPS140),
  };
}

export function hostGOOS(): string {
  const p = process.platform;
  return p === 'win32' ? 'windows' : p === 'sunos' ? 'solaris' : p;
}

export function hostGOARCH(): string {
  const a = process.arch;
  switch (a) {
    case 'x64': return 'amd64';
    case 'ia32': return '386';
    case 'arm': return 'arm';
    case 'arm64': return 'arm64';
    case 'loong64': return 'loong64';
    case 'ppc64': return 'ppc64le';
    case 'riscv64': return 'riscv64';
    case 's390x': return 's390x';
    case 'mips': return 'mips';
    case 'mipsel': return 'mipsle';
    default: return a;
  }
}

/** The value of key in a GODEBUG string (the last setting wins), or undefined. */
export function godebugValue(godebug: string, key: string): string | undefined {
  let v: string | undefined;
  for (const kv of godebug.split(',')) {
    const eq = kv.indexOf('=');
    if (eq > 0 && kv.slice(0, eq) === key) v = kv.slice(eq + 1);
  }
  return v;
}
