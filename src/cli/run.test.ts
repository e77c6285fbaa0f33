// The driver compared with real go: usage, unknown commands, -C, GOFLAGS, help, version.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runMain, extractChdir, loadCommand, cmdIsGoTelemetryOff } from './run.js';
import { Collect, realGo, runRealGo, tempDir } from '../cfg/testutil.js';
import { runGocmd } from './testutil.js';
import { COMMANDS, TOPICS, isGroup, lookupCmd } from '../base/table.js';

const gocmd = runGocmd;

const dir = tempDir();
mkdirSync(join(dir, 'm'));
writeFileSync(join(dir, 'm', 'go.mod'), 'module m\n');
writeFileSync(join(dir, 'file'), '');
const base = (): Record<string, string | undefined> => ({ PATH: process.env.PATH, HOME: process.env.HOME, GOENV: join(dir, 'envfile') });
const skip = realGo() ? false : 'no go toolchain to compare with';
const gofmt = join(realGo() ?? '/nonexistent/go', '..', 'gofmt');

/** Cases whose whole output must equal go's. */
const same: { args: string[]; env?: Record<string, string> }[] = [
  { args: [] },
  { args: ['-x'] },
  { args: ['-h'] },
  { args: ['--help', 'build'] },
  { args: ['-C'] },
  { args: ['help'] },
  { args: ['nosuch'] },
  { args: ['mod', 'nosuch'] },
  { args: ['work', 'nosuch', 'x'] },
  { args: ['help', 'nosuch'] },
  { args: ['help', 'mod', 'nosuch'] },
  { args: ['help', 'build', 'x'] },
  { args: ['mod', 'help', 'nosuch'] },
  { args: ['-C', 'm', 'env', 'GOMOD'] },
  { args: ['-C=m', 'env', 'GOMOD'] },
  { args: ['env', '-C', 'm', 'GOMOD'] },
  { args: ['env', '--C=m', 'GOMOD'] },
  { args: ['env', '-json', '-C', 'm', 'GOMOD'] },
  { args: ['-C', 'nonexist', 'env'] },
  { args: ['-C', 'file', 'version'] },
  { args: ['env', '-nosuch'] },
  { args: ['env', '-json=maybe'] },
  { args: ['env', '-h'] },
  { args: ['env', '---x'] },
  { args: ['env', '-json', '--', 'GOOS'] },
  { args: ['version'] },
  { args: ['version', '-m'] },
  { args: ['version', '-v'] },
  { args: ['version', '-json'] },
  { args: ['version', '-x'] },
  { args: ['version'], env: { GOFLAGS: '-m -v' } },
  { args: ['version'], env: { GOFLAGS: '-nosuch' } },
  { args: ['version'], env: { GOFLAGS: 'x' } },
  { args: ['version'], env: { GOFLAGS: '"-x' } },
  { args: ['version'], env: { GOFLAGS: '-=x' } },
  { args: ['version'], env: { GOFLAGS: '-m=maybe' } },
  { args: ['version'], env: { GOFLAGS: '-test.count=1 --race' } },
  { args: ['env', 'GOFLAGS'], env: { GOFLAGS: '-nosuch "x' } },
  { args: ['env', 'GOOS'], env: { GOFLAGS: '-json=maybe' } },
  { args: ['env', 'GOOS'], env: { GOFLAGS: '-C=/' } },
  { args: ['version'], env: { GOPATH: '~/x' } },
  { args: ['version'], env: { GOPATH: 'rel' } },
  { args: ['version'], env: { GOROOT: '/nonexistent-goroot' } },
  { args: ['help'], env: { GOROOT: '/nonexistent-goroot' } },
  { args: ['version', gofmt] },
  { args: ['version', '-m', gofmt] },
  { args: ['version', '-m', '-json', gofmt] },
  { args: ['version', '-json', gofmt] },
  { args: ['version', '-m', join(dir, 'file')] },
  { args: ['version', 'nonexist'] },
  { args: ['version', '-v', join(dir, 'm')] },
];

