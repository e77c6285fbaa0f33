import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cgoCFlags, envList, getPkgConfigFlags, pkgConfigCmd, spawnPkgConfigIO, splitPkgConfigOutput, type PkgConfigIO, type RunResult } from './cgoflags.js';
import { InvalidFlagError } from './cgosecurity.js';

const envOf = (vars: Record<string, string>) => (k: string): string => vars[k] ?? '';

test('cgoCFlags: environment (default -O2 -g, none for CPPFLAGS) then the package flags', () => {
  const got = cgoCFlags({ cgoCFLAGS: ['-DX=1'], cgoLDFLAGS: ['-lm'] }, envOf({}));
  assert.deepEqual(got, {
    cppflags: [],
    cflags: ['-O2', '-g', '-DX=1'],
    cxxflags: ['-O2', '-g'],
    fflags: ['-O2', '-g'],
    ldflags: ['-O2', '-g', '-lm'],
  });
  const env = envOf({ CGO_CPPFLAGS: '-I/x', CGO_CFLAGS: "-O0 '-DA=b c'", CGO_LDFLAGS: '-fplugin=evil.so' });
  const got2 = cgoCFlags({ cgoCPPFLAGS: ['-DY'] }, env);
  assert.deepEqual(got2.cppflags, ['-I/x', '-DY']);
  assert.deepEqual(got2.cflags, ['-O0', '-DA=b c']);
  // The user's own $CGO_LDFLAGS are not checked; only package flags are.
  assert.deepEqual(got2.ldflags, ['-fplugin=evil.so']);
});

