// Integration: GOCMD_SERVER=1 runs commands through the resident server (src/server) with the same
// output and exit status as a plain run: env -json, version, list, a failing build, `run` fed on stdin,
// concurrent requests; a server whose bundle changed gives way to a new one; a socket directory with
// wrong permissions means a plain run.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { GO } from './buildharness.js';
import { removeTestDir, runProgram, shippedCLI, type Result } from './cliharness.js';
import { testSpawner } from '../../src/base/spawnertest.js';
import { startProxy } from '../../conformance/proxy/server.js';

const ROOT = resolve(import.meta.dirname, '../../..');
let tmp = '';
let gocmd = '';
let runDir = '';
let mod = '';
let skip = '';

/** The gocmd-client binary: as `npm run build` leaves it, else built with the compiled CLI. */
function clientBinary(dest: string): void {
  const dist = join(ROOT, 'dist', 'gocmd-client');
  if (existsSync(dist)) { copyFileSync(dist, dest); chmodSync(dest, 0o755); return; }
  const r = spawnSync(process.execPath, [join(ROOT, 'build', 'src', 'main.js'), 'build', '-o', dest, '.'], {
    cwd: join(ROOT, 'src', 'server', 'client'), encoding: 'utf8',
    env: { ...process.env, CGO_ENABLED: '0', GOFLAGS: '-buildvcs=false', GOWORK: 'off', GOCMD_SPAWNER: 'off' },
  });
  if (r.status !== 0) throw new Error(`building gocmd-client: ${r.stderr}`);
}

function env(served: boolean, xdg = runDir): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = {
    ...process.env, GOFLAGS: '-buildvcs=false', GOTOOLCHAIN: 'local', GOWORK: 'off', GO111MODULE: 'on',
    GOCACHE: process.env['GOCMD_TEST_GOCACHE'] || join(tmp, 'gocache'), XDG_RUNTIME_DIR: xdg, GOCMD_SERVER_IDLE: '30s',
  };
  delete e['GOCMD_SERVER'];
  if (served) e['GOCMD_SERVER'] = '1';
  return e;
}

/** Work directory names (in GOGCCFLAGS) differ run to run. */
const norm = (s: string): string => s.replace(/go-build\d+/g, 'go-buildN');

function run(served: boolean, args: string[], opts: { input?: string; xdg?: string; extra?: Record<string, string>; cwd?: string } = {}): Result {
  const r = spawnSync(gocmd, args, { cwd: opts.cwd ?? mod, env: { ...env(served, opts.xdg), ...opts.extra }, input: opts.input ?? '', encoding: 'utf8', timeout: 120_000 });
  return { code: r.status ?? -1, stdout: norm(r.stdout), stderr: norm(r.stderr) };
}

