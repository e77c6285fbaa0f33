// The no-op stamp around build and install: answer from the stamp when nothing changed, otherwise run
// the real command and record a stamp for next time if it succeeded quietly (see work/noopcheck.ts and
// work/noop.ts). Only the check is imported up front: a fast no-op loads nothing else.
import type { BuildFlags } from '../cfg/buildflags.js';
import type { CommandContext } from './command.js';
import { checkNoopStamp, noopStamp, type NoopStamp } from '../work/noopcheck.js';
import type { BuildResult } from '../work/noop.js';

/** The slow path: runs the command, calling built with its result when it finished its builds. */
export type SlowCommand = (ctx: CommandContext, args: string[], flags: BuildFlags, built: (r: BuildResult) => void) => Promise<number>;

/** missed: a stamp the caller has already checked, which did not apply (install pkg@version's). */
export async function runWithNoopStamp(
  name: 'build' | 'install', ctx: CommandContext, args: string[], flags: BuildFlags, slow: SlowCommand, missed?: NoopStamp,
): Promise<number> {
  const stamp = missed ?? noopStamp(name, flags, args, ctx.cwd, ctx.config);
  if (!missed && checkNoopStamp(stamp)) return 0;
  const [{ recordNoopStamp, watchOutput }, { startProgress, buildTraced }] = await Promise.all([import('../work/noop.js'), import('./progress.js')]);
  const out = stamp.why ? undefined : watchOutput([ctx.stdout, ctx.stderr]);
  // Started after the watcher: its line is not output the stamp sees, and it is erased before the watcher stops.
  const stopProgress = startProgress(ctx, buildTraced(flags));
  try {
    return await slow(ctx, args, flags, (r) => { if (out) recordNoopStamp(stamp, r, out.printed()); });
  } finally {
    stopProgress();
    out?.stop();
  }
}
