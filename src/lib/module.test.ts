// Tests for module paths, major suffixes, escaping, sorting and GOPRIVATE-style globs, checked against real Go's x/mod.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import * as module from './module.js';

const golden = JSON.parse(
  readFileSync(new URL('../../../src/lib/testdata/golden/xmod.json', import.meta.url), 'utf8'),
) as Record<string, unknown[][]>;

const msg = (e: Error | undefined): string => e?.message ?? '';

function thrown(f: () => string): [string, string] {
  try {
    return [f(), ''];
  } catch (e) {
    return ['', (e as Error).message];
  }
}

test('path checks: exact error texts', () => {
  const cases: [string, string, string][] = [
    // path, checkPath error, checkImportPath error
    ['example.com/x', '', ''],
    ['', 'malformed module path "": empty string', 'malformed import path "": empty string'],
    ['-x.com/y', 'malformed module path "-x.com/y": leading dash', 'malformed import path "-x.com/y": leading dash'],
    ['x.com//y', 'malformed module path "x.com//y": double slash', 'malformed import path "x.com//y": double slash'],
    ['x.com/y/', 'malformed module path "x.com/y/": trailing slash', 'malformed import path "x.com/y/": trailing slash'],
    ['fmt', 'malformed module path "fmt": missing dot in first path element', ''],
    ['x.com/.y', 'malformed module path "x.com/.y": leading dot in path element', ''],
    ['x.com/y.', 'malformed module path "x.com/y.": trailing dot in path element', 'malformed import path "x.com/y.": trailing dot in path element'],
    ['x.com/..', 'malformed module path "x.com/..": invalid path element ".."', 'malformed import path "x.com/..": invalid path element ".."'],
    ['x.com/c++', 'malformed module path "x.com/c++": invalid char \'+\'', ''],
    ['X.com/y', 'malformed module path "X.com/y": invalid char \'X\' in first path element', ''],
    ['x.com/com1', 'malformed module path "x.com/com1": "com1" disallowed as path element component on Windows', 'malformed import path "x.com/com1": "com1" disallowed as path element component on Windows'],
    ['x.com/PROGRA~1', 'malformed module path "x.com/PROGRA~1": trailing tilde and digits in path element', 'malformed import path "x.com/PROGRA~1": trailing tilde and digits in path element'],
    ['x.com/y/v1', 'malformed module path "x.com/y/v1": invalid version', ''],
    ['x.com/é', 'malformed module path "x.com/é": invalid char \'é\'', 'malformed import path "x.com/é": invalid char \'é\''],
    ['x.com/\u200b', "malformed module path \"x.com/\\u200b\": invalid char '\\u200b'", "malformed import path \"x.com/\\u200b\": invalid char '\\u200b'"],
  ];
  for (const [p, wantMod, wantImp] of cases) {
    assert.equal(msg(module.checkPath(p)), wantMod, p);
    assert.equal(msg(module.checkImportPath(p)), wantImp, p);
  }
  assert.equal(msg(module.checkFilePath('a/b c/é.go')), '');
  assert.equal(msg(module.checkFilePath('a/b:c')), 'malformed file path "a/b:c": invalid char \':\'');
  assert.equal(msg(module.checkFilePath('x\uD800')), 'malformed file path "x\\ud800": invalid UTF-8');
  const e = module.checkPath('x.com/a b');
  assert.ok(e instanceof module.InvalidPathError);
  assert.equal(e.kind, 'module');
  assert.equal(e.err.message, "invalid char ' '");
});

test('splitPathVersion, checkPathMajor, pathMajorPrefix', () => {
  const split: [string, string, string, boolean][] = [
    ['x.com/y', 'x.com/y', '', true],
    ['x.com/y/v2', 'x.com/y', '/v2', true],
    ['x.com/y/v1', 'x.com/y/v1', '', false],
    ['x.com/y/v2.0', 'x.com/y/v2.0', '', false],
    ['gopkg.in/yaml.v2', 'gopkg.in/yaml', '.v2', true],
    ['gopkg.in/yaml.v0', 'gopkg.in/yaml', '.v0', true],
    ['gopkg.in/yaml.v2-unstable', 'gopkg.in/yaml', '.v2-unstable', true],
    ['gopkg.in/yaml', 'gopkg.in/yaml', '', false],
  ];
  for (const [p, prefix, pathMajor, ok] of split) assert.deepEqual(module.splitPathVersion(p), { prefix, pathMajor, ok }, p);
  assert.equal(module.matchPathMajor('v2.0.0+incompatible', ''), true);
  assert.equal(module.matchPathMajor('v0.0.0-20161208181325-20d25e280405', '.v1'), true);
  assert.equal(msg(module.checkPathMajor('v2.0.0', '')), 'version "v2.0.0" invalid: should be v0 or v1, not v2');
  assert.equal(module.pathMajorPrefix('/v2'), 'v2');
  assert.equal(module.pathMajorPrefix('.v1-unstable'), 'v1');
  assert.equal(module.pathMajorPrefix(''), '');
  assert.throws(() => module.pathMajorPrefix('v2'), /lacks separator/);
  assert.equal(module.canonicalVersion('v2.0.0+incompatible'), 'v2.0.0+incompatible');
  assert.equal(module.canonicalVersion('v2.0+incompatible'), ''); // shorthands take no build suffix
  assert.equal(module.canonicalVersion('v2.0.0+meta'), 'v2.0.0');
});

