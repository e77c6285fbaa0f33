// GOCMD_REMOTE_CACHE (beyond go): GOCACHE backed by an HTTP cache in the Bazel layout. GET/PUT /ac/<action ID hex>
// holds an ActionResult naming the output; GET/PUT /cas/<sha256 hex> holds the output's bytes. The local
// cache is asked first; a miss asks the remote; a remote hit, its sha256 and size checked, is written locally.
// Any fault (an error status, a hang, a cut or corrupt body, refused credentials) turns the remote off for the
// rest of the command with one warning: the build goes on with local work and nothing unchecked lands locally.
import { actionResultDecoderSource, decodeActionResult, encodeActionResult } from '../lib/actionresult.js';
import { TEMP_MARK } from './atomic.js';
import { Cache, type CacheEntry, type PutResult } from './cache.js';
import { splitLines, WorkerChannel } from './channel.js';
import { EntryNotFoundError } from './entry.js';

export interface RemoteOptions {
  /** Base URL, http or https, without a trailing slash. */
  url: string;
  /** Sent with every request (credentials: Authorization from netrc, or the header variable). */
  headers: Record<string, string>;
  /** Look up only, never upload (pull-request builds). */
  readOnly: boolean;
  /** Outputs larger than this (bytes) are neither uploaded nor downloaded. */
  maxSize: number;
  /** A request silent for this long (nothing sent or received) is a fault. */
  timeoutMs: number;
  /** Requests in flight at once. */
  maxInFlight: number;
  /** The one warning, when the remote is turned off. */
  warn: (msg: string) => void;
  /**
   * PEM certificates trusted besides the usual roots (base/caroots.ts: SSL_CERT_FILE, SSL_CERT_DIR,
   * NODE_EXTRA_CA_CERTS), for an https cache with a private CA; both clients take them the same way.
   */
  extraCAs?: string[];
  /** The gocmd-remote binary doing the HTTP (see src/cache/remotehelper); unset: a worker thread does it. */
  helper?: string;
}

interface Reply {
  id: number;
  status?: number;
  error?: string;
  /** A FETCH's last step: 'ac' (the AC request), 'cas' (the CAS request), 'adopt' (the local write), 'done' (a hit). */
  stage?: 'ac' | 'cas' | 'adopt' | 'done';
  /** FETCH: the output's sha256 (hex), once the AC entry named it. */
  hash?: string;
  /** FETCH: the CAS body did not have the sha256 or size its AC entry names. */
  mismatch?: boolean;
  size?: number;
}

/**
 * GET or PUT one URL; or FETCH an action's output: the AC entry at url, then the CAS body it names (from
 * casBase + sha256) into a temporary file in dir, its sha256 and size checked, moved into place and the
 * action's index entry written — all in the worker, so a lookup costs the main thread one reply.
 */
interface Request {
  id: number;
  method: 'GET' | 'PUT' | 'FETCH';
  url: string;
  casBase?: string;
  dir?: string;
  actionHex?: string;
  maxSize?: number;
  headers: Record<string, string>;
  timeoutMs: number;
  maxBytes: number;
  toFile?: string;
  bodyPath?: string;
  bodyB64?: string;
}

