// go's test2json conversion (cmd/internal/test2json), as `go test -json` and `go tool test2json` do it: the
// bytes a test binary writes (run with -test.v=test2json) go in, in chunks of any size; JSON event lines come
// out, the same bytes go writes. No I/O: the caller feeds the binary's output and writes the lines.
//
// Text is handled as "byte strings" (one char per byte, 0-255) until it is encoded as JSON, so invalid UTF-8
// and sequences split across writes come out as go's encoder writes them.

/** Mode bit: put Time on every event and Elapsed on test and package results (go's test2json.Timestamp). */
export const Timestamp = 1;

export interface Test2JSONOptions {
  /** Package named in every event ("" leaves it out). */
  pkg?: string;
  /** Mode bits (Timestamp). */
  mode?: number;
  /** The clock, in nanoseconds since the Unix epoch. Default: the system clock. */
  now?: () => bigint;
  /** The zone offset for Time at an instant, in minutes east of UTC. Default: the local zone. */
  zoneOffset?: (epochMs: number) => number;
  /** Receives each JSON event line, newline included. */
  onEvent: (line: string) => void;
  /**
   * Line buffer sizes: the longest test framing line recognised (input, go's 4096) and the most bytes of
   * one output line in one event (output, go's 1024, at least 4). Smaller sizes are for tests.
   */
  inputBufferSize?: number;
  outputBufferSize?: number;
}

/** One event, its text fields as byte strings. */
interface Event {
  action: string;
  test?: string;
  elapsed?: number;
  output?: string;
  failedBuild?: string;
  key?: string;
  value?: string;
  path?: string;
}

/** The byte a test binary puts before its framing lines under -test.v=test2json (^V). */
const MARKER = '\x16';

/** Update lines ("=== RUN   Name"): an event before (after, for pause) the line's output. */
const UPDATES = ['=== RUN   ', '=== PAUSE ', '=== CONT  ', '=== NAME  ', '=== PASS  ', '=== FAIL  ', '=== SKIP  ', '=== ATTR  ', '=== ARTIFACTS '];
/** Report lines ("--- PASS: Name (0.00s)"), indented four spaces per subtest level; reported when the level ends. */
const REPORTS = ['--- PASS: ', '--- FAIL: ', '--- SKIP: ', '--- BENCH: '];

/**
 * Converts one test binary's output to JSON events. write() the output as it comes, exited() when the
 * binary has ended (unless its output says how it ended), close() last: it flushes what is left and writes
 * the package's pass/fail/skip event.
 */
export class Test2JSON {
  private readonly pkg: string;
  private readonly timestamps: boolean;
  private readonly now: () => bigint;
  private readonly zoneOffset: (epochMs: number) => number;
  private readonly onEvent: (line: string) => void;
  private readonly start: bigint;
  private readonly input: LineBuffer;
  private readonly output: LineBuffer;
  /** The test that output is attributed to. */
  private testName = '';
  /** Pending results of the running test and its parents, innermost last. */
  private report: Event[] = [];
  private result = '';
  /** After a framing line that had a marker, only marked lines are framing lines. */
  private needMarker = false;
  private failedBuild = '';

  constructor(o: Test2JSONOptions) {
    this.pkg = o.pkg ? utf8Bytes(o.pkg) : '';
    this.timestamps = ((o.mode ?? 0) & Timestamp) !== 0;
    this.now = o.now ?? systemClock;
    this.zoneOffset = o.zoneOffset ?? ((ms) => -new Date(ms).getTimezoneOffset());
    this.onEvent = o.onEvent;
    this.start = this.now();
    const emitOutput = (s: string): void => { this.emit({ action: 'output', output: s }); };
    this.output = new LineBuffer(Math.max(4, o.outputBufferSize ?? 1024), emitOutput, emitOutput);
    this.input = new LineBuffer(o.inputBufferSize ?? 4096, (l) => { this.inputLine(l); }, (s) => { this.output.write(s); });
    this.emit({ action: 'start' });
  }

