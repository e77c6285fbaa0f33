// Integration test: a sequence of go get operations (add, -u, -u=patch, downgrade, @none, errors)
// run by gocmd and by real go from the same starting state against the test proxy; go.mod,
// go.sum, stdout, stderr and exit status compared byte for byte after each step.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { proxyTestEnv, type Result, runGoOrGocmd, startProxySuite, stopProxySuite } from './cliharness.js';
import { assertSameRuns, makeTwin, readIfExists, type Twin } from './sidebyside.js';
import { type Proxy } from '../../conformance/proxy/server.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const FIXTURES = join(ROOT, 'test/fixtures/get');
let GOCMD = '';
let tmp = '';
let proxy: Proxy | undefined;

/** go and gocmd share the proxy, checksum database and GOCACHE; each its own GOMODCACHE, so download lines compare too. */
function run(bin: 'go' | 'gocmd', dir: string, args: string[]): Promise<Result> {
  return runGoOrGocmd(bin, GOCMD, dir, args, proxyTestEnv(tmp, proxy!, { GOMODCACHE: join(tmp, `modcache-${bin}`) }));
}

const modDirs = (fixture: string): Twin => makeTwin(join(tmp, fixture), join(FIXTURES, fixture));
const read = readIfExists;

/** Runs args with go, then gocmd, and compares everything ("go: downloading" lines as a sorted set: go downloads in parallel). */
async function same(dirs: Twin, args: string[]): Promise<{ go: Result; gocmd: Result }> {
  const g = await run('go', dirs.go, args);
  const c = await run('gocmd', dirs.gocmd, args);
  assertSameRuns(dirs, g, c, { what: args.join(' '), unordered: ['go: downloading '], files: ['go.mod', 'go.sum'] });
  return { go: g, gocmd: c };
}

before(async () => {
  ({ tmp, gocmd: GOCMD, proxy } = await startProxySuite('gocmd-get-test-'));
});

after(async () => {
  await stopProxySuite(tmp, proxy);
});

describe('go get', () => {
  test('add, upgrade with -u and -u=patch, downgrade, remove, conflicts and errors: same files and output as go', async () => {
    const dirs = modDirs('basic');
    const steps: string[][] = [
      ['get', 'rsc.io/quote@v1.5.1'],
      ['get', '-u=patch', 'rsc.io/quote'],
      ['get', 'rsc.io/quote@v1.3.0'],
      ['get', '-u'],
      ['get', 'rsc.io/sampler@v1.2.1'],
      ['get', 'rsc.io/quote@>=v1.5.0', 'rsc.io/sampler@v1.0.0'],
      ['get', 'rsc.io/sampler@none'],
      ['get', 'rsc.io/quote@v1.5.2', 'rsc.io/quote@v1.5.1'],
      ['get', 'rsc.io/quote@v9.9.9'],
      ['get', 'rsc.io/quote@latest'],
      ['get', 'go@1.23.0'],
      ['get', 'toolchain@none'],
      ['get', 'rsc.io/quote@none'],
      // The meta-patterns: "work" is the main module, "tool" its tool directives.
      ['get', 'work'],
      ['get', '-tool', 'example.com/tools/cmd/hello@v1.0.0'],
      ['get', 'tool'],
      ['get', 'tool@latest'],
      ['get', '-tool', 'example.com/tools/cmd/hello@none'],
    ];
    for (const args of steps) await same(dirs, args);
    assert.match(read(join(dirs.gocmd, 'go.mod'))!, /\/\/ A comment kept across edits\./);
  });

  test('a go.mod without a go line: get gives it the local go version and prunes the graph, as go does', async () => {
    // go's loadModFile under -mod=mod: the missing go line is the running release's, not the 1.16 it
    // means when read, and the unpruned requirements become the pruned graph's roots.
    const dirs = modDirs('nogoline');
    await same(dirs, ['get', 'rsc.io/sampler@v1.3.1']);
    const mod = read(join(dirs.gocmd, 'go.mod'))!;
    assert.match(mod, /^go 1\.\d+(\.\d+)?$/m);
    assert.doesNotMatch(mod, /^go 1\.16$/m);
  });

  test('get -u=patch all: a go.mod tool\'s imports are in "all", and direct requirements are recomputed, as go does', async () => {
    const dirs = modDirs('tool');
    await same(dirs, ['get', '-u=patch', 'all']);
    // quote is upgraded; as no main package imports it or the tool's module, go marks both indirect.
    assert.match(read(join(dirs.gocmd, 'go.mod'))!, /\trsc\.io\/quote v1\.5\.2 \/\/ indirect\n/);
    assert.match(read(join(dirs.gocmd, 'go.mod'))!, /\texample\.com\/tool v0\.0\.0 \/\/ indirect\n/);
  });
});
