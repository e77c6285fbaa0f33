// Integration: shared build caches on loopback servers started here. GOCMD_REMOTE_CACHE against nginx (WebDAV PUT),
// directly and through a proxy injecting faults; GOCACHEPROG with go-cacher in front of go-cacher-server (both
// built by gocmd from the module proxy). One runner fills the remote; three with empty local caches then build
// the same bytes with no compile; faults never fail a build nor leave a wrong entry in the local cache.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTLSServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { GO } from './buildharness.js';
import { bundleCLI, removeTestDir, runGocmd, runGoOrGocmd, runProgram } from './cliharness.js';

let tmp = '';
let GOCMD = '';
const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p)) ?? '';
const MARK = 'example.com/remotetest';
const children: ChildProcess[] = [];
const REMOTE_HELPER = resolve(import.meta.dirname, '..', '..', '..', 'dist', 'gocmd-remote');

interface Result { code: number; stdout: string; stderr: string }

/** A module of 12 packages in 3 levels and a command; only runtime's chain from std. */
function writeModule(dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'go.mod'), `module ${MARK}\n\ngo 1.22\n`);
  for (let i = 0; i < 12; i++) {
    mkdirSync(join(dir, `p${i}`), { recursive: true });
    const deps = i >= 4 ? [i - 4, (i - 3) % 4 + Math.floor(i / 4 - 1) * 4] : [];
    const imports = [...new Set(deps)].map((d) => `import "${MARK}/p${d}"\n`).join('');
    const uses = [...new Set(deps)].map((d) => ` + p${d}.F()`).join('');
    writeFileSync(join(dir, `p${i}`, 'p.go'), `package p${i}\n\n${imports}\nfunc F() int { return ${i}${uses} }\n`);
  }
  mkdirSync(join(dir, 'cmd', 'app'), { recursive: true });
  writeFileSync(join(dir, 'cmd', 'app', 'main.go'), `package main\n\nimport "${MARK}/p11"\n\nfunc main() { println(p11.F()) }\n`);
}

function baseEnv(cache: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, GOCACHE: cache, GOFLAGS: '-buildvcs=false', CGO_ENABLED: '0', GOWORK: 'off', GO111MODULE: 'on', GOTOOLCHAIN: 'local', GOCMD_NOOPSTAMP: '0', ...extra };
  for (const k of ['GOOS', 'GOARCH', 'GOCACHEPROG', 'GOCMD_REMOTE_CACHE']) if (!(k in extra)) delete e[k];
  return e;
}

function run(bin: 'go' | 'gocmd', args: string[], env: NodeJS.ProcessEnv, cwd = join(tmp, 'm')): Promise<Result> {
  return runGoOrGocmd(bin, GOCMD, cwd, args, env);
}

let seq = 0;
/** A fresh, empty local GOCACHE. */
function emptyCache(): string {
  const d = join(tmp, `cache-${++seq}`);
  mkdirSync(d, { recursive: true });
  return d;
}

const compiles = (stderr: string): number => stderr.split('\n').filter((l) => /\/compile(\s|$)/.test(l) && !l.includes('-V=full')).length;

/** Every action entry of a local cache names an output whose bytes have that sha256 and size. */
function assertLocalCacheSound(dir: string, who: string): void {
  for (const sub of readdirSync(dir)) {
    if (!/^[0-9a-f]{2}$/.test(sub)) continue;
    for (const name of readdirSync(join(dir, sub))) {
      if (!name.endsWith('-a')) continue;
      const f = readFileSync(join(dir, sub, name), 'latin1').trim().split(/\s+/);
      const [, , out, size] = f;
      const file = join(dir, out!.slice(0, 2), `${out}-d`);
      if (!existsSync(file) || statSync(file).isDirectory()) continue;
      const data = readFileSync(file);
      assert.equal(data.length, Number(size), `${who}: size of ${out}`);
      assert.equal(createHash('sha256').update(data).digest('hex'), out, `${who}: sha256 of ${out}`);
    }
  }
}

