// Benchmarks gocmd against go side by side: median wall time and median CPU (user+sys) of N runs, and ratios.
// Usage: npm run bench [-- --quick] [-- --runs N] [-- --cold-runs M] [-- --only REGEXP]
//   (--only '^test ': the test-loop rows on a small module; --only gopls: runs the large-module rows: install gopls@version and build ./... no-ops, list -deps
//   -json ./..., list -json ./..., list -m -json all, mod graph, mod tidy, get -u ./..., and a cold mod download
//   (an empty module cache each run: the modules come from the machine's GOPROXY); --only served: those
//   loading rows, version, env -json, a no-op build, a no-op gopls build with the stamp off and a no-op
//   install pkg@version through the warm resident server)
//   --quick skips the std and cgo builds; N (default 5) runs of each no-op benchmark, M (default 3) of each
//   cold build, go and gocmd alternating (one cold run each is too noisy to judge a 5% target); --only runs
//   the benchmarks whose name matches REGEXP (e.g. --only cgo).
// Never used by tests: timings are machine-dependent, and nothing here asserts on them.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const goroot = process.env.GOROOT || '/usr/local/go';
const go = join(goroot, 'bin', 'go');
const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const runsArg = argv.indexOf('--runs');
const runs = runsArg >= 0 ? Math.max(1, Number(argv[runsArg + 1]) || 5) : 5;
const coldArg = argv.indexOf('--cold-runs');
const coldRuns = coldArg >= 0 ? Math.max(1, Number(argv[coldArg + 1]) || 3) : 3;
const onlyArg = argv.indexOf('--only');
const only = onlyArg >= 0 ? new RegExp(argv[onlyArg + 1] ?? '') : null;

const work = mkdtempSync(join(tmpdir(), 'gocmd-bench-'));
const hello = join(work, 'hello');
cpSync(join(root, 'test', 'fixtures', 'work', 'hello'), hello, { recursive: true });
// A private copy of the CLI: dist/ may be rebuilt by others while this runs (and gocmd's own files are
// inputs of its no-op stamp).
cpSync(join(root, 'dist'), join(work, 'gocmd', 'dist'), { recursive: true });
cpSync(join(root, 'bin', 'gocmd'), join(work, 'gocmd', 'bin', 'gocmd'));
const gocmd = join(work, 'gocmd', 'bin', 'gocmd');

/** CPU time (ms) of this process's waited-for children so far, from /proc (Linux); NaN elsewhere. */
function childCPU() {
  try {
    const stat = readFileSync('/proc/self/stat', 'latin1');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 16 and 17 (cutime, cstime) are at 13 and 14 after the command name; clock ticks of 10 ms.
    return (Number(f[13]) + Number(f[14])) * 10;
  } catch {
    return NaN;
  }
}

/**
 * bench/owncpu, built for this run: it runs a command and splits its CPU into the command's own process
 * (the driver: for gocmd, node and all its threads; its spawn helper, a child, counts with the tools) and
 * the processes it waited for. Undefined when it could not be built (then the own columns show '-').
 */
const owncpu = (() => {
  const out = join(work, 'owncpu');
  const r = spawnSync(go, ['build', '-o', out, '.'], { cwd: join(root, 'bench', 'owncpu'), encoding: 'utf8',
    env: { ...process.env, CGO_ENABLED: '0', GOFLAGS: '' } });
  if (r.status === 0) return out;
  console.log(`(owncpu not built, no driver CPU column: ${r.stderr.trim()})`);
  return undefined;
})();

/**
 * One run in cwd (hello by default): wall and CPU milliseconds. An env value undefined removes the variable.
 * With own (the cold builds), also the driver's own CPU, through owncpu (one more exec, ~1 ms: not for no-ops).
 */
