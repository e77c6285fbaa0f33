// BuildInit/NewBuilder flag checks compared with real go build's messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FlagSet } from '../lib/flags.js';
import { addBuildFlags } from './buildflags.js';
import { buildInitChecks, newBuilderChecks } from './buildinit.js';
import { loadConfig } from './config.js';
import { ExitError } from '../base/errors.js';
import { realGo, runRealGo, tempDir } from './testutil.js';

const dir = tempDir();
writeFileSync(join(dir, 'go.mod'), 'module m\n\ngo 1.26\n');
writeFileSync(join(dir, 'main.go'), 'package main\n\nfunc main() {}\n');

function check(args: string[], env: Record<string, string>): { msg: string; code: number } {
  const fs = new FlagSet('build');
  const bf = addBuildFlags(fs, 'build');
  fs.parse(args);
  const config = loadConfig({ env: { ...process.env, GOENV: 'off', ...env }, cwd: dir });
  try {
    buildInitChecks(bf, config);
    newBuilderChecks(bf, config);
  } catch (e) {
    assert.ok(e instanceof ExitError);
    return { msg: e.message.endsWith('\n') ? e.message : e.message + '\n', code: e.code };
  }
  return { msg: '', code: 0 };
}

const cases: { args: string[]; env?: Record<string, string> }[] = [
  { args: ['-race', '-msan'] },
  { args: ['-msan', '-asan'] },
  { args: ['-race'], env: { GOARCH: '386' } },
  { args: ['-race'], env: { CGO_ENABLED: '0' } },
  { args: ['-race'], env: { GOOS: 'windows', CGO_ENABLED: '0' } },
  { args: ['-asan'], env: { GOOS: 'darwin', GOARCH: 'arm64' } },
  { args: ['-p=0'] },
  { args: ['-p=-2'] },
  { args: [], env: { CC: 'bin/gcc' } },
  { args: [], env: { CXX: '"g++' } },
  { args: ['-race', '-covermode=set'] },
  { args: ['-tags', 'a,b c'] },
  { args: [], env: { GOOS: 'windows', GOARCH: 'mips' } },
  { args: ['-buildmode=foo'] },
  { args: ['-buildmode=c-shared'], env: { GOARCH: 'mips64' } },
  { args: ['-buildmode=plugin'], env: { GOOS: 'windows', CGO_ENABLED: '0' } },
  { args: ['-buildmode=shared', '-o', 'x'] },
  { args: ['-linkshared'], env: { GOARCH: 'mips64' } },
];

for (const c of cases) {
  test(`build checks match go build: ${c.args.join(' ')} ${JSON.stringify(c.env ?? {})}`, { skip: realGo() ? false : 'no go' }, () => {
    const env = { ...c.env };
    const want = runRealGo(['build', '-o', '/dev/null', ...c.args, '.'], { ...process.env, GOENV: 'off', GOFLAGS: '', ...env }, dir);
    const got = check(c.args, env);
    assert.equal(got.msg, want.stderr);
    assert.equal(got.code, want.code);
  });
}

test('normalizations', () => {
  const fs = new FlagSet('build');
  const bf = addBuildFlags(fs, 'build');
  fs.parse(['-pkgdir', 'pd', '-race']);
  const config = loadConfig({ env: { ...process.env, GOENV: 'off', GOOS: 'linux', GOARCH: 'amd64', CGO_ENABLED: '1' }, cwd: dir });
  buildInitChecks(bf, config);
  assert.equal(bf.pkgdir, join(dir, 'pd'));
  assert.equal(bf.covermode, 'atomic');
});
