// go env compared with the real go under several environments, plus -w/-u file updates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { normWork, realGo, runRealGo, tempDir } from '../cfg/testutil.js';
import { runGocmd } from '../cli/testutil.js';
import { formatEnvJSON, formatEnvShell, goJSONString, shellQuote, batchEscape } from './env.js';

const gocmd = runGocmd;

const dir = tempDir();
const base = (): Record<string, string | undefined> => ({
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  GOENV: join(dir, 'envfile'),
});

const skip = realGo() ? false : 'no go toolchain to compare with';

const cases: { name: string; args: string[]; env?: Record<string, string | undefined>; file?: string; sub?: string }[] = [
  { name: 'all', args: ['env'] },
  { name: 'json', args: ['env', '-json'] },
  { name: 'changed', args: ['env', '-changed'], file: 'GOFLAGS=-mod=mod\nGOPROXY=off\n' },
  { name: 'json changed', args: ['env', '-json', '-changed'], env: { GOPRIVATE: 'x.example' } },
  { name: 'windows', args: ['env'], env: { GOOS: 'windows' } },
  { name: 'darwin arm64 json', args: ['env', '-json'], env: { GOOS: 'darwin', GOARCH: 'arm64' } },
  { name: 'arm', args: ['env'], env: { GOARCH: 'arm', GOARM: '6' } },
  { name: '386', args: ['env', '-changed'], env: { GOARCH: '386' } },
  { name: 'wasm', args: ['env'], env: { GOOS: 'js', GOARCH: 'wasm' } },
  { name: 'GOFLAGS', args: ['env', 'GOFLAGS', 'GOOS'], env: { GOFLAGS: '-mod=mod -tags=x' } },
  { name: 'names', args: ['env', 'GOOS', 'NOSUCH', 'CGO_CFLAGS', 'CGO_CFLAGS_ALLOW', 'GOMOD', 'GOWORK'] },
  { name: 'json names', args: ['env', '-json', 'GOOS', 'NOSUCH', 'PKG_CONFIG'] },
  { name: 'quoting', args: ['env', '-changed'], env: { CGO_CFLAGS: "-I '/a b' -DX=\"y\"", GOFLAGS: "-ldflags=-X=a'b" } },
  { name: 'module dir', args: ['env', 'GOMOD', 'GOWORK'], sub: 'mod/sub' },
  { name: 'GO111MODULE=off', args: ['env', 'GOMOD'], env: { GO111MODULE: 'off' } },
  { name: 'GOWORK=off', args: ['env', 'GOWORK'], env: { GOWORK: 'off' } },
  { name: 'GOENV=off', args: ['env', '-changed'], env: { GOENV: 'off' } },
  { name: 'no HOME', args: ['env'], env: { HOME: undefined } },
  { name: 'XDG dirs', args: ['env', '-json'], env: { XDG_CONFIG_HOME: join(dir, 'xdg'), XDG_CACHE_HOME: join(dir, 'cache') } },
  { name: 'relative GOCACHE', args: ['env', 'GOCACHE'], env: { GOCACHE: 'rel' } },
  { name: 'bad GOEXPERIMENT', args: ['env'], env: { GOEXPERIMENT: 'nosuch' } },
  { name: 'GOEXPERIMENT', args: ['env', '-changed'], env: { GOEXPERIMENT: 'arenas,nogreenteagc' } },
  { name: 'bad GOOS', args: ['env'], env: { GOOS: 'foo' } },
  { name: 'bad GOOS one var', args: ['env', 'GOOS'], env: { GOOS: 'foo' } },
  { name: 'CC set', args: ['env', '-changed'], env: { CC: 'clang', CXX: 'clang++', AR: 'llvm-ar' } },
  { name: 'dry run', args: ['env', '-n', 'GOGCCFLAGS'] },
  { name: '=', args: ['env', 'A=B'] },
  { name: '-json -w', args: ['env', '-json', '-w', 'GOOS=linux'] },
  { name: 'relative GOWORK', args: ['env', 'GOWORK'], env: { GOWORK: 'rel' } },
  { name: 'bad GO111MODULE', args: ['env', 'GOMOD'], env: { GO111MODULE: 'bad', GOWORK: 'rel' } },
  { name: 'go.mod in temp root', args: ['env', 'GOMOD'], env: { TMPDIR: join(dir, 'mod') }, sub: 'mod/sub' },
  { name: 'go.mod in temp root, auto', args: ['env', 'GOMOD'], env: { TMPDIR: join(dir, 'mod'), GO111MODULE: 'auto' }, sub: 'mod/sub' },
  { name: 'go.mod in GOPATH', args: ['env', 'GOMOD'], env: { GOPATH: join(dir, 'mod') } },
];

mkdirSync(join(dir, 'mod', 'sub'), { recursive: true });
writeFileSync(join(dir, 'mod', 'go.mod'), 'module m\n');
writeFileSync(join(dir, 'mod', 'go.work'), 'go 1.26\nuse .\n');

