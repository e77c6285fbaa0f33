import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Package } from './types.js';
import { ensureImport, selectCoverPackages } from './coverselect.js';

function pkg(importPath: string, o: Partial<Package> = {}): Package {
  return { importPath, name: importPath.split('/').pop()!, standard: false, goFiles: ['x.go'], cgoFiles: [], internal: { imports: [] }, ...o } as Package;
}

test('selectCoverPackages: matches, skips unsafe and test-only packages, warns for unused patterns', () => {
  const a = pkg('m/a'), t = pkg('m/t', { goFiles: [] }), u = pkg('unsafe', { standard: true }), main = pkg('m/cmd', { name: 'main' });
  const sel = selectCoverPackages([u, a, t, main], [(p) => p.importPath.startsWith('m/a') || p === u || p === t, () => false], ['m/a', 'nothing'], 'build', 'set', false);
  assert.deepEqual(sel.covered.map((p) => p.importPath), ['m/a', 'm/cmd']);
  assert.equal(a.internal.cover?.mode, 'set');
  assert.equal(main.internal.cover?.mode, 'regonly');
  assert.deepEqual(sel.warnings, ['warning: no packages being built depend on matches for pattern nothing']);
});

test('selectCoverPackages: atomic mode leaves sync/atomic alone; -race makes runtime packages register only', () => {
  const atomic = pkg('sync/atomic', { standard: true }), rt = pkg('runtime', { standard: true }), x = pkg('m/x');
  const sel = selectCoverPackages([atomic, rt, x], [() => true], ['all'], 'test', 'atomic', true);
  assert.deepEqual(sel.covered.map((p) => p.importPath), ['runtime', 'm/x']);
  assert.equal(rt.internal.cover?.mode, 'regonly');
  assert.equal(x.internal.cover?.mode, 'atomic');
});

test('ensureImport: appends even when already imported (go 1.26 compares the package name with the path)', () => {
  const atomic = pkg('sync/atomic', { name: 'atomic' });
  const p = pkg('m/p');
  p.internal.imports = [atomic];
  ensureImport(p, atomic);
  assert.deepEqual(p.internal.imports, [atomic, atomic]);
});
