// Unit tests for go.mod parsing modes (strict, lax, fix callbacks), comments, and edit helpers.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidVersionError, ModuleError } from '../module.js';
import { ModFileEntryError, ModFileError } from './errors.js';
import { ModFile } from './modfile.js';
import { formatModText, parseModFile } from './parse-mod.js';
import { modulePath } from './module-path.js';
import { autoQuote, goUnquote, isPrint, isSpace, mustQuote } from './quote.js';

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof ModFileError, String(e));
    return e.message;
  }
  assert.fail('no error');
}

test('lax: ignores unknown and main-module-only directives', () => {
  const src = [
    'module example.com/dep',
    'go 1.21',
    'toolchain bogus',
    'godebug nonsense',
    'replace example.com/a => example.com/b',
    'exclude example.com/a v1.x',
    'tool a b c',
    'frobnicate 1 2 3',
    'frob (',
    '\tx',
    ')',
    'require example.com/a v1.0.0',
    'ignore ./x',
    'retract (',
    '\t[v1.0.0 v1.1.0]', // bad interval: skipped in lax mode
    '\tv1.2.0 extra', // extra token: allowed in lax mode
    ')',
    '',
  ].join('\n');
  assert.match(errorOf(() => parseModFile('go.mod', src)), /go\.mod:3: invalid toolchain version 'bogus'/);
  const f = parseModFile('go.mod', src, { lax: true });
  assert.equal(f.module?.path, 'example.com/dep');
  assert.equal(f.go?.version, '1.21');
  assert.equal(f.toolchain, undefined);
  assert.deepEqual(f.godebug, []);
  assert.deepEqual(f.replace, []);
  assert.deepEqual(f.exclude, []);
  assert.deepEqual(f.tool, []);
  assert.deepEqual(
    f.require.map((r) => [r.path, r.version]),
    [['example.com/a', 'v1.0.0']],
  );
  assert.deepEqual(f.ignore.map((i) => i.path), ['./x']);
  assert.deepEqual(
    f.retract.map((r) => [r.low, r.high]),
    [['v1.2.0', 'v1.2.0']],
  );
});

test('lax: loose go versions are trimmed to major.minor', () => {
  const cases: [string, string | null][] = [
    ['1.21', '1.21'],
    ['1.21.0.1', '1.21'],
    ['1.19beta', '1.19'],
    ['v1.18-x', '1.18'],
    ['v1.21', null], // nothing after minor: still invalid
    ['1.x', null],
  ];
  for (const [v, want] of cases) {
    const src = `module m\ngo ${v}\n`;
    if (want === null) {
      assert.equal(
        errorOf(() => parseModFile('go.mod', src, { lax: true })),
        `go.mod:2: invalid go version '${v}': must match format 1.23.0`,
      );
    } else {
      const f = parseModFile('go.mod', src, { lax: true });
      assert.equal(f.go?.version, want, v);
      assert.equal(f.format(), `module m\n\ngo ${want}\n`);
    }
  }
});

test('fix callback canonicalises versions and reports module errors', () => {
  const seen: string[] = [];
  const fix = (path: string, v: string): string => {
    seen.push(`${path}@${v}`);
    if (v === 'master') return 'v0.0.0-20200101000000-abcdefabcdef';
    if (v === 'bad') throw new ModuleError(path, v, new InvalidVersionError(v, new Error('unknown revision bad')));
    if (v === 'boom') throw new Error('network down');
    return v;
  };
  const f = parseModFile(
    'go.mod',
    'module example.com/m\nrequire example.com/a master\nreplace example.com/b master => example.com/c master\nretract master\n',
    { fix },
  );
  assert.equal(f.require[0]!.version, 'v0.0.0-20200101000000-abcdefabcdef');
  assert.deepEqual(f.replace[0]!.old, { path: 'example.com/b', version: 'v0.0.0-20200101000000-abcdefabcdef' });
  assert.equal(f.retract[0]!.low, 'v0.0.0-20200101000000-abcdefabcdef');
  // Retract versions are fixed against the module's own path, after the whole file is read.
  assert.deepEqual(seen, [
    'example.com/a@master',
    'example.com/b@master',
    'example.com/c@master',
    'example.com/m@master',
  ]);
  assert.match(f.format(), /require example.com\/a v0.0.0-20200101000000-abcdefabcdef\n/);

  assert.equal(
    errorOf(() => parseModFile('go.mod', 'module m\nrequire example.com/a bad\n', { fix })),
    'go.mod:2: require example.com/a: version "bad" invalid: unknown revision bad',
  );
  assert.equal(
    errorOf(() => parseModFile('go.mod', 'module m\nrequire example.com/a boom\n', { fix })),
    'go.mod:2: network down',
  );
  assert.equal(
    errorOf(() => parseModFile('go.mod', 'go 1.20\nretract v1.0.0\nretract v1.1.0\n', { fix })),
    'go.mod:2: no module directive found, so retract cannot be used',
  );
});

