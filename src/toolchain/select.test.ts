// GOTOOLCHAIN selection: when go would run another toolchain, and go's errors for bad settings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../cfg/config.js';
import { selectToolchain } from './select.js';
import { dlToGo, goVersionsFromDL, newerToolchain } from './switch.js';
import { ExitError } from '../base/errors.js';
import { testHooks } from '../cfg/testhooks.js';
import { realGo, runRealGo, tempDir } from '../cfg/testutil.js';

const dir = tempDir();
const root = join(dir, 'goroot');
mkdirSync(join(root, 'pkg', 'tool'), { recursive: true });
writeFileSync(join(root, 'VERSION'), 'go1.26.8\n');
mkdirSync(join(dir, 'new'));
writeFileSync(join(dir, 'new', 'go.mod'), 'module m\n\ngo 1.99\n');
mkdirSync(join(dir, 'tl'));
writeFileSync(join(dir, 'tl', 'go.mod'), 'module m\n\ngo 1.21\ntoolchain go1.27.1\n');
mkdirSync(join(dir, 'old'));
writeFileSync(join(dir, 'old', 'go.mod'), 'module m\n\ngo 1.20\n');

function selection(gotoolchain: string | undefined, sub: string, argv = ['build'], extra: Record<string, string> = {}): ReturnType<typeof selectToolchain> {
  const c = loadConfig({ env: { GOROOT: root, GOENV: 'off', HOME: dir, PATH: '', GOTOOLCHAIN: gotoolchain, ...extra }, cwd: join(dir, sub) });
  return selectToolchain(c, argv);
}

function sel(gotoolchain: string | undefined, sub: string, argv = ['build']): string {
  return selection(gotoolchain, sub, argv).toolchain;
}

test('which toolchain go would run', () => {
  const cases: [string | undefined, string, string][] = [
    [undefined, 'new', ''],
    ['local', 'new', ''],
    ['go1.26.8', 'new', ''],
    ['auto', 'old', ''],
    ['auto', 'new', 'go1.99.0'],
    ['auto', 'tl', 'go1.27.1'],
    ['path', 'tl', 'go1.27.1'],
    ['local+auto', 'new', 'go1.99.0'],
    ['go1.25.0', 'old', 'go1.25.0'],
    ['go1.30.0+auto', 'old', 'go1.30.0'],
    ['go1.30.0+auto', 'new', 'go1.99.0'],
  ];
  for (const [gt, sub, want] of cases) assert.equal(sel(gt, sub), want, `${gt} in ${sub}`);
  // go env GOTOOLCHAIN and go env -w GOTOOLCHAIN=… never switch, so a bad setting can be fixed
  assert.equal(sel('auto', 'new', ['env', 'GOTOOLCHAIN']), '');
  assert.equal(sel('auto', 'new', ['env', '-w', 'GOTOOLCHAIN=local']), '');
});

test('invalid GOTOOLCHAIN values: go\'s messages', { skip: realGo() ? false : 'no go' }, () => {
  for (const gt of ['bad', 'go1.26.8+foo', 'bad+auto']) {
    let msg = '';
    try {
      sel(gt, 'old');
    } catch (e) {
      assert.ok(e instanceof ExitError);
      msg = e.message;
    }
    const want = runRealGo(['version'], { PATH: process.env.PATH, HOME: dir, GOENV: 'off', GOTOOLCHAIN: gt }, join(dir, 'old'));
    assert.equal(msg + '\n', want.stderr, gt);
  }
});

test('what the selection saw, for "requires go >=" explanations', () => {
  mkdirSync(join(dir, 'def'));
  writeFileSync(join(dir, 'def', 'go.mod'), 'module m\n\ngo 1.99\ntoolchain default\n');
  const d = selection('auto', 'def');
  assert.equal(d.toolchain, '');
  assert.deepEqual(d.startup, { gotoolchain: 'auto', autoFile: 'go.mod', autoGoVersion: '', autoToolchain: 'default' });
  assert.deepEqual(selection('path', 'new').startup, { gotoolchain: 'path', autoFile: 'go.mod', autoGoVersion: '1.99', autoToolchain: '' });
  assert.deepEqual(selection('auto', 'tl').startup, { gotoolchain: 'auto', autoFile: 'go.mod', autoGoVersion: '', autoToolchain: 'go1.27.1' });
});

test('invalid toolchain lines and names', () => {
  mkdirSync(join(dir, 'badtl'));
  writeFileSync(join(dir, 'badtl', 'go.mod'), 'module m\n\ngo 1.21\ntoolchain 1.27.1\n');
  assert.throws(() => sel('auto', 'badtl'), (e: unknown) => e instanceof ExitError && e.message === 'go: invalid toolchain "1.27.1" in go.mod');
  // a local GOTOOLCHAIN name that is no go1 toolchain is refused before any lookup
  assert.throws(() => sel('gccgo1.30', 'old'), (e: unknown) => e instanceof ExitError && e.message === 'go: invalid GOTOOLCHAIN "gccgo1.30"');
});

test('TESTGO_VERSION changes the local toolchain only under cmd/go\'s harness', () => {
  // A stray TESTGO_VERSION in a user's environment is ignored.
  assert.equal(selection('auto', 'old', ['build'], { TESTGO_VERSION: 'go1.19' }).toolchain, '');
  const harness = { CMDGO_TEST_RUN_MAIN: 'true', TESTGO_GOROOT: root };
  assert.equal(selection('auto', 'old', ['build'], { ...harness, TESTGO_VERSION: 'go1.19' }).toolchain, 'go1.20');
  assert.deepEqual(testHooks({ TESTGO_VERSION_SWITCH: 'switch' }), { version: '', versionSwitch: '', toolchainVersion: '' });
  assert.equal(testHooks({ ...harness, TESTGO_VERSION_SWITCH: 'switch' }).versionSwitch, 'switch');
});

test('newerToolchain: latest patch of the family before the newest release', () => {
  const list = ['1.20.1', '1.21.0', '1.21.5', '1.22rc1', '1.22.0', '1.22.2', '1.23rc1'];
  assert.equal(newerToolchain('1.21', list), 'go1.21.5');
  assert.equal(newerToolchain('1.21.6', list), 'go1.22.2');
  assert.equal(newerToolchain('1.22.1', list), 'go1.22.2');
  assert.equal(newerToolchain('1.22.3', list), 'go1.23rc1');
  assert.throws(() => newerToolchain('1.24', list), /no releases found for go >= 1.24/);
  // a newer family with only a prerelease does not count as released
  assert.equal(newerToolchain('1.20', ['1.20.1', '1.21rc2']), 'go1.20.1');
});

test('the "go" versions from golang.org/toolchain versions', () => {
  assert.equal(dlToGo('v0.0.1-go1.19.7.windows-amd64'), '1.19.7');
  assert.equal(dlToGo('v0.0.1-go1.21rc2.linux-386'), '1.21rc2');
  assert.equal(dlToGo('v0.0.1'), undefined);
  assert.equal(dlToGo('v0.0.1-go1.21.0.linux'), undefined);
  assert.deepEqual(goVersionsFromDL(['v0.0.1-go1.22.0.linux-amd64', 'v0.0.1-go1.21.5.darwin-arm64', 'v0.0.1-go1.22.0.darwin-arm64'], '1.21.9'), ['1.21.5', '1.21.9', '1.22.0']);
});
