import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_MAX_SIZE, DEFAULT_TIMEOUT_MS, parseSize, parseTimeout, remoteHelperPath, remoteSettings } from './remoteconfig.js';

const env = (m: Record<string, string>) => (k: string): string | undefined => m[k];
const noNetrc = (): undefined => undefined;

test('remoteSettings: unset and off mean none', () => {
  assert.equal(remoteSettings(env({}), noNetrc), undefined);
  assert.equal(remoteSettings(env({ GOCMD_REMOTE_CACHE: 'off' }), noNetrc), undefined);
});

test('remoteSettings: defaults, trailing slash, read-only', () => {
  const s = remoteSettings(env({ GOCMD_REMOTE_CACHE: 'http://cache:8080/gocmd/', GOCMD_REMOTE_CACHE_READONLY: '1' }), noNetrc);
  assert.ok(s && !(s instanceof Error));
  assert.equal(s.url, 'http://cache:8080/gocmd');
  assert.equal(s.readOnly, true);
  assert.equal(s.maxSize, DEFAULT_MAX_SIZE);
  assert.equal(s.timeoutMs, DEFAULT_TIMEOUT_MS);
  assert.deepEqual(s.headers, {});
});

test('remoteSettings: credentials from the URL, the header variable, then netrc', () => {
  const u = remoteSettings(env({ GOCMD_REMOTE_CACHE: 'https://me:pw@cache/' }), noNetrc);
  assert.ok(u && !(u instanceof Error));
  assert.equal(u.headers['authorization'], 'Basic ' + Buffer.from('me:pw').toString('base64'));
  assert.equal(u.url, 'https://cache');
  const h = remoteSettings(env({ GOCMD_REMOTE_CACHE: 'https://cache', GOCMD_REMOTE_CACHE_HEADER: 'X-Api-Key: k1\nAuthorization: Bearer t' }), () => 'Basic nope');
  assert.ok(h && !(h instanceof Error));
  assert.deepEqual(h.headers, { 'x-api-key': 'k1', authorization: 'Bearer t' });
  const n = remoteSettings(env({ GOCMD_REMOTE_CACHE: 'https://cache' }), (host) => (host === 'cache' ? 'Basic yes' : undefined));
  assert.ok(n && !(n instanceof Error));
  assert.equal(n.headers['authorization'], 'Basic yes');
});

test('remoteSettings: malformed values are errors', () => {
  const bad: Record<string, string>[] = [
    { GOCMD_REMOTE_CACHE: 'ftp://x' }, { GOCMD_REMOTE_CACHE: 'not a url' },
    { GOCMD_REMOTE_CACHE: 'http://x', GOCMD_REMOTE_CACHE_HEADER: 'no colon' },
    { GOCMD_REMOTE_CACHE: 'http://x', GOCMD_REMOTE_CACHE_MAX_SIZE: 'big' },
    { GOCMD_REMOTE_CACHE: 'http://x', GOCMD_REMOTE_CACHE_TIMEOUT: '0s' },
    { GOCMD_REMOTE_CACHE: 'http://x', GOCMD_REMOTE_CACHE_READONLY: 'yes' },
  ];
  for (const m of bad) assert.ok(remoteSettings(env(m), noNetrc) instanceof Error, JSON.stringify(m));
});

test('parseSize and parseTimeout', () => {
  assert.equal(parseSize('100M'), 100 << 20);
  assert.equal(parseSize('64k'), 64 << 10);
  assert.equal(parseSize('12'), 12);
  assert.equal(parseSize('1GiB'), 1 << 30);
  assert.equal(parseSize('x'), undefined);
  assert.equal(parseTimeout('500ms'), 500);
  assert.equal(parseTimeout('2s'), 2000);
  assert.equal(parseTimeout('3'), 3000);
  assert.equal(parseTimeout('1.5s'), 1500);
  assert.equal(parseTimeout('soon'), undefined);
});

test('remoteHelperPath: beside the entry when built, off with 0, or a named path', () => {
  const there = (p: string): boolean => p === '/d/gocmd-remote';
  assert.equal(remoteHelperPath(env({}), '/d', there), '/d/gocmd-remote');
  assert.equal(remoteHelperPath(env({ GOCMD_REMOTE_HELPER: '1' }), '/d', there), '/d/gocmd-remote');
  assert.equal(remoteHelperPath(env({}), '/e', there), undefined);
  assert.equal(remoteHelperPath(env({ GOCMD_REMOTE_HELPER: '0' }), '/d', there), undefined);
  assert.equal(remoteHelperPath(env({ GOCMD_REMOTE_HELPER: 'off' }), '/d', there), undefined);
  assert.equal(remoteHelperPath(env({ GOCMD_REMOTE_HELPER: '/x/h' }), '/d', there), '/x/h');
});
