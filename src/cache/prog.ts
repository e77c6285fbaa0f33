// GOCACHEPROG: the build cache served by an external program speaking go's JSON protocol (cmd/go/internal/cacheprog).
// Requests carry IDs, so many are in flight at once: lookups started early (prefetch) overlap, puts do not wait.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Cache, CacheError, type CacheEntry, type PutResult } from './cache.js';
import { splitLines, WorkerChannel } from './channel.js';
import { EntryNotFoundError } from './entry.js';

interface ProgResponse {
  ID: number;
  Err?: string;
  KnownCommands?: string[];
  Miss?: boolean;
  OutputID?: string; // base64, as encoding/json writes []byte
  Size?: number;
  Time?: string;
  DiskPath?: string;
}

type ChildReply = { line: string } | { eof: true; code?: number | null; error?: string };

/** The worker: owns the child's pipes; a request is its JSON line, then a put's body as a base64 JSON string. */
const PROG_WORKER = `
const { spawn } = require('node:child_process');
let child;
try {
  child = spawn(workerData.argv[0], workerData.argv.slice(1), { env: workerData.env, stdio: ['pipe', 'pipe', 'inherit'] });
} catch (e) {
  emit({ eof: true, error: String(e && e.message || e) });
}
if (child) {
  const lines = ${splitLines.name}((l) => {
    const line = l.trim();
    if (line !== '') emit({ line });
  });
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (s) => lines.push(s));
  child.on('error', (e) => emit({ eof: true, error: e.message }));
  child.on('close', (code) => {
    const last = lines.rest().trim();
    if (last !== '') emit({ line: last });
    emit({ eof: true, code });
  });
  child.stdin.on('error', () => {});
}
onRequest = (m) => {
  if (!child) return;
  if (m.end) { child.stdin.end(); return; }
  child.stdin.write(m.text);
  if (m.bodyB64 !== undefined) child.stdin.write('"' + m.bodyB64 + '"\\n');
};
`;

/** Requests in flight at once; more wait their turn in order. */
export const MAX_IN_FLIGHT = 64;

/** Splits a command line as cmd/internal/quoted.Split does (spaces; single or double quotes group). */
export function splitQuotedArgs(s: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    while (i < s.length && /\s/.test(s[i]!)) i++;
    if (i >= s.length) break;
    const q = s[i];
    if (q === '"' || q === "'") {
      const j = s.indexOf(q, i + 1);
      if (j < 0) throw new CacheError(`unterminated ${q} string`);
      out.push(s.slice(i + 1, j));
      i = j + 1;
    } else {
      let j = i;
      while (j < s.length && !/\s/.test(s[j]!)) j++;
      out.push(s.slice(i, j));
      i = j;
    }
  }
  return out;
}

interface Pending {
  res?: ProgResponse;
  waiters: Array<() => void>;
}

/** A Cache whose entries live in a GOCACHEPROG program; executables and fuzz data stay in the disk cache. */
export class ProgCache extends Cache {
  private readonly chan: WorkerChannel<ChildReply>;
  private readonly can = new Set<string>();
  /** Output ID (hex) → the program's DiskPath for it. */
  private readonly outputs = new Map<string, string>();
  /** Output ID (hex) → the put whose answer will say where it is. */
  private readonly putsByOutput = new Map<string, number>();
  /** Action ID (hex) → a get sent early (prefetch) whose answer the next lookup takes. */
  private readonly early = new Map<string, number>();
  /** Action ID (hex) → what this process put there (the program is not asked again). */
  private readonly ours = new Map<string, CacheEntry>();
  private readonly pending = new Map<number, Pending>();
  private readonly unsent: Array<{ id: number; text: string; bodyB64?: string }> = [];
  private inFlight = 0;
  private nextID = 0;
  private closing = false;
  private firstUse: () => void;
  private dead: { code?: number | null; error?: string } | undefined;
  private protocolError: string | undefined;
  private readonly disk: Cache;

