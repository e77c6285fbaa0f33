// Speculative cgo: the cgo tool and C compiles of a package with a large C part, started before its Go
// dependencies are built (they need none of their export data), so that the C compile leaves the
// critical path. go runs them only once the package's action ID, and so its cache check, is known.
import { join } from 'node:path';
import type { Package } from '../load/types.js';
import { cgoAssembly, fileSize, LARGE_C_BYTES, usesCgo } from './cgo.js';

/**
 * The C part (bytes of .c and gcc-assembled .S files) from which a speculative start pays: ~1 MiB is
 * some seconds of gcc -O2, more than the few tool starts it costs when the package turns out cached.
 */
export const SPECULATE_MIN_C_BYTES = LARGE_C_BYTES;

/**
 * Whether p's cgo run and C compiles may start before its dependencies are built: C and assembly only
 * (no C++, Objective-C, Fortran or SWIG), no pkg-config (whose failures print at once), and a C part of
 * at least SPECULATE_MIN_C_BYTES. size gives a file's size (-1 when unreadable).
 */
export function speculationCandidate(p: Package, size: (file: string) => number = fileSize): boolean {
  if (!usesCgo(p) || p.swigFiles.length + p.swigCXXFiles.length + p.cxxFiles.length + p.mFiles.length + p.fFiles.length > 0) return false;
  if ((p.cgoPkgConfig?.length ?? 0) > 0) return false;
  let total = 0;
  for (const f of [...p.cFiles, ...cgoAssembly(p).gcc]) {
    const n = size(join(p.dir, f));
    if (n < 0) return false;
    total += n;
  }
  return total >= SPECULATE_MIN_C_BYTES;
}

/**
 * Flags with which gcc lets -frandom-seed's value reach the object: the recorded command line, names of
 * generated constructors (sanitizers, profiling), LTO section names, dumps.
 */
const SEED_USERS = ['-grecord-gcc-switches', '-frecord-gcc-switches', '-flto', '-fsanitize', '-fprofile', '-fbranch-probabilities',
  '-fauto-profile', '--coverage', '-ftest-coverage', '-fcompare-debug', '-save-temps', '-fdump', '-fasan', '-fsplit-stack'];

/**
 * Whether a C compile's object is the same whatever its -frandom-seed, so that a speculative compile
 * (whose seed cannot be go's: that is a subkey of the action ID) gives go's bytes: the compiler is told not
 * to record its switches (go's -gno-record-gcc-switches, which gcc and clang take) and no flag uses the seed.
 */
export function seedFreeCompile(cmd: readonly string[]): boolean {
  if (!cmd.includes('-gno-record-gcc-switches')) return false;
  return !cmd.some((f) => SEED_USERS.some((u) => f.startsWith(u)));
}

/** The error a speculative cgo run stops with when its compiles would depend on their seed. */
export class SeedDependentCompile extends Error {
  constructor() { super('C compile depends on -frandom-seed'); }
}
