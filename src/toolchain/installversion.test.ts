import { test } from 'node:test';
import assert from 'node:assert/strict';
import { installVersionArg, modcacherwFromGOFLAGS } from './installversion.js';

const runFlags: Record<string, boolean> = { a: true, n: true, x: true, tags: false, mod: false, modcacherw: true, exec: false };
const isBool = (name: string): boolean | undefined => runFlags[name];

test('installVersionArg finds the package and -modcacherw', () => {
  assert.deepEqual(installVersionArg(['install', '-modcacherw', 'example.com/p@v0.1.0'], isBool), { pkgArg: 'example.com/p@v0.1.0', modcacherw: true });
  assert.deepEqual(installVersionArg(['install', '-x', '-tags', 'a,b', 'example.com/p@v0.1.0'], isBool), { pkgArg: 'example.com/p@v0.1.0' });
  assert.deepEqual(installVersionArg(['install', '--modcacherw=false', 'p@v1'], isBool), { pkgArg: 'p@v1', modcacherw: false });
  assert.deepEqual(installVersionArg(['run', '--', 'p@v1', 'arg'], isBool), { pkgArg: 'p@v1' });
});

test('installVersionArg skips past unknown flags for install only', () => {
  assert.deepEqual(installVersionArg(['install', '-cake=delicious', '-modcacherw', 'p@v1'], isBool), { pkgArg: 'p@v1', modcacherw: true });
  assert.deepEqual(installVersionArg(['install', '-unknown', '-tags', '-modcacherw', 'p@v1'], isBool), { pkgArg: 'p@v1', modcacherw: true });
  assert.deepEqual(installVersionArg(['install', '-unknown', 'x', 'p@v1'], isBool), { pkgArg: 'p@v1' });
  assert.equal(installVersionArg(['run', '-unknown', 'p@v1'], isBool), undefined);
  assert.equal(installVersionArg(['install', '-modcacherw=maybe', 'p@v1'], isBool), undefined);
  assert.equal(installVersionArg(['build', 'p@v1'], isBool), undefined);
  assert.equal(installVersionArg(['install', '--'], isBool), undefined);
});

test('modcacherwFromGOFLAGS takes the last setting', () => {
  assert.equal(modcacherwFromGOFLAGS(['-modcacherw']), true);
  assert.equal(modcacherwFromGOFLAGS(['-modcacherw', '--modcacherw=false']), false);
  assert.equal(modcacherwFromGOFLAGS(['-mod=mod']), undefined);
});
