// Config layers, GOROOT discovery and computed values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync, symlinkSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, findUp, findWorkFile, cleanPath } from './config.js';
import { execLookPath, findGOROOT, isGOROOT, lookPath, readGoVersion, exeGorootCandidates } from './goroot.js';
import { parseGOEXPERIMENT } from './experiment.js';
import { realGo, runRealGo, tempDir } from './testutil.js';

const dir = tempDir();

/** A fake GOROOT with pkg/tool, VERSION, go.env and bin/go. */
function fakeGoroot(name: string, goEnv = ''): string {
  const root = join(dir, name);
  mkdirSync(join(root, 'pkg', 'tool', 'linux_amd64'), { recursive: true });
  mkdirSync(join(root, 'bin'), { recursive: true });
  writeFileSync(join(root, 'VERSION'), 'go1.99.1\ntime 2030-01-01T00:00:00Z\n');
  writeFileSync(join(root, 'go.env'), goEnv);
  writeFileSync(join(root, 'bin', 'go'), '#!/bin/sh\n');
  chmodSync(join(root, 'bin', 'go'), 0o755);
  return root;
}

test('GOROOT discovery order', () => {
  const a = fakeGoroot('a');
  const b = fakeGoroot('b');
  mkdirSync(join(dir, 'links'));
  symlinkSync(join(b, 'bin', 'go'), join(dir, 'links', 'go'));
  assert.equal(isGOROOT(a), true);
  assert.equal(isGOROOT(dir), false);
  // explicit wins, even if it does not look like a GOROOT
  assert.equal(findGOROOT('/x/y/', join(a, 'bin')), '/x/y');
  // a go binary on PATH: ../.. of it
  assert.equal(findGOROOT('', `/nonexistent:${join(a, 'bin')}`, []), a);
  // a symlinked go binary: resolved
  assert.equal(findGOROOT('', join(dir, 'links'), []), b);
  // a `go` that is not in a GOROOT (gocmd installed as go) is skipped
  mkdirSync(join(dir, 'notroot', 'bin'), { recursive: true });
  writeFileSync(join(dir, 'notroot', 'bin', 'go'), '#!/bin/sh\n');
  chmodSync(join(dir, 'notroot', 'bin', 'go'), 0o755);
  assert.equal(findGOROOT('', `${join(dir, 'notroot', 'bin')}:${join(a, 'bin')}`, []), a);
  // fallbacks
  assert.equal(findGOROOT('', '/nonexistent', ['/nonexistent2', a]), a);
  assert.equal(findGOROOT('', '/nonexistent', ['/nonexistent2']), '');
  assert.equal(readGoVersion(a), 'go1.99.1');
  assert.equal(readGoVersion('/nonexistent'), '');
  // without VERSION: the version cmd/dist wrote into internal/buildcfg
  const parts = join(dir, 'parts');
  mkdirSync(join(parts, 'src', 'internal', 'buildcfg'), { recursive: true });
  writeFileSync(join(parts, 'src', 'internal', 'buildcfg', 'zbootstrap.go'), 'package buildcfg\n\nconst version = `go1.99.2`\n');
  assert.equal(readGoVersion(parts), 'go1.99.2');
  assert.equal(lookPath('go', join(a, 'bin')), join(a, 'bin', 'go'));
  assert.equal(lookPath('VERSION', a), undefined); // not executable
});

test('execLookPath: exec.Command\'s lookup and its errors', () => {
  const dir = tempDir();
  mkdirSync(join(dir, 'bin'));
  writeFileSync(join(dir, 'bin', 'tool'), '#!/bin/sh\n');
  chmodSync(join(dir, 'bin', 'tool'), 0o755);
  assert.deepEqual(execLookPath('tool', join(dir, 'bin')), { path: join(dir, 'bin', 'tool') });
  assert.deepEqual(execLookPath('nope', join(dir, 'bin')), { err: 'exec: "nope": executable file not found in $PATH' });
  // A path is started as given; "/" is its own base name, so it is looked up, and is a directory.
  assert.deepEqual(execLookPath('./tool', ''), { path: './tool' });
  assert.deepEqual(execLookPath('/', join(dir, 'bin')), { err: 'exec: "/": is a directory' });
  assert.deepEqual(execLookPath('..', dir), { err: 'exec: "..": executable file not found in $PATH' });
  assert.deepEqual(execLookPath('.', dir), { err: 'exec: ".": executable file not found in $PATH' });
});

