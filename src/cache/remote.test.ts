// RemoteCache against a small Bazel-layout HTTP store run in a child process (the cache blocks this thread while it waits).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Cache } from './cache.js';
import { helperConfigLine, helperRequestLine, parseHelperReply, RemoteCache, type RemoteOptions } from './remote.js';

/** A store in memory; the first line of stdin sets a fault: "corrupt" flips a CAS byte, "500" fails everything. */
const SERVER = `
const http = require('node:http');
const store = new Map();
let fault = '';
process.stdin.on('data', (d) => { fault = d.toString().trim(); });
const s = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    if (fault === '500') { res.writeHead(500); res.end(); return; }
    if (req.method === 'PUT') { store.set(req.url, Buffer.concat(chunks)); res.writeHead(201); res.end(); return; }
    const b = store.get(req.url);
    if (!b) { res.writeHead(404); res.end(); return; }
    const out = Buffer.from(b);
    if (fault === 'corrupt' && req.url.startsWith('/cas/') && out.length > 0) out[0] ^= 1;
    res.writeHead(200, { 'content-length': out.length }); res.end(out);
  });
});
s.listen(0, '127.0.0.1', () => console.log(s.address().port));
`;

const servers: ChildProcess[] = [];
after(() => { for (const s of servers) s.kill(); });

async function startServer(): Promise<{ url: string; fault: (f: string) => void }> {
  const p = spawn(process.execPath, ['-e', SERVER], { stdio: ['pipe', 'pipe', 'inherit'] });
  servers.push(p);
  const port = await new Promise<string>((res) => p.stdout!.once('data', (d: Buffer) => res(d.toString().trim())));
  return { url: `http://127.0.0.1:${port}`, fault: (f) => p.stdin!.write(f + '\n') };
}

// Both HTTP clients: the worker thread's, and gocmd-remote's when the bundle built it (build/src/cache → dist).
const HELPER = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'dist', 'gocmd-remote');
const vias = existsSync(HELPER) ? (['worker', 'helper'] as const) : (['worker'] as const);

test('gocmd-remote protocol: the configuration line carries the credentials; requests leave them out', () => {
  const cfg = helperConfigLine({ headers: { authorization: 'Basic eDp5' }, timeoutMs: 1500, maxInFlight: 4, readOnly: false }, '.tmp-');
  assert.ok(cfg.endsWith('\n') && !cfg.slice(0, -1).includes('\n'));
  assert.deepEqual(JSON.parse(cfg), { headers: { authorization: 'Basic eDp5' }, timeoutMs: 1500, maxConns: 4, tempMark: '.tmp-', readOnly: false });
  // A private CA's certificates travel there too, and read-only, which the helper enforces as well.
  const pem = '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----';
  const ro = JSON.parse(helperConfigLine({ headers: {}, timeoutMs: 1500, maxInFlight: 4, readOnly: true, extraCAs: [pem] }, '.tmp-'));
  assert.deepEqual([ro.readOnly, ro.extraCAs], [true, [pem]]);
  const req = helperRequestLine({ id: 3, method: 'PUT', url: 'http://h/ac/ab', headers: { authorization: 'Basic eDp5' }, timeoutMs: 1500, maxBytes: 0, bodyB64: 'AAE=' });
  assert.deepEqual(JSON.parse(req), { id: 3, method: 'PUT', url: 'http://h/ac/ab', maxBytes: 0, bodyB64: 'AAE=' });
  assert.ok(!req.includes('Basic'));
});

test('gocmd-remote protocol: reply lines', () => {
  assert.deepEqual(parseHelperReply('{"id":7,"status":200,"stage":"done","hash":"ab","size":3}'), { id: 7, status: 200, stage: 'done', hash: 'ab', size: 3 });
  assert.deepEqual(parseHelperReply('{"id":2,"stage":"cas","error":"no answer within 2000ms"}'), { id: 2, stage: 'cas', error: 'no answer within 2000ms' });
  assert.equal(parseHelperReply('{"status":200}'), undefined);
  assert.equal(parseHelperReply('not json'), undefined);
  assert.equal(parseHelperReply('[1]'), undefined);
});

test('RemoteCache: a helper that cannot run is a fault with one warning, and lookups miss', () => {
  const w: string[] = [];
  const disk = Cache.open(mkdtempSync(join(tmpdir(), 'gocmd-remote-')));
  const b = RemoteCache.over(disk, { url: 'http://127.0.0.1:9', headers: {}, readOnly: false, maxSize: 1 << 20, timeoutMs: 2000, maxInFlight: 8, warn: (m) => w.push(m), helper: '/nonexistent/gocmd-remote' });
  for (let i = 0; i < 3; i++) assert.equal(b.get(Buffer.alloc(32, i)), undefined);
  b.put(Buffer.alloc(32, 5), Buffer.from('kept locally'));
  b.close();
  assert.equal(b.getBytes(Buffer.alloc(32, 5))?.data.toString(), 'kept locally');
  assert.equal(w.length, 1, w.join('\n'));
  assert.match(w[0]!, /ENOENT|exited/);
});

