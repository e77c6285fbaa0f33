// Tests for reading the test checksum database keys and for go-compatible HTTP helpers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { newSigner, newVerifier } from '../../src/lib/note.js';
import { atoi, statusText } from './httputil.js';
import { parseSumDBKeys, readSumDBKeys } from './keys.js';

test('parseSumDBKeys reads the three constants', () => {
  const src = 'const (\n\ttestSumDBName = "a.b/c"\n\ttestSumDBVerifierKey = "a.b/c+01+XX"\n\ttestSumDBSignerKey   = "PRIVATE+KEY+a.b/c+01+YY"\n)\n';
  assert.deepEqual(parseSumDBKeys(src), { name: 'a.b/c', verifierKey: 'a.b/c+01+XX', signerKey: 'PRIVATE+KEY+a.b/c+01+YY' });
  assert.throws(() => parseSumDBKeys('nothing'), /no testSumDBName constant/);
});

const goroot = process.env.GOROOT ?? '/usr/local/go';

test('the keys in GOROOT form a matching pair', { skip: !existsSync(join(goroot, 'src/cmd/go/proxy_test.go')) && 'no GOROOT' }, () => {
  const k = readSumDBKeys(goroot);
  const s = newSigner(k.signerKey);
  const v = newVerifier(k.verifierKey);
  assert.equal(k.name, s.name);
  assert.equal(v.name, s.name);
  assert.equal(v.keyHash, s.keyHash);
  const msg = Buffer.from('go.sum database tree\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n');
  assert.ok(v.verify(msg, s.sign(msg)));
});

test('status texts and path numbers follow go', () => {
  assert.equal(statusText(404), 'Not Found');
  assert.equal(statusText(413), 'Request Entity Too Large');
  assert.equal(statusText(599), 'status code 599');
  assert.equal(statusText(509), 'status code 509');
  assert.equal(statusText(418), "I'm a teapot");
  assert.deepEqual(['404', '+404', '-1', '4x', ''].map(atoi), [404, 404, -1, undefined, undefined]);
});