function freePort(): Promise<number> {
  return new Promise((res) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => res(p));
    });
  });
}

async function waitForPort(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(500) }).then((r) => r.arrayBuffer());
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`nothing listens on ${port}`);
}

/** nginx serving root with WebDAV PUT, on a loopback port. */
async function startNginx(root: string): Promise<string> {
  const port = await freePort();
  const prefix = join(tmp, 'nginx');
  mkdirSync(join(prefix, 'tmp'), { recursive: true });
  mkdirSync(root, { recursive: true });
  const conf = join(prefix, 'nginx.conf');
  // Started as root (a fresh CI machine), nginx's workers would run as nobody and could not write root.
  const user = process.getuid?.() === 0 ? 'user root;\n' : '';
  writeFileSync(conf, `daemon off;
${user}worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${prefix}/tmp;
  proxy_temp_path ${prefix}/tmp;
  fastcgi_temp_path ${prefix}/tmp;
  uwsgi_temp_path ${prefix}/tmp;
  scgi_temp_path ${prefix}/tmp;
  server {
    listen 127.0.0.1:${port};
    root ${root};
    client_max_body_size 0;
    location / {
      dav_methods PUT;
      create_full_put_path on;
      dav_access user:rw group:r all:r;
    }
  }
}
`);
  const p = spawn(NGINX, ['-c', conf, '-p', prefix], { stdio: 'ignore' });
  children.push(p);
  await waitForPort(port);
  return `http://127.0.0.1:${port}`;
}

type Fault = 'none' | '500' | 'hang' | 'cut' | 'corrupt' | 'truncate' | '401';

/**
 * A loopback proxy in front of the remote that injects a fault, only into the module's own packages (their
 * CAS bodies name the module), so the standard library still comes from the remote and the test stays quick.
 */
async function startFaultProxy(upstream: string): Promise<{ url: string; set: (f: Fault) => void; server: Server }> {
  let fault: Fault = 'none';
  const fetchUp = async (path: string): Promise<{ status: number; body: Buffer }> => {
    const r = await fetch(upstream + path);
    return { status: r.status, body: Buffer.from(await r.arrayBuffer()) };
  };
  const casOfAC = (ac: Buffer): string => {
    // The hash is the only 64-hex run in our ActionResult encoding.
    const m = /[0-9a-f]{64}/.exec(ac.toString('latin1'));
    return m ? m[0] : '';
  };
  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    if (req.method !== 'GET') {
      const up = request(upstream + url, { method: req.method, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      req.pipe(up);
      return;
    }
    void (async () => {
      const got = await fetchUp(url);
      let marked = false;
      if (got.status === 200 && url.startsWith('/ac/')) {
        const cas = await fetchUp(`/cas/${casOfAC(got.body)}`);
        marked = cas.body.includes(MARK);
      } else if (got.status === 200 && url.startsWith('/cas/')) marked = got.body.includes(MARK);
      const acFault = url.startsWith('/ac/') && marked;
      const casFault = url.startsWith('/cas/') && marked;
      if (acFault && fault === '500') return void res.writeHead(500).end('injected');
      if (acFault && fault === '401') return void res.writeHead(401).end('injected');
      if (acFault && fault === 'hang') return; // never answers
      if (casFault && fault === 'cut') {
        res.writeHead(200, { 'content-length': String(got.body.length) });
        res.write(got.body.subarray(0, got.body.length >> 1));
        setTimeout(() => res.socket?.destroy(), 20);
        return;
      }
      if (casFault && fault === 'corrupt') {
        const b = Buffer.from(got.body);
        b[b.length >> 1] ^= 0xff;
        return void res.writeHead(200, { 'content-length': String(b.length) }).end(b);
      }
      if (casFault && fault === 'truncate') {
        const b = got.body.subarray(0, got.body.length - 7);
        return void res.writeHead(200, { 'content-length': String(b.length) }).end(b);
      }
      res.writeHead(got.status, { 'content-length': String(got.body.length) }).end(got.body);
    })().catch(() => res.socket?.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, set: (f) => (fault = f), server };
}

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'gocmd-remotecache-'));
  GOCMD = join(tmp, 'gocmd.mjs');
  await bundleCLI(GOCMD);
  // The HTTP client helper as `npm run build` leaves it (the test bundle builds no Go helpers): with it the
  // tests below exercise gocmd-remote; without it, or with GOCMD_REMOTE_HELPER=0, the worker-thread client.
  // gocmd looks beside its entry script, which here is the link GOCMD (node keeps it as argv[1]).
  if (existsSync(REMOTE_HELPER)) symlinkSync(REMOTE_HELPER, join(tmp, 'gocmd-remote'));
  writeModule(join(tmp, 'm'));
});

