// updateRootsToSelected: go.mod's requirements and go line raised to what the module graph selects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cmpVersion, Graph } from '../../lib/mvs.js';
import { parseModFile } from '../../lib/modfile/index.js';
import { updateRootsToSelected } from './modstate.js';

function graphOf(goMod: string, deps: Record<string, { path: string; version: string }[]>): Graph {
  const f = parseModFile('go.mod', goMod);
  const main = { path: f.module!.path, version: '' };
  const g = new Graph(cmpVersion, [main]);
  const roots = [...f.require.map((r) => ({ path: r.path, version: r.version })), { path: 'go', version: f.go!.version }];
  g.require(main, roots);
  for (const [k, reqs] of Object.entries(deps)) {
    const [path, version] = k.split('@') as [string, string];
    g.require({ path, version }, reqs);
  }
  return g;
}

test('a dependency needing a newer Go raises the go line; a toolchain line no newer than it goes', () => {
  const text = 'module example\n\ngo 1.21\n\ntoolchain go1.22.1\n\nrequire rsc.io/needall v0.0.1\n';
  const f = parseModFile('go.mod', text);
  const g = graphOf(text, { 'rsc.io/needall@v0.0.1': [{ path: 'go', version: '1.23' }] });
  const { changed } = updateRootsToSelected(f, g);
  assert.equal(changed, true);
  assert.equal(f.format(), 'module example\n\ngo 1.23\n\nrequire rsc.io/needall v0.0.1\n');
});

test('a newer toolchain line stays, and a go line already high enough is left alone', () => {
  const text = 'module example\n\ngo 1.21\n\ntoolchain go1.25.0\n\nrequire rsc.io/needall v0.0.1\n';
  const f = parseModFile('go.mod', text);
  const g = graphOf(text, { 'rsc.io/needall@v0.0.1': [{ path: 'go', version: '1.23' }] });
  assert.equal(updateRootsToSelected(f, g).changed, true);
  assert.equal(f.format(), 'module example\n\ngo 1.23\n\ntoolchain go1.25.0\n\nrequire rsc.io/needall v0.0.1\n');

  const same = 'module example\n\ngo 1.24\n\nrequire rsc.io/needall v0.0.1\n';
  const f2 = parseModFile('go.mod', same);
  assert.equal(updateRootsToSelected(f2, graphOf(same, { 'rsc.io/needall@v0.0.1': [{ path: 'go', version: '1.23' }] })).changed, false);
  assert.equal(f2.format(), same);
});