for (const via of vias) {
  function cache(url: string, warnings: string[], extra: Partial<RemoteOptions> = {}): RemoteCache {
    const disk = Cache.open(mkdtempSync(join(tmpdir(), 'gocmd-remote-')));
    const helper = via === 'helper' ? { helper: HELPER } : {};
    return RemoteCache.over(disk, { url, headers: {}, readOnly: false, maxSize: 1 << 20, timeoutMs: 2000, maxInFlight: 8, warn: (m) => warnings.push(m), ...helper, ...extra });
  }

  test(`RemoteCache (${via}): a put reaches another runner through the remote, checked and written locally`, async () => {
    const srv = await startServer();
    const w: string[] = [];
    const a = cache(srv.url, w);
    const id = Buffer.alloc(32, 7);
    a.put(id, Buffer.from('archive bytes'));
    a.putBytes(Buffer.alloc(32, 8), '');
    a.close(); // waits for the uploads
    const b = cache(srv.url, w);
    await b.prefetch([id, Buffer.alloc(32, 9)]);
    const got = b.getBytes(id);
    assert.equal(got?.data.toString(), 'archive bytes');
    assert.equal(b.get(Buffer.alloc(32, 8))?.size, 0);
    assert.equal(b.get(Buffer.alloc(32, 9)), undefined);
    // Written locally: a cache on the same directory without the remote has it.
    assert.equal(readFileSync(b.getFile(id)!.file, 'utf8'), 'archive bytes');
    assert.deepEqual(w, []);
  });

  test(`RemoteCache (${via}): -x counts each batch of lookups with its own hits, though batches overlap`, async () => {
    const srv = await startServer();
    const w: string[] = [];
    const a = cache(srv.url, w);
    const ids = [1, 2, 3].map((n) => Buffer.alloc(32, n));
    for (const id of ids) a.put(id, Buffer.from('out ' + id[0]));
    a.close();
    const b = cache(srv.url, w);
    const lines: string[] = [];
    b.setTrace((l) => lines.push(l));
    // Two batches in flight at once: two hits and a miss, then one hit.
    await Promise.all([b.prefetch([ids[0], ids[1], Buffer.alloc(32, 4)]), b.prefetch([ids[2]])]);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(lines.sort(), ['# remote cache: 1 lookups, 1 hits\n', '# remote cache: 3 lookups, 2 hits\n']);
    assert.deepEqual(w, []);
  });

  test(`RemoteCache (${via}): read-only uploads nothing`, async () => {
    const srv = await startServer();
    const w: string[] = [];
    const a = cache(srv.url, w, { readOnly: true });
    a.put(Buffer.alloc(32, 1), Buffer.from('x'));
    a.close();
    assert.equal(cache(srv.url, w).get(Buffer.alloc(32, 1)), undefined);
    assert.deepEqual(w, []);
  });

  test(`RemoteCache (${via}): GOCMD_REMOTE_CACHE_MAX_SIZE: larger outputs are neither uploaded nor downloaded`, async () => {
    const srv = await startServer();
    const w: string[] = [];
    const small = Buffer.alloc(32, 1);
    const large = Buffer.alloc(32, 2);
    const a = cache(srv.url, w, { maxSize: 10 });
    a.put(small, Buffer.from('0123456789'));
    a.put(large, Buffer.from('0123456789a'));
    a.close();
    const b = cache(srv.url, w);
    assert.equal(b.getBytes(small)?.data.toString(), '0123456789');
    assert.equal(b.get(large), undefined, 'uploaded though over the limit');
    // Stored by an unlimited runner, skipped by a limited one.
    const big = Buffer.alloc(32, 3);
    b.put(big, Buffer.from('x'.repeat(100)));
    b.close();
    assert.equal(cache(srv.url, w, { maxSize: 99 }).get(big), undefined);
    assert.equal(cache(srv.url, w, { maxSize: 100 }).get(big)?.size, 100);
    assert.deepEqual(w, []);
  });

  test(`RemoteCache (${via}): test results and executables stay local`, async () => {
    const srv = await startServer();
    const w: string[] = [];
    const a = cache(srv.url, w);
    a.putNoVerify(Buffer.alloc(32, 1), Buffer.from('ok  \tpkg\t0.01s\n'));
    a.putExecutable(Buffer.alloc(32, 2), 'app', Buffer.from('\x7fELF...'));
    a.put(Buffer.alloc(32, 3), Buffer.from('archive'));
    a.close();
    const b = cache(srv.url, w);
    assert.equal(b.get(Buffer.alloc(32, 1)), undefined);
    assert.equal(b.get(Buffer.alloc(32, 2)), undefined);
    assert.equal(b.getBytes(Buffer.alloc(32, 3))?.data.toString(), 'archive');
    assert.deepEqual(w, []);
  });

  test(`RemoteCache (${via}): a corrupt CAS body is a miss with one warning, and nothing lands locally`, async () => {
    const srv = await startServer();
    const w: string[] = [];
    const a = cache(srv.url, w);
    const ids = [1, 2, 3].map((n) => Buffer.alloc(32, n));
    for (const id of ids) a.put(id, Buffer.from(`body ${id[0]}`));
    a.close();
    srv.fault('corrupt');
    await new Promise((r) => setTimeout(r, 100));
    const b = cache(srv.url, w);
    await b.prefetch(ids);
    for (const id of ids) assert.equal(b.get(id), undefined);
    assert.equal(w.length, 1, w.join('\n'));
    assert.match(w[0]!, /does not match its sha256/);
  });

  test(`RemoteCache (${via}): a dead remote is given up at once, with one warning`, () => {
    const w: string[] = [];
    const b = cache('http://127.0.0.1:9', w);
    const t0 = Date.now();
    for (let i = 0; i < 5; i++) assert.equal(b.get(Buffer.alloc(32, i)), undefined);
    assert.ok(Date.now() - t0 < 3000);
    assert.equal(w.length, 1);
  });
}
