// Tests for build IDs: reading, content hashing and rewriting, compared with real go and `go tool buildid`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import {
  actionIDOf, contentBuildID, contentIDOf, findAndHash, findIDOffsets, hashToString, hashWithZeros, mergeRanges,
  placeholderBuildID, readBuildID, readRawBuildID, rewriteBuildID, rewriteBuildIDData, stampBuildID, updateBuildID, BuildIDError,
  codeSignatureSize, mainPackageBuildIDOf, toolID,
} from './buildid.js';
import { haveGo, runGo, sharedGocache, writeTree } from '../cache/testgo.js';

test('hashToString encodes the first 15 bytes in 20 URL-safe base64 chars', () => {
  const h = Buffer.alloc(32);
  assert.equal(hashToString(h), 'AAAAAAAAAAAAAAAAAAAA');
  h.fill(0xff);
  assert.equal(hashToString(h), '____________________');
  const seq = Buffer.from(Array.from({ length: 32 }, (_, i) => i));
  // 00 01 02 → AAEC, 03 04 05 → AwQF, ...
  assert.equal(hashToString(seq), 'AAECAwQFBgcICQoLDA0O');
  assert.equal(hashToString(Buffer.from([0xfb, 0xef, 0xbe, ...Array(29).fill(0)])).slice(0, 4), '----');
});

test('build ID halves and placeholders', () => {
  assert.equal(actionIDOf('a/b/c/d'), 'a');
  assert.equal(contentIDOf('a/b/c/d'), 'd');
  assert.equal(actionIDOf('abc'), 'abc');
  assert.equal(contentIDOf('abc'), 'abc');
  const h = Buffer.alloc(32, 1);
  const a = hashToString(h);
  assert.equal(placeholderBuildID(h), `${a}/${a}`);
  assert.equal(placeholderBuildID(h, 'm/c'), `${a}/m/c/${a}`);
  assert.throws(() => contentBuildID('x', h), BuildIDError);
});

test('readRawBuildID finds the linker marker; malformed markers are errors', () => {
  const mk = (s: string): Buffer => Buffer.from(s, 'latin1');
  assert.equal(readRawBuildID('f', mk('junk\xff Go build ID: "abc/def"\n \xffmore')), 'abc/def');
  assert.equal(readRawBuildID('f', mk('nothing here')), '');
  assert.throws(() => readRawBuildID('f', mk('\xff Go build ID: "abc')), { message: 'parse f: malformed object file' });
});

test('findAndHash zeroes every occurrence', () => {
  const data = Buffer.from('xxIDyyIDIDzz');
  const { matches, hash } = findAndHash(data, 'ID');
  assert.deepEqual(matches, [2, 6, 8]);
  const { hash: h2 } = findAndHash(Buffer.from('xx\0\0yy\0\0\0\0zz'), 'Q');
  assert.deepEqual(hash, h2);
});

/** go's FindAndHash read literally: excluded ranges zeroed in a copy, then a left-to-right search. */
function referenceFindAndHash(data: Buffer, id: Buffer, excluded: [number, number][]): { matches: number[]; hash: Buffer } {
  const view = Buffer.from(data);
  for (const [a, b] of excluded) {
    const [s, e] = [Math.max(0, a), Math.min(view.length, b)];
    if (s < e) view.fill(0, s, e);
  }
  const matches: number[] = [];
  for (let i = view.indexOf(id); i >= 0; i = view.indexOf(id, i + id.length)) matches.push(i);
  for (const m of matches) view.fill(0, m, m + id.length);
  return { matches, hash: createHash('sha256').update(view).digest() };
}

test('findIDOffsets skips occurrences touching excluded ranges, as a search of the zeroed view does', () => {
  const cases: [string, string, [number, number][], number[]][] = [
    ['xxIDyyIDIDzz', 'ID', [], [2, 6, 8]],
    ['xxIDyyIDIDzz', 'ID', [[5, 7]], [2, 8]],
    ['xxIDyyIDIDzz', 'ID', [[3, 4]], [6, 8]],
    ['aaaa', 'aa', [[0, 1]], [1]],
    ['aaaaa', 'aa', [[4, 9]], [0, 2]],
    ['IDID', 'ID', [[2, 2]], [0, 2]],
  ];
  for (const [data, id, ex, want] of cases) {
    assert.deepEqual(findIDOffsets(Buffer.from(data), Buffer.from(id), ex), want, `${data} ${id} ${JSON.stringify(ex)}`);
    assert.deepEqual(referenceFindAndHash(Buffer.from(data), Buffer.from(id), ex).matches, want);
  }
});

test('mergeRanges sorts, clips and joins ranges', () => {
  assert.deepEqual(mergeRanges([[5, 8], [0, 2], [1, 3], [8, 9], [20, 30], [-4, 0]], 25), [[0, 3], [5, 9], [20, 25]]);
  assert.deepEqual(mergeRanges([[3, 3]], 10), []);
});

