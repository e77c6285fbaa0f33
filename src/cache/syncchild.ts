// A long-lived child process driven synchronously: a worker thread owns the pipes; the caller blocks on Atomics.
import { Worker } from 'node:worker_threads';

/** What the worker runs (plain CommonJS, so it also works from the single-file bundle). */
const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const ctrl = new Int32Array(workerData.sab, 0, 4);
const data = new Uint8Array(workerData.sab, 16);
const queue = [];
let busy = false;
function deliver() {
  if (busy || queue.length === 0) return;
  let m = Buffer.from(JSON.stringify(queue.shift()), 'utf8');
  if (m.length > data.length) m = Buffer.from(JSON.stringify({ eof: true, error: 'response too large' }), 'utf8');
  data.set(m, 0);
  Atomics.store(ctrl, 1, m.length);
  busy = true;
  Atomics.store(ctrl, 0, 1);
  Atomics.notify(ctrl, 0);
}
let child;
try {
  child = spawn(workerData.argv[0], workerData.argv.slice(1), { env: workerData.env, stdio: ['pipe', 'pipe', 'inherit'] });
} catch (e) {
  queue.push({ eof: true, error: String(e && e.message || e) });
  deliver();
}
if (child) {
  let buf = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (s) => {
    buf += s;
    let i;
    while ((i = buf.indexOf('\\n')) >= 0) {
      const line = buf.slice(0, i).trim();
      buf = buf.slice(i + 1);
      if (line !== '') queue.push({ line });
    }
    deliver();
  });
  child.on('error', (e) => { queue.push({ eof: true, error: e.message }); deliver(); });
  child.on('close', (code) => {
    if (buf.trim() !== '') queue.push({ line: buf.trim() });
    queue.push({ eof: true, code });
    deliver();
  });
  child.stdin.on('error', () => {});
}
parentPort.on('message', (m) => {
  if (m.ack) { busy = false; deliver(); return; }
  if (!child) return;
  if (m.end) { child.stdin.end(); return; }
  child.stdin.write(m.text);
  if (m.bodyPath !== undefined || m.bodyB64 !== undefined) {
    const b64 = m.bodyB64 !== undefined ? m.bodyB64 : fs.readFileSync(m.bodyPath).toString('base64');
    child.stdin.write('"' + b64 + '"\\n');
  }
});
`;

export type ChildMessage = { line: string } | { eof: true; code?: number | null; error?: string };

export class SyncChild {
  private readonly worker: Worker;
  private readonly ctrl: Int32Array;
  private readonly data: Uint8Array;
  private closed = false;

  constructor(argv: string[], env: NodeJS.ProcessEnv, capacity = 1 << 20) {
    const sab = new SharedArrayBuffer(16 + capacity);
    this.ctrl = new Int32Array(sab, 0, 4);
    this.data = new Uint8Array(sab, 16);
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { sab, argv, env } });
    this.worker.unref();
  }

  /** Writes text (and optionally a base64 body line) to the child's stdin. */
  send(text: string, body?: { path: string } | { bytes: Uint8Array }): void {
    const m: { text: string; bodyPath?: string; bodyB64?: string } = { text };
    if (body && 'path' in body) m.bodyPath = body.path;
    else if (body) m.bodyB64 = Buffer.from(body.bytes).toString('base64');
    this.worker.postMessage(m);
  }

  /** Blocks until the next stdout line (or EOF); onSlow is called every slowMs while waiting. */
  next(onSlow?: () => void, slowMs = 5000): ChildMessage {
    for (;;) {
      const r = Atomics.wait(this.ctrl, 0, 0, onSlow ? slowMs : undefined);
      if (r === 'timed-out') {
        onSlow?.();
        continue;
      }
      break;
    }
    const n = Atomics.load(this.ctrl, 1);
    const msg = JSON.parse(Buffer.from(this.data.subarray(0, n)).toString('utf8')) as ChildMessage;
    Atomics.store(this.ctrl, 0, 0);
    this.worker.postMessage({ ack: true });
    return msg;
  }

  /** Closes the child's stdin; the worker exits when the child does. */
  end(): void {
    if (this.closed) return;
    this.closed = true;
    this.worker.postMessage({ end: true });
  }

  terminate(): void {
    void this.worker.terminate();
  }
}