/** The worker: plain HTTP(S) with keep-alive; GET bodies go to memory or, hashed on the way, to a file. */
const HTTP_WORKER = () => `
const http = require('node:http');
const https = require('node:https');
const fs = require('node:fs');
const crypto = require('node:crypto');
const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: workerData.maxSockets }),
  // One TLS context for every connection, as module downloads keep one (modfetch/web.ts): a ca option
  // would make each new connection parse all the roots again.
  'https:': new https.Agent({ keepAlive: true, maxSockets: workerData.maxSockets,
    ...(workerData.extraCAs.length > 0 ? { secureContext: require('node:tls').createSecureContext({ ca: [...require('node:tls').rootCertificates, ...workerData.extraCAs] }) } : {}) }),
};
const path = require('node:path');
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
${actionResultDecoderSource()}
let tmpSeq = 0;
const rmQuiet = (f) => { try { fs.unlinkSync(f); } catch {} };
// The local writes are asynchronous (node's thread pool) so that they do not hold up the sockets' reads.
const fsp = fs.promises;
// A write into a cache subdirectory that may not exist yet (the cache makes them lazily).
async function inSubdir(file, write) {
  try { await write(); } catch (e) {
    if (e.code !== 'ENOENT') throw e;
    await fsp.mkdir(path.dirname(file), { recursive: true, mode: 0o777 });
    await write();
  }
}
// As Cache.adoptOutput: the checked body moved into place (unless already there), then the index entry.
async function adopt(m, hash, size, tmp) {
  const name = path.join(m.dir, hash.slice(0, 2), hash + '-d');
  const st = await fsp.stat(name).catch(() => undefined);
  if (st && st.isFile() && st.size === size) rmQuiet(tmp);
  else await inSubdir(name, () => fsp.rename(tmp, name));
  const now = BigInt(Math.round((performance.timeOrigin + performance.now()) * 1000)) * 1000n;
  const entry = 'v1 ' + m.actionHex + ' ' + hash + ' ' + String(size).padStart(20, ' ') + ' ' + now.toString().padStart(20, ' ') + '\\n';
  const file = path.join(m.dir, m.actionHex.slice(0, 2), m.actionHex + '-a');
  const etmp = file + workerData.tempMark + process.pid + '-w' + (++tmpSeq);
  await inSubdir(file, () => fsp.writeFile(etmp, entry, { mode: 0o666, flag: 'wx' }));
  try { await fsp.rename(etmp, file); } catch (e) { rmQuiet(etmp); throw e; }
}
function fetchEntry(m) {
  const done = (r) => emit(Object.assign({ id: m.id }, r));
  const ok = (r) => r.error === undefined && r.status >= 200 && r.status < 300;
  request({ id: m.id, method: 'GET', url: m.url, headers: m.headers, timeoutMs: m.timeoutMs, maxBytes: 1 << 16 }, (r) => {
    if (!ok(r)) return done({ stage: 'ac', status: r.status, error: r.error });
    const ac = ${decodeActionResult.name}(r.body);
    // An entry in some other format (not ours, or damaged) is a miss, not a fault.
    if (!ac || ac.size > m.maxSize || (ac.size === 0 && ac.hash !== EMPTY_SHA256)) return done({ stage: 'ac', status: r.status });
    const tmp = path.join(m.dir, ac.hash.slice(0, 2), ac.hash + '-d' + workerData.tempMark + process.pid + '-r' + (++tmpSeq));
    const take = () => adopt(m, ac.hash, ac.size, tmp).then(
      () => done({ stage: 'done', status: 200, hash: ac.hash, size: ac.size }),
      () => { rmQuiet(tmp); done({ stage: 'adopt', status: 200 }); });
    if (ac.size === 0) {
      inSubdir(tmp, () => fsp.writeFile(tmp, Buffer.alloc(0), { mode: 0o666 })).then(take, () => done({ stage: 'adopt', status: 200 }));
      return;
    }
    request({ id: m.id, method: 'GET', url: m.casBase + ac.hash, headers: m.headers, timeoutMs: m.timeoutMs, maxBytes: ac.size, toFile: tmp }, (r2) => {
      if (!ok(r2)) { rmQuiet(tmp); return done({ stage: 'cas', hash: ac.hash, status: r2.status, error: r2.error }); }
      if (r2.sha256 !== ac.hash || r2.size !== ac.size) { rmQuiet(tmp); return done({ stage: 'cas', hash: ac.hash, status: r2.status, mismatch: true, size: r2.size }); }
      take();
    });
  });
}
onRequest = (m) => {
  if (m.method === 'FETCH') return fetchEntry(m);
  request(m, (r) => { delete r.body; emit(Object.assign({ id: m.id }, r)); });
};
function request(m, reply) {
  let done = false;
  let out;
  let req;
  const finish = (r) => {
    if (done) return;
    done = true;
    if (r.error && out) { out.destroy(); try { fs.unlinkSync(m.toFile); } catch {} }
    reply(r);
  };
  let body;
  try {
    if (m.bodyPath !== undefined) body = fs.readFileSync(m.bodyPath);
    else if (m.bodyB64 !== undefined) body = Buffer.from(m.bodyB64, 'base64');
  } catch (e) {
    finish({ error: String(e.message || e) });
    return;
  }
  let u;
  try { u = new URL(m.url); } catch (e) { finish({ error: 'bad URL ' + m.url }); return; }
  const headers = Object.assign({}, m.headers);
  if (body) headers['content-length'] = String(body.length);
  const mod = u.protocol === 'https:' ? https : http;
  req = mod.request(u, { method: m.method, headers, agent: agents[u.protocol] }, (res) => {
    const status = res.statusCode;
    res.on('error', (e) => finish({ error: 'reading ' + m.url + ': ' + e.message }));
    res.on('aborted', () => finish({ error: 'reading ' + m.url + ': connection closed mid-body' }));
    if (m.method !== 'GET' || status !== 200) {
      res.resume();
      res.on('end', () => finish({ status }));
      return;
    }
    const want = res.headers['content-length'] !== undefined ? Number(res.headers['content-length']) : -1;
    if (want > m.maxBytes) { finish({ status, error: 'too large' }); req.destroy(); return; }
    const h = crypto.createHash('sha256');
    const chunks = [];
    let n = 0;
    if (m.toFile !== undefined) {
      out = fs.createWriteStream(m.toFile, { mode: 0o666 });
      // Listen from the start: a fault that destroys the stream with a write pending (a body cut off
      // mid-way) must end this request, not throw in the worker and take the command down.
      out.on('error', (e) => finish({ error: e.message }));
    }
    res.on('data', (c) => {
      if (done) return;
      n += c.length;
      if (n > m.maxBytes) { finish({ status, error: 'too large' }); req.destroy(); return; }
      h.update(c);
      if (out) out.write(c); else chunks.push(c);
    });
    res.on('end', () => {
      if (done) return;
      if (!res.complete || (want >= 0 && n !== want)) { finish({ error: 'reading ' + m.url + ': body cut short' }); return; }
      const sha256 = h.digest('hex');
      if (!out) { finish({ status, sha256, size: n, body: Buffer.concat(chunks) }); return; }
      out.end(() => finish({ status, sha256, size: n }));
    });
  });
  // The timeout is for silence, not for the whole transfer: a large upload on a busy machine may take longer.
  req.setTimeout(m.timeoutMs, () => {
    finish({ error: 'no answer within ' + m.timeoutMs + 'ms' });
    req.destroy();
  });
  req.on('error', (e) => finish({ error: e.message }));
  req.end(body);
}
`;