after(() => {
  for (const c of children) c.kill('SIGTERM');
  if (tmp) removeTestDir(tmp);
});

let nginxURL = '';
let fillOut: Buffer | undefined;

test('GOCMD_REMOTE_CACHE on nginx: three runners with empty caches build the same bytes with no compile', { skip: NGINX === '' ? 'nginx is not installed (.ci/run installs it)' : false, timeout: 900_000 }, async () => {
  nginxURL = await startNginx(join(tmp, 'nginx-root'));
  const fillCache = emptyCache();
  const fill = await run('gocmd', ['build', '-o', join(tmp, 'fill'), './cmd/app'], baseEnv(fillCache, { GOCMD_REMOTE_CACHE: nginxURL }));
  assert.equal(fill.code, 0, fill.stderr);
  assert.doesNotMatch(fill.stderr, /warning/);
  assert.ok(readdirSync(join(tmp, 'nginx-root', 'ac')).length > 12, 'AC entries uploaded');
  for (const f of readdirSync(join(tmp, 'nginx-root', 'cas'))) {
    assert.equal(createHash('sha256').update(readFileSync(join(tmp, 'nginx-root', 'cas', f))).digest('hex'), f, `CAS ${f}`);
  }
  fillOut = readFileSync(join(tmp, 'fill'));
  for (let i = 1; i <= 3; i++) {
    const cache = emptyCache();
    const r = await run('gocmd', ['build', '-x', '-o', join(tmp, `r${i}`), './cmd/app'], baseEnv(cache, { GOCMD_REMOTE_CACHE: nginxURL }));
    assert.equal(r.code, 0, r.stderr);
    assert.equal(compiles(r.stderr), 0, `runner ${i} compiled:\n${r.stderr}`);
    assert.match(r.stderr, /# remote cache: \d+ lookups, \d+ hits/);
    assert.doesNotMatch(r.stderr, /warning/);
    assert.ok(readFileSync(join(tmp, `r${i}`)).equals(fillOut), `runner ${i}: same bytes`);
    assertLocalCacheSound(cache, `runner ${i}`);
  }
  // Read-only: hits still; a package built with other flags (a new action ID, compiled here) uploads nothing.
  const acCount = (): number => readdirSync(join(tmp, 'nginx-root', 'ac')).length;
  const acBefore = acCount();
  const ro = await run('gocmd', ['build', '-x', '-o', join(tmp, 'ro'), './cmd/app'], baseEnv(emptyCache(), { GOCMD_REMOTE_CACHE: nginxURL, GOCMD_REMOTE_CACHE_READONLY: '1', GOFLAGS: `-buildvcs=false -gcflags=${MARK}/p11=-N` }));
  assert.equal(ro.code, 0, ro.stderr);
  assert.doesNotMatch(ro.stderr, /warning/);
  assert.ok(compiles(ro.stderr) >= 1, 'p11 compiled with -N');
  assert.ok(compiles(ro.stderr) < 5, `read-only still hits:\n${ro.stderr}`);
  assert.equal(acCount(), acBefore, 'a read-only build uploaded');
  // go env shows the setting only when set.
  const env = await run('gocmd', ['env'], baseEnv(emptyCache(), { GOCMD_REMOTE_CACHE: nginxURL, GOCMD_REMOTE_CACHE_HEADER: 'x-api-key: s3cret' }));
  assert.match(env.stdout, new RegExp(`GOCMD_REMOTE_CACHE='${nginxURL}'`));
  assert.match(env.stdout, /GOCMD_REMOTE_CACHE_HEADER='x-api-key: \*\*\*'/);
  assert.doesNotMatch(env.stdout, /s3cret/);
  const plain = await run('gocmd', ['env'], baseEnv(emptyCache()));
  assert.doesNotMatch(plain.stdout, /GOCMD_/);
});

for (const fault of ['500', 'hang', 'cut', 'corrupt', 'truncate', '401'] as const) {
  test(`GOCMD_REMOTE_CACHE fault ${fault}: the build succeeds with the right bytes, one warning, a sound local cache`, { skip: NGINX === '' ? 'nginx is not installed' : false, timeout: 600_000 }, async () => {
    assert.ok(nginxURL && fillOut, 'the nginx test filled the remote');
    const proxy = await startFaultProxy(nginxURL);
    try {
      proxy.set(fault);
      const cache = emptyCache();
      const t0 = Date.now();
      const r = await run('gocmd', ['build', '-o', join(tmp, `f-${fault}`), './cmd/app'], baseEnv(cache, { GOCMD_REMOTE_CACHE: proxy.url, GOCMD_REMOTE_CACHE_TIMEOUT: '2s' }));
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stderr.match(/warning: remote cache/g)?.length, 1, r.stderr);
      assert.ok(readFileSync(join(tmp, `f-${fault}`)).equals(fillOut!), 'same bytes');
      assertLocalCacheSound(cache, fault);
      assert.ok(Date.now() - t0 < 120_000);
    } finally {
      proxy.server.closeAllConnections();
      proxy.server.close();
    }
  });
}

