// Opening the go command's telemetry counter file, as golang.org/x/telemetry's counter.Open does at every go
// invocation unless the mode is "off": <telemetry dir>/local/weekends (the random weekday the week's counters
// expire on) and this week's v1 counter file with its header. gocmd increments no counters in it: the format is
// a memory-mapped table that Go programs update with atomic operations, which node cannot do safely alongside them.
import { closeSync, constants, mkdirSync, openSync, readFileSync, fstatSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

const HDR_PREFIX = '# telemetry/counter file v1\n';
/** A counter file is at least this long (x/telemetry's minFileLen). */
export const MIN_FILE_LEN = 16 * 1024;

function round(x: number, unit: number): number {
  return Math.ceil(x / unit) * unit;
}

/** What identifies the program in the counter file (x/telemetry's ProgramInfo for cmd/go). */
export interface ProgramInfo {
  goVersion: string;
  goos: string;
  goarch: string;
}

/** The Go version as counter files record it: release versions as is, anything else "devel". */
export function counterGoVersion(v: string): string {
  return /^go1\.\d+(\.\d+|(rc|beta)\d+)?$/.test(v) ? v : 'devel';
}

/** The week a counter file covers: from today (UTC) to the next weekend day (0 = Sunday), exclusive of today. */
export function counterSpan(now: Date, weekend: number): { begin: Date; end: Date } {
  const begin = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  let incr = weekend - begin.getUTCDay();
  if (incr <= 0) incr += 7;
  return { begin, end: new Date(begin.getTime() + incr * 86400_000) };
}

function rfc3339(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The counter file's name and header (prefix, header length, metadata, zero padding to 32 bytes). */
export function counterFile(info: ProgramInfo, begin: Date, end: Date): { name: string; header: Buffer } {
  const goVers = counterGoVersion(info.goVersion);
  const meta = `TimeBegin: ${rfc3339(begin)}\nTimeEnd: ${rfc3339(end)}\nProgram: cmd/go\nVersion: ${goVers}\nGoVersion: ${goVers}\nGOOS: ${info.goos}\nGOARCH: ${info.goarch}\n\n`;
  const np = round(HDR_PREFIX.length, 4);
  const n = round(np + 4 + Buffer.byteLength(meta), 32);
  const header = Buffer.alloc(n);
  header.write(HDR_PREFIX, 0, 'latin1');
  header.writeUInt32LE(n, np);
  header.write(meta, np + 4, 'utf8');
  const name = `go@${goVers}-${goVers}-${info.goos}-${info.goarch}-${begin.toISOString().slice(0, 10)}.v1.count`;
  return { name, header };
}

/** The telemetry mode recorded in dir ("local" when there is no readable mode file). */
export function telemetryModeIn(dir: string): string {
  try {
    const text = readFileSync(join(dir, 'mode'), 'utf8').trim();
    const sp = text.indexOf(' ');
    return sp >= 0 ? text.slice(0, sp) : text;
  } catch {
    return 'local';
  }
}

/** The weekday counters expire on, from local/weekends (created with a random day when missing). */
function weekEnd(localDir: string): number {
  const file = join(localDir, 'weekends');
  let text: string;
  try {
    text = readFileSync(file, 'latin1');
  } catch {
    mkdirSync(localDir, { recursive: true });
    writeFileSync(file, `${Math.floor(Math.random() * 7)}\n`);
    text = readFileSync(file, 'latin1');
  }
  text = text.trim();
  if (text === '') throw new Error('empty weekends file');
  return (((text.charCodeAt(0) - 48) % 7) + 7) % 7;
}

/**
 * counter.Open: unless telemetry is off, makes sure this week's counter file exists under telemetryDir/local.
 * Failures are silent, as go's are (the command runs the same without telemetry).
 */
export function openCounterFile(telemetryDir: string, info: ProgramInfo, now = new Date()): void {
  if (telemetryDir === '' || telemetryModeIn(telemetryDir) === 'off') return;
  try {
    const local = join(telemetryDir, 'local');
    const { begin, end } = counterSpan(now, weekEnd(local));
    const { name, header } = counterFile(info, begin, end);
    // Most runs find this week's file made already: one stat instead of mkdir, open, fstat and close.
    const st = statSync(join(local, name), { throwIfNoEntry: false });
    if (st !== undefined && st.isFile() && st.size >= MIN_FILE_LEN) return;
    mkdirSync(local, { recursive: true });
    // Created if missing, never truncated: other Go programs may be counting in it.
    const fd = openSync(join(local, name), constants.O_RDWR | constants.O_CREAT, 0o666);
    try {
      // A new (or short) file gets its header and is extended to the minimum length, as go's openMapped does.
      if (fstatSync(fd).size < MIN_FILE_LEN) {
        writeSync(fd, header, 0, header.length, 0);
        writeSync(fd, Buffer.alloc(4), 0, 4, MIN_FILE_LEN - 4);
      }
    } finally {
      closeSync(fd);
    }
  } catch {
    // go's counter package only notes the error for debugging
  }
}