/** The first line gocmd-remote reads: what every request shares (credentials travel here, never in argv). */
export function helperConfigLine(o: Pick<RemoteOptions, 'headers' | 'timeoutMs' | 'maxInFlight' | 'readOnly' | 'extraCAs'>, tempMark: string): string {
  const extra = o.extraCAs !== undefined && o.extraCAs.length > 0 ? { extraCAs: o.extraCAs } : {};
  return JSON.stringify({ headers: o.headers, timeoutMs: o.timeoutMs, maxConns: o.maxInFlight, tempMark, readOnly: o.readOnly, ...extra }) + '\n';
}

/** One request as gocmd-remote reads it: its JSON line, without what the configuration line already gave. */
export function helperRequestLine(r: Request): string {
  const { headers: _h, timeoutMs: _t, ...rest } = r;
  return JSON.stringify(rest) + '\n';
}

/** A reply line from gocmd-remote, checked for the shape the cache relies on; undefined when it is not one. */
export function parseHelperReply(line: string): Reply | undefined {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null || typeof (v as { id?: unknown }).id !== 'number') return undefined;
  return v as Reply;
}

/**
 * The worker when gocmd-remote does the HTTP: it only relays JSON lines (no http module to load). The
 * helper's end, or a line that is not a reply, becomes one reply with id 0 and an error.
 */