for (const c of cases) {
  test(`go env matches real go: ${c.name}`, { skip }, async () => {
    const env = { ...base(), ...c.env };
    if (c.file !== undefined) writeFileSync(join(dir, 'envfile'), c.file);
    else rmSync(join(dir, 'envfile'), { force: true });
    const cwd = join(dir, c.sub ?? '');
    const want = runRealGo(c.args, env, cwd);
    const got = await gocmd(c.args, env, cwd);
    assert.equal(normWork(got.stdout), normWork(want.stdout));
    assert.equal(got.stderr, want.stderr);
    assert.equal(got.code, want.code);
  });
}

const writeCases: { name: string; args: string[]; file: string; env?: Record<string, string> }[] = [
  { name: 'add to empty', args: ['env', '-w', 'GOPROXY=off', 'GOFLAGS=-mod=mod'], file: '' },
  { name: 'update + duplicates', args: ['env', '-w', 'GOPROXY=x'], file: 'GOPROXY=a\n# c\nGOSUMDB=off\nGOPROXY=b\nGOBIN=/b' },
  { name: 'unset', args: ['env', '-u', 'GOPROXY', 'GOBIN'], file: 'GOPROXY=a\nGOBIN=/b\nGOAMD64=v3\n' },
  { name: 'unknown var', args: ['env', '-w', 'FOO=1'], file: '' },
  { name: 'var known from file', args: ['env', '-w', 'FOO=2'], file: 'FOO=1\n' },
  { name: 'computed var', args: ['env', '-w', 'GOVERSION=1'], file: '' },
  { name: 'GODEBUG', args: ['env', '-u', 'GODEBUG'], file: '' },
  { name: 'relative GOPATH', args: ['env', '-w', 'GOPATH=x'], file: '' },
  { name: 'bad pair', args: ['env', '-w', 'GOARCH=arm64', 'GOOS=plan9'], file: '' },
  { name: 'bad experiment', args: ['env', '-w', 'GOEXPERIMENT=regabiargs,noregabiwrappers'], file: '' },
  { name: 'conflicting OS env', args: ['env', '-w', 'GOPROXY=y'], file: '', env: { GOPROXY: 'z' } },
  { name: 'no args', args: ['env', '-u'], file: '' },
  { name: 'not KEY=VALUE', args: ['env', '-w', 'GOOS'], file: '' },
  { name: 'multiple', args: ['env', '-w', 'GOOS=linux', 'GOOS=linux'], file: '' },
  { name: 'CC relative', args: ['env', '-w', 'CC=bin/cc'], file: '' },
  { name: 'newline', args: ['env', '-w', 'GOFLAGS=a\nb'], file: '' },
];

for (const c of writeCases) {
  test(`go env -w/-u matches real go: ${c.name}`, { skip }, async () => {
    const fa = join(dir, 'wa'), fb = join(dir, 'wb');
    writeFileSync(fa, c.file);
    writeFileSync(fb, c.file);
    const want = runRealGo(c.args, { ...base(), ...c.env, GOENV: fa }, dir);
    const got = await gocmd(c.args, { ...base(), ...c.env, GOENV: fb }, dir);
    assert.equal(got.stdout, want.stdout);
    assert.equal(got.stderr, want.stderr);
    assert.equal(got.code, want.code);
    assert.equal(readFileSync(fb, 'utf8'), readFileSync(fa, 'utf8'));
  });
}

test('go env -w creates the directory of a missing env file', async () => {
  const f = join(dir, 'new', 'sub', 'env');
  const got = await gocmd(['env', '-w', 'GOPROXY=off'], { ...base(), GOENV: f }, dir);
  assert.equal(got.code, 0);
  assert.equal(readFileSync(f, 'utf8'), 'GOPROXY=off\n');
  const u = await gocmd(['env', '-u', 'GOPROXY'], { ...base(), GOENV: join(dir, 'missing', 'env') }, dir);
  assert.equal(u.code, 1);
  assert.match(u.stderr, /^go: reading go env config: open .*missing\/env: no such file or directory\n$/);
  assert.equal(existsSync(join(dir, 'missing')), false);
});

test('formatting helpers', () => {
  assert.equal(shellQuote("a'b"), "'a'\\''b'");
  assert.equal(batchEscape('a%b<c>|&^'), 'a%%b^<c^>^|^&^^');
  assert.equal(goJSONString('<a&b>\u2028é'), '"\\u003ca\\u0026b\\u003e\\u2028é"');
  const env = [
    { name: 'B', value: 'x y', changed: true },
    { name: 'A', value: '', changed: false },
    { name: 'TERM', value: 'dumb', changed: true },
  ];
  assert.equal(formatEnvShell(env, false), "A=''\nB='x y'\n");
  assert.equal(formatEnvShell(env, true, 'windows'), 'set B=x y\n');
  assert.equal(formatEnvJSON(env, false), '{\n\t"A": "",\n\t"B": "x y"\n}\n');
  assert.equal(formatEnvJSON(env, true).includes('"A"'), false);
  assert.equal(formatEnvJSON([], true), '{}\n');
});

