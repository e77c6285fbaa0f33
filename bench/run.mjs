// Benchmarks gocmd against go side by side and prints time ratios (gocmd / go).
// Usage: npm run bench [-- --quick]   (--quick skips the cold std build)
// Never used by tests: timings are machine-dependent.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const gocmd = join(root, 'bin', 'gocmd');
const goroot = process.env.GOROOT || '/usr/local/go';
const go = join(goroot, 'bin', 'go');
const quick = process.argv.includes('--quick');

const work = mkdtempSync(join(tmpdir(), 'gocmd-bench-'));
const hello = join(work, 'hello');
cpSync(join(root, 'test', 'fixtures', 'work', 'hello'), hello, { recursive: true });

function time(bin, args, env) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(bin, args, { cwd: hello, env: { ...process.env, GOFLAGS: '-buildvcs=false', ...env }, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${bin} ${args.join(' ')} failed:\n${r.stderr}`);
  return ms;
}

function freshCache(name) {
  const d = join(work, name);
  rmSync(d, { recursive: true, force: true });
  mkdirSync(d, { recursive: true });
  return d;
}

const rows = [];
function bench(name, fn) {
  const g = fn(go, 'go');
  const m = fn(gocmd, 'gocmd');
  rows.push({ name, go: g, gocmd: m });
  console.log(`${name.padEnd(36)} go ${fmt(g)}  gocmd ${fmt(m)}  ratio ${(m / g).toFixed(2)}`);
}
const fmt = (ms) => (ms >= 10000 ? `${(ms / 1000).toFixed(1)}s` : `${ms.toFixed(0)}ms`).padStart(8);

try {
  // 1. First build of hello with an empty cache (compiles runtime and fmt's dependencies).
  bench('hello, empty cache', (bin, who) => time(bin, ['build', '-o', join(work, `hello.${who}`), '.'], { GOCACHE: freshCache(`cache-hello-${who}`) }));
  // 2. No-op rebuild of hello (everything cached, binary up to date).
  bench('hello, no-op rebuild', (bin, who) => time(bin, ['build', '-o', join(work, `hello.${who}`), '.'], { GOCACHE: join(work, `cache-hello-${who}`) }));
  if (!quick) {
    // 3. Cold CGO_ENABLED=0 build std.
    bench('CGO_ENABLED=0 build std, cold', (bin, who) => time(bin, ['build', 'std'], { GOCACHE: freshCache(`cache-std-${who}`), CGO_ENABLED: '0' }));
    // 4. No-op rebuild of std.
    bench('CGO_ENABLED=0 build std, no-op', (bin, who) => time(bin, ['build', 'std'], { GOCACHE: join(work, `cache-std-${who}`), CGO_ENABLED: '0' }));
  }
  const geo = Math.exp(rows.reduce((s, r) => s + Math.log(r.gocmd / r.go), 0) / rows.length);
  console.log(`${'geometric mean ratio'.padEnd(36)} ${geo.toFixed(2)}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
