// The frames of one warm request, written by the warm worker straight to the client's socket (a copy of
// the server's, passed over IPC): the server then relays nothing, which saves a wake-up of the server and
// a copy of the output on each request. The server keeps its own copy of the socket and keeps reading it
// (signal frames, the client going away); this side only writes.
import { writeSync } from 'node:fs';
import type { Socket } from 'node:net';
import { encodeFrame, FRAME, frameHead } from './frame.js';

/** Output held past this many bytes is written at once instead of at the end of the current turn. */
const FLUSH_AT = 64 << 10;

/**
 * Node starts reading a socket it receives over IPC at once, which would take frames meant for the
 * server: reading is stopped as net.Socket's own pauseOnCreate option does (node offers no public way for
 * a socket received from a parent).
 */
export function stopReading(sock: Socket): void {
  const handle = (sock as unknown as { _handle?: { reading?: boolean; readStop?: () => number } })._handle;
  if (handle?.readStop === undefined) return;
  handle.reading = false;
  handle.readStop();
}

/**
 * Collects a request's frames and writes them to the client: what the command prints in one turn of the
 * event loop goes out in one write (the accepted frame with the first), the exit frame with what is
 * left. Writes after the exit frame, or to a client that went away, are dropped.
 */
export class ClientFrames {
  private parts: Buffer[] = [encodeFrame(FRAME.accepted)];
  private size = 0;
  private scheduled = false;
  private closed = false;

  constructor(private readonly sock: Socket) {
    sock.on('error', () => { this.closed = true; });
  }

  /** Queues one frame of type with payload b. */
  push(type: number, b: Buffer): void {
    if (this.closed) return;
    this.parts.push(frameHead(type, b.length), b);
    this.size += b.length + 5;
    if (this.size >= FLUSH_AT) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => { this.scheduled = false; this.flush(); });
    }
  }

  private take(): Buffer | undefined {
    if (this.parts.length === 0) return undefined;
    const b = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts);
    this.parts = [];
    this.size = 0;
    return b;
  }

  /**
   * Writes what is queued now rather than at the end of the turn: the progress line's bytes (drawn from a
   * timer, or erased as a signal ends this process, when no later turn comes).
   */
  flush(): void {
    if (this.closed || this.sock.destroyed) return;
    const b = this.take();
    if (b !== undefined) this.sock.write(b);
  }

  /**
   * Writes what is left and the exit frame before this process ends in process.exit (go's base.Fatalf
   * deep inside a command, a bad GOAUTH say): no event-loop turn comes after, so the bytes go out with
   * blocking writes on the socket's descriptor, waiting out a full socket buffer.
   */
  finishSync(exitJSON: string): void {
    if (this.closed || this.sock.destroyed) return;
    this.closed = true;
    // Bytes an earlier asynchronous write still holds go first (node keeps them in its write queue).
    const pending = this.sock.writableLength;
    this.parts.push(encodeFrame(FRAME.exit, exitJSON));
    const b = Buffer.concat(this.parts);
    this.parts = [];
    const fd = (this.sock as unknown as { _handle?: { fd?: number } })._handle?.fd;
    if (fd === undefined || fd < 0 || pending > 0) {
      // No descriptor to write to in order: the client reports a lost connection, as before.
      return;
    }
    for (let off = 0; off < b.length;) {
      try {
        off += writeSync(fd, b, off);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') return;
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
      }
    }
  }

  /**
   * Writes what is left and the exit frame, and closes this process's copy of the socket once the bytes
   * are with the kernel: the server may then end the connection without cutting them off.
   */
  finish(exitJSON: string): Promise<void> {
    if (this.closed || this.sock.destroyed) {
      this.closed = true;
      this.sock.destroy();
      return Promise.resolve();
    }
    this.parts.push(encodeFrame(FRAME.exit, exitJSON));
    const b = Buffer.concat(this.parts);
    this.parts = [];
    this.closed = true;
    return new Promise((resolve) => {
      this.sock.write(b, () => { this.sock.destroy(); resolve(); });
    });
  }
}
