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
// Every command that loads packages (load.Loader, a build too) also raises the budget to four times V8's
// default for the rest of the run (delayTierUp): loading runs many large functions hot for a short while,
// and on a cold `build std` V8 optimized ~175 of them, some more than once after a deoptimization, ~0.5 s of
// CPU on its worker threads, a third of the driver's, mostly for code with little left to run. With 4x the
// workers went from ~0.53 s to ~0.2 s of user time, the main thread from ~0.93 s to ~1.02 s, the process
// from ~1.51 s to ~1.25 s (medians of 7 and 8 runs; `build -n std` ~0.98 s -> ~0.72 s). --no-opt saved less
// and put ~0.4 s more on a cold build's main thread; 2x saved less, 8x and 16x cost the main thread more.
// It is set when loading starts, not at start-up, where loading node:v8 would cost every `version` and
// stamp-answered no-op build ~1.3 ms, and those are over before TurboFan matters. go list's 2 MB, while
// it runs, comes on top and gives way to the build's budget after.
//
// V8 reads both flags each time it decides (to grow the space; a function's budget is refilled from the flag
// after each tick), so they can be set while running; node offers no other way to change them after start-up
// without a command-line flag, and any flag there costs every command's start-up (see bin/gocmd). Builds keep
// V8's young generation: a larger one saves GC time there. Turning off concurrent or parallel marking, or
// --single-threaded-gc, while running crashes V8 11 (a failed internal check): do not.
//
// Young generation between requests. The resident server's warm worker keeps its memos and V8's code
// between requests, and each request leaves its garbage in the young generation; a scavenge then lands in
// the middle of a later request (list -m -json all over gopls allocates ~2-4 MB, about one scavenge per
// request), copying that request's live objects, on its clock. Collecting the young generation once the
// answer is written (collectYoungGeneration, when more than half of it is taken) finds little alive, and
// the next request starts with an empty one. The collector is node's gc() (--expose-gc set at run time, read from a fresh context).
//
// Imports only node builtins: the launcher (cli/codecache.ts) imports it before anything else.
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

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

/** The flags this module set last, by name: see reassertV8Flags. */
const inForce = new Map<string, string>();

function setFlag(flag: string): void {
  inForce.set(flag.slice(0, flag.indexOf('=')), flag);
  setFlagsFromString(flag);
}

/**
 * Sets again the flags this module set last. Making an isolate (a worker thread's) puts V8's
 * --semi-space-growth-factor back to at least 2 (V8 11's heap set-up raises smaller values, process-wide):
 * after a worker started, the main thread's young generation grew to 2x16 MB again (`list -deps -json`
 * on gopls: peak RSS ~79 -> ~120 MB). Whoever starts a worker calls this once it runs ('online').
 */
export function reassertV8Flags(): void {
  for (const flag of inForce.values()) setFlagsFromString(flag);
}

/** V8's default --semi-space-growth-factor (node 20, V8 11). */
const DEFAULT_GROWTH = 2;

/** V8's default --interrupt-budget (node 20, V8 11). */
const DEFAULT_INTERRUPT_BUDGET = 67584;

/** The interrupt budget of a short command (see above). */
export const SHORT_RUN_INTERRUPT_BUDGET = 2_000_000;

/** How many times V8's default budget a command that loads packages uses (see above). */
const LOADING_BUDGET_FACTOR = 4;

/** The budget to go back to after a short command's: V8's default, or the loading budget once delayTierUp set it. */
let baseBudget = DEFAULT_INTERRUPT_BUDGET;
/** How many withLateOptimization calls are running (their budget stays until the last ends). */
let lateRuns = 0;
let tierUpDelayed = false;

/**
 * The budget flag for commands that load packages, or undefined when flags may not change (allowed: see
 * mayChangeV8Flags) or V8 is not the one measured (other versions have other defaults, and other tiers).
 */
export function tierUpFlag(allowed: boolean, v8Version: string = process.versions.v8): string | undefined {
  if (!allowed || !v8Version.startsWith('11.')) return undefined;
  return `--interrupt-budget=${DEFAULT_INTERRUPT_BUDGET * LOADING_BUDGET_FACTOR}`;
}

/** Whether this process serves many commands (see keepTierUp). */
let longLived = false;

/**
 * Keeps V8's tier-up as it is for the rest of the process: for the resident server's warm worker, which runs
 * request after request, so that the code TurboFan optimizes is reused by later ones rather than compiled
 * for a run that ends (served `list -deps -json` on gopls was ~1.2x go's wall with the short-run budgets,
 * ~0.9x without).
 */
export function keepTierUp(): void {
  longLived = true;
}

/** Raises V8's interrupt budget for loading (see above) once per process, when allowed; returns the flag, if set. */
export function delayTierUp(allowed: boolean = mayChangeV8Flags()): string | undefined {
  if (tierUpDelayed || longLived) return undefined;
  tierUpDelayed = true;
  const flag = tierUpFlag(allowed);
  if (flag === undefined) return undefined;
  baseBudget = DEFAULT_INTERRUPT_BUDGET * LOADING_BUDGET_FACTOR;
  // Inside go list's run its larger budget stays; this one takes over when that run ends.
  if (lateRuns === 0) setFlag(flag);
  return flag;
}

/** Runs f with flags set, then sets restore, so that a process running more commands (the resident server) gets V8's defaults back. */
async function withFlags<T>(set: string, restore: string, f: () => Promise<T>, allowed: boolean): Promise<T> {
  if (!allowed) return f();
  setFlag(set);
  try {
    return await f();
  } finally {
    setFlag(restore);
  }
}

/** Runs f with a young generation that does not grow (see above). */
export function withSmallYoungGeneration<T>(f: () => Promise<T>, allowed = mayChangeV8Flags()): Promise<T> {
  return withFlags('--semi-space-growth-factor=1', `--semi-space-growth-factor=${DEFAULT_GROWTH}`, f, allowed);
}

/**
 * Runs f with functions handed to the optimizing compiler only once they have run much more (see above),
 * then goes back to the process's budget (V8's default, or the loading one).
 */
export async function withLateOptimization<T>(f: () => Promise<T>, allowed = mayChangeV8Flags()): Promise<T> {
  if (!allowed || longLived) return f();
  lateRuns++;
  setFlag(`--interrupt-budget=${SHORT_RUN_INTERRUPT_BUDGET}`);
  try {
    return await f();
  } finally {
    if (--lateRuns === 0) setFlag(`--interrupt-budget=${baseBudget}`);
  }
}

/** V8's gc() with options, once exposed; null when it may not be (flags may not change). */
let gcFunction: ((o: { type: 'minor' | 'major' }) => void) | null | undefined;

/**
 * Collects the young generation now (see above) when more than half of it is taken, so that the next
 * request would likely meet a scavenge (after a small request, such as mod graph's, it is left alone: a
 * collection then is CPU spent for nothing); only when V8 flags may change. Returns whether it collected.
 * For a long-lived process between requests, not for a command's own run.
 */
export function collectYoungGeneration(allowed: boolean = mayChangeV8Flags()): boolean {
  if (!allowed) return false;
  const young = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
  if (young && young.space_used_size <= young.space_available_size) return false;
  if (gcFunction === undefined) {
    setFlagsFromString('--expose-gc');
    // Only a context made after the flag has gc.
    gcFunction = runInNewContext('typeof gc === "function" ? gc : null') as typeof gcFunction;
  }
  if (!gcFunction) return false;
  gcFunction({ type: 'minor' });
  return true;
}
