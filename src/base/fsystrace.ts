// GODEBUG=gofsystrace=1 (go's fsys.Trace): one "<pid> gofsystrace <op> <path>" line per file-system
// operation of the loader, to standard error or appended to the file gofsystracelog names.
import { openSync, writeSync } from 'node:fs';
import { godebugSetting } from '../lib/godebugsetting.js';

/** Where trace lines go: a file descriptor, or undefined when tracing is off. Decided on first use. */
let traceFd: number | undefined | null = null;

function traceTarget(): number | undefined {
  if (traceFd !== null) return traceFd;
  const godebug = process.env['GODEBUG'] ?? '';
  traceFd = undefined;
  if (godebugSetting(godebug, 'gofsystrace') !== '1') return traceFd;
  const log = godebugSetting(godebug, 'gofsystracelog');
  traceFd = log !== '' ? openSync(log, 'a', 0o666) : 2;
  return traceFd;
}

/** The trace line go writes for one operation. */
export function traceLine(pid: number, op: string, path: string): string {
  return `${pid} gofsystrace ${op} ${path}\n`;
}

/** Records op on path when tracing is on. */
export function fsysTrace(op: string, path: string): void {
  const fd = traceTarget();
  if (fd === undefined) return;
  writeSync(fd, traceLine(process.pid, op, path));
}
