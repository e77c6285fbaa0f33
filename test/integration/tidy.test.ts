// Integration tests: go mod tidy side by side with real go (test proxy): go.mod, go.sum, output and exit status byte for byte.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { proxyTestEnv, type Result, runGoOrGocmd, startProxySuite, stopProxySuite } from './cliharness.js';
import { assertSameRuns, makeTwin, readIfExists, type Twin } from './sidebyside.js';
import { type Proxy } from '../../conformance/proxy/server.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const FIXTURES = join(ROOT, 'test/fixtures/tidy');
let GOCMD = '';
let tmp = '';
let proxy: Proxy | undefined;
let serial = 0;

/** go and gocmd share the proxy, checksum database and GOCACHE; each its own GOMODCACHE, so download lines compare too. */
function run(bin: 'go' | 'gocmd', dir: string, args: string[]): Promise<Result> {
  return runGoOrGocmd(bin, GOCMD, dir, args, proxyTestEnv(tmp, proxy!, { GOMODCACHE: join(tmp, `modcache-${bin}`) }));
}

/** A fresh copy of a fixture per binary, with extra files. */
const modDirs = (fixture: string, extra: Record<string, string> = {}): Twin =>
  makeTwin(join(tmp, `${fixture}-${++serial}`), join(FIXTURES, fixture), extra);
const read = readIfExists;

/**
 * Runs the same command with both (go first) and compares exit status, stdout, stderr (go looks
 * modules up in parallel: its "go: finding"/"go: downloading" lines are compared as sorted sets
 * after the rest), go.mod and go.sum.
 */
async function same(dirs: Twin, args: string[], what: string): Promise<{ go: Result; gocmd: Result }> {
  const g = await run('go', dirs.go, args);
  const c = await run('gocmd', dirs.gocmd, args);
  assertSameRuns(dirs, g, c, { what, unordered: ['go: downloading ', 'go: finding module for package '], files: ['go.mod', 'go.sum'] });
  return { go: g, gocmd: c };
}

before(async () => {
  ({ tmp, gocmd: GOCMD, proxy } = await startProxySuite('gocmd-tidy-test-'));
});

after(async () => {
  await stopProxySuite(tmp, proxy);
});

