// Fleet benchmark: a CI runner with empty local caches builds a ~100-package module that another runner already
// built into a shared cache, at 2 ms and 20 ms of injected latency. Compared in one run: go with GOCACHEPROG=go-cacher
// (in front of go-cacher-server), gocmd with the same go-cacher, and gocmd with GOCMD_REMOTE_CACHE on nginx (WebDAV
// PUT) behind a loopback proxy adding the same latency, its HTTP done by the gocmd-remote helper and (row "worker")
// by the worker-thread client. Prints median wall and CPU (user+sys of the command and its
// cache program) of N runs each, the ratios to go, and the machine's load average.
// Usage: node bench/fleet.mjs [--runs N] [--gocacher-bin DIR] [--latency 2ms,20ms]
//   go-cacher and go-cacher-server are built by gocmd from the module proxy unless --gocacher-bin names a directory
//   holding them; nginx comes from PATH or /usr/sbin (the HTTP rows are skipped without it).
// Never used by tests: timings are machine-dependent.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const goroot = process.env.GOROOT || '/usr/local/go';
const go = join(goroot, 'bin', 'go');
const argv = process.argv.slice(2);
const opt = (name, def) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : def; };
const runs = Math.max(1, Number(opt('--runs', '3')) || 3);
const latencies = opt('--latency', '2ms,20ms').split(',');
const GOCACHER_VERSION = 'v0.0.0-20260722201841-0bb331e19f64';

const work = mkdtempSync(join(tmpdir(), 'gocmd-fleet-'));
cpSync(join(root, 'dist'), join(work, 'gocmd', 'dist'), { recursive: true });
cpSync(join(root, 'bin', 'gocmd'), join(work, 'gocmd', 'bin', 'gocmd'));
const gocmd = join(work, 'gocmd', 'bin', 'gocmd');
const mod = join(work, 'mod');

/** 100 packages in 10 levels (each imports two of the level below, and fmt and strings) and a command. */
function writeModule() {
  mkdirSync(mod, { recursive: true });
  writeFileSync(join(mod, 'go.mod'), 'module example.com/fleet\n\ngo 1.22\n');
  for (let i = 0; i < 100; i++) {
    const lvl = Math.floor(i / 10);
    const deps = lvl === 0 ? [] : [...new Set([(lvl - 1) * 10 + (i % 10), (lvl - 1) * 10 + ((i + 3) % 10)])];
    mkdirSync(join(mod, `p${i}`), { recursive: true });
    writeFileSync(join(mod, `p${i}`, 'p.go'), `package p${i}\n\nimport (\n\t"fmt"\n\t"strings"\n${deps.map((d) => `\t"example.com/fleet/p${d}"\n`).join('')})\n\n` +
      `func F() string { return strings.ToUpper(fmt.Sprint(${i}))${deps.map((d) => ` + p${d}.F()`).join('')} }\n`);
  }
  mkdirSync(join(mod, 'cmd', 'fleet'), { recursive: true });
  writeFileSync(join(mod, 'cmd', 'fleet', 'main.go'), 'package main\n\nimport (\n\t"fmt"\n\t"example.com/fleet/p98"\n\t"example.com/fleet/p99"\n)\n\nfunc main() { fmt.Println(len(p98.F() + p99.F())) }\n');
}

function childCPU() {
  const stat = readFileSync('/proc/self/stat', 'latin1');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[13]) + Number(f[14])) * 10;
}

const loadavg = () => readFileSync('/proc/loadavg', 'latin1').split(' ').slice(0, 3).join(' ');

function env(extra) {
  const e = { ...process.env, GOFLAGS: '-buildvcs=false', CGO_ENABLED: '0', GOWORK: 'off', GOTOOLCHAIN: 'local', GOCMD_NOOPSTAMP: '0', ...extra };
  for (const k of ['GOCACHEPROG', 'GOCMD_REMOTE_CACHE', 'GOCMD_REMOTE_HELPER']) if (!(k in extra)) delete e[k];
  return e;
}

