import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ldSharedArgs, libname } from './shlib.js';

test('libname: meta patterns, one dir/... pattern, else the import paths (go build.go libname)', () => {
  assert.equal(libname(['std'], ['fmt', 'os']), 'libstd.so');
  assert.equal(libname(['std', 'cmd'], []), 'libstd,cmd.so');
  assert.equal(libname(['runtime'], ['runtime']), 'libruntime.so');
  assert.equal(libname(['a/b', 'c'], ['a/b', 'c']), 'liba-b,c.so');
  assert.equal(libname(['x/y/...'], ['x/y', 'x/y/z']), 'libx-y.so');
  assert.equal(libname(['./...'], ['dep'], (d) => (d === '.' ? 'my/dep' : '')), 'libmy-dep.so');
  assert.equal(libname(['./...'], ['dep']), 'lib..so');
  assert.throws(() => libname(['std', 'fmt'], []), { message: 'mixing of meta and non-meta packages is not allowed' });
});

test('ldSharedArgs: -installsuffix always, -extld unless given, command-line archives last', () => {
  const s = { toolDir: '/t', installSuffix: 'dynlink', forcedLdflags: [] };
  const top = [{ importPath: 'runtime', target: '/pd/runtime.a' }, { importPath: 'unsafe', target: '' }, { importPath: 'runtime/cgo', target: '/pd/runtime/cgo.a' }];
  assert.deepEqual(ldSharedArgs({ target: 'libruntime.so', importcfg: '/w/b1/importcfg.link', ldflags: [], cc: ['gcc'], cxx: false, cxxCompiler: ['g++'], top }, s), [
    '/t/link', '-o', 'libruntime.so', '-importcfg', '/w/b1/importcfg.link', '-installsuffix', 'dynlink', '-buildmode=shared', '-extld=gcc',
    'runtime=/pd/runtime.a', 'runtime/cgo=/pd/runtime/cgo.a',
  ]);
  const withExtld = ldSharedArgs({ target: 'l.so', importcfg: 'i', ldflags: ['-extld=clang'], cc: ['gcc'], cxx: true, cxxCompiler: ['g++'], top: [] }, { ...s, installSuffix: '' });
  assert.deepEqual(withExtld.slice(5), ['-installsuffix', '', '-buildmode=shared', '-extld=clang']);
});
