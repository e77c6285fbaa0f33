// GOAUTH formats: custom-command output, git credential output, the response given on stdin, prefix keys.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalHeaderKey, credentialKey, formatResponseForCommand, parseGitAuth, parseUserAuth } from './authparse.js';
import { isDomainOrSubdomain } from './web.js';

test('parseUserAuth: URL blocks and header blocks, as go reads a GOAUTH command output', () => {
  const ok: [string, Record<string, [string, string][]>][] = [
    ['', {}],
    ['https://example.com\n\nAuthorization: Basic YWxhZGRpbjpvcGVuc2VzYW1l\n\n', { 'example.com': [['Authorization', 'Basic YWxhZGRpbjpvcGVuc2VzYW1l']] }],
    // Several prefixes share one header block; a later block for the same prefix wins; names are canonical, values trimmed.
    [
      'https://a.example/x\nhttps://b.example\n\nx-token:   t1 \nAuthorization: Bearer z\n\nhttps://b.example\n\nX-Other: 2\n\n',
      { 'a.example/x': [['X-Token', 't1'], ['Authorization', 'Bearer z']], 'b.example': [['X-Other', '2']] },
    ],
    // Non-https prefixes are kept as written (and so never match an https request).
    ['http://c.example\n\nA: b\n\n', { 'http://c.example': [['A', 'b']] }],
  ];
  for (const [input, want] of ok) {
    const got = Object.fromEntries([...parseUserAuth(input)].map(([k, v]) => [k, v.map(([a, b]) => [a, b])]));
    assert.deepEqual(got, want, JSON.stringify(input));
  }
  const bad: [string, string][] = [
    ['https://example.com\n', 'invalid format: missing empty line after URLs'],
    ['https://example.com\n\nA: b\n', 'invalid format: missing empty line after headers'],
    ['https://example.com\n\nA b\n\n', 'invalid format: invalid header line'],
    ['https://example.com\n\nA(: b\n\n', 'invalid format: invalid header line'],
    ['https://example.com\n\nA: b\x01c\n\n', 'invalid format: invalid header line'],
    ['example.com\n\nA: b\n\n', 'could not parse URL example.com: parse "example.com": invalid URI for request'],
  ];
  for (const [input, msg] of bad) assert.throws(() => parseUserAuth(input), { message: msg }, JSON.stringify(input));
});

test('parseGitAuth: prefix from protocol/host/path or url=, credentials', () => {
  const cases: [string, { prefix: string; username: string; password: string }][] = [
    ['protocol=https\nhost=example.com\nusername=bob\npassword=secr3t\n', { prefix: 'https://example.com', username: 'bob', password: 'secr3t' }],
    ['protocol=https\nhost=example.com\npath=foo/bar\nusername=bob\npassword=p=q\n', { prefix: 'https://example.com/foo/bar', username: 'bob', password: 'p=q' }],
    ['url=https://example.com/x\nusername=u\npassword=p\n', { prefix: 'https://example.com/x', username: 'u', password: 'p' }],
    ['username=u\n', { prefix: '', username: 'u', password: '' }],
    ['garbage\n', { prefix: '', username: '', password: '' }],
  ];
  for (const [input, want] of cases) assert.deepEqual(parseGitAuth(input), want, input);
});

test('formatResponseForCommand: status line, canonical header names with joined values, blank line', () => {
  assert.equal(
    formatResponseForCommand({ status: '401 Unauthorized', rawHeaders: ['www-authenticate', 'Basic realm="x"', 'X-A', '1', 'x-a', '2'] }),
    'HTTP/1.1 401 Unauthorized\nWww-Authenticate: Basic realm="x"\nX-A: 1, 2\n\n',
  );
  assert.equal(canonicalHeaderKey('content-TYPE'), 'Content-Type');
});

test('credentialKey and isDomainOrSubdomain', () => {
  assert.equal(credentialKey('https://example.com/a/'), 'example.com/a');
  assert.equal(credentialKey('example.com'), 'example.com');
  const dom: [string, string, boolean][] = [
    ['example.com', 'example.com', true],
    ['sub.example.com', 'example.com', true],
    ['badexample.com', 'example.com', false],
    ['example.com', 'sub.example.com', false],
    ['127.0.0.1', '127.0.0.1', true],
    ['localhost', '127.0.0.1', false],
    ['::1', '::1', true],
  ];
  for (const [sub, parent, want] of dom) assert.equal(isDomainOrSubdomain(sub, parent), want, `${sub} ${parent}`);
});
