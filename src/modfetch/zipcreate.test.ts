import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createModuleZip, isVendoredPackage, selectZipFiles, type ZipSourceFile } from './zipcreate.js';
import { readZip } from '../lib/zip.js';

const f = (path: string, text = 'x', mode = 0o100644): ZipSourceFile => ({ path, mode, size: Buffer.byteLength(text), data: () => Buffer.from(text) });

test('selectZipFiles: vendored packages, nested modules, symlinks and hg archival files are left out', () => {
  const sel = selectZipFiles([
    f('go.mod', 'module m\n\ngo 1.21\n'),
    f('a.go'),
    f('vendor/modules.txt'),
    f('vendor/x/x.go'),
    f('pkg/vendor/vendor.go'),
    f('nested/go.mod'),
    f('nested/n.go'),
    f('link.go', 'a.go', 0o120777),
    f('.hg_archival.txt'),
    f('A.go'),
    f('a.go'),
    f('sub/GO.MOD'),
  ]);
  assert.deepEqual(sel.valid.map((v) => v.path), ['go.mod', 'a.go', 'vendor/modules.txt']);
  assert.deepEqual(sel.omitted.map((o) => `${o.path}: ${o.why}`), [
    'vendor/x/x.go: file is in vendor directory',
    'pkg/vendor/vendor.go: file is in vendor directory',
    'nested/go.mod: file is in another module',
    'nested/n.go: file is in another module',
    'link.go: file is a symbolic link',
    ".hg_archival.txt: file is inserted by 'hg archive' and is always omitted",
    'sub/GO.MOD: file is in another module',
  ]);
  assert.deepEqual(sel.invalid.map((o) => `${o.path}: ${o.why}`), ['A.go: case-insensitive file name collision: "a.go" and "A.go"', 'a.go: multiple entries for file "a.go"']);
});

test('isVendoredPackage follows the go.mod go version (1.24 changed it)', () => {
  assert.equal(isVendoredPackage('vendor/modules.txt', '1.23'), false);
  assert.equal(isVendoredPackage('vendor/modules.txt', '1.24'), true);
  assert.equal(isVendoredPackage('pkg/vendor/vendor.go', '1.23'), true, "go's old offset");
  assert.equal(isVendoredPackage('pkg/vendor/vendor.go', '1.24'), false);
  assert.equal(isVendoredPackage('pkg/vendor/foo/foo.go', '1.24'), true);
});

test('createModuleZip: every name under path@version/, invalid files stop it', () => {
  const z = readZip(createModuleZip({ path: 'example.com/m', version: 'v1.0.0' }, [f('go.mod', 'module example.com/m\n'), f('x/y.go', 'package x\n')]));
  assert.deepEqual(z.map((e) => e.name), ['example.com/m@v1.0.0/go.mod', 'example.com/m@v1.0.0/x/y.go']);
  assert.equal(z[1]!.data().toString(), 'package x\n');
  assert.throws(() => createModuleZip({ path: 'example.com/m', version: 'v1.0.0' }, [f('./a.go')]), { message: './a.go: file path is not clean' });
});
