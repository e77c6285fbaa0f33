import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adoptSelfExecutable, selfExecutable, SELF_EXE_VAR } from './selfexe.js';

test('the launcher path is taken out of the environment and made absolute', () => {
  const env: NodeJS.ProcessEnv = { [SELF_EXE_VAR]: 'lib/goroot/bin/go', PATH: '/bin' };
  adoptSelfExecutable(env, '/work');
  assert.equal(selfExecutable(), '/work/lib/goroot/bin/go');
  assert.deepEqual(env, { PATH: '/bin' });
  // a later start without it (a server worker's next request) forgets the old one
  adoptSelfExecutable(env, '/work');
  assert.equal(selfExecutable(), '');
});
