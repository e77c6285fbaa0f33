// The vcs-test servers of cmd/go's script tests (go's cmd/go/internal/vcweb), on loopback: each
// request path names a script of testdata/vcstest; the script runs once (in the cmd/go script
// dialect, plus `at`, `handle`, `unquote`, `modzip`) to build a repository, and the handler it
// picks then serves it — git through `git http-backend`, `dir` as static files, `auth` behind
// basic auth, `insecure` as a redirect to plain HTTP. Other tools answer 501 when absent.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer as createHTTPServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHTTPSServer } from 'node:https';
import { basename, dirname, extname, join, normalize, posix } from 'node:path';
import { parse as parseTxtar } from '../../src/lib/txtar.js';
import { goUnquote } from '../../src/lib/goquote.js';
import { createModuleZip, type ZipSourceFile } from '../../src/modfetch/zipcreate.js';
import type { Cmd, Cond } from '../engine/cmd.js';
import { defaultCmds } from '../engine/cmds.js';
import { Engine } from '../engine/engine.js';
import { UsageError } from '../engine/errors.js';
import { State } from '../engine/state.js';
import { findInPath } from '../engine/conds.js';
import { serveGitHTTP } from './githttp.js';

type Handler = (req: IncomingMessage, res: ServerResponse, path: string, query: string) => void;

/** The hosts the servers stand in for. */
export const VCSTEST_HOSTS = ['vcs-test.golang.org'];

const GIT_CONFIG = '[user]\n\tname = Go Gopher\n\temail = gopher@golang.org\n[init]\n\tdefaultBranch = main\n[core]\n\teol = lf\n[gui]\n\tencoding = utf-8\n';
const HGRC = '[ui]\nusername=Go Gopher <gopher@golang.org>\n[phases]\nnew-commit=public\n[extensions]\nconvert=\n';

class HTTPStatusError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** http.Error: a text/plain body of msg and a newline. */
function httpError(res: ServerResponse, msg: string, status: number): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
  res.end(msg + '\n');
}

const notFound = (res: ServerResponse): void => httpError(res, '404 page not found', 404);

function contentType(file: string, data: Buffer): string {
  const byExt: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.htm': 'text/html; charset=utf-8', '.json': 'application/json', '.zip': 'application/zip', '.txt': 'text/plain; charset=utf-8' };
  const t = byExt[extname(file).toLowerCase()];
  if (t) return t;
  const head = data.subarray(0, 512).toString('latin1').trimStart().toLowerCase();
  if (head.startsWith('<!doctype html') || head.startsWith('<html')) return 'text/html; charset=utf-8';
  return data.subarray(0, 512).includes(0) ? 'application/octet-stream' : 'text/plain; charset=utf-8';
}

/** http.FileServer over dir for the (already prefix-stripped) path. */
function serveFile(res: ServerResponse, dir: string, path: string, query: string): void {
  if (!path.startsWith('/')) path = '/' + path;
  const clean = posix.normalize(path);
  const file = join(dir, clean);
  let st;
  try {
    st = statSync(file);
  } catch {
    notFound(res);
    return;
  }
  if (st.isDirectory()) {
    if (!path.endsWith('/')) {
      res.writeHead(301, { Location: posix.basename(path) + '/' + (query ? '?' + query : '') });
      res.end();
      return;
    }
    const index = join(file, 'index.html');
    if (existsSync(index)) {
      const data = readFileSync(index);
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(data);
      return;
    }
    const names = readdirSync(file).sort();
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end('<!doctype html>\n<meta name="viewport" content="width=device-width">\n<pre>\n' + names.map((n) => `<a href="${n}">${n}</a>\n`).join('') + '</pre>\n');
    return;
  }
  const data = readFileSync(file);
  res.writeHead(200, { 'Content-Type': contentType(file, data) });
  res.end(data);
}

