// listjson: go's JSON encoding of list values, doc comments and synopses (expected values from go/doc and encoding/json).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { docComment, fileDocSynopsis, jsonString, MORE, marshalIndent, moduleStruct, packageJSON, packageStruct, PACKAGE_FIELD_NAMES, synopsis, type ListExtras } from './listjson.js';
import { fakePackage } from './fakepackage.test-util.js';
import type { Package } from './types.js';
import { decodeEntry, encodeEntry } from './pkgindexcodec.js';
import { readRawFile } from './rawfile.js';
import { GoNil, GoStruct } from '../lib/template/index.js';

test('packageJSON writes what marshalIndent writes for the package\'s template value', () => {
  const mod = { path: 'example.com/m', version: 'v1.2.3', dir: '/mod/m', goMod: '/mod/m/go.mod', goVersion: '1.22' };
  const cases: [Package, ListExtras][] = [
    [fakePackage('a'), {}],
    [fakePackage('std/x', { goroot: true, standard: true, root: '/goroot/src', name: '', goFiles: [] }), { depOnly: true, doc: 'Package x <does> "things".' }],
    [fakePackage('m/b', {
      module: mod, match: ['./...'], stale: true, staleReason: 'build ID mismatch', cgoFiles: ['c.go'], cFiles: ['c.c'],
      importMap: { z: 'vendor/z', a: 'vendor/a' }, imports: ['a', 'z'], testGoFiles: ['b_test.go'], testImports: ['testing'],
      cgoLDFLAGS: ['-lm'], embedPatterns: ['*.txt'], embedFiles: ['x.txt'], incomplete: true,
      error: { importStack: ['m/b', 'm/c'], pos: 'b.go:3:8', err: 'no such package', kind: 'other' },
    }), { deps: ['a', 'testing'], export: '/cache/x-d', buildID: 'aa/bb', compiledGoFiles: ['b.go'], forTest: 'm/b',
      depsErrors: [{ importStack: [], err: 'bad', kind: 'other' }], module: moduleStruct({ ...mod, replace: { path: '../r', dir: '/r' } }) }],
    [fakePackage('m/c', { module: mod, importComment: 'm/c', target: '/bin/c', name: 'main', binaryOnly: true }), { root: '/other', testImports: ['t2'] }],
  ];
  for (const [p, x] of cases) {
    assert.equal(packageJSON(p, x), marshalIndent(packageStruct(p, x)));
    for (const fields of [['Dir'], ['Module', 'Deps', 'Stale'], ['Error', 'DepsErrors', 'ImportMap'], ['Nope'], [...PACKAGE_FIELD_NAMES]]) {
      const keep = (f: string): boolean => fields.includes(f);
      assert.equal(packageJSON(p, x, keep), marshalIndent(packageStruct(p, x), '', keep));
    }
  }
  // The module's JSON is remembered per value: a second package of the same module writes it the same.
  const [p] = cases[2]!;
  assert.equal(packageJSON(p, { module: cases[2]![1].module! }), marshalIndent(packageStruct(p, { module: cases[2]![1].module! })));
});

test('jsonString escapes as encoding/json', () => {
  const cases: [string, string][] = [
    ['a"b\\c', '"a\\"b\\\\c"'],
    ['<a>&', '"\\u003ca\\u003e\\u0026"'],
    ['x\ny\tz\r', '"x\\ny\\tz\\r"'],
    ['\x01\u2028', '"\\u0001\\u2028"'],
    ['é', '"é"'],
    // The fast path (nothing to escape) and each escape next to plain text.
    ['golang.org/x/tools/gopls/internal/cache', '"golang.org/x/tools/gopls/internal/cache"'],
    ['', '""'],
    ['path/with space~!', '"path/with space~!"'],
    ['a\u2029b\x1fc\x7f', '"a\\u2029b\\u001fc\x7f"'],
    ['\u{1F600}', '"\u{1F600}"'],
  ];
  for (const [in_, want] of cases) assert.equal(jsonString(in_), want);
});