test('GOCMD_REMOTE_CACHE on a dead port: one warning, the build goes on', { timeout: 600_000 }, async () => {
  const port = await freePort();
  // A warm local cache (the shared test cache's standard library is not needed: the module is small).
  const cache = emptyCache();
  const r = await run('gocmd', ['build', '-o', join(tmp, 'dead'), './cmd/app'], baseEnv(cache, { GOCMD_REMOTE_CACHE: `http://127.0.0.1:${port}` }));
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr.match(/warning: remote cache/g)?.length, 1, r.stderr);
  // Which client answered: Go's net package words a refused connection differently from node's.
  const viaHelper = existsSync(REMOTE_HELPER) && process.env['GOCMD_REMOTE_HELPER'] !== '0';
  assert.match(r.stderr, viaHelper ? /connect: connection refused/ : /ECONNREFUSED/);
  // go env shows the setting and asks the remote nothing, even with a cold local cache (its compiler
  // probes are stored locally only); -w and -u refuse it as go refuses any variable that is not go's.
  const envCache = emptyCache();
  const deadEnv = baseEnv(envCache, { GOCMD_REMOTE_CACHE: `http://127.0.0.1:${port}`, CGO_ENABLED: '1' });
  const all = await run('gocmd', ['env'], deadEnv);
  assert.equal(all.code, 0, all.stderr);
  assert.match(all.stdout, new RegExp(`GOCMD_REMOTE_CACHE='http://127.0.0.1:${port}'`));
  assert.doesNotMatch(all.stderr, /warning/);
  const json = await run('gocmd', ['env', '-json', 'GOCMD_REMOTE_CACHE', 'GOCACHE'], deadEnv);
  assert.deepEqual(JSON.parse(json.stdout), { GOCACHE: envCache, GOCMD_REMOTE_CACHE: `http://127.0.0.1:${port}` });
  const changed = await run('gocmd', ['env', '-changed'], deadEnv);
  assert.match(changed.stdout, /GOCMD_REMOTE_CACHE=/);
  assert.doesNotMatch(changed.stderr, /warning/);
  const w = await run('gocmd', ['env', '-w', 'GOCMD_REMOTE_CACHE=http://cache'], { ...deadEnv, GOENV: join(tmp, 'goenv') });
  assert.equal(w.code, 1);
  assert.match(w.stderr, /unknown go command variable GOCMD_REMOTE_CACHE/);
});