  /** Feeds output of the test binary (a string is taken as UTF-8). */
  write(chunk: Uint8Array | string): void {
    this.input.write(typeof chunk === 'string' ? utf8Bytes(chunk) : byteString(chunk));
  }

  /** The binary exited: successfully (pass, unless its output said skip) or not (fail). */
  exited(ok: boolean): void {
    if (!ok) this.result = 'fail';
    else if (this.result !== 'skip') this.result = 'pass';
  }

  /** The package ID whose build failure made this test fail, reported in the final fail event. */
  setFailedBuild(pkgID: string): void {
    this.failedBuild = utf8Bytes(pkgID);
  }

  /** Ends the conversion: a last partial line as output, then the package result event, if known. */
  close(): void {
    this.input.flush();
    this.output.flush();
    if (this.result === '') return;
    const e: Event = { action: this.result };
    if (this.timestamps) e.elapsed = durationSeconds(roundToMillisecond(this.now() - this.start));
    if (this.result === 'fail') e.failedBuild = this.failedBuild;
    this.emit(e);
  }

  /** One whole input line (newline included, or ended by a marker). */
  private inputLine(line: string): void {
    if (line === '') return;
    let marked = false;
    if (this.needMarker && line[0] !== MARKER) {
      this.output.write(line);
      return;
    }
    if (line[0] === MARKER) {
      this.output.flush();
      marked = true;
      line = line.slice(1);
    }
    let trim = line.endsWith('\r\n') ? line.slice(0, -2) : line.endsWith('\n') ? line.slice(0, -1) : line;
    // An === NAME line for no test may have lost its trailing spaces.
    if (trim === '=== NAME') {
      line = '=== NAME  \n';
      trim = '=== NAME  ';
    }

    // The binary's final PASS or FAIL (or go test's "FAIL\t..." after a crash).
    if (trim === 'PASS' || trim === 'FAIL' || trim.startsWith('FAIL\t')) {
      this.flushReports(0);
      this.testName = '';
      this.needMarker = marked;
      this.output.write(line);
      this.result = trim === 'PASS' ? 'pass' : 'fail';
      return;
    }
    // A binary with no tests says only this; the package result is then skip.
    if (line.startsWith('?   \t') && trim.endsWith('\t[no test files]') && this.report.length === 0) this.result = 'skip';

    const whole = line;
    let depth = 0;
    let framing = UPDATES.some((u) => line.startsWith(u));
    if (!framing) {
      while (line.startsWith('    ')) {
        line = line.slice(4);
        depth++;
      }
      framing = REPORTS.some((r) => line.startsWith(r));
    }
    if (!framing) {
      // Indented output belongs to the test at that subtest depth, when there is one.
      if (depth > 0 && depth <= this.report.length) this.testName = this.report[depth - 1]!.test ?? '';
      this.output.write(whole);
      return;
    }

    let [action, name] = cut(line.slice(4), ' ');
    if (action.endsWith(':')) action = action.slice(0, -1);
    action = action.toLowerCase();
    name = trimSpace(name);
    const e: Event = { action };

    if (line[0] === '-') {
      // A result: "Name (1.23s)". It is reported when its level ends.
      const paren = name.indexOf(' (');
      if (paren >= 0) {
        if (name.endsWith('s)')) {
          const t = parseSeconds(name.slice(paren + 2, name.length - 2));
          if (t !== undefined && this.timestamps) e.elapsed = t;
        }
        name = name.slice(0, paren);
      }
      if (this.report.length < depth) {
        // Deeper than any running test: plain output.
        this.output.write(whole);
        return;
      }
      this.needMarker = marked;
      this.flushReports(depth);
      e.test = name;
      this.testName = name;
      this.report.push(e);
      this.output.write(whole);
      return;
    }

    if (action === 'artifacts') {
      [name, e.path] = cut(name, ' ');
    } else if (action === 'attr') {
      let rest: string;
      [name, rest] = cut(name, ' ');
      [e.key, e.value] = cut(rest, ' ');
    }
    this.needMarker = marked;
    this.flushReports(0);
    this.testName = name;
    // === NAME only says whose output follows; it is neither an event nor output.
    if (action === 'name') return;
    // A pause's line comes before its event, so the output does not seem to follow the pause.
    if (action === 'pause') this.output.write(whole);
    this.emit(e);
    if (action !== 'pause') this.output.write(whole);
  }

