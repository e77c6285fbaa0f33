// The contract every subcommand module implements: `export const command: Command = {...}`.
import type { Writable } from 'node:stream';
import type { FlagSet } from '../lib/flags.js';
import type { Config } from '../cfg/config.js';

/** What a subcommand gets when it runs. */
export interface CommandContext {
  config: Config;
  stdout: Writable;
  stderr: Writable;
  /** The working directory (after `-C dir`); process.cwd() equals it. */
  cwd: string;
  /** The command's flags, already parsed from $GOFLAGS and the command line. */
  flags: FlagSet;
  /** The descriptor stderr writes to when it is the process's own (not in a served run); see cmd/progress.ts. */
  stderrFd?: number;
  /** In a served run whose client's stderr is a terminal: that terminal (see cmd/progress.ts). */
  servedTerminal?: ServedTerminal;
}

/**
 * The terminal a served run's client has on its stderr (the client says so in its request; server/): the
 * progress line is drawn there as on a plain run's own terminal.
 */
export interface ServedTerminal {
  /** The terminal's width when the command started (a resize while it runs is not passed on). */
  columns: number;
  /** Whether the client's stdout is a terminal too (the line is erased before output to it). */
  stdoutIsTerminal: boolean;
  /**
   * Writes s to the client's stderr at once, in order with what the command wrote to its stderr and
   * stdout before (the line's bytes, which must not pass through the command's streams).
   */
  write(s: string): void;
}

/** A go subcommand (`go <name>` or `go mod <name>`). */
export interface Command {
  /** Last word of the command, e.g. "build" or "tidy". */
  name: string;
  /** As go prints after "usage: ", e.g. "go build [-o output] [build flags] [packages]". */
  usageLine: string;
  /** One line for `go help`'s list. */
  short: string;
  /** Text for `go help <name>` (our own words). */
  long: string;
  /** Define flags; called before run. */
  flags?(fs: FlagSet): void;
  /**
   * The command parses its own arguments (go test, go vet, go fix, go doc): the driver does not
   * parse flags or apply $GOFLAGS, and passes every argument to run.
   */
  customFlags?: boolean;
  /** Returns the exit status. Print errors go-style to ctx.stderr before returning non-zero. */
  run(ctx: CommandContext, args: string[]): Promise<number>;
}

/** Thrown by a command (or the layers below) to stop with a message and exit status. */
export { ExitError } from '../base/errors.js';
