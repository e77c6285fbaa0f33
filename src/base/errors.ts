// ExitError: stop the go command with a message and an exit status (go's base.Fatalf).

/** Thrown to stop with a message and exit status, like base.Fatalf. */
export class ExitError extends Error {
  override name = 'ExitError';
  /** message is printed to stderr as is (a trailing newline is added when missing); "" prints nothing. */
  constructor(message: string, readonly code = 1) {
    super(message);
  }
}
