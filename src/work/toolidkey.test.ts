import { it } from 'node:test';
import assert from 'node:assert/strict';
import { toolIDMemoKey } from './buildid.js';

it('toolIDMemoKey differs exactly when a setting the tool reads differs', () => {
  const base = { GOARCH: '386', GO386: 'sse2', GOPATH: '/a' };
  const k = toolIDMemoKey('compile', '/t/compile', base);
  assert.equal(toolIDMemoKey('compile', '/t/compile', { ...base, GOPATH: '/b', HOME: '/h' }), k);
  for (const [name, v] of [['GO386', 'softfloat'], ['GOAMD64', 'v3'], ['GOEXPERIMENT', 'nosynchashtriemap'], ['GOARCH', 'amd64'], ['GOFIPS140', 'latest']]) {
    assert.notEqual(toolIDMemoKey('compile', '/t/compile', { ...base, [name!]: v }), k, name);
  }
  assert.notEqual(toolIDMemoKey('asm', '/t/compile', base), k);
  assert.notEqual(toolIDMemoKey('compile', '/u/compile', base), k);
});
