// Error types of the script engine, with the message text of cmd/internal/script.
import { quoteArgs } from './parse.js';

/** The failure of one script command at file:line. */
export class CommandError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly op: string,
    readonly args: string[],
    override readonly cause: Error,
  ) {
    super(
      args.length === 0
        ? `${file}:${line}: ${op}: ${cause.message}`
        : `${file}:${line}: ${op} ${quoteArgs(args)}: ${cause.message}`,
    );
  }
}

/** Returned by a command called with bad arguments. */
export class UsageError extends Error {
  constructor() {
    super('invalid usage');
  }
}

/** A command that was expected to fail succeeded. */
export class UnexpectedSuccess extends Error {
  constructor() {
    super('unexpected success');
  }
}

/** Raised by 'stop': ends the script successfully. */
export class StopError extends Error {
  constructor(readonly msg: string) {
    super(msg === '' ? 'stop' : 'stop: ' + msg);
  }
}

/** Raised by 'skip': ends the script, which is reported as skipped. */
export class SkipError extends Error {
  constructor(readonly msg: string) {
    super(msg === '' ? 'skip' : msg);
  }
}

/** The script's time ran out (Go's context.DeadlineExceeded). */
export class DeadlineError extends Error {
  constructor() {
    super('context deadline exceeded');
  }
}

/** Errors surfaced from background commands by 'wait'. */
export class WaitError extends Error {
  constructor(readonly errs: CommandError[]) {
    super(errs.map((e) => e.message).join('\n'));
  }
}

/** A subprocess exited unsuccessfully ("exit status 1", "signal: killed"). */
export class ExitError extends Error {
  constructor(
    readonly code: number | null,
    readonly signal: string | null,
  ) {
    super(code !== null ? `exit status ${code}` : `signal: ${signalText(signal ?? '')}`);
  }
}

const SIGNAL_TEXT: Record<string, string> = {
  SIGKILL: 'killed',
  SIGQUIT: 'quit',
  SIGINT: 'interrupt',
  SIGTERM: 'terminated',
  SIGSEGV: 'segmentation fault',
  SIGABRT: 'aborted',
  SIGBUS: 'bus error',
  SIGHUP: 'hangup',
  SIGPIPE: 'broken pipe',
  SIGILL: 'illegal instruction',
  SIGFPE: 'floating point exception',
  SIGTRAP: 'trace/breakpoint trap',
  SIGUSR1: 'user defined signal 1',
  SIGUSR2: 'user defined signal 2',
};

function signalText(sig: string): string {
  return SIGNAL_TEXT[sig] ?? sig;
}

const ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EEXIST: 'file exists',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'not a directory',
  EISDIR: 'is a directory',
  ENOTEMPTY: 'directory not empty',
  EXDEV: 'invalid cross-device link',
  ELOOP: 'too many levels of symbolic links',
  EINVAL: 'invalid argument',
  ETXTBSY: 'text file busy',
  ENAMETOOLONG: 'file name too long',
};

/** Rewrites a Node fs error in Go's *PathError style: "open /x: no such file or directory". */
export function goPathError(op: string, path: string, e: unknown): Error {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code && ERRNO_TEXT[code]) return new Error(`${op} ${path}: ${ERRNO_TEXT[code]}`);
  return e instanceof Error ? e : new Error(String(e));
}

/** Rewrites a Node fs error in Go's *LinkError style: "rename a b: file exists". */
export function goLinkError(op: string, from: string, to: string, e: unknown): Error {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code && ERRNO_TEXT[code]) return new Error(`${op} ${from} ${to}: ${ERRNO_TEXT[code]}`);
  return e instanceof Error ? e : new Error(String(e));
}