/** The `auth` handler: files under dir, each directory guarded by the nearest .access file. */
function authHandler(dir: string): Handler {
  return (req, res, path, query) => {
    if (path !== '' && posix.basename(path).startsWith('.')) {
      httpError(res, 'filename contains leading dot', 400);
      return;
    }
    const p = posix.normalize('/' + path);
    let st;
    try {
      st = statSync(join(dir, p));
    } catch {
      notFound(res);
      return;
    }
    let accessDir = st.isDirectory() ? p : posix.dirname(p);
    let access: string | undefined;
    for (;;) {
      const f = join(dir, accessDir, '.access');
      if (existsSync(f)) {
        access = readFileSync(f, 'utf8');
        break;
      }
      if (accessDir === '/' || accessDir === '.') {
        httpError(res, 'failed to locate access file', 500);
        return;
      }
      accessDir = posix.dirname(accessDir);
    }
    let token: { Username?: string; Password?: string; StatusCode?: number; Message?: string };
    try {
      token = JSON.parse(access) as typeof token;
    } catch {
      httpError(res, 'malformed access file', 500);
      return;
    }
    const auth = /^Basic\s+(.*)$/i.exec(req.headers.authorization ?? '');
    const creds = auth ? Buffer.from(auth[1]!, 'base64').toString('utf8') : undefined;
    const colon = creds?.indexOf(':') ?? -1;
    if (!creds || colon < 0 || creds.slice(0, colon) !== (token.Username ?? '') || creds.slice(colon + 1) !== (token.Password ?? '')) {
      const code = token.StatusCode || 401;
      if (code === 401) res.setHeader('WWW-Authenticate', `basic realm=${accessDir}`);
      httpError(res, token.Message ?? '', code);
      return;
    }
    serveFile(res, dir, path, query);
  };
}

interface ScriptCtx {
  handlerName: string;
  handler?: Handler;
}

export interface VCSTestServer {
  /** host:port of the plain HTTP server. */
  host: string;
  /** host:port of the HTTPS server. */
  tlsHost: string;
  /** PEM file of the HTTPS server's certificate. */
  certFile: string;
  close(): Promise<void>;
}