test('strict without fix: retract versions are only unquoted, never checked', () => {
  const f = parseModFile('go.mod', 'module m\nretract "v1.0.0"\nretract whatever\n');
  assert.deepEqual(
    f.retract.map((r) => r.low),
    ['v1.0.0', 'whatever'],
  );
  assert.equal(f.format(), 'module m\n\nretract v1.0.0\n\nretract whatever\n');
});

test('deprecation and retract rationale come from comments', () => {
  const f = parseModFile(
    'go.mod',
    [
      '// Deprecated: use example.com/new.',
      'module example.com/old',
      '',
      '// Block rationale',
      'retract (',
      '\tv1.0.0',
      '\t// Own rationale',
      '\tv1.1.0 // and suffix',
      ')',
      '',
    ].join('\n'),
  );
  assert.equal(f.module?.deprecated, 'use example.com/new.');
  assert.deepEqual(
    f.retract.map((r) => r.rationale),
    ['Block rationale', 'Own rationale\nand suffix'],
  );
  const g = parseModFile('go.mod', '// Just a comment.\nmodule m\n');
  assert.equal(g.module?.deprecated, undefined);
});

test('errors are typed with positions', () => {
  try {
    parseModFile('dir/go.mod', 'module m\nrequire (\n\texample.com/a v1\n\texample.com/b/v2 v1.0.0\n)\n');
    assert.fail('no error');
  } catch (e) {
    assert.ok(e instanceof ModFileError);
    assert.equal(e.errors.length, 1);
    const entry = e.errors[0]!;
    assert.ok(entry instanceof ModFileEntryError);
    assert.equal(entry.pos?.line, 4);
    assert.equal(entry.pos?.lineRune, 2);
    assert.equal(entry.verb, 'require');
    assert.equal(entry.modPath, 'example.com/b/v2');
    assert.equal(e.message, 'dir/go.mod:4:2: require example.com/b/v2: version "v1.0.0" invalid: should be v2, not v1');
  }
  // Lexer errors stop at the first problem and carry a column.
  assert.equal(errorOf(() => parseModFile('go.mod', 'module m\nrequire a v1.0.0 \x01\n')), "go.mod:2:18: unexpected input character '\\x01'");
});

test('building a file from scratch', () => {
  const f = new ModFile();
  f.addModuleStmt('example.com/new module');
  f.addGoStmt('1.22');
  f.addToolchainStmt('go1.22.1');
  f.addNewRequire('example.com/b', 'v1.0.0', true);
  f.addRequire('example.com/a', 'v1.2.0');
  f.addRequire('example.com/a', 'v1.3.0');
  f.addComment('// trailing');
  f.sortBlocks();
  f.cleanup();
  assert.equal(
    f.format(),
    [
      'module "example.com/new module"',
      '',
      'go 1.22',
      '',
      'toolchain go1.22.1',
      '',
      'require (',
      '\texample.com/a v1.3.0',
      '\texample.com/b v1.0.0 // indirect',
      ')',
      '',
      '// trailing',
      '',
    ].join('\n'),
  );
  assert.throws(() => f.addGoStmt('1.22.x'), /invalid language version "1.22.x"/);
  assert.throws(() => f.addToolchainStmt('1.22'), /invalid toolchain name "1.22"/);
});

