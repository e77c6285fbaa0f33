// Facts about the host that conditions depend on: GOOS/GOARCH names, build-mode and sanitizer
// support tables (as internal/platform states them), and the GOEXPERIMENT flags of a GOROOT.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const KNOWN_OS = new Set(['aix', 'android', 'darwin', 'dragonfly', 'freebsd', 'hurd', 'illumos', 'ios', 'js', 'linux', 'nacl', 'netbsd', 'openbsd', 'plan9', 'solaris', 'wasip1', 'windows', 'zos']);
export const KNOWN_ARCH = new Set(['386', 'amd64', 'amd64p32', 'arm', 'armbe', 'arm64', 'arm64be', 'loong64', 'mips', 'mipsle', 'mips64', 'mips64le', 'mips64p32', 'mips64p32le', 'ppc', 'ppc64', 'ppc64le', 'riscv', 'riscv64', 's390', 's390x', 'sparc', 'sparc64', 'wasm']);

/** Node's platform/arch names mapped to Go's. */
export function hostGOOS(): string {
  const p = process.platform as string;
  return p === 'win32' ? 'windows' : p === 'sunos' ? 'solaris' : p;
}

export function hostGOARCH(): string {
  const a: Record<string, string> = { x64: 'amd64', ia32: '386', arm64: 'arm64', arm: 'arm', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64', loong64: 'loong64', mips: 'mips', mipsel: 'mipsle' };
  return a[process.arch] ?? process.arch;
}

const pair = (goos: string, goarch: string): string => `${goos}/${goarch}`;

export function raceSupported(goos: string, goarch: string): boolean {
  return ['linux/amd64', 'linux/ppc64le', 'linux/arm64', 'linux/s390x', 'linux/loong64', 'freebsd/amd64', 'netbsd/amd64', 'openbsd/amd64', 'darwin/amd64', 'darwin/arm64', 'windows/amd64'].includes(pair(goos, goarch));
}

export function msanSupported(goos: string, goarch: string): boolean {
  return ['linux/amd64', 'linux/arm64', 'linux/loong64', 'freebsd/amd64'].includes(pair(goos, goarch));
}

export function asanSupported(goos: string, goarch: string): boolean {
  return goos === 'linux' && ['arm64', 'amd64', 'loong64', 'riscv64', 'ppc64le'].includes(goarch);
}

export function fuzzSupported(goos: string, goarch: string): boolean {
  return ['darwin', 'freebsd', 'linux', 'openbsd', 'windows'].includes(goos) && ['amd64', 'arm64', 'ppc64le'].includes(goarch);
}

export function fuzzInstrumented(goos: string, goarch: string): boolean {
  return ['amd64', 'arm64', 'loong64'].includes(goarch) && ['darwin', 'freebsd', 'linux', 'openbsd', 'windows'].includes(goos);
}

/** platform.MustLinkExternal for the common hosts. */
export function mustLinkExternal(goos: string, goarch: string, withCgo: boolean): boolean {
  if (withCgo) {
    if (goarch === 'loong64' || goarch === 'mips' || goarch === 'mipsle' || goarch === 'mips64' || goarch === 'mips64le') return true;
    if (goarch === 'arm64' && goos === 'windows') return true;
    if (goarch === 'ppc64') return true;
    if (goos === 'dragonfly' || goos === 'freebsd' && goarch === 'riscv64' || goos === 'netbsd' || goos === 'openbsd' && goarch === 'mips64') return true;
  }
  if (goos === 'android') return goarch !== 'arm64';
  if (goos === 'ios') return goarch === 'arm64';
  return false;
}

export function internalLinkPIESupported(goos: string, goarch: string): boolean {
  return ['android/arm64', 'darwin/amd64', 'darwin/arm64', 'linux/amd64', 'linux/arm64', 'linux/loong64', 'linux/ppc64le', 'windows/386', 'windows/amd64', 'windows/arm64'].includes(pair(goos, goarch));
}

/** platform.BuildModeSupported for the gc compiler. */
export function buildModeSupported(mode: string, goos: string, goarch: string): boolean {
  const p = pair(goos, goarch);
  switch (mode) {
    case 'archive':
      return true;
    case 'c-archive':
      return ['aix', 'darwin', 'ios', 'windows'].includes(goos) || ['freebsd/amd64', 'linux/386', 'linux/amd64', 'linux/arm', 'linux/armbe', 'linux/arm64', 'linux/arm64be', 'linux/loong64', 'linux/ppc64le', 'linux/riscv64', 'linux/s390x'].includes(p);
    case 'c-shared':
      return ['aix/ppc64', 'darwin/amd64', 'darwin/arm64', 'freebsd/amd64', 'linux/amd64', 'linux/arm', 'linux/arm64', 'linux/loong64', 'linux/386', 'linux/ppc64le', 'linux/riscv64', 'linux/s390x', 'android/amd64', 'android/arm', 'android/arm64', 'android/386', 'windows/amd64', 'windows/386', 'windows/arm64', 'illumos/amd64', 'solaris/amd64'].includes(p);
    case 'default':
    case 'exe':
      return true;
    case 'pie':
      return ['linux/386', 'linux/amd64', 'linux/arm', 'linux/arm64', 'linux/loong64', 'linux/ppc64le', 'linux/riscv64', 'linux/s390x', 'android/amd64', 'android/arm', 'android/arm64', 'android/386', 'freebsd/amd64', 'darwin/amd64', 'darwin/arm64', 'ios/amd64', 'ios/arm64', 'aix/ppc64', 'openbsd/arm64', 'windows/386', 'windows/amd64', 'windows/arm64'].includes(p);
    case 'shared':
      return ['linux/386', 'linux/amd64', 'linux/arm', 'linux/arm64', 'linux/ppc64le', 'linux/s390x'].includes(p);
    case 'plugin':
      return ['linux/amd64', 'linux/arm', 'linux/arm64', 'linux/386', 'linux/loong64', 'linux/riscv64', 'linux/s390x', 'linux/ppc64le', 'android/amd64', 'android/386', 'darwin/amd64', 'darwin/arm64', 'freebsd/amd64'].includes(p);
    default:
      return false;
  }
}

/** The lower-cased GOEXPERIMENT flag names, read from $GOROOT/src/internal/goexperiment/flags.go. */
export function experimentNames(goroot: string): string[] {
  let src: string;
  try {
    src = readFileSync(join(goroot, 'src/internal/goexperiment/flags.go'), 'utf8');
  } catch {
    return [];
  }
  const body = /type Flags struct \{([\s\S]*?)\n\}/.exec(src)?.[1] ?? '';
  return [...body.matchAll(/^\s+([A-Z]\w*)\s+bool/gm)].map((m) => m[1]!.toLowerCase());
}

/** The enabled experiments for GOEXPERIMENT=goexp, as buildcfg.ParseGOEXPERIMENT computes them. */
export function enabledExperiments(names: string[], goos: string, goarch: string, goexp: string): Map<string, boolean> {
  const regabiAlwaysOn = ['amd64', 'arm64', 'loong64', 'ppc64le', 'ppc64', 'riscv64'].includes(goarch);
  const regabiSupported = regabiAlwaysOn || goarch === 's390x';
  const flags = new Map<string, boolean>(names.map((n) => [n, false]));
  const set = (n: string, v: boolean): void => {
    if (flags.has(n)) flags.set(n, v);
  };
  set('regabiwrappers', regabiSupported);
  set('regabiargs', regabiSupported);
  set('dwarf5', !['darwin', 'ios', 'aix'].includes(goos));
  set('randomizedheapbase64', true);
  set('greenteagc', true);
  for (const raw of goexp.split(',')) {
    if (raw === '') continue;
    if (raw === 'none') {
      for (const k of flags.keys()) flags.set(k, false);
      continue;
    }
    let f = raw;
    let v = true;
    if (f.startsWith('no')) {
      f = f.slice(2);
      v = false;
    }
    if (f === 'regabi') {
      set('regabiwrappers', v);
      set('regabiargs', v);
      continue;
    }
    if (!flags.has(f)) throw new Error(`unknown GOEXPERIMENT ${f}`);
    flags.set(f, v);
  }
  if (regabiAlwaysOn) {
    set('regabiwrappers', true);
    set('regabiargs', true);
  }
  if (!regabiSupported) {
    set('regabiwrappers', false);
    set('regabiargs', false);
  }
  return flags;
}
