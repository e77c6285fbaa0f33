// The size of V8's young generation while a command loads many packages and builds nothing (go list).
//
// V8 grows the young generation's semi-spaces from 1 MB towards 16 MB when much of what it allocates
// survives, as when loading keeps every package it reads. For go list -deps -json over gopls that growth was
// ~30 MB of the command's ~120 MB peak RSS (go's own peak is ~50 MB), for no measurable CPU gain: the
// scavenges of a 1 MB young generation promote what loading keeps anyway. V8 reads
// --semi-space-growth-factor each time it would grow the space, so it can be set while running; node offers no other way
// to size the heap after start-up without a command-line flag, and any flag there costs every command's
// start-up (see bin/gocmd). Builds keep V8's default: a larger young generation saves GC time there.
//
// Imports only node builtins: the launcher (cli/codecache.ts) imports it before anything else.
import { setFlagsFromString } from 'node:v8';

/** What the launcher did with the V8 code cache: used it, makes it at exit, or runs without one. */
export type CodeCacheStatus = 'used' | 'made' | 'off';

const KEY = Symbol.for('gocmd.codeCacheStatus');
type WithStatus = { [KEY]?: CodeCacheStatus };

/** Records the launcher's code-cache status (global: the launcher and the bundle are separate copies of this module). */
export function setCodeCacheStatus(s: CodeCacheStatus): void {
  (globalThis as WithStatus)[KEY] = s;
}

/**
 * Whether V8 flags may be changed now. A cache made at exit records the flags in force then and V8 refuses
 * it under others, so not while one is to be made; and not outside the launcher (tests, other hosts).
 */
export function mayChangeV8Flags(status: CodeCacheStatus | undefined = (globalThis as WithStatus)[KEY]): boolean {
  return status === 'used' || status === 'off';
}

/** V8's default --semi-space-growth-factor (node 20, V8 11). */
const DEFAULT_GROWTH = 2;

/**
 * Runs f with a young generation that does not grow (see above), then restores V8's default, so that
 * a process running more commands (the resident server) gets it back.
 */
export async function withSmallYoungGeneration<T>(f: () => Promise<T>, allowed = mayChangeV8Flags()): Promise<T> {
  if (!allowed) return f();
  setFlagsFromString('--semi-space-growth-factor=1');
  try {
    return await f();
  } finally {
    setFlagsFromString(`--semi-space-growth-factor=${DEFAULT_GROWTH}`);
  }
}
