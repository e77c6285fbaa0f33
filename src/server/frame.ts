// The framing of the client ↔ server connection (see client/main.go): one type byte, a big-endian
// uint32 payload length, the payload. Pure: no I/O.

import type { ServedTerminal } from '../cmd/command.js';

/** Frame types. */
export const FRAME = {
  header: 0x48, // 'H' client → server: the request (JSON)
  stdin: 0x49, // 'I' stdin bytes
  stdinEOF: 0x45, // 'E' stdin closed
  signal: 0x53, // 'S' a signal the client got (one byte: its number)
  accepted: 0x41, // 'A' server → client: the command is starting
  stdout: 0x4f, // 'O'
  stderr: 0x52, // 'R'
  exit: 0x58, // 'X' how the command ended (JSON ExitStatus)
  declined: 0x46, // 'F' nothing ran: the client runs the command plain
} as const;

export interface Frame {
  type: number;
  payload: Buffer;
}

/** The request a client sends first. */
export interface Request {
  argv: string[];
  /** KEY=VALUE entries, as the client's environment. */
  env: string[];
  cwd: string;
  uid: number;
  /** Whether stdin frames follow (else the command gets an empty stdin). */
  stdin: boolean;
  /**
   * Whether the client's stderr (and stdout) is a terminal, and its columns: the progress line is drawn
   * there (cmd/progress.ts). A client that sends none of these has no terminal as far as the server knows.
   */
  stderrTerminal?: boolean;
  stdoutTerminal?: boolean;
  columns?: number;
  /** GOCMD_SERVER_DEBUG=1: when the server handed the request to the warm worker (process.hrtime ns). */
  sentAt?: string;
}

export interface ExitStatus {
  code: number;
  /** The signal number that ended the command, or 0. */
  sig: number;
}

/** Frames larger than this are a broken or hostile peer. */
export const MAX_FRAME = 64 << 20;

export function encodeFrame(type: number, payload: Buffer | string = Buffer.alloc(0)): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  return Buffer.concat([frameHead(type, body.length), body]);
}

/** The 5 bytes that start a frame of type whose payload is length bytes long (the payload follows). */
export function frameHead(type: number, length: number): Buffer {
  const head = Buffer.allocUnsafe(5);
  head[0] = type;
  head.writeUInt32BE(length, 1);
  return head;
}

/** Splits a byte stream into frames; push bytes as they arrive. */
export class FrameReader {
  private buf: Buffer = Buffer.alloc(0);

  /** The frames completed by chunk; throws on a frame over MAX_FRAME. */
  push(chunk: Buffer): Frame[] {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    const out: Frame[] = [];
    while (this.buf.length >= 5) {
      const len = this.buf.readUInt32BE(1);
      if (len > MAX_FRAME) throw new Error(`frame of ${len} bytes`);
      if (this.buf.length < 5 + len) break;
      out.push({ type: this.buf[0]!, payload: this.buf.subarray(5, 5 + len) });
      this.buf = this.buf.subarray(5 + len);
    }
    return out;
  }
}

/** The request in a header frame, or an error text when it is malformed. */
export function parseRequest(payload: Buffer): Request | string {
  let v: unknown;
  try {
    v = JSON.parse(payload.toString('utf8'));
  } catch (e) {
    return `bad request: ${(e as Error).message}`;
  }
  const r = v as Partial<Request>;
  const strings = (a: unknown): a is string[] => Array.isArray(a) && a.every((s) => typeof s === 'string');
  if (typeof v !== 'object' || v === null || !strings(r.argv) || !strings(r.env) || typeof r.cwd !== 'string' ||
      typeof r.uid !== 'number' || typeof r.stdin !== 'boolean') {
    return 'bad request: missing or mistyped fields';
  }
  const req: Request = { argv: r.argv, env: r.env, cwd: r.cwd, uid: r.uid, stdin: r.stdin };
  // Optional (newer clients); a mistyped value counts as absent rather than refusing the request.
  if (r.stderrTerminal === true) {
    req.stderrTerminal = true;
    req.stdoutTerminal = r.stdoutTerminal === true;
    if (typeof r.columns === 'number' && Number.isInteger(r.columns) && r.columns > 0) req.columns = r.columns;
  }
  return req;
}

/**
 * The client's terminal as a command sees it (cmd/command.ts), when req says its stderr is one; write puts
 * bytes on the client's stderr.
 */
export function servedTerminal(req: Request, write: (s: string) => void): ServedTerminal | undefined {
  if (req.stderrTerminal !== true) return undefined;
  return { columns: req.columns ?? 80, stdoutIsTerminal: req.stdoutTerminal === true, write };
}

/** The environment of KEY=VALUE entries (the first '=' splits; entries without one are dropped, as go does). */
export function envFromEntries(entries: readonly string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const e of entries) {
    const i = e.indexOf('=');
    if (i <= 0) continue;
    env[e.slice(0, i)] = e.slice(i + 1);
  }
  return env;
}

/** The exit status of a child that ended with code or by signal (number from os.constants.signals). */
export function exitStatus(code: number | null, sigNumber: number | undefined): ExitStatus {
  if (sigNumber !== undefined && sigNumber > 0) return { code: 128 + sigNumber, sig: sigNumber };
  return { code: code ?? 1, sig: 0 };
}