  /** Emits the pending results at depth and deeper, innermost first. */
  private flushReports(depth: number): void {
    this.testName = '';
    while (this.report.length > depth) this.emit(this.report.pop()!);
  }

  private emit(e: Event): void {
    let s = '{';
    if (this.timestamps) s += `"Time":"${this.formatTime(this.now())}",`;
    s += `"Action":${jsonString(e.action)}`;
    if (this.pkg !== '') s += `,"Package":${jsonString(this.pkg)}`;
    const test = e.test || this.testName;
    if (test !== '') s += `,"Test":${jsonString(test)}`;
    if (e.elapsed !== undefined) s += `,"Elapsed":${jsonNumber(e.elapsed)}`;
    if (e.output !== undefined) s += `,"Output":${jsonString(e.output)}`;
    if (e.failedBuild) s += `,"FailedBuild":${jsonString(e.failedBuild)}`;
    if (e.key) s += `,"Key":${jsonString(e.key)}`;
    if (e.value) s += `,"Value":${jsonString(e.value)}`;
    if (e.path) s += `,"Path":${jsonString(e.path)}`;
    this.onEvent(s + '}\n');
  }

  private formatTime(ns: bigint): string {
    return formatRFC3339Nano(ns, this.zoneOffset(Number(ns / 1_000_000n)));
  }
}

/**
 * Splits a stream into lines for a callback, with a fixed capacity: a line longer than that goes out in parts
 * (cut at UTF-8 boundaries; the last part has the newline), and so does a benchmark name ahead of its tab, so
 * that it shows before the benchmark ends. A marker not at the start of a line also ends the line before it.
 */
class LineBuffer {
  private buf = '';
  /** In the middle of a line that went out in parts. */
  private mid = false;

  constructor(
    private readonly cap: number,
    private readonly line: (s: string) => void,
    private readonly part: (s: string) => void,
  ) {}

  write(s: string): void {
    while (s.length > 0) {
      const take = Math.min(this.cap - this.buf.length, s.length);
      this.buf += s.slice(0, take);
      s = s.slice(take);

      let i = 0;
      while (i < this.buf.length) {
        const [end, width] = lineEnd(this.buf, i);
        if (end < 0) {
          if (!this.mid) {
            const tab = this.buf.indexOf('\t', i);
            if (tab >= 0 && isBenchmarkName(this.buf.slice(i, tab).replace(/ +$/, ''))) {
              this.part(this.buf.slice(i, tab + 1));
              this.mid = true;
              i = tab + 1;
            }
          }
          break;
        }
        const next = end + width;
        if (this.mid) {
          this.part(this.buf.slice(i, next));
          this.mid = false;
        } else {
          this.line(this.buf.slice(i, next));
        }
        i = next;
      }

      if (i === 0 && this.buf.length === this.cap) {
        // A full buffer and no line end: out it goes as the start (or more) of a long line.
        const t = utf8Boundary(this.buf) || this.buf.length;
        this.part(this.buf.slice(0, t));
        this.buf = this.buf.slice(t);
        this.mid = true;
      }
      if (i > 0) this.buf = this.buf.slice(i);
    }
  }

  /** Sends what is buffered as a part (a line without its end). */
  flush(): void {
    if (this.buf === '') return;
    const rest = this.buf;
    this.buf = '';
    this.part(rest);
  }
}

/** Where the line starting at from ends: at a newline (width 1) or before a marker past its start (width 0). */
function lineEnd(s: string, from: number): [number, number] {
  for (let k = from; k < s.length; k++) {
    const c = s[k];
    if (c === '\n') return [k, 1];
    if (c === MARKER && k > from) return [k, 0];
  }
  return [-1, 0];
}

/** "Benchmark", or "Benchmark" followed by anything but a lower-case letter. */
function isBenchmarkName(s: string): boolean {
  if (!s.startsWith('Benchmark')) return false;
  if (s.length === 9) return true;
  const [r] = decodeRune(s, 9);
  return !(r >= 0 && /^\p{Ll}$/u.test(String.fromCodePoint(r)));
}