const HELPER_WORKER = () => `
const { spawn } = require('node:child_process');
${parseHelperReply.toString()}
let child;
let gone = false;
const die = (error) => { if (!gone) { gone = true; emit({ id: 0, error }); } };
try {
  child = spawn(workerData.helper, [], { stdio: ['pipe', 'pipe', 'inherit'] });
} catch (e) {
  die(String(e && e.message || e));
}
if (child) {
  const lines = ${splitLines.name}((line) => {
    if (${parseHelperReply.name}(line) !== undefined) { outq.push(line); return true; }
    die('gocmd-remote: bad reply line');
    child.kill();
    return false;
  });
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (s) => { if (lines.push(s)) deliver(); });
  child.on('error', (e) => die(e.message));
  child.on('close', (code, signal) => die('gocmd-remote exited (' + (signal || 'status ' + code) + ')'));
  child.stdin.on('error', () => {});
  child.stdin.write(workerData.config);
}
// An empty message is gocmd's exit: stdin closed, the helper ends and its end is reported.
onRequest = (m) => { if (child && !gone) { if (m === '') child.stdin.end(); else child.stdin.write(m); } };
`;

/** One remote lookup (AC, then CAS); done when it hit (the output is local now) or missed. */
interface Fetch {
  done: boolean;
  hit: boolean;
  waiters: Array<() => void>;
}


/** GOCACHE with a remote HTTP cache behind it. */
export class RemoteCache extends Cache {
  private readonly chan: WorkerChannel<Reply>;
  private readonly handlers = new Map<number, (r: Reply) => void>();
  private readonly unsent: Request[] = [];
  private inFlight = 0;
  private nextID = 0;
  private readonly fetches = new Map<string, Fetch>();
  private uploads = 0;
  private fault: string | undefined;
  private trace: ((line: string) => void) | undefined;
  private readonly viaHelper: boolean;
  private helperEnded = false;
  private stopping = false;
  /** For -x: lookups asked, hits, bytes fetched, outputs uploaded. */
  readonly stats = { lookups: 0, hits: 0, bytes: 0, puts: 0 };

  private constructor(dir: string, private readonly opts: RemoteOptions) {
    super(dir);
    const onBatch = (batch: Reply[]): void => {
      for (const r of batch) {
        if (r.id === 0) {
          this.helperEnded = true;
          if (!this.stopping) this.helperGone(r.error ?? 'gocmd-remote exited');
          continue;
        }
        this.inFlight--;
        const h = this.handlers.get(r.id);
        this.handlers.delete(r.id);
        h?.(r);
      }
      this.pump();
    };
    this.viaHelper = opts.helper !== undefined;
    this.chan = opts.helper !== undefined
      ? new WorkerChannel<Reply>(HELPER_WORKER(), { helper: opts.helper, config: helperConfigLine(opts, TEMP_MARK) }, onBatch)
      : new WorkerChannel<Reply>(HTTP_WORKER(), { maxSockets: opts.maxInFlight, tempMark: TEMP_MARK, extraCAs: opts.extraCAs ?? [] }, onBatch);
    // Uploads are not awaited as they are made: the process waits for them on exit.
    process.on('exit', () => {
      this.close();
      this.stopHelper();
    });
  }

  /** The disk cache in dir (opened by Cache.open) with the remote behind it. */
  static over(disk: Cache, opts: RemoteOptions): RemoteCache {
    return new RemoteCache(disk.dir, opts);
  }

  /** -x: one line per batch of remote lookups, and a summary at exit. */
  override setTrace(f: (line: string) => void): void {
    this.trace = f;
  }

  private url(kind: 'ac' | 'cas', hex: string): string {
    return `${this.opts.url}/${kind}/${hex}`;
  }

