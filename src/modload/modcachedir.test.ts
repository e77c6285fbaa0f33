// Tests for naming a directory inside a build-list module's tree (go's pathInModuleCache rules).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importPathInTree } from './modcachedir.js';
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