test('GOROOT from the path gocmd was started by, before PATH (go\'s os.Executable)', () => {
  const onPath = fakeGoroot('exe-path');
  // A copy installed as GOROOT/bin/go, its src a symlink elsewhere (list_goroot_symlink).
  const inst = join(dir, 'exe-lib', 'goroot');
  mkdirSync(join(inst, 'bin'), { recursive: true });
  mkdirSync(join(dir, 'exe-share', 'src'), { recursive: true });
  symlinkSync(join(onPath, 'pkg'), join(inst, 'pkg'));
  symlinkSync('../../exe-share/src', join(inst, 'src'));
  writeFileSync(join(inst, 'bin', 'go'), '#!/bin/sh\n', { mode: 0o755 });
  assert.equal(findGOROOT('', join(onPath, 'bin'), [], join(inst, 'bin', 'go')), inst);
  // bin/GOOS_GOARCH: ../../..
  mkdirSync(join(inst, 'bin', 'linux_arm64'));
  writeFileSync(join(inst, 'bin', 'linux_arm64', 'go'), '#!/bin/sh\n', { mode: 0o755 });
  assert.equal(findGOROOT('', join(onPath, 'bin'), [], join(inst, 'bin', 'linux_arm64', 'go')), inst);
  // a link to it from a directory that is no GOROOT: resolved, as /proc/self/exe is
  mkdirSync(join(dir, 'exe-links', 'bin'), { recursive: true });
  symlinkSync(join(inst, 'bin', 'go'), join(dir, 'exe-links', 'bin', 'go'));
  assert.equal(findGOROOT('', join(onPath, 'bin'), [], join(dir, 'exe-links', 'bin', 'go')), inst);
  // gocmd's own launcher is in no GOROOT: the go on PATH then, and an explicit GOROOT still wins
  mkdirSync(join(dir, 'exe-repo', 'bin'), { recursive: true });
  writeFileSync(join(dir, 'exe-repo', 'bin', 'gocmd'), '#!/bin/sh\n', { mode: 0o755 });
  assert.equal(findGOROOT('', join(onPath, 'bin'), [], join(dir, 'exe-repo', 'bin', 'gocmd')), onPath);
  assert.equal(findGOROOT('/x', join(onPath, 'bin'), [], join(inst, 'bin', 'go')), '/x');
  assert.deepEqual(exeGorootCandidates(''), []);
  assert.deepEqual(exeGorootCandidates(join(dir, 'missing', 'go')), []);
  assert.deepEqual(exeGorootCandidates('bin/go', inst), [inst, join(dir, 'exe-lib')]);
  assert.equal(loadConfig({ env: { PATH: join(onPath, 'bin'), HOME: '/home/u' }, cwd: dir, exe: join(inst, 'bin', 'go') }).goroot, inst);
});

test('layers: OS env > user env file > GOROOT/go.env > defaults', () => {
  const root = fakeGoroot('layers', '# comment\nGOPROXY=https://proxy.invalid,direct\nGOSUMDB=sum.invalid\nGOTOOLCHAIN=local\nbad line\n');
  const envFile = join(dir, 'layers.env');
  writeFileSync(envFile, 'GOSUMDB=off\nGOFLAGS=-mod=mod\nGOOS=windows\nFOO=bar\n');
  const c = loadConfig({ env: { GOROOT: root, GOENV: envFile, HOME: '/home/u', PATH: '', GOFLAGS: '-x', GOAMD64: 'v3' }, cwd: dir });
  assert.equal(c.goroot, root);
  assert.equal(c.goVersion, 'go1.99.1');
  assert.equal(c.toolDir, join(root, 'pkg', 'tool', `${c.gohostos}_${c.gohostarch}`));
  assert.equal(c.get('GOPROXY'), 'https://proxy.invalid,direct'); // go.env
  assert.equal(c.get('GOSUMDB'), 'off'); // user file beats go.env
  assert.equal(c.get('GOFLAGS'), '-x'); // OS env beats user file
  assert.equal(c.goos, 'windows');
  assert.equal(c.exeSuffix, '.exe');
  assert.equal(c.get('GOEXE'), '.exe');
  assert.equal(c.cgoEnabled, false); // cross-compiling
  assert.equal(c.get('FOO'), 'bar'); // known because it is in the file
  assert.equal(c.canGetenv('FOO'), true);
  assert.equal(c.get('BAR'), '');
  assert.equal(c.gopath, '/home/u/go');
  assert.equal(c.gomodcache, '/home/u/go/pkg/mod');
  assert.equal(c.get('GOAMD64'), 'v3');
  assert.equal(c.envFile, envFile);
  const changed = new Map(c.envVars().filter((e) => e.changed).map((e) => [e.name, e.value]));
  assert.equal(changed.get('GOSUMDB'), 'off'); // differs from go.env's value
  assert.equal(changed.has('GOPROXY'), false); // equals go.env's value
  assert.equal(changed.get('GOAMD64'), 'v3');
  assert.equal(changed.get('GOENV'), envFile);
  // tool environment
  assert.equal(c.env.GOROOT, root);
  assert.equal(c.env.GOOS, 'windows');
  assert.equal(c.env.GOSUMDB, 'off');
  assert.equal(c.env.CGO_ENABLED, '0');
});

test('GOENV=off, missing HOME, GOPATH = GOROOT', () => {
  const root = fakeGoroot('h');
  const c = loadConfig({ env: { GOROOT: root, GOENV: 'off', PATH: '' }, cwd: dir });
  assert.equal(c.envFile, '');
  assert.equal(c.envFileErr, 'GOENV=off');
  assert.equal(c.gopath, '');
  assert.equal(c.gopathError, 'HOME is not set');
  assert.equal(c.gocache, 'off');
  assert.match(c.gocacheErr, /neither \$XDG_CACHE_HOME nor \$HOME are defined/);
  const d = loadConfig({ env: { GOROOT: join(dir, 'home', 'go'), HOME: join(dir, 'home'), PATH: '' }, cwd: dir });
  assert.equal(d.gopath, '');
  assert.equal(d.gopathError, 'cannot set GOROOT as GOPATH');
});