  private send(req: Omit<Request, 'id' | 'headers' | 'timeoutMs'>, onReply: (r: Reply) => void): void {
    const id = ++this.nextID;
    this.handlers.set(id, onReply);
    this.unsent.push({ id, headers: this.opts.headers, timeoutMs: this.opts.timeoutMs, ...req });
    this.pump();
  }

  private pump(): void {
    while (this.inFlight < this.opts.maxInFlight && this.unsent.length > 0) {
      this.inFlight++;
      const r = this.unsent.shift()!;
      this.chan.post(this.viaHelper ? helperRequestLine(r) : r);
    }
  }

  /**
   * At exit: closes the helper's stdin and waits (briefly) for it to end, so that it is reaped as gocmd's
   * child (its CPU time counted with gocmd's, as a GOCACHEPROG program's is) rather than left to exit alone.
   */
  private stopHelper(): void {
    if (!this.viaHelper || this.helperEnded) return;
    this.stopping = true;
    this.chan.post('');
    const until = Date.now() + 1000;
    while (!this.helperEnded && Date.now() < until) this.chan.waitSync(until - Date.now());
  }

  /** The helper died (or spoke nonsense): a fault like any other; what it had in flight ends unanswered. */
  private helperGone(why: string): void {
    this.fail(why);
    const hs = [...this.handlers.entries()];
    this.handlers.clear();
    this.inFlight = 0;
    // Stage 'ac' makes a lookup's handler take it as the miss it is; uploads' handlers ignore the stage.
    for (const [id, h] of hs) h({ id, error: why, stage: 'ac' });
  }

  /** Turns the remote off for the rest of the command: one warning, outstanding lookups end as misses. */
  private fail(why: string): void {
    if (this.fault) return;
    this.fault = why;
    this.opts.warn(`go: warning: remote cache ${this.opts.url}: ${why}; continuing without it`);
    this.unsent.length = 0;
    for (const f of this.fetches.values()) this.settle(f, false);
  }

  /** What a reply means: 'ok' (2xx), 'missing' (404) or a fault, already reported. */
  private judge(r: Reply, what: string): 'ok' | 'missing' | 'fault' {
    if (this.fault) return 'fault';
    if (r.error === undefined && r.status !== undefined && r.status >= 200 && r.status < 300) return 'ok';
    if (r.error === undefined && r.status === 404) return 'missing';
    if (r.error === 'too large') return 'missing';
    const why = r.error ?? (r.status === 401 || r.status === 403 ? `${what}: credentials refused (HTTP ${r.status})` : `${what}: HTTP ${r.status}`);
    this.fail(r.error !== undefined ? `${what}: ${r.error}` : why);
    return 'fault';
  }

  private settle(f: Fetch, hit: boolean): void {
    if (f.done) return;
    f.done = true;
    f.hit = hit;
    if (hit) this.stats.hits++;
    const w = f.waiters;
    f.waiters = [];
    for (const x of w) x();
  }

  /** Starts fetching action id from the remote (AC entry, then its CAS body into the local cache: a FETCH). */
  private startFetch(id: Uint8Array): Fetch {
    const hex = Buffer.from(id).toString('hex');
    const f: Fetch = { done: false, hit: false, waiters: [] };
    this.fetches.set(hex, f);
    this.stats.lookups++;
    const req = { method: 'FETCH' as const, url: this.url('ac', hex), casBase: `${this.opts.url}/cas/`, dir: this.dir, actionHex: hex, maxSize: this.opts.maxSize, maxBytes: 1 << 16 };
    this.send(req, (r) => {
      if (r.stage === 'ac' || r.stage === 'adopt') {
        if (r.stage === 'ac') this.judge(r, `GET /ac/${hex.slice(0, 12)}…`);
        return this.settle(f, false);
      }
      const cas = `GET /cas/${(r.hash ?? '').slice(0, 12)}…`;
      if (r.stage === 'cas') {
        if (this.judge(r, cas) === 'ok' && r.mismatch) this.fail(`${cas}: body does not match its sha256 (${r.size} bytes)`);
        return this.settle(f, false);
      }
      // A hit: the worker checked the body and wrote both files.
      this.adoptedElsewhere(id, Buffer.from(r.hash!, 'hex'), r.size!);
      this.stats.bytes += r.size!;
      this.settle(f, true);
    });
    return f;
  }