test('escaping', () => {
  assert.equal(module.escapePath('github.com/GoogleCloudPlatform/cloudsql-proxy'), 'github.com/!google!cloud!platform/cloudsql-proxy');
  assert.equal(module.unescapePath('github.com/!google!cloud!platform/cloudsql-proxy'), 'github.com/GoogleCloudPlatform/cloudsql-proxy');
  assert.equal(module.escapeVersion('v1.2.3-RC1'), 'v1.2.3-!r!c1');
  assert.equal(module.unescapeVersion('v1.2.3-!r!c1'), 'v1.2.3-RC1');
  assert.deepEqual(thrown(() => module.unescapePath('github.com/!Azure')), ['', 'invalid escaped module path "github.com/!Azure"']);
  assert.deepEqual(thrown(() => module.escapeVersion('v1!')), ['', 'version "v1!" invalid: disallowed version string']);
  assert.throws(() => module.escapePath('x.com/a b'), module.InvalidPathError);
});

test('module errors', () => {
  const iv = new module.InvalidVersionError('v1.2.3-x', new Error('bad'), true);
  assert.equal(iv.message, 'pseudo-version "v1.2.3-x" invalid: bad');
  assert.equal(new module.ModuleError('x.com/m', 'v1.0.0', iv).message, 'x.com/m@v1.2.3-x: invalid pseudo-version: bad');
  assert.equal(new module.ModuleError('x.com/m', 'v1.0.0', new Error('e')).message, 'x.com/m@v1.0.0: e');
  assert.equal(new module.ModuleError('x.com/m', '', new Error('e')).message, 'module x.com/m: e');
  const me = new module.ModuleError('x.com/m', 'v1.0.0', new Error('e'));
  assert.equal(module.versionError({ path: 'x.com/m', version: 'v1.0.0' }, me), me);
  assert.notEqual(module.versionError({ path: 'x.com/m', version: 'v1.1.0' }, me), me);
  assert.equal(module.versionString({ path: 'x.com/m', version: '' }), 'x.com/m');
});

test('sort orders by path, then semver, then file suffix', () => {
  const list = [
    { path: 'b.com/x', version: 'v1.0.0' },
    { path: 'a.com/x', version: 'v1.10.0' },
    { path: 'a.com/x', version: 'v1.9.0/go.mod' },
    { path: 'a.com/x', version: 'v1.9.0' },
    { path: 'a.com/x', version: 'v1.9.0-pre' },
  ];
  assert.deepEqual(module.sort(list).map(module.versionString), [
    'a.com/x@v1.9.0-pre', 'a.com/x@v1.9.0', 'a.com/x@v1.9.0/go.mod', 'a.com/x@v1.10.0', 'b.com/x@v1.0.0',
  ]);
});

// ---- against real Go ----

test('golden: path checks, splitting and escaping match Go', () => {
  for (const row of golden.paths! as (string | boolean)[][]) {
    const [p, cp, cip, cfp, prefix, pathMajor, ok, esc, eerr, unesc, uerr, escv, everr, unescv, uverr] = row as [
      string, string, string, string, string, string, boolean, string, string, string, string, string, string, string, string,
    ];
    assert.equal(msg(module.checkPath(p)), cp, `checkPath(${JSON.stringify(p)})`);
    assert.equal(msg(module.checkImportPath(p)), cip, `checkImportPath(${JSON.stringify(p)})`);
    assert.equal(msg(module.checkFilePath(p)), cfp, `checkFilePath(${JSON.stringify(p)})`);
    assert.deepEqual(module.splitPathVersion(p), { prefix, pathMajor, ok }, `splitPathVersion(${JSON.stringify(p)})`);
    assert.deepEqual(thrown(() => module.escapePath(p)), [esc, eerr], `escapePath(${JSON.stringify(p)})`);
    assert.deepEqual(thrown(() => module.unescapePath(p)), [unesc, uerr], `unescapePath(${JSON.stringify(p)})`);
    assert.deepEqual(thrown(() => module.escapeVersion(p)), [escv, everr], `escapeVersion(${JSON.stringify(p)})`);
    assert.deepEqual(thrown(() => module.unescapeVersion(p)), [unescv, uverr], `unescapeVersion(${JSON.stringify(p)})`);
  }
});

test('golden: checkPathMajor and check match Go', () => {
  for (const [v, m, want] of golden.pathMajor! as [string, string, string][]) {
    assert.equal(msg(module.checkPathMajor(v, m)), want, `checkPathMajor(${v}, ${m})`);
  }
  for (const [p, v, want] of golden.check! as [string, string, string][]) {
    assert.equal(msg(module.check(p, v)), want, `check(${p}, ${v})`);
  }
});

test('golden: canonicalVersion matches Go', () => {
  for (const row of golden.semver!) {
    const v = row[0] as string;
    assert.equal(module.canonicalVersion(v), row[7], v);
  }
});

test('golden: matchPrefixPatterns matches Go', () => {
  for (const [g, t, want] of golden.matchPrefix! as [string, string, boolean][]) {
    assert.equal(module.matchPrefixPatterns(g, t), want, `matchPrefixPatterns(${g}, ${t})`);
  }
});

test('errorAs follows the cause chain', () => {
  const inner = new module.InvalidVersionError('v1', new Error('x'));
  const outer = new module.ModuleError('a.com/m', '', inner);
  const wrapped = new Error('wrapped', { cause: outer });
  assert.equal(module.errorAs(wrapped, module.InvalidVersionError), inner);
  assert.equal(module.errorAs(wrapped, module.ModuleError), outer);
  assert.equal(module.errorAs(wrapped, module.InvalidPathError), undefined);
  assert.equal(module.errorAs('not an error', module.ModuleError), undefined);
});
