import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Version } from '../lib/module.js';
import { cmpVersion, Graph } from '../lib/mvs.js';
import { buildListSums, type SumSource } from './buildlistsums.js';

const v = (path: string, version: string): Version => ({ path, version });
const main = v('example.com/m', '');

function source(over: Partial<SumSource>): SumSource {
  return {
    roots: [],
    graph: undefined,
    isMain: (m) => m.path === main.path && m.version === '',
    resolve: (m) => m,
    keepModSumsForZipSums: true,
    ...over,
  };
}

test('without a loaded graph only the roots are kept (go and toolchain have no sums)', () => {
  const keep = buildListSums(source({ roots: [v('a.com/a', 'v1.0.0'), v('go', '1.21')] }));
  assert.deepEqual([...keep].sort(), ['a.com/a v1.0.0', 'a.com/a v1.0.0/go.mod']);
});

test('a loaded graph keeps every go.mod it read and the zip sums of the selected versions only', () => {
  const g = new Graph(cmpVersion, [main]);
  g.require(main, [v('a.com/a', 'v1.0.0'), v('b.com/b', 'v1.0.0')]);
  g.require(v('a.com/a', 'v1.0.0'), [v('b.com/b', 'v1.1.0')]);
  g.require(v('b.com/b', 'v1.0.0'), []);
  g.require(v('b.com/b', 'v1.1.0'), []);
  const keep = buildListSums(source({ roots: [v('a.com/a', 'v1.0.0'), v('b.com/b', 'v1.0.0')], graph: g }));
  assert.deepEqual([...keep].sort(), [
    'a.com/a v1.0.0', 'a.com/a v1.0.0/go.mod',
    'b.com/b v1.0.0/go.mod',
    'b.com/b v1.1.0', 'b.com/b v1.1.0/go.mod',
  ]);
});

test('a module looked up but not in the build list keeps nothing; replacements are kept under their own name', () => {
  const keep = buildListSums(source({
    roots: [v('a.com/a', 'v1.0.0'), v('d.com/d', 'v1.0.0')],
    resolve: (m) => (m.path === 'a.com/a' ? v('fork.com/a', 'v1.2.0') : m.path === 'd.com/d' ? v('../d', '') : m),
  }));
  assert.deepEqual([...keep].sort(), ['fork.com/a v1.2.0', 'fork.com/a v1.2.0/go.mod']);
  assert.equal(keep.has('example.com/join v1.1.0'), false);
});

test('without keepModSumsForZipSums a build-list module keeps its zip sum alone', () => {
  const g = new Graph(cmpVersion, [main]);
  g.require(main, [v('a.com/a', 'v1.0.0')]);
  const keep = buildListSums(source({ roots: [v('a.com/a', 'v1.0.0')], graph: g, keepModSumsForZipSums: false }));
  assert.deepEqual([...keep].sort(), ['a.com/a v1.0.0']);
});