/**
 * The length of the longest prefix of byte string s that does not end inside a UTF-8 sequence: s's length,
 * less an incomplete sequence at its end.
 */
export function utf8Boundary(s: string): number {
  for (let back = 1; back < 4 && back <= s.length; back++) {
    const c = s.charCodeAt(s.length - back);
    if ((c & 0xc0) === 0x80) continue; // a continuation byte: look further back
    const need = (c & 0xe0) === 0xc0 ? 2 : (c & 0xf0) === 0xe0 ? 3 : (c & 0xf8) === 0xf0 ? 4 : 1;
    return back < need ? s.length - back : s.length;
  }
  return s.length;
}

/** go's strings.Cut at the first sep: before and after ("" after when sep is missing). */
function cut(s: string, sep: string): [string, string] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, ''] : [s.slice(0, i), s.slice(i + sep.length)];
}

/** Code points go's unicode.IsSpace accepts. */
const SPACES = new Set([0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005,
  0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000]);

/** go's strings.TrimSpace on a byte string: leading and trailing Unicode white space (invalid bytes are not space). */
function trimSpace(s: string): string {
  const runes: [number, number, number][] = [];
  for (let i = 0; i < s.length;) {
    const [r, size] = decodeRune(s, i);
    runes.push([r, i, size]);
    i += size;
  }
  let a = 0;
  let b = runes.length;
  while (a < b && SPACES.has(runes[a]![0])) a++;
  while (b > a && SPACES.has(runes[b - 1]![0])) b--;
  if (a === b) return '';
  return s.slice(runes[a]![1], runes[b - 1]![1] + runes[b - 1]![2]);
}

/** A decimal float as go's strconv.ParseFloat reads the durations testing prints; undefined when it is not one. */
function parseSeconds(s: string): number | undefined {
  if (!/^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/.test(s)) return undefined;
  const v = Number(s);
  return Number.isFinite(v) ? v : undefined;
}

/**
 * Decodes the UTF-8 sequence at byte i of byte string s as go's utf8.DecodeRune does: [rune, size], or
 * [-1, 1] for an invalid or incomplete sequence (each such byte is one error, as go counts them).
 */
function decodeRune(s: string, i: number): [number, number] {
  const c0 = s.charCodeAt(i);
  if (c0 < 0x80) return [c0, 1];
  let need: number;
  let lo = 0x80;
  let hi = 0xbf;
  if (c0 >= 0xc2 && c0 <= 0xdf) need = 1;
  else if (c0 >= 0xe0 && c0 <= 0xef) {
    need = 2;
    if (c0 === 0xe0) lo = 0xa0;
    else if (c0 === 0xed) hi = 0x9f;
  } else if (c0 >= 0xf0 && c0 <= 0xf4) {
    need = 3;
    if (c0 === 0xf0) lo = 0x90;
    else if (c0 === 0xf4) hi = 0x8f;
  } else return [-1, 1];
  if (i + need >= s.length) return [-1, 1];
  let r = c0 & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
  for (let k = 1; k <= need; k++) {
    const c = s.charCodeAt(i + k);
    const [min, max] = k === 1 ? [lo, hi] : [0x80, 0xbf];
    if (!(c >= min && c <= max)) return [-1, 1];
    r = (r << 6) | (c & 0x3f);
  }
  return [r, need + 1];
}

const HEX = '0123456789abcdef';

/**
 * A byte string as a JSON string the way go's encoding/json writes one: HTML-safe (<, >, & escaped), \b \f
 * \n \r \t and \u00XX for other controls, each byte of invalid UTF-8 as \ufffd, U+2028/U+2029 escaped.
 */
