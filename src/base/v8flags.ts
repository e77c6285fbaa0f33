// V8 settings changed while a command runs, for commands that are over in well under a second (go list).
//
// Young generation. V8 grows the young generation's semi-spaces from 1 MB towards 16 MB when much of what it
// allocates survives, as when loading keeps every package it reads. For go list -deps -json over gopls that
// growth was ~30 MB of the command's ~120 MB peak RSS (go's own peak is ~50 MB), for no measurable CPU gain:
// the scavenges of a 1 MB young generation promote what loading keeps anyway.
//
// Optimizing compiler. V8 hands a function to TurboFan once it has run ~66 KB of its bytecode (the interrupt
// budget). In a short command hundreds of functions get there, and compiling them cost more CPU than their
// optimized code saved: a third of list -deps -json's CPU over gopls went to TurboFan's threads (perf record),
// and a budget of 2 MB cut that command's CPU from ~770 ms to ~510 ms (no budget between 1 and 10 MB measured
// differently; --no-opt was slower, ~610 ms, as the hottest loops then never get optimized).
//
// V8 reads both flags each time it decides (to grow the space; a function's budget is refilled from the flag
// after each tick), so they can be set while running; node offers no other way to change them after start-up
// without a command-line flag, and any flag there costs every command's start-up (see bin/gocmd). Builds keep
// V8's defaults: a larger young generation saves GC time there, and a long build's hot code is worth compiling.
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

/** V8's default --interrupt-budget (node 20, V8 11). */
const DEFAULT_INTERRUPT_BUDGET = 67584;

/** The interrupt budget of a short command (see above). */
export const SHORT_RUN_INTERRUPT_BUDGET = 2_000_000;

/** Runs f with flags set, then sets restore, so that a process running more commands (the resident server) gets V8's defaults back. */
async function withFlags<T>(set: string, restore: string, f: () => Promise<T>, allowed: boolean): Promise<T> {
  if (!allowed) return f();
  setFlagsFromString(set);
  try {
    return await f();
  } finally {
    setFlagsFromString(restore);
  }
}

/** Runs f with a young generation that does not grow (see above). */
export function withSmallYoungGeneration<T>(f: () => Promise<T>, allowed = mayChangeV8Flags()): Promise<T> {
  return withFlags('--semi-space-growth-factor=1', `--semi-space-growth-factor=${DEFAULT_GROWTH}`, f, allowed);
}

/** Runs f with functions handed to the optimizing compiler only once they have run much more (see above). */
export function withLateOptimization<T>(f: () => Promise<T>, allowed = mayChangeV8Flags()): Promise<T> {
  return withFlags(`--interrupt-budget=${SHORT_RUN_INTERRUPT_BUDGET}`, `--interrupt-budget=${DEFAULT_INTERRUPT_BUDGET}`, f, allowed);
}