const OPENSSL = ['/usr/bin/openssl', '/usr/local/bin/openssl'].find((p) => existsSync(p)) ?? '';

/** A self-signed CA certificate for 127.0.0.1 and its key, made here (the private CA of a company cache). */
function makeCert(dir: string): { cert: string; key: string } {
  mkdirSync(dir, { recursive: true });
  const cert = join(dir, 'ca.pem');
  const key = join(dir, 'key.pem');
  const r = spawnSync(OPENSSL, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return { cert, key };
}

/** The Bazel HTTP cache layout over TLS, in memory: GET and PUT of /ac/ and /cas/ paths. */
interface TLSStore { url: string; store: Map<string, Buffer>; server: Server; seen: string[]; requireAuth: string }
async function startTLSStore(tls: { cert: string; key: string }): Promise<TLSStore> {
  const store = new Map<string, Buffer>();
  const t = { store, seen: [] as string[], requireAuth: '' };
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = req.url ?? '/';
      t.seen.push(`${req.method} ${url.slice(0, 5)} ${req.headers.authorization ?? ''}`);
      if (t.requireAuth !== '' && req.headers.authorization !== t.requireAuth) return void res.writeHead(401).end();
      if (req.method === 'PUT') {
        store.set(url, Buffer.concat(chunks));
        return void res.writeHead(201).end();
      }
      const b = store.get(url);
      if (!b) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-length': String(b.length) }).end(b);
    });
  };
  const server = createTLSServer({ cert: readFileSync(tls.cert), key: readFileSync(tls.key) }, handle);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return Object.assign(t, { url: `https://127.0.0.1:${(server.address() as { port: number }).port}`, server: server as unknown as Server });
}

// HTTPS through both clients, with the trust set as a user sets it, through bin/gocmd (which moves
// NODE_EXTRA_CA_CERTS aside at start-up and gocmd puts it back): the helper is named explicitly, or turned off.
const clients = [...(existsSync(REMOTE_HELPER) ? [['helper', REMOTE_HELPER] as const] : []), ['worker', '0'] as const];

