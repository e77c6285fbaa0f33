import { test } from 'node:test';
import assert from 'node:assert/strict';
import { replaceEnv } from './worker.js';

test('replaceEnv leaves exactly the wanted variables', () => {
  const env: NodeJS.ProcessEnv = { A: '1', B: '2', C: '3' };
  replaceEnv(env, { B: '2', C: 'x', D: '4' });
  assert.deepEqual(env, { B: '2', C: 'x', D: '4' });
});
