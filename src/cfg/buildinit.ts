// The checks go makes on build flags and the C toolchain settings before building (BuildInit, NewBuilder).
import { isAbsolute, basename, resolve } from 'node:path';
import type { BuildFlags } from './buildflags.js';
import type { Config } from './config.js';
import { ExitError } from '../base/errors.js';
import { goQuote } from '../lib/goquote.js';
import { isKnownPort } from './platform.js';
import { splitQuoted } from '../lib/quoted.js';

/** platform.RaceDetectorSupported. */
export function raceSupported(goos: string, goarch: string): boolean {
  switch (goos) {
    case 'linux': return ['amd64', 'arm64', 'loong64', 'ppc64le', 'riscv64', 's390x'].includes(goarch);
    case 'darwin': return goarch === 'amd64' || goarch === 'arm64';
    case 'freebsd': case 'netbsd': case 'windows': return goarch === 'amd64';
  }
  return false;
}

/** platform.MSanSupported. */
export function msanSupported(goos: string, goarch: string): boolean {
  if (goos === 'linux') return ['amd64', 'arm64', 'loong64'].includes(goarch);
  return goos === 'freebsd' && goarch === 'amd64';
}

/** platform.ASanSupported. */
export function asanSupported(goos: string, goarch: string): boolean {
  return goos === 'linux' && ['arm64', 'amd64', 'loong64', 'riscv64', 'ppc64le'].includes(goarch);
}

const BUILD_MODES = new Set(['archive', 'c-archive', 'c-shared', 'default', 'exe', 'pie', 'shared', 'plugin']);

/** platform.BuildModeSupported for the gc toolchain. */
export function buildModeSupported(buildmode: string, goos: string, goarch: string): boolean {
  if (!isKnownPort(goos, goarch)) return false;
  const platform = `${goos}/${goarch}`;
  switch (buildmode) {
    case 'archive': case 'default': case 'exe':
      return true;
    case 'c-archive':
      switch (goos) {
        case 'aix': case 'darwin': case 'ios': case 'windows': return true;
        case 'linux': return ['386', 'amd64', 'arm', 'armbe', 'arm64', 'arm64be', 'loong64', 'ppc64le', 'riscv64', 's390x'].includes(goarch);
        case 'freebsd': return goarch === 'amd64';
      }
      return false;
    case 'c-shared':
      return [
        'linux/amd64', 'linux/arm', 'linux/arm64', 'linux/loong64', 'linux/386', 'linux/ppc64le', 'linux/riscv64', 'linux/s390x',
        'android/amd64', 'android/arm', 'android/arm64', 'android/386', 'freebsd/amd64', 'darwin/amd64', 'darwin/arm64',
        'windows/amd64', 'windows/386', 'windows/arm64', 'wasip1/wasm',
      ].includes(platform);
    case 'pie':
      return [
        'linux/386', 'linux/amd64', 'linux/arm', 'linux/arm64', 'linux/loong64', 'linux/ppc64le', 'linux/riscv64', 'linux/s390x',
        'android/amd64', 'android/arm', 'android/arm64', 'android/386', 'freebsd/amd64', 'darwin/amd64', 'darwin/arm64',
        'ios/amd64', 'ios/arm64', 'aix/ppc64', 'openbsd/arm64', 'windows/386', 'windows/amd64', 'windows/arm64',
      ].includes(platform);
    case 'shared':
      return ['linux/386', 'linux/amd64', 'linux/arm', 'linux/arm64', 'linux/ppc64le', 'linux/s390x'].includes(platform);
    case 'plugin':
      return [
        'linux/amd64', 'linux/arm', 'linux/arm64', 'linux/386', 'linux/loong64', 'linux/riscv64', 'linux/s390x', 'linux/ppc64le',
        'android/amd64', 'android/386', 'darwin/amd64', 'darwin/arm64', 'freebsd/amd64',
      ].includes(platform);
  }
  return false;
}

/**
 * go's BuildInit checks, in go's order (instrumentation, -pkgdir, -p, CC/CXX/FC, -covermode):
 * throws ExitError with go's message and status. Normalizes bf as go does: -pkgdir made absolute
 * (relative to config.cwd) and the -covermode default ("set", or "atomic" with -race).
 */
