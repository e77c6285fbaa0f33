import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkBuildTarget } from './workdir.js';

test('checkBuildTarget: unknown ports and comma tags exit 2 with go\'s text', () => {
  assert.doesNotThrow(() => checkBuildTarget('linux', 'amd64', ['a', 'b']));
  assert.throws(() => checkBuildTarget('windwos', 'amd64', []), (e: Error & { code?: number }) => e.message === 'go: unsupported GOOS/GOARCH pair windwos/amd64' && e.code === 2);
  assert.throws(() => checkBuildTarget('linux', 'amd64', ['tag1,tag2', 'tag3']), (e: Error) => e.message === 'go: -tags space-separated list contains comma');
});
