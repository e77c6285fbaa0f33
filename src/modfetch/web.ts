// HTTP(S) and file:// GETs as cmd/go/internal/web does them: redirects, proxies, GOAUTH credentials, go's error texts.
import type * as Http from 'node:http';
import type * as Https from 'node:https';
import { readFile } from 'node:fs/promises';
import { isIP, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { proxyEnv, proxyFor, type ProxyEnv } from './httpproxy.js';
import { Auth } from './auth.js';
import type { HeaderList } from './authparse.js';
import { FatalError } from './errors.js';
import { extraCertificates } from '../base/caroots.js';

type Env = Readonly<Record<string, string | undefined>>;

// The network modules load on first use: a command served from the module cache never makes a
// request, and loading http/https/tls/zlib costs every start-up about 10 ms of CPU.
const http = (): typeof Http => process.getBuiltinModule('node:http');
const https = (): typeof Https => process.getBuiltinModule('node:https');
const tls = (): typeof import('node:tls') => process.getBuiltinModule('node:tls');
const createGunzip = (): import('node:zlib').Gunzip => process.getBuiltinModule('node:zlib').createGunzip();

const maxErrorDetailLines = 8;
const maxErrorDetailBytes = maxErrorDetailLines * 81;

/** url.URL.Redacted: the URL text with any password replaced by "xxxxx". */
export function redacted(u: URL): string {
  if (u.password === '') return u.href;
  const c = new URL(u.href);
  c.password = 'xxxxx';
  return c.href;
}

/** A non-200 answer (or a missing file:// file), printed as go's web.HTTPError. */
export class HTTPError extends Error {
  readonly notExist: boolean;
  constructor(
    readonly url: string,
    readonly status: string,
    readonly statusCode: number,
    readonly detail: string,
    readonly fileErrText = '',
  ) {
    let msg: string;
    if (detail !== '') {
      const sep = detail.includes('\n') ? '\n\t' : ' ';
      msg = `reading ${url}: ${status}\n\tserver response:${sep}${detail}`;
    } else if (fileErrText !== '') {
      msg = `reading ${url}: ${fileErrText}`;
    } else {
      msg = `reading ${url}: ${status}`;
    }
    super(msg);
    this.name = 'HTTPError';
    this.notExist = statusCode === 404 || statusCode === 410;
  }
}

/** A transport failure, printed as go's *url.Error: `Get "URL": reason`. */
export class URLError extends Error {
  readonly notExist = false;
  constructor(op: string, url: string, reason: string) {
    super(`${op} "${url}": ${reason}`);
    this.name = 'URLError';
  }
}

export interface Response {
  /** The fetched URL, redacted. */
  url: string;
  status: string;
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** For errors: the server's text/plain explanation, formatted as go shows it. */
  detail: string;
  fileErrText: string;
}

/** The error for a non-200 response, or undefined. */
export function responseError(r: Response): HTTPError | undefined {
  if (r.statusCode === 200 || r.statusCode === 0) return undefined;
  return new HTTPError(r.url, r.status, r.statusCode, r.detail, r.fileErrText);
}

/** go's formatErrorDetail: the first lines of a text/plain error body, if it is safe to show. */
export function formatErrorDetail(body: Buffer): string {
  let s: string;
  try {
    s = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return '';
  }
  if (!/^[\p{L}\p{M}\p{N}\p{P}\p{S}\p{Zs}\t\n\v\f\r\u0085]*$/u.test(s)) return '';
  let detail = '';
  const lines = s.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') break;
    if (i > 0) detail += '\n\t';
    if (i >= maxErrorDetailLines) {
      detail += '[Truncated: too many lines.]';
      break;
    }
    if (detail.length + line.length > maxErrorDetailBytes) {
      detail += '[Truncated: too long.]';
      break;
    }
    detail += line;
  }
  return detail;
}