test('marshalIndent: omitempty, nested structs, maps sorted, PackageError fields always', () => {
  const err = new GoStruct('load.PackageError', new Map<string, unknown>([['ImportStack', []], ['Pos', ''], ['Err', 'boom'], ['IsImportCycle', false]]));
  const v = new GoStruct('load.PackagePublic', new Map<string, unknown>([
    ['Dir', '/d'], ['Name', ''], ['Goroot', false], ['Standard', true], ['GoFiles', ['a.go']], ['CgoFiles', new GoNil('[]string')],
    ['ImportMap', new Map([['z', 'y'], ['a', 'b']])], ['Error', err], ['Module', new GoNil('*modinfo.ModulePublic')],
  ]));
  assert.equal(marshalIndent(v), [
    '{', '\t"Dir": "/d",', '\t"Standard": true,', '\t"GoFiles": [', '\t\t"a.go"', '\t],', '\t"ImportMap": {', '\t\t"a": "b",',
    '\t\t"z": "y"', '\t},', '\t"Error": {', '\t\t"ImportStack": [],', '\t\t"Pos": "",', '\t\t"Err": "boom"', '\t}', '}',
  ].join('\n'));
  assert.equal(marshalIndent(v, '', (f) => f === 'Dir'), '{\n\t"Dir": "/d"\n}');
});

test('marshalIndent: string lists, plain (joined whole) and with characters to escape, as encoding/json', () => {
  const v = new GoStruct('load.PackagePublic', new Map<string, unknown>([
    ['Deps', ['a', 'b/c', 'd.e/f']], ['GoFiles', ['x.go', 'q"<&>.go', 'y.go']], ['Imports', [new GoNil('[]string')]],
  ]));
  assert.equal(marshalIndent(v), [
    '{', '\t"Deps": [', '\t\t"a",', '\t\t"b/c",', '\t\t"d.e/f"', '\t],',
    '\t"GoFiles": [', '\t\t"x.go",', '\t\t"q\\"\\u003c\\u0026\\u003e.go",', '\t\t"y.go"', '\t],',
    '\t"Imports": [', '\t\tnull', '\t]', '}',
  ].join('\n'));
});

test('docComment: the group directly above the package clause', () => {
  const cases: [string, string | undefined][] = [
    ['// Package a does it.\npackage a\n', 'Package a does it.\n'],
    ['// Copyright x\n\n// Package a.\n//\n// More.\npackage a\n', 'Package a.\n\nMore.\n'],
    ['// Package a.\n\npackage a\n', undefined],
    ['//go:build linux\n\n// Package a.\n//go:generate x\npackage a\n', 'Package a.\n'],
    ['/*\nPackage a is\nhere.\n*/\npackage a\n', 'Package a is\nhere.\n'],
    ['package a // not doc\n', undefined],
  ];
  for (const [src, want] of cases) assert.equal(docComment(src), want, src);
});

test('docComment of a head: decided when the package clause is in it, MORE when the answer lies past its end', () => {
  const whole = '// Copyright x\n\n/* Package a\n   does it. */\npackage a\n\nfunc F() {}\n';
  const clause = whole.indexOf('package a');
  // Every cut at or after the clause's end decides as the whole file does; every cut before it asks for more.
  for (let cut = 0; cut <= whole.length; cut++) {
    const got = docComment(whole.slice(0, cut), false);
    if (cut >= clause + 'package a'.length) assert.equal(got, docComment(whole), `cut ${cut}`);
    else if (cut <= clause) assert.equal(got, MORE, `cut ${cut}`);
  }
  assert.equal(docComment('x := 1\n'.repeat(3), false), undefined);
});

