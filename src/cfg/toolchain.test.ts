// GOTOOLCHAIN selection: when go would run another toolchain, and go's errors for bad settings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from './config.js';
import { selectToolchain } from './toolchain.js';
import { ExitError } from './errors.js';
import { realGo, runRealGo, tempDir } from './testutil.js';

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

function sel(gotoolchain: string | undefined, sub: string, argv = ['build']): string {
  const c = loadConfig({ env: { GOROOT: root, GOENV: 'off', HOME: dir, PATH: '', GOTOOLCHAIN: gotoolchain }, cwd: join(dir, sub) });
  return selectToolchain(c, argv);
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
