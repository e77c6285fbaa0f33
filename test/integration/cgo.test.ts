// Integration: cgo builds under go's defaults (cgo on, CC unset) — gocmd against real go, byte for byte
// with build IDs; each tool's cache entries found by the other; rebuild decisions after header and
// CGO_* flag changes; C, cgo and link errors as go prints them; mattn/go-sqlite3 from the configured
// GOPROXY; a #cgo pkg-config package linked against the system SQLite.
//
// Two private build caches: gocmd builds first in OURS, go first in THEIRS, so each binary comes from
// its own tool's compiles (go never links gocmd's archives in a byte comparison), and a later go run in
// OURS shows whether go accepts gocmd's cache entries.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { GO } from './buildharness.js';
import { bundleCLI, gocmdSync, removeTestDir, type Result } from './cliharness.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const FIXTURES = join(ROOT, 'test/fixtures/work');

let tmp = '';
let GOCMD = '';
/** Why no test here can run ('' when they can). */
let skipAll = '';

type Cache = 'ours' | 'theirs';

/** go's defaults for cgo: every variable that would change the C toolchain or its flags is removed. */
function env(cache: Cache, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = {
    ...process.env, GOCACHE: join(tmp, `cache-${cache}`), GOFLAGS: '-modcacherw -buildvcs=false', GOTOOLCHAIN: 'local',
    GOMODCACHE: join(tmp, 'modcache'), GOPATH: join(tmp, 'gopath'), GOWORK: 'off', GO111MODULE: 'on',
  };
  for (const k of ['GOOS', 'GOARCH', 'CGO_ENABLED', 'CC', 'CXX', 'FC', 'AR', 'PKG_CONFIG', 'GOGCCFLAGS',
    'CGO_CFLAGS', 'CGO_CPPFLAGS', 'CGO_CXXFLAGS', 'CGO_FFLAGS', 'CGO_LDFLAGS']) delete e[k];
  return { ...e, ...extra };
}

