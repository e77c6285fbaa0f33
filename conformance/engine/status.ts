// Decides whether a command's error matches what the script expected (!, ? or plain).
import type { ParsedCommand } from './parse.js';
import { CommandError, DeadlineError, StopError, UnexpectedSuccess, WaitError } from './errors.js';

/** Returns the CommandError to report, or null if the outcome was as expected. */
export function checkStatus(cmd: ParsedCommand, args: string[], err: Error | null): CommandError | null {
  const wrap = (e: Error): CommandError => new CommandError(cmd.file, cmd.line, cmd.name, args, e);
  if (err === null) return cmd.want === 'failure' ? wrap(new UnexpectedSuccess()) : null;
  if (err instanceof StopError || err instanceof WaitError) return wrap(err);
  if (cmd.want === 'success') return wrap(err);
  // A command killed because the script ran out of time tells nothing about its own result.
  if (cmd.want === 'failure' && err instanceof DeadlineError) return wrap(err);
  return null;
}
