// probeCompileFlags and the flag probes of a C compile (kept apart from ccompiler.test.ts, the compiler-ID tests).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CToolchain } from './ccompiler.js';

/** A toolchain whose compiler is not on PATH (so no compiler ID and no GOCACHE): probes only go to run. */
function toolchain(vars: Record<string, string> = {}): CToolchain {
  return new CToolchain({
    goos: 'linux', goarch: 'amd64', cgoEnabled: true, getenv: (k) => vars[k] ?? '', env: { PATH: '' },
    toolexec: [], workDir: '/work-dir', dryRun: false, cache: undefined,
  });
}

test('probeCompileFlags: the probes compilerCmd and a C compile ask, in go\'s order, each once; supportsFlag then runs nothing', async () => {
  const cc = toolchain({ CGO_CFLAGS: '-O1' });
  const runs: { args: string[]; cwd: string; env: string[] }[] = [];
  const run = async (args: string[], cwd: string, env: string[]): Promise<string> => {
    runs.push({ args, cwd, env });
    return args.includes('-Qunused-arguments') ? "gcc: error: unrecognized command-line option '-Qunused-arguments'\n" : '';
  };
  await cc.probeCompileFlags(['fakecc'], run);
  assert.deepEqual(runs.map((r) => r.args[1]), ['-fno-caret-diagnostics', '-Qunused-arguments', '-Wl,--no-gc-sections',
    '-fdebug-prefix-map=a=b', '-ffile-prefix-map=a=b', '-gno-record-gcc-switches', '-frandom-seed=1']);
  // The command lines are supportsFlag's: CGO_CFLAGS (or CGO_LDFLAGS for -Wl, flags), empty C input, run in $WORK with LC_ALL=C.
  assert.deepEqual(runs[0], { args: ['fakecc', '-fno-caret-diagnostics', '-O1', '-c', '-x', 'c', '-', '-o', '/dev/null'], cwd: '/work-dir', env: ['LC_ALL=C'] });
  assert.deepEqual(runs[2]!.args, ['fakecc', '-Wl,--no-gc-sections', '-O2', '-g', '-x', 'c', '-', '-o', '/dev/null']);
  await cc.probeCompileFlags(['fakecc'], run);
  assert.equal(runs.length, 7);
  assert.equal(cc.supportsFlag(['fakecc'], '-Qunused-arguments'), false);
  assert.equal(cc.supportsFlag(['fakecc'], '-gno-record-gcc-switches'), true);
  assert.deepEqual(cc.compilerCmd(['fakecc'], '/inc', '/obj/'), ['fakecc', '-I', '/inc', '-fPIC', '-m64', '-pthread', '-fno-caret-diagnostics',
    '-Wl,--no-gc-sections', '-fmessage-length=0', '-ffile-prefix-map=/obj=/tmp/go-build', '-gno-record-gcc-switches']);
});

test('probeCompileFlags: -ffile-prefix-map is asked only when -fdebug-prefix-map is supported, as go asks it', async () => {
  const cc = toolchain();
  const asked: string[] = [];
  await cc.probeCompileFlags(['fakecc'], async (args) => {
    asked.push(args[1]!);
    return args[1] === '-fdebug-prefix-map=a=b' ? 'cc1: error: unknown option\n' : '';
  });
  assert.ok(!asked.includes('-ffile-prefix-map=a=b'));
  assert.equal(asked.length, 6);
});

test('probeCompileFlags: nothing runs under -n', async () => {
  const cc = new CToolchain({
    goos: 'linux', goarch: 'amd64', cgoEnabled: true, getenv: () => '', env: { PATH: '' },
    toolexec: [], workDir: '$WORK', dryRun: true, cache: undefined,
  });
  await cc.probeCompileFlags(['fakecc'], async () => assert.fail('a probe ran under -n'));
});