describe('go mod tidy', () => {
  test('adds a missing requirement, drops an unused one, marks indirect ones, writes go.sum (-v)', async () => {
    const dirs = modDirs('common');
    const r = await same(dirs, ['mod', 'tidy', '-v'], 'tidy -v');
    assert.equal(r.gocmd.code, 0);
    assert.match(r.gocmd.stderr, /^unused rsc\.io\/fortune$/m);
    assert.match(read(join(dirs.gocmd, 'go.mod'))!, /\trsc\.io\/quote v1\.5\.2\n/);
    // Tidy again: nothing changes, and go.mod is not rewritten.
    const before = statSync(join(dirs.gocmd, 'go.mod'));
    await same(dirs, ['mod', 'tidy'], 'second tidy');
    const after = statSync(join(dirs.gocmd, 'go.mod'));
    assert.equal(after.mtimeMs, before.mtimeMs, 'a tidy go.mod is left alone');
    assert.equal(after.ino, before.ino);
  });

  test('-diff prints unified diffs of go.mod and go.sum and writes nothing', async () => {
    // go.sum holds the sum of the go.mod of the requirement tidy drops: the diff removes it.
    const dirs = modDirs('common', { 'go.sum': 'rsc.io/fortune v1.0.0/go.mod h1:OaaIDjohSNolmsdG5unaliGfy76XQJSZIC+bwOcFEmI=\n' });
    const r = await same(dirs, ['mod', 'tidy', '-diff'], 'tidy -diff');
    assert.equal(r.gocmd.code, 1);
    assert.match(r.gocmd.stdout, /^diff current\/go\.mod tidy\/go\.mod$/m);
    assert.equal(read(join(dirs.gocmd, 'go.mod')), readFileSync(join(FIXTURES, 'common/go.mod'), 'utf8'));
    // Once tidy, -diff has nothing to say.
    await same(dirs, ['mod', 'tidy'], 'tidy');
    const r2 = await same(dirs, ['mod', 'tidy', '-diff'], 'tidy -diff when tidy');
    assert.equal(r2.gocmd.code, 0);
    assert.equal(r2.gocmd.stdout, '');
  });

  test('-go= raises or lowers the go line (and the require block layout with it)', async () => {
    await same(modDirs('common'), ['mod', 'tidy', '-go=1.23'], 'tidy -go=1.23');
    await same(modDirs('common'), ['mod', 'tidy', '-go=1.16'], 'tidy -go=1.16');
    await same(modDirs('common'), ['mod', 'tidy', '-go=1.17'], 'tidy -go=1.17');
    await same(modDirs('common'), ['mod', 'tidy', '-go=9.99'], 'tidy -go too new');
    await same(modDirs('common'), ['mod', 'tidy', '-go=x'], 'tidy -go malformed');
  });

  test('older and missing go lines: unpruned graphs (go 1.16), -compat go.sum (go 1.17), the running go added, toolchain lines', async () => {
    const goMod = (head: string): Record<string, string> => ({ 'go.mod': `module example.com/tidy\n\n${head}require rsc.io/sampler v1.3.0\nrequire golang.org/x/text v0.3.0\n` });
    await same(modDirs('common', goMod('go 1.16\n\n')), ['mod', 'tidy'], 'go 1.16');
    await same(modDirs('common', goMod('go 1.17\n\n')), ['mod', 'tidy'], 'go 1.17 (compat 1.16)');
    await same(modDirs('common', goMod('go 1.17\n\n')), ['mod', 'tidy', '-compat=1.17'], 'go 1.17 -compat=1.17');
    await same(modDirs('common', goMod('')), ['mod', 'tidy'], 'no go line');
    await same(modDirs('common', goMod('')), ['mod', 'tidy', '-go=1.20'], 'no go line, -go=1.20');
    await same(modDirs('common', goMod('go 1.22\n\ntoolchain go1.23.1\n\n')), ['mod', 'tidy'], 'toolchain kept');
    await same(modDirs('common', goMod('go 1.21\n\ntoolchain go1.21\n\n')), ['mod', 'tidy'], 'toolchain equal to go dropped');
  });

  test('a package no module provides fails tidy; -e goes on and writes what it can', async () => {
    const r = await same(modDirs('missing'), ['mod', 'tidy'], 'tidy with a missing package');
    assert.equal(r.gocmd.code, 1);
    assert.match(r.gocmd.stderr, /^go: example\.com\/tidy imports\n\texample\.com\/nonexist\/pkg: module example\.com@latest found \(v1\.0\.0\), but does not contain package example\.com\/nonexist\/pkg$/m);
    const e = await same(modDirs('missing'), ['mod', 'tidy', '-e'], 'tidy -e');
    assert.equal(e.gocmd.code, 0);
  });

  test('a go.sum line that does not match the download is a security error', async () => {
    const r = await same(modDirs('common', { 'go.sum': 'rsc.io/fortune v1.0.0/go.mod h1:stale=\n' }), ['mod', 'tidy'], 'tidy with a wrong go.sum');
    assert.equal(r.gocmd.code, 1);
    assert.match(r.gocmd.stderr, /SECURITY ERROR/);
  });

  test('-e with a pruned graph: a root added for a missing import upgrades the module of another import away (go 1.17)', async () => {
    // x@v0.1.0's test imports y; y@latest (v0.2.0) requires x@v0.2.0-pre, which lacks package x:
    // go raises x's root to v0.2.0-pre before loading again, and tidy ends with no requirements.
    const files: Record<string, string> = {
      'go.mod': 'module example.net/m\n\ngo 1.17\n\nreplace (\n\texample.net/x v0.1.0 => ./x1\n\texample.net/x v0.2.0-pre => ./x2-pre\n\texample.net/y v0.1.0 => ./y1\n\texample.net/y v0.2.0 => ./y2\n)\n\nrequire example.net/x v0.1.0\n',
      'm.go': 'package m\n\nimport _ "example.net/x"\n',
      'x1/go.mod': 'module example.net/x\n\ngo 1.16\n',
      'x1/x.go': 'package x\n',
      'x1/x_test.go': 'package x\n\nimport _ "example.net/y"\n',
      'x2-pre/go.mod': 'module example.net/x\n\ngo 1.16\n',
      'x2-pre/subpkg/subpkg.go': 'package subpkg\n',
      'y1/go.mod': 'module example.net/y\n\ngo 1.16\n',
      'y1/y.go': 'package y\n',
      'y2/go.mod': 'module example.net/y\n\ngo 1.16\n\nrequire example.net/x v0.2.0-pre\n',
      'y2/y.go': 'package y\n',
    };
    const r = await same(makeTwin(join(tmp, `convergence-${++serial}`), undefined, files), ['mod', 'tidy', '-e'], 'tidy -e convergence');
    assert.equal(r.gocmd.code, 0);
    assert.match(r.gocmd.stderr, /provided by example\.net\/x at latest version v0\.1\.0 but not at required version v0\.2\.0-pre$/m);
  });

  test('a module needing a newer Go (added for a missing import, or already required) raises an old go line; tidy then writes a pruned go.mod', async () => {
    // go 1.16 is unpruned; rsc.io/needgo121 needs go 1.21, so the go line rises to 1.21 and the
    // requirements take the pruned layout (indirect ones in their own block), as go writes them.
    const files: Record<string, string> = {
      'go.mod': 'module example.com/tidy\n\ngo 1.16\n\nrequire rsc.io/quote v1.5.2\n',
      'main.go': 'package main\n\nimport (\n\t_ "rsc.io/needgo121"\n\t_ "rsc.io/quote"\n)\n\nfunc main() {}\n',
    };
    const dirs = makeTwin(join(tmp, `raisego-${++serial}`), undefined, files);
    const r = await same(dirs, ['mod', 'tidy'], 'tidy raising go 1.16 to 1.21');
    assert.equal(r.gocmd.code, 0);
    assert.match(read(join(dirs.gocmd, 'go.mod'))!, /^go 1\.21$/m);
    assert.match(read(join(dirs.gocmd, 'go.mod'))!, /\/\/ indirect\n\)\n$/);
    // The same when go.mod already requires the module that needs the newer Go.
    const req = makeTwin(join(tmp, `raisego-${++serial}`), undefined, { ...files, 'go.mod': 'module example.com/tidy\n\ngo 1.16\n\nrequire rsc.io/needgo121 v0.0.1\n' });
    const r2 = await same(req, ['mod', 'tidy'], 'tidy of go 1.16 requiring a go 1.21 module');
    assert.equal(r2.gocmd.code, 0);
    assert.match(read(join(req.gocmd, 'go.mod'))!, /^go 1\.21$/m);
  });

  test('a go.mod tool is in "all": the module its test imports from is kept, as go keeps it', async () => {
    const dirs = modDirs('tooltest');
    const r = await same(dirs, ['mod', 'tidy'], 'tidy with a tool whose test needs another module');
    assert.equal(r.gocmd.code, 0);
    // rsc.io/sampler v1.3.0 has no go.mod, so the module its package imports (golang.org/x/text) must be
    // listed; sampler itself comes through the tool module's requirement.
    assert.match(read(join(dirs.gocmd, 'go.mod'))!, /\tgolang\.org\/x\/text v0\.3\.0 \/\/ indirect\n/);
  });

  test('argument and module errors as go', async () => {
    await same(modDirs('common'), ['mod', 'tidy', 'extra'], 'tidy with an argument');
    const none = join(tmp, 'nomod');
    mkdirSync(none, { recursive: true });
    await same({ go: none, gocmd: none }, ['mod', 'tidy'], 'tidy outside a module');
  });
});