/** Go's text for a Node network error (net.OpError style). */
export function netErrorText(e: unknown, target: URL): string {
  const err = e as NodeJS.ErrnoException & { address?: string; port?: number; hostname?: string };
  const hostPort = `${target.hostname.replace(/^\[|\]$/g, '')}:${target.port || (target.protocol === 'https:' ? '443' : '80')}`;
  const addr = err.address !== undefined ? `${err.address.includes(':') ? `[${err.address}]` : err.address}:${err.port ?? ''}` : hostPort;
  switch (err.code) {
    case 'ECONNREFUSED':
      return `dial tcp ${addr}: connect: connection refused`;
    case 'ECONNRESET':
      return `read tcp ${addr}: read: connection reset by peer`;
    case 'ETIMEDOUT':
      return `dial tcp ${addr}: i/o timeout`;
    case 'EHOSTUNREACH':
      return `dial tcp ${addr}: connect: no route to host`;
    case 'ENETUNREACH':
      return `dial tcp ${addr}: connect: network is unreachable`;
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
      return 'tls: failed to verify certificate: x509: certificate signed by unknown authority';
    case 'CERT_HAS_EXPIRED':
      return 'tls: failed to verify certificate: x509: certificate has expired or is not yet valid';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `dial tcp: lookup ${target.hostname}: no such host`;
    default:
      return err.message ?? String(e);
  }
}

export interface WebOptions {
  env: Env;
  /** GOAUTH ("netrc" by default; "off" disables credentials). */
  goauth?: string;
  /** Receives go's -x trace lines ("# get URL", "# get URL: 200 OK (0.001s)"). */
  trace?: (line: string) => void;
  /**
   * Called with a GOAUTH setting error (go's base.Fatalf: print and exit at once); without it such
   * errors reject the request as FatalError.
   */
  fatal?: (message: string) => never;
  /**
   * cmd/go's test hook (only under its script harness): requests for some hosts go to a loopback
   * server instead, keeping the original Host header; HTTPS ones trust that server's certificate.
   */
  intercept?: (u: URL) => Interception | undefined;
}

/** Where an intercepted request goes. */
export interface Interception {
  hostname: string;
  port: string;
  /** PEM certificates trusted for an intercepted HTTPS request. */
  ca?: Buffer;
}

export interface GetOptions {
  /** Stop reading the body after this many bytes (the body then has limit+1 bytes). */
  limit?: number;
}

/** An HTTP client with go's behaviour for module downloads. */
export class Web {
  private readonly pe: ProxyEnv;
  /** GOAUTH credentials (one cache per client, as go keeps one per process). */
  readonly auth: Auth;
  /** Keep-alive agents for direct connections (idle sockets do not keep the process alive). */
  private httpAgentMemo?: Http.Agent;
  private httpsAgentMemo?: Https.Agent;
  private tlsMemo?: { ctx: import('node:tls').SecureContext | undefined };
  constructor(private readonly opts: WebOptions) {
    this.pe = proxyEnv(opts.env);
    this.auth = new Auth({
      goauth: opts.goauth || 'netrc',
      env: opts.env,
      log: opts.trace,
      head: async (u, headers) => (await this.fetchOnce(u, headers, {}, 'HEAD')).statusCode,
    });
  }

  /**
   * The TLS context trusting the extra roots, made on first HTTPS use (a command served from the module cache
   * never reads them) and shared by every connection: a `ca` option would make each connection parse all the
   * roots again (~40 ms of CPU each, several connections per command).
   */
  private get secureContext(): import('node:tls').SecureContext | undefined {
    if (!this.tlsMemo) {
      const ca = extraRoots(this.opts.env);
      this.tlsMemo = { ctx: ca ? contextWithRoots(ca) : undefined };
    }
    return this.tlsMemo.ctx;
  }

  private get httpAgent(): Http.Agent {
    this.httpAgentMemo ??= new (http().Agent)({ keepAlive: true, maxSockets: 8 });
    return this.httpAgentMemo;
  }

  private get httpsAgent(): Https.Agent {
    this.httpsAgentMemo ??= new (https().Agent)({ keepAlive: true, maxSockets: 8, ...(this.secureContext ? { secureContext: this.secureContext } : {}) });
    return this.httpsAgentMemo;
  }

