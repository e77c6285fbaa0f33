// The test module proxy and checksum database that cmd/go's script tests expect, on 127.0.0.1.
//
// Serves $GOROOT/src/cmd/go/testdata/mod under /mod/ with the proxy protocol, the special
// prefixes cmd/go's proxy_test.go answers (invalid/, <status>/, sumdb-<status>/, sumdb-direct/,
// sumdb-wrong/, sumdb-redirect/, redirect/<n>/), and the checksum database
// (/mod/sumdb/<name>/…) signed with the test key read from proxy_test.go.
// Run directly (node build/conformance/proxy/server.js [host:port]) for interactive use.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { unescapePath, unescapeVersion, escapeVersion } from '../../src/lib/module.js';
import { FixtureStore, type ModVersion } from './fixtures.js';
import { atoi, writeError, writeNotFound, writeOK, writeRedirect, writeStatus } from './httputil.js';
import { readSumDBKeys } from './keys.js';
import { NotExistError, TestSumDB, serveSumDB } from './sumdb.js';
import { allHex, latestVersion, listVersions, resolveCommit } from './versions.js';

export interface ProxyOptions {
  /** GOROOT whose cmd/go test data and keys to use (default $GOROOT, else /usr/local/go). */
  goroot?: string;
  /** The module archives (default $GOROOT/src/cmd/go/testdata/mod). */
  modDir?: string;
  /** "host:port" to listen on (default 127.0.0.1 and a free port). */
  addr?: string;
  /** Log requests that fail and fixtures that cannot be read to stderr (default: $GOCMD_PROXY_VERBOSE set). */
  verbose?: boolean;
}

export interface Proxy {
  /** The GOPROXY setting: http://127.0.0.1:PORT/mod */
  url: string;
  /** The checksum database name (localhost.localdev/sumdb). */
  sumdbName: string;
  /** Its verifier key: the GOSUMDB setting. */
  sumdbKey: string;
  close(): Promise<void>;
}

/** The proxy's state: fixtures and the two checksum databases (correct and all-wrong). */
class ProxyState {
  readonly main: TestSumDB;
  readonly wrong: TestSumDB;

  constructor(
    readonly store: FixtureStore,
    readonly sumdbName: string,
    signerKey: string,
    readonly verbose: boolean,
  ) {
    const gosum = (path: string, version: string): Buffer => {
      const lines = store.goSum(path, version);
      if (!lines) throw new NotExistError();
      return lines;
    };
    this.main = new TestSumDB(signerKey, gosum);
    this.wrong = new TestSumDB(signerKey, (path, version) =>
      Buffer.from(`${path} ${version} h1:wrong\n${path} ${version}/go.mod h1:wrong\n`),
    );
    // The main database starts with every fixture, in directory order.
    for (const m of store.mods) {
      try {
        this.main.lookup(m.path, m.version);
      } catch {
        // unreadable fixture: looked up (and reported) on demand
      }
    }
  }

  log(msg: string): void {
    if (this.verbose) process.stderr.write(`go proxy: ${msg}\n`);
  }

  /** The "Short" commit of a tagged version, from its .info file. */
  short(m: ModVersion): string {
    const info = this.store.archive(m.path, m.version)?.files.find((f) => f.name === '.info');
    if (!info) return '';
    try {
      const v = JSON.parse(info.data.toString('utf8')) as { Short?: unknown };
      return typeof v.Short === 'string' ? v.Short : '';
    } catch {
      return '';
    }
  }
}

