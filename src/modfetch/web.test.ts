// HTTPS fetching: extra trusted roots from SSL_CERT_FILE, and .netrc credentials sent only over HTTPS.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createServer as createHTTPS } from 'node:https';
import { createServer as createHTTP } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lookPath } from '../cfg/goroot.js';
import { Web, extraRoots, requestSent } from './web.js';
import { rootCertificates } from 'node:tls';

const skip = lookPath('openssl', process.env.PATH) ? false : 'no openssl to make a test certificate';

test('netrc credentials go to HTTPS servers (trusted via SSL_CERT_FILE), never over plain HTTP', { skip }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gocmd-web-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'], { stdio: 'ignore' });
    const auths: string[] = [];
    const handler = (req: { headers: Record<string, string | string[] | undefined> }, res: { end(s: string): void }): void => {
      auths.push(String(req.headers.authorization ?? '-'));
      res.end('ok');
    };
    const s1 = createHTTPS({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, handler);
    const s2 = createHTTP(handler);
    await Promise.all([s1, s2].map((s) => new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()))));
    const p1 = (s1.address() as AddressInfo).port;
    const p2 = (s2.address() as AddressInfo).port;
    writeFileSync(join(dir, 'netrc'), `machine 127.0.0.1:${p1} login alice password s3cret\nmachine 127.0.0.1:${p2} login bob password plain\n`);
    try {
      const env = { NETRC: join(dir, 'netrc'), SSL_CERT_FILE: join(dir, 'cert.pem') };
      assert.equal((await new Web({ env }).getBytes(new URL(`https://127.0.0.1:${p1}/mod/x/@v/list`))).toString(), 'ok');
      await new Web({ env }).getBytes(new URL(`http://127.0.0.1:${p2}/mod/x/@v/list`));
      await new Web({ env, goauth: 'off' }).getBytes(new URL(`https://127.0.0.1:${p1}/mod/x/@v/list`));
      assert.deepEqual(auths, ['Basic ' + Buffer.from('alice:s3cret').toString('base64'), '-', '-']);
      // Without the extra root the certificate is not trusted.
      await assert.rejects(new Web({ env: {} }).getBytes(new URL(`https://127.0.0.1:${p1}/x`)), { message: /^Get "https:\/\/127\.0\.0\.1:\d+\/x": tls: failed to verify certificate: x509: certificate signed by unknown authority$/ });
    } finally {
      s1.close();
      s2.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('extraRoots: NODE_EXTRA_CA_CERTS and SSL_CERT_FILE certificates are added to node\'s roots', () => {
  const dir = mkdtempSync(join(tmpdir(), 'web-roots-'));
  try {
    const pem = (n: number): string => `-----BEGIN CERTIFICATE-----\nMIIB${n}\n-----END CERTIFICATE-----`;
    writeFileSync(join(dir, 'a.pem'), pem(1) + '\n');
    writeFileSync(join(dir, 'b.pem'), `junk\n${pem(2)}\n${pem(3)}\n`);
    assert.equal(extraRoots({}), undefined);
    assert.equal(extraRoots({ NODE_EXTRA_CA_CERTS: join(dir, 'missing.pem') }), undefined);
    assert.deepEqual(extraRoots({ NODE_EXTRA_CA_CERTS: join(dir, 'a.pem') }), [...rootCertificates, pem(1)]);
    assert.deepEqual(extraRoots({ SSL_CERT_FILE: join(dir, 'a.pem'), NODE_EXTRA_CA_CERTS: join(dir, 'b.pem') }), [...rootCertificates, pem(1), pem(2), pem(3)]);
    // Certificates Node already trusts, or listed twice (wrapped differently), are listed once.
    const rewrapped = pem(2).replace('MIIB2', 'MI\nIB2');
    writeFileSync(join(dir, 'c.pem'), `${rootCertificates[0]}\n${pem(2)}\n${rewrapped}\n${rootCertificates[1]}\n`);
    assert.deepEqual(extraRoots({ NODE_EXTRA_CA_CERTS: join(dir, 'c.pem') }), [...rootCertificates, pem(2)]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('requestSent resolves once a request has gone out, before its answer', async () => {
  let answered = false;
  const s = createHTTP((_req, res) => { setTimeout(() => { answered = true; res.end('ok'); }, 100); });
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  try {
    const sent = requestSent();
    const got = new Web({ env: {} }).get(new URL(`http://127.0.0.1:${(s.address() as AddressInfo).port}/x`));
    await sent;
    assert.equal(answered, false);
    assert.equal((await got).statusCode, 200);
    assert.equal(answered, true);
  } finally {
    s.close();
  }
});