  /** GET u (http, https or file). Resolves to the response whatever its status; rejects on transport errors. */
  async get(u: URL, o: GetOptions = {}): Promise<Response> {
    if (u.protocol === 'file:') return getFile(u, o);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') {
      this.opts.trace?.(`# get ${redacted(u)}: unsupported`);
      throw new Error(`unsupported scheme: ${redacted(u)}`);
    }
    const start = Date.now();
    this.opts.trace?.(`# get ${redacted(u)}`);
    let res: RawResponse;
    try {
      // GOAUTH credentials go with HTTPS requests only; a 4xx answer asks the GOAUTH methods
      // again (with that answer) and the request is retried once.
      const secure = u.protocol === 'https:';
      res = await this.follow(u, secure ? await this.auth.credentials(u) : undefined, o);
      if (secure && res.statusCode >= 400 && res.statusCode < 500) {
        const failed = { status: `${res.statusCode} ${res.statusMessage}`.trimEnd(), rawHeaders: res.rawHeaders };
        res = await this.follow(u, await this.auth.credentials(u, failed), o);
      }
    } catch (e) {
      if (e instanceof FatalError) {
        if (this.opts.fatal) this.opts.fatal(e.message);
        throw e;
      }
      const err = e instanceof URLError ? e : new URLError('Get', redacted(u), netErrorText(e, u));
      this.opts.trace?.(`# get ${redacted(u)}: ${err.message}`);
      throw err;
    }
    const status = `${res.statusCode} ${res.statusMessage}`.trimEnd();
    this.opts.trace?.(`# get ${redacted(u)}: ${status} (${((Date.now() - start) / 1000).toFixed(3)}s)`);
    let detail = '';
    if (res.statusCode !== 200) {
      const ct = String(res.headers['content-type'] ?? '');
      const m = /^\s*([^;\s]+)\s*(?:;(.*))?$/.exec(ct);
      const charset = /charset\s*=\s*"?([^";\s]+)/i.exec(m?.[2] ?? '')?.[1]?.toLowerCase() ?? '';
      if (m && m[1]!.toLowerCase() === 'text/plain' && ['us-ascii', 'utf-8', ''].includes(charset)) detail = formatErrorDetail(res.body);
    }
    // As in go's web.Response, the URL is the one asked for, not where redirects led.
    return { url: redacted(u), status, statusCode: res.statusCode, headers: res.headers, body: res.body, detail, fileErrText: '' };
  }

  /**
   * One request and its redirects, as net/http's client follows them. creds go along while the
   * redirects stay on the first URL's host or its subdomains; after a hop elsewhere no later hop gets them.
   */
  private async follow(u: URL, creds: HeaderList | undefined, o: GetOptions): Promise<RawResponse> {
    let cur = u;
    const via: URL[] = [];
    let send = creds;
    for (;;) {
      let res: RawResponse;
      try {
        res = await this.fetchOnce(cur, send, o);
      } catch (e) {
        throw e instanceof URLError ? e : new URLError('Get', redacted(cur), netErrorText(e, cur));
      }
      const loc = res.headers.location;
      if (![301, 302, 303, 307, 308].includes(res.statusCode) || typeof loc !== 'string') return res;
      const next = new URL(loc, cur);
      via.push(cur);
      if (via.length >= 10) throw new URLError('Get', redacted(next), 'stopped after 10 redirects');
      if (via[0]!.protocol === 'https:' && next.protocol !== 'https:') {
        throw new URLError('Get', redacted(next), `redirected from secure URL ${redacted(cur)} to insecure URL ${redacted(next)}`);
      }
      if (send && next.host !== u.host && !isDomainOrSubdomain(next.hostname, u.hostname)) send = undefined;
      cur = next;
    }
  }

  /** GET u and return the body; non-200 statuses become HTTPError. */
  async getBytes(u: URL, o: GetOptions = {}): Promise<Buffer> {
    const r = await this.get(u, o);
    const err = responseError(r);
    if (err) throw err;
    return r.body;
  }

  private fetchOnce(u: URL, creds: HeaderList | undefined, o: GetOptions, method = 'GET'): Promise<RawResponse> {
    const proxy = proxyFor(this.pe, u);
    const headers: Record<string, string | string[]> = { 'User-Agent': 'Go-http-client/1.1', 'Accept-Encoding': 'gzip' };
    for (const [k, v] of creds ?? []) {
      const had = headers[k];
      headers[k] = had === undefined ? v : [...(Array.isArray(had) ? had : [had]), v];
    }
    // As net/http's transport: the URL's user info is used only when no Authorization header is set.
    if (u.username !== '' && headers.Authorization === undefined) headers.Authorization = 'Basic ' + Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString('base64');
    const path = u.pathname + u.search;
    const ic = this.opts.intercept?.(u);
    if (ic) {
      const opts = { method, host: ic.hostname, port: ic.port, path, headers: { ...headers, Host: u.host } };
      if (u.protocol === 'https:') return doRequest((cb) => https().request({ ...opts, agent: false, ...(ic.ca ? { ca: ic.ca } : {}) }, cb), o);
      return doRequest((cb) => http().request({ ...opts, agent: false }, cb), o);
    }
    if (!proxy) {
      const opts = { method, host: u.hostname.replace(/^\[|\]$/g, ''), port: u.port || undefined, path, headers };
      if (u.protocol === 'https:') return doRequest((cb) => https().request({ ...opts, ...serverName(u), agent: this.httpsAgent }, cb), o);
      return doRequest((cb) => http().request({ ...opts, agent: this.httpAgent }, cb), o);
    }
    if (proxy.protocol.startsWith('socks')) return Promise.reject(new URLError('Get', redacted(u), `proxyconnect: SOCKS proxies are not supported by gocmd: ${redacted(proxy)}`));
    const proxyAuth = proxy.username !== '' ? 'Basic ' + Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString('base64') : undefined;
    const pmod = proxy.protocol === 'https:' ? https() : http();
    const phost = proxy.hostname.replace(/^\[|\]$/g, '');
    const pport = proxy.port || (proxy.protocol === 'https:' ? '443' : '80');
    if (u.protocol === 'http:') {
      // Plain HTTP through a proxy: the request line carries the absolute URL.
      const h = { ...headers, Host: u.host, ...(proxyAuth ? { 'Proxy-Authorization': proxyAuth } : {}) };
      return doRequest((cb) => pmod.request({ method, host: phost, port: pport, path: u.href, headers: h, agent: false }, cb), o);
    }
    // HTTPS through a proxy: CONNECT tunnel, then TLS to the target over it.
    return new Promise<Socket>((resolve, reject) => {
      const target = `${u.hostname}:${u.port || '443'}`;
      const req = pmod.request({ host: phost, port: pport, method: 'CONNECT', path: target, headers: { Host: target, ...(proxyAuth ? { 'Proxy-Authorization': proxyAuth } : {}) }, agent: false });
      req.on('connect', (res, socket) => {
        if (res.statusCode !== 200) {
          socket.destroy();
          reject(new URLError('Get', redacted(u), `proxyconnect tcp: ${res.statusCode} ${res.statusMessage ?? ''}`.trimEnd()));
          return;
        }
        resolve(socket);
      });
      req.on('error', (e) => reject(new URLError('Get', redacted(u), `proxyconnect tcp: ${netErrorText(e, proxy)}`)));
      req.end();
    }).then((socket) =>
      doRequest(
        (cb) =>
          https().request(
            {
              method,
              host: u.hostname.replace(/^\[|\]$/g, ''),
              port: u.port || undefined,
              path,
              headers,
              agent: false,
              createConnection: () => tls().connect({ socket, ...serverName(u), ...(this.secureContext ? { secureContext: this.secureContext } : {}) }),
            },
            cb,
          ),
        o,
      ),
    );
  }
}

