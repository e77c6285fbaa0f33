import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fuzzRefusal, fuzzSupported, markFuzzInstrumented } from './fuzzcheck.js';
import { fuzzInstrumentFlags } from '../work/toolargs.js';
import type { Package } from '../load/types.js';
import type { TestLoad } from './testpkgs.js';

const pkg = (extra: Partial<Package>): Package => ({ importPath: 'x', ...extra }) as Package;
const base = { goos: 'linux', goarch: 'amd64', coverprofile: '', profile: '', modulesEnabled: true };

test('fuzzSupported follows internal/platform', () => {
  assert.equal(fuzzSupported('linux'), true);
  assert.equal(fuzzSupported('windows'), true);
  assert.equal(fuzzSupported('plan9'), false);
});

test('fuzzRefusal: go test -fuzz checks in go order', () => {
  const main = pkg({ module: { path: 'example.com/m', main: true } as Package['module'] });
  assert.equal(fuzzRefusal([main], base), undefined);
  assert.equal(fuzzRefusal([main], { ...base, goos: 'plan9', goarch: '386' }), '-fuzz flag is not supported on plan9/386');
  assert.equal(fuzzRefusal([main, main], base), 'cannot use -fuzz flag with multiple packages');
  assert.equal(fuzzRefusal([main], { ...base, coverprofile: 'c.out' }), 'cannot use -coverprofile flag with -fuzz flag');
  assert.equal(fuzzRefusal([main], { ...base, profile: '-cpuprofile' }), 'cannot use -cpuprofile flag with -fuzz flag');
});

test('fuzzRefusal: dependencies and std outside the main module are refused', () => {
  const dep = pkg({ module: { path: 'example.com/fuzzfail', version: 'v0.1.0' } as Package['module'] });
  assert.equal(fuzzRefusal([dep], base), 'cannot use -fuzz flag on package outside the main module');
  const std = pkg({ importPath: 'encoding/json', standard: true });
  assert.equal(fuzzRefusal([std], base), 'cannot use -fuzz flag on package outside the main module');
  // GOPATH mode has no modules to protect.
  assert.equal(fuzzRefusal([std], { ...base, modulesEnabled: false }), undefined);
});

test('markFuzzInstrumented: the package, its test imports and their dependencies, but not the fuzzing machinery', () => {
  const node = (importPath: string, imports: Package[] = []): Package => pkg({ importPath, internal: { imports } });
  const runtime = node('runtime');
  const strconv = node('strconv', [runtime]);
  const testing = node('testing', [strconv, runtime]);
  const helper = node('example/helper', [strconv]);
  const p = node('example', [strconv]);
  const load = { testImports: [testing, helper], xTestImports: [], mainDeps: [node('os')] } as unknown as TestLoad;
  markFuzzInstrumented([p], [load]);
  for (const q of [p, strconv, helper]) assert.equal(q.internal.fuzzInstrument, true, q.importPath);
  for (const q of [runtime, testing]) assert.equal(q.internal.fuzzInstrument, undefined, q.importPath);
  // The test main's own dependencies (os here) are not among them.
  assert.equal(load.mainDeps[0]!.internal.fuzzInstrument, undefined);
  // The compiler flag, where fuzzing uses coverage guidance.
  assert.deepEqual(fuzzInstrumentFlags(p, 'linux', 'amd64'), ['-d=libfuzzer']);
  assert.deepEqual(fuzzInstrumentFlags(p, 'linux', '386'), []);
  assert.deepEqual(fuzzInstrumentFlags(runtime, 'linux', 'amd64'), []);
});
