// Whether this command may only answer from its no-op stamp: set by the resident server's warm worker
// (src/server/warm.ts) around a build or install it checks. Apart from withstamp.ts (which loads the stamp
// check) so that cli/run.ts can ask before a toolchain switch without loading it.
/**
 * Set by the resident server's warm worker (src/server/warm.ts) around a build or install it may only
 * answer from the stamp: on a miss the command does nothing and sets missed, and the server runs it in a
 * pool worker instead, where the tools it runs can write to the client's files.
 */
let stampOnly: { missed: boolean } | undefined;

export function setStampOnly(s: { missed: boolean } | undefined): void {
  stampOnly = s;
}

/**
 * In stamp-only mode, gives up before anything with an effect (a toolchain download and switch, go.mod's
 * version queries): a miss, and the server runs the command in a pool worker. False in any other run.
 */
export function missStampOnly(): boolean {
  if (!stampOnly) return false;
  stampOnly.missed = true;
  return true;
}

/** Whether the command may only answer from a stamp (the server's warm worker, which takes no pkg@version). */
export function stampOnlyMode(): boolean {
  return stampOnly !== undefined;
}

/** The stamp-only run's state, when this is one. */
export function stampOnlyRun(): { missed: boolean } | undefined {
  return stampOnly;
}
