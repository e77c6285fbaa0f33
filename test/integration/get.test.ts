// Integration test: a sequence of go get operations (add, -u, -u=patch, downgrade, @none, errors)
// run by gocmd and by real go from the same starting state against the test proxy; go.mod,
// go.sum, stdout, stderr and exit status compared byte for byte after each step.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { bundleCLI, proxyTestEnv, removeTestDir, runGoOrGocmd, type Result } from './cliharness.js';
import { startProxy, type Proxy } from '../../conformance/proxy/server.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const FIXTURES = join(ROOT, 'test/fixtures/get');
let GOCMD = '';
let tmp = '';
let proxy: Proxy | undefined;

/** go and gocmd share the proxy, checksum database and GOCACHE; each its own GOMODCACHE, so download lines compare too. */
function run(bin: 'go' | 'gocmd', dir: string, args: string[]): Promise<Result> {
  return runGoOrGocmd(bin, GOCMD, dir, args, proxyTestEnv(tmp, proxy!, { GOMODCACHE: join(tmp, `modcache-${bin}`) }));
}

function modDirs(fixture: string): { go: string; gocmd: string } {
  const out = { go: join(tmp, fixture, 'go'), gocmd: join(tmp, fixture, 'gocmd') };
  for (const d of [out.go, out.gocmd]) {
    mkdirSync(d, { recursive: true });
    cpSync(join(FIXTURES, fixture), d, { recursive: true });
  }
  return out;
}

const read = (f: string): string | undefined => (existsSync(f) ? readFileSync(f, 'utf8') : undefined);

/** Runs args with go, then gocmd, and compares everything ("go: downloading" lines as a sorted set: go downloads in parallel). */
async function same(dirs: { go: string; gocmd: string }, args: string[]): Promise<{ go: Result; gocmd: Result }> {
  const what = args.join(' ');
  const g = await run('go', dirs.go, args);
  const c = await run('gocmd', dirs.gocmd, args);
  const norm = (s: string, d: string): string => s.split(d).join('$DIR');
  assert.equal(c.code, g.code, `${what}: exit status\ngo stderr:\n${g.stderr}\ngocmd stderr:\n${c.stderr}`);
  assert.equal(norm(c.stdout, dirs.gocmd), norm(g.stdout, dirs.go), `${what}: stdout`);
  const split = (s: string): { rest: string; downloads: string } => {
    const lines = s.split('\n');
    const dl = (l: string): boolean => l.startsWith('go: downloading ');
    return { rest: lines.filter((l) => !dl(l)).join('\n'), downloads: lines.filter(dl).sort().join('\n') };
  };
  const gs = split(norm(g.stderr, dirs.go));
  const cs = split(norm(c.stderr, dirs.gocmd));
  assert.equal(cs.rest, gs.rest, `${what}: stderr`);
  assert.equal(cs.downloads, gs.downloads, `${what}: download lines`);
  assert.equal(read(join(dirs.gocmd, 'go.mod')), read(join(dirs.go, 'go.mod')), `${what}: go.mod`);
  assert.equal(read(join(dirs.gocmd, 'go.sum')), read(join(dirs.go, 'go.sum')), `${what}: go.sum`);
  return { go: g, gocmd: c };
}

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'gocmd-get-test-'));
  GOCMD = join(tmp, 'gocmd.mjs');
  await bundleCLI(GOCMD);
  proxy = await startProxy();
});

after(async () => {
  await proxy?.close();
  if (tmp) removeTestDir(tmp);
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
});
