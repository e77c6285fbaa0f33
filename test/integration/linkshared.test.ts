// Integration (slow, opt-in: GOCMD_SLOW_TESTS=1): -linkshared against real go, in GOPATH mode with a
// private -pkgdir per side. Each side makes libruntime.so (-buildmode=shared -linkshared runtime), then
// libdep.so from a three-package GOPATH library (dep/other imported by nothing), then a program linked against both: the library's and the
// program's link commands and .shlibname files are go's, and the programs run alike. Then a library source
// changes: the program's build relinks and reinstalls the libraries it depends on (go's relink of the
// libraries named by each package's .shlibname, their packages read from the library's package-list
// note), with go's link commands in go's order, and the program shows the change. Rebuilds with nothing
// changed relink the libraries again (go always does); the first also links the program again (go hashed
// the library's build ID from before its relink), the second does not. go run and go test relink the
// libraries the same way before linking the program or the test binary. go list -export, -compiled and Stale
// plan the same links (go's list builds each main package's link) but run no link or install: only the
// libraries' .shlibname files are written (-test: the test main's link too), and Export, Shlib and Target are go's. go run pkg@version
// (from a file:// proxy) relinks libruntime.so as a local go run does. The runtime as a
// shared library compiles the runtime's packages twice over (about a minute a side on a quiet machine).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeZip } from '../../src/lib/zip.js';
import { GO } from './buildharness.js';
import { bundleCLI, gocmdSync } from './cliharness.js';

let tmp = '';
let GOCMD = '';
let skipReason = process.env['GOCMD_SLOW_TESTS'] === '1' ? '' : 'slow: set GOCMD_SLOW_TESTS=1 to run';

interface Result { code: number; stdout: string; stderr: string }

