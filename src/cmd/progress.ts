// The progress line on a terminal (beyond go): while build, install, run, test or vet works, one line on
// stderr says where it is ("[ 42/356] compile net/http (3 running)"), redrawn in place and erased before
// any other output and at the end, so that what stays on the screen is what go prints. Only when stderr is
// a terminal (this process's own, or in a served run the client's, as its request says; never a pipe or a
// file), TERM is not dumb, no flag asks for go's own trace (-x, -n, -v, -json, -work) and GOCMD_PROGRESS
// is not 0.
//
// The builders report to a tracker (work/progress.ts); this module alone writes the line. Every write to
// the command's stdout and stderr (and the process's, which some layers write to) passes through a wrapper
// that erases the line first; the line itself is written straight to the descriptor (in a served run, to
// the client's stderr by the server's worker, see server/), so that the output watchers of the no-op
// stamps (work/noop.ts, test/teststamp.ts) see only what go would print.
import { writeSync } from 'node:fs';
import type { Writable } from 'node:stream';
import type { CommandContext } from './command.js';
import type { BuildFlags } from '../cfg/buildflags.js';
import { StatusLine, statusText } from '../lib/statusline.js';
import { BuildProgress, setProgress } from '../work/progress.js';
import { atDeath } from '../work/signals.js';

/** How often the line is looked at; StatusLine decides whether it changes. */
const TICK_MS = 100;

/** Whether build flags ask for go's own output about the build's steps (then no line is drawn). */
export function buildTraced(f: BuildFlags): boolean {
  return f.x || f.n || f.v || f.json || f.work;
}

/** node:tty, loaded when first asked for: it loads net, which a command that runs no tool never needs. */
function isatty(fd: number): boolean {
  return process.getBuiltinModule('node:tty').isatty(fd);
}

/** Where the line is drawn: the process's own terminal, or a served run's client's. */
interface Terminal {
  write(s: string): void;
  columns(): number;
  stdoutIsTerminal: boolean;
}

/** The terminal to draw on, if the command shows the line (traced: a flag asks for go's own trace output). */
function progressTerminal(ctx: CommandContext, traced: boolean): Terminal | undefined {
  if (traced) return undefined;
  const env = ctx.config.osEnv;
  if (env['GOCMD_PROGRESS'] === '0' || (env['TERM'] ?? '') === 'dumb') return undefined;
  const served = ctx.servedTerminal;
  if (served !== undefined) {
    return { write: (s) => served.write(s), columns: () => served.columns || 80, stdoutIsTerminal: served.stdoutIsTerminal };
  }
  const fd = ctx.stderrFd;
  if (fd === undefined || !isatty(fd)) return undefined;
  return {
    write: (s) => writeAll(fd, s),
    columns: () => (fd === 2 ? process.stderr.columns : undefined) || 80,
    // Output to a stream that is not a terminal (stdout redirected) leaves the line where it is.
    stdoutIsTerminal: isatty(1),
  };
}

/**
 * Shows the progress line for the command's builds until the returned function is called (in a finally:
 * it erases the line and puts the streams back). Does nothing unless there is a terminal to draw on.
 */
export function startProgress(ctx: CommandContext, traced: boolean): () => void {
  const term = progressTerminal(ctx, traced);
  if (term === undefined) return () => {};
  const tracker = new BuildProgress();
  const line = new StatusLine(Date.now());
  const put = (s: string): void => { if (s !== '') term.write(s); };
  const tick = (): void => { put(line.draw(statusText(tracker.status(), term.columns()), Date.now())); };
  const timer = setInterval(tick, TICK_MS);
  timer.unref();
  const quiet = (): void => {
    clearInterval(timer);
    put(line.end());
  };
  tracker.onQuiet(quiet);
  const forgetDeath = atDeath(quiet);
  // In a served run process.stdout and process.stderr write the client's frames (server/warm.ts) or the
  // pipes the server relays (server/worker.ts): wrapping them wraps what reaches the client's terminal.
  const restore = wrapWrites([ctx.stdout, process.stdout, ctx.stderr, process.stderr], (w, endsLine) => {
    const toTerminal = w === ctx.stderr || w === process.stderr || term.stdoutIsTerminal;
    if (toTerminal) put(line.output(endsLine));
  });
  setProgress(tracker);
  return () => {
    setProgress(undefined);
    forgetDeath();
    quiet();
    restore();
  };
}

/**
 * Calls before(stream, endsLine) ahead of each non-empty write to one of streams; returns the function
 * that puts their write methods back.
 */
function wrapWrites(streams: Writable[], before: (w: Writable, endsLine: boolean) => void): () => void {
  const all = [...new Set(streams)];
  const saved = all.map((w) => w.write);
  for (const w of all) {
    const orig = w.write;
    // write is overloaded (chunk, encoding?, callback?); forward whatever it was given.
    w.write = function (this: Writable, ...a: unknown[]): boolean {
      const chunk = a[0];
      if (typeof chunk === 'string' && chunk !== '') before(w, chunk.endsWith('\n'));
      else if (chunk instanceof Uint8Array && chunk.length > 0) before(w, chunk[chunk.length - 1] === 0x0a);
      return (orig as (...x: unknown[]) => boolean).apply(this, a);
    } as Writable['write'];
  }
  return () => { all.forEach((w, i) => { w.write = saved[i]!; }); };
}

/** Writes s to the terminal; a line that cannot be written is dropped (it is only ever a status). */
function writeAll(fd: number, s: string): void {
  const b = Buffer.from(s);
  let off = 0;
  for (let tries = 0; off < b.length && tries < 100; tries++) {
    try {
      off += writeSync(fd, b, off, b.length - off);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') return;
    }
  }
}