for (const c of same) {
  test(`driver matches real go: go ${c.args.join(' ')} ${JSON.stringify(c.env ?? {})}`, { skip }, async () => {
    const env = { ...base(), ...c.env };
    const want = runRealGo(c.args, env, dir);
    const got = await gocmd(c.args, env, dir);
    assert.equal(got.stderr, want.stderr);
    assert.equal(got.stdout, want.stdout);
    assert.equal(got.code, want.code);
  });
}

test('go help prints the release\'s own texts: every command, group and topic byte for byte', { skip }, async () => {
  const pages: string[][] = [['help'], ['mod'], ['work'], ['mod', 'help', 'tidy']];
  for (const c of COMMANDS) {
    pages.push(['help', c.longName]);
    if (isGroup(c)) for (const s of c.commands) pages.push(['help', ...s.longName.split(' ')]);
  }
  for (const [t] of TOPICS) pages.push(['help', t]);
  for (const args of pages) {
    const want = runRealGo(args, base(), dir);
    const got = await gocmd(args, base(), dir);
    assert.equal(got.stdout, want.stdout, args.join(' '));
    assert.equal(got.stderr, want.stderr, args.join(' '));
    assert.equal(got.code, want.code, args.join(' '));
  }
});

test('every command\'s usage line matches go help', { skip }, () => {
  for (const c of COMMANDS) {
    const list = isGroup(c) ? c.commands : [c];
    for (const s of list) {
      const want = runRealGo(['help', ...s.longName.split(' ')], base(), dir);
      assert.equal(want.stdout.split('\n')[0], `usage: ${s.usageLine}`, s.longName);
    }
  }
});

test('a command without a module is reported, not silently ignored', async () => {
  assert.equal(await loadCommand('nosuch-command'), undefined);
  const got = await gocmd(['bug'], base(), dir);
  if (got.code === 2 && got.stderr.includes('not supported yet')) {
    assert.equal(got.stderr, 'go bug: not supported yet by gocmd\n');
  }
});

test('extractChdir and lookupCmd follow go', () => {
  assert.deepEqual(extractChdir(['-C', 'd', 'build']), { args: ['build'], dir: 'd' });
  assert.deepEqual(extractChdir(['build', '-C=d', 'x']), { args: ['build', 'x'], dir: 'd' });
  assert.deepEqual(extractChdir(['mod', '--C', 'd', 'tidy']), { args: ['mod', 'tidy'], dir: 'd' });
  assert.deepEqual(extractChdir(['build', '-x', '-C', 'd']), { args: ['build', '-x', '-C', 'd'] });
  assert.deepEqual(extractChdir(['-C']), { args: ['-C'] });
  assert.equal(lookupCmd(['mod', 'tidy', 'x']).used, 2);
  assert.equal(lookupCmd(['help', 'mod', 'tidy']).used, 0);
  assert.equal(lookupCmd(['nosuch']).cmd, undefined);
});

test('no toolchain: one line saying how to get one, exit 1', async () => {
  const stdout = new Collect();
  const stderr = new Collect();
  const code = await runMain(['version'], { stdout, stderr }, { env: { PATH: '/nonexistent', HOME: dir }, cwd: dir, fallbackGoroots: [] });
  assert.equal(code, 1);
  assert.equal(stderr.text.split('\n').length, 2);
  assert.match(stderr.text, /^go: cannot find a Go toolchain: .*GOROOT/);
  // help works without a toolchain
  assert.equal(await runMain(['help'], { stdout, stderr }, { env: { PATH: '' }, cwd: dir, fallbackGoroots: [] }), 0);
});

test('go vet/test/fix -h print go\'s usage lines', { skip }, async () => {
  for (const c of ['vet', 'test', 'fix']) {
    if (await loadCommand(c)) continue;
    const want = runRealGo([c, '-h'], base(), dir);
    const got = await gocmd([c, '-h'], base(), dir);
    assert.equal(got.stderr, want.stderr);
    assert.equal(got.code, want.code);
  }
});