test('cgo default follows the C compiler on PATH', () => {
  const root = fakeGoroot('cgo');
  const native = { GOROOT: root, GOENV: 'off', HOME: '/h' };
  const bin = join(dir, 'ccbin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'gcc'), '#!/bin/sh\n');
  chmodSync(join(bin, 'gcc'), 0o755);
  const c = loadConfig({ env: { ...native, PATH: bin }, cwd: dir });
  if (c.gohostos === 'linux') {
    assert.equal(c.cgoEnabled, true);
    assert.equal(c.cgoChanged, false);
    assert.equal(loadConfig({ env: { ...native, PATH: '/nonexistent' }, cwd: dir }).cgoEnabled, false);
    assert.equal(loadConfig({ env: { ...native, PATH: '/nonexistent', CC: 'cc' }, cwd: dir }).cgoEnabled, true);
    const forced = loadConfig({ env: { ...native, PATH: '/nonexistent', CGO_ENABLED: '1' }, cwd: dir });
    assert.equal(forced.cgoEnabled, true);
    assert.equal(forced.cgoChanged, true);
  }
});

test('go.mod and go.work discovery', () => {
  const root = fakeGoroot('mods');
  mkdirSync(join(dir, 'w', 'm', 'sub'), { recursive: true });
  writeFileSync(join(dir, 'w', 'm', 'go.mod'), 'module m\n');
  writeFileSync(join(dir, 'w', 'go.work'), 'go 1.26\n');
  const env = { GOROOT: root, GOENV: 'off', HOME: '/h', PATH: '' };
  const c = loadConfig({ env, cwd: join(dir, 'w', 'm', 'sub') });
  assert.equal(c.gomod, join(dir, 'w', 'm', 'go.mod'));
  assert.equal(c.gowork, join(dir, 'w', 'go.work'));
  assert.equal(c.modulesEnabled, true);
  assert.equal(loadConfig({ env: { ...env, GO111MODULE: 'off' }, cwd: join(dir, 'w', 'm') }).gomod, '');
  assert.equal(loadConfig({ env: { ...env, GOWORK: 'off' }, cwd: join(dir, 'w', 'm') }).gowork, 'off');
  assert.equal(loadConfig({ env, cwd: '/' }).gomod, '/dev/null');
  assert.equal(loadConfig({ env: { ...env, GO111MODULE: 'auto' }, cwd: '/' }).gomod, '');
  assert.equal(findUp(join(dir, 'w', 'm', 'sub'), 'go.mod'), join(dir, 'w', 'm'));
  assert.equal(findWorkFile(join(root, 'src', 'x'), root), '');
  assert.equal(cleanPath('/a/b/../c/'), '/a/c');
});

test('GOEXPERIMENT parsing', () => {
  const e = parseGOEXPERIMENT('linux', 'amd64', 'arenas,nogreenteagc');
  assert.ok(e.enabled.includes('arenas'));
  assert.ok(!e.enabled.includes('greenteagc'));
  assert.ok(e.enabled.includes('regabiargs'));
  assert.equal(e.canonical, 'arenas,nogreenteagc');
  assert.throws(() => parseGOEXPERIMENT('linux', 'amd64', 'nosuch'), { message: 'unknown GOEXPERIMENT such' });
  assert.throws(() => parseGOEXPERIMENT('linux', 's390x', 'noregabiwrappers,regabiargs'), {
    message: 'GOEXPERIMENT regabiargs requires regabiwrappers',
  });
  assert.equal(parseGOEXPERIMENT('darwin', 'arm64', '').enabled.includes('dwarf5'), false);
});

test('the real go env agrees on GOROOT, GOVERSION and GOTOOLDIR', { skip: realGo() ? false : 'no go' }, () => {
  const c = loadConfig({ env: process.env, cwd: dir });
  const want = JSON.parse(runRealGo(['env', '-json', 'GOROOT', 'GOVERSION', 'GOTOOLDIR', 'GOPATH', 'GOCACHE', 'GOMODCACHE', 'CGO_ENABLED'], process.env, dir).stdout) as Record<string, string>;
  for (const [k, v] of Object.entries(want)) assert.equal(c.get(k), v, k);
});

test('an invalid $GOROOT keeps the version of the GOROOT gocmd would find (go: the one built in)', () => {
  const a = fakeGoroot('versionsource');
  const bogus = join(dir, 'not-a-valid-goroot');
  mkdirSync(bogus, { recursive: true });
  const c = loadConfig({ env: { GOROOT: bogus, GOENV: 'off', HOME: '/home/u', PATH: join(a, 'bin') }, cwd: dir });
  assert.equal(c.goroot, bogus);
  assert.equal(c.goVersion, 'go1.99.1');
  assert.equal(c.get('GOVERSION'), 'go1.99.1');
});
