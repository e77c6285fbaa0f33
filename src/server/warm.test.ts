import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildsWarm, runsWarm } from './warm.js';

test('read-only loading commands run warm; building, writing and other commands do not', () => {
  for (const a of [['version'], ['env', '-json'], ['list', '-deps', '-json', './...'], ['list', '-m', '-json', 'all'], ['mod', 'graph'], ['-C', 'x', 'list'], ['-C=x', 'mod', 'graph'], ['list', '-e', '-f', '{{.Dir}}', 'all']]) {
    assert.equal(runsWarm(a), true, a.join(' '));
  }
  for (const a of [['env', '-w', 'A=b'], ['env', '-u', 'A'], ['list', '-export', '.'], ['list', '-compiled', '.'], ['list', '-test', '.'], ['list', '--toolexec=x', '.'], ['mod', 'tidy'], ['mod', 'download'], ['build', '.'], ['run', '.'], ['test'], []]) {
    assert.equal(runsWarm(a), false, a.join(' '));
  }
});

test('a cache program or GOCMD_SERVER_WARM=0 keeps commands out of the warm worker', () => {
  assert.equal(runsWarm(['list'], { GOCACHEPROG: '/bin/prog' }), false);
  assert.equal(runsWarm(['list'], { GOCMD_SERVER_WARM: '0' }), false);
  assert.equal(runsWarm(['list'], { GOCMD_SERVER_WARM: '1' }), true);
});

test('builds and installs run warm, pkg@version too, but not writing -o to a device, nor with a cache program or a remote cache', () => {
  for (const a of [['build', '.'], ['install', './...'], ['-C', 'x', 'build', '-o', 'out', '.'], ['install', 'example.com/cmd@v1.0.0'], ['build', '-o', '/dev/null', './...'], ['build', '-o=bin/', './...']]) {
    assert.equal(buildsWarm(a), true, a.join(' '));
  }
  for (const a of [['build', '-o', '/dev/stdout', '.'], ['build', '--o=/proc/self/fd/1', '.'], ['run', '.'], ['test'], ['list'], ['version'], []]) {
    assert.equal(buildsWarm(a), false, a.join(' '));
  }
  assert.equal(buildsWarm(['build', '.'], { GOFLAGS: '-mod=mod -o=/dev/stderr' }), false);
  assert.equal(buildsWarm(['build', '.'], { GOCACHEPROG: '/bin/prog' }), false);
  assert.equal(buildsWarm(['build', '.'], { GOCMD_REMOTE_CACHE: 'http://127.0.0.1:1' }), false);
  assert.equal(buildsWarm(['build', '.'], { GOCMD_SERVER_WARM: '0' }), false);
});
