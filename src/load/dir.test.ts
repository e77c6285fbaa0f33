// Compares scanDir's file selection with real `go list -json` for std directories and GOOS/GOARCH combos.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanDir, parseFileHeader, shouldBuild } from './dir.js';
import { makeContext } from './context.js';

const GOROOT = '/usr/local/go';
const GO = join(GOROOT, 'bin/go');
const haveGo = existsSync(GO);

interface GoListPkg {
  Dir: string; Name: string; GoFiles?: string[]; CgoFiles?: string[]; SFiles?: string[]; CFiles?: string[];
  HFiles?: string[]; IgnoredGoFiles?: string[]; IgnoredOtherFiles?: string[]; TestGoFiles?: string[];
  XTestGoFiles?: string[]; Imports?: string[]; TestImports?: string[]; XTestImports?: string[];
  EmbedPatterns?: string[]; TestEmbedPatterns?: string[]; SysoFiles?: string[];
}

function goList(env: Record<string, string>, pkgs: string[]): GoListPkg[] {
  const out = execFileSync(GO, ['list', '-e', '-json', ...pkgs], {
    encoding: 'utf8', env: { ...process.env, ...env, GOFLAGS: '' }, cwd: tmpdir(), maxBuffer: 1 << 28,
  });
  return JSON.parse('[' + out.replace(/\}\n\{/g, '},{') + ']') as GoListPkg[];
}

