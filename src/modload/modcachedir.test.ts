// Tests for naming a directory inside a build-list module's tree (go's pathInModuleCache rules).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstModuleHolding, importPathInTree } from './modcachedir.js';
import { isAppengineImport } from './import.js';

const quote = { path: 'rsc.io/quote', version: 'v1.5.2' };
const root = '/c/pkg/mod/rsc.io/quote@v1.5.2';

test('importPathInTree: the root and subdirectories map onto the module path', () => {
  assert.equal(importPathInTree(quote, root, root), 'rsc.io/quote');
  assert.equal(importPathInTree(quote, root, `${root}/buggy/x`), 'rsc.io/quote/buggy/x');
});

test('importPathInTree: outside the tree, vendor directories and "@" elements have no path', () => {
  assert.equal(importPathInTree(quote, root, '/c/pkg/mod/rsc.io/quote@v1.5.1'), undefined);
  assert.equal(importPathInTree(quote, root, '/elsewhere'), undefined);
  assert.equal(importPathInTree(quote, root, `${root}/vendor/x`), undefined);
  assert.equal(importPathInTree(quote, root, `${root}/a/vendor/x`), undefined);
  assert.equal(importPathInTree(quote, root, `${root}/a@b`), undefined);
});

test('isAppengineImport: only the legacy appengine paths', () => {
  for (const p of ['appengine', 'appengine/datastore', 'appengine_internal', 'appengine_internal/x']) assert.ok(isAppengineImport(p), p);
  for (const p of ['appenginex', 'google.golang.org/appengine', 'x/appengine']) assert.ok(!isAppengineImport(p), p);
});

test('firstModuleHolding: the first module whose tree holds dir, skipping main modules and unknown trees', () => {
  const a = { path: 'example.com/a', version: 'v1.0.0' };
  const main = { path: 'example.com/m', version: '' };
  const roots: Record<string, string> = { 'example.com/a': '/c/a@v1.0.0', 'rsc.io/quote': root, 'example.com/m': '/m' };
  const rootOf = (m: { path: string }): string | undefined => (m.path === 'example.com/a' ? undefined : roots[m.path]);
  assert.deepEqual(firstModuleHolding([main, a, quote], rootOf, `${root}/buggy`), { mod: quote, path: 'rsc.io/quote/buggy' });
  assert.equal(firstModuleHolding([main, a], rootOf, '/m/x'), undefined);
  assert.equal(firstModuleHolding([a, quote], rootOf, '/c/a@v1.0.0'), undefined);
});