test('no-copy find and hash equals the zeroed-copy reading on random inputs', () => {
  let seed = 1;
  const rnd = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  for (let iter = 0; iter < 500; iter++) {
    const data = Buffer.from(Array.from({ length: 1 + rnd(80) }, () => 'ab\0'.charCodeAt(rnd(3))));
    const id = Buffer.from(Array.from({ length: 1 + rnd(3) }, () => 'ab'.charCodeAt(rnd(2))));
    const excluded: [number, number][] = Array.from({ length: rnd(3) }, () => {
      const a = rnd(data.length + 4) - 2;
      return [a, a + rnd(10)];
    });
    const want = referenceFindAndHash(data, id, excluded);
    const matches = findIDOffsets(data, id, excluded);
    assert.deepEqual(matches, want.matches);
    const zeroed = mergeRanges([...excluded, ...matches.map((m): [number, number] => [m, m + id.length])], data.length);
    assert.deepEqual(hashWithZeros(data, zeroed), want.hash);
  }
});

test('stampBuildID patches the ID in place: same bytes as a full rewrite, same inode and mode', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gocmd-stamp-'));
  try {
    const placeholder = 'AAAAAAAAAAAAAAAAAAAA/AAAAAAAAAAAAAAAAAAAA';
    const body = Buffer.concat([Buffer.alloc(70000, 7), Buffer.from(placeholder), Buffer.alloc(33000, 1), Buffer.from(placeholder), Buffer.from('tail')]);
    const f = join(dir, 'out');
    writeFileSync(f, body, { mode: 0o751 });
    const before = statSync(f);
    const { matches, hash } = findAndHash(body, placeholder);
    const wantID = contentBuildID(placeholder, hash);
    const want = Buffer.from(body);
    rewriteBuildIDData(want, matches, wantID);
    const got = stampBuildID(f, placeholder);
    assert.equal(got.newID, wantID);
    assert.deepEqual(got.matches, [70000, 70000 + placeholder.length + 33000]);
    assert.ok(got.data.equals(want));
    assert.ok(readFileSync(f).equals(want));
    const after = statSync(f);
    assert.equal(after.ino, before.ino);
    assert.equal(after.mode & 0o7777, 0o751);
    // No placeholder: file untouched, ID still computed.
    const g = join(dir, 'plain');
    writeFileSync(g, 'no id here');
    assert.equal(stampBuildID(g, placeholder).matches.length, 0);
    assert.equal(readFileSync(g, 'latin1'), 'no id here');
    // The reused read buffer grows for a bigger file and still yields exactly its bytes.
    const big = Buffer.concat([Buffer.from(placeholder), Buffer.alloc(3 << 20, 9)]);
    writeFileSync(f, big);
    const g2 = stampBuildID(f, placeholder);
    assert.equal(g2.data.length, big.length);
    assert.ok(g2.data.equals(readFileSync(f)));
    assert.equal(stampBuildID(g, placeholder).data.toString('latin1'), 'no id here');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('codeSignatureSize matches the linker reservation formula', () => {
  // superblob(12)+blob(8)+codedir(88)+"a.out\0"(6)+32 per 4 KiB page
  assert.equal(codeSignatureSize(4096), 12 + 8 + 88 + 6 + 32);
  assert.equal(codeSignatureSize(4097), 12 + 8 + 88 + 6 + 64);
});

/** Replaces a file's final content ID with its action ID (the state right after compile/link) and checks
 * that updateBuildID restores go's bytes exactly. */
function roundTrip(file: string): void {
  const orig = readFileSync(file);
  const id = readBuildID(file);
  const parts = id.split('/');
  const placeholder = [...parts.slice(0, -1), parts[0]].join('/');
  const { matches } = findAndHash(orig, id);
  assert.ok(matches.length >= 1, file);
  const work = join(mkdtempSync(join(tmpdir(), 'gocmd-bid-')), 'f');
  const stamped = Buffer.from(orig);
  for (const m of matches) stamped.write(placeholder, m, 'latin1');
  writeFileSync(work, stamped, { mode: statSync(file).mode & 0o777 });
  assert.equal(updateBuildID(work, placeholder), id, file);
  assert.ok(readFileSync(work).equals(orig), `${file}: rewritten bytes differ from go's`);
  rewriteBuildID(work, matches, placeholder);
  rewriteBuildID(work, matches, id);
  assert.ok(readFileSync(work).equals(orig), `${file}: rewriteBuildID differs from go's`);
  assert.equal(statSync(work).mode & 0o777, statSync(file).mode & 0o777);
}

test('reads, recomputes and rewrites build IDs exactly like go', { skip: !haveGo }, () => {
  const mod = writeTree({
    'go.mod': 'module example.com/bid\n\ngo 1.26\n',
    'main.go': 'package main\n\nfunc main() { println("hi") }\n',
  });
  const gocache = sharedGocache();
  const builds: [string, Record<string, string>, string[]][] = [
    ['linux', {}, []],
    ['darwin', { GOOS: 'darwin', GOARCH: 'arm64' }, []],
    ['windows.exe', { GOOS: 'windows', GOARCH: 'amd64' }, []],
  ];
  const files: string[] = [];
  for (const [out, env, flags] of builds) {
    const r = runGo(['build', ...flags, '-o', out, '.'], { cwd: mod, env: { GOCACHE: gocache, CGO_ENABLED: '0', ...env } });
    assert.equal(r.status, 0, r.stderr);
    files.push(join(mod, out));
  }
  // Package archives from a -work build of two small import-free packages (fresh cache, so they compile).
  const lib = writeTree({
    'go.mod': 'module example.com/wk\n\ngo 1.26\n',
    'a/a.go': 'package a\n\nfunc A() int { return 1 }\n',
    'b/b.go': 'package b\n\nimport "example.com/wk/a"\n\nfunc B() int { return a.A() + 1 }\n',
  });
  const w = runGo(['build', '-work', './a', './b'], { cwd: lib, env: { GOCACHE: mkdtempSync(join(tmpdir(), 'gocmd-bid-c-')) } });
  assert.equal(w.status, 0, w.stderr);
  const workDir = /WORK=(\S+)/.exec(w.stderr)?.[1];
  assert.ok(workDir);
  for (const b of readdirSync(workDir).filter((d) => /^b\d+$/.test(d))) files.push(join(workDir, b, '_pkg_.a'));
  assert.ok(files.length >= 5);
  try {
    for (const f of files) {
      const want = runGo(['tool', 'buildid', f], { cwd: mod }).stdout.trim();
      assert.equal(readBuildID(f), want, f);
      const { hash } = findAndHash(readFileSync(f), want);
      assert.equal(contentBuildID(want, hash), want, `${f}: content ID`);
      roundTrip(f);
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
});

test('host build IDs (-B gobuildid, external link) are excluded from the content hash', { skip: !haveGo }, () => {
  const mod = writeTree({
    'go.mod': 'module example.com/ext\n\ngo 1.26\n',
    'main.go': 'package main\n\nfunc main() { println("hi") }\n',
  });
  const r = runGo(['build', '-ldflags=-B gobuildid', '-o', 'ext', '.'], { cwd: mod, env: { GOCACHE: sharedGocache(), CGO_ENABLED: '0' } });
  assert.equal(r.status, 0, r.stderr);
  const f = join(mod, 'ext');
  const want = runGo(['tool', 'buildid', f], { cwd: mod }).stdout.trim();
  assert.equal(readBuildID(f), want);
  const { hash } = findAndHash(readFileSync(f), want);
  assert.equal(contentBuildID(want, hash), want);
  roundTrip(f);
});

test('toolID matches the tool identity go hashes into action IDs', { skip: !haveGo }, () => {
  const mod = writeTree({
    'go.mod': 'module example.com/tid\n\ngo 1.26\n',
    'lib/lib.go': 'package lib\n\nfunc F() int { return 1 }\n',
  });
  const r = runGo(['build', '-a', './lib'], { cwd: mod, env: { GOCACHE: mkdtempSync(join(tmpdir(), 'gocmd-tid-')), GODEBUG: 'gocachehash=1' } });
  assert.equal(r.status, 0, r.stderr);
  const line = /HASH\[build example\.com\/tid\/lib\]: "compile (.*?) \[\]/.exec(r.stderr);
  assert.ok(line, 'compile line in trace');
  const goroot = process.env['GOROOT'] || '/usr/local/go';
  const compile = join(goroot, 'pkg', 'tool', `${process.platform}_${process.arch === 'x64' ? 'amd64' : process.arch}`, 'compile');
  assert.equal(toolID('compile', compile), line[1]);
});

test('readBuildID: files without an ID, and archives without a build id line', () => {
  const d = mkdtempSync(join(tmpdir(), 'gocmd-bid-none-'));
  writeFileSync(join(d, 'text'), 'just some text, long enough to read\n');
  assert.equal(readBuildID(join(d, 'text')), '');
  writeFileSync(join(d, 'noid.a'), '!<arch>\n__.PKGDEF       0           0     0     644     10        `\ngo object linux amd64 go1.26.8 X:none\n$$B\n');
  assert.equal(readBuildID(join(d, 'noid.a')), '');
  writeFileSync(join(d, 'short'), 'abc');
  assert.throws(() => readBuildID(join(d, 'short')), BuildIDError);
});

test('mainPackageBuildIDOf: the main package build ID inside an executable build ID', () => {
  assert.deepEqual(mainPackageBuildIDOf('L/P/C/X', 'P'), { linkActionID: 'L', pkgBuildID: 'P/C' });
  assert.equal(mainPackageBuildIDOf('L/P/C/X', 'Q'), undefined); // another compile of main
  assert.equal(mainPackageBuildIDOf('P/C', 'P'), undefined); // a package archive's ID
  assert.equal(mainPackageBuildIDOf('', 'P'), undefined);
});
