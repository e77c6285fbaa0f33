// A worker thread doing a cache's slow I/O (a GOCACHEPROG child's pipes, HTTP), with replies the caller
// takes either blocking (Atomics.wait, for the synchronous Cache API) or as events (for lookups started early).
import { Worker } from 'node:worker_threads';
import { reassertV8Flags } from '../base/v8flags.js';

/**
 * A splitter of a child's stdout text into lines, for worker scripts (its source is part of WORKER_PRELUDE, so
 * it uses nothing outside itself; call it there by its .name, which a bundler may change). push(text) calls
 * onLine for each complete line, without its newline, and stops early when onLine returns false; rest()
 * takes what follows the last newline (a last line the child did not end).
 */
export function splitLines(onLine: (line: string) => boolean | void): { push(text: string): boolean; rest(): string } {
  let buf = '';
  return {
    push(text: string): boolean {
      buf += text;
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        if (onLine(line) === false) return false;
      }
      return true;
    },
    rest(): string {
      const r = buf;
      buf = '';
      return r;
    },
  };
}

/**
 * Worker-side plumbing shared by every worker source: `emit(msg)` hands a reply to the main thread. Replies
 * queue in the worker and travel in batches through one shared slot; the main thread acks each batch.
 * After filling the slot the worker also posts a wake-up, so a main thread that is not blocked hears of it.
 */
export const WORKER_PRELUDE = `
${splitLines.toString()}
const { workerData, parentPort } = require('node:worker_threads');
const ctrl = new Int32Array(workerData.sab, 0, 4);
const slot = new Uint8Array(workerData.sab, 16);
const outq = [];
let busy = false;
function deliver() {
  if (busy || outq.length === 0) return;
  const parts = [];
  let size = 2;
  while (outq.length > 0) {
    const s = outq[0];
    const n = Buffer.byteLength(s) + 1;
    if (parts.length > 0 && size + n > slot.length) break;
    parts.push(s);
    size += n;
    outq.shift();
  }
  let m = Buffer.from('[' + parts.join(',') + ']', 'utf8');
  if (m.length > slot.length) m = Buffer.from(JSON.stringify([{ eof: true, error: 'reply too large' }]), 'utf8');
  slot.set(m, 0);
  Atomics.store(ctrl, 1, m.length);
  busy = true;
  Atomics.store(ctrl, 0, 1);
  Atomics.notify(ctrl, 0);
  parentPort.postMessage(0);
}
function emit(msg) { outq.push(JSON.stringify(msg)); deliver(); }
let onRequest = () => {};
parentPort.on('message', (m) => {
  if (m && m.ack) { busy = false; deliver(); return; }
  onRequest(m);
});
`;

export class WorkerChannel<Reply> {
  private readonly worker: Worker;
  private readonly ctrl: Int32Array;
  private readonly slot: Uint8Array;
  private listening = 0;

  /** source: plain CommonJS run after WORKER_PRELUDE; it sets onRequest and calls emit. */
  constructor(source: string, data: Record<string, unknown>, private readonly onReplies: (replies: Reply[]) => void, capacity = 1 << 20) {
    const sab = new SharedArrayBuffer(16 + capacity);
    this.ctrl = new Int32Array(sab, 0, 4);
    this.slot = new Uint8Array(sab, 16);
    this.worker = new Worker(WORKER_PRELUDE + source, { eval: true, workerData: { sab, ...data } });
    // Its isolate's set-up reset a run-time V8 flag of the whole process (see base/v8flags.ts).
    this.worker.once('online', reassertV8Flags);
    // Wake-ups consume the slot when the main thread is free; a blocked caller consumes it itself.
    this.worker.on('message', () => this.drain());
    this.worker.unref();
  }

  post(msg: unknown): void {
    this.worker.postMessage(msg);
  }

  /** Keeps the process alive while replies someone awaits are outstanding (counted). */
  listen(on: boolean): void {
    this.listening += on ? 1 : -1;
    if (this.listening === 1 && on) this.worker.ref();
    else if (this.listening === 0) this.worker.unref();
  }

  /** Takes the slot's batch if one is there; false otherwise. */
  private take(): boolean {
    if (Atomics.load(this.ctrl, 0) !== 1) return false;
    const n = Atomics.load(this.ctrl, 1);
    const batch = JSON.parse(Buffer.from(this.slot.subarray(0, n)).toString('utf8')) as Reply[];
    Atomics.store(this.ctrl, 0, 0);
    this.worker.postMessage({ ack: true });
    this.onReplies(batch);
    return true;
  }

  private drain(): void {
    this.take();
  }

  /** Blocks until a batch arrives and hands it to onReplies; false if timeoutMs passed first. */
  waitSync(timeoutMs?: number): boolean {
    if (this.take()) return true;
    Atomics.wait(this.ctrl, 0, 0, timeoutMs);
    return this.take();
  }

  terminate(): void {
    void this.worker.terminate();
  }
}