  private constructor(disk: Cache, private readonly prog: string, env: NodeJS.ProcessEnv) {
    // The disk cache's directory backs fuzzDir() and executables, as in go.
    super(disk.dir);
    this.disk = disk;
    const argv = splitQuotedArgs(prog);
    if (argv.length === 0) throw new CacheError('GOCACHEPROG has no command');
    this.pending.set(0, { waiters: [] });
    this.inFlight = 1;
    this.chan = new WorkerChannel<ChildReply>(PROG_WORKER, { argv, env }, (batch) => this.onReplies(batch));
    // The program's capabilities are awaited at first use, so that its start-up overlaps loading.
    this.firstUse = (): void => {
      this.firstUse = () => {};
      let first: ProgResponse;
      try {
        first = this.wait(0, () => process.stderr.write(`# still waiting for GOCACHEPROG ${prog} ...\n`));
      } catch (e) {
        if (this.dead) throw new CacheError(`error starting GOCACHEPROG program "${prog}": ${this.dead.error ?? `exit status ${this.dead.code}`}`);
        throw e;
      }
      for (const c of first.KnownCommands ?? []) this.can.add(c);
      if (this.can.size === 0) throw new CacheError(`GOCACHEPROG ${prog} declared no supported commands`);
    };
    // Puts are not awaited as they are made: the process waits for them (and closes the program) on exit.
    process.on('exit', () => {
      try {
        this.close();
      } catch (e) {
        process.stderr.write(`go: ${(e as Error).message}\n`);
      }
    });
  }

  /** Starts the program (GOCACHEPROG's value) with the disk cache as fallback store. */
  static start(disk: Cache, prog: string, env: NodeJS.ProcessEnv = process.env): ProgCache {
    return new ProgCache(disk, prog, env);
  }

  private onReplies(batch: ChildReply[]): void {
    for (const m of batch) {
      if ('eof' in m) {
        this.dead = m;
        for (const p of this.pending.values()) this.wake(p);
        continue;
      }
      let res: ProgResponse;
      try {
        res = JSON.parse(m.line) as ProgResponse;
      } catch (e) {
        this.protocolError ??= `error reading JSON from GOCACHEPROG: ${(e as Error).message}`;
        for (const p of this.pending.values()) this.wake(p);
        continue;
      }
      // go decodes into a struct, so a reply without "ID" is ID 0 (the capabilities line of a minimal program).
      const rid = res.ID ?? 0;
      const p = this.pending.get(rid);
      if (!p || p.res) {
        this.protocolError ??= `GOCACHEPROG sent response for unknown request ID ${rid}`;
        continue;
      }
      p.res = res;
      this.inFlight--;
      this.wake(p);
    }
    this.pump();
  }

  private wake(p: Pending): void {
    const w = p.waiters;
    p.waiters = [];
    for (const f of w) f();
  }

  /** Sends waiting requests while fewer than MAX_IN_FLIGHT are out. */
  private pump(): void {
    while (this.inFlight < MAX_IN_FLIGHT && this.unsent.length > 0) {
      const r = this.unsent.shift()!;
      this.inFlight++;
      this.chan.post(r.bodyB64 !== undefined ? { text: r.text, bodyB64: r.bodyB64 } : { text: r.text });
    }
  }

  private send(req: Record<string, unknown>, body?: Uint8Array): number {
    const id = ++this.nextID;
    this.pending.set(id, { waiters: [] });
    this.unsent.push({ id, text: JSON.stringify({ ID: id, ...req }) + '\n', ...(body ? { bodyB64: Buffer.from(body).toString('base64') } : {}) });
    this.pump();
    return id;
  }

  /** Blocks until request id is answered; throws go's errors for a dead program or an Err answer. */
  private wait(id: number, onSlow?: () => void): ProgResponse {
    const p = this.pending.get(id);
    if (!p) throw new CacheError(`internal error: GOCACHEPROG request ${id} is not pending`);
    while (!p.res && !this.dead && !this.protocolError) {
      if (!this.chan.waitSync(onSlow ? 5000 : undefined)) onSlow?.();
    }
    return this.finish(id, p);
  }

  private finish(id: number, p: Pending): ProgResponse {
    if (p.res) {
      this.pending.delete(id);
      if (p.res.Err) throw new CacheError(p.res.Err);
      return p.res;
    }
    if (this.protocolError) throw new CacheError(this.protocolError);
    if (this.closing) throw new CacheError('GOCACHEPROG program closed unexpectedly');
    throw new CacheError(`GOCACHEPROG exited pre-Close with ${this.inFlight} pending requests`);
  }

  /** Resolves once request id is answered (or the program is gone), without blocking the thread. */
  private when(id: number): Promise<void> {
    const p = this.pending.get(id);
    if (!p || p.res || this.dead || this.protocolError) return Promise.resolve();
    this.chan.listen(true);
    return new Promise<void>((resolve) => p.waiters.push(() => { this.chan.listen(false); resolve(); }));
  }

