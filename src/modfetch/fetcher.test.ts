// Fetcher behaviour that needs no real go: flock interop, interrupted extractions, concurrent downloads, HTTP proxies.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { mkdtempSync } from 'node:fs';
import { startProxy, type Proxy } from '../../conformance/proxy/server.js';
import { Fetcher } from './fetcher.js';
import { crossProcessLocking, lockFile } from './lock.js';
import type { FetchSettings } from './settings.js';
import { Web } from './web.js';
import { removeModCache } from './modcache.js';

let proxy: Proxy | undefined;
let root: string;
const goroot = process.env.GOROOT ?? '/usr/local/go';
const skip = existsSync(join(goroot, 'src/cmd/go/testdata/mod')) ? false : 'no cmd/go test data for the proxy';

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'gocmd-modfetch-'));
  if (!skip) proxy = await startProxy({ goroot });
});
after(async () => {
  await proxy?.close();
  removeModCache(root);
});

let n = 0;
function settings(extra: Partial<FetchSettings> = {}): FetchSettings {
  const dir = join(root, `f${n++}`);
  return {
    gomodcache: join(dir, 'modcache'),
    goproxy: proxy?.url ?? 'off',
    gonoproxy: '',
    gosumdb: proxy?.sumdbKey ?? 'off',
    gonosumdb: '',
    goinsecure: '',
    goauth: 'netrc',
    govcs: '',
    goprivate: '',
    goroot,
    sumdbDir: join(dir, 'gopath/pkg/sumdb'),
    gopathError: '',
    modcacherw: false,
    goVersion: '1.26.8',
    env: { HOME: dir },
    cmdName: 'mod download',
    trace: false,
    stderr: () => {},
    ...extra,
  };
}

const quote = { path: 'rsc.io/quote', version: 'v1.5.2' };

test('a lock held by another process with flock(2) (as go holds it) makes us wait', { skip: crossProcessLocking() ? false : 'no flock(1)' }, async () => {
  const file = join(root, 'x.lock');
  writeFileSync(file, '');
  const holder = spawn('flock', ['-x', file, '-c', 'echo held; sleep 0.6']);
  await new Promise<void>((r) => holder.stdout.once('data', () => r()));
  const t0 = Date.now();
  const unlock = await lockFile(file);
  const waited = Date.now() - t0;
  await unlock();
  assert.ok(waited >= 400, `waited only ${waited}ms`);
  // And ours excludes others: flock -n fails while we hold it.
  const u2 = await lockFile(file);
  const code = await new Promise<number | null>((r) => spawn('flock', ['-n', file, 'true']).on('close', r));
  await u2();
  assert.equal(code, 1);
});

test('an interrupted extraction (.partial marker) is redone; a missing .ziphash is recomputed', { skip }, async () => {
  const s = settings();
  const dir = await new Fetcher(s).download(quote);
  const want = readFileSync(join(dir, 'quote.go'), 'utf8');
  assert.equal(statSync(dir).mode & 0o777, 0o555);
  // Simulate a crash mid-extraction: marker present, a file missing.
  const partial = join(s.gomodcache, 'cache/download/rsc.io/quote/@v/v1.5.2.partial');
  writeFileSync(partial, '');
  chmodSync(dir, 0o755);
  unlinkSync(join(dir, 'quote.go'));
  const dir2 = await new Fetcher(s).download(quote);
  assert.equal(readFileSync(join(dir2, 'quote.go'), 'utf8'), want);
  assert.equal(existsSync(partial), false);
  // Lost .ziphash: the zip is hashed again (and checked) without a download.
  const ziphash = join(s.gomodcache, 'cache/download/rsc.io/quote/@v/v1.5.2.ziphash');
  const h = readFileSync(ziphash, 'utf8');
  unlinkSync(ziphash);
  const f = new Fetcher({ ...s, goproxy: 'off' });
  await f.downloadZip(quote);
  assert.equal(readFileSync(ziphash, 'utf8'), h);
});

test('a zip extracted from what its download decompressed gives the tree its file on disk gives', { skip }, async () => {
  const s = settings();
  const dir = await new Fetcher(s).download(quote); // downloads, verifies, extracts what hashing decompressed
  const tree = (d: string): [string, string][] => readdirSync(d, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e): [string, string] => [join(e.parentPath, e.name).slice(d.length), readFileSync(join(e.parentPath, e.name), 'latin1')])
    .sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const first = tree(dir);
  assert.ok(first.length > 3);
  // Extract the cached zip again, from its file this time (no network: the zip and .ziphash are there).
  chmodSync(dir, 0o755);
  for (const sub of readdirSync(dir, { recursive: true, withFileTypes: true })) if (sub.isDirectory()) chmodSync(join(sub.parentPath, sub.name), 0o755);
  rmSync(dir, { recursive: true });
  const again = await new Fetcher({ ...s, goproxy: 'off' }).download(quote);
  assert.deepEqual(tree(again), first);
});

