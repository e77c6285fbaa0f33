// go test's checks of -fuzz against the loaded packages (runTest, before anything is built).
import type { Package } from '../load/types.js';
import { packageListOf, type TestLoad } from './testpkgs.js';

/** internal/platform.FuzzSupported: the systems where the fuzzing engine runs. */
export function fuzzSupported(goos: string): boolean {
  return ['darwin', 'freebsd', 'linux', 'openbsd', 'windows'].includes(goos);
}

export interface FuzzCheckInput {
  goos: string;
  goarch: string;
  coverprofile: string;
  /** The profile flag in use (-cpuprofile, ...), "" without one. */
  profile: string;
  modulesEnabled: boolean;
}

/**
 * go's message (base.Fatalf, exit 1) for a -fuzz run it refuses, in go's order, or undefined. Fuzzing writes
 * failing inputs into the package's testdata, so a package outside the main modules (a dependency in the
 * module cache, or std when GOROOT's module is not the main one) is refused.
 */
export function fuzzRefusal(pkgs: readonly Package[], o: FuzzCheckInput): string | undefined {
  if (!fuzzSupported(o.goos)) return `-fuzz flag is not supported on ${o.goos}/${o.goarch}`;
  if (pkgs.length !== 1) return 'cannot use -fuzz flag with multiple packages';
  if (o.coverprofile !== '') return 'cannot use -coverprofile flag with -fuzz flag';
  if (o.profile !== '') return `cannot use ${o.profile} flag with -fuzz flag`;
  const p = pkgs[0]!;
  const outside = 'cannot use -fuzz flag on package outside the main module';
  if (p.module?.path) {
    if (!p.module.main) return outside;
  } else if (p.standard && o.modulesEnabled) {
    return outside;
  }
  return undefined;
}

/**
 * Packages that could steer the fuzzer's coverage without telling it anything useful (the testing and fuzzing
 * machinery and what runs alongside it) are not instrumented, as go leaves them.
 */
const FUZZ_SKIP_INSTRUMENT = new Set(['context', 'internal/fuzz', 'internal/godebug', 'internal/runtime/maps', 'internal/sync', 'reflect', 'runtime', 'sync', 'sync/atomic', 'syscall', 'testing', 'time']);

/** go's FuzzInstrument marking over load.TestPackageList: the packages, their test imports, and all their dependencies. */
export function markFuzzInstrumented(pkgs: Package[], tests: Iterable<TestLoad>): void {
  const roots = [...pkgs];
  for (const l of tests) roots.push(...l.testImports, ...l.xTestImports);
  for (const q of packageListOf(roots)) if (!FUZZ_SKIP_INSTRUMENT.has(q.importPath)) q.internal.fuzzInstrument = true;
}
