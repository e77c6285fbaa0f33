// The no-op stamp around build and install: answer from the stamp when nothing changed, otherwise run
// the real command and record a stamp for next time if it succeeded quietly (see work/noopcheck.ts and
// work/noop.ts). Only the check is imported up front: a fast no-op loads nothing else.
import type { BuildFlags } from '../cfg/buildflags.js';
import type { CommandContext } from './command.js';
import { checkNoopStamp, noopStamp, type NoopStamp } from '../work/noopcheck.js';
import type { BuildResult } from '../work/noop.js';

/**
 * Set by the resident server's warm worker (src/server/warm.ts) around a build or install it may only
 * answer from the stamp: on a miss the command does nothing and sets missed, and the server runs it in a
 * pool worker instead, where the tools it runs can write to the client's files.
 */
let stampOnly: { missed: boolean } | undefined;

export function setStampOnly(s: { missed: boolean } | undefined): void {
  stampOnly = s;
}

/** Whether the command may only answer from a stamp (the server's warm worker, which takes no pkg@version). */
export function stampOnlyMode(): boolean {
  return stampOnly !== undefined;
}

/** The slow path: runs the command, calling built with its result when it finished its builds. */
export type SlowCommand = (ctx: CommandContext, args: string[], flags: BuildFlags, built: (r: BuildResult) => void) => Promise<number>;

/** missed: a stamp the caller has already checked, which did not apply (install pkg@version's). */
export async function runWithNoopStamp(
  name: 'build' | 'install', ctx: CommandContext, args: string[], flags: BuildFlags, slow: SlowCommand, missed?: NoopStamp,
): Promise<number> {
  const stamp = missed ?? noopStamp(name, flags, args, ctx.cwd, ctx.config);
  if (!missed && checkNoopStamp(stamp)) return 0;
  if (stampOnly) {
    // Nothing was built or printed: the caller runs the command again where it may build.
    stampOnly.missed = true;
    return 0;
  }
  const { recordNoopStamp, watchOutput } = await import('../work/noop.js');
  const out = stamp.why ? undefined : watchOutput([ctx.stdout, ctx.stderr]);
  try {
    return await slow(ctx, args, flags, (r) => { if (out) recordNoopStamp(stamp, r, out.printed()); });
  } finally {
    out?.stop();
  }
}
