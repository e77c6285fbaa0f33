// When the command began. A plain run's command begins with its process; a resident server's worker is
// started ahead of time and its command begins when the request arrives. The no-op stamps' racy rule
// (work/noop.ts, test/teststamp.ts) measures input changes from it: from a worker's own start, every file
// edited while the worker waited looked changed during the build, and no stamp was recorded.
let startMs: number | undefined;

/** The command's start, in ms since the epoch. */
export function commandStartMs(): number {
  // Not performance.timeOrigin: the performance global loads perf_hooks, start-up time the fast path saves.
  return startMs ?? Date.now() - process.uptime() * 1000;
}

/** Marks now as the command's start (a server worker, when its request arrives). */
export function markCommandStart(): void {
  startMs = Date.now();
}