test('go <cmd> -h for a command not built yet prints its usage', async () => {
  if (await loadCommand('telemetry')) return;
  const got = await gocmd(['telemetry', '-h'], base(), dir);
  assert.equal(got.code, 2);
  assert.equal(got.stderr, "usage: go telemetry [off|local|on]\nRun 'go help telemetry' for details.\n");
});

test('no Go installed: GOTOOLCHAIN picks a toolchain from the module cache and gocmd runs as it', { skip: process.platform === 'linux' && process.arch === 'x64' ? false : 'the fake toolchain is linux-amd64' }, async () => {
  // A toolchain as go leaves it unpacked: files without exec bits, go.mod files still named _go.mod.
  const mc = join(dir, 'tcmodcache');
  const v = 'v0.0.1-go1.99.0.linux-amd64';
  const root = join(mc, 'golang.org', `toolchain@${v}`);
  mkdirSync(join(root, 'pkg', 'tool', 'linux_amd64'), { recursive: true });
  mkdirSync(join(root, 'bin'), { recursive: true });
  mkdirSync(join(root, 'src', 'cmd'), { recursive: true });
  writeFileSync(join(root, 'VERSION'), 'go1.99.0\ntime 2030-01-01T00:00:00Z\n');
  writeFileSync(join(root, 'bin', 'go'), '', { mode: 0o644 });
  writeFileSync(join(root, 'pkg', 'tool', 'linux_amd64', 'compile'), '', { mode: 0o644 });
  writeFileSync(join(root, 'src', '_go.mod'), 'module std\n');
  writeFileSync(join(root, 'src', 'cmd', '_go.mod'), 'module cmd\n');
  const dl = join(mc, 'cache', 'download', 'golang.org', 'toolchain', '@v');
  mkdirSync(dl, { recursive: true });
  writeFileSync(join(dl, `${v}.ziphash`), 'h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n');
  const env = { PATH: '/nonexistent', HOME: dir, GOENV: 'off', GOMODCACHE: mc, GOPROXY: 'off', GONOSUMDB: 'golang.org/toolchain', GOTOOLCHAIN: 'go1.99.0' };
  const stdout = new Collect();
  const stderr = new Collect();
  const code = await runMain(['env', 'GOROOT', 'GOVERSION'], { stdout, stderr }, { env, cwd: dir, fallbackGoroots: [] });
  assert.equal(stderr.text, '');
  assert.equal(code, 0);
  assert.equal(stdout.text, `${root}\ngo1.99.0\n`);
  // readied as go readies it: tools executable, go.mod files in place
  const { statSync, readFileSync } = await import('node:fs');
  assert.ok((statSync(join(root, 'pkg', 'tool', 'linux_amd64', 'compile')).mode & 0o111) !== 0);
  assert.ok((statSync(join(root, 'bin', 'go')).mode & 0o111) !== 0);
  assert.equal(readFileSync(join(root, 'src', 'cmd', 'go.mod'), 'utf8'), 'module cmd\n');
  assert.equal(readFileSync(join(root, 'src', 'go.mod'), 'utf8'), 'module std\n');
  // GOTOOLCHAIN=path only looks on PATH
  const e2 = new Collect();
  assert.equal(await runMain(['version'], { stdout, stderr: e2 }, { env: { ...env, GOTOOLCHAIN: 'go1.99.0+path' }, cwd: dir, fallbackGoroots: [] }), 1);
  assert.equal(e2.text, 'go: cannot find "go1.99.0" in PATH\n');
});

test('cmdIsGoTelemetryOff: go telemetry off, with -C before or after the command name, opens no counters', () => {
  for (const argv of [['telemetry', 'off'], ['-C', '/w', 'telemetry', 'off'], ['telemetry', '-C=/w', 'off'], ['--C=/w', 'telemetry', '--C', '/x', 'off']]) {
    assert.equal(cmdIsGoTelemetryOff(argv), true, argv.join(' '));
  }
  for (const argv of [['telemetry'], ['telemetry', 'local'], ['telemetry', 'off', 'x'], ['env', 'off'], ['-C'], ['telemetry', '-v', 'off']]) {
    assert.equal(cmdIsGoTelemetryOff(argv), false, argv.join(' '));
  }
});