function runAsync(served: boolean, args: string[], opts: { xdg?: string; extra?: Record<string, string> } = {}): Promise<Result> {
  return new Promise((res, rej) => {
    const p = spawn(gocmd, args, { cwd: mod, env: { ...env(served, opts.xdg), ...opts.extra }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    p.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    p.on('error', rej);
    p.on('close', (code) => res({ code: code ?? -1, stdout: norm(stdout), stderr: norm(stderr) }));
  });
}

/** The server sockets in the private socket directory under xdg. */
function sockets(xdg = runDir): string[] {
  try {
    return readdirSync(join(xdg, 'gocmd')).filter((n) => n.endsWith('.sock')).sort();
  } catch {
    return [];
  }
}

before(() => {
  if (!existsSync(GO)) { skip = 'no go toolchain at ' + GO; return; }
  tmp = mkdtempSync(join(tmpdir(), 'gocmd-server-'));
  gocmd = shippedCLI(join(tmp, 'ship'));
  clientBinary(join(tmp, 'ship', 'dist', 'gocmd-client'));
  symlinkSync(testSpawner(), join(tmp, 'ship', 'dist', 'gocmd-spawner'));
  runDir = join(tmp, 'run');
  mkdirSync(runDir, { mode: 0o700 });
  mod = join(tmp, 'mod');
  mkdirSync(join(mod, 'broken'), { recursive: true });
  writeFileSync(join(mod, 'go.mod'), 'module example.com/m\n\ngo 1.22\n');
  writeFileSync(join(mod, 'main.go'), 'package main\n\nimport (\n\t"bufio"\n\t"fmt"\n\t"os"\n\t"strings"\n)\n\n' +
    'func main() {\n\ts := bufio.NewScanner(os.Stdin)\n\tfor s.Scan() {\n\t\tfmt.Println(strings.ToUpper(s.Text()))\n\t}\n' +
    '\tfmt.Fprintln(os.Stderr, "done")\n\tos.Exit(3)\n}\n');
  writeFileSync(join(mod, 'broken', 'b.go'), 'package broken\n\nfunc F() int { return "x" }\n');
});

after(() => { if (tmp !== '') removeTestDir(tmp); });

test('served runs give the output and status of plain runs', (t) => {
  if (skip) return t.skip(skip);
  for (const args of [['version'], ['env', '-json'], ['list', '-json', './...'], ['list', '-m', 'all'], ['build', './broken'], ['list', 'nosuch.example/x'], ['nosuchcmd']]) {
    const plain = run(false, args);
    const served = run(true, args);
    assert.deepEqual(served, plain, `gocmd ${args.join(' ')}`);
  }
  assert.equal(sockets().length, 1, 'one server answered');
});

test('each request has its own environment and directory, not the server\'s', (t) => {
  if (skip) return t.skip(skip);
  assert.equal(run(true, ['version']).code, 0);
  const extra = { GOOS: 'windows', GOARCH: 'arm64', GOFLAGS: '-mod=mod', TMPDIR: join(tmp, 'mod'), GOPATH: join(tmp, 'gp') };
  for (const args of [['env', '-json'], ['env', 'GOOS', 'GOMOD', 'GOFLAGS', 'GOPATH'], ['list', '-f', '{{.Dir}} {{.Target}}', '.'], ['version']]) {
    assert.deepEqual(run(true, args, { extra }), run(false, args, { extra }), args.join(' '));
    assert.deepEqual(run(true, args, { cwd: join(mod, 'broken') }), run(false, args, { cwd: join(mod, 'broken') }), args.join(' '));
    assert.deepEqual(run(true, args, { cwd: tmp }), run(false, args, { cwd: tmp }), args.join(' '));
  }
});

test('served env follows a change of the C compiler (the server keeps compiler IDs, checked by stat)', (t) => {
  if (skip) return t.skip(skip);
  const cc = join(tmp, 'cc-wrapper');
  writeFileSync(cc, '#!/bin/sh\nexec gcc "$@"\n');
  chmodSync(cc, 0o755);
  const extra = { CC: cc };
  const args = ['env', 'GOGCCFLAGS', 'CC'];
  const first = run(true, args, { extra });
  assert.deepEqual(first, run(false, args, { extra }));
  assert.match(first.stdout, /-gno-record-gcc-switches/);
  // The same path, now a compiler that rejects that flag: a new stat, so its ID is probed again.
  // (Another version line, so another ID: the flag probes cached under the old one do not apply.)
  writeFileSync(cc, '#!/bin/sh\nfor a; do\n  [ "$a" = "-###" ] && { echo "gcc version 99.1.0 (test)" >&2; exit 0; }\n' +
    '  [ "$a" = -gno-record-gcc-switches ] && { echo "unrecognized option $a" >&2; exit 1; }\ndone\nexec gcc "$@"\n');
  utimesSync(cc, new Date(2002, 2, 2), new Date(2002, 2, 2));
  const second = run(true, args, { extra });
  assert.deepEqual(second, run(false, args, { extra }));
  assert.doesNotMatch(second.stdout, /-gno-record-gcc-switches/);
});

test('run with stdin: the program reads the client\'s stdin, its status is the client\'s', (t) => {
  if (skip) return t.skip(skip);
  const plain = run(false, ['run', '.'], { input: 'a\nbc\n' });
  const served = run(true, ['run', '.'], { input: 'a\nbc\n' });
  assert.deepEqual(served, plain);
  assert.equal(served.stdout, 'A\nBC\n');
  assert.equal(served.code, 1);
  assert.match(served.stderr, /done\nexit status 3\n$/);
});

test('concurrent requests each get their own output', async (t) => {
  if (skip) return t.skip(skip);
  const cmds = [['list', '-json', './...'], ['version'], ['env', 'GOPATH'], ['build', './broken'], ['list', '-m', '-json'], ['version']];
  const plain = await Promise.all(cmds.map((a) => runAsync(false, a)));
  const served = await Promise.all(cmds.map((a) => runAsync(true, a)));
  assert.deepEqual(served, plain);
});

test('a server whose bundle changed gives way to a new one', async (t) => {
  if (skip) return t.skip(skip);
  assert.deepEqual(run(true, ['version']).code, 0);
  const before = sockets();
  assert.equal(before.length, 1);
  const bundle = join(tmp, 'ship', 'dist', 'gocmd-main.cjs');
  const later = new Date(statSync(bundle).mtimeMs + 5000);
  utimesSync(bundle, later, later);
  const r = run(true, ['version']);
  assert.deepEqual(r, run(false, ['version']));
  // The new server has its own socket; the old one notices the change and goes away.
  const deadline = Date.now() + 30_000;
  while (sockets().includes(before[0]!) && Date.now() < deadline) await new Promise((res) => setTimeout(res, 200));
  const now = sockets();
  assert.equal(now.length, 1, `sockets: ${now.join(' ')}`);
  assert.notEqual(now[0], before[0]);
});

test('a socket directory open to others means a plain run', (t) => {
  if (skip) return t.skip(skip);
  const xdg = join(tmp, 'open');
  mkdirSync(join(xdg, 'gocmd'), { recursive: true });
  chmodSync(join(xdg, 'gocmd'), 0o755);
  const served = run(true, ['env', '-json'], { xdg });
  const plain = run(false, ['env', '-json'], { xdg });
  assert.deepEqual(served, plain);
  assert.equal(served.code, 0);
  assert.deepEqual(sockets(xdg), []);
});

test('builds run in the warm worker: a no-op from its stamp, and after an edit it rebuilds what a plain run rebuilds', (t) => {
  if (skip) return t.skip(skip);
  const b = join(tmp, 'stampmod');
  for (const d of ['lib', 'cmd/a', 'cmd/b']) mkdirSync(join(b, d), { recursive: true });
  writeFileSync(join(b, 'go.mod'), 'module example.com/s\n\ngo 1.22\n');
  // Sources dated in the past: the stamp does not trust inputs changed within seconds of a build.
  const write = (file: string, text: string): void => {
    writeFileSync(join(b, file), text);
    for (const f of [file, 'go.mod', '.']) utimesSync(join(b, f), new Date(2020, 1, 1), new Date(2020, 1, 1));
  };
  let edits = 0;
  const lib = (): void => write('lib/lib.go', `package lib\n\nfunc Name() string { return "lib${++edits}" }\n`);
  const cmd = (c: string): void => write(`cmd/${c}/main.go`, `package main\n\nimport "example.com/s/lib"\n\nfunc main() { println("${c}${++edits}", lib.Name()) }\n`);
  lib(); cmd('a'); cmd('b');
  /** How many log lines of all servers match re (a restarted server's log starts afresh: counts may drop). */
  const count = (re: RegExp): number => readdirSync(join(runDir, 'gocmd')).filter((n) => n.endsWith('.log'))
    .map((n) => readFileSync(join(runDir, 'gocmd', n), 'utf8').split('\n').filter((l) => re.test(l)).length)
    .reduce((a, b) => a + b, 0);
  const prog = join(tmp, 'stampprog');
  const build = (served: boolean): Result => run(served, ['build', '-o', prog, './cmd/a'], { cwd: b });
  // gocmd's own files are inputs too, and the test's copy is seconds old (too recent to trust): dated back,
  // they make a new server (its identity changed), which then records stamps.
  for (const f of readdirSync(join(tmp, 'ship', 'dist'))) {
    if (f.endsWith('.cjs')) utimesSync(join(tmp, 'ship', 'dist', f), new Date(2020, 1, 1), new Date(2020, 1, 1));
  }
  // Dating files back sets their ctime to now, and the stamp trusts no input changed within 2 s of the
  // build (by ctime too): wait that out, or on a fast machine every build below comes too soon.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2500);
  // The warm worker builds, records the stamp, and answers the next no-op from it (GOCMD_NOOPDEBUG=1 says
  // on stderr when the stamp is not used).
  let hit = false;
  for (let i = 0; i < 8 && !hit; i++) {
    const warm = count(/warm: build -o .*stampprog/);
    const r = run(true, ['build', '-o', prog, './cmd/a'], { cwd: b, extra: { GOCMD_NOOPDEBUG: '1' } });
    assert.equal(r.code, 0, r.stderr);
    hit = count(/warm: build -o .*stampprog/) === warm + 1 && r.stderr === '';
  }
  assert.ok(hit, 'a served no-op build answered from the stamp in the warm worker');
  assert.ok(existsSync(prog));
  // With the stamp off, what each edit makes a served build compile is what it makes a plain one compile
  // (each side sees the same kind of edit, with different text, so neither finds the other's results).
  const compiled = (r: Result): string[] => [...r.stderr.matchAll(/compile -o \S+ -trimpath "[^"]*" -p (\S+)/g)].map((m) => m[1]!).sort();
  const x = (served: boolean): Result => {
    const warm = count(/warm: build -x \.\/\.\.\./);
    // The warm worker tells the server it is free just after the client has its answer: a request sent at
    // once may find it busy (and go to a pool worker).
    if (served) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
    const r = run(served, ['build', '-x', './...'], { cwd: b, extra: { GOCMD_NOOPSTAMP: '0' } });
    assert.equal(r.code, 0, r.stderr);
    if (served) assert.equal(count(/warm: build -x \.\/\.\.\./), warm + 1, 'the served build ran in the warm worker');
    return r;
  };
  x(true);
  for (const [edit, want] of [[lib, ['example.com/s/lib', 'main', 'main']], [() => cmd('b'), ['main']]] as const) {
    edit();
    const served = compiled(x(true));
    edit();
    const plain = compiled(x(false));
    assert.deepEqual(served, plain);
    assert.deepEqual(served, want);
    assert.deepEqual(compiled(x(true)), [], 'nothing to compile after the edit was built');
  }
  // A compile error is reported as a plain run's.
  write('cmd/a/main.go', 'package main\n\nfunc main() { println(x) }\n');
  const plain = build(false);
  assert.notEqual(plain.code, 0);
  assert.deepEqual(build(true), plain);
});

test('a served build measures the no-op stamp\'s racy window from its request, not from its worker\'s start', (t) => {
  if (skip) return t.skip(skip);
  // Pool workers are started ahead of time: a source edited while one waits, and settled before the build
  // (more than 2 s), is no racier than in a plain run, and the build records its stamp (found by the served
  // integration suite: modquery's install pkg@version).
  const b = join(tmp, 'racymod');
  mkdirSync(b, { recursive: true });
  writeFileSync(join(b, 'go.mod'), 'module example.com/r\n\ngo 1.22\n');
  writeFileSync(join(b, 'main.go'), 'package main\n\nfunc main() { println("one") }\n');
  // gocmd's own files are inputs too: dated back (seconds-old copies are racy themselves); a new server then.
  for (const f of readdirSync(join(tmp, 'ship', 'dist'))) {
    if (f.endsWith('.cjs')) utimesSync(join(tmp, 'ship', 'dist', f), new Date(2020, 1, 1), new Date(2020, 1, 1));
  }
  const prog = join(tmp, 'racyprog');
  const build = (): Result => run(true, ['build', '-o', prog, '.'], { cwd: b, extra: { GOCMD_NOOPDEBUG: '1' } });
  assert.equal(build().code, 0);
  // The server's workers are started now, or soon; the edit comes after.
  writeFileSync(join(b, 'main.go'), 'package main\n\nfunc main() { println("two") }\n');
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2500);
  const r = build();
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /not recorded/);
});

test('a served build that switches toolchains downloads it as a plain run does', async (t) => {
  if (skip) return t.skip(skip);
  if (process.platform !== 'linux' || process.arch !== 'x64') return t.skip('the test proxy\'s fake toolchain used here is linux-amd64');
  // Found by the served integration suite (toolchain.test.ts, which downloads a real toolchain from the
  // configured GOPROXY): a warm worker that only checked a build's stamp downloaded the toolchain and dropped
  // its "go: downloading" with the miss. Builds now run whole in the warm worker; this loopback version (the
  // test proxy's fake toolchain) guards the route, toolchain.test.ts (served) the real download.
  const proxy = await startProxy();
  t.after(() => proxy.close());
  const m = join(tmp, 'switchmod');
  mkdirSync(m, { recursive: true });
  writeFileSync(join(m, 'go.mod'), 'module example.com/sw\n\ngo 1.22\n\ntoolchain go1.999testmod\n');
  writeFileSync(join(m, 'main.go'), 'package main\n\nfunc main() {}\n');
  // Asynchronously (runProgram): the proxy answers from this process.
  const go = (served: boolean): Promise<Result> => runProgram(gocmd, ['build', '-o', join(tmp, 'switchprog'), '.'], m, {
    ...env(served), GOTOOLCHAIN: 'auto', GOPROXY: proxy.url, GOSUMDB: proxy.sumdbKey, GOFLAGS: '-modcacherw -buildvcs=false',
    GOMODCACHE: join(tmp, served ? 'switch-served' : 'switch-plain'),
  });
  const plain = await go(false);
  assert.match(plain.stderr, /^go: downloading go1\.999testmod \(linux\/amd64\)\n/);
  // The warm worker must be up to take the build (a server just started may not have it ready).
  const logText = (): string => !existsSync(join(runDir, 'gocmd')) ? '' : readdirSync(join(runDir, 'gocmd')).filter((n) => n.endsWith('.log'))
    .map((n) => readFileSync(join(runDir, 'gocmd', n), 'utf8')).join('');
  for (let i = 0; i < 20 && !/warm: list -m\n/.test(logText()); i++) {
    assert.equal(run(true, ['list', '-m']).code, 0);
    await new Promise((res) => setTimeout(res, 300));
  }
  const warmBuilds = (): number => (logText().match(/warm: build -o /g) ?? []).length;
  const before = warmBuilds();
  assert.deepEqual(await go(true), plain);
  assert.equal(warmBuilds(), before + 1, 'the warm worker ran the build');
});

test('a server started from a directory that is removed later still starts workers', (t) => {
  if (skip) return t.skip(skip);
  const xdg = join(tmp, 'gone-run');
  mkdirSync(xdg, { mode: 0o700 });
  const gone = join(tmp, 'gone');
  mkdirSync(gone);
  // The first client starts the server in its own directory, which then goes away.
  assert.equal(run(true, ['version'], { xdg, cwd: gone }).code, 0);
  rmSync(gone, { recursive: true });
  // Builds and lists take the warm worker, or a pool worker (started again after each) while it is busy.
  for (const args of [['build', './broken'], ['build', './broken'], ['build', './broken'], ['list', '-json', './...'], ['env', 'GOPATH']]) {
    assert.deepEqual(run(true, args, { xdg }), run(false, args), args.join(' '));
  }
  const log = readdirSync(join(xdg, 'gocmd')).filter((n) => n.endsWith('.log')).map((n) => readFileSync(join(xdg, 'gocmd', n), 'utf8')).join('');
  assert.doesNotMatch(log, /ended before it was ready|declined/);
});

test('a signal ends a served warm list as it ends a plain one, and the next warm request is answered', async (t) => {
  if (skip) return t.skip(skip);
  // A module proxy on loopback that never answers: `list -m x@latest` waits for it until the signal.
  const hang = createServer(() => { /* no answer */ });
  await new Promise<void>((res) => hang.listen(0, '127.0.0.1', res));
  t.after(() => { hang.closeAllConnections(); hang.close(); });
  const port = (hang.address() as AddressInfo).port;
  const ended = async (served: boolean): Promise<NodeJS.Signals | number | null> => {
    const p = spawn(gocmd, ['list', '-m', 'example.com/hang@latest'], {
      cwd: mod, stdio: 'ignore',
      env: { ...env(served), GOPROXY: `http://127.0.0.1:${port}`, GONOSUMDB: 'example.com' },
    });
    await new Promise((res) => setTimeout(res, 1500));
    p.kill('SIGINT');
    return new Promise((res) => p.on('close', (code, sig) => res(sig ?? code)));
  };
  const plain = await ended(false);
  assert.equal(plain, 'SIGINT');
  assert.equal(await ended(true), plain);
  // It was the warm worker that the signal ended (it is started again); the request after gets a full answer.
  // The server notes the worker's end when it reaps it, which may come after the client has ended: wait for it.
  const want = /warm: list -m example\.com\/hang@latest\n.*warm worker \d+ ended \(SIGINT\)/;
  const readLog = (): string => readdirSync(join(runDir, 'gocmd')).filter((n) => n.endsWith('.log'))
    .map((n) => readFileSync(join(runDir, 'gocmd', n), 'utf8')).join('');
  let log = readLog();
  for (let i = 0; i < 50 && !want.test(log); i++) {
    await new Promise((res) => setTimeout(res, 100));
    log = readLog();
  }
  assert.match(log, want);
  assert.deepEqual(run(true, ['list', '-m', '-json']), run(false, ['list', '-m', '-json']));
});

test('a request arriving while the warm worker is busy with a short one waits for it rather than going to a pool worker', async (t) => {
  if (skip) return t.skip(skip);
  // A client's next command often arrives before the warm worker has told the server it is free (it does
  // just after its client has the answer); a pool worker's fresh process runs it ~10x slower than the warm
  // worker does after a short wait. Three at once: the others wait for the first, then for the second.
  // The wait is 50 ms by default; on a loaded machine a request can take longer than that, and the route
  // is then a pool worker by design. This test's own server waits up to a minute, so the route is certain.
  const xdg = mkdtempSync(join(tmp, 'xdg-wait-'));
  const opts = { xdg, extra: { GOCMD_SERVER_WARM_WAIT_MS: '60000' } };
  const warmLines = (): number => !existsSync(join(xdg, 'gocmd')) ? 0 : readdirSync(join(xdg, 'gocmd')).filter((n) => n.endsWith('.log'))
    .flatMap((n) => readFileSync(join(xdg, 'gocmd', n), 'utf8').split('\n')).filter((l) => / warm: list -m -json$/.test(l)).length;
  const plain = run(false, ['list', '-m', '-json']);
  // A server just started may not have its warm worker ready yet.
  for (let i = 0; i < 40 && warmLines() === 0; i++) {
    assert.deepEqual(run(true, ['list', '-m', '-json'], opts), plain);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
  }
  const before = warmLines();
  assert.ok(before > 0, 'the warm worker ran a request');
  for (let i = 0; i < 4; i++) {
    const all = await Promise.all([0, 1, 2].map(() => runAsync(true, ['list', '-m', '-json'], opts)));
    for (const r of all) assert.deepEqual(r, plain);
  }
  assert.equal(warmLines() - before, 12, 'every request ran in the warm worker');
});

test('GOCMD_SERVER_DEBUG=1 puts the time of each leg of a request in the server\'s log, and changes no output', (t) => {
  if (skip) return t.skip(skip);
  const extra = { GOCMD_SERVER_DEBUG: '1' };
  const plain = run(false, ['list', '-m']).stdout;
  const logText = (): string => !existsSync(join(runDir, 'gocmd')) ? '' : readdirSync(join(runDir, 'gocmd')).filter((n) => n.endsWith('.log'))
    .map((n) => readFileSync(join(runDir, 'gocmd', n), 'utf8')).join('');
  // A server just started may not have its warm worker ready yet: the request then runs in a pool worker.
  for (let i = 0; i < 10 && !/warm worker: .*ran in/.test(logText()); i++) {
    const served = run(true, ['list', '-m'], { extra });
    assert.equal(served.code, 0);
    assert.equal(served.stdout, plain);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
  }
  const log = logText();
  assert.match(log, /debug: header read [\d.]+ ms after the connection: list -m\n/);
  assert.match(log, /debug: done [\d.]+ ms after the connection: list -m\n/);
  assert.match(log, /warm worker: received [\d.]+ ms after the server sent it, started [\d.]+ ms after, ran in [\d.]+ ms, answer written in [\d.]+ ms: list -m\n/);
});

test('GODEBUG=gofsystrace=1 traces a served list to the client\'s stderr, and the next request without it does not', (t) => {
  if (skip) return t.skip(skip);
  // The warm worker decides tracing per request (found by conformance --served: fsys_walk).
  const masked = (r: Result): Result => ({ ...r, stderr: r.stderr.replace(/^\d+ gofsystrace /gm, 'PID gofsystrace ') });
  const traced = { GODEBUG: 'gofsystrace=1' };
  const plain = masked(run(false, ['list', 'm...'], { extra: traced }));
  assert.match(plain.stderr, /^PID gofsystrace /m, 'a plain run traces');
  for (const i of [1, 2]) assert.deepEqual(masked(run(true, ['list', 'm...'], { extra: traced })), plain, `served run ${i} traces as a plain run does`);
  assert.deepEqual(run(true, ['list', 'm...']), run(false, ['list', 'm...']), 'no trace once GODEBUG no longer asks for it');
});

test('the warm worker follows edits to sources, directories, go.mod and go.work, and environment changes', (t) => {
  if (skip) return t.skip(skip);
  const w = join(tmp, 'warm');
  const dep = join(tmp, 'warmdep');
  mkdirSync(join(w, 'a'), { recursive: true });
  mkdirSync(dep, { recursive: true });
  writeFileSync(join(w, 'go.mod'), 'module example.com/w\n\ngo 1.22\n');
  writeFileSync(join(w, 'a', 'a.go'), 'package a\n\nimport _ "strings"\n');
  writeFileSync(join(dep, 'go.mod'), 'module example.com/dep\n\ngo 1.22\n');
  writeFileSync(join(dep, 'dep.go'), 'package dep\n\nimport _ "bytes"\n');
  const cmds = [['list', '-deps', '-json', './...'], ['list', '-json', './...'], ['list', '-m', '-json', 'all'], ['mod', 'graph'], ['list', '-f', '{{.ImportPath}} {{.Imports}}', 'all'], ['env', '-json']];
  const same = (step: string, extra: Record<string, string> = {}): void => {
    for (const args of cmds) {
      const plain = run(false, args, { cwd: w, extra });
      const served = run(true, args, { cwd: w, extra });
      assert.deepEqual(served, plain, `${step}: gocmd ${args.join(' ')}`);
    }
  };
  same('start');
  // Requests the warm worker has loaded: now each kind of input changes under it.
  mkdirSync(join(w, 'b'));
  writeFileSync(join(w, 'b', 'b.go'), 'package b\n\nimport _ "example.com/w/a"\n');
  same('new directory');
  writeFileSync(join(w, 'a', 'a.go'), 'package a\n\nimport _ "strconv"\n');
  same('source file rewritten at once (same size)');
  writeFileSync(join(w, 'a', 'a_linux.go'), 'package a\n\nimport _ "sort"\n');
  same('new file');
  removeTestDir(join(w, 'b'));
  same('directory removed');
  writeFileSync(join(w, 'go.mod'), 'module example.com/w\n\ngo 1.22\n\nrequire example.com/dep v0.0.0\n\nreplace example.com/dep => ../warmdep\n');
  writeFileSync(join(w, 'a', 'dep.go'), 'package a\n\nimport _ "example.com/dep"\n');
  same('go.mod requires a replaced module');
  writeFileSync(join(dep, 'dep.go'), 'package dep\n\nimport _ "unicode/utf8"\n');
  same('the replacement\'s source changed');
  writeFileSync(join(w, 'go.mod'), 'module example.com/w\n\ngo 1.23\n\nrequire example.com/dep v0.0.0\n\nreplace example.com/dep => ../warmdep\n');
  same('go.mod go line changed');
  writeFileSync(join(tmp, 'go.work'), 'go 1.23\n\nuse (\n\t./warm\n\t./warmdep\n)\n');
  same('go.work in use', { GOWORK: join(tmp, 'go.work') });
  writeFileSync(join(tmp, 'go.work'), 'go 1.23\n\nuse ./warm\n\nreplace example.com/dep => ./warmdep\n');
  same('go.work edited', { GOWORK: join(tmp, 'go.work') });
  same('GOWORK off again');
  writeFileSync(join(w, 'a', 'tagged.go'), '//go:build special\n\npackage a\n\nimport _ "errors"\n');
  same('build tags from GOFLAGS', { GOFLAGS: '-buildvcs=false -tags=special' });
  same('GOOS and GOARCH', { GOOS: 'windows', GOARCH: 'arm64' });
  same('back to the defaults');
  // The loading commands took the warm route (the server logs each warm request), not only a pool worker.
  const logs = sockets().map((s) => readFileSync(join(runDir, 'gocmd', s.replace(/\.sock$/, '.log')), 'utf8')).join('');
  for (const args of cmds.filter((a) => a[0] !== 'env')) assert.ok(logs.includes(`warm: ${args.join(' ')}\n`), `no warm run of gocmd ${args.join(' ')} in the server log:\n${logs}`);
});

test('the warm worker\'s kept module graph follows go.mod, a replacement\'s go.mod, go.sum, GOWORK and -mod', (t) => {
  if (skip) return t.skip(skip);
  // A file:// proxy of three module versions: x v1.1.0 requires y, which x v1.0.0 does not; x v1.1.0 has
  // no go line (an unpruned module), so the graph reads y's go.mod too.
  const proxy = join(tmp, 'graphproxy');
  const version = (path: string, v: string, gomod: string): void => {
    const d = join(proxy, path, '@v');
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, `${v}.info`), JSON.stringify({ Version: v, Time: '2020-01-01T00:00:00Z' }) + '\n');
    writeFileSync(join(d, `${v}.mod`), gomod);
  };
  version('example.com/x', 'v1.0.0', 'module example.com/x\n\ngo 1.21\n');
  version('example.com/x', 'v1.1.0', 'module example.com/x\n\nrequire example.com/y v1.0.0\n');
  version('example.com/y', 'v1.0.0', 'module example.com/y\n\ngo 1.21\n');
  writeFileSync(join(proxy, 'example.com/x/@v/list'), 'v1.0.0\nv1.1.0\n');
  writeFileSync(join(proxy, 'example.com/y/@v/list'), 'v1.0.0\n');
  const g = join(tmp, 'graph');
  const rep = join(tmp, 'graphrep');
  mkdirSync(g, { recursive: true });
  mkdirSync(rep, { recursive: true });
  const gomod = (x: string): string => `module example.com/g\n\ngo 1.22\n\nrequire (\n\texample.com/r v0.0.0\n\texample.com/x ${x}\n)\n\nreplace example.com/r => ../graphrep\n`;
  writeFileSync(join(g, 'go.mod'), gomod('v1.0.0'));
  writeFileSync(join(g, 'g.go'), 'package g\n');
  writeFileSync(join(rep, 'go.mod'), 'module example.com/r\n\ngo 1.22\n');
  writeFileSync(join(rep, 'r.go'), 'package r\n');
  const base = { GOPROXY: `file://${proxy}`, GOSUMDB: 'off', GOMODCACHE: join(tmp, 'graphmodcache'), GOFLAGS: '-buildvcs=false -mod=mod' };
  const readonly = { ...base, GOFLAGS: '-buildvcs=false -mod=readonly' };
  const cmds = [['list', '-m', '-json', 'all'], ['mod', 'graph'], ['list', '-m', 'all'], ['list', '-deps', './...']];
  const same = (step: string, extra: Record<string, string>): void => {
    // -mod=mod may add go.sum lines: a plain run first, so that every compared run sees the same go.sum.
    run(false, ['list', '-m', 'all'], { cwd: g, extra });
    for (const args of cmds) {
      // Twice served: the second finds the graph the first kept.
      const plain = run(false, args, { cwd: g, extra });
      for (const i of [1, 2]) assert.deepEqual(run(true, args, { cwd: g, extra }), plain, `${step}: served run ${i} of gocmd ${args.join(' ')}`);
    }
  };
  same('start (-mod=mod adds go.sum)', base);
  same('-mod=readonly', readonly);
  writeFileSync(join(g, 'go.mod'), gomod('v1.1.0'));
  same('go.mod requires a newer x (readonly: y has no go.sum line)', readonly);
  same('go.mod requires a newer x', base);
  same('-mod=readonly again', readonly);
  writeFileSync(join(g, 'go.sum'), readFileSync(join(g, 'go.sum'), 'utf8').split('\n').filter((l) => !l.startsWith('example.com/y ')).join('\n'));
  same('a go.sum line removed', readonly);
  // The served run (its graph kept while the line was there) adds the line back as a plain run does.
  const sum = readFileSync(join(g, 'go.sum'), 'utf8');
  assert.deepEqual(run(true, ['mod', 'graph'], { cwd: g, extra: base }).code, 0);
  const servedSum = readFileSync(join(g, 'go.sum'), 'utf8');
  writeFileSync(join(g, 'go.sum'), sum);
  assert.deepEqual(run(false, ['mod', 'graph'], { cwd: g, extra: base }).code, 0);
  assert.equal(servedSum, readFileSync(join(g, 'go.sum'), 'utf8'), 'go.sum after a served -mod=mod run');
  same('a go.sum line removed, -mod=mod', base);
  // Another hash for a go.mod the kept graph read: a checksum mismatch, as in a plain run (mod_verify).
  const goodSum = readFileSync(join(g, 'go.sum'), 'utf8');
  writeFileSync(join(g, 'go.sum'), goodSum.replace(/^(example\.com\/y v1\.0\.0\/go\.mod h1:)\S+$/m, '$1bwawxfHBFNV+L2hUp1rHADufV3IMtnDRdf1r5NINEl1='));
  assert.notEqual(readFileSync(join(g, 'go.sum'), 'utf8'), goodSum, 'the go.sum line to change is there');
  assert.notEqual(run(false, ['mod', 'graph'], { cwd: g, extra: readonly }).code, 0, 'a plain run fails on the wrong hash');
  same('a go.sum go.mod hash changed', readonly);
  writeFileSync(join(g, 'go.sum'), goodSum);
  same('the right hash back', readonly);
  writeFileSync(join(rep, 'go.mod'), 'module example.com/r\n\ngo 1.22\n\nrequire example.com/x v1.1.0\n');
  same('the replacement\'s go.mod requires x', readonly);
  writeFileSync(join(g, 'go.mod'), gomod('v1.0.0'));
  same('go.mod back to the older x (the replacement still needs the newer)', readonly);
  writeFileSync(join(rep, 'go.mod'), 'module example.com/r\n\ngo 1.22\n');
  same('the replacement\'s go.mod requires nothing again', readonly);
  writeFileSync(join(tmp, 'graph.work'), 'go 1.22\n\nuse ./graph\n');
  same('GOWORK names a workspace', { ...readonly, GOWORK: join(tmp, 'graph.work') });
  writeFileSync(join(tmp, 'graph.work'), 'go 1.22\n\nuse (\n\t./graph\n\t./graphrep\n)\n');
  same('the workspace uses the replacement too', { ...readonly, GOWORK: join(tmp, 'graph.work') });
  same('GOWORK off again', readonly);
  const logs = sockets().map((s) => readFileSync(join(runDir, 'gocmd', s.replace(/\.sock$/, '.log')), 'utf8')).join('');
  assert.ok(logs.includes('warm: mod graph\n'), `no warm run of gocmd mod graph in the server log:\n${logs}`);
});

