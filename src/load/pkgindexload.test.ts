// Loading with the package index must give exactly the packages loading without it gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeContext, type BuildContext } from './context.js';
import { loadPackages } from './load.js';
import { PackageIndex } from './pkgindex.js';
import type { Package } from './types.js';

const GOROOT = '/usr/local/go';
const haveGoroot = existsSync(join(GOROOT, 'src/runtime'));
const VERSION = haveGoroot ? readFileSync(join(GOROOT, 'VERSION'), 'utf8').split('\n')[0]! : 'go1.26.8';
const contexts: [string, BuildContext][] = [
  ['linux/amd64 cgo', makeContext({ GOROOT, GOOS: 'linux', GOARCH: 'amd64', CGO_ENABLED: '1' })],
  ['windows/386', makeContext({ GOROOT, GOOS: 'windows', GOARCH: '386', CGO_ENABLED: '0' })],
];

/** A package without its links to other Package objects (compared by import path instead). */
function flat(p: Package): unknown {
  return { ...p, internal: { ...p.internal, imports: p.internal.imports.map((q) => q.importPath) } };
}

test('loading std with the index gives the same packages as without (and on the second, all-hit run)', { skip: !haveGoroot }, async () => {
  const cache = mkdtempSync(join(tmpdir(), 'pkgindex-'));
  try {
    for (const [label, ctxt] of contexts) {
      const config = { ctxt, cwd: tmpdir(), gobin: '' };
      const want = await loadPackages(config, ['std', 'cmd/go']);
      for (const round of ['miss', 'hit']) {
        const index = PackageIndex.open({ gocache: cache, goroot: GOROOT, goVersion: VERSION })!;
        const got = await loadPackages({ ...config, index }, ['std', 'cmd/go']);
        index.flush();
        assert.equal(got.all.length, want.all.length, `${label} ${round}`);
        for (let i = 0; i < want.all.length; i++) assert.deepEqual(flat(got.all[i]!), flat(want.all[i]!), `${label} ${round} ${want.all[i]!.importPath}`);
        assert.deepEqual(got.warnings, want.warnings);
        if (round === 'hit') assert.equal(index.stats.misses, 0, label);
      }
    }
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
});