test('concurrent downloads of one module by two fetchers agree on one complete tree', { skip }, async () => {
  const s = settings({ modcacherw: true });
  const [a, b] = await Promise.all([new Fetcher(s).download(quote), new Fetcher(s).download(quote)]);
  assert.equal(a, b);
  assert.deepEqual(readdirSync(a).sort(), ['buggy', 'go.mod', 'quote.go', 'quote_test.go']);
  assert.equal(statSync(a).mode & 0o777, 0o755);
  const left = readdirSync(join(s.gomodcache, 'cache/download/rsc.io/quote/@v')).filter((x) => x.endsWith('.tmp') || x.endsWith('.partial'));
  assert.deepEqual(left, []);
});

test('HTTP_PROXY carries plain HTTP requests; HTTPS goes through CONNECT; loopback bypasses both', async () => {
  const seen: string[] = [];
  const srv: Server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url} host=${req.headers.host}`);
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end('via proxy');
  });
  srv.on('connect', (req, socket) => {
    seen.push(`CONNECT ${req.url}`);
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as AddressInfo).port;
  try {
    const web = new Web({ env: { HTTP_PROXY: `127.0.0.1:${port}`, HTTPS_PROXY: `http://127.0.0.1:${port}` } });
    assert.equal((await web.getBytes(new URL('http://mod.invalid/rsc.io/quote/@v/list'))).toString(), 'via proxy');
    await assert.rejects(web.getBytes(new URL('https://mod.invalid/x')), /^Error: Get "https:\/\/mod\.invalid\/x": proxyconnect tcp: 403 Forbidden$|Get "https:\/\/mod\.invalid\/x": proxyconnect tcp: 403 Forbidden/);
    // Loopback targets never use the proxy (go's rule): this goes straight to the server.
    await web.getBytes(new URL(`http://127.0.0.1:${port}/direct`));
    assert.deepEqual(seen, ['GET http://mod.invalid/rsc.io/quote/@v/list host=mod.invalid', 'CONNECT mod.invalid:443', `GET /direct host=127.0.0.1:${port}`]);
  } finally {
    srv.close();
  }
});

test('file:// proxies and 404 detail text', async () => {
  const dir = join(root, 'fileproxy/example.com/m/@v');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'list'), 'v1.0.0\n');
  const web = new Web({ env: {} });
  assert.equal((await web.getBytes(new URL('file://' + join(dir, 'list')))).toString(), 'v1.0.0\n');
  await assert.rejects(web.getBytes(new URL('file://' + join(dir, 'v9.info'))), { message: `reading file://${join(dir, 'v9.info')}: no such file or directory` });
  rmSync(join(root, 'fileproxy'), { recursive: true });
});

test('downloadedSync and goModCachedSync answer from a warm cache only when go.sum vouches for it', { skip }, async () => {
  const s = settings();
  const f0 = new Fetcher(s);
  const dir = await f0.download(quote);
  await f0.goMod(quote.path, quote.version);
  const goMod = readFileSync(join(s.gomodcache, 'cache/download/rsc.io/quote/@v/v1.5.2.mod'));
  const h = readFileSync(join(s.gomodcache, 'cache/download/rsc.io/quote/@v/v1.5.2.ziphash'), 'utf8').trim();
  const { hashGoMod } = await import('../lib/dirhash.js');
  const sumFile = join(root, `go.sum.${n++}`);
  writeFileSync(sumFile, `rsc.io/quote v1.5.2 ${h}\nrsc.io/quote v1.5.2/go.mod ${hashGoMod(goMod)}\n`);
  const off = { ...s, goproxy: 'off' };
  const f = new Fetcher(off, { goSumFile: sumFile });
  assert.equal(f.downloadedSync(quote), dir);
  assert.deepEqual(f.goModCachedSync(quote.path, quote.version), goMod);
  // Not downloaded, no go.sum, or a go.sum naming other hashes: the asynchronous path must decide.
  assert.equal(f.downloadedSync({ path: 'rsc.io/quote', version: 'v1.5.1' }), undefined);
  assert.equal(f.goModCachedSync('rsc.io/quote', 'v1.5.1'), undefined);
  assert.equal(new Fetcher(off).downloadedSync(quote), undefined);
  const other = join(root, `go.sum.${n++}`);
  writeFileSync(other, `rsc.io/quote v1.5.2 h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\nrsc.io/quote v1.5.2/go.mod h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n`);
  const g = new Fetcher(off, { goSumFile: other });
  assert.equal(g.downloadedSync(quote), undefined);
  assert.equal(g.goModCachedSync(quote.path, quote.version), undefined);
});
