// The command and condition interfaces shared by the engine and its command sets.
import type { State, WaitFunc } from './state.js';

export interface CmdUsage {
  summary: string;
  args: string;
  detail?: string[];
  /** The command may run in the background and always returns a WaitFunc. */
  async?: boolean;
  /** Which raw arguments are regular expressions (their $-expansions are quoted). */
  regexpArgs?: (rawArgs: string[]) => number[];
}

export interface Cmd {
  usage: CmdUsage;
  /** Starts the command; throws on error; returns a WaitFunc when it has output or runs on. */
  run(s: State, args: string[]): Promise<WaitFunc | null>;
}

export interface Cond {
  summary: string;
  /** A prefix condition needs a ":suffix" ([GOOS:linux]); others must have none. */
  prefix: boolean;
  eval(s: State, suffix: string): boolean | Promise<boolean>;
}

/** Wraps fixed output as a WaitFunc. */
export function output(stdout: string): WaitFunc {
  return async () => ({ stdout, stderr: '', err: null });
}