function time(bin, args, env, cwd = hello, { own = false } = {}) {
  const c0 = childCPU();
  const t0 = process.hrtime.bigint();
  const split = own && owncpu ? join(work, 'owncpu.json') : undefined;
  const [file, argv] = split ? [owncpu, [split, bin, ...args]] : [bin, args];
  // stdout is discarded: list -json over a large module prints megabytes.
  const r = spawnSync(file, argv, { cwd, env: { ...process.env, GOFLAGS: '-buildvcs=false', ...env }, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${bin} ${args.join(' ')} failed:\n${r.stderr}`);
  if (!split) return { wall, cpu: childCPU() - c0 };
  const { ownMs, totalMs } = JSON.parse(readFileSync(split, 'utf8'));
  return { wall, cpu: totalMs, own: ownMs ?? NaN };
}

/** time() for a cold build: with the driver's own CPU. */
const timeCold = (bin, args, env, cwd = hello) => time(bin, args, env, cwd, { own: true });

/** Removes a module cache: go leaves its directories read-only. */
function removeModCache(d) {
  spawnSync('chmod', ['-R', 'u+w', d]);
  rmSync(d, { recursive: true, force: true });
}

function freshCache(name) {
  const d = join(work, name);
  rmSync(d, { recursive: true, force: true });
  mkdirSync(d, { recursive: true });
  return d;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};

/**
 * A module whose main package opens an in-memory SQLite database through the latest
 * github.com/mattn/go-sqlite3, fetched with go through the machine's GOPROXY into its module cache:
 * { dir } or why it could not be set up.
 */
function sqliteModule() {
  const dir = join(work, 'sqlite');
  mkdirSync(dir, { recursive: true });
  const mod = 'github.com/mattn/go-sqlite3';
  writeFileSync(join(dir, 'go.mod'), 'module example.com/sqlite\n\ngo 1.22\n');
  const goJSON = (args) => {
    const r = spawnSync(go, args, { cwd: dir, encoding: 'utf8', env: { ...process.env, GOFLAGS: '' } });
    return r.status === 0 ? JSON.parse(r.stdout) : r.stderr.trim();
  };
  const latest = goJSON(['list', '-m', '-json', `${mod}@latest`]);
  if (typeof latest === 'string') return latest;
  const dl = goJSON(['mod', 'download', '-json', `${mod}@${latest.Version}`]);
  if (typeof dl === 'string') return dl;
  writeFileSync(join(dir, 'go.mod'), `module example.com/sqlite\n\ngo 1.22\n\nrequire ${mod} ${latest.Version}\n`);
  writeFileSync(join(dir, 'go.sum'), `${mod} ${latest.Version} ${dl.Sum}\n${mod} ${latest.Version}/go.mod ${dl.GoModSum}\n`);
  writeFileSync(join(dir, 'main.go'), `package main

import (
	"database/sql"
	"fmt"

	_ "${mod}"
)

func main() {
	db, err := sql.Open("sqlite3", ":memory:")
	if err != nil {
		panic(err)
	}
	var n int
	if err := db.QueryRow("SELECT 6 * 7").Scan(&n); err != nil {
		panic(err)
	}
	fmt.Println(n)
}
`);
  console.log(`(${mod} ${latest.Version})`);
  return { dir };
}

/**
 * A writable copy of golang.org/x/tools/gopls@v0.23.0's source (769 packages with its dependencies), its
 * dependencies downloaded with go through the machine's GOPROXY: { dir } or why it could not be set up.
 * The loading benchmarks (issue 14) run on it.
 */
function goplsModule() {
  const env = { ...process.env, GOFLAGS: '-mod=mod' };
  const r = spawnSync(go, ['mod', 'download', '-json', 'golang.org/x/tools/gopls@v0.23.0'], { encoding: 'utf8', env });
  if (r.status !== 0) return r.stderr.trim();
  const dir = join(work, 'gopls');
  cpSync(JSON.parse(r.stdout).Dir, dir, { recursive: true });
  spawnSync('chmod', ['-R', 'u+w', dir]);
  const dl = spawnSync(go, ['mod', 'download'], { cwd: dir, encoding: 'utf8', env });
  return dl.status === 0 ? { dir } : dl.stderr.trim();
}

const rows = [];
/**
 * Runs fn for go and gocmd alternately, n times each (after `warm` unmeasured runs each), and reports
 * the medians. bins: which binaries to measure.
 */
function bench(name, fn, { n = runs, warm = 0, bins = ['go', 'gocmd'] } = {}) {
  if (only && !only.test(name)) return;
  const res = { go: [], gocmd: [] };
  const bin = { go, gocmd };
  for (let i = 0; i < warm; i++) for (const who of bins) fn(bin[who], who);
  for (let i = 0; i < n; i++) for (const who of bins) res[who].push(fn(bin[who], who));
  const m = (who, k) => (res[who].length && res[who][0][k] !== undefined ? median(res[who].map((r) => r[k])) : NaN);
  // The CPU ratio of each go/gocmd pair, run one after the other: its spread shows the machine's noise.
  const pairs = res.go.length === res.gocmd.length ? res.gocmd.map((r, i) => r.cpu / res.go[i].cpu).filter((x) => x > 0 && Number.isFinite(x)) : [];
  const row = { name, n, goWall: m('go', 'wall'), gocmdWall: m('gocmd', 'wall'), goCPU: m('go', 'cpu'), gocmdCPU: m('gocmd', 'cpu'),
    goOwn: m('go', 'own'), gocmdOwn: m('gocmd', 'own'), pairCPU: pairs.length > 1 ? [Math.min(...pairs), Math.max(...pairs)] : undefined };
  rows.push(row);
  print(row);
}

const fmt = (ms) => (Number.isNaN(ms) ? '-' : ms >= 10000 ? `${(ms / 1000).toFixed(1)}s` : `${ms.toFixed(0)}ms`).padStart(7);
const ratio = (a, b) => (Number.isNaN(a) || Number.isNaN(b) || b === 0 ? '-' : (a / b).toFixed(2)).padStart(5);
function print(r) {
  console.log(`${r.name.padEnd(40)} n=${String(r.n).padEnd(2)} wall go ${fmt(r.goWall)} gocmd ${fmt(r.gocmdWall)} ratio ${ratio(r.gocmdWall, r.goWall)}` +
    `   cpu go ${fmt(r.goCPU)} gocmd ${fmt(r.gocmdCPU)} ratio ${ratio(r.gocmdCPU, r.goCPU)}` +
    (r.pairCPU ? ` (pairs ${r.pairCPU.map((x) => x.toFixed(2)).join('-')})` : '') +
    (Number.isNaN(r.goOwn) && Number.isNaN(r.gocmdOwn) ? '' : `   driver's own cpu go ${fmt(r.goOwn)} gocmd ${fmt(r.gocmdOwn)}`));
}

try {
  const out = (who) => join(work, `hello.${who}`);
  const helloCache = (who) => join(work, `cache-hello-${who}`);
  // 1. First build of hello with an empty cache (compiles runtime and fmt's dependencies).
  bench('hello, empty cache', (bin, who) => timeCold(bin, ['build', '-o', out(who), '.'], { GOCACHE: freshCache(`cache-hello-${who}`) }), { n: coldRuns });
  // 2. No-op rebuild of hello (everything cached, binary up to date). The warm-up run lets gocmd write its
  //    no-op stamp (sources must be 2 s old first, which the cold build above takes care of).
  bench('hello, no-op rebuild', (bin, who) => time(bin, ['build', '-o', out(who), '.'], { GOCACHE: helloCache(who) }), { warm: 1 });
  // 2b. The same without the stamp: gocmd loads, hashes and checks the cache as go does.
  bench('hello, no-op, GOCMD_NOOPSTAMP=0', (bin, who) => time(bin, ['build', '-o', out(who), '.'], { GOCACHE: helloCache(who), GOCMD_NOOPSTAMP: '0' }), { warm: 1 });
  // 2c. gocmd version: Node start-up and the driver alone.
  bench('version', (bin) => time(bin, ['version'], {}));
  // 2c'. The everyday test loop (issue 11) on a small module (three packages, two with tests): every result
  //      from the test cache; tests run again with builds cached (-count=1); one package edited, so its
  //      test is recompiled, relinked and run while the other result stays cached; an empty cache; vet; list -test.
  if (!only || only.test('test ./..., results cached')) {
    const testmod = join(work, 'testmod');
    cpSync(join(root, 'test', 'fixtures', 'cover'), testmod, { recursive: true });
    const inTestmod = (args, env = {}) => (bin, who) => time(bin, args, { GOCACHE: helloCache(who), ...env }, testmod);
    bench('test ./..., results cached', inTestmod(['test', './...']), { warm: 1 });
    bench('test -count=1 ./..., builds cached', inTestmod(['test', '-count=1', './...']), { warm: 1 });
    const edited = join(testmod, 'a', 'a.go');
    const original = readFileSync(edited, 'utf8');
    let edits = 0;
    bench('test ./..., one package edited', (bin, who) => {
      // A new comment each run changes a's source hash, so neither tool finds the test binary cached.
      writeFileSync(edited, `${original}\n// edit ${edits++}\n`);
      return inTestmod(['test', './...'])(bin, who);
    }, { warm: 1 });
    writeFileSync(edited, original);
    // The rest of the loop: the first test run on a machine (an empty cache: the test's std dependencies
    // compile too), go vet alone, and the package list that editors and linters ask for with tests.
    bench('test ./..., empty cache', (bin, who) => timeCold(bin, ['test', './...'], { GOCACHE: freshCache(`cache-testcold-${who}`) }, testmod), { n: coldRuns });
    bench('test loop: vet ./...', inTestmod(['vet', './...']), { warm: 1 });
    bench('test loop: list -test -deps -json ./...', inTestmod(['list', '-test', '-deps', '-json', './...']), { warm: 1 });
  }
  // 2d. Loading a large module (issue 14): package and module-graph loading, list's JSON, no build; and the
  //     no-op builds there (the user's GOCACHE, which a warm-up run fills: a cold gopls build takes minutes).
  const goplsRows = ['gopls: list -deps -json ./...', 'gopls: list -json ./...', 'gopls: list -m -json all', 'gopls: mod graph',
    'gopls: mod tidy', 'gopls: get -u ./...', 'gopls: build ./..., no-op, GOCMD_NOOPSTAMP=0', 'gopls: mod download, cold'];
  if (!only || goplsRows.some((n) => only.test(n))) {
    const gopls = goplsModule();
    if (typeof gopls === 'string') console.log(`${'gopls: loading'.padEnd(40)} skipped: ${gopls}`);
    else {
      const inGopls = (args) => (bin) => time(bin, args, { GOFLAGS: '-mod=mod -buildvcs=false' }, gopls.dir);
      bench('gopls: list -deps -json ./...', inGopls(['list', '-deps', '-json', './...']), { warm: 1 });
      bench('gopls: list -json ./...', inGopls(['list', '-json', './...']), { warm: 1 });
      bench('gopls: list -m -json all', inGopls(['list', '-m', '-json', 'all']), { warm: 1 });
      bench('gopls: mod graph', inGopls(['mod', 'graph']), { warm: 1 });
      bench('gopls: build ./..., no-op, GOCMD_NOOPSTAMP=0', (bin) => time(bin, ['build', './...'],
        { GOFLAGS: '-mod=mod -buildvcs=false', GOCMD_NOOPSTAMP: '0' }, gopls.dir), { warm: 1 });
      // Module maintenance (issue 12) on the same graph: each run starts from the module's own go.mod and
      // go.sum (the warm-up run fetches what -u selects, so the measured runs find it in the module cache).
      const files = ['go.mod', 'go.sum'].map((n) => [join(gopls.dir, n), readFileSync(join(gopls.dir, n))]);
      const restore = () => { for (const [p, data] of files) writeFileSync(p, data); };
      const fromStart = (args) => (bin) => { restore(); return time(bin, args, { GOFLAGS: '-buildvcs=false' }, gopls.dir); };
      bench('gopls: mod tidy', fromStart(['mod', 'tidy']), { warm: 1 });
      bench('gopls: get -u ./...', fromStart(['get', '-u', './...']), { warm: 1 });
      restore();
      // A cold `mod download` (issue 14): the module's requirements (28 zips, ~33 MB, and the graph's go.mod
      // files) fetched through the machine's GOPROXY into an empty module cache of each tool's own, checked
      // against go.sum, extracted; the cache is removed after each run. Network time is in the wall column.
      bench('gopls: mod download, cold', (bin, who) => {
        const modcache = join(work, `modcache-${who}`);
        removeModCache(modcache);
        try {
          return time(bin, ['mod', 'download'], { GOFLAGS: '-mod=mod -buildvcs=false', GOMODCACHE: modcache }, gopls.dir);
        } finally {
          removeModCache(modcache);
        }
      });
    }
  }
  // 2d'. A no-op `install pkg@version` (issue 14): gopls already installed into a private GOBIN by the
  //      warm-up run (into the user's GOCACHE and module cache), nothing to rebuild; run outside any module.
  bench('install gopls@v0.23.0, no-op', (bin, who) => {
    const gobin = join(work, `gobin-${who}`);
    mkdirSync(gobin, { recursive: true });
    return time(bin, ['install', 'golang.org/x/tools/gopls@v0.23.0'], { GOBIN: gobin, GOFLAGS: '-buildvcs=false' }, work);
  }, { warm: 1 });
  // 2e. The same commands through the warm resident server (GOCMD_SERVER=1, src/server) next to plain go. A
  //     private socket directory keeps this server to the copy of dist/ above (it exits when that goes).
  //     The gocmd CPU column is only the client's: the server and its worker are not this process's children.
  //     gocmd runs as a user who wants the fastest served path does (README): a `go` link to
  //     dist/gocmd-client, which does bin/gocmd's work itself; one row goes through bin/gocmd (its sh).
  if (!only || only.source.includes('served')) {
    const runDir = join(work, 'run');
    mkdirSync(runDir, { mode: 0o700 });
    mkdirSync(join(work, 'golink'));
    const goLink = join(work, 'golink', 'go');
    symlinkSync(join(work, 'gocmd', 'dist', 'gocmd-client'), goLink);
    const served = (args, extra = {}, cwd = hello, entry = goLink) => (bin, who) => {
      const r = time(who === 'gocmd' ? entry : bin, args, who === 'gocmd' ? { ...extra, GOCMD_SERVER: '1', XDG_RUNTIME_DIR: runDir } : extra, cwd);
      return who === 'gocmd' ? { wall: r.wall, cpu: NaN } : r;
    };
    // A server just started is still starting its workers (three node processes), which takes the CPU the
    // first rows would be measured with: wait until its warm worker answers (its log names each warm request).
    if (only === null || only.test('served: version') || only.test('served: env -json')) {
      const log = () => { try { return readdirSync(join(runDir, 'gocmd')).filter((n) => n.endsWith('.log')).map((n) => readFileSync(join(runDir, 'gocmd', n), 'utf8')).join(''); } catch { return ''; } };
      for (let i = 0; i < 100 && !/ warm: list -m\n/.test(log()); i++) {
        time(goLink, ['list', '-m'], { GOCMD_SERVER: '1', XDG_RUNTIME_DIR: runDir });
        spawnSync('sleep', ['0.1']);
      }
    }
    bench('served: version', served(['version']), { warm: 2 });
    bench('served: version, through bin/gocmd', served(['version'], {}, hello, gocmd), { warm: 2 });
    bench('served: env -json', served(['env', '-json']), { warm: 2 });
    bench('served: hello, no-op rebuild', (bin, who) => served(['build', '-o', out(who), '.'], { GOCACHE: helloCache(who) })(bin, who), { warm: 2 });
    if (!only || only.test('served: gopls: mod graph')) {
      const gopls = goplsModule();
      if (typeof gopls === 'string') console.log(`${'served: gopls'.padEnd(40)} skipped: ${gopls}`);
      else {
        const inGopls = (args) => served(args, { GOFLAGS: '-mod=mod -buildvcs=false' }, gopls.dir);
        bench('served: gopls: list -deps -json ./...', inGopls(['list', '-deps', '-json', './...']), { warm: 1 });
        bench('served: gopls: list -json ./...', inGopls(['list', '-json', './...']), { warm: 1 });
        // The server is for many requests: its warm worker runs these few-ms commands with colder code in
        // its first ~30 (~2x the time), so they are measured once it has run 20 of each.
        bench('served: gopls: list -m -json all', inGopls(['list', '-m', '-json', 'all']), { warm: 20 });
        bench('served: gopls: mod graph', inGopls(['mod', 'graph']), { warm: 20 });
        bench('served: gopls: build ./..., no-op, GOCMD_NOOPSTAMP=0', served(['build', './...'],
          { GOFLAGS: '-mod=mod -buildvcs=false', GOCMD_NOOPSTAMP: '0' }, gopls.dir), { warm: 1 });
        // A no-op `go install pkg@version` of a small command from a module the gopls set-up downloaded
        // (the warm-up run builds it; each tool installs into its own GOBIN).
        const tools = /golang\.org\/x\/tools (\S+)/.exec(readFileSync(join(gopls.dir, 'go.mod'), 'utf8'))?.[1];
        if (tools) {
          const pkg = `golang.org/x/tools/cmd/stringer@${tools}`;
          bench('served: install pkg@version, no-op', (bin, who) => served(['install', pkg], { GOBIN: join(work, `gobin-${who}`) }, work)(bin, who), { warm: 1 });
        }
      }
    }
  }
  if (!quick) {
    const stdCache = (who) => join(work, `cache-std-${who}`);
    // 3. Cold CGO_ENABLED=0 build std.
    bench('CGO_ENABLED=0 build std, cold', (bin, who) => timeCold(bin, ['build', 'std'], { GOCACHE: freshCache(`cache-std-${who}`), CGO_ENABLED: '0' }), { n: coldRuns });
    // 4. No-op rebuild of std, with and without the stamp.
    bench('CGO_ENABLED=0 build std, no-op', (bin, who) => time(bin, ['build', 'std'], { GOCACHE: stdCache(who), CGO_ENABLED: '0' }), { warm: 1 });
    bench('build std, no-op, GOCMD_NOOPSTAMP=0', (bin, who) => time(bin, ['build', 'std'], { GOCACHE: stdCache(who), CGO_ENABLED: '0', GOCMD_NOOPSTAMP: '0' }), { warm: 1 });
    // 5. Cold build std under go's defaults: cgo on (runtime/cgo, net, os/user, ... run cgo and gcc), CC unset.
    const cgoDefaults = { CGO_ENABLED: undefined, CC: undefined, CXX: undefined, CGO_CFLAGS: undefined, CGO_LDFLAGS: undefined };
    bench('build std (cgo on), cold', (bin, who) => timeCold(bin, ['build', 'std'], { ...cgoDefaults, GOCACHE: freshCache(`cache-stdcgo-${who}`) }), { n: coldRuns });
    // 6. Cold build of a program using github.com/mattn/go-sqlite3 (cgo; gcc compiles the SQLite amalgamation).
    if (!only || only.test('cgo go-sqlite3 program, cold')) {
      const sqlite = sqliteModule();
      if (typeof sqlite === 'string') console.log(`${'cgo go-sqlite3 program, cold'.padEnd(40)} skipped: ${sqlite}`);
      else bench(`cgo go-sqlite3 program, cold`, (bin, who) => timeCold(bin, ['build', '-o', join(work, `sqlite.${who}`), '.'], { ...cgoDefaults, GOCACHE: freshCache(`cache-sqlite-${who}`) }, sqlite.dir), { n: coldRuns });
    }
  }
  // Over the rows where both times are measurable: /proc counts CPU in 10 ms ticks, so go's `version`
  // can show 0 ms, and one zero would make the mean infinite.
  const geo = (k1, k2) => {
    const ok = rows.filter((r) => r[k1] > 0 && r[k2] > 0);
    return Math.exp(ok.reduce((s, r) => s + Math.log(r[k1] / r[k2]), 0) / ok.length);
  };
  console.log(`${'geometric mean ratio'.padEnd(40)}      wall ${geo('gocmdWall', 'goWall').toFixed(2)}   cpu ${geo('gocmdCPU', 'goCPU').toFixed(2)}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