export function jsonString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length;) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      switch (c) {
        case 0x22: out += '\\"'; break;
        case 0x5c: out += '\\\\'; break;
        case 0x08: out += '\\b'; break;
        case 0x0c: out += '\\f'; break;
        case 0x0a: out += '\\n'; break;
        case 0x0d: out += '\\r'; break;
        case 0x09: out += '\\t'; break;
        case 0x3c: case 0x3e: case 0x26: out += '\\u00' + HEX[c >> 4]! + HEX[c & 15]!; break;
        default: out += c < 0x20 ? '\\u00' + HEX[c >> 4]! + HEX[c & 15]! : s[i];
      }
      i++;
      continue;
    }
    const [r, size] = decodeRune(s, i);
    if (r < 0) out += '\\ufffd';
    else if (r === 0x2028 || r === 0x2029) out += '\\u202' + HEX[r & 15]!;
    else out += String.fromCodePoint(r);
    i += size;
  }
  return out + '"';
}

/** A float64 as go's encoding/json writes it (shortest form; exponent below 1e-6 and from 1e21, as JavaScript does). */
function jsonNumber(v: number): string {
  return Object.is(v, -0) ? '-0' : String(v);
}

/** go's Duration.Round(time.Millisecond), for a non-negative duration in nanoseconds. */
function roundToMillisecond(ns: bigint): bigint {
  const r = ns % 1_000_000n;
  return r + r < 1_000_000n ? ns - r : ns + 1_000_000n - r;
}

/** go's Duration.Seconds: whole seconds plus the nanoseconds' fraction, in that float arithmetic. */
function durationSeconds(ns: bigint): number {
  return Number(ns / 1_000_000_000n) + Number(ns % 1_000_000_000n) / 1e9;
}

/** go's RFC3339Nano: "2006-01-02T15:04:05.999999999Z07:00" at zone offset off (minutes east of UTC). */
export function formatRFC3339Nano(ns: bigint, off: number): string {
  const wall = ns + BigInt(off) * 60_000_000_000n;
  const secs = wall / 1_000_000_000n - (wall % 1_000_000_000n < 0n ? 1n : 0n);
  const frac = wall - secs * 1_000_000_000n;
  const d = new Date(Number(secs) * 1000);
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  let s = `${p(d.getUTCFullYear(), 4)}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}T${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
  if (frac !== 0n) s += '.' + frac.toString().padStart(9, '0').replace(/0+$/, '');
  if (off === 0) return s + 'Z';
  const a = Math.abs(off);
  return s + (off < 0 ? '-' : '+') + p(Math.floor(a / 60)) + ':' + p(a % 60);
}

/**
 * The system clock in nanoseconds since the epoch, to the nanosecond like go's time.Now: the epoch offset
 * is read once from the performance timer, then advanced by the nanosecond monotonic clock (a float of
 * nanoseconds since the epoch would step in 256ns).
 */
export const systemClock: () => bigint = (() => {
  const baseHr = process.hrtime.bigint();
  const baseNs = BigInt(Math.round((performance.timeOrigin + performance.now()) * 1e6));
  return () => baseNs + (process.hrtime.bigint() - baseHr);
})();

/** Bytes as a byte string. */
function byteString(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i += 8192) s += String.fromCharCode(...b.subarray(i, i + 8192));
  return s;
}

/** A string's UTF-8 encoding as a byte string. */
function utf8Bytes(s: string): string {
  return byteString(new TextEncoder().encode(s));
}

/**
 * go test -json's build events (go's load.JSONPrinter), which go itself writes beside the converted test
 * output: a build-output event for text the build printed ("" for empty text, which go does not report).
 */
export function buildOutputEvent(importPath: string, output: string): string {
  if (output === '') return '';
  return `{"ImportPath":${jsonString(utf8Bytes(importPath))},"Action":"build-output","Output":${jsonString(utf8Bytes(output))}}\n`;
}

/** A build failure as go reports it: each line of message (newline-terminated) as build-output, then build-fail. */
export function buildFailEvents(importPath: string, message: string): string[] {
  const text = message.endsWith('\n') ? message : message + '\n';
  const out = text.split(/(?<=\n)/).filter((l) => l !== '').map((l) => buildOutputEvent(importPath, l));
  out.push(`{"ImportPath":${jsonString(utf8Bytes(importPath))},"Action":"build-fail"}\n`);
  return out;
}