/**
 * A TLS context trusting roots (extraRoots: Node's bundled roots, then the extra ones). Node's default context
 * shares the bundled roots Node parsed once, so only the extra certificates are added to it, one by one, as
 * a `ca` option adds each of its entries; a `ca` list of them all made Node parse and index every root again
 * (~20 ms of CPU before the first request of a command). Falls back to `ca` where that call is missing.
 */
function contextWithRoots(roots: (string | Buffer)[]): import('node:tls').SecureContext {
  const bundled = tls().rootCertificates.length;
  const ctx = tls().createSecureContext();
  // SecureContext.context is Node's native context object (undocumented; what createSecureContext configures).
  const native = (ctx as unknown as { context?: { addCACert?: (pem: string | Buffer) => void } }).context;
  if (typeof native?.addCACert !== 'function') return tls().createSecureContext({ ca: roots });
  for (const pem of roots.slice(bundled)) native.addCACert(pem);
  return ctx;
}

/**
 * Trusted roots when SSL_CERT_FILE / SSL_CERT_DIR / NODE_EXTRA_CA_CERTS name extra ones (base/caroots.ts):
 * Node's bundled roots plus those certificates, each once; undefined to use Node's defaults. A system bundle
 * named there mostly repeats Node's roots, and every certificate listed is parsed again.
 */
