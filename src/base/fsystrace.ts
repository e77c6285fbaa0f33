// GODEBUG=gofsystrace=1 (go's fsys.Trace): one "<pid> gofsystrace <op> <path>" line per file-system
// operation of the loader, to standard error or appended to the file gofsystracelog names.
import { closeSync, openSync, writeSync } from 'node:fs';
import { godebugSetting } from '../lib/godebugsetting.js';

/** Where trace lines go, or undefined when tracing is off; null: not decided yet (decided on first use). */
let traceTo: ((line: string) => void) | undefined | null = null;
/** The gofsystracelog file opened for it, closed when a long-lived process forgets the setting. */
let logFd: number | undefined;

function traceTarget(): ((line: string) => void) | undefined {
  if (traceTo !== null) return traceTo;
  const godebug = process.env['GODEBUG'] ?? '';
  traceTo = undefined;
  if (godebugSetting(godebug, 'gofsystrace') !== '1') return traceTo;
  const log = godebugSetting(godebug, 'gofsystracelog');
  if (log !== '') {
    const fd = openSync(log, 'a', 0o666);
    logFd = fd;
    traceTo = (line) => {
      writeSync(fd, line);
    };
  } else {
    // Through process.stderr (synchronous for files, pipes and terminals on Linux, as writeSync(2) is):
    // the resident server's warm worker points it at the client's stderr, which fd 2 is not.
    traceTo = (line) => {
      process.stderr.write(line);
    };
  }
  return traceTo;
}

/**
 * Forgets the GODEBUG decision, so that the next operation reads GODEBUG again: the warm worker calls it
 * before each request, whose environment may turn tracing on or off.
 */
export function forgetFsysTrace(): void {
  if (logFd !== undefined) {
    try {
      closeSync(logFd);
    } catch {
      // already closed
    }
    logFd = undefined;
  }
  traceTo = null;
}

/** The trace line go writes for one operation. */
export function traceLine(pid: number, op: string, path: string): string {
  return `${pid} gofsystrace ${op} ${path}\n`;
}

/** Records op on path when tracing is on. */
export function fsysTrace(op: string, path: string): void {
  const to = traceTarget();
  if (to === undefined) return;
  to(traceLine(process.pid, op, path));
}
