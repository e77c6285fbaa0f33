// Module benchmarks, gocmd against go side by side: cold `mod download` from the test proxy, and a large synthetic module graph.
// Usage: npm run compile && npm run build && node bench/mod.mjs [--runs N] [--modules N] [--versions N] [--keep]
// Prints the median wall time and user+sys CPU (of the child process) over N runs, and gocmd/go ratios.
// Never used by tests: timings are machine-dependent.
import { spawn } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const gocmd = join(root, 'bin', 'gocmd');
const goroot = process.env.GOROOT || '/usr/local/go';
const go = join(goroot, 'bin', 'go');
const arg = (name, def) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
};
const RUNS = arg('--runs', 5);
const NMOD = arg('--modules', 300);
const NVER = arg('--versions', 4);
/** --keep: leave the work directory (printed) for profiling: the synthetic module's warm cache works with GOPROXY=off. */
const KEEP = process.argv.includes('--keep');

const { startProxy } = await import(join(root, 'build/conformance/proxy/server.js'));

const work = mkdtempSync(join(tmpdir(), 'gocmd-bench-mod-'));

/** CPU seconds used by waited-for children of this process (cutime + cstime from /proc/self/stat). */
function childCPU() {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields after the command: state(3) ... cutime is field 16, cstime 17 (1-based over the whole line)
  return (Number(f[13]) + Number(f[14])) / 100;
}

