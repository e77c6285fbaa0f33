// Tests for go clean: package directories, -i/-r, and the cache flags, compared side by side with real go.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { realGo, runRealGo, tempDir } from '../cfg/testutil.js';
import { runGocmd } from '../cli/testutil.js';
import { Cache } from '../cache/cache.js';
import { cleanPlan, defaultExecName } from './clean.js';
import type { Package } from '../load/types.js';

const gocmd = runGocmd;

const skip = realGo() ? false : 'no go toolchain to compare with';

/** A fresh tree: a module with a main package, a library with tests, leftovers, caches. */
function makeTree(): string {
  const root = tempDir('gocmd-clean-');
  const files: Record<string, string> = {
    'm/go.mod': 'module example.com/cl\n\ngo 1.26\n\nrequire example.com/dep v0.0.0\n\nreplace example.com/dep => ../dep\n',
    'm/main.go': 'package main\n\nimport (\n\t_ "example.com/cl/lib"\n\t_ "example.com/dep"\n)\n\nfunc main() {}\n',
    'dep/go.mod': 'module example.com/dep\n\ngo 1.26\n', 'dep/dep.go': 'package dep\n', 'dep/dep.test': 'removed by -r',
    'm/tool.go': '//go:build ignore\n\npackage main\n',
    'm/lib/lib.go': 'package lib\n',
    'm/lib/lib_test.go': 'package lib\n',
    'm/cl': 'bin', 'm/cl.exe': 'bin', 'm/tool': 'bin', 'm/main': 'bin', 'm/keep.txt': 'x', 'm/old.a': 'x', 'm/a.out': 'x',
    'm/lib/x.o': 'x', 'm/lib/lib.test': 'x', 'm/lib/y.so': 'x', 'm/lib/lib': 'not removed: not main',
    'm/_obj/f': 'x', 'm/lib/_test/f': 'x',
    'bin/cl': 'installed',
  };
  for (const [n, t] of Object.entries(files)) {
    mkdirSync(join(root, n, '..'), { recursive: true });
    writeFileSync(join(root, n), t);
  }
  const c = Cache.open(mkdirSync(join(root, 'gocache'), { recursive: true }) ?? join(root, 'gocache'));
  c.put(Buffer.alloc(32, 1), Buffer.from('entry'));
  writeFileSync(join(root, 'gocache', 'README'), 'readme');
  mkdirSync(join(root, 'gocache', 'fuzz', 'x'), { recursive: true });
  mkdirSync(join(root, 'modcache', 'example.com', 'm@v1.0.0'), { recursive: true });
  writeFileSync(join(root, 'modcache', 'example.com', 'm@v1.0.0', 'f.go'), 'package m\n');
  chmodSync(join(root, 'modcache', 'example.com', 'm@v1.0.0'), 0o555);
  chmodSync(join(root, 'modcache', 'example.com'), 0o555);
  return root;
}

function listing(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const n of readdirSync(d).sort()) {
      if (d === root && n === '.config') continue; // go's telemetry counters under $HOME
      const p = join(d, n);
      out.push(relative(root, p));
      if (statSync(p).isDirectory() && n !== 'gocache') walk(p);
    }
  };
  walk(root);
  return out;
}

function env(root: string): Record<string, string | undefined> {
  return {
    PATH: process.env.PATH, HOME: root, GOENV: 'off', GOFLAGS: '', GOTOOLCHAIN: 'local', GOPROXY: 'off',
    GOCACHE: join(root, 'gocache'), GOMODCACHE: join(root, 'modcache'), GOPATH: join(root, 'gopath'), GOBIN: join(root, 'bin'),
  };
}

const norm = (s: string, root: string): string => s.split(root).join('$ROOT');

const cases: { name: string; args: string[] }[] = [
  { name: 'dry run', args: ['clean', '-n', './...'] },
  { name: 'remove with -x', args: ['clean', '-x', './...'] },
  { name: 'no args in module', args: ['clean'] },
  { name: 'recursive -i -r', args: ['clean', '-i', '-r', '-x', '.'] },
  { name: '-cache -x', args: ['clean', '-cache', '-x'] },
  { name: '-cache -n', args: ['clean', '-cache', '-n'] },
  { name: '-testcache', args: ['clean', '-testcache'] },
  { name: '-modcache -x', args: ['clean', '-modcache', '-x'] },
  { name: '-fuzzcache -x', args: ['clean', '-fuzzcache', '-x'] },
  { name: 'cache flag with packages', args: ['clean', '-cache', './...'] },
  { name: 'missing package', args: ['clean', './nope'] },
];

for (const c of cases) {
  test(`go clean matches go: ${c.name}`, { skip }, async () => {
    const a = makeTree();
    const b = makeTree();
    const want = runRealGo(c.args, env(a), join(a, 'm'));
    const got = await gocmd(c.args, env(b), join(b, 'm'));
    assert.equal(norm(got.stdout, b), norm(want.stdout, a), 'stdout');
    assert.equal(norm(got.stderr, b), norm(want.stderr, a), 'stderr');
    assert.equal(got.code, want.code, 'exit code');
    assert.deepEqual(listing(b), listing(a), 'files left');
    assert.deepEqual(readdirSync(join(b, 'gocache')).sort(), readdirSync(join(a, 'gocache')).sort(), 'cache dir');
    const te = (r: string): boolean => existsSync(join(r, 'gocache', 'testexpire.txt'));
    assert.equal(te(b), te(a));
    if (te(b)) assert.match(readFileSync(join(b, 'gocache', 'testexpire.txt'), 'latin1'), /^[0-9]{19}\n$/);
  });
}

test("go clean -cache -x: gocmd's records of cache entries go too, silently (the cache dir as go leaves it); the why-rebuilt records stay", { skip }, async () => {
  const a = makeTree();
  const b = makeTree();
  for (const d of ['gocmd-noop', 'gocmd-memo', 'gocmd-explain']) {
    mkdirSync(join(b, 'gocache', d), { recursive: true });
    writeFileSync(join(b, 'gocache', d, 'x'), 'stamp');
  }
  const args = ['clean', '-cache', '-x'];
  const want = runRealGo(args, env(a), join(a, 'm'));
  const got = await gocmd(args, env(b), join(b, 'm'));
  assert.equal(norm(got.stderr, b), norm(want.stderr, a), 'stderr');
  assert.deepEqual(readdirSync(join(b, 'gocache')).sort(), [...readdirSync(join(a, 'gocache')), 'gocmd-explain'].sort(), 'cache dir');
  assert.equal(readFileSync(join(b, 'gocache', 'gocmd-explain', 'x'), 'utf8'), 'stamp');
});

test('cleanPlan and defaultExecName', () => {
  const p = { dir: '/x/cmd/tool', name: 'main', importPath: 'example.com/tool/v2', goFiles: ['a.go'], cgoFiles: [], testGoFiles: [], xTestGoFiles: [] } as unknown as Package;
  assert.equal(defaultExecName(p, true), 'tool');
  assert.equal(defaultExecName(p, false), 'v2');
  const plan = cleanPlan(p, [{ name: 'a.go', isDir: false }, { name: 'a', isDir: false }, { name: 'tool', isDir: false }, { name: 'z.txt', isDir: false }, { name: '_obj', isDir: true }], true);
  assert.deepEqual(plan.files, ['a', 'tool']);
  assert.deepEqual(plan.dirs, ['_obj']);
});
