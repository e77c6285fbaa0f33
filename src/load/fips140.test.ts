import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isFips140Snapshot, resolveFips140Import } from './fips140.js';

test('snapshot import paths (go fips140.ResolveImport)', () => {
  assert.deepEqual(resolveFips140Import('v1.26.0', '/m/fips140', 'crypto/internal/fips140/sha256'), { path: 'crypto/internal/fips140/v1.26.0/sha256', dir: '/m/fips140/v1.26.0/sha256' });
  assert.deepEqual(resolveFips140Import('v1.26.0', '/m/fips140', 'crypto/internal/fips140/v1.26.0/sha256'), { path: 'crypto/internal/fips140/v1.26.0/sha256', dir: '/m/fips140/v1.26.0/sha256' });
  assert.deepEqual(resolveFips140Import('v1.26.0', '/m/fips140', 'crypto/internal/fips140'), { path: 'crypto/internal/fips140/v1.26.0', dir: '/m/fips140/v1.26.0' });
  assert.equal(resolveFips140Import('v1.26.0', '/m/fips140', 'crypto/internal/fips140deps/byteorder'), undefined);
  assert.equal(resolveFips140Import('latest', '/m/fips140', 'crypto/internal/fips140/sha256'), undefined);
  assert.equal(isFips140Snapshot('off'), false);
  assert.equal(isFips140Snapshot('v1.0.0'), true);
});