test('addExclude / addRetract check canonical versions', () => {
  const f = parseModFile('go.mod', 'module example.com/m/v2\n');
  assert.throws(() => f.addExclude('example.com/a', 'v1.0'), { message: 'version "v1.0" invalid: must be of the form v1.2.3' });
  assert.throws(() => f.addExclude('example.com/a/v3', 'v1.0'), { message: 'version "v1.0" invalid: must be of the form v3.2.3' });
  assert.throws(() => f.addExclude('example.com/a', 'v2.0.0'), {
    message: 'version "v2.0.0" invalid: should be v2.0.0+incompatible (or module example.com/a/v2)',
  });
  assert.throws(() => f.addExclude('example.com/a/v3', 'v2.0.0'), { message: 'version "v2.0.0" invalid: should be v3, not v2' });
  assert.throws(() => f.addRetract({ low: 'v1.0.0', high: 'v1.0.0' }, ''), { message: 'version "v1.0.0" invalid: should be v2, not v1' });
  f.addRetract({ low: 'v2.0.0', high: 'v2.1.0' }, 'broken\nreally');
  assert.equal(f.format(), 'module example.com/m/v2\n\n// broken\n// really\nretract [v2.0.0, v2.1.0]\n');
});

test('setIndirect keeps other comment text', () => {
  const f = parseModFile(
    'go.mod',
    'module m\nrequire (\n\ta v1.0.0 // note\n\tb v1.0.0 // indirect; why\n\tc v1.0.0 //\n\td v1.0.0 // indirect\n)\n',
  );
  f.setRequire([
    { path: 'a', version: 'v1.0.0', indirect: true },
    { path: 'b', version: 'v1.1.0', indirect: false },
    { path: 'c', version: 'v1.0.0', indirect: true },
    { path: 'd', version: 'v1.0.0', indirect: false },
  ]);
  f.cleanup();
  assert.equal(
    f.format(),
    'module m\n\nrequire (\n\ta v1.0.0 // indirect; note\n\tb v1.1.0 // why\n\tc v1.0.0 // indirect\n\td v1.0.0\n)\n',
  );
  assert.throws(
    () =>
      f.setRequire([
        { path: 'a', version: 'v1.0.0', indirect: false },
        { path: 'a', version: 'v1.1.0', indirect: false },
      ]),
    /conflicting versions for path a \(v1.0.0 and v1.1.0\)/,
  );
});

test('formatModText formats without interpreting', () => {
  assert.equal(formatModText('go.mod', 'frob  x   y\nmodule m'), 'frob x y\n\nmodule m\n');
});

test('modulePath tolerates broken files', () => {
  const cases: [string, string][] = [
    ['module example.com/m\n', 'example.com/m'],
    ['// c\n  module   "example.com/q" // x\nrequire (', 'example.com/q'],
    ['modulex\nmodule\nmodule  a\n', 'a'],
    ['module "bad\n', ''],
    ['go 1.20\n', ''],
  ];
  for (const [src, want] of cases) assert.equal(modulePath(src), want, src);
});

test('quoting', () => {
  const cases: [string, boolean][] = [
    ['example.com/a', false],
    ['', true],
    ['a b', true],
    ['a"b', true],
    ['(', false],
    ['(a', true],
    ['a//b', true],
    ['a/*b', true],
    ['ünï', false],
    ['a\tb', true],
  ];
  for (const [s, want] of cases) assert.equal(mustQuote(s), want, s);
  assert.equal(autoQuote('a b'), '"a b"');
  assert.equal(goUnquote('"a\\tb\\u00e9\\x41\\101"'), 'a\tbéAA');
  assert.equal(goUnquote('`a\\b`'), 'a\\b');
  for (const bad of ['"a', '"\\q"', '"\\\'"', "'a'", '"a"b"']) assert.throws(() => goUnquote(bad), /invalid syntax/, bad);
});

test('isPrint and isSpace: the ASCII fast path agrees with the Unicode classes', () => {
  const print = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;
  // unicode.IsSpace below U+0100 (Latin-1): these, and no others.
  const latin1Spaces = new Set([0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0x85, 0xa0]);
  for (let c = 0; c < 0x100; c++) {
    const ch = String.fromCharCode(c);
    assert.equal(isPrint(ch), ch === ' ' || print.test(ch), `isPrint U+${c.toString(16)}`);
    assert.equal(isSpace(ch), latin1Spaces.has(c), `isSpace U+${c.toString(16)}`);
  }
  assert.equal(isPrint('\u{1F600}'), true);
  assert.equal(isPrint(''), false);
  assert.equal(isSpace('\u3000'), true);
  assert.equal(isSpace(''), false);
});
