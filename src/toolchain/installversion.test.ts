// The best-effort scan of `go install|run` arguments (go's maybeSwitchForGoInstallVersion cases).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goflagsModcacherw, parseGoBool, scanInstallVersionArgs } from './installversion.js';

// A few of go run's flags: -a and -modcacherw are boolean, -tags and -exec take a value.
const isBool = (n: string): boolean | undefined => ({ a: true, modcacherw: true, x: true, tags: false, exec: false } as Record<string, boolean>)[n];

test('finds pkg@version and -modcacherw among known flags', () => {
  assert.deepEqual(scanInstallVersionArgs('install', ['-a', '-tags', 'x', '-modcacherw', 'ex.com/p@v1'], isBool), { pkgArg: 'ex.com/p@v1', modcacherw: true });
  assert.deepEqual(scanInstallVersionArgs('install', ['--modcacherw=false', 'ex.com/p@v1'], isBool), { pkgArg: 'ex.com/p@v1', modcacherw: false });
  assert.deepEqual(scanInstallVersionArgs('run', ['-tags=x', 'ex.com/p@v1', '-arg'], isBool), { pkgArg: 'ex.com/p@v1' });
  assert.deepEqual(scanInstallVersionArgs('install', ['--', 'ex.com/p@v1'], isBool), { pkgArg: 'ex.com/p@v1' });
});

test('an unknown install flag: the last argument is the package, a later -modcacherw still counts', () => {
  assert.deepEqual(scanInstallVersionArgs('install', ['-cake=delicious', '-modcacherw', 'ex.com/p@v1'], isBool), { pkgArg: 'ex.com/p@v1', modcacherw: true });
  assert.deepEqual(scanInstallVersionArgs('install', ['-unknownflag', '-tags', '-modcacherw', 'ex.com/p@v1'], isBool), { pkgArg: 'ex.com/p@v1', modcacherw: true });
  assert.deepEqual(scanInstallVersionArgs('install', ['-unknown', 'v', 'ex.com/p@v1'], isBool), { pkgArg: 'ex.com/p@v1' });
  // go run gives up: its package may be anywhere.
  assert.equal(scanInstallVersionArgs('run', ['-unknown', 'ex.com/p@v1'], isBool), undefined);
});

test('no versioned package argument', () => {
  assert.equal(scanInstallVersionArgs('install', ['ex.com/p'], isBool), undefined);
  assert.equal(scanInstallVersionArgs('install', ['./p@v1'], isBool), undefined);
  assert.equal(scanInstallVersionArgs('install', ['/abs/p@v1'], isBool), undefined);
  assert.equal(scanInstallVersionArgs('install', ['--'], isBool), undefined);
  assert.equal(scanInstallVersionArgs('install', ['-modcacherw=maybe', 'ex.com/p@v1'], isBool), undefined);
});

test('GOFLAGS and bool parsing', () => {
  assert.equal(goflagsModcacherw(''), undefined);
  assert.equal(goflagsModcacherw('-modcacherw'), true);
  assert.equal(goflagsModcacherw('-mod=mod --modcacherw=false'), false);
  assert.equal(parseGoBool('T'), true);
  assert.equal(parseGoBool('yes'), undefined);
});