test('a command that ends its process (a bad GOAUTH, as go\'s base.Fatalf) still answers its served client', (t) => {
  if (skip) return t.skip(skip);
  // GOAUTH is read before the first HTTPS request: nothing needs to listen at the proxy's address.
  const extra = { GOAUTH: 'git relative', GOPROXY: 'https://127.0.0.1:1', GONOSUMDB: 'example.com', GOMODCACHE: join(tmp, 'goauth-modcache') };
  for (const args of [['list', '-m', 'example.com/x@v1.0.0'], ['install', 'example.com/x@v1.0.0']]) {
    const plain = run(false, args, { extra });
    assert.equal(plain.code, 1);
    assert.match(plain.stderr, /GOAUTH=git dir method requires an absolute path/);
    assert.deepEqual(run(true, args, { extra }), plain, args.join(' '));
    // The answer came from the server (its exit frame), not from a plain run the client fell back to.
    const traced = run(true, args, { extra: { ...extra, GOCMD_SERVER_DEBUG: '1' } });
    assert.match(traced.stderr, /frame X/, args.join(' '));
    assert.doesNotMatch(traced.stderr, /plain run/, args.join(' '));
  }
  // The warm worker that ended is replaced: the next request is answered in full.
  assert.deepEqual(run(true, ['list', '-m', '-json']), run(false, ['list', '-m', '-json']));
});
