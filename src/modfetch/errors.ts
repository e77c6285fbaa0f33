// Error kinds shared by modfetch: "not exist" marking (go's errors.Is(err, fs.ErrNotExist)) and fatal stops.

/** An error that counts as fs.ErrNotExist for proxy fall-through (404/410, missing file, "not in cache"). */
export class NotExistError extends Error {
  override name = 'NotExistError';
  readonly notExist = true;
}

/**
 * A failure go reports with base.Fatalf from inside modfetch (go.sum or checksum-database security
 * errors): it stops the whole command. message is printed as is (go adds no "go: " prefix here).
 */
export class FatalError extends Error {
  override name = 'FatalError';
}

/** Reports whether err (or any error in its cause chain) means "does not exist". */
export function isNotExist(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 100; e = e.cause, depth++) {
    const x = e as Error & { notExist?: boolean; code?: unknown };
    if (x.notExist === true) return true;
    if (x.notExist === false) return false;
    if (x.code === 'ENOENT') return true;
  }
  return false;
}

/** An error with a fixed message wrapping a cause (go's fmt.Errorf("...: %w")). */
export class WrappedError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'WrappedError';
  }
}

/** The text of an unknown thrown value. */
export function errText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
