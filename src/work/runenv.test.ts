import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runProgramEnv } from './runenv.js';

test('runProgramEnv puts $GOROOT/bin first on PATH (run_goroot_PATH)', () => {
  assert.equal(runProgramEnv({ PATH: '/usr/bin:/bin', X: '1' }, '/usr/local/go').PATH, '/usr/local/go/bin:/usr/bin:/bin');
  assert.equal(runProgramEnv({ PATH: '' }, '/usr/local/go').PATH, '/usr/local/go/bin');
  assert.equal(runProgramEnv({}, '/usr/local/go/').PATH, '/usr/local/go/bin');
  assert.equal(runProgramEnv({ PATH: '/bin', X: '1' }, '/g').X, '1');
});