/** go list reports std imports after vendor mapping; undo it to compare with the as-written form. */
function unvendor(list: string[] | undefined): string[] {
  return (list ?? []).map((i) => i.replace(/^vendor\//, '')).sort();
}

const combos: Record<string, string>[] = [
  { GOOS: 'linux', GOARCH: 'amd64', CGO_ENABLED: '1' },
  { GOOS: 'linux', GOARCH: 'amd64', CGO_ENABLED: '0' },
  { GOOS: 'windows', GOARCH: 'amd64', CGO_ENABLED: '0' },
  { GOOS: 'darwin', GOARCH: 'arm64', CGO_ENABLED: '0' },
  { GOOS: 'js', GOARCH: 'wasm', CGO_ENABLED: '0' },
  { GOOS: 'linux', GOARCH: 'arm', CGO_ENABLED: '0', GOARM: '6' },
  { GOOS: 'linux', GOARCH: 'amd64', CGO_ENABLED: '0', GOAMD64: 'v3' },
  { GOOS: 'android', GOARCH: 'arm64', CGO_ENABLED: '1' },
];
const pkgs = ['runtime', 'os', 'net', 'syscall', 'embed', 'crypto/internal/fips140/aes', 'internal/cpu', 'os/user', 'runtime/cgo', 'math/big', 'time', 'internal/bytealg'];

test('scanDir matches go list for std packages', { skip: !haveGo }, async () => {
  for (const env of combos) {
    const want = goList(env, pkgs);
    const ctxt = makeContext({ GOROOT, ...env });
    for (const w of want) {
      const got = await scanDir(ctxt, w.Dir);
      const label = `${w.Dir} ${JSON.stringify(env)}`;
      assert.equal(got.name, w.Name, label);
      assert.deepEqual(got.goFiles, w.GoFiles ?? [], label + ' GoFiles');
      assert.deepEqual(got.cgoFiles, w.CgoFiles ?? [], label + ' CgoFiles');
      assert.deepEqual(got.sFiles, w.SFiles ?? [], label + ' SFiles');
      assert.deepEqual(ctxt.cgoEnabled ? got.cFiles : [], w.CFiles ?? [], label + ' CFiles'); // cmd/go drops C files without cgo
      assert.deepEqual(got.hFiles, w.HFiles ?? [], label + ' HFiles');
      assert.deepEqual(got.sysoFiles, w.SysoFiles ?? [], label + ' SysoFiles');
      assert.deepEqual(got.ignoredGoFiles, w.IgnoredGoFiles ?? [], label + ' IgnoredGoFiles');
      assert.deepEqual(got.ignoredOtherFiles, w.IgnoredOtherFiles ?? [], label + ' IgnoredOtherFiles');
      assert.deepEqual(got.testGoFiles, w.TestGoFiles ?? [], label + ' TestGoFiles');
      assert.deepEqual(got.xTestGoFiles, w.XTestGoFiles ?? [], label + ' XTestGoFiles');
      assert.deepEqual(got.testImports, unvendor(w.TestImports), label + ' TestImports');
      assert.deepEqual(got.xTestImports, unvendor(w.XTestImports), label + ' XTestImports');
      assert.deepEqual(got.embedPatterns, w.EmbedPatterns ?? [], label + ' EmbedPatterns');
      assert.deepEqual(got.testEmbedPatterns, w.TestEmbedPatterns ?? [], label + ' TestEmbedPatterns');
      // go list's Imports are after vendor mapping; compare the unmapped form.
      assert.deepEqual(got.imports, unvendor(w.Imports), label + ' Imports');
    }
  }
});

test('parseFileHeader', () => {
  const cases: [string, string, string | undefined, boolean][] = [
    ['//go:build x\n\npackage p\n', '//go:build x\n\n', '//go:build x', false],
    ['// +build x\npackage p\n', '', undefined, false],
    ['/* c */\n//go:build x\npackage p', '', '//go:build x', false],
    ['//go:binary-only-package\n\npackage p', '//go:binary-only-package\n\n', undefined, true],
    ['// doc\n//go:build y\n\n// more\n\npackage p', '// doc\n//go:build y\n\n// more\n\n', '//go:build y', false],
  ];
  for (const [src, trimmed, gb, bo] of cases) {
    const h = parseFileHeader(src);
    assert.equal(h.trimmed, trimmed, src);
    assert.equal(h.goBuild, gb, src);
    assert.equal(h.binaryOnly, bo, src);
  }
  assert.throws(() => parseFileHeader('//go:build a\n//go:build b\n\npackage p'), /multiple \/\/go:build comments/);
});

test('shouldBuild tags', () => {
  const ctxt = makeContext({ GOROOT, GOOS: 'linux', GOARCH: 'amd64', CGO_ENABLED: '1' }, ['foo']);
  const cases: [string, boolean][] = [
    ['//go:build linux && amd64\n\npackage p', true],
    ['//go:build unix && cgo && foo && gc && go1.21\n\npackage p', true],
    ['//go:build !linux\n\npackage p', false],
    ['//go:build amd64.v1 && !amd64.v2\n\npackage p', true],
    ['//go:build goexperiment.greenteagc\n\npackage p', true],
    ['//go:build go1.99\n\npackage p', false],
    ['// +build darwin\n\npackage p', false],
    ['// +build darwin linux\n\npackage p', true],
    ['// +build linux\n// +build 386\n\npackage p', false],
    ['// +build darwin\npackage p', true], // not followed by a blank line: ignored
    ['//go:build ignore\n// +build linux\n\npackage p', false],
  ];
  for (const [src, want] of cases) assert.equal(shouldBuild(ctxt, src).ok, want, src);
});

test('scanDir classification and errors match go list', { skip: !haveGo }, async () => {
  const root = mkdtempSync(join(tmpdir(), 'gocmd-dir-'));
  const fixtures: Record<string, Record<string, string>> = {
    multi: { 'a.go': 'package a\n', 'b.go': 'package b\n' },
    excluded: { 'a.go': '//go:build ignore\n\npackage a\n', 'x.c': '' },
    testonly: { 'a_test.go': 'package a\n' },
    empty: { 'README': 'hi' },
    bad: { 'a.go': 'package a\nimport fmt\n', 'b.go': 'package a\n' },
    nopkg: { 'a.go': '', 'b.go': 'package a\n' },
    files: {
      'a.go': 'package a\n\nimport (\n\t"embed"\n\t"fmt"\n)\n\n//go:embed x.txt "y z.txt"\nvar s string\n',
      'c.go': 'package a\n\n// #cgo CFLAGS: -DX=1\n// #include <stdio.h>\nimport "C"\n',
      'x.c': '', 'x.S': '', 'x.h': '', 'x.syso': '', 'x_windows.go': 'package a\n', 'doc.go': 'package documentation\n',
      'a_test.go': 'package a_test\nimport "os"\n', 'b_test.go': 'package a\nimport "strings"\n', '_skip.go': 'x', '.hid.go': 'x',
      'x.txt': '', 'y z.txt': '',
    },
  };
  for (const [d, files] of Object.entries(fixtures)) {
    mkdirSync(join(root, d));
    for (const [f, c] of Object.entries(files)) writeFileSync(join(root, d, f), c);
  }
  writeFileSync(join(root, 'go.mod'), 'module m\n\ngo 1.22\n');
  const out = execFileSync(GO, ['list', '-e', '-json', './...'], { cwd: root, encoding: 'utf8', env: { ...process.env, GOFLAGS: '', CGO_ENABLED: '1' } });
  const want = JSON.parse('[' + out.replace(/\}\n\{/g, '},{') + ']') as (GoListPkg & { InvalidGoFiles?: string[]; Error?: { Err: string; Pos?: string } })[];
  const ctxt = makeContext({ GOROOT, CGO_ENABLED: '1' });
  for (const w of want) {
    const got = await scanDir(ctxt, w.Dir);
    assert.deepEqual(got.goFiles, w.GoFiles ?? [], w.Dir);
    assert.deepEqual(got.cgoFiles, w.CgoFiles ?? [], w.Dir);
    assert.deepEqual(got.ignoredGoFiles, w.IgnoredGoFiles ?? [], w.Dir);
    assert.deepEqual(got.invalidGoFiles, w.InvalidGoFiles ?? [], w.Dir);
    assert.deepEqual(got.sFiles, w.SFiles ?? [], w.Dir);
    assert.deepEqual(got.sysoFiles, w.SysoFiles ?? [], w.Dir);
    assert.deepEqual(got.embedPatterns, w.EmbedPatterns ?? [], w.Dir);
    assert.deepEqual(got.xTestImports, w.XTestImports ?? [], w.Dir);
  }
  const multi = await scanDir(ctxt, join(root, 'multi'));
  assert.equal(multi.error?.kind, 'multiple');
  const bad = await scanDir(ctxt, join(root, 'bad'));
  assert.equal(bad.error?.kind, 'parse');
  const wantBad = want.find((w) => w.Dir.endsWith('/bad'))!;
  assert.equal(bad.error?.kind === 'parse' && bad.error.msg, wantBad.Error!.Err);
  const nopkg = want.find((w) => w.Dir.endsWith('/nopkg'))!;
  const gotNopkg = await scanDir(ctxt, join(root, 'nopkg'));
  assert.equal(gotNopkg.error?.kind === 'parse' && gotNopkg.error.msg, nopkg.Error!.Err);
});
