// Ports go knows (go tool dist list), cgo support, host platform, default C compilers and GO<ARCH> vars.
import { availableParallelism } from 'node:os';
import { goQuote } from '../lib/goquote.js';

/** Every GOOS/GOARCH pair go 1.26 supports (internal/platform). */
export const PORTS: readonly string[] = (
  'aix/ppc64 android/386 android/amd64 android/arm android/arm64 darwin/amd64 darwin/arm64 ' +
  'dragonfly/amd64 freebsd/386 freebsd/amd64 freebsd/arm freebsd/arm64 freebsd/riscv64 illumos/amd64 ' +
  'ios/amd64 ios/arm64 js/wasm linux/386 linux/amd64 linux/arm linux/arm64 linux/loong64 linux/mips ' +
  'linux/mips64 linux/mips64le linux/mipsle linux/ppc64 linux/ppc64le linux/riscv64 linux/s390x ' +
  'linux/sparc64 netbsd/386 netbsd/amd64 netbsd/arm netbsd/arm64 openbsd/386 openbsd/amd64 openbsd/arm ' +
  'openbsd/arm64 openbsd/mips64 openbsd/ppc64 openbsd/riscv64 plan9/386 plan9/amd64 plan9/arm ' +
  'solaris/amd64 wasip1/wasm windows/386 windows/amd64 windows/arm64'
).split(' ');

const CGO_PORTS = new Set(
  ('aix/ppc64 android/386 android/amd64 android/arm android/arm64 darwin/amd64 darwin/arm64 ' +
    'dragonfly/amd64 freebsd/386 freebsd/amd64 freebsd/arm freebsd/arm64 freebsd/riscv64 illumos/amd64 ' +
    'ios/amd64 ios/arm64 linux/386 linux/amd64 linux/arm linux/arm64 linux/loong64 linux/mips ' +
    'linux/mips64 linux/mips64le linux/mipsle linux/ppc64le linux/riscv64 linux/s390x linux/sparc64 ' +
    'netbsd/386 netbsd/amd64 netbsd/arm netbsd/arm64 openbsd/386 openbsd/amd64 openbsd/arm openbsd/arm64 ' +
    'openbsd/mips64 openbsd/riscv64 solaris/amd64 windows/386 windows/amd64 windows/arm64').split(' '),
);

/** Ports that exist but are marked broken (not listed by `go tool dist list`). */
export const BROKEN_PORTS: ReadonlySet<string> = new Set(['freebsd/riscv64', 'linux/sparc64', 'openbsd/mips64']);

export function cgoSupported(goos: string, goarch: string): boolean {
  return CGO_PORTS.has(`${goos}/${goarch}`);
}

export function isKnownPort(goos: string, goarch: string): boolean {
  return PORTS.includes(`${goos}/${goarch}`);
}

/** The GOOS of the machine gocmd runs on, from Node's process.platform. */
export function hostGOOS(platform: string = process.platform): string {
  switch (platform) {
    case 'win32': return 'windows';
    case 'sunos': return 'solaris';
    default: return platform; // linux, darwin, freebsd, openbsd, netbsd, aix, android
  }
}

/** The GOARCH of the machine gocmd runs on, from Node's process.arch. */
export function hostGOARCH(arch: string = process.arch, endianness: string = 'LE'): string {
  switch (arch) {
    case 'x64': return 'amd64';
    case 'ia32': return '386';
    case 'ppc64': return endianness === 'LE' ? 'ppc64le' : 'ppc64';
    case 'mipsel': return 'mipsle';
    case 'mips64el': return 'mips64le';
    default: return arch; // arm, arm64, s390x, riscv64, loong64, mips
  }
}

/** cfg.DefaultCC. */
export function defaultCC(goos: string): string {
  return ['darwin', 'ios', 'freebsd', 'openbsd'].includes(goos) ? 'clang' : 'gcc';
}

/** cfg.DefaultCXX. */
export function defaultCXX(goos: string): string {
  return ['darwin', 'ios', 'freebsd', 'openbsd'].includes(goos) ? 'clang++' : 'g++';
}

export const DEFAULT_PKG_CONFIG = 'pkg-config';
export const DEFAULT_CFLAGS = '-O2 -g';