let seq = 0;
function fresh(name) {
  const d = join(work, `${name}-${++seq}`);
  mkdirSync(d, { recursive: true });
  return d;
}

/** One build by bin in mod with extra env: wall and CPU ms; the output's bytes. Asynchronous: the latency proxy in
 * front of nginx lives in this process, and a synchronous spawn would leave it unable to answer. */
async function timeBuild(bin, extra) {
  const out = join(work, `out-${++seq}`);
  const c0 = childCPU();
  const t0 = process.hrtime.bigint();
  const p = spawn(bin, ['build', '-o', out, './cmd/fleet'], { cwd: mod, env: env(extra), stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  p.stderr.setEncoding('utf8').on('data', (d) => { stderr += d; });
  const status = await new Promise((res) => p.on('close', (code) => res(code)));
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  if (status !== 0) throw new Error(`${bin} build failed:\n${stderr}`);
  // A remote that faulted is turned off with one warning: the row then measures local work, so say so.
  if (stderr.includes('warning')) console.log(`warning from ${bin}: ${stderr.trim()}`);
  return { wall, cpu: childCPU() - c0, bytes: readFileSync(out) };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function gocacherBins() {
  const given = opt('--gocacher-bin', '');
  if (given) return given;
  const bin = join(work, 'gobin');
  console.log('building go-cacher and go-cacher-server with gocmd...');
  const r = spawnSync(gocmd, ['install', `github.com/bradfitz/go-tool-cache/cmd/go-cacher@${GOCACHER_VERSION}`, `github.com/bradfitz/go-tool-cache/cmd/go-cacher-server@${GOCACHER_VERSION}`],
    { cwd: work, env: env({ GOBIN: bin }), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`building go-cacher: ${r.stderr}`);
  return bin;
}

async function waitForPort(port) {
  for (let i = 0; i < 200; i++) {
    try {
      await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(500) }).then((r) => r.arrayBuffer());
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error(`nothing listens on ${port}`);
}

function freePort() {
  return new Promise((res) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => res(p)); });
  });
}

async function startCacherServer(bin, dir, latency) {
  const port = await freePort();
  const p = spawn(join(bin, 'go-cacher-server'), ['-listen', `127.0.0.1:${port}`, '-cache-dir', dir, '-inject-latency', latency], { stdio: 'ignore' });
  await waitForPort(port);
  return { url: `http://127.0.0.1:${port}`, stop: () => p.kill() };
}

async function startNginx(dir) {
  const nginx = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p));
  if (!nginx) return undefined;
  const port = await freePort();
  const prefix = join(work, 'nginx');
  mkdirSync(join(prefix, 'tmp'), { recursive: true });
  mkdirSync(dir, { recursive: true });
  const user = process.getuid?.() === 0 ? 'user root;\n' : '';
  writeFileSync(join(prefix, 'nginx.conf'), `daemon off;\n${user}worker_processes 1;\npid ${prefix}/nginx.pid;\nerror_log ${prefix}/error.log;\n` +
    `events { worker_connections 512; }\nhttp {\n  access_log off;\n  client_body_temp_path ${prefix}/tmp;\n  server {\n    listen 127.0.0.1:${port};\n    root ${dir};\n` +
    '    client_max_body_size 0;\n    location / { dav_methods PUT; create_full_put_path on; dav_access user:rw group:r all:r; }\n  }\n}\n');
  const p = spawn(nginx, ['-c', join(prefix, 'nginx.conf'), '-p', prefix], { stdio: 'ignore' });
  await waitForPort(port);
  return { url: `http://127.0.0.1:${port}`, stop: () => p.kill() };
}