function run(bin: 'go' | 'gocmd', args: string[], cwd = join(tmp, 'gopath', 'src', 'prog'), extraEnv: NodeJS.ProcessEnv = {}): Result {
  const env: NodeJS.ProcessEnv = {
    ...process.env, GOCACHE: join(tmp, 'cache-' + bin), GOFLAGS: '-buildvcs=false', GOTOOLCHAIN: 'local', GO111MODULE: 'off',
    GOPATH: join(tmp, 'gopath'), CGO_ENABLED: '1', ...extraEnv,
  };
  for (const k of ['GOOS', 'GOARCH', 'CC', 'CXX', 'CGO_CFLAGS', 'CGO_LDFLAGS']) delete env[k];
  const r = bin === 'go'
    ? spawnSync(GO, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 << 20 })
    : gocmdSync(GOCMD, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** The lines of an -x log that write a .shlibname file (and the mkdirs before them), each side's pkgdir masked. */
function shlibnameLines(x: string, bin: string): string[] {
  const pd = join(tmp, 'pd-' + bin);
  return x.split('\n').filter((l) => l.includes(pd)).map((l) => l.split(pd).join('$PD'));
}

/** The link commands of an -x log, with each side's paths and the build IDs masked. */
function linkLines(x: string, bin: string): string[] {
  return x.split('\n').filter((l) => /\/link -o /.test(l))
    .map((l) => l.split(join(tmp, 'pd-' + bin)).join('$PD').replace(/\$WORK\/b\d+\//g, '$WORK/bX/').replace(/-buildid=\S+/g, '-buildid=X'));
}

before(async () => {
  if (skipReason) return;
  if (spawnSync('gcc', ['--version']).status !== 0) { skipReason = 'no gcc on PATH: -linkshared links externally'; return; }
  tmp = mkdtempSync(join(tmpdir(), 'gocmd-linkshared-'));
  GOCMD = join(tmp, 'gocmd.mjs');
  await bundleCLI(GOCMD);
  const src = join(tmp, 'gopath', 'src');
  mkdirSync(join(src, 'dep', 'sub'), { recursive: true });
  mkdirSync(join(src, 'dep', 'other'), { recursive: true });
  mkdirSync(join(src, 'prog'), { recursive: true });
  writeFileSync(join(src, 'dep', 'dep.go'), 'package dep\n\nimport "dep/sub"\n\nfunc F() int { return sub.G() + 1 }\n');
  writeFileSync(join(src, 'dep', 'sub', 'sub.go'), 'package sub\n\nfunc G() int { return 41 }\n');
  // In libdep.so but imported by nothing: relinking the library loads it all the same.
  writeFileSync(join(src, 'dep', 'other', 'other.go'), 'package other\n\nfunc H() int { return 7 }\n');
  writeFileSync(join(src, 'prog', 'main_test.go'), 'package main\n\nimport (\n\t"dep"\n\t"testing"\n)\n\nfunc TestF(t *testing.T) { t.Log(dep.F()) }\n');
  writeFileSync(join(src, 'prog', 'main.go'), 'package main\n\nimport "dep"\n\nfunc main() { println(dep.F()) }\n');
});

after(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('-linkshared', () => {
  test('a shared runtime, a shared GOPATH library and a program linked against them, as go makes them', (t) => {
    if (skipReason) return t.skip(skipReason);
    const logs: Record<string, { lib: string[]; prog: string[]; names: string[]; out: string }> = {};
    for (const bin of ['go', 'gocmd'] as const) {
      const pd = '-pkgdir=' + join(tmp, 'pd-' + bin);
      const rt = run(bin, ['install', '-buildmode=shared', '-linkshared', pd, 'runtime']);
      assert.equal(rt.code, 0, `${bin} runtime: ${rt.stderr}`);
      const lib = run(bin, ['install', '-x', '-buildmode=shared', '-linkshared', pd, 'dep/...']);
      assert.equal(lib.code, 0, `${bin} dep: ${lib.stderr}`);
      const exe = join(tmp, 'prog-' + bin);
      const prog = run(bin, ['build', '-x', '-linkshared', pd, '-o', exe, '.']);
      assert.equal(prog.code, 0, `${bin} prog: ${prog.stderr}`);
      const out = spawnSync(exe, [], { encoding: 'utf8' });
      logs[bin] = {
        // Every link of the library's install (libruntime.so's relink first) and of the program's build.
        lib: linkLines(lib.stderr, bin),
        prog: linkLines(prog.stderr, bin),
        names: ['runtime', 'runtime/cgo', 'dep', 'dep/sub'].map((p) => readFileSync(join(tmp, 'pd-' + bin, p + '.shlibname'), 'utf8')),
        out: `${out.status} ${out.stdout} ${out.stderr}`,
      };
    }
    const mine = logs['gocmd']!, theirs = logs['go']!;
    assert.equal(mine.lib.length, 2);
    assert.match(mine.lib[0]!, /-o libruntime\.so .* -buildmode=shared -linkshared -w /);
    assert.match(mine.lib[1]!, /-o libdep\.so .* -buildmode=shared -linkshared -w /);
    assert.deepEqual(mine.lib, theirs.lib);
    assert.equal(mine.prog.length, 3);
    assert.match(mine.prog[2]!, /a\.out .* -linkshared -w /);
    assert.deepEqual(mine.prog.map((l) => l.replace(/-buildid=\S+/, '')), theirs.prog.map((l) => l.replace(/-buildid=\S+/, '')));
    assert.deepEqual(mine.names, ['libruntime.so\n', 'libruntime.so\n', 'libdep.so\n', 'libdep.so\n']);
    assert.deepEqual(mine.names, theirs.names);
    assert.equal(mine.out, '0  42\n');
    assert.equal(mine.out, theirs.out);
  });

  test('a changed library source: the program build relinks the libraries first; no-op builds relink them again', (t) => {
    if (skipReason) return t.skip(skipReason);
    writeFileSync(join(tmp, 'gopath', 'src', 'dep', 'sub', 'sub.go'), 'package sub\n\nfunc G() int { return 99 }\n');
    const logs: Record<string, { edit: string[]; again: string[]; noop: string[]; out: string }> = {};
    for (const bin of ['go', 'gocmd'] as const) {
      const pd = '-pkgdir=' + join(tmp, 'pd-' + bin);
      const exe = join(tmp, 'prog-' + bin);
      const edit = run(bin, ['build', '-x', '-linkshared', pd, '-o', exe, '.']);
      assert.equal(edit.code, 0, `${bin} edit: ${edit.stderr}`);
      const out = spawnSync(exe, [], { encoding: 'utf8' });
      const again = run(bin, ['build', '-x', '-linkshared', pd, '-o', exe, '.']);
      assert.equal(again.code, 0, `${bin} again: ${again.stderr}`);
      const noop = run(bin, ['build', '-x', '-linkshared', pd, '-o', exe, '.']);
      assert.equal(noop.code, 0, `${bin} noop: ${noop.stderr}`);
      // A main package compiled before comes from each side's own GOCACHE.
      const mask = (l: string): string => l.replace(/-buildid=\S+/, '').split(join(tmp, 'cache-' + bin)).join('$GOCACHE');
      logs[bin] = { edit: linkLines(edit.stderr, bin).map(mask), again: linkLines(again.stderr, bin).map(mask), noop: linkLines(noop.stderr, bin).map(mask), out: `${out.status} ${out.stdout} ${out.stderr}` };
    }
    const mine = logs['gocmd']!, theirs = logs['go']!;
    assert.deepEqual(mine.edit.map((l) => /-o (\S+)/.exec(l)![1]), ['libruntime.so', 'libdep.so', '$WORK/bX/exe/a.out']);
    assert.deepEqual(mine.edit, theirs.edit);
    assert.equal(mine.out, '0  100\n');
    assert.equal(mine.out, theirs.out);
    assert.deepEqual(mine.again.map((l) => /-o (\S+)/.exec(l)![1]), ['libruntime.so', 'libdep.so', '$WORK/bX/exe/a.out']);
    assert.deepEqual(mine.again, theirs.again);
    assert.deepEqual(mine.noop.map((l) => /-o (\S+)/.exec(l)![1]), ['libruntime.so', 'libdep.so']);
    assert.deepEqual(mine.noop, theirs.noop);
  });

  test('go run and go test link the same way: the libraries are relinked before the program and the test binary', (t) => {
    if (skipReason) return t.skip(skipReason);
    const logs: Record<string, { run: string[]; runOut: string; test: string[]; testOut: string }> = {};
    for (const bin of ['go', 'gocmd'] as const) {
      const pd = '-pkgdir=' + join(tmp, 'pd-' + bin);
      const r = run(bin, ['run', '-x', '-linkshared', pd, '.']);
      assert.equal(r.code, 0, `${bin} run: ${r.stderr}`);
      // -v: the test's log shows the library it ran against.
      const tr = run(bin, ['test', '-x', '-v', '-count=1', '-linkshared', pd, '.']);
      assert.equal(tr.code, 0, `${bin} test: ${tr.stderr}\n${tr.stdout}`);
      const mask = (l: string): string => l.replace(/-buildid=\S+/, '').split(join(tmp, 'cache-' + bin)).join('$GOCACHE');
      logs[bin] = {
        run: linkLines(r.stderr, bin).map(mask),
        runOut: r.stderr.split('\n').filter((l) => /^\d+$/.test(l)).join(','),
        test: linkLines(tr.stderr, bin).map(mask),
        testOut: tr.stdout.split('\n').filter((l) => /main_test\.go/.test(l)).join(','),
      };
    }
    const mine = logs['gocmd']!, theirs = logs['go']!;
    assert.deepEqual(mine.run.map((l) => /-o (\S+)/.exec(l)![1]), ['libruntime.so', 'libdep.so', '$WORK/bX/exe/prog']);
    // libdep.so's relink names dep/other, which the program does not import.
    assert.match(mine.run[1]!, / dep\/other=\$PD\/dep\/other\.a /);
    assert.deepEqual(mine.run, theirs.run);
    assert.equal(mine.runOut, '100');
    assert.equal(mine.runOut, theirs.runOut);
    assert.deepEqual(mine.test.map((l) => /-o (\S+)/.exec(l)![1]), ['libruntime.so', 'libdep.so', '$WORK/bX/prog.test']);
    assert.deepEqual(mine.test, theirs.test);
    assert.match(mine.testOut, /main_test\.go:\d+: 100/);
    assert.equal(mine.testOut, theirs.testOut);
  });

  test('go list -export, -compiled and Stale: the libraries\' .shlibname files are rewritten, nothing is linked or installed', (t) => {
    if (skipReason) return t.skip(skipReason);
    const logs: Record<string, { x: Record<string, string[]>; out: Record<string, string>; n: string[] }> = {};
    for (const bin of ['go', 'gocmd'] as const) {
      const pd = '-pkgdir=' + join(tmp, 'pd-' + bin);
      const mask = (s: string): string => s.split(join(tmp, 'pd-' + bin)).join('$PD').split(join(tmp, 'cache-' + bin)).join('$GOCACHE');
      const x: Record<string, string[]> = {}, out: Record<string, string> = {};
      // (Stale alone makes go's list run the same build.)
      for (const flag of ['-export', '-compiled', '-e', '-test']) {
        const f = flag === '-e' ? '{{.ImportPath}} {{.Stale}} {{.StaleReason}}' : '{{.ImportPath}} {{.Export}} {{.Shlib}} {{.Target}} {{.CompiledGoFiles}}';
        const r = run(bin, ['list', '-x', flag, '-linkshared', pd, '-deps', '-f', f, '.', 'dep/other']);
        assert.equal(r.code, 0, `${bin} list ${flag}: ${r.stderr}`);
        // Every tool run, directory made and file written.
        x[flag] = r.stderr.split('\n').filter((l) => !l.startsWith('WORK=')).map(mask);
        out[flag] = mask(r.stdout);
      }
      // -n: the writes are only shown.
      const n = run(bin, ['list', '-n', '-export', '-linkshared', pd, '.']);
      assert.equal(n.code, 0, `${bin} list -n: ${n.stderr}`);
      // -test: the test main is linked too (its packages were compiled by the go test case above).
      const tr = run(bin, ['list', '-x', '-test', '-export', '-linkshared', pd, '-f', '{{.ImportPath}} {{.Export}} {{.Shlib}}', '.']);
      assert.equal(tr.code, 0, `${bin} list -test: ${tr.stderr}`);
      x['-test'] = tr.stderr.split('\n').filter((l) => !l.startsWith('WORK=')).map(mask);
      out['-test'] = mask(tr.stdout).replace(/\$GOCACHE\/\S+/g, '$GOCACHE/X');
      logs[bin] = { x, out, n: shlibnameLines(n.stderr, bin) };
    }
    const mine = logs['gocmd']!, theirs = logs['go']!;
    for (const flag of ['-export', '-compiled', '-e']) {
      assert.deepEqual(mine.x[flag]!.filter((l) => !l.startsWith('mkdir ')), [
        "echo 'libruntime.so' > $PD/runtime.shlibname # internal", "echo 'libruntime.so' > $PD/runtime/cgo.shlibname # internal",
        "echo 'libdep.so' > $PD/dep.shlibname # internal", "echo 'libdep.so' > $PD/dep/other.shlibname # internal",
        "echo 'libdep.so' > $PD/dep/sub.shlibname # internal", '',
      ], flag);
      assert.deepEqual(mine.x[flag], theirs.x[flag], flag);
      assert.equal(mine.out[flag], theirs.out[flag], flag);
    }
    assert.match(mine.out['-export']!, /^dep \$PD\/dep\.a \$PD\/libdep\.so \$PD\/dep\.a /m);
    assert.match(mine.out['-export']!, /^prog \$GOCACHE\/\S+-d  \S+\/bin\/prog /m);
    assert.match(mine.out['-e']!, /^prog true not installed but available in build cache$/m);
    assert.equal(mine.n.length, 5);
    assert.deepEqual(mine.n, theirs.n);
  });

  test('go run pkg@version relinks the shared libraries as a local go run does', (t) => {
    if (skipReason) return t.skip(skipReason);
    // A file:// proxy with one module whose command uses only the runtime (in libruntime.so).
    const at = join(tmp, 'proxy', 'example.com', 'hello', '@v');
    mkdirSync(at, { recursive: true });
    const gomod = 'module example.com/hello\n\ngo 1.22\n';
    writeFileSync(join(at, 'list'), 'v1.0.0\n');
    writeFileSync(join(at, 'v1.0.0.info'), '{"Version":"v1.0.0","Time":"2024-01-01T00:00:00Z"}\n');
    writeFileSync(join(at, 'v1.0.0.mod'), gomod);
    writeFileSync(join(at, 'v1.0.0.zip'), writeZip([
      { name: 'example.com/hello@v1.0.0/go.mod', data: Buffer.from(gomod) },
      { name: 'example.com/hello@v1.0.0/main.go', data: Buffer.from('package main\n\nfunc main() { println("hello") }\n') },
    ]));
    const logs: Record<string, { links: string[]; names: string[]; out: string }> = {};
    for (const bin of ['go', 'gocmd'] as const) {
      const pd = '-pkgdir=' + join(tmp, 'pd-' + bin);
      const r = run(bin, ['run', '-x', '-linkshared', pd, 'example.com/hello@v1.0.0'], tmp, {
        GO111MODULE: 'on', GOPROXY: 'file://' + join(tmp, 'proxy'), GONOSUMDB: 'example.com', GOMODCACHE: join(tmp, 'modcache-' + bin),
      });
      assert.equal(r.code, 0, `${bin} run: ${r.stderr}`);
      const mask = (l: string): string => l.replace(/-buildid=\S+/, '').split(join(tmp, 'cache-' + bin)).join('$GOCACHE').split(join(tmp, 'modcache-' + bin)).join('$GOMODCACHE');
      logs[bin] = {
        links: linkLines(r.stderr, bin).map(mask),
        names: shlibnameLines(r.stderr, bin),
        out: r.stderr.split('\n').filter((l) => l === 'hello').join(','),
      };
    }
    const mine = logs['gocmd']!, theirs = logs['go']!;
    assert.deepEqual(mine.links.map((l) => /-o (\S+)/.exec(l)![1]), ['libruntime.so', '$WORK/bX/exe/hello']);
    assert.deepEqual(mine.links, theirs.links);
    assert.deepEqual(mine.names, theirs.names);
    assert.equal(mine.out, 'hello');
    assert.equal(mine.out, theirs.out);
  });
});