test('GOCMD_REMOTE_CACHE over https with a private CA: both clients, NODE_EXTRA_CA_CERTS or SSL_CERT_FILE; read-only; netrc; untrusted is one warning', { skip: OPENSSL === '' ? 'no openssl' : false, timeout: 900_000 }, async () => {
  const launcher = join(tmp, 'gocmd-shipped', 'bin', 'gocmd');
  const tls = makeCert(join(tmp, 'tls'));
  const srv = await startTLSStore(tls);
  // The environment of a case: only the trust variables it names, none inherited from the machine.
  const gocmd = (args: string[], cache: string, extra: Record<string, string>, cwd = join(tmp, 'm')): Promise<Result> => {
    const e = baseEnv(cache, extra);
    for (const k of ['NODE_EXTRA_CA_CERTS', 'GOCMD_NODE_EXTRA_CA_CERTS', 'SSL_CERT_FILE', 'SSL_CERT_DIR']) if (!(k in extra)) delete e[k];
    return runGocmd(launcher, args, cwd, e);
  };
  try {
    const fill = await gocmd(['build', '-o', join(tmp, 'https-fill'), './cmd/app'], emptyCache(), { GOCMD_REMOTE_CACHE: srv.url, NODE_EXTRA_CA_CERTS: tls.cert, GOCMD_REMOTE_HELPER: clients[0]![1] });
    assert.equal(fill.code, 0, fill.stderr);
    assert.doesNotMatch(fill.stderr, /warning/);
    assert.ok([...srv.store.keys()].filter((k) => k.startsWith('/ac/')).length > 12, 'AC entries uploaded over https');
    const want = readFileSync(join(tmp, 'https-fill'));
    let warm = '';
    for (const [client, helper] of clients) {
      for (const trust of ['NODE_EXTRA_CA_CERTS', 'SSL_CERT_FILE'] as const) {
        const cache = emptyCache();
        const out = join(tmp, `https-${client}-${trust}`);
        const r = await gocmd(['build', '-x', '-o', out, './cmd/app'], cache, { GOCMD_REMOTE_CACHE: srv.url, [trust]: tls.cert, GOCMD_REMOTE_HELPER: helper });
        assert.equal(r.code, 0, r.stderr);
        assert.doesNotMatch(r.stderr, /warning/, `${client} with ${trust}`);
        assert.equal(compiles(r.stderr), 0, `${client} with ${trust} compiled:\n${r.stderr}`);
        assert.match(r.stderr, /# remote cache: \d+ lookups, [1-9]\d* hits/);
        assert.ok(readFileSync(out).equals(want), `${client} with ${trust}: same bytes`);
        assertLocalCacheSound(cache, `${client} with ${trust}`);
        warm = cache;
      }
    }
    // A second module whose own package misses, with the runtime's chain already in a copy of a warm cache:
    // one compile per build below.
    const m2 = join(tmp, 'm2');
    mkdirSync(m2, { recursive: true });
    writeFileSync(join(m2, 'go.mod'), 'module example.com/untrusted\n\ngo 1.22\n');
    let variant = 0;
    const warmCopy = (): string => {
      writeFileSync(join(m2, 'main.go'), `package main\n\nfunc main() { println("variant ${++variant}") }\n`);
      const cache = emptyCache();
      cpSync(warm, cache, { recursive: true });
      return cache;
    };
    const trusted = { GOCMD_REMOTE_CACHE: srv.url, NODE_EXTRA_CA_CERTS: tls.cert };
    // Read-only: the miss is compiled locally and nothing is uploaded.
    const before = srv.store.size;
    srv.seen.length = 0;
    const ro = await gocmd(['build', '-x', '-o', join(tmp, 'ro-https'), '.'], warmCopy(), { ...trusted, GOCMD_REMOTE_CACHE_READONLY: '1' }, m2);
    assert.equal(ro.code, 0, ro.stderr);
    assert.equal(compiles(ro.stderr), 1, ro.stderr);
    assert.doesNotMatch(ro.stderr, /warning/);
    assert.equal(srv.store.size, before, 'a read-only build uploaded');
    assert.ok(!srv.seen.some((l) => l.startsWith('PUT')), 'a read-only build sent a PUT');
    // Credentials from netrc (the file go reads), on every request: lookups and uploads.
    srv.requireAuth = 'Basic ' + Buffer.from('ci:t0ken').toString('base64');
    writeFileSync(join(tmp, 'netrc'), 'machine 127.0.0.1 login ci password t0ken\n');
    writeFileSync(join(tmp, 'netrc-bad'), 'machine 127.0.0.1 login ci password wrong\n');
    srv.seen.length = 0;
    const auth = await gocmd(['build', '-o', join(tmp, 'auth-https'), '.'], warmCopy(), { ...trusted, NETRC: join(tmp, 'netrc') }, m2);
    assert.equal(auth.code, 0, auth.stderr);
    assert.doesNotMatch(auth.stderr, /warning/);
    assert.ok(srv.seen.some((l) => l.startsWith('PUT')) && srv.seen.every((l) => l.endsWith(srv.requireAuth)), srv.seen.join('\n'));
    assert.ok(srv.store.size > before, 'uploaded with netrc credentials');
    const bad = await gocmd(['build', '-o', join(tmp, 'auth-bad'), '.'], warmCopy(), { ...trusted, NETRC: join(tmp, 'netrc-bad') }, m2);
    assert.equal(bad.code, 0, bad.stderr);
    assert.equal(bad.stderr.match(/warning: remote cache/g)?.length, 1, bad.stderr);
    assert.match(bad.stderr, /credentials refused \(HTTP 401\)/);
    srv.requireAuth = '';
    // Untrusted (no CA given): one warning naming the certificate problem, and the package is built locally.
    for (const [client, helper] of clients) {
      const cache = warmCopy();
      const r = await gocmd(['build', '-x', '-o', join(tmp, `untrusted-${client}`), '.'], cache, { GOCMD_REMOTE_CACHE: srv.url, GOCMD_REMOTE_HELPER: helper }, m2);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stderr.match(/warning: remote cache/g)?.length, 1, r.stderr);
      assert.match(r.stderr, /warning: remote cache .*certificate/, r.stderr);
      assert.equal(compiles(r.stderr), 1, `${client}: the main package compiled locally:\n${r.stderr}`);
      assertLocalCacheSound(cache, `untrusted ${client}`);
    }
  } finally {
    srv.server.closeAllConnections();
    srv.server.close();
  }
});