/** Starts the HTTP and HTTPS servers over the scripts in scriptDir, building repositories under workDir. */
export async function startVCSTest(scriptDir: string, workDir: string, opts: { graceMs?: number; log?: (s: string) => void } = {}): Promise<VCSTestServer> {
  const homeDir = join(workDir, 'home');
  mkdirSync(join(homeDir, '.config/git'), { recursive: true });
  writeFileSync(join(homeDir, '.gitconfig'), GIT_CONFIG);
  writeFileSync(join(homeDir, '.config/git/ignore'), '');
  writeFileSync(join(homeDir, '.hgrc'), HGRC);
  const baseEnv: [string, string][] = [
    ['USER', 'gopher'],
    ['HOME', homeDir],
    ['GIT_CONFIG_NOSYSTEM', '1'],
    ['HGRCPATH', join(homeDir, '.hgrc')],
    ['HGENCODING', 'utf-8'],
  ];
  for (const k of ['PATH', 'TMPDIR', 'LD_LIBRARY_PATH', 'LIBRARY_PATH', 'PYTHONPATH']) {
    const v = process.env[k];
    if (v !== undefined) baseEnv.push([k, v]);
  }
  const hostPath = process.env.PATH ?? '';
  const ctxs = new WeakMap<State, ScriptCtx>();
  const cmds = defaultCmds({ graceMs: opts.graceMs ?? 5000 });
  const exec = cmds.get('exec')!;
  const program = (name: string): Cmd => ({
    usage: { summary: `run the ${name} program`, args: 'args...', async: true },
    run: (s, args) => exec.run(s, [name, ...args]),
  });
  for (const p of ['git', 'hg', 'svn', 'svnadmin', 'bzr', 'fossil']) cmds.set(p, program(p));
  cmds.set('at', {
    usage: { summary: 'set the current commit time for all version control systems', args: 'time' },
    async run(s, args) {
      if (args.length !== 1) throw new UsageError();
      if (Number.isNaN(Date.parse(args[0]!))) throw new Error(`parsing time ${JSON.stringify(args[0])} as "2006-01-02T15:04:05Z07:00": cannot parse`);
      s.setenv('GIT_COMMITTER_DATE', args[0]!);
      s.setenv('GIT_AUTHOR_DATE', args[0]!);
      return null;
    },
  });
  cmds.set('unquote', {
    usage: { summary: 'unquote the argument as a Go string', args: 'string' },
    async run(_s, args) {
      if (args.length !== 1) throw new UsageError();
      const u = goUnquote('"' + args[0]! + '"');
      if (u === undefined) throw new Error('invalid syntax');
      return async () => ({ stdout: u, stderr: '', err: null });
    },
  });
  cmds.set('modzip', {
    usage: { summary: 'create a Go module zip file from a directory', args: 'zipfile path@version dir' },
    async run(s, args) {
      if (args.length !== 3) throw new UsageError();
      const zipPath = s.path(args[0]!);
      const at = args[1]!.indexOf('@');
      if (at < 0) throw new UsageError();
      const dir = s.path(args[2]!);
      const files: ZipSourceFile[] = [];
      const walk = (d: string, rel: string): void => {
        for (const e of readdirSync(d, { withFileTypes: true })) {
          const r = rel === '' ? e.name : `${rel}/${e.name}`;
          const full = join(d, e.name);
          if (e.isDirectory()) {
            if (['.bzr', '.git', '.hg', '.svn'].includes(e.name)) continue;
            if (existsSync(join(full, 'go.mod')) && r !== '') continue;
            walk(full, r);
          } else {
            const st = statSync(full);
            files.push({ path: r, mode: e.isSymbolicLink() ? 0o120777 : st.mode, size: st.size, data: () => readFileSync(full) });
          }
        }
      };
      walk(dir, '');
      mkdirSync(dirname(zipPath), { recursive: true });
      writeFileSync(zipPath, createModuleZip({ path: args[1]!.slice(0, at), version: args[1]!.slice(at + 1) }, files));
      return null;
    },
  });
  cmds.set('handle', {
    usage: { summary: "set the HTTP handler that will serve the script's output", args: 'handler [dir]' },
    async run(s, args) {
      if (args.length === 0 || args.length > 2) throw new UsageError();
      const sc = ctxs.get(s)!;
      if (sc.handler) throw new Error(`server handler already set to ${sc.handlerName}`);
      const name = args[0]!;
      sc.handlerName = name;
      const dir = args.length >= 2 ? s.path(args[1]!) : s.pwd;
      const env = Object.fromEntries(s.environ().map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
      switch (name) {
        case 'git':
          if (!findInPath('git', hostPath)) throw new HTTPStatusError(501, 'server for `git` VCS is not installed');
          sc.handler = (req, res, path, query) => serveGitHTTP(req, res, dir, path, query, env);
          break;
        case 'dir':
          sc.handler = (_req, res, path, query) => serveFile(res, dir, path, query);
          break;
        case 'auth':
          sc.handler = authHandler(dir);
          break;
        case 'insecure':
          sc.handler = (req, res, path, query) => {
            const host = req.headers.host;
            if (!host) {
              httpError(res, 'no Host provided in request', 400);
              return;
            }
            res.writeHead(302, { Location: `http://${host}${path}${query ? '?' + query : ''}`, 'Content-Type': 'text/html; charset=utf-8' });
            res.end();
          };
          break;
        case 'hg':
        case 'svn':
        case 'bzr':
        case 'fossil':
          throw new HTTPStatusError(501, `server for \`${name}\` VCS is not installed`);
        default:
          throw new Error(`unrecognized VCS ${JSON.stringify(name)}`);
      }
      return null;
    },
  });
  const conds = new Map<string, Cond>([
    ['GOOS', { summary: 'runtime.GOOS == <suffix>', prefix: true, eval: (_s, suffix) => suffix === 'linux' }],
    ['GOARCH', { summary: 'runtime.GOARCH == <suffix>', prefix: true, eval: (_s, suffix) => suffix === process.arch.replace('x64', 'amd64') }],
    ['exec', { summary: '<suffix> names an executable in the test binary PATH', prefix: true, eval: (_s, suffix) => findInPath(suffix, hostPath) !== null }],
    ['bzr', { summary: "the 'bzr' executable exists and provides the standard CLI", prefix: false, eval: () => findInPath('bzr', hostPath) !== null }],
    ['git-sha256', { summary: "the local 'git' version is recent enough to support sha256 object/commit hashes", prefix: false, eval: () => gitAtLeast('2.29') }],
  ]);
  const engine = new Engine(cmds, conds, true);

  /** Per script (relative path): the handler its run produced, or its failure; rerun when the script changes. */
  const scripts = new Map<string, { hash: string; result: Promise<Handler> }>();
  const loadScript = (rel: string): Promise<Handler> => {
    let content: Buffer;
    try {
      content = readFileSync(join(scriptDir, rel));
    } catch {
      return Promise.reject(new HTTPStatusError(404, '404 page not found'));
    }
    const hash = createHash('sha256').update(content).digest('hex');
    const have = scripts.get(rel);
    if (have && have.hash === hash) return have.result;
    const result = (async (): Promise<Handler> => {
      const wd = join(workDir, rel.replace(/\.txt$/, ''));
      rmSync(wd, { recursive: true, force: true });
      mkdirSync(wd, { recursive: true });
      const ar = parseTxtar(content);
      const s = new State(wd, baseEnv);
      for (const f of ar.files) {
        const p = s.path(f.name);
        mkdirSync(dirname(p), { recursive: true });
        writeFileSync(p, f.data);
      }
      const sc: ScriptCtx = { handlerName: '' };
      ctxs.set(s, sc);
      const out = { text: '' };
      let err: Error | null;
      try {
        err = await engine.execute(s, basename(rel), ar.comment.toString('utf8'), out);
      } catch (e) {
        err = e as Error;
      } finally {
        s.abort.abort();
      }
      opts.log?.(`${rel}:\n${out.text}\n`);
      if (err) {
        for (let e: unknown = err; e instanceof Error; e = e.cause) if (e instanceof HTTPStatusError) throw e;
        throw err;
      }
      if (!sc.handler) throw new Error('script completed without setting handler');
      return sc.handler;
    })();
    result.catch(() => undefined);
    scripts.set(rel, { hash, result });
    return result;
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const u = new URL(req.url ?? '/', 'http://x');
    let urlPath = u.pathname;
    if (!urlPath.startsWith('/')) urlPath = '/' + urlPath;
    const clean = posix.normalize(urlPath).slice(1).replace(/\/$/, '');
    if (clean === '') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end('<html>\n<title>vcweb</title>\n<pre>\n<b>vcweb</b>\n\n</pre>\n');
      return;
    }
    let scriptPath = '.';
    for (const part of clean.split('/')) {
      scriptPath = normalize(join(scriptPath, part));
      if (!existsSync(join(scriptDir, scriptPath))) break;
    }
    scriptPath += '.txt';
    const prefix = '/' + scriptPath.replace(/\.txt$/, '');
    loadScript(scriptPath).then(
      (h) => {
        if (!u.pathname.startsWith(prefix)) {
          notFound(res);
          return;
        }
        h(req, res, u.pathname.slice(prefix.length), u.search.slice(1));
      },
      (e: Error) => {
        opts.log?.(`${scriptPath}: ${e.message}\n`);
        if (e instanceof HTTPStatusError) httpError(res, e.message, e.status);
        else httpError(res, e.message, 500);
      },
    );
  };

  const certDir = join(workDir, 'cert');
  mkdirSync(certDir, { recursive: true });
  const certFile = join(certDir, 'cert.pem');
  const keyFile = join(certDir, 'key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '7', '-subj', '/O=Acme Co/CN=vcs-test loopback', '-addext', 'subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost,DNS:example.com,DNS:vcs-test.golang.org'], { stdio: 'ignore' });
  const http = createHTTPServer(handle);
  const https = createHTTPSServer({ cert: readFileSync(certFile), key: readFileSync(keyFile) }, handle);
  const listen = (srv: Server): Promise<string> =>
    new Promise((resolve) => {
      srv.listen(0, '127.0.0.1', () => {
        const a = srv.address();
        resolve(`127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`);
      });
    });
  const host = await listen(http);
  const tlsHost = await listen(https as unknown as Server);
  return {
    host,
    tlsHost,
    certFile,
    close: async () => {
      http.closeAllConnections();
      https.closeAllConnections();
      await Promise.all([new Promise((r) => http.close(r)), new Promise((r) => https.close(r))]);
    },
  };
}

function gitAtLeast(min: string): boolean {
  try {
    const m = /git version\s+(\d+)\.(\d+)/.exec(execFileSync('git', ['version'], { encoding: 'utf8' }));
    if (!m) return false;
    const [a, b] = min.split('.').map(Number) as [number, number];
    return Number(m[1]) > a || (Number(m[1]) === a && Number(m[2]) >= b);
  } catch {
    return false;
  }
}
