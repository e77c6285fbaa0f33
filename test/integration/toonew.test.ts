// Integration: a dependency whose go.mod needs a newer Go (rsc.io/future, go 1.999, from the test proxy)
// under go list -e, side by side with real go: output and exit status byte for byte, go.mod untouched.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { proxyTestEnv, type Result, runGoOrGocmd, startProxySuite, stopProxySuite } from './cliharness.js';
import { assertSameRuns, makeTwin } from './sidebyside.js';
import { type Proxy } from '../../conformance/proxy/server.js';

let GOCMD = '';
let tmp = '';
let proxy: Proxy | undefined;
let serial = 0;

function run(bin: 'go' | 'gocmd', dir: string, args: string[], extra: Record<string, string>): Promise<Result> {
  return runGoOrGocmd(bin, GOCMD, dir, args, proxyTestEnv(tmp, proxy!, { GOMODCACHE: join(tmp, `modcache-${bin}`), ...extra }));
}

/** Runs args in twin copies of files with go, then gocmd, and compares them. */
async function same(files: Record<string, string>, args: string[], what: string, extra: Record<string, string> = {}): Promise<Result> {
  const dirs = makeTwin(join(tmp, `t${++serial}`), undefined, files);
  const g = await run('go', join(dirs.go, 'm'), args, extra);
  const c = await run('gocmd', join(dirs.gocmd, 'm'), args, extra);
  assertSameRuns(dirs, g, c, { what, ignored: ['go: downloading '], files: ['m/go.mod'] });
  return c;
}

before(async () => {
  ({ tmp, gocmd: GOCMD, proxy } = await startProxySuite('gocmd-toonew-test-'));
});

after(async () => {
  await stopProxySuite(tmp, proxy);
});

describe('go list -e with a module that needs a newer Go', () => {
  test('a missing import found in it: go names the import that needs the upgrade, then the error', async () => {
    const files = { 'm/go.mod': 'module m\n\ngo 1.22\n', 'm/m.go': 'package m\n\nimport _ "rsc.io/future"\n', 'm/sub/sub.go': 'package sub\n' };
    for (const args of [['list', '-e', './...'], ['list', '-e', '-json=ImportPath,Error', './...'], ['list', './...']]) {
      const c = await same(files, args, args.join(' '), { GOFLAGS: '-modcacherw -buildvcs=false -mod=mod' });
      assert.match(c.stderr, /^go: toolchain upgrade needed to resolve rsc\.io\/future\ngo: rsc\.io\/future@v1\.0\.0 requires go >= 1\.999 \(running go 1\.\d+\.\d+; GOTOOLCHAIN=local\)\n$/m);
    }
  });

  test('list -m: a required module\'s go line is shown, a replacement directory\'s that is too new is not', async () => {
    const c = await same(
      { 'm/go.mod': 'module m\n\ngo 1.22\n\nrequire rsc.io/future v1.0.0\n', 'm/go.sum': '' },
      ['list', '-e', '-m', '-mod=mod', '-json=Path,GoVersion,Replace,Error', 'all'],
      'list -m required',
    );
    assert.match(c.stdout, /"GoVersion": "1\.999"/);
    const r = await same(
      {
        'm/go.mod': 'module m\n\ngo 1.22\n\nrequire rsc.io/future v1.0.0\n\nreplace rsc.io/future v1.0.0 => ../future\n',
        'future/go.mod': 'module rsc.io/future\n\ngo 1.999\n',
        'future/main.go': 'package main\n\nfunc main() {}\n',
      },
      ['list', '-e', '-m', '-json=Path,GoVersion,Replace,Error', 'all'],
      'list -m replaced',
    );
    assert.doesNotMatch(r.stdout, /1\.999/);
    assert.equal(r.code, 0);
  });
});
