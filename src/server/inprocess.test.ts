import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runsInProcess } from './inprocess.js';

test('version and read-only env run in the server; writes and other commands do not', () => {
  for (const a of [['version'], ['version', '-m', 'x'], ['env'], ['env', '-json'], ['env', 'GOPATH', 'GOROOT'], ['env', '-changed'], ['env', '-x']]) {
    assert.equal(runsInProcess(a), true, a.join(' '));
  }
  for (const a of [['env', '-w', 'GOPATH=/x'], ['env', '-u', 'GOPATH'], ['env', '--w=true', 'A=b'], ['list'], ['build', '.'], []]) {
    assert.equal(runsInProcess(a), false, a.join(' '));
  }
});

test('a cache program (GOCACHEPROG) sends env to a worker', () => {
  assert.equal(runsInProcess(['env'], { GOCACHEPROG: '/bin/prog' }), false);
  assert.equal(runsInProcess(['env'], { GOCACHEPROG: '' }), true);
});