test('synopsis as go/doc (expected values printed by go/doc.Synopsis)', () => {
  const cases: [string, string][] = [
    ['Package fmt implements formatted I/O. More text.\n', 'Package fmt implements formatted I/O. More text.'],
    ['Package a is\nhere. Yes.\n', 'Package a is here.'],
    ['Copyright 2020 The Authors.\n', ''],
    ['Package x uses e.g. things. Next.\n', 'Package x uses e.g.'],
    ['Package U.S. stuff\n', 'Package U.S. stuff'],
    ['First para\n\nsecond para.\n', 'First para'],
    ['Package a links [fmt.Println] here.\n', 'Package a links fmt.Println here.'],
    ["Compile, invoked as ``go tool compile,'' compiles. More.\n", 'Compile, invoked as \u201cgo tool compile,\u201d compiles.'],
    ['Package label is used by both the [runtime] and [runtime/pprof] packages.\n', 'Package label is used by both the runtime and runtime/pprof packages.'],
    ['Package bcache implements a cache (see [Cache]) for X.\n', 'Package bcache implements a cache (see [Cache]) for X.'],
    // Doc links go/doc takes without a package's imports: paths with a slash, one-element std packages.
    ["Package a uses [types.Type] here.\n", "Package a uses [types.Type] here."],
    ["Package a uses [inspector.Cursor] here.\n", "Package a uses [inspector.Cursor] here."],
    ["Package internal contains support packages for [golang.org/x/oauth2].\n", "Package internal contains support packages for golang.org/x/oauth2."],
    ["Package t provides a [golang.org/x/tools/internal/typesinternal/typeindex.Index].\n", "Package t provides a golang.org/x/tools/internal/typesinternal/typeindex.Index."],
    ["Package a x[fmt.Println] y.\n", "Package a x[fmt.Println] y."],
    ["Package a [fmt.Println]x y.\n", "Package a [fmt.Println]x y."],
    ["Package a [*fmt.Stringer] y.\n", "Package a *fmt.Stringer y."],
    ["Package a [fmt.Stringer.String] y.\n", "Package a fmt.Stringer.String y."],
    ["Package a [math] and [Go home page] y.\n", "Package a math and [Go home page] y."],
    ["Package a [[fmt.Println]] y.\n", "Package a [fmt.Println] y."],
    ["Package a [fmt.println] y.\n", "Package a [fmt.println] y."],
    ["Package a [net/http.Client.Do] y.\n", "Package a net/http.Client.Do y."],
    ["Package a [io.EOF], and (see [os.Open]) y.\n", "Package a io.EOF, and (see os.Open) y."],
    ["Package a [a//b] [-x/y] [x/y/] [.x/y] [x./y] y.\n", "Package a [a//b] [-x/y] [x/y/] [.x/y] [x./y] y."],
    ["Package a [example.com/ünicode] y.\n", "Package a [example.com/ünicode] y."],
    ["Package a [fmt.Println\nmore] y.\n", "Package a [fmt.Println more] y."],
    ["Package a [fmt.Println]é y.\n", "Package a [fmt.Println]é y."],
  ];
  for (const [text, want] of cases) assert.equal(synopsis(text), want, text);
});

test('fileDocSynopsis: from the head, from the whole file when the head ends inside the comment, null for none', () => {
  const dir = mkdtempSync(join(tmpdir(), 'filedoc-'));
  try {
    const long = '// Package p does things.\n' + '//\n// more\n'.repeat(2000) + 'package p\n';
    writeFileSync(join(dir, 'long.go'), long);
    const head = Buffer.from(long).subarray(0, 4096);
    assert.equal(fileDocSynopsis(join(dir, 'long.go'), head, true), 'Package p does things.');
    assert.equal(fileDocSynopsis(join(dir, 'x.go'), Buffer.from('// Package q is short.\npackage q\n'), false), 'Package q is short.');
    assert.equal(fileDocSynopsis(join(dir, 'x.go'), Buffer.from('// Copyright 2020\n\npackage q\n'), false), null);
    assert.equal(fileDocSynopsis(join(dir, 'x.go'), Buffer.from('package q\n'), false), null);
    assert.equal(fileDocSynopsis(join(dir, 'missing.go'), head, true), undefined);
    // A head held as a latin1 string (the index scan's form) reads as its bytes decoded as UTF-8.
    for (const text of ['// Package q is short.\npackage q\n', '// Package é says ü.\n// More.\npackage q\n', '// Copyright 2020\n\npackage q\n']) {
      const bytes = Buffer.from(text);
      assert.equal(fileDocSynopsis(join(dir, 'x.go'), bytes.toString('latin1'), false), fileDocSynopsis(join(dir, 'x.go'), bytes, false), text);
    }
    assert.equal(fileDocSynopsis(join(dir, 'x.go'), Buffer.from('// Package é says ü.\npackage q\n').toString('latin1'), false), 'Package é says ü.');
    // The package index records it and gives it back.
    const raw = readRawFile(dir, 'long.go');
    assert.equal(raw.doc, 'Package p does things.');
    writeFileSync(join(dir, 'none.go'), 'package p\n');
    const none = readRawFile(dir, 'none.go');
    assert.equal(none.doc, null);
    const back = decodeEntry(encodeEntry(dir, { names: ['long.go', 'none.go'], files: new Map([['long.go', raw], ['none.go', none]]) }), dir)!;
    assert.equal(back.files.get('long.go')!.doc, 'Package p does things.');
    assert.equal(back.files.get('none.go')!.doc, null);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