/** go-cacher and go-cacher-server, built by gocmd from the module proxy; undefined when that cannot be done here. */
async function buildGoCacher(): Promise<string | undefined> {
  const bin = join(tmp, 'gobin');
  const r = await run('gocmd', ['install', 'github.com/bradfitz/go-tool-cache/cmd/go-cacher@v0.0.0-20260722201841-0bb331e19f64', 'github.com/bradfitz/go-tool-cache/cmd/go-cacher-server@v0.0.0-20260722201841-0bb331e19f64'],
    { ...baseEnv(process.env.GOCMD_TEST_GOCACHE ?? emptyCache()), GOBIN: bin, GOMODCACHE: join(tmp, 'modcache'), GOFLAGS: '-buildvcs=false -modcacherw' }, tmp);
  if (r.code !== 0) return undefined;
  return bin;
}

test('GOCACHEPROG with go-cacher: three runners with empty caches build go\'s bytes with no compile', { skip: !existsSync(GO) ? 'no go toolchain' : false, timeout: 900_000 }, async (t) => {
  const bin = await buildGoCacher();
  if (!bin) return t.skip('go-cacher could not be built (no module proxy?)');
  const port = await freePort();
  const server = spawn(join(bin, 'go-cacher-server'), ['-listen', `127.0.0.1:${port}`, '-cache-dir', join(tmp, 'gcs')], { stdio: 'ignore' });
  children.push(server);
  await waitForPort(port);
  const prog = (local: string): string => `${join(bin, 'go-cacher')} --cache-dir ${local} --cache-server http://127.0.0.1:${port}`;
  const fill = await run('gocmd', ['build', '-o', join(tmp, 'pfill'), './cmd/app'], baseEnv(emptyCache(), { GOCACHEPROG: prog(join(tmp, 'gc-0')) }));
  assert.equal(fill.code, 0, fill.stderr);
  const want = readFileSync(join(tmp, 'pfill'));
  for (let i = 1; i <= 3; i++) {
    const r = await run('gocmd', ['build', '-x', '-o', join(tmp, `p${i}`), './cmd/app'], baseEnv(emptyCache(), { GOCACHEPROG: prog(join(tmp, `gc-${i}`)) }));
    assert.equal(r.code, 0, r.stderr);
    assert.equal(compiles(r.stderr), 0, `runner ${i} compiled:\n${r.stderr}`);
    assert.ok(readFileSync(join(tmp, `p${i}`)).equals(want), `runner ${i}: same bytes`);
  }
  // go through the same backend, also from empty caches: the same bytes, no compile.
  const g = await run('go', ['build', '-x', '-o', join(tmp, 'pgo'), './cmd/app'], baseEnv(emptyCache(), { GOCACHEPROG: prog(join(tmp, 'gc-go')) }));
  assert.equal(g.code, 0, g.stderr);
  assert.equal(compiles(g.stderr), 0, g.stderr);
  assert.ok(readFileSync(join(tmp, 'pgo')).equals(want), 'go: same bytes');
});