  /** Asks the program about these action IDs now; lookup of each later takes the answer. */
  override prefetch(ids: Uint8Array[]): Promise<void> {
    const caps = this.pending.get(0);
    if (caps && !caps.res && !this.dead && !this.protocolError) return this.when(0).then(() => this.prefetch(ids));
    this.firstUse();
    if (!this.can.has('get') || this.dead) return Promise.resolve();
    const waits: Promise<void>[] = [];
    for (const id of ids) {
      const hex = Buffer.from(id).toString('hex');
      if (this.ours.has(hex)) continue;
      let rid = this.early.get(hex);
      if (rid === undefined) {
        rid = this.send({ Command: 'get', ActionID: Buffer.from(id).toString('base64') });
        this.early.set(hex, rid);
      }
      waits.push(this.when(rid));
    }
    return Promise.all(waits).then(() => {});
  }

  override lookup(id: Uint8Array): CacheEntry | EntryNotFoundError {
    this.firstUse();
    if (!this.can.has('get')) return new EntryNotFoundError();
    const hex = Buffer.from(id).toString('hex');
    const mine = this.ours.get(hex);
    if (mine) return mine;
    let rid = this.early.get(hex);
    this.early.delete(hex);
    rid ??= this.send({ Command: 'get', ActionID: Buffer.from(id).toString('base64') });
    const res = this.wait(rid);
    if (res.Miss) return new EntryNotFoundError();
    if (!res.DiskPath) return new EntryNotFoundError("GOCACHEPROG didn't populate DiskPath on get hit");
    const out = Buffer.from(res.OutputID ?? '', 'base64');
    if (out.length !== 32) return new EntryNotFoundError('incomplete ProgResponse OutputID');
    this.outputs.set(out.toString('hex'), res.DiskPath);
    const ms = res.Time ? Date.parse(res.Time) : Date.now();
    return { outputID: out, size: res.Size ?? 0, timeNs: BigInt(Math.round(ms)) * 1000000n };
  }

  override outputFile(out: Uint8Array): string {
    const hex = Buffer.from(out).toString('hex');
    const rid = this.putsByOutput.get(hex);
    if (rid !== undefined) this.settlePut(hex, rid);
    return this.outputs.get(hex) ?? this.disk.outputFile(out);
  }

  /** Waits for a put's answer and records where its output is. */
  private settlePut(hex: string, rid: number): void {
    this.putsByOutput.delete(hex);
    const res = this.wait(rid);
    if (!res.DiskPath) throw new CacheError("GOCACHEPROG didn't return DiskPath in put response");
    this.outputs.set(hex, res.DiskPath);
  }

  override put(id: Uint8Array, src: string | Uint8Array): PutResult {
    // The bytes are read now: a file in $WORK may be gone by the time the request is written.
    const data = typeof src === 'string' ? readFileSync(src) : src;
    const outputID = createHash('sha256').update(data).digest();
    const size = data.length;
    this.firstUse();
    if (!this.can.has('put')) return { outputID, size };
    const req: Record<string, unknown> = { Command: 'put', ActionID: Buffer.from(id).toString('base64'), OutputID: outputID.toString('base64') };
    if (size > 0) req['BodySize'] = size;
    const rid = this.send(req, size > 0 ? data : undefined);
    const hex = outputID.toString('hex');
    const prev = this.putsByOutput.get(hex);
    if (prev !== undefined) this.settlePut(hex, prev);
    this.putsByOutput.set(hex, rid);
    const aid = Buffer.from(id).toString('hex');
    this.early.delete(aid);
    this.ours.set(aid, { outputID, size, timeNs: BigInt(Date.now()) * 1000000n });
    return { outputID, size };
  }

  override putNoVerify(id: Uint8Array, src: string | Uint8Array): PutResult {
    return this.put(id, src);
  }

  override putExecutable(id: Uint8Array, name: string, src: string | Uint8Array): PutResult {
    return this.disk.putExecutable(id, name, src);
  }

  /** The program owns expiry; nothing to trim locally. */
  override trim(): void {}

  /** Waits for the puts still out, then sends close (when the program knows it) and ends its stdin. */
  override close(): void {
    if (this.closing) return;
    try {
      this.firstUse();
      for (const [hex, rid] of [...this.putsByOutput]) {
        try {
          this.settlePut(hex, rid);
        } catch (e) {
          if (!(e instanceof CacheError)) throw e;
          process.stderr.write(`go: ${e.message}\n`);
          if (this.dead || this.protocolError) break;
        }
      }
      this.closing = true;
      if (this.can.has('close') && !this.dead && !this.protocolError) this.wait(this.send({ Command: 'close' }));
    } catch (e) {
      if (!(e instanceof CacheError && e.message === 'GOCACHEPROG program closed unexpectedly')) throw e;
    } finally {
      this.closing = true;
      this.chan.post({ end: true });
    }
  }
}
