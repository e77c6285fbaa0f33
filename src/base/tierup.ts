// When V8 optimizes gocmd's JavaScript with Turbofan: later than its default, set at start-up.
//
// Turbofan compiles hot functions on V8's worker threads. Loading packages (the package index, Go file
// headers, build constraints) runs many large functions hot for a short while, and V8 optimized ~175 of
// them, some more than once after a deoptimization: on a cold `build std` that was ~0.5 s of CPU on
// those threads, a third of the driver's, most of it for code that had little left to run. Four times
// V8's interrupt budget (the work a function does before V8 considers optimizing it) keeps Turbofan for
// the functions that stay hot: `build -n std` took ~0.98 s of CPU and ~0.72 s after, the main thread
// ~30 ms more; on a cold `build std` (medians of 7 and 8 runs) the workers went from ~0.53 s to ~0.2 s of
// user time, the main thread from ~0.93 s to ~1.02 s, the process from ~1.51 s to ~1.25 s. (--no-opt
// saved less in all and put ~0.4 s more on the main thread.) V8 reads the budget
// whenever it resets a function's counter, so it can be set while running; on the command line it would
// cost every start-up (see bin/gocmd). It is set when a command first loads packages (load.Loader), before
// the loading code has run: not at start-up, where loading node:v8 would cost ~1.3 ms of every `version`
// and no-op build answered from its stamp, which are over before Turbofan matters.
import { setFlagsFromString } from 'node:v8';
import { mayChangeV8Flags } from './younggen.js';

/** V8's default --interrupt-budget in the V8 this was measured with (node 20, V8 11.3). */
const V8_11_INTERRUPT_BUDGET = 66 * 1024;

/** How many times V8's default budget gocmd uses. */
const BUDGET_FACTOR = 4;

/**
 * The V8 flag to set, or undefined when flags may not change (allowed: see younggen.ts mayChangeV8Flags) or
 * V8 is not the one measured (other versions have other defaults, and other tiers).
 */
export function tierUpFlag(allowed: boolean, v8Version: string = process.versions.v8): string | undefined {
  if (!allowed || !v8Version.startsWith('11.')) return undefined;
  return `--interrupt-budget=${V8_11_INTERRUPT_BUDGET * BUDGET_FACTOR}`;
}

let done = false;

/** Raises V8's interrupt budget (see above) once per process, when allowed; returns the flag set, if any. */
export function delayTierUp(allowed: boolean = mayChangeV8Flags()): string | undefined {
  if (done) return undefined;
  done = true;
  const flag = tierUpFlag(allowed);
  if (flag !== undefined) setFlagsFromString(flag);
  return flag;
}
