// Stat fingerprints for the no-op stamp: what a file or directory looks like, and git's racy-timestamp rule.
import { statSync, type Stats } from 'node:fs';

/** The fingerprint of a path that does not exist. */
export const ABSENT = '-';

/** How close (ms) to the start of the recording run a change may be before the fingerprint is not trusted. */
export const RACY_MS = 2000;

/**
 * (dev, ino, size, mode, mtime, ctime) as one string; ctime catches writes that restore mtime with utimes.
 * Times are float milliseconds (sub-microsecond resolution): plain stats cost half of bigint ones.
 */
export function fingerprintOf(st: Stats): string {
  return `${st.dev}:${st.ino}:${st.size}:${st.mode}:${st.mtimeMs}:${st.ctimeMs}`;
}

/**
 * The fingerprint of path now: ABSENT if it (or a parent) does not exist, undefined if it cannot be
 * examined for another reason (which callers treat as doubt).
 */
export function fingerprint(path: string): string | undefined {
  let st: Stats | undefined;
  try {
    st = statSync(path, { throwIfNoEntry: false });
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOTDIR' ? ABSENT : undefined;
  }
  return st === undefined ? ABSENT : fingerprintOf(st);
}

/**
 * git's racy rule: a fingerprint whose mtime or ctime is at or after `sinceMs` (the recording run's start
 * minus RACY_MS) may describe a file that changed while it was being read, so it must not be trusted later.
 */
export function isRacy(fp: string, sinceMs: number): boolean {
  if (fp === ABSENT) return false;
  const f = fp.split(':');
  return Number(f[4]) >= sinceMs || Number(f[5]) >= sinceMs;
}

/** The file names go/build looks at in a package directory (sources by extension, go.mod, PGO profiles). */
export function isBuildInputName(name: string): boolean {
  if (name === 'go.mod' || name.endsWith('.pgo')) return true;
  const dot = name.lastIndexOf('.');
  if (dot < 0) return false;
  return BUILD_EXTS.has(name.slice(dot));
}

const BUILD_EXTS = new Set([
  '.go', '.c', '.cc', '.cpp', '.cxx', '.m', '.h', '.hh', '.hpp', '.hxx', '.f', '.F', '.for', '.f90',
  '.s', '.S', '.sx', '.swig', '.swigcxx', '.syso',
]);