/** Decodes a request target's path as go's url.Parse does (percent escapes); undefined if malformed. */
function requestPath(url: string | undefined): string | undefined {
  const raw = (url ?? '/').split('?')[0]!.split('#')[0]!;
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

async function handle(st: ProxyState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const full = requestPath(req.url);
  if (full === undefined) {
    writeError(res, '400 Bad Request', 400);
    return;
  }
  if (!full.startsWith('/mod/')) {
    writeNotFound(res);
    return;
  }
  let path = full.slice('/mod/'.length);

  // /mod/invalid/… answers garbage.
  if (path.startsWith('invalid/')) {
    writeOK(res, 'invalid');
    return;
  }

  // A leading <status>/ answers that status; sumdb-<status>/ does so for checksum database requests only.
  const j = path.indexOf('/');
  if (j >= 0) {
    const n = atoi(path.slice(0, j));
    if (n !== undefined && n >= 200) {
      writeStatus(res, n);
      return;
    }
    if (path.startsWith('sumdb-')) {
      const code = atoi(path.slice('sumdb-'.length, j));
      if (code !== undefined && code >= 200) {
        if (path.slice(j).startsWith('/sumdb/')) {
          writeStatus(res, code);
          return;
        }
        path = path.slice(j + 1);
      }
    }
  }

  // The client believes it talks straight to a checksum database.
  if (path.startsWith('sumdb-direct/')) return serveSumDB(st.main, path.slice('sumdb-direct'.length), res);
  if (path.startsWith('sumdb-wrong/')) return serveSumDB(st.wrong, path.slice('sumdb-wrong'.length), res);

  // sumdb-redirect/<module@version>:<request> looks up module@version instead of the requested one.
  if (path.startsWith('sumdb-redirect/')) {
    const rest0 = path.slice('sumdb-redirect'.length);
    const colon = rest0.indexOf(':');
    if (colon < 0) {
      writeStatus(res, 500);
      return;
    }
    const redirect = rest0.slice(0, colon);
    const rest = rest0.slice(colon + 1);
    return serveSumDB(st.main, rest.startsWith('/lookup/') ? '/lookup' + redirect : rest, res);
  }

  // redirect/<count>/… redirects count times before serving the rest.
  if (path.startsWith('redirect/')) {
    const rest = path.slice('redirect/'.length);
    const k = rest.indexOf('/');
    if (k >= 0) {
      const count = atoi(rest.slice(0, k));
      if (count === undefined) {
        writeStatus(res, 200);
        return;
      }
      const target = count <= 1 ? `/mod/${rest.slice(k + 1)}` : `/mod/redirect/${count - 1}/${rest.slice(k + 1)}`;
      writeRedirect(res, target, 302);
      return;
    }
  }

  // Checksum database through the proxy.
  if (path === `sumdb/${st.sumdbName}/supported`) {
    writeStatus(res, 200);
    return;
  }
  const sumdbPrefix = `sumdb/${st.sumdbName}/`;
  if (path.startsWith(sumdbPrefix)) return serveSumDB(st.main, path.slice(sumdbPrefix.length - 1), res);

  // <module>/@latest is served as the .info of the version latestVersion picks.
  const li = path.lastIndexOf('/@latest');
  if (li >= 0) {
    const enc = path.slice(0, li);
    let modPath: string;
    try {
      modPath = unescapePath(enc);
    } catch (e) {
      st.log((e as Error).message);
      writeNotFound(res);
      return;
    }
    const latest = latestVersion(st.store.mods, modPath);
    if (latest === undefined) {
      writeNotFound(res);
      return;
    }
    let encVers: string;
    try {
      encVers = escapeVersion(latest);
    } catch (e) {
      writeError(res, (e as Error).message, 500);
      return;
    }
    path = `${enc}/@v/${encVers}.info`;
  }

  // <module>/@v/list and <module>/@v/<version>.{info,mod,zip}
  const vi = path.indexOf('/@v/');
  if (vi < 0) {
    writeNotFound(res);
    return;
  }
  const enc = path.slice(0, vi);
  const file = path.slice(vi + '/@v/'.length);
  let modPath: string;
  try {
    modPath = unescapePath(enc);
  } catch (e) {
    st.log((e as Error).message);
    writeNotFound(res);
    return;
  }
  if (file === 'list') {
    const list = listVersions(st.store.mods, modPath);
    if (list === undefined) writeNotFound(res);
    else writeOK(res, list.map((v) => v + '\n').join(''));
    return;
  }
  const dot = file.lastIndexOf('.');
  if (dot < 0) {
    writeNotFound(res);
    return;
  }
  const ext = file.slice(dot + 1);
  let vers: string;
  try {
    vers = unescapeVersion(file.slice(0, dot));
  } catch (e) {
    st.log((e as Error).message);
    writeNotFound(res);
    return;
  }
  if (allHex(vers)) vers = resolveCommit(st.store.mods, modPath, vers, (m) => st.short(m));

  const a = st.store.archive(modPath, vers);
  if (!a) {
    st.log(`no archive ${modPath} ${vers}`);
    writeNotFound(res);
    return;
  }
  if (ext === 'info' || ext === 'mod') {
    const f = a.files.find((x) => x.name === '.' + ext);
    if (f) {
      writeOK(res, f.data);
      return;
    }
  } else if (ext === 'zip') {
    writeOK(res, st.store.zip(modPath, vers)!, 'application/zip');
    return;
  }
  writeNotFound(res);
}

/** Starts the proxy; resolves once it is listening. */
export async function startProxy(opts: ProxyOptions = {}): Promise<Proxy> {
  const goroot = opts.goroot ?? process.env.GOROOT ?? '/usr/local/go';
  const modDir = opts.modDir ?? join(goroot, 'src/cmd/go/testdata/mod');
  const keys = readSumDBKeys(goroot);
  const store = new FixtureStore(modDir);
  const verbose = opts.verbose ?? Boolean(process.env.GOCMD_PROXY_VERBOSE);
  if (verbose) for (const e of store.errors) process.stderr.write(`go proxy_test: ${e}\n`);
  const st = new ProxyState(store, keys.name, keys.signerKey, verbose);

  const server = createServer((req, res) => {
    handle(st, req, res).catch((e: unknown) => {
      st.log(String(e));
      if (!res.headersSent) writeError(res, (e as Error).message, 500);
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 1000;
  let host = '127.0.0.1';
  let port = 0;
  if (opts.addr) {
    const c = opts.addr.lastIndexOf(':');
    host = opts.addr.slice(0, c) || '127.0.0.1';
    port = Number(opts.addr.slice(c + 1));
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const a = server.address() as AddressInfo;
  const hostPart = a.family === 'IPv6' ? `[${a.address}]` : a.address;
  return {
    url: `http://${hostPart}:${a.port}/mod`,
    sumdbName: keys.name,
    sumdbKey: keys.verifierKey,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

// Interactive use: print the GOPROXY/GOSUMDB settings and serve until killed.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const p = await startProxy({ addr: process.argv[2], verbose: true });
  process.stderr.write(`go test proxy running at GOPROXY=${p.url}\nGOSUMDB=${p.sumdbKey}\n`);
}