// Under GOENV=off go reads no env file, yet go 1.26's -w and -u edit go/env in the user config
// directory: its main sets GOENV to its go env value ("") before the command runs, and the file is
// looked up again from that. Each side gets its own HOME so the files written can be compared.
test('go env -w/-u under GOENV=off edit the user config file as real go does', { skip }, async () => {
  const steps: string[][] = [
    ['env', '-u', 'GOPROXY'],
    ['env', '-w', 'GOPROXY=off', 'GOFLAGS=-mod=mod'],
    ['env', 'GOPROXY', 'GOENV'],
    ['env', '-u', 'GOPROXY'],
    ['env', '-w', 'GOENV=x'],
  ];
  const homes = { go: join(dir, 'off-go'), gocmd: join(dir, 'off-gocmd') };
  for (const h of Object.values(homes)) mkdirSync(h, { recursive: true });
  const envFor = (home: string): Record<string, string | undefined> => ({
    PATH: process.env.PATH, HOME: home, GOENV: 'off', GOTELEMETRY: 'off',
  });
  for (const args of steps) {
    const want = runRealGo(args, envFor(homes.go), dir);
    const got = await gocmd(args, envFor(homes.gocmd), dir);
    const norm = (s: string, home: string): string => s.split(home).join('$HOME');
    assert.equal(norm(got.stdout, homes.gocmd), norm(want.stdout, homes.go), args.join(' '));
    assert.equal(norm(got.stderr, homes.gocmd), norm(want.stderr, homes.go), args.join(' '));
    assert.equal(got.code, want.code, args.join(' '));
  }
  const file = (home: string): string => readFileSync(join(home, '.config', 'go', 'env'), 'utf8');
  assert.equal(file(homes.gocmd), file(homes.go));
  assert.equal(file(homes.gocmd), 'GOFLAGS=-mod=mod\n');

  // Without HOME there is no user config dir to fall back to: both fail with the same words.
  const noHome = { PATH: process.env.PATH, GOENV: 'off' };
  const want = runRealGo(['env', '-w', 'GOPROXY=off'], noHome, dir);
  const got = await gocmd(['env', '-w', 'GOPROXY=off'], noHome, dir);
  assert.equal(got.stderr, want.stderr);
  assert.equal(got.code, want.code);
});

// go rewrites the env file in place (os.WriteFile): a symlinked file (dotfiles kept elsewhere) stays a
// link to its rewritten target, and the file keeps its mode. A path that cannot be written fails with
// go's words.
test('go env -w writes through a symlinked env file and keeps its mode, as real go', { skip }, async () => {
  const result: Record<string, { link: boolean; mode: number; text: string }> = {};
  for (const side of ['go', 'gocmd'] as const) {
    const d = join(dir, 'link-' + side);
    mkdirSync(join(d, 'real'), { recursive: true });
    writeFileSync(join(d, 'real', 'env'), 'GOPROXY=a\n', { mode: 0o600 });
    chmodSync(join(d, 'real', 'env'), 0o600);
    symlinkSync(join(d, 'real', 'env'), join(d, 'env'));
    const env = { ...base(), GOENV: join(d, 'env') };
    const r = side === 'go' ? runRealGo(['env', '-w', 'GOFLAGS=-v'], env, dir) : await gocmd(['env', '-w', 'GOFLAGS=-v'], env, dir);
    assert.equal(r.code, 0, r.stderr);
    result[side] = {
      link: lstatSync(join(d, 'env')).isSymbolicLink(),
      mode: statSync(join(d, 'real', 'env')).mode & 0o777,
      text: readFileSync(join(d, 'real', 'env'), 'utf8'),
    };
  }
  assert.deepEqual(result.gocmd, result.go);
  assert.deepEqual(result.gocmd, { link: true, mode: 0o600, text: 'GOFLAGS=-v\nGOPROXY=a\n' });

  // Reading fails (a path through a plain file), or reading finds nothing but writing fails (a link
  // into a directory that is not there).
  writeFileSync(join(dir, 'plainfile'), '');
  symlinkSync(join(dir, 'no', 'such', 'env'), join(dir, 'dangling'));
  for (const [file, msg] of [
    [join(dir, 'plainfile', 'env'), /^go: reading go env config: open .*plainfile\/env: not a directory\n$/],
    [join(dir, 'dangling'), /^go: writing go env config: open .*dangling: no such file or directory\n$/],
  ] as const) {
    const bad = { ...base(), GOENV: file };
    const want = runRealGo(['env', '-w', 'GOPROXY=off'], bad, dir);
    const got = await gocmd(['env', '-w', 'GOPROXY=off'], bad, dir);
    assert.equal(got.stderr, want.stderr);
    assert.equal(got.code, want.code);
    assert.match(got.stderr, msg);
  }
  assert.equal(existsSync(join(dir, 'no')), false);
});
