// Finding the Go toolchain (GOROOT) for a driver that does not live inside one.
import { statSync, realpathSync, readFileSync } from 'node:fs';
import { join, resolve, delimiter, normalize } from 'node:path';
import { goQuote } from '../lib/goquote.js';

/** Reports whether dir looks like a GOROOT: it has a pkg/tool directory (go's isGOROOT). */
export function isGOROOT(dir: string): boolean {
  try {
    return statSync(join(dir, 'pkg', 'tool')).isDirectory();
  } catch {
    return false;
  }
}

function isExecutableFile(p: string): boolean {
  try {
    // A missing file answers undefined rather than throwing: a PATH walk misses in most directories, and
    // cgo builds look gcc up for every C compile (an exception, with its stack trace, costs ~10x the stat).
    const st = statSync(p, { throwIfNoEntry: false });
    return st !== undefined && st.isFile() && (st.mode & 0o111) !== 0;
  } catch {
    return false;
  }
}

/** exec.LookPath: the first executable named name on PATH (or name itself if it has a slash). */
export function lookPath(name: string, pathEnv: string | undefined): string | undefined {
  if (name.includes('/')) return isExecutableFile(name) ? name : undefined;
  for (const dir of (pathEnv ?? '').split(delimiter)) {
    const p = join(dir === '' ? '.' : dir, name);
    if (isExecutableFile(p)) return p;
  }
  return undefined;
}

/**
 * exec.Command's lookup of a program: a name with a slash as is (starting it reports its errors), else
 * the first executable on PATH, or go's error text when there is none or only through a relative entry.
 */
export function execLookPath(name: string, pathEnv: string | undefined): { path: string } | { err: string } {
  // exec.Command looks up a name that is its own base name, which "/" is too (and is a directory); "." and
  // ".." are never found (LookPath's guard against running a directory entry).
  if (name === '/') return { err: `exec: "/": is a directory` };
  if (name === '.' || name === '..') return { err: `exec: ${goQuote(name)}: executable file not found in $PATH` };
  if (name.includes('/')) return { path: name };
  const p = lookPath(name, pathEnv);
  if (p === undefined) return { err: `exec: ${goQuote(name)}: executable file not found in $PATH` };
  if (!p.startsWith('/')) return { err: `exec: ${goQuote(name)}: cannot run executable found relative to current directory` };
  return { path: p };
}

/** Every executable named name on PATH, in PATH order. */
export function lookPathAll(name: string, pathEnv: string | undefined): string[] {
  const out: string[] = [];
  for (const dir of (pathEnv ?? '').split(delimiter)) {
    const p = join(dir === '' ? '.' : dir, name);
    if (isExecutableFile(p)) out.push(p);
  }
  return out;
}

/** Well-known install locations tried last. */
export const FALLBACK_GOROOTS = ['/usr/local/go', '/usr/lib/go'];

/**
 * The directories go would take for GOROOT given its executable's path, in its order: on Linux
 * os.Executable is the fully resolved path (/proc/self/exe), and go is in GOROOT/bin or
 * GOROOT/bin/GOOS_GOARCH. [] when exe is "" or does not exist.
 */
export function exeGorootCandidates(exe: string, cwd = process.cwd()): string[] {
  if (exe === '') return [];
  let real: string;
  try {
    real = realpathSync(resolve(cwd, exe));
  } catch {
    return [];
  }
  return [resolve(real, '../..'), resolve(real, '../../..')];
}

/**
 * Finds GOROOT: an explicit setting (the user env file's GOROOT, else $GOROOT) wins as is;
 * otherwise, as go tries its own executable, the GOROOT around exe (the path gocmd's launcher was
 * started by: a gocmd installed as GOROOT/bin/go); then the first `go` binary on PATH that sits in a GOROOT (symlinks resolved; GOROOT is
 * ../.. of it, or ../../.. for bin/GOOS_GOARCH) — a `go` that is gocmd itself is skipped that
 * way — then FALLBACK_GOROOTS. Returns "" when none is found.
 */
export function findGOROOT(explicit: string | undefined, pathEnv: string | undefined, fallbacks = FALLBACK_GOROOTS, exe = ''): string {
  if (explicit) return normalize(explicit).replace(/(.)\/+$/, '$1');
  for (const c of exeGorootCandidates(exe)) if (isGOROOT(c)) return c;
  for (const goBin of lookPathAll('go', pathEnv)) {
    const candidates: string[] = [];
    const abs = resolve(goBin);
    candidates.push(resolve(abs, '../..'), resolve(abs, '../../..'));
    try {
      const real = realpathSync(abs);
      candidates.push(resolve(real, '../..'), resolve(real, '../../..'));
    } catch {
      // dangling symlink: ignore
    }
    for (const c of candidates) if (isGOROOT(c)) return c;
  }
  for (const f of fallbacks) if (isGOROOT(f)) return f;
  return '';
}

/**
 * The toolchain version from the first line of $GOROOT/VERSION ("go1.26.8"); a GOROOT without that
 * file (one assembled from parts, as in go's tests) still has the version cmd/dist recorded in
 * src/internal/buildcfg/zbootstrap.go. "" if neither is readable.
 */
export function readGoVersion(goroot: string): string {
  if (!goroot) return '';
  try {
    const text = readFileSync(join(goroot, 'VERSION'), 'utf8');
    return text.split('\n', 1)[0]!.trim();
  } catch {
    // Fall back to the generated source below.
  }
  try {
    const src = readFileSync(join(goroot, 'src', 'internal', 'buildcfg', 'zbootstrap.go'), 'utf8');
    return /^const version = `([^`]*)`/m.exec(src)?.[1] ?? '';
  } catch {
    return '';
  }
}