export function extraRoots(env: Env): (string | Buffer)[] | undefined {
  const certs = extraCertificates(env);
  if (certs.length === 0) return undefined;
  const roots = tls().rootCertificates;
  // The same certificate may be wrapped differently: compare the base64 text alone.
  const body = (pem: string): string => pem.replace(/-----[A-Z ]+-----|\s/g, '');
  const seen = new Set(roots.map(body));
  const extra = certs.filter((c) => {
    const b = body(c);
    if (seen.has(b)) return false;
    seen.add(b);
    return true;
  });
  return [...roots, ...extra];
}

interface RawResponse {
  statusCode: number;
  statusMessage: string;
  headers: Record<string, string | string[] | undefined>;
  /** Header names and values as received, in order. */
  rawHeaders: string[];
  body: Buffer;
}

/** The TLS server name for u: its host name (SNI carries no IP addresses). */
function serverName(u: URL): { servername?: string } {
  const h = u.hostname.replace(/^\[|\]$/g, '');
  return isIP(h) ? {} : { servername: h };
}

/** net/http's isDomainOrSubdomain: sub equals parent or ends in "." + parent (IP addresses only equal). */
export function isDomainOrSubdomain(sub: string, parent: string): boolean {
  const s = sub.replace(/^\[|\]$/g, '').toLowerCase();
  const p = parent.replace(/^\[|\]$/g, '').toLowerCase();
  if (s === p) return true;
  if (s.includes(':') || s.includes('%')) return false;
  return s.endsWith('.' + p);
}

/** Waiting for the process's next network request (requestSent). */
let requestWaiters: (() => void)[] = [];

/**
 * Resolves once any client of this process has sent a request on the network: from then on the command
 * waits for an answer, and work that does not depend on it can use that time.
 */
export function requestSent(): Promise<void> {
  return new Promise((r) => { requestWaiters.push(r); });
}

function doRequest(make: (cb: (res: Http.IncomingMessage) => void) => Http.ClientRequest, o: GetOptions): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = make((res) => {
      let stream: NodeJS.ReadableStream = res;
      if (String(res.headers['content-encoding'] ?? '').toLowerCase() === 'gzip') {
        // go's transport asks for gzip and decodes it transparently.
        stream = res.pipe(createGunzip());
      }
      const chunks: Buffer[] = [];
      let n = 0;
      let done = false;
      const finish = (): void => {
        if (done) return;
        done = true;
        resolve({ statusCode: res.statusCode ?? 0, statusMessage: res.statusMessage ?? '', headers: res.headers, rawHeaders: res.rawHeaders, body: Buffer.concat(chunks) });
      };
      stream.on('data', (d: Buffer) => {
        if (done) return;
        chunks.push(d);
        n += d.length;
        if (o.limit !== undefined && n > o.limit) {
          finish();
          res.destroy();
        }
      });
      stream.on('end', finish);
      stream.on('error', (e: Error) => {
        if (!done) {
          done = true;
          reject(e);
        }
      });
    });
    req.on('error', reject);
    req.end();
    const waiting = requestWaiters;
    requestWaiters = [];
    for (const w of waiting) w();
  });
}


async function getFile(u: URL, o: GetOptions): Promise<Response> {
  let path: string;
  try {
    path = fileURLToPath(u);
  } catch {
    throw new Error(`invalid file URL: ${u.href}`);
  }
  const base = { url: redacted(u), headers: {}, detail: '' };
  try {
    let body = await readFile(path);
    if (o.limit !== undefined && body.length > o.limit + 1) body = body.subarray(0, o.limit + 1);
    return { ...base, status: 'OK', statusCode: 200, body, fileErrText: '' };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { ...base, status: 'Not Found', statusCode: 404, body: Buffer.alloc(0), fileErrText: code === 'ENOENT' ? 'no such file or directory' : 'not a directory' };
    if (code === 'EACCES' || code === 'EPERM') return { ...base, status: 'Forbidden', statusCode: 403, body: Buffer.alloc(0), fileErrText: 'permission denied' };
    if (code === 'EISDIR') throw new Error(`read ${path}: is a directory`);
    throw e;
  }
}