/** A loopback proxy that holds each request for ms before passing it on (the injected latency). */
async function startLatencyProxy(upstream, ms) {
  const agent = new (await import('node:http')).Agent({ keepAlive: true, maxSockets: 64 });
  const server = createServer((req, res) => {
    setTimeout(() => {
      const up = request(upstream + req.url, { method: req.method, headers: req.headers, agent }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      up.on('error', () => res.destroy());
      req.pipe(up);
    }, ms);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}`, stop: () => { server.closeAllConnections(); server.close(); } };
}

const fmtS = (ms) => `${(ms / 1000).toFixed(2)}s`;

async function main() {
  writeModule();
  const bin = gocacherBins();
  const progDir = join(work, 'cacher-server');
  const nginxRoot = join(work, 'nginx-root');
  console.log(`load average before: ${loadavg()}`);
  // Fill: one runner each, gocmd, no latency.
  let srv = await startCacherServer(bin, progDir, '0s');
  const prog = (local) => `${join(bin, 'go-cacher')} --cache-dir ${local} --cache-server ${srv.url}`;
  const t0 = Date.now();
  const want = (await timeBuild(gocmd, { GOCACHE: fresh('cache'), GOCACHEPROG: prog(fresh('local')) })).bytes;
  console.log(`filled go-cacher-server in ${fmtS(Date.now() - t0)}`);
  srv.stop();
  const ng = await startNginx(nginxRoot);
  if (ng) {
    const t1 = Date.now();
    await timeBuild(gocmd, { GOCACHE: fresh('cache'), GOCMD_REMOTE_CACHE: ng.url });
    console.log(`filled nginx in ${fmtS(Date.now() - t1)}`);
  } else console.log('nginx not found: the HTTP rows are skipped');
  const rows = [];
  for (const lat of latencies) {
    srv = await startCacherServer(bin, progDir, lat);
    const ms = Number(lat.replace(/ms$/, ''));
    const lp = ng ? await startLatencyProxy(ng.url, ms) : undefined;
    const kinds = [
      ['go + go-cacher', () => timeBuild(go, { GOCACHE: fresh('cache'), GOCACHEPROG: prog(fresh('local')) })],
      ['gocmd + go-cacher', () => timeBuild(gocmd, { GOCACHE: fresh('cache'), GOCACHEPROG: prog(fresh('local')) })],
      ...(lp ? [['gocmd + GOCMD_REMOTE_CACHE', () => timeBuild(gocmd, { GOCACHE: fresh('cache'), GOCMD_REMOTE_CACHE: lp.url })]] : []),
      // The same with the HTTP done in a worker thread instead of the gocmd-remote helper.
      ...(lp ? [['gocmd + REMOTE_CACHE, worker', () => timeBuild(gocmd, { GOCACHE: fresh('cache'), GOCMD_REMOTE_CACHE: lp.url, GOCMD_REMOTE_HELPER: '0' })]] : []),
    ];
    const res = new Map(kinds.map(([k]) => [k, []]));
    for (let i = 0; i < runs; i++) {
      for (const [k, f] of kinds) {
        const r = await f();
        if (!r.bytes.equals(want)) throw new Error(`${k}: output differs from the filling runner's`);
        res.get(k).push(r);
      }
    }
    const base = res.get('go + go-cacher');
    const bw = median(base.map((r) => r.wall));
    const bc = median(base.map((r) => r.cpu));
    for (const [k] of kinds) {
      const w = median(res.get(k).map((r) => r.wall));
      const c = median(res.get(k).map((r) => r.cpu));
      rows.push(`${lat.padEnd(5)} ${k.padEnd(27)} wall ${fmtS(w).padStart(7)} (${(w / bw).toFixed(2)}x)   cpu ${fmtS(c).padStart(7)} (${(c / bc).toFixed(2)}x)`);
    }
    srv.stop();
    lp?.stop();
  }
  ng?.stop();
  console.log(`\nremote-hit builds from empty local caches, median of ${runs} (ratios to go + go-cacher):`);
  for (const r of rows) console.log(r);
  console.log(`load average after: ${loadavg()} (${(await import('node:os')).cpus().length} CPUs)`);
}

try {
  await main();
} finally {
  rmSync(work, { recursive: true, force: true });
}
