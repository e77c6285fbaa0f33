// The package index must give exactly the scan a fresh read gives, and must notice changes and damage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanDir } from './dir.js';
import { makeContext, type BuildContext } from './context.js';
import { PackageIndex, indexMode, packageIndexFor } from './pkgindex.js';

const GOROOT = '/usr/local/go';
const haveGoroot = existsSync(join(GOROOT, 'src/runtime'));
const VERSION = haveGoroot ? readFileSync(join(GOROOT, 'VERSION'), 'utf8').split('\n')[0]! : 'go1.26.8';

function allDirs(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    out.push(d);
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory() && e.name !== 'testdata' && !e.name.startsWith('.') && !e.name.startsWith('_')) walk(join(d, e.name));
    }
  };
  walk(root);
  return out;
}

async function scanOrError(ctxt: BuildContext, dir: string, index?: PackageIndex): Promise<unknown> {
  try {
    return await scanDir(ctxt, dir, undefined, index);
  } catch (e) {
    return { thrown: (e as Error).message };
  }
}

const contexts: [string, BuildContext][] = [
  ['linux/amd64 cgo', makeContext({ GOROOT, GOOS: 'linux', GOARCH: 'amd64', CGO_ENABLED: '1' })],
  ['linux/amd64 nocgo tags', makeContext({ GOROOT, GOOS: 'linux', GOARCH: 'amd64', CGO_ENABLED: '0' }, ['purego', 'netgo', 'osusergo'])],
  ['windows/386', makeContext({ GOROOT, GOOS: 'windows', GOARCH: '386', CGO_ENABLED: '0' })],
  ['darwin/arm64 cgo', makeContext({ GOROOT, GOOS: 'darwin', GOARCH: 'arm64', CGO_ENABLED: '1' })],
  ['js/wasm', makeContext({ GOROOT, GOOS: 'js', GOARCH: 'wasm', CGO_ENABLED: '0' })],
];