export function buildInitChecks(bf: BuildFlags, config: Config): void {
  const { goos, goarch } = config;
  if (bf.race || bf.msan || bf.asan) {
    if (bf.race && bf.msan) throw new ExitError('go: may not use -race and -msan simultaneously', 2);
    if (bf.race && bf.asan) throw new ExitError('go: may not use -race and -asan simultaneously', 2);
    if (bf.msan && bf.asan) throw new ExitError('go: may not use -msan and -asan simultaneously', 2);
    if (bf.msan && !msanSupported(goos, goarch)) throw new ExitError(`-msan is not supported on ${goos}/${goarch}`, 2);
    if (bf.race && !raceSupported(goos, goarch)) throw new ExitError(`-race is not supported on ${goos}/${goarch}`, 2);
    if (bf.asan && !asanSupported(goos, goarch)) throw new ExitError(`-asan is not supported on ${goos}/${goarch}`, 2);
    const mode = bf.asan ? 'asan' : bf.msan ? 'msan' : 'race';
    // MSAN needs PIE everywhere but linux/amd64.
    if (bf.msan && bf.buildmode === 'default' && (goos !== 'linux' || goarch !== 'amd64')) bf.buildmode = 'pie';
    // On macOS -race does not need cgo; -asan and -msan do.
    if (!config.cgoEnabled && (goos !== 'darwin' || bf.asan || bf.msan)) {
      const native = goos === config.gohostos && goarch === config.gohostarch;
      throw new ExitError(`go: -${mode} requires cgo${native ? '; enable cgo by setting CGO_ENABLED=1' : ''}`, 2);
    }
    // go also adds -<mode> to the compiler and linker flags, "_<mode>" to the install suffix and
    // <mode> to the tool tags; those belong to the builder.
  }
  // go's buildModeInit: a PIE race build only where PIE is the default.
  if (bf.buildmode === 'pie' && bf.race && !defaultPIEFor(goos)) {
    throw new ExitError(`-buildmode=pie not supported when -race is enabled on ${goos}/${goarch}`, 1);
  }
  if (!BUILD_MODES.has(bf.buildmode)) throw new ExitError(`buildmode=${bf.buildmode} not supported`, 1);
  if (bf.buildmode === 'shared' && bf.o !== '') throw new ExitError('-buildmode=shared and -o not supported together', 1);
  if (bf.buildmode !== 'default' && !buildModeSupported(bf.buildmode, goos, goarch)) {
    throw new ExitError(`-buildmode=${bf.buildmode} not supported on ${goos}/${goarch}`, 1);
  }
  if (bf.linkshared && !buildModeSupported('shared', goos, goarch)) throw new ExitError(`-linkshared not supported on ${goos}/${goarch}`, 1);
  if (bf.pkgdir !== '' && !isAbsolute(bf.pkgdir)) bf.pkgdir = resolve(config.cwd, bf.pkgdir);
  if (bf.p <= 0) throw new ExitError(`go: -p must be a positive integer: ${bf.p}\n`);
  for (const key of ['CC', 'CXX', 'FC']) {
    let args: string[];
    try {
      args = splitQuoted(config.getenv(key));
    } catch (e) {
      throw new ExitError(`go: ${key} environment variable could not be parsed: ${(e as Error).message}`);
    }
    if (args.length === 0) continue;
    const path = args[0]!;
    if (!isAbsolute(path) && path !== basename(path)) {
      throw new ExitError(`go: ${key} environment variable is relative; must be absolute path: ${path}\n`);
    }
  }
  if (bf.covermode === '') bf.covermode = bf.race ? 'atomic' : 'set';
  if (bf.race && bf.covermode !== 'atomic') {
    throw new ExitError(`-covermode must be "atomic", not ${goQuote(bf.covermode)}, when -race is enabled`);
  }
}

/** platform.DefaultPIE with -race: only the platforms whose executables are PIE by default. */
function defaultPIEFor(goos: string): boolean {
  return goos === 'android' || goos === 'ios' || goos === 'windows' || goos === 'darwin';
}

/** go's NewBuilder checks: a supported GOOS/GOARCH pair, and no comma inside a space-separated -tags list. */
export function newBuilderChecks(bf: BuildFlags, config: Config): void {
  if (!isKnownPort(config.goos, config.goarch)) {
    throw new ExitError(`go: unsupported GOOS/GOARCH pair ${config.goos}/${config.goarch}`, 2);
  }
  if (bf.tags.some((t) => t.includes(','))) throw new ExitError('go: -tags space-separated list contains comma', 2);
}
