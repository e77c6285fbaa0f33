import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fips140Version, godebugValue, makeContext, toolchainMinor } from './context.js';

test('godebugValue: last setting of a key wins', () => {
  assert.equal(godebugValue('installgoroot=all', 'installgoroot'), 'all');
  assert.equal(godebugValue('a=1,installgoroot=all,installgoroot=0', 'installgoroot'), '0');
  assert.equal(godebugValue('', 'installgoroot'), undefined);
  assert.equal(godebugValue('xinstallgoroot=all', 'installgoroot'), undefined);
});

test('makeContext: GODEBUG=installgoroot=all gives GOROOT packages install targets', () => {
  const goroot = '/usr/local/go';
  assert.equal(makeContext({ GOROOT: goroot, GOOS: 'linux', GOARCH: 'amd64', GODEBUG: 'installgoroot=all' }).installGoroot, true);
  assert.equal(makeContext({ GOROOT: goroot, GOOS: 'linux', GOARCH: 'amd64' }).installGoroot, undefined);
});

test('makeContext: an invalid GOROOT (no VERSION, no sources) gives a context, not a crash', () => {
  const bogus = mkdtempSync(join(tmpdir(), 'not-a-valid-goroot-'));
  assert.equal(toolchainMinor(bogus), 0);
  const ctx = makeContext({ GOROOT: bogus, GOOS: 'linux', GOARCH: 'amd64' });
  assert.equal(ctx.goroot, bogus);
});

test('fips140Version: unset and off are off; anything else is the version asked for', () => {
  assert.equal(fips140Version(undefined), 'off');
  assert.equal(fips140Version(''), 'off');
  assert.equal(fips140Version('off'), 'off');
  assert.equal(fips140Version('latest'), 'latest');
  assert.equal(makeContext({ GOROOT: '/nonexistent', GOFIPS140: 'latest' }).fips140, 'latest');
});