test('cgoCFlags: package flags are checked, with CGO_*_ALLOW', () => {
  assert.throws(() => cgoCFlags({ cgoCFLAGS: ['-fplugin=foo.so'] }, envOf({})), (e: unknown) =>
    e instanceof InvalidFlagError && e.message === 'invalid flag in #cgo CFLAGS: -fplugin=foo.so (see https://go.dev/s/invalidflag)');
  assert.throws(() => cgoCFlags({ cgoLDFLAGS: ['-Wl,-foo'] }, envOf({})), /^InvalidFlagError: invalid flag in #cgo LDFLAGS: -Wl,-foo /);
  assert.throws(() => cgoCFlags({ cgoCPPFLAGS: ['-D'] }, envOf({})), /invalid flag in #cgo CPPFLAGS: -D without argument/);
  const ok = cgoCFlags({ cgoCFLAGS: ['-fplugin=foo.so'] }, envOf({ CGO_CFLAGS_ALLOW: '-fplugin=.*' }));
  assert.deepEqual(ok.cflags, ['-O2', '-g', '-fplugin=foo.so']);
  // CPPFLAGS are checked before CFLAGS.
  assert.throws(() => cgoCFlags({ cgoCFLAGS: ['-fa'], cgoCPPFLAGS: ['-fb'] }, envOf({})), /#cgo CPPFLAGS: -fb/);
});

test('envList: quoted split, default when empty, go\'s text when unparsable', () => {
  assert.deepEqual(envList('K', '-O2 -g', envOf({})), ['-O2', '-g']);
  assert.deepEqual(envList('K', '-O2 -g', envOf({ K: ' "a b"  c ' })), ['a b', 'c']);
  assert.throws(() => envList('CGO_CFLAGS', '', envOf({ CGO_CFLAGS: "'x" })), { message: 'could not parse environment variable CGO_CFLAGS with value "\'x": unterminated \' string' });
  assert.equal(pkgConfigCmd(envOf({})), 'pkg-config');
  assert.equal(pkgConfigCmd(envOf({ PKG_CONFIG: '/opt/pc --static' })), '/opt/pc');
});

test('splitPkgConfigOutput: POSIX shell quoting (go\'s build_test.go cases)', () => {
  const cases: [string, string[]][] = [
    ["-r:foo -L/usr/white\\ space/lib -lfoo\\ bar -lbar\\ baz", ["-r:foo","-L/usr/white space/lib","-lfoo bar","-lbar baz"]],
    ["-lextra\\ fun\\ arg\\\\", ["-lextra fun arg\\"]],
    ["\textra     whitespace\r\n", ["extra","whitespace\r"]],
    ["     \r\n      ", ["\r"]],
    ["\"-r:foo\" \"-L/usr/white space/lib\" \"-lfoo bar\" \"-lbar baz\"", ["-r:foo","-L/usr/white space/lib","-lfoo bar","-lbar baz"]],
    ["\"-lextra fun arg\\\\\"", ["-lextra fun arg\\"]],
    ["\"     \\r\\n\\      \"", ["     \\r\\n\\      "]],
    ["\"\"", [""]],
    ["", []],
    ["\"\\\\\"", ["\\"]],
    ["\"\\x\"", ["\\x"]],
    ["\"\\\\x\"", ["\\x"]],
    ["'\\\\'", ["\\\\"]],
    ["'\\x'", ["\\x"]],
    ["\"\\\\x\"", ["\\x"]],
    ["\\\n", []],
    ["-fPIC -I/test/include/foo -DQUOTED='\"/test/share/doc\"'", ["-fPIC","-I/test/include/foo","-DQUOTED=\"/test/share/doc\""]],
    ["-fPIC -I/test/include/foo -DQUOTED=\"/test/share/doc\"", ["-fPIC","-I/test/include/foo","-DQUOTED=/test/share/doc"]],
    ["-fPIC -I/test/include/foo -DQUOTED=\\\"/test/share/doc\\\"", ["-fPIC","-I/test/include/foo","-DQUOTED=\"/test/share/doc\""]],
    ["-fPIC -I/test/include/foo -DQUOTED='/test/share/doc'", ["-fPIC","-I/test/include/foo","-DQUOTED=/test/share/doc"]],
    ["-DQUOTED='/te\\st/share/d\\oc'", ["-DQUOTED=/te\\st/share/d\\oc"]],
    ["-Dhello=10 -Dworld=+32 -DDEFINED_FROM_PKG_CONFIG=hello\\ world", ["-Dhello=10","-Dworld=+32","-DDEFINED_FROM_PKG_CONFIG=hello world"]],
    ["\"broken\\\"\" \\\\\\a \"a\"", ["broken\"","\\a","a"]],
  ];
  for (const [in_, want] of cases) assert.deepEqual(splitPkgConfigOutput(in_), want, JSON.stringify(in_));
  const bad: [string, string][] = [
    ["\"     \\r\\n      ", 'unterminated quoted string in pkgconf output'],
    ["\"-r:foo\" \"-L/usr/white space/lib \"-lfoo bar\" \"-lbar baz\"", 'unterminated quoted string in pkgconf output'],
    ["\"-lextra fun arg\\\\", 'unterminated quoted string in pkgconf output'],
    ["broken flag\\", 'broken character escaping in pkgconf output'],
    ["extra broken flag \\", 'broken character escaping in pkgconf output'],
    ["\\", 'broken character escaping in pkgconf output'],
    ["\"broken\\\"\" \"extra\" \\", 'broken character escaping in pkgconf output'],
    ['-lfoo; rm -rf /', "unexpected shell character ';' in pkgconf output"],
    ['"-I$HOME"', "unexpected shell character '$' in pkgconf output"],
    ['`x`', "unexpected shell character '`' in pkgconf output"],
  ];
  for (const [in_, msg] of bad) assert.throws(() => splitPkgConfigOutput(in_), { message: msg }, JSON.stringify(in_));
});

/** A fake pkg-config: answers per --cflags/--libs, records the runs. */
function fakeIO(answers: Record<string, RunResult>): PkgConfigIO & { runs: { dir: string; args: string[] }[] } {
  const runs: { dir: string; args: string[] }[] = [];
  return {
    runs,
    run(dir, args) {
      runs.push({ dir, args });
      return answers[args[1]!] ?? { out: '', err: undefined };
    },
    report(desc, out, err) {
      return out === '' ? err : new Error(`# p\n# [${desc}]\n${out}`);
    },
  };
}

test('getPkgConfigFlags: options before our --, packages after, output split and checked', async () => {
  const io = fakeIO({
    '--cflags': { out: '-I/usr/include/foo -DFOO="a b"\n', err: undefined },
    '--libs': { out: "-L'/opt/x y/lib' -lfoo\n", err: undefined },
  });
  const got = await getPkgConfigFlags({ dir: '/src/p', cgoPkgConfig: ['foo', '--static', '--', 'bar'] }, envOf({ PKG_CONFIG: 'mypc' }), io);
  assert.deepEqual(got, { cflags: ['-I/usr/include/foo', '-DFOO=a b'], ldflags: ['-L/opt/x y/lib', '-lfoo'] });
  assert.deepEqual(io.runs, [
    { dir: '/src/p', args: ['mypc', '--cflags', '--static', '--', 'foo', 'bar'] },
    { dir: '/src/p', args: ['mypc', '--libs', '--static', '--', 'foo', 'bar'] },
  ]);
  const none = fakeIO({});
  assert.deepEqual(await getPkgConfigFlags({ dir: '/src/p' }, envOf({}), none), { cflags: [], ldflags: [] });
  assert.equal(none.runs.length, 0);
});

test('getPkgConfigFlags: go\'s errors', async () => {
  const io = fakeIO({});
  const run = (args: string[]) => getPkgConfigFlags({ dir: '/d', cgoPkgConfig: args }, envOf({}), io);
  await assert.rejects(run(['-foo']), { message: 'invalid pkg-config package name: -foo' });
  await assert.rejects(run(['@foo']), { message: 'invalid pkg-config package name: @foo' });
  await assert.rejects(run(['--log-file=/tmp/log', 'x']), { message: 'invalid flag in pkg-config: --log-file=/tmp/log (see https://go.dev/s/invalidflag)' });
  assert.equal(io.runs.length, 0, 'nothing runs before the arguments pass');

  const failing = fakeIO({ '--cflags': { out: 'Package x was not found\n', err: new Error('pkg-config: exit status 1') } });
  await assert.rejects(getPkgConfigFlags({ dir: '/d', cgoPkgConfig: ['x'] }, envOf({}), failing), { message: '# p\n# [pkg-config --cflags  -- x]\nPackage x was not found\n' });
  const silent = fakeIO({ '--libs': { out: '', err: new Error('pkg-config: exit status 1') } });
  await assert.rejects(getPkgConfigFlags({ dir: '/d', cgoPkgConfig: ['--static', 'x'] }, envOf({}), silent), { message: 'pkg-config: exit status 1' });

  const evil = fakeIO({ '--cflags': { out: '-fplugin=evil.so', err: undefined } });
  await assert.rejects(getPkgConfigFlags({ dir: '/d', cgoPkgConfig: ['x'] }, envOf({}), evil), { message: 'invalid flag in pkg-config --cflags: -fplugin=evil.so (see https://go.dev/s/invalidflag)' });
  const evilLibs = fakeIO({ '--libs': { out: '-Wl,-plugin,x', err: undefined } });
  await assert.rejects(getPkgConfigFlags({ dir: '/d', cgoPkgConfig: ['x'] }, envOf({}), evilLibs), { message: 'invalid flag in pkg-config --libs: -Wl,-plugin,x (see https://go.dev/s/invalidflag)' });
  // $CGO_CFLAGS_ALLOW applies to pkg-config's output as to #cgo CFLAGS.
  assert.deepEqual((await getPkgConfigFlags({ dir: '/d', cgoPkgConfig: ['x'] }, envOf({ CGO_CFLAGS_ALLOW: '-fplugin=.*' }), evil)).cflags, ['-fplugin=evil.so']);
  const shell = fakeIO({ '--cflags': { out: '-I/x; rm', err: undefined } });
  await assert.rejects(getPkgConfigFlags({ dir: '/d', cgoPkgConfig: ['x'] }, envOf({}), shell), { message: "unexpected shell character ';' in pkgconf output" });
});

const hasPkgConfig = spawnSync('pkg-config', ['--version']).status === 0;

test('getPkgConfigFlags with the system pkg-config and a .pc of our own', { skip: !hasPkgConfig && 'no pkg-config' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gocmd-pc-'));
  try {
    writeFileSync(join(dir, 'gocmdtest.pc'), [
      'prefix=/opt/gocmd',
      'Name: gocmdtest',
      'Description: test library',
      'Version: 1.2.3',
      'Cflags: -I${prefix}/include -DGOCMDTEST="a b"',
      'Libs: -L${prefix}/lib -lgocmdtest',
      'Libs.private: -lm',
      '',
    ].join('\n'));
    const env = { ...process.env, PKG_CONFIG_PATH: dir, PKG_CONFIG_LIBDIR: dir };
    const io = spawnPkgConfigIO('example', env);
    const got = await getPkgConfigFlags({ dir, cgoPkgConfig: ['gocmdtest', '--static'] }, envOf({}), io);
    // pkg-config escapes the space in the define with a backslash; the split undoes it.
    assert.deepEqual(got.cflags, ['-I/opt/gocmd/include', '-DGOCMDTEST=a b']);
    assert.deepEqual(got.ldflags, ['-L/opt/gocmd/lib', '-lgocmdtest', '-lm']);
    await assert.rejects(getPkgConfigFlags({ dir, cgoPkgConfig: ['libnot-a-valid-cgo-library'] }, envOf({}), io),
      /^Error: # example\n# \[pkg-config --cflags  -- libnot-a-valid-cgo-library\]\n(.*\n)*.*(Package .* not found|could not find package)/);
    await assert.rejects(getPkgConfigFlags({ dir, cgoPkgConfig: ['gocmdtest'] }, envOf({ PKG_CONFIG: 'gocmd-no-such-pkg-config' }), io),
      { message: 'exec: "gocmd-no-such-pkg-config": executable file not found in $PATH' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
