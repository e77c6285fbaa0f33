// The trees `...` patterns walk besides the main module: build-list modules or vendor/ (go's matchPackages).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { treeCanMatchPattern } from '../load/pkgpattern.js';
import { MemSource, type MemModule } from './source.js';
import { ModState } from './state.js';
import { loadWithModules } from './resolver.js';
import { writeTree } from '../cache/testgo.js';

const GOROOT = process.env['GOROOT'] || '/usr/local/go';

/** Writes files (relative path → content) under a new temp dir. */
const tempTree = (files: Record<string, string>): string => writeTree(files, 'modload-wild-');

const mods: MemModule[] = [
  { path: 'example.com/c', version: 'v1.0.0', goMod: 'module example.com/c\n\ngo 1.16\n\nrequire example.com/d v1.1.0\n', files: { 'c.go': 'package c\n' } },
  { path: 'example.com/d', version: 'v1.1.0', goMod: 'module example.com/d\n', files: { 'd.go': 'package d\n' } },
  { path: 'other.org/x', version: 'v1.0.0', goMod: 'module other.org/x\n', files: { 'x.go': 'package x\n' } },
];

function state(dir: string, buildMod: string): ModState {
  return new ModState({
    cwd: dir, goroot: GOROOT, gomodcache: join(dir, 'modcache'), localGo: '1.26.8', gotoolchain: 'local',
    cmdName: 'list', source: new MemSource(mods), buildMod,
  });
}

test('a wildcard walks the build list modules it can match (fetched first), or vendor/ with -mod=vendor', async () => {
  const dir = tempTree({
    'go.mod': 'module example.com/m\n\ngo 1.16\n\nrequire (\n\texample.com/c v1.0.0\n\tother.org/x v1.0.0\n)\n\nreplace other.org/x => ./x\n',
    'x/go.mod': 'module other.org/x\n',
    'vendor/modules.txt': '# example.com/c v1.0.0\n## explicit\nexample.com/c\n# other.org/x v1.0.0 => ./x\n## explicit\n# other.org/x => ./x\n',
  });
  try {
    const st = state(dir, 'mod');
    const roots = (pattern: string): Promise<unknown> =>
      loadWithModules(st, async (r) => r.wildcardRoots!(treeCanMatchPattern(pattern)));
    const cache = (p: string, v: string): string => st.o.source.cachedDir!(p, v)!;
    // Module cache trees keep nested modules (pruneGoMod false); a local replacement prunes them.
    assert.deepEqual(await roots('example.com/...'), [
      { prefix: 'example.com/c', dir: cache('example.com/c', 'v1.0.0'), pruneGoMod: false, pruneVendor: true },
      { prefix: 'example.com/d', dir: cache('example.com/d', 'v1.1.0'), pruneGoMod: false, pruneVendor: true },
    ]);
    assert.deepEqual(await roots('other.org/x/...'), [{ prefix: 'other.org/x', dir: join(dir, 'x'), pruneGoMod: true, pruneVendor: true }]);
    assert.deepEqual(await roots('nothing.net/...'), []);
    const sv = state(dir, 'vendor');
    assert.deepEqual(await loadWithModules(sv, async (r) => r.wildcardRoots!(treeCanMatchPattern('example.com/...'))), [
      { prefix: '', dir: join(dir, 'vendor'), pruneGoMod: false, pruneVendor: true },
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