function run(bin: 'go' | 'gocmd', dir: string, args: string[], cache: Cache, extra: Record<string, string> = {}): Result {
  const opts = { cwd: dir, env: env(cache, extra), encoding: 'utf8', maxBuffer: 256 << 20 } as const;
  const r = bin === 'go' ? spawnSync(GO, args, opts) : gocmdSync(GOCMD, args, opts);
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function ok(r: Result, what: string): void {
  assert.equal(r.code, 0, `${what} failed (exit ${r.code}):\n${r.stderr}`);
}

/**
 * The tool runs in a -x trace that compile something — compile, asm, cgo, gcc and g++ — each as
 * "tool importpath" (the package whose $WORK/bNNN directory the command names), sorted: the set of
 * rebuilt packages and how, independent of the order of parallel actions.
 */
function toolRuns(trace: string): string[] {
  const pkgOf = new Map<string, string>();
  const runs: Array<[string, string]> = [];
  for (const line of trace.split('\n')) {
    const cmd = line.replace(/^(?:\w+='[^']*' )*/, '');
    const tool = /^(\S+)/.exec(cmd)?.[1]?.split('/').pop() ?? '';
    if (!['compile', 'asm', 'cgo', 'gcc', 'g++'].includes(tool)) continue;
    const b = /\$WORK\/(b\d+)/.exec(cmd)?.[1] ?? '?';
    const pkg = / -(?:importpath|p) (\S+)/.exec(cmd)?.[1];
    if (pkg !== undefined) pkgOf.set(b, pkg);
    runs.push([tool, b]);
  }
  return runs.map(([tool, b]) => `${tool} ${pkgOf.get(b) ?? b}`).sort();
}

/** $WORK and the linker's temporary directory, as they differ from run to run. */
function normalise(s: string): string {
  return s.replace(/\/tmp\/go-build\d+/g, '$WORK').replace(/\/tmp\/go-link-\d+/g, '$LINK');
}

/**
 * A -x trace made comparable across tools and caches: $WORK, the cache directory, the output name, and
 * the -frandom-seed of cgo's generated C files, which go derives from a hash over the file's path
 * under $WORK (a random directory), so go's own seeds differ from run to run.
 */
function normaliseTrace(s: string, cache: Cache, out: string): string {
  return normalise(s).split(join(tmp, `cache-${cache}`)).join('$GOCACHE').split(out).join('$OUT')
    .replace(/-frandom-seed=\S+( -o \S+ -c (?:_cgo_export\.c|\S+\.cgo2\.c))$/gm, '-frandom-seed=$$SEED$1');
}

/** What go prints for `go env NAME` with the test's environment. */
function goEnv(name: string): string {
  return run('go', tmp, ['env', name], 'theirs').stdout.trim();
}

before(async () => {
  if (!existsSync(GO)) { skipAll = 'no go toolchain at ' + GO; return; }
  tmp = mkdtempSync(join(tmpdir(), 'gocmd-cgo-test-'));
  GOCMD = join(tmp, 'gocmd.mjs');
  await bundleCLI(GOCMD);
  for (const d of ['cgo', 'cgobad', 'cgopc']) cpSync(join(FIXTURES, d), join(tmp, d), { recursive: true });
  for (const d of ['cache-ours', 'cache-theirs', 'out']) mkdirSync(join(tmp, d));
  // The machine's go env file could turn cgo off or name another compiler; then these are not go's defaults.
  const cgo = goEnv('CGO_ENABLED'), cc = goEnv('CC');
  if (cgo !== '1' || cc !== 'gcc') skipAll = `go env gives CGO_ENABLED=${cgo} CC=${cc}, not go's defaults (1, gcc)`;
  else if (spawnSync('gcc', ['--version']).status !== 0 || spawnSync('g++', ['--version']).status !== 0) skipAll = 'gcc or g++ missing';
});

after(() => {
  if (tmp !== '') removeTestDir(tmp);
});

/**
 * Builds pkg in dir with gocmd (cache OURS) and go (cache THEIRS) with the same flags and asserts
 * identical bytes; then `go build -x` in OURS must run no compiler at all. Returns gocmd's binary.
 */
function sameBinary(dir: string, pkg: string, tag: string, flags: string[] = []): string {
  const mine = join(tmp, 'out', `${tag}.gocmd`);
  const theirs = join(tmp, 'out', `${tag}.go`);
  ok(run('gocmd', dir, ['build', ...flags, '-o', mine, pkg], 'ours'), `gocmd build ${pkg}`);
  ok(run('go', dir, ['build', ...flags, '-o', theirs, pkg], 'theirs'), `go build ${pkg}`);
  assert.ok(readFileSync(mine).equals(readFileSync(theirs)), `${tag}: gocmd and go binaries differ`);
  const again = join(tmp, 'out', `${tag}.go-from-ours`);
  const r = run('go', dir, ['build', '-x', ...flags, '-o', again, pkg], 'ours');
  ok(r, `go build -x ${pkg} in gocmd's cache`);
  assert.deepEqual(toolRuns(r.stderr), [], `${tag}: go rebuilt packages gocmd had cached (action IDs differ)`);
  assert.ok(readFileSync(again).equals(readFileSync(mine)), `${tag}: go's relink from gocmd's cache differs`);
  return mine;
}

function skipped(t: { skip: (msg: string) => void }): boolean {
  if (skipAll === '') return false;
  t.skip(`skipped: ${skipAll}`);
  return true;
}

describe('cgo under the defaults: gocmd and go byte for byte, build IDs included', () => {
  const cases: Array<[string, string, RegExp]> = [
    // net and os/user are built with cgo by default (runtime/cgo, the cgo resolver, getpwuid_r).
    ['netuser', './cmd/netuser', /^true true\n$/],
    ['cexport', './cmd/cexport', /^21\n$/],
    ['cxxsum', './cmd/cxxsum', /^42\n$/],
    ['cgohello', './cmd/cgohello', /^10\.0\.0\.1 true 200 15 6\n$/],
  ];
  for (const [tag, pkg, want] of cases) {
    test(`${tag}: identical binary, go finds every cache entry gocmd wrote, runs`, (t) => {
      if (skipped(t)) return;
      const bin = sameBinary(join(tmp, 'cgo'), pkg, tag);
      const out = spawnSync(bin, { encoding: 'utf8' });
      assert.equal(out.status, 0, out.stderr);
      assert.match(out.stdout, want);
    });
  }
  test('gocmd finds every cache entry go wrote', (t) => {
    if (skipped(t)) return;
    const r = run('gocmd', join(tmp, 'cgo'), ['build', '-x', '-o', join(tmp, 'out', 'from-theirs'), './cmd/cgohello'], 'theirs');
    ok(r, 'gocmd build -x in go\'s cache');
    assert.deepEqual(toolRuns(r.stderr), []);
  });
  // Two smaller programs than cgohello: -trimpath changes every action ID, std's included.
  test('-trimpath: identical binaries and shared cache entries (C with //export, C++)', (t) => {
    if (skipped(t)) return;
    sameBinary(join(tmp, 'cgo'), './cmd/cexport', 'cexport-trim', ['-trimpath']);
    sameBinary(join(tmp, 'cgo'), './cmd/cxxsum', 'cxxsum-trim', ['-trimpath']);
  });
  test('go run: same output', (t) => {
    if (skipped(t)) return;
    const a = run('gocmd', join(tmp, 'cgo'), ['run', './cmd/cgohello'], 'ours');
    const b = run('go', join(tmp, 'cgo'), ['run', './cmd/cgohello'], 'theirs');
    assert.deepEqual(a, b);
    assert.equal(a.stdout, '10.0.0.1 true 200 15 6\n');
  });
  // go -n prints each cgo package's banner after its cgo run and C compiles, and the flag probes again
  // before the _cgo_.o link: the whole script must be go's, byte for byte.
  test('-n -a prints the same script as go', (t) => {
    if (skipped(t)) return;
    const dir = join(tmp, 'cgo');
    const a = run('gocmd', dir, ['build', '-n', '-a', '-o', 'x', './cmd/cgohello'], 'ours');
    const b = run('go', dir, ['build', '-n', '-a', '-o', 'x', './cmd/cgohello'], 'theirs');
    assert.equal(a.code, b.code);
    assert.equal(a.stderr, b.stderr);
  });
});

describe('cgo rebuilds: gocmd compiles exactly what go compiles', () => {
  let dir = '';
  /**
   * Builds cgohello with -x -p 1 (one action at a time) in both caches: the same packages rebuilt, the
   * same traces; then go must find all of gocmd's entries. Returns go's tool runs. With order 'any' the
   * traces must hold the same commands in any order (`cd` lines aside, which depend on the order): when
   * independent packages rebuild, gocmd runs the longest chain of dependents first (assignPriorities in
   * src/work/action.ts), go its post-order.
   */
  function sameRebuild(what: string, extra: Record<string, string> = {}, order: 'exact' | 'any' = 'exact'): string[] {
    const [outMine, outTheirs] = [join(tmp, 'out', 'edit.gocmd'), join(tmp, 'out', 'edit.go')];
    const mine = run('gocmd', dir, ['build', '-x', '-p', '1', '-o', outMine, './cmd/cgohello'], 'ours', extra);
    const theirs = run('go', dir, ['build', '-x', '-p', '1', '-o', outTheirs, './cmd/cgohello'], 'theirs', extra);
    ok(mine, `gocmd build (${what})`);
    ok(theirs, `go build (${what})`);
    const runs = toolRuns(theirs.stderr);
    assert.deepEqual(toolRuns(mine.stderr), runs, `${what}: gocmd rebuilt other packages than go`);
    const [a, b] = [normaliseTrace(mine.stderr, 'ours', outMine), normaliseTrace(theirs.stderr, 'theirs', outTheirs)];
    const lines = (s: string): string[] => (order === 'exact' ? [s] : s.split('\n').filter((l) => !l.startsWith('cd ')).sort());
    assert.deepEqual(lines(a), lines(b), `${what}: -x traces differ`);
    assert.ok(readFileSync(join(tmp, 'out', 'edit.gocmd')).equals(readFileSync(join(tmp, 'out', 'edit.go'))), `${what}: binaries differ`);
    const check = run('go', dir, ['build', '-x', '-o', join(tmp, 'out', 'edit.check'), './cmd/cgohello'], 'ours', extra);
    ok(check, `go build in gocmd's cache (${what})`);
    assert.deepEqual(toolRuns(check.stderr), [], `${what}: go rebuilt packages gocmd had cached`);
    return runs;
  }
  const has = (runs: string[], entry: string): boolean => runs.includes(entry);

  before(() => {
    if (skipAll !== '') return;
    // A copy of its own: the directory is part of every action ID without -trimpath, and edits stay here.
    dir = join(tmp, 'cgo-edit');
    cpSync(join(tmp, 'cgo'), dir, { recursive: true });
  });

  test('first build, then a no-op', (t) => {
    if (skipped(t)) return;
    const first = sameRebuild('first build', {}, 'any');
    assert.ok(has(first, 'cgo example.com/cgofix/clib') && has(first, 'g++ example.com/cgofix/cxx'), first.join('\n'));
    assert.deepEqual(sameRebuild('no change'), []);
  });
  test('a comment in a C header of clib', (t) => {
    if (skipped(t)) return;
    appendFileSync(join(dir, 'clib/clib.h'), '/* changed */\n');
    const runs = sameRebuild('clib.h edited');
    assert.ok(has(runs, 'cgo example.com/cgofix/clib'), runs.join('\n'));
    assert.ok(!runs.some((r) => r.endsWith(' example.com/cgofix/cxx') || r.endsWith(' runtime/cgo')), runs.join('\n'));
  });
  test('a C++ package header', (t) => {
    if (skipped(t)) return;
    appendFileSync(join(dir, 'cxx/wrap.h'), '// changed\n');
    const runs = sameRebuild('wrap.h edited');
    assert.ok(has(runs, 'g++ example.com/cgofix/cxx'), runs.join('\n'));
  });
  test('CGO_CFLAGS, CGO_CXXFLAGS, CGO_LDFLAGS, then back to the defaults', (t) => {
    if (skipped(t)) return;
    const cflags = sameRebuild('CGO_CFLAGS', { CGO_CFLAGS: '-O1 -g' }, 'any');
    for (const p of ['runtime/cgo', 'net', 'os/user', 'example.com/cgofix/clib', 'example.com/cgofix/cxx']) {
      assert.ok(has(cflags, `cgo ${p}`), `CGO_CFLAGS: expected cgo ${p} in\n${cflags.join('\n')}`);
    }
    const cxxflags = sameRebuild('CGO_CXXFLAGS', { CGO_CXXFLAGS: '-O1 -g' });
    assert.ok(has(cxxflags, 'g++ example.com/cgofix/cxx'), cxxflags.join('\n'));
    const ldflags = sameRebuild('CGO_LDFLAGS', { CGO_LDFLAGS: '-O2 -g -Wl,--as-needed' }, 'any');
    assert.ok(has(ldflags, 'cgo example.com/cgofix/clib') && has(ldflags, 'cgo runtime/cgo'), ldflags.join('\n'));
    assert.deepEqual(sameRebuild('defaults again'), []);
  });
});

describe('a package with a large C part: its cgo run and C compiles start before its dependencies are built', () => {
  // exec.ts starts them speculatively (cgospecrun.ts) once a dependency of the package is found not cached;
  // the package's C file is past cgospec.ts's SPECULATE_MIN_C_BYTES (most of it a comment, to compile fast)
  // and includes cgo's _cgo_export.h, which the cgo run must have written first.
  let dir = '';
  before(() => {
    if (skipAll !== '') return;
    dir = join(tmp, 'cgobig');
    mkdirSync(join(dir, 'dep'), { recursive: true });
    mkdirSync(join(dir, 'big'));
    writeFileSync(join(dir, 'go.mod'), 'module example.com/cgobig\n\ngo 1.22\n');
    writeFileSync(join(dir, 'dep', 'dep.go'), 'package dep\n\n// Scale is the Go dependency of the cgo package.\nfunc Scale(x int) int { return x * 3 }\n');
    writeFileSync(join(dir, 'big', 'big.go'), 'package big\n\n// int cvalue(void);\nimport "C"\n\nimport "example.com/cgobig/dep"\n\n' +
      '//export goTriple\nfunc goTriple(x C.int) C.int { return x * 3 }\n\n// Value is computed in C, which calls back into Go.\nfunc Value() int { return dep.Scale(int(C.cvalue())) }\n');
    const filler = ' * filler line of the amalgamation-sized C file, skipped by the preprocessor\n'.repeat(15_000);
    writeFileSync(join(dir, 'big', 'big.c'), `#include "_cgo_export.h"\n\n/*\n${filler} */\nint cvalue(void) { return goTriple(7); }\n`);
    writeFileSync(join(dir, 'main.go'), 'package main\n\nimport (\n\t"fmt"\n\n\t"example.com/cgobig/big"\n)\n\nfunc main() { fmt.Println(big.Value()) }\n');
  });

  test('first build: identical binary, shared cache entries, runs', (t) => {
    if (skipped(t)) return;
    assert.ok(readFileSync(join(dir, 'big', 'big.c')).length >= 1 << 20);
    const bin = sameBinary(dir, '.', 'cgobig');
    const out = spawnSync(bin, { encoding: 'utf8' });
    assert.equal(out.status, 0, out.stderr);
    assert.equal(out.stdout, '63\n');
  });
  test('a dependency rebuilt to the same bytes: the package is cached, the speculative run is dropped silently', (t) => {
    if (skipped(t)) return;
    // A blank line at the end changes dep's action ID, not its archive: big's action ID stays.
    appendFileSync(join(dir, 'dep', 'dep.go'), '\n');
    const mine = join(tmp, 'out', 'cgobig-dep.gocmd');
    const r = run('gocmd', dir, ['build', '-o', mine, '.'], 'ours');
    assert.deepEqual(r, { code: 0, stdout: '', stderr: '' });
    assert.ok(readFileSync(mine).equals(readFileSync(join(tmp, 'out', 'cgobig.gocmd'))));
    // go's cache follows, so that the next test's traces start from the same state.
    const theirs = join(tmp, 'out', 'cgobig-dep.go');
    ok(run('go', dir, ['build', '-o', theirs, '.'], 'theirs'), 'go build');
    assert.ok(readFileSync(theirs).equals(readFileSync(mine)));
    // go then finds big (and dep) in gocmd's cache: nothing of big was stored twice or differently.
    const check = run('go', dir, ['build', '-x', '-o', join(tmp, 'out', 'cgobig-dep.check'), '.'], 'ours');
    ok(check, 'go build -x in gocmd\'s cache');
    assert.deepEqual(toolRuns(check.stderr), []);
  });
  test('the C file edited: -x -p 1 prints go\'s lines in go\'s order, identical binary', (t) => {
    if (skipped(t)) return;
    appendFileSync(join(dir, 'big', 'big.c'), '/* edited */\n');
    const [outMine, outTheirs] = [join(tmp, 'out', 'cgobig-x.gocmd'), join(tmp, 'out', 'cgobig-x.go')];
    const mine = run('gocmd', dir, ['build', '-x', '-p', '1', '-o', outMine, '.'], 'ours');
    const theirs = run('go', dir, ['build', '-x', '-p', '1', '-o', outTheirs, '.'], 'theirs');
    ok(mine, 'gocmd build -x');
    ok(theirs, 'go build -x');
    assert.ok(toolRuns(theirs.stderr).includes('gcc example.com/cgobig/big'), theirs.stderr);
    assert.equal(normaliseTrace(mine.stderr, 'ours', outMine), normaliseTrace(theirs.stderr, 'theirs', outTheirs));
    assert.ok(readFileSync(outMine).equals(readFileSync(outTheirs)));
  });
});

describe('cgo errors as go prints them', () => {
  const cases: Array<[string, string]> = [
    ['a C file that does not compile', './cfile'],
    ['a C syntax error in the preamble', './preamble'],
    ['an unknown C name', './undef'],
    ['an undefined C symbol at the final link', './unlinked'],
  ];
  for (const [name, pkg] of cases) {
    test(name, (t) => {
      if (skipped(t)) return;
      const dir = join(tmp, 'cgobad');
      const o = join(tmp, 'out', 'bad');
      const a = run('gocmd', dir, ['build', '-o', o, pkg], 'ours');
      const b = run('go', dir, ['build', '-o', o, pkg], 'theirs');
      assert.equal(b.code, 1, `go build ${pkg} should fail`);
      assert.equal(a.code, b.code);
      assert.equal(normalise(a.stderr), normalise(b.stderr));
      assert.equal(a.stdout, b.stdout);
    });
  }
});

describe('#cgo pkg-config against the system SQLite', () => {
  test('identical binary, shared cache entries, runs', (t) => {
    if (skipped(t)) return;
    if (spawnSync('pkg-config', ['--version']).status !== 0) {
      t.skip('skipped: pkg-config is not installed (Debian: apt-get install pkg-config libsqlite3-dev)');
      return;
    }
    if (spawnSync('pkg-config', ['--exists', 'sqlite3']).status !== 0) {
      t.skip('skipped: pkg-config finds no sqlite3.pc (Debian: apt-get install libsqlite3-dev)');
      return;
    }
    const bin = sameBinary(join(tmp, 'cgopc'), '.', 'cgopc');
    const out = spawnSync(bin, { encoding: 'utf8' });
    assert.equal(out.status, 0, out.stderr);
    assert.equal(out.stdout, '42 true\n');
  });
});

const SQLITE = 'github.com/mattn/go-sqlite3';
const SQLITE_MAIN = `package main

import (
	"database/sql"
	"fmt"

	_ "${SQLITE}"
)

func main() {
	db, err := sql.Open("sqlite3", ":memory:")
	if err != nil {
		panic(err)
	}
	defer db.Close()
	if _, err := db.Exec("CREATE TABLE t (n INTEGER); INSERT INTO t VALUES (20), (22)"); err != nil {
		panic(err)
	}
	var sum int
	var version string
	if err := db.QueryRow("SELECT SUM(n), sqlite_version() FROM t").Scan(&sum, &version); err != nil {
		panic(err)
	}
	fmt.Println("sum", sum, "version", version != "")
}
`;

/** '' when the first proxy of the configured GOPROXY lists go-sqlite3's versions within 5 s, else why not. */
async function probeProxy(): Promise<string> {
  const goproxy = goEnv('GOPROXY');
  if (goproxy === '' || goproxy === 'off') return `GOPROXY=${goproxy || '(empty)'}: no module proxy to fetch ${SQLITE} from`;
  const first = goproxy.split(/[,|]/).map((s) => s.trim()).find((s) => /^https?:\/\//.test(s));
  if (!first) return `GOPROXY=${goproxy} names no proxy URL`;
  try {
    const r = await fetch(`${first.replace(/\/$/, '')}/${SQLITE}/@v/list`, { signal: AbortSignal.timeout(5000) });
    await r.arrayBuffer();
    if (r.status !== 200) return `the configured GOPROXY answered ${r.status} for ${SQLITE}/@v/list`;
  } catch (e) {
    const err = e as Error & { cause?: Error };
    return `the configured GOPROXY is unreachable (${err.cause?.message ?? err.message})`;
  }
  return '';
}

describe(`${SQLITE}, latest version from the configured GOPROXY`, () => {
  test('gocmd and go build the same binary; it runs a query in an in-memory database', async (t) => {
    if (skipped(t)) return;
    const why = await probeProxy();
    if (why !== '') {
      t.skip(`skipped: ${why}`);
      return;
    }
    const dir = join(tmp, 'sqlite');
    mkdirSync(dir);
    writeFileSync(join(dir, 'go.mod'), 'module example.com/sqlite\n\ngo 1.22\n');
    // gocmd resolves @latest and downloads the module (gocmd has no `go get` or `go mod tidy` yet).
    const latest = run('gocmd', dir, ['list', '-m', '-json', `${SQLITE}@latest`], 'ours');
    ok(latest, 'gocmd list -m @latest');
    const version = (JSON.parse(latest.stdout) as { Version: string }).Version;
    const dl = run('gocmd', dir, ['mod', 'download', '-json', `${SQLITE}@${version}`], 'ours');
    ok(dl, 'gocmd mod download');
    const info = JSON.parse(dl.stdout) as { Sum: string; GoModSum: string };
    t.diagnostic(`${SQLITE} ${version}`);
    writeFileSync(join(dir, 'go.mod'), `module example.com/sqlite\n\ngo 1.22\n\nrequire ${SQLITE} ${version}\n`);
    writeFileSync(join(dir, 'go.sum'), `${SQLITE} ${version} ${info.Sum}\n${SQLITE} ${version}/go.mod ${info.GoModSum}\n`);
    writeFileSync(join(dir, 'main.go'), SQLITE_MAIN);
    // go checks the module gocmd extracted before building from it.
    const verify = run('go', dir, ['mod', 'verify'], 'theirs');
    assert.equal(verify.stdout, 'all modules verified\n', verify.stderr);
    const bin = sameBinary(dir, '.', 'sqlite');
    const out = spawnSync(bin, { encoding: 'utf8' });
    assert.equal(out.status, 0, out.stderr);
    assert.equal(out.stdout, 'sum 42 version true\n');
  });
});
