import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../cfg/config.js';
import { makeContext } from '../load/context.js';
import { noMainModuleImportMessage } from '../load/resolve.js';
import { dummyGoMod, noMainModuleFor, requirementsOf, rootImportsOf } from './nomain.js';

// noMainModuleFor reads only these three fields of the configuration.
function cfg(modulesEnabled: boolean, gomod: string, gowork = ''): Config {
  return { modulesEnabled, gomod, gowork } as unknown as Config;
}

test('noMainModuleFor: only module mode with no go.mod and no go.work in use', () => {
  assert.equal(noMainModuleFor(cfg(false, ''), 'build', 'mod'), undefined);
  assert.equal(noMainModuleFor(cfg(true, '/m/go.mod'), 'build', 'mod'), undefined);
  assert.equal(noMainModuleFor(cfg(true, '/dev/null', '/w/go.work'), 'build', ''), undefined);
  assert.deepEqual(noMainModuleFor(cfg(true, '/dev/null', 'off'), 'build', 'vendor'), { kind: 'no-main-module', buildMod: 'vendor' });
  assert.deepEqual(noMainModuleFor(cfg(true, '/dev/null'), 'build', 'mod'), { kind: 'no-main-module', buildMod: 'mod' });
  // The default outside a module is readonly.
  assert.deepEqual(noMainModuleFor(cfg(true, '/dev/null'), 'build', ''), { kind: 'no-main-module', buildMod: 'readonly' });
});

test('noMainModuleImportMessage: go\'s text per -mod (checked against go 1.26)', () => {
  assert.equal(noMainModuleImportMessage('rsc.io/quote', 'mod'), 'cannot find module providing package rsc.io/quote');
  assert.equal(noMainModuleImportMessage('rsc.io/quote', 'vendor'), 'no required module provides package rsc.io/quote; to add it:\n\tgo get rsc.io/quote');
  assert.equal(noMainModuleImportMessage('rsc.io/quote', 'readonly'),
    "no required module provides package rsc.io/quote: go.mod file not found in current directory or any parent directory; see 'go help modules'");
});

test('requirementsOf: newest version per path, sorted by path', () => {
  assert.deepEqual(requirementsOf([
    { path: 'rsc.io/quote', version: 'v1.5.1' },
    { path: 'example.com/a', version: 'v0.1.0' },
    { path: 'rsc.io/quote', version: 'v1.5.2' },
    { path: 'rsc.io/quote', version: 'v1.4.0' },
  ]), [{ path: 'example.com/a', version: 'v0.1.0' }, { path: 'rsc.io/quote', version: 'v1.5.2' }]);
});

test('dummyGoMod: the stand-in module with and without requirements', () => {
  assert.equal(dummyGoMod('1.26.8', []), 'module command-line-arguments\n\ngo 1.26.8\n');
  assert.equal(dummyGoMod('1.26.8', [{ path: 'rsc.io/quote', version: 'v1.5.2' }]),
    'module command-line-arguments\n\ngo 1.26.8\n\nrequire (\n\trsc.io/quote v1.5.2\n)\n');
});

test('rootImportsOf: imports of command-line files or plain import-path arguments, std and C left out', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nomain-test-'));
  try {
    writeFileSync(join(dir, 'a.go'), 'package main\n\nimport (\n\t"fmt"\n\t"rsc.io/quote"\n\t"C"\n)\n\nfunc main() { fmt.Println(quote.Hello()) }\n');
    writeFileSync(join(dir, 'b.go'), '//go:build ignore\n\npackage main\n\nimport "example.com/ignored"\n');
    writeFileSync(join(dir, 'c.go'), 'package main\n\nimport "example.com/c"\n\nvar _ = c.X\n');
    const ctxt = makeContext({ GOROOT: '/usr/local/go', GOOS: 'linux', GOARCH: 'amd64', CGO_ENABLED: '1' });
    assert.deepEqual(await rootImportsOf(ctxt, dir, ['a.go', join(dir, 'c.go'), 'b.go']), ['example.com/c', 'rsc.io/quote']);
    assert.deepEqual(await rootImportsOf(ctxt, dir, ['rsc.io/quote', './x', 'all', 'fmt', 'example.com/...', 'example.com/b']), ['rsc.io/quote', 'example.com/b']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
