// A stand-in for process.stdout that writes straight to its file descriptor. process.stdout's getter builds
// a stream on first use: node's stream modules for a file (~1.7 ms of CPU), net's for a pipe and tty's for a
// terminal (~3.5 ms), a tenth of `gocmd version`, which prints one line. On Linux node writes to all three
// synchronously anyway, so writing with fs.writeSync keeps the order of everything written either way.
import { writeSync } from 'node:fs';
import type { Writable } from 'node:stream';

type Callback = (err?: Error | null) => void;

/** Sleeps ms milliseconds, blocking (a non-blocking descriptor that is full: wait for the reader). */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Writes all of b to fd. A reader that went away (EPIPE) ends the process with 141, as a shell reports
 * go's death by SIGPIPE; a closed descriptor (EBADF) drops the output, as go's ignored write errors do.
 */
export function writeAllSync(fd: number, b: Uint8Array, onEPIPE: () => never = () => process.exit(141)): void {
  let off = 0;
  while (off < b.length) {
    try {
      off += writeSync(fd, b, off, b.length - off);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') sleepSync(1);
      else if (code === 'EPIPE') onEPIPE();
      else if (code === 'EBADF') return;
      else throw e;
    }
  }
}

/**
 * A Writable for fd whose write() calls writeAllSync; any other property is the stream stream() makes, on
 * first use (events, end(), a pipe into it). Its write may be replaced (noop.ts watches output that way).
 */
export function fdWriter(fd: number, stream: () => Writable): Writable {
  const own: Record<PropertyKey, unknown> = {
    write(chunk: Uint8Array | string, encoding?: BufferEncoding | Callback, cb?: Callback): boolean {
      const enc = typeof encoding === 'string' ? encoding : 'utf8';
      const done = typeof encoding === 'function' ? encoding : cb;
      writeAllSync(fd, typeof chunk === 'string' ? Buffer.from(chunk, enc) : chunk);
      if (done) process.nextTick(done);
      return true;
    },
  };
  // A Proxy, so that the stream's whole API is there without the stream being made until it is used.
  return new Proxy(own, {
    get(target, k) {
      if (Object.hasOwn(target, k)) return target[k];
      const s = stream();
      const v = (s as unknown as Record<PropertyKey, unknown>)[k];
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(s) : v;
    },
    set(target, k, v) {
      target[k] = v;
      return true;
    },
  }) as unknown as Writable;
}