  /** Local entries, looked up without refreshing their mtime (the real lookup does that). */
  private haveLocally(id: Uint8Array): boolean {
    return !(super.lookup(id) instanceof EntryNotFoundError);
  }

  override prefetch(ids: Uint8Array[]): Promise<void> {
    if (this.fault) return Promise.resolve();
    const waits: Promise<void>[] = [];
    const started: Fetch[] = [];
    for (const id of ids) {
      const hex = Buffer.from(id).toString('hex');
      let f = this.fetches.get(hex);
      if (!f) {
        if (this.haveLocally(id)) continue;
        f = this.startFetch(id);
        started.push(f);
      }
      if (f.done) continue;
      const ff = f;
      this.chan.listen(true);
      waits.push(new Promise<void>((resolve) => ff.waiters.push(() => { this.chan.listen(false); resolve(); })));
    }
    if (started.length > 0 && this.trace) {
      // Counted per batch: batches overlap, so the global hit counter would count other batches' hits too.
      const t = this.trace;
      void Promise.all(waits).then(() => t(`# remote cache: ${started.length} lookups, ${started.filter((f) => f.hit).length} hits\n`));
    }
    return Promise.all(waits).then(() => {});
  }

  override lookup(id: Uint8Array): CacheEntry | EntryNotFoundError {
    const local = super.lookup(id);
    if (!(local instanceof EntryNotFoundError) || this.fault) return local;
    const hex = Buffer.from(id).toString('hex');
    let f = this.fetches.get(hex);
    // An earlier fetch that missed is not asked again; one that hit but is gone locally is.
    if (f?.done && f.hit) f = undefined;
    f ??= this.startFetch(id);
    while (!f.done) this.chan.waitSync(this.opts.timeoutMs + 1000);
    return f.hit ? super.lookup(id) : local;
  }

  override put(id: Uint8Array, src: string | Uint8Array, opts: { noVerify?: boolean; linkFrom?: string } = {}): PutResult {
    const r = super.put(id, src, opts);
    this.upload(id, r);
    return r;
  }

  /** Uploads an output (CAS first, then the AC entry naming it), unless read-only, too large or faulted. */
  private upload(id: Uint8Array, r: PutResult): void {
    if (this.opts.readOnly || this.fault || r.size > this.opts.maxSize) return;
    const hex = Buffer.from(id).toString('hex');
    const out = r.outputID.toString('hex');
    this.fetches.delete(hex);
    this.uploads++;
    this.stats.puts++;
    const putAC = (): void => {
      this.send({ method: 'PUT', url: this.url('ac', hex), maxBytes: 0, bodyB64: Buffer.from(encodeActionResult({ hash: out, size: r.size })).toString('base64') }, (r2) => {
        this.uploads--;
        this.judge(r2, `PUT /ac/${hex.slice(0, 12)}…`);
      });
    };
    if (r.size === 0) return putAC();
    this.send({ method: 'PUT', url: this.url('cas', out), maxBytes: 0, bodyPath: r.file ?? this.fileName(r.outputID, 'd') }, (r1) => {
      if (this.judge(r1, `PUT /cas/${out.slice(0, 12)}…`) === 'ok') return putAC();
      this.uploads--;
    });
  }

  /** Waits for uploads still out (each bounded by the timeout; a fault drops the rest). */
  override close(): void {
    while (this.uploads > 0 && !this.fault) this.chan.waitSync(this.opts.timeoutMs + 1000);
    if (this.trace && this.stats.lookups + this.stats.puts > 0) {
      const s = this.stats;
      this.trace(`# remote cache: ${s.lookups} lookups, ${s.hits} hits (${s.bytes} bytes), ${s.puts} uploads\n`);
      this.trace = undefined;
    }
  }
}

export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