/** The GOARCH-specific variable (GOAMD64, GOARM, …) and its default, or undefined. */
export function archEnv(goarch: string): { name: string; def: string } | undefined {
  switch (goarch) {
    case 'arm': return { name: 'GOARM', def: '7' };
    case 'arm64': return { name: 'GOARM64', def: 'v8.0' };
    case '386': return { name: 'GO386', def: 'sse2' };
    case 'amd64': return { name: 'GOAMD64', def: 'v1' };
    case 'mips': case 'mipsle': return { name: 'GOMIPS', def: 'hardfloat' };
    case 'mips64': case 'mips64le': return { name: 'GOMIPS64', def: 'hardfloat' };
    case 'ppc64': case 'ppc64le': return { name: 'GOPPC64', def: 'power8' };
    case 'riscv64': return { name: 'GORISCV64', def: 'rva20u64' };
    case 'wasm': return { name: 'GOWASM', def: '' };
  }
  return undefined;
}

/** Defaults of all GO<ARCH> variables (internal/buildcfg). */
export const ARCH_ENV_DEFAULTS: Readonly<Record<string, string>> = {
  GO386: 'sse2', GOAMD64: 'v1', GOARM: '7', GOARM64: 'v8.0', GOMIPS: 'hardfloat',
  GOMIPS64: 'hardfloat', GOPPC64: 'power8', GORISCV64: 'rva20u64', GOWASM: '',
};

/**
 * runtime.GOMAXPROCS(0) as a go program started with env sees it: a positive integer $GOMAXPROCS
 * wins (not capped by the CPU count), else the CPUs available to the process.
 */
export function gomaxprocs(env: Readonly<Record<string, string | undefined>> = process.env, ncpu: number = availableParallelism()): number {
  const v = env['GOMAXPROCS'] ?? '';
  if (/^\d+$/.test(v)) {
    const n = parseInt(v, 10);
    if (n > 0 && n <= 0x7fffffff) return n;
  }
  return Math.max(1, ncpu);
}

/** go's buildcfg.ParseGoarm64 check: v8.0-v8.9 or v9.0-v9.5, then any of ",lse" and ",crypto" in any order. */
function goarm64Valid(v: string): boolean {
  for (;;) {
    if (v.endsWith(',lse')) v = v.slice(0, -4);
    else if (v.endsWith(',crypto')) v = v.slice(0, -7);
    else break;
  }
  return /^v8\.[0-9]$|^v9\.[0-5]$/.test(v);
}

/** buildcfg's isFIPSVersion: v1.Y.Z, v1.Y.Z-rcN or v1.Y.Z-<8 characters>. */
function isFIPSVersion(v: string): boolean {
  return /^v1\.[0-9]+\.[0-9]+(?:-rc[0-9]+|-.{8})?$/s.test(v);
}

/**
 * go's buildcfg.Error, from the process environment whatever GOARCH is: buildcfg's variables are
 * initialized in order, each bad one overwriting the error, so the last bad one is reported, except
 * that GOARM64's parse sets the error to its own result: a bad GOAMD64 or GOARM, checked before it,
 * is never reported (the tools quietly take the default, as go does). "" when nothing is reported.
 */
export function archEnvError(env: Readonly<Record<string, string | undefined>>): string {
  const get = (k: string): string => env[k] || ARCH_ENV_DEFAULTS[k] || '';
  let err = '';
  const choice = (name: string, ok: readonly string[]): void => {
    if (!ok.includes(get(name))) err = `invalid ${name}: must be ${ok.join(', ')}`;
  };
  choice('GOAMD64', ['v1', 'v2', 'v3', 'v4']);
  const arm = get('GOARM').replace(/,softfloat$/, '').replace(/,hardfloat$/, '');
  if (!['5', '6', '7'].includes(arm)) err = 'invalid GOARM: must start with 5, 6, or 7, and may optionally end in either ",hardfloat" or ",softfloat"';
  err = goarm64Valid(get('GOARM64')) ? '' : 'invalid GOARM64: must start with v8.{0-9} or v9.{0-5} and may optionally end in ",lse" and/or ",crypto"';
  choice('GOMIPS', ['hardfloat', 'softfloat']);
  choice('GOMIPS64', ['hardfloat', 'softfloat']);
  choice('GOPPC64', ['power8', 'power9', 'power10']);
  choice('GORISCV64', ['rva20u64', 'rva22u64', 'rva23u64']);
  for (const opt of (env['GOWASM'] ?? '').split(',')) {
    if (!['satconv', 'signext', ''].includes(opt)) err = `invalid GOWASM: no such feature ${goQuote(opt)}`;
  }
  const fips = env['GOFIPS140'] || 'off';
  if (!['off', 'latest', 'inprocess', 'certified'].includes(fips) && !isFIPSVersion(fips)) {
    err = 'invalid GOFIPS140: must be off, latest, inprocess, certified, or v1.Y.Z';
  }
  return err;
}