test('index hits give exactly the fresh scan for all of GOROOT/src, several contexts', { skip: !haveGoroot }, async () => {
  const cache = mkdtempSync(join(tmpdir(), 'pkgindex-'));
  try {
    const dirs = allDirs(join(GOROOT, 'src'));
    const index = PackageIndex.open({ gocache: cache, goroot: GOROOT, goVersion: VERSION })!;
    for (const [label, ctxt] of contexts) {
      for (const dir of dirs) {
        const want = await scanOrError(ctxt, dir);
        const got = await scanOrError(ctxt, dir, index);
        assert.deepEqual(got, want, `${label} ${dir}`);
      }
    }
    // The first context missed (and stored) every indexable directory; the rest hit.
    assert.equal(index.stats.misses, dirs.length);
    assert.equal(index.stats.hits, dirs.length * (contexts.length - 1));
    // A new process (new PackageIndex) reads the stored entries (written when loading is done).
    index.flush();
    const again = PackageIndex.open({ gocache: cache, goroot: GOROOT, goVersion: VERSION })!;
    for (const dir of dirs) assert.deepEqual(await scanOrError(contexts[0]![1], dir, again), await scanOrError(contexts[0]![1], dir));
    assert.equal(again.stats.misses, 0);
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
});

const PAST = new Date(Date.now() - 3600_000);
const PAST2 = new Date(Date.now() - 7200_000);

function writeOld(file: string, content: string, when = PAST): void {
  writeFileSync(file, content);
  utimesSync(file, when, when);
}

test('stat-validated directories: hit when unchanged, rescan after edits, no index for fresh writes', async () => {
  const root = mkdtempSync(join(tmpdir(), 'pkgindex-'));
  try {
    const cache = join(root, 'cache');
    mkdirSync(cache);
    const dir = join(root, 'mod', 'p');
    mkdirSync(dir, { recursive: true });
    writeOld(join(dir, 'a.go'), 'package p\n\nimport "fmt"\n\nvar _ = fmt.Sprint\n');
    writeOld(join(dir, 'b_linux.go'), '//go:build !purego\n\npackage p\n\nimport "os"\n');
    writeOld(join(dir, 'c.s'), '// +build ignore\n\nTEXT x(SB),0,$0\n');
    const ctxt = makeContext({ GOROOT, GOOS: 'linux', GOARCH: 'amd64', CGO_ENABLED: '0' });
    const index = PackageIndex.open({ gocache: cache, goroot: GOROOT, goVersion: VERSION })!;
    assert.equal(index.mode(dir), 'stat');

    const first = await scanDir(ctxt, dir, undefined, index);
    assert.deepEqual(first.imports, ['fmt', 'os']);
    assert.deepEqual(await scanDir(ctxt, dir, undefined, index), first);
    assert.deepEqual(index.stats, { hits: 1, misses: 1, skipped: 0 });

    // Same size, different content, older mtime: the stat fingerprint still changes (mtime/ctime).
    writeOld(join(dir, 'a.go'), 'package p\n\nimport "net"\n\nvar _ = net.Dial\n', PAST2);
    const edited = await scanDir(ctxt, dir, undefined, index);
    assert.deepEqual(edited.imports, ['net', 'os']);
    assert.equal(index.stats.misses, 2);

    // A new file.
    writeOld(join(dir, 'd.go'), 'package p\n\nimport "io"\n');
    assert.deepEqual((await scanDir(ctxt, dir, undefined, index)).imports, ['io', 'net', 'os']);
    assert.equal(index.stats.misses, 3);

    // A file written just now is not trusted: the directory is scanned directly.
    writeFileSync(join(dir, 'e.go'), 'package p\n\nimport "sort"\n');
    const fresh = await scanDir(ctxt, dir, undefined, index);
    assert.deepEqual(fresh.imports, ['io', 'net', 'os', 'sort']);
    assert.equal(index.stats.skipped, 1);
    assert.deepEqual(fresh, await scanDir(ctxt, dir));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

/** Every "-d" output file in the cache. */
function outputs(cache: string): string[] {
  const out: string[] = [];
  for (const sub of readdirSync(cache)) {
    if (!/^[0-9a-f]{2}$/.test(sub)) continue;
    for (const f of readdirSync(join(cache, sub))) if (f.endsWith('-d')) out.push(join(cache, sub, f));
  }
  return out;
}

test('corrupt or truncated entries are detected and rebuilt', { skip: !haveGoroot }, async () => {
  const cache = mkdtempSync(join(tmpdir(), 'pkgindex-'));
  try {
    const ctxt = makeContext({ GOROOT, GOOS: 'linux', GOARCH: 'amd64', CGO_ENABLED: '1' });
    const dir = join(GOROOT, 'src/os');
    const want = await scanDir(ctxt, dir);
    const index = PackageIndex.open({ gocache: cache, goroot: GOROOT, goVersion: VERSION })!;
    assert.deepEqual(await scanDir(ctxt, dir, undefined, index), want);
    assert.deepEqual(outputs(cache), [], 'stored only once loading is done');
    index.flush();
    const [out] = outputs(cache);
    assert.ok(out);
    const good = readFileSync(out);
    for (const bad of [good.subarray(0, good.length >> 1), Buffer.from(good.toString('latin1').replace('"os"', '"xx"'), 'latin1'), Buffer.alloc(0)]) {
      writeFileSync(out, bad);
      const ix = PackageIndex.open({ gocache: cache, goroot: GOROOT, goVersion: VERSION })!;
      assert.deepEqual(await scanDir(ctxt, dir, undefined, ix), want);
      assert.deepEqual(ix.stats, { hits: 0, misses: 1, skipped: 0 });
      ix.flush();
      const ix2 = PackageIndex.open({ gocache: cache, goroot: GOROOT, goVersion: VERSION })!;
      assert.deepEqual(await scanDir(ctxt, dir, undefined, ix2), want);
      assert.deepEqual(ix2.stats, { hits: 1, misses: 0, skipped: 0 });
    }
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
});

test('GOCACHE off, GODEBUG=goindex=0 and an unusable cache disable the index', { skip: !haveGoroot }, async () => {
  const c = { goroot: GOROOT, goVersion: VERSION, gomodcache: '/x/pkg/mod' };
  assert.equal(packageIndexFor({ ...c, gocache: 'off' }), undefined);
  assert.equal(packageIndexFor({ ...c, gocache: '' }), undefined);
  assert.equal(packageIndexFor({ ...c, gocache: '/tmp/x' }, 'http2debug=1,goindex=0'), undefined);
  assert.ok(packageIndexFor({ ...c, gocache: '/tmp/x' }, 'http2debug=1'));
  const root = mkdtempSync(join(tmpdir(), 'pkgindex-'));
  try {
    const notDir = join(root, 'file');
    writeFileSync(notDir, 'x');
    const index = PackageIndex.open({ ...c, gocache: notDir })!;
    const ctxt = makeContext({ GOROOT, GOOS: 'linux', GOARCH: 'amd64', CGO_ENABLED: '1' });
    for (const d of ['errors', 'io']) {
      const dir = join(GOROOT, 'src', d);
      assert.deepEqual(await scanDir(ctxt, dir, undefined, index), await scanDir(ctxt, dir));
      index.flush();
    }
    // The first write fails; after that the index is not consulted.
    assert.deepEqual(index.stats, { hits: 0, misses: 1, skipped: 1 });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('GOROOT dirs are stat-checked as go does: an in-place edit is noticed; unreadable dirs still fail as scans do', async () => {
  const root = mkdtempSync(join(tmpdir(), 'pkgindex-'));
  try {
    const goroot = join(root, 'goroot');
    const dir = join(goroot, 'src', 'foo');
    mkdirSync(dir, { recursive: true });
    const cache = join(root, 'cache');
    mkdirSync(cache);
    const a = join(dir, 'a.go');
    writeFileSync(a, 'package foo\n');
    const past = new Date(Date.now() - 60_000);
    utimesSync(a, past, past);
    const ctxt = makeContext({ GOROOT, GOOS: 'linux', GOARCH: 'amd64', CGO_ENABLED: '0' });
    const index = PackageIndex.open({ gocache: cache, goroot, goVersion: 'go1.26.8' })!;
    assert.equal(index.mode(dir), 'stat');
    assert.deepEqual((await scanDir(ctxt, dir, undefined, index)).imports, []);
    assert.equal(index.stats.misses, 1);
    // Same name, same directory; new content and an old mtime (ctime still moves).
    writeFileSync(a, 'package foo\n\nimport "os"\n');
    utimesSync(a, past, past);
    const ix2 = PackageIndex.open({ gocache: cache, goroot, goVersion: 'go1.26.8' })!;
    const got = await scanDir(ctxt, dir, undefined, ix2);
    assert.deepEqual(got.imports, ['os']);
    assert.equal(ix2.stats.hits, 0);
    const missing = join(goroot, 'src', 'nope');
    await assert.rejects(scanDir(ctxt, missing, undefined, ix2), /open .*nope: no such file or directory/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('indexMode', () => {
  const o = { gomodcache: '/m/pkg/mod' };
  assert.equal(indexMode('/g/src/fmt', o), 'stat');
  assert.equal(indexMode('/m/pkg/mod/example.com/a@v1.0.0/b', o), 'modcache');
  assert.equal(indexMode('/m/pkg/mod/cache/download/x', o), 'stat');
  assert.equal(indexMode('/g/src/crypto/internal/fips140/v1.0.0/aes', o), 'off');
  assert.equal(indexMode('/home/u/proj', o), 'stat');
});

test('entries read while loading are stored shortly after, without a flush', { skip: !haveGoroot }, async () => {
  const cache = mkdtempSync(join(tmpdir(), 'pkgindex-'));
  try {
    const ctxt = makeContext({ GOROOT, GOOS: 'linux', GOARCH: 'amd64', CGO_ENABLED: '0' });
    const index = PackageIndex.open({ gocache: cache, goroot: GOROOT, goVersion: VERSION })!;
    await scanDir(ctxt, join(GOROOT, 'src/errors'), undefined, index);
    // Read again before it is stored: served from memory, not rescanned.
    await scanDir(ctxt, join(GOROOT, 'src/errors'), undefined, index);
    assert.deepEqual(index.stats, { hits: 1, misses: 1, skipped: 0 });
    assert.deepEqual(outputs(cache), []);
    await new Promise((r) => setTimeout(r, 400));
    assert.equal(outputs(cache).length, 1);
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
});
