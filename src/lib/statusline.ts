// The text of the progress line a build shows on a terminal (beyond go, see cmd/progress.ts), and when to
// redraw it: pure, so that counts, truncation, pacing and the erase sequences are tested without a terminal.

/** Carriage return, then erase to the end of the line: leaves the cursor at column 0 of an empty line. */
export const ERASE_LINE = '\r\x1b[K';

/** Where a build is: actions done of those known, and what runs now (oldest first, e.g. "compile net/http"). */
export interface BuildStatus {
  done: number;
  total: number;
  running: readonly string[];
}

/**
 * The status line for s, at most width-1 characters (a line that fills the last column makes some terminals
 * wrap, and the erase would then clear only the wrapped half). E.g. "[ 42/356] compile net/http (3 running)".
 */
export function statusText(s: BuildStatus, width: number): string {
  const total = String(s.total);
  const count = `[${String(s.done).padStart(total.length)}/${total}]`;
  let text = count;
  if (s.running.length > 0) {
    text += ` ${s.running[0]}`;
    if (s.running.length > 1) text += ` (${s.running.length} running)`;
  }
  return truncate(text, width - 1);
}

/** s cut to n characters (code points, so that no surrogate pair is split), the last one an ellipsis when cut. */
export function truncate(s: string, n: number): string {
  if (n <= 0) return '';
  const cps = [...s];
  if (cps.length <= n) return s;
  return cps.slice(0, n - 1).join('') + '…';
}

/** When the line may appear and how often it may change. */
export interface Pacing {
  /** Milliseconds of work before the first drawing: a small build shows nothing. */
  delayMs: number;
  /** Least milliseconds between two drawings. */
  intervalMs: number;
}

export const DEFAULT_PACING: Pacing = { delayMs: 700, intervalMs: 100 };

/**
 * The line's state on the terminal: what it shows and when it was drawn. Each method returns the bytes to
 * write ('' for none); the caller writes them, in order, before anything else it writes.
 */
export class StatusLine {
  /** The text on the terminal now ('' when the line is empty). */
  private shown = '';
  private lastDrawMs = -Infinity;
  private ended = false;
  /** Output left the cursor after text on its line: drawing now would erase that text. */
  private midLine = false;

  constructor(private readonly startMs: number, private readonly pacing: Pacing = DEFAULT_PACING) {}

  /** Whether anything is drawn now. */
  get visible(): boolean { return this.shown !== ''; }

  /** A redraw with text at nowMs, if the pacing allows one and the text changed. */
  draw(text: string, nowMs: number): string {
    if (this.ended || this.midLine || nowMs - this.startMs < this.pacing.delayMs) return '';
    if (nowMs - this.lastDrawMs < this.pacing.intervalMs || text === this.shown) return '';
    this.lastDrawMs = nowMs;
    const out = ERASE_LINE + text;
    this.shown = text;
    return out;
  }

  /** Clears the line before other output; the next draw puts it back. */
  clear(): string {
    if (this.shown === '') return '';
    this.shown = '';
    // Redrawn at the next tick, not held back by the interval: output and line alternate without a gap.
    this.lastDrawMs = -Infinity;
    return ERASE_LINE;
  }

  /**
   * Other output to the terminal: returns the erase to write before it. endsLine: whether that output ends
   * with a newline; until some output does, the line is not drawn (it would erase a partial line).
   */
  output(endsLine: boolean): string {
    const e = this.clear();
    this.midLine = !endsLine;
    return e;
  }

  /** Clears the line for good: nothing is drawn after this. */
  end(): string {
    this.ended = true;
    return this.clear();
  }
}
