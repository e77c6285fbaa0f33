// Tests for the Go header reader: imports, doc comments, directives, //go:embed arguments, import reader cut.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readGoFile, parseDirectiveArgs, parseErrorString, commentGroupText, importHeaderEnd, unquoteGo, headerNULError } from './gofile.js';

test('readGoFile imports, positions, cgo doc and directives', () => {
  const src = '//go:build linux\n//go:debug panicnil=1\n\n// Package p.\npackage p\n\nimport (\n\t"fmt"\n\tx "os"\n)\n\n// #include <stdio.h>\n// #cgo CFLAGS: -O2\nimport "C"\n\nfunc f() {}\n';
  const info = readGoFile('/d/p.go', src);
  assert.equal(info.name, 'p');
  assert.equal(info.parseError, undefined);
  assert.deepEqual(info.imports.map((i) => [i.path, i.pos.line, i.pos.col]), [['fmt', 8, 2], ['os', 9, 2], ['C', 14, 8]]);
  assert.equal(info.imports[2]!.doc, '#include <stdio.h>\n#cgo CFLAGS: -O2\n');
  assert.deepEqual(info.directives.map((d) => d.text), ['//go:build linux', '//go:debug panicnil=1']);
});

test('readGoFile embeds', () => {
  const src = 'package p\n\nimport _ "embed"\n\n//go:embed a.txt "b c.txt"\nvar s string\n\nvar t = "//go:embed nope"\n/* //go:embed nope2 */\n';
  const info = readGoFile('/d/p.go', src);
  assert.deepEqual(info.embeds.map((e) => [e.pattern, e.pos.line, e.pos.col]), [['a.txt', 5, 12], ['b c.txt', 5, 18]]);
});

test('parseDirectiveArgs', () => {
  assert.deepEqual(parseDirectiveArgs('//go:embed a b', 'embed')?.map((a) => a.arg), ['a', 'b']);
  assert.deepEqual(parseDirectiveArgs('//go:embed `x y` "z\\tw"', 'embed')?.map((a) => a.arg), ['x y', 'z\tw']);
  assert.equal(parseDirectiveArgs('//go:embedx a', 'embed'), undefined);
  assert.equal(parseDirectiveArgs('//go:embed "a"b', 'embed'), undefined);
  assert.deepEqual(parseDirectiveArgs('//go:embed', 'embed'), []);
});

test('commentGroupText', () => {
  assert.equal(commentGroupText(['// a', '//go:noinline', '//  b']), 'a\n b\n');
  assert.equal(commentGroupText(['/*\n x\n\n\n y\n*/']), ' x\n\n y\n');
});

test('importHeaderEnd', () => {
  const cases: [string, number][] = [
    ['package p\nimport "a"\nfunc f(){}', 'package p\nimport "a"\n'.length],
    ['package p; import ("a"; "b"); var x', 'package p; import ("a"; "b"); '.length],
    ['package p\nimport "a" "b"', 'package p\nimport "a" '.length],
    ['package p\nimport a', -1],
    ['package p\n', -1],
    ['package p\n/ x', -1],
  ];
  for (const [src, want] of cases) assert.equal(importHeaderEnd(src), want, src);
});

test('unquoteGo', () => {
  assert.equal(unquoteGo('"a\\nb"'), 'a\nb');
  assert.equal(unquoteGo('`a\\n`'), 'a\\n');
  assert.equal(unquoteGo('"\\u00e9"'), '\xc3\xa9');
  assert.equal(unquoteGo('"\\q"'), undefined);
  assert.equal(unquoteGo('"a'), undefined);
});

test('readGoFile: a } in an import group ends in an error, not an endless loop (go/parser sync guard)', () => {
  // go list: x.go:4:1: missing import path
  const info = readGoFile('/d/x.go', 'package p\nimport (\n\t"a"\n}\n');
  assert.equal(info.parseError && parseErrorString(info.parseError), '/d/x.go:4:1: missing import path');
});

test('characters that start no token: go/scanner\'s illegal-character messages (expected values from go build)', () => {
  const cases: [string, string][] = [
    ['@package main\n', "illegal character U+0040 '@'"],
    ['\x7fELF\x02\x01', 'illegal character U+007F'],
    ['#!/bin/sh\npackage main\n', "illegal character U+0023 '#'"],
    ['package main\nimport \xe2\x80\x9cfmt\xe2\x80\x9d\n', 'curly quotation mark \'\u201c\' (use neutral \'"\')'],
    ['package main\nimport \xe2\x82\xac\n', "illegal character U+20AC '\u20ac'"],
    ['package main\nimport \xff\n', 'illegal UTF-8 encoding'],
  ];
  for (const [src, want] of cases) assert.equal(readGoFile('/x/a.go', src).parseError?.msg, want, JSON.stringify(src));
});

test('a NUL byte go/build\'s import reader reads is its read error; one past the header is the parser\'s', () => {
  assert.equal(headerNULError('\x00package main\n'), 'unexpected NUL in input');
  assert.equal(headerNULError('// c\x00\npackage main\n'), 'unexpected NUL in input');
  assert.equal(headerNULError('package main\n\x00\n'), 'unexpected NUL in input'); // the byte after the header is read
  assert.equal(headerNULError('package main\nimport "fmt"\nvar x = "\x00"\n'), undefined);
  assert.equal(headerNULError('\x7fELF\x02\x01\x00'), undefined); // the syntax error at byte 0 stops the reader first
  assert.equal(headerNULError('package main\n'), undefined);
  assert.equal(readGoFile('/x/a.go', '\x00package main\n').readError, 'unexpected NUL in input');
});
