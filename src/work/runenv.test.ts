import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runProgramEnv } from './runenv.js';

test('runProgramEnv puts $GOROOT/bin first on PATH (run_goroot_PATH)', () => {
  assert.equal(runProgramEnv({ PATH: '/usr/bin:/bin', X: '1' }, '/usr/local/go').PATH, '/usr/local/go/bin:/usr/bin:/bin');
  assert.equal(runProgramEnv({ PATH: '' }, '/usr/local/go').PATH, '/usr/local/go/bin');
  assert.equal(runProgramEnv({}, '/usr/local/go/').PATH, '/usr/local/go/bin');
  assert.equal(runProgramEnv({ PATH: '/bin', X: '1' }, '/g').X, '1');
});

test('runProgramEnv passes the original environment through, less the toolchain-switch counter', () => {
  const env = runProgramEnv({ PATH: '/bin', GOROOT: '', GOTOOLCHAIN_INTERNAL_SWITCH_COUNT: '1' }, '/g');
  assert.equal(env.GOROOT, '');
  assert.equal('GOTOOLCHAIN_INTERNAL_SWITCH_COUNT' in env, false);
  assert.equal('GOROOT' in runProgramEnv({ PATH: '/bin' }, '/g'), false);
});
