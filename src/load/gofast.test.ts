// Tests for the fast header reader: what it accepts, and that readGoFile answers exactly as the full parser does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readHeaderFast } from './gofast.js';
import { importHeaderEnd, readGoFile, readGoFileFull } from './gofile.js';

const GOROOT = process.env['GOROOT'] || '/usr/local/go';

// [source, whether the fast reader takes it]
const cases: [string, boolean][] = [
  ['package p\n\nfunc f() {}\n', true],
  ['// Copyright\r\n\r\n//go:build linux\r\n\r\npackage p\r\n\r\nimport "fmt"\r\n\r\nfunc f() {}\r\n', true],
  ['\xef\xbb\xbfpackage p\nimport (\n\t"fmt"\n\tx "os"\n\t. "io"\n\t_ "embed"\n)\nvar x int\n', true],
  ['package p; import ("a"; "b"); var x', true],
  ['package p\nimport ("a")\nimport "b" // c\ntype t int', true],
  ['package p /* c */\nimport /* d\n */ "a" /* e */\nconst c = 1', true],
  ['//go:build a\n/* //go:build b */\n//go:debug x=1\npackage p\n//go:nope\nimport "a"\nfunc f()', true],
  ['package p\nimport "a" "b"\nfunc f()', false], // missing semicolon: a parse error
  ['package p\nimport (\n"a" "b"\n)\nfunc f()', false],
  ['package p\nimport "a"\n;\nimport "b"\nfunc f()', false], // stray semicolon stops the parser early
  ['package p\nimport "a";;\nfunc f()', false],
  ['package p\nimport x\n"a"\nfunc f()', false], // newline after the name: missing import path
  ['package p\nimport `a`\nfunc f()', false],
  ['package p\nimport "a\\x41"\nfunc f()', false],
  ['package p\n// #include <x.h>\nimport "C"\nfunc f()', false],
  ['package func\nfunc f()', false],
  ['package p\xc3\xa9\nfunc f()', false],
  ['package p\nimport "a"\n', false], // header reaches EOF: the import reader gives up
  ['package p\nimport "a"\nif', false],
  ['package p\nimport "a"\n"x', false],
  ['package p\nimport "a"\n/* open', false],
  ['package p\nimport "a\nfunc f()', false],
  ['package p\nimport "a"\f\nfunc f()', false],
  ['packagex p\nfunc f()', false],
  ['package p\nimport "a b"\nfunc f()', true], // invalid path: same error as the full parser's
  ['package p\nimport ""\nfunc f()', true],
];

test('readHeaderFast: accepted shapes, and the same answers as the full parser', () => {
  for (const [src, fast] of cases) {
    const got = readHeaderFast(src);
    assert.equal(got !== undefined, fast, JSON.stringify(src));
    if (got) assert.equal(got.end, importHeaderEnd(src), JSON.stringify(src));
    assert.deepEqual(readGoFile('/d/x.go', src), readGoFileFull('/d/x.go', src), JSON.stringify(src));
  }
});

test('readGoFile equals the full parser over GOROOT sources, whole and cut', () => {
  let fast = 0;
  let n = 0;
  for (const rel of ['src/runtime', 'src/os', 'src/net/http', 'src/cmd/go/internal/load', 'test']) {
    const dir = join(GOROOT, rel);
    for (const name of readdirSync(dir)) {
      if (!name.endsWith('.go')) continue;
      const full = readFileSync(join(dir, name)).toString('latin1');
      for (const src of [full, full.slice(0, 4096), full.slice(0, 600)]) {
        n++;
        if (readHeaderFast(src)) fast++;
        assert.deepEqual(readGoFile(join(dir, name), src), readGoFileFull(join(dir, name), src), `${rel}/${name} (${src.length} bytes)`);
      }
    }
  }
  // Most real headers take the fast path (else this test would prove little).
  assert.ok(fast > n / 2, `${fast} of ${n} read fast`);
});
