// Which packages -cover instruments (go's load.SelectCoverPackages and PrepareForCoverageBuild).
import type { Package } from './types.js';

/** Packages the compiler treats as part of the runtime (cmd/internal/objabi's runtimePkgs). */
const RUNTIME_PKGS = new Set([
  'runtime', 'internal/runtime/atomic', 'internal/runtime/cgroup', 'internal/runtime/exithook', 'internal/runtime/gc',
  'internal/runtime/gc/scan', 'internal/runtime/maps', 'internal/runtime/math', 'internal/runtime/sys',
  'internal/runtime/syscall/linux', 'internal/runtime/syscall/windows', 'internal/abi', 'internal/bytealg',
  'internal/byteorder', 'internal/chacha8rand', 'internal/coverage/rtcov', 'internal/cpu', 'internal/goarch',
  'internal/godebugs', 'internal/goexperiment', 'internal/goos', 'internal/profilerecord', 'internal/strconv',
  'internal/stringslite',
]);

export interface CoverSelection {
  /** The packages marked for instrumentation, in roots order. */
  covered: Package[];
  /** go's "warning: no packages being built depend on matches for pattern P" lines, one per unused pattern. */
  warnings: string[];
}

/**
 * go's SelectCoverPackages over roots (a dependency-ordered package list): marks the matching packages'
 * internal.cover with mode (or "regonly"), skipping what cannot be instrumented. op "build" also
 * registers main packages no pattern matched. patterns are the -coverpkg patterns (for the warnings).
 */
export function selectCoverPackages(roots: Package[], match: ((p: Package) => boolean)[], patterns: string[], op: 'build' | 'test', mode: string, race: boolean): CoverSelection {
  const matched = match.map(() => false);
  const covered: Package[] = [];
  for (const p of roots) {
    let haveMatch = false;
    match.forEach((m, i) => {
      if (m(p)) { matched[i] = true; haveMatch = true; }
    });
    if (!haveMatch && !(op === 'build' && p.name === 'main')) continue;
    if (p.importPath === 'unsafe') continue;
    if (p.goFiles.length + p.cgoFiles.length === 0) continue;
    // Atomic mode's counters use sync/atomic: it cannot be instrumented itself.
    if (mode === 'atomic' && p.standard && (p.importPath === 'sync/atomic' || p.importPath === 'internal/runtime/atomic')) continue;
    let cmode = mode;
    // Under -race the runtime's packages only register (the race runtime is not ready when they start).
    if (race && p.standard && RUNTIME_PKGS.has(p.importPath)) cmode = 'regonly';
    if (op === 'build' && p.name === 'main' && !haveMatch) cmode = 'regonly';
    p.internal.cover = { ...p.internal.cover, mode: cmode };
    covered.push(p);
  }
  const tag = op === 'build' ? 'built' : 'tested';
  const warnings = patterns.filter((_, i) => !matched[i]).map((pat) => `warning: no packages being ${tag} depend on matches for pattern ${pat}`);
  return { covered, warnings };
}

/**
 * go's EnsureImport as go 1.26 has it: its already-imported check compares package names with the path,
 * which never matches "sync/atomic", so the package is always appended (a second copy included). The
 * duplicate is kept because it is part of the compile's action ID.
 */
export function ensureImport(p: Package, dep: Package): void {
  if (p.internal.imports.some((d) => d.name === dep.importPath)) return;
  p.internal.imports = [...p.internal.imports, dep];
}
