import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { dirToImportPath, GopathResolver, gopathList } from './gopath.js';

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'gopath-test-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

test('gopathList drops empty entries, GOROOT itself and unexpanded ~ paths', () => {
  assert.deepEqual(gopathList('/a::/goroot:~/go:/b', '/goroot'), ['/a', '/b']);
});

test('dirToImportPath makes the _/abs pseudo path with invalid characters replaced', () => {
  assert.equal(dirToImportPath('/tmp/x y/p'), '_/tmp/x_y/p');
  assert.equal(dirToImportPath('/tmp/a:b'), '_/tmp/a_b');
});

test('GOPATH resolution: GOROOT first, GOPATH entries in order, vendor dirs from the importer up', () => {
  const root = tree({
    'goroot/src/fmt/fmt.go': 'package fmt\n',
    'gp1/src/a/cmd/main.go': 'package main\n',
    'gp1/src/a/vendor/v/v.go': 'package v\n',
    'gp1/src/a/vendor/empty/README': '',
    'gp1/src/shared/s.go': 'package s\n',
    'gp2/src/shared/s.go': 'package s\n',
    'gp2/src/only2/o.go': 'package o\n',
  });
  try {
    const r = new GopathResolver({ goroot: join(root, 'goroot'), gopath: `${join(root, 'gp1')}:${join(root, 'gp2')}` });
    const from = join(root, 'gp1/src/a/cmd');
    const imp = { importPath: 'a/cmd', standard: false };
    assert.deepEqual(
      [r.resolve('fmt', from, imp).path, r.resolve('fmt', from, imp).standard, r.resolve('fmt', from, imp).root],
      ['fmt', true, join(root, 'goroot')],
    );
    assert.equal(r.resolve('v', from, imp).path, 'a/vendor/v');
    // Command-line paths are not vendor-resolved.
    assert.equal(r.resolve('v', from).error?.kind, 'notfound');
    assert.equal(r.resolve('shared', from, imp).dir, join(root, 'gp1/src/shared'));
    assert.equal(r.resolve('only2', from, imp).root, join(root, 'gp2'));
    assert.equal(r.resolve('./../../shared', from, imp).path, dirToImportPath(join(root, 'gp1/src/shared')));
    const missing = r.resolve('nope', from, imp).error?.msg;
    assert.equal(missing, [
      'cannot find package "nope" in any of:',
      `\t${join(root, 'gp1/src/a/vendor/nope')} (vendor tree)`,
      `\t${join(root, 'goroot/src/nope')} (from $GOROOT)`,
      `\t${join(root, 'gp1/src/nope')} (from $GOPATH)`,
      `\t${join(root, 'gp2/src/nope')}`,
    ].join('\n'));
    // A vendor directory without Go files does not satisfy the import.
    assert.equal(r.resolve('empty', from, imp).error?.kind, 'notfound');
    // The second GOPATH's "shared" is hidden by the first's.
    assert.deepEqual(r.dirImport(join(root, 'gp2/src/shared')), { path: '', root: '', goroot: false, conflictDir: join(root, 'gp1/src/shared') });
    assert.equal(r.dirImportPath(join(root, 'gp2/src/only2'))?.path, 'only2');
    assert.equal(r.dirImportPath(join(root, 'elsewhere')), undefined);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('minimal module compatibility drops a /vN element that a go.mod names', () => {
  const root = tree({
    'gp/src/new/go.mod': 'module "new/v2"\n',
    'gp/src/new/new.go': 'package new\n',
    'gp/src/new/p2/p2.go': 'package p2\n',
    'gp/src/new/p1/p1.go': 'package p1\n',
  });
  try {
    const r = new GopathResolver({ goroot: join(root, 'goroot'), gopath: join(root, 'gp') });
    const from = join(root, 'gp/src/new/p1');
    assert.equal(r.resolve('new/v2/p2', from, { importPath: 'new/p1', standard: false }).path, 'new/p2');
    assert.equal(r.resolve('new/v3/p2', from, { importPath: 'new/p1', standard: false }).path, 'new/v3/p2');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
