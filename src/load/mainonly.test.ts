// Tests for go's mainPackagesOnly rules (install/run pkg@version).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isLiteralPattern, mainPackagesOnly } from './mainonly.js';
import type { Package } from './types.js';

function pkg(importPath: string, name: string, extra: Partial<Package> = {}): Package {
  return { importPath, name, invalidGoFiles: [], ...extra } as Package;
}

test('isLiteralPattern: no "..." and no meta package name', () => {
  assert.ok(isLiteralPattern('example.com/cmd/a'));
  assert.ok(!isLiteralPattern('example.com/cmd/...'));
  assert.ok(!isLiteralPattern('all'));
});

test('mainPackagesOnly: a literal non-main package is kept with an error', () => {
  const a = pkg('example.com/cmd/a', 'main');
  const e = pkg('example.com/cmd/err', 'err');
  const { mains, warnings } = mainPackagesOnly([a, e], ['example.com/cmd/a', 'example.com/cmd/err']);
  assert.deepEqual(mains.map((p) => p.importPath), ['example.com/cmd/a', 'example.com/cmd/err']);
  assert.equal(e.error?.err, 'package example.com/cmd/err is not a main package');
  assert.equal(e.incomplete, true);
  assert.equal(a.error, undefined);
  assert.deepEqual(warnings, []);
});

test('mainPackagesOnly: a wildcard drops non-main packages and warns when it matched only those', () => {
  const a = pkg('example.com/cmd/a', 'main');
  const e = pkg('example.com/cmd/err', 'err');
  const lib = pkg('example.com/lib/x', 'x');
  const r = mainPackagesOnly([a, e], ['example.com/cmd/...']);
  assert.deepEqual(r.mains.map((p) => p.importPath), ['example.com/cmd/a']);
  assert.equal(e.error, undefined);
  assert.deepEqual(r.warnings, []);
  const r2 = mainPackagesOnly([lib], ['example.com/lib/...']);
  assert.deepEqual(r2.mains, []);
  assert.deepEqual(r2.warnings, ['go: warning: "example.com/lib/..." matched only non-main packages']);
});