/** Runs bin args in dir; resolves to { wall ms, cpu ms }. The event loop stays free (the proxy serves from this process). */
function timed(bin, args, dir, env) {
  return new Promise((resolvePromise, reject) => {
    const c0 = childCPU();
    const t0 = process.hrtime.bigint();
    const p = spawn(bin, args, { cwd: dir, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    p.stderr.on('data', (d) => (stderr += d));
    p.on('error', reject);
    p.on('close', (code) => {
      const wall = Number(process.hrtime.bigint() - t0) / 1e6;
      const cpu = (childCPU() - c0) * 1000;
      if (code !== 0) reject(new Error(`${bin} ${args.join(' ')} failed (${code}):\n${stderr}`));
      else resolvePromise({ wall, cpu });
    });
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (ms) => (ms >= 10000 ? `${(ms / 1000).toFixed(1)}s` : `${ms.toFixed(0)}ms`).padStart(7);
const rows = [];

/** Runs fn(bin, who) RUNS times for each tool, interleaved; prep(who) runs untimed before each run. */
async function bench(name, fn, prep = () => {}) {
  const res = { go: [], gocmd: [] };
  for (let i = 0; i < RUNS; i++) {
    for (const [who, bin] of [['go', go], ['gocmd', gocmd]]) {
      prep(who);
      res[who].push(await fn(bin, who));
    }
  }
  const m = (who, k) => median(res[who].map((r) => r[k]));
  const row = { name, goWall: m('go', 'wall'), goCPU: m('go', 'cpu'), ourWall: m('gocmd', 'wall'), ourCPU: m('gocmd', 'cpu') };
  rows.push(row);
  console.log(
    `${name.padEnd(40)} wall go ${fmt(row.goWall)} gocmd ${fmt(row.ourWall)} ratio ${(row.ourWall / row.goWall).toFixed(2)}` +
      `   cpu go ${fmt(row.goCPU)} gocmd ${fmt(row.ourCPU)} ratio ${(row.ourCPU / row.goCPU).toFixed(2)}`,
  );
}

function write(dir, files) {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

function makeWritable(dir) {
  try {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (!e.isDirectory()) continue;
      chmodSync(join(dir, e.name), 0o755);
      makeWritable(join(dir, e.name));
    }
  } catch {
    /* gone */
  }
}

function removeCache(d) {
  makeWritable(d);
  rmSync(d, { recursive: true, force: true });
}

/** The 13-dependency module of test/integration/modules.test.ts (cmd/go's testdata/mod modules). */
const BIG = join(root, 'test', 'fixtures', 'modules', 'big');

/** A deterministic PRNG (mulberry32). */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Writes NMOD modules × NVER versions as test-proxy txtar archives: module i's versions require 2–4
 * modules among the next 40 (random versions), and its package imports theirs. go 1.16 go.mod
 * files, so the graph is unpruned and loading it reads every go.mod.
 */
function syntheticGraph(dir) {
  const rand = rng(42);
  const name = (i) => `example.com/syn/m${String(i).padStart(3, '0')}`;
  const pkg = (i) => `m${String(i).padStart(3, '0')}`;
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < NMOD; i++) {
    for (let v = 0; v < NVER; v++) {
      const version = `v1.${v}.0`;
      const deps = new Map();
      const n = i + 1 < NMOD ? 2 + Math.floor(rand() * 3) : 0;
      for (let k = 0; k < n; k++) {
        const j = i + 1 + Math.floor(rand() * Math.min(40, NMOD - i - 1));
        deps.set(j, `v1.${Math.floor(rand() * NVER)}.0`);
      }
      const req = [...deps].sort((a, b) => a[0] - b[0]);
      const mod = `module ${name(i)}\n\ngo 1.16\n` + (req.length ? `\nrequire (\n${req.map(([j, vv]) => `\t${name(j)} ${vv}\n`).join('')})\n` : '');
      const src = `package ${pkg(i)}\n\n` + (req.length ? `import (\n${req.map(([j]) => `\t_ "${name(j)}"\n`).join('')})\n\n` : '') + `const V = "${version}"\n`;
      const txt = `-- .mod --\n${mod}-- .info --\n{"Version":"${version}"}\n-- go.mod --\n${mod}-- p.go --\n${src}`;
      writeFileSync(join(dir, `${name(i).replaceAll('/', '_')}_${version}.txt`), txt);
    }
  }
  const roots = Array.from({ length: 10 }, (_, k) => k);
  return {
    'go.mod': `module example.com/synmain\n\ngo 1.16\n\nrequire (\n${roots.map((k) => `\t${name(k)} v1.${NVER - 1}.0\n`).join('')})\n`,
    'main.go': `package main\n\nimport (\n${roots.map((k) => `\t_ "${name(k)}"\n`).join('')})\n\nfunc main() {}\n`,
  };
}

let proxy;
let synProxy;
try {
  // 1. Cold `go mod download` of the 13-dependency fixture module from the test proxy.
  proxy = await startProxy();
  const big = join(work, 'big');
  cpSync(BIG, big, { recursive: true });
  const base = { GOPROXY: proxy.url, GOSUMDB: proxy.sumdbKey, GONOSUMDB: '', GOPRIVATE: '', GONOPROXY: '', GOFLAGS: '-modcacherw', GOWORK: 'off', GO111MODULE: 'on', GOTOOLCHAIN: 'local', GOPATH: join(work, 'gopath'), GOCACHE: join(work, 'gocache') };
  await timed(go, ['mod', 'tidy'], big, { ...base, GOMODCACHE: join(work, 'mc-tidy') });
  const cold = (who) => join(work, `mc-cold-${who}`);
  await bench('mod download, cold cache (fixture graph)', (bin, who) => timed(bin, ['mod', 'download'], big, { ...base, GOMODCACHE: cold(who) }), (who) => removeCache(cold(who)));

  // 2. A large synthetic module graph from a second test proxy serving generated archives.
  const synDir = join(work, 'synmods');
  const synMain = join(work, 'synmain');
  write(synMain, syntheticGraph(synDir));
  synProxy = await startProxy({ modDir: synDir });
  const synEnv = { ...base, GOPROXY: synProxy.url, GOSUMDB: 'off', GOMODCACHE: join(work, 'mc-syn') };
  await timed(go, ['mod', 'tidy'], synMain, synEnv); // go.sum, and a warm module cache for both tools
  const warm = { ...synEnv, GOPROXY: 'off' };
  const nReq = readFileSync(join(synMain, 'go.sum'), 'utf8').split('\n').filter((l) => l.includes('/go.mod ')).length;
  console.log(`synthetic graph: ${NMOD} modules x ${NVER} versions, ${nReq} go.mod sums in go.sum`);
  await bench(`mod graph, ${NMOD} modules, warm cache`, (bin) => timed(bin, ['mod', 'graph'], synMain, warm));
  await bench(`build -n, ${NMOD} modules, warm cache`, (bin) => timed(bin, ['build', '-n', '.'], synMain, warm));

  const geo = (k1, k2) => Math.exp(rows.reduce((s, r) => s + Math.log(r[k1] / r[k2]), 0) / rows.length);
  console.log(`${'geometric mean ratio'.padEnd(40)} wall ${geo('ourWall', 'goWall').toFixed(2)}   cpu ${geo('ourCPU', 'goCPU').toFixed(2)}   (median of ${RUNS} runs)`);
} finally {
  await proxy?.close();
  await synProxy?.close();
  if (KEEP) console.log(`kept ${work} (synthetic main module: synmain, GOMODCACHE=mc-syn)`);
  else removeCache(work);
}
