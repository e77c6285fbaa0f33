import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { sha256, sha256Hex } from './sha256.js';

test('sha256: FIPS 180-4 examples', () => {
  assert.equal(sha256Hex(''), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  assert.equal(sha256Hex('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  assert.equal(
    sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'),
    '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
  );
});

test('sha256: agrees with node:crypto at every length around the block and padding boundaries', () => {
  const data = new Uint8Array(300);
  for (let i = 0; i < data.length; i++) data[i] = (i * 131 + 7) & 0xff;
  for (let n = 0; n <= data.length; n++) {
    const part = data.subarray(0, n);
    assert.equal(sha256Hex(part), createHash('sha256').update(part).digest('hex'), `length ${n}`);
  }
});

test('sha256: strings hash as UTF-8, and large inputs agree', () => {
  const s = 'héllo, 世界 🙂 '.repeat(5000);
  assert.equal(sha256Hex(s), createHash('sha256').update(s, 'utf8').digest('hex'));
  assert.deepEqual(Buffer.from(sha256(s)), createHash('sha256').update(s, 'utf8').digest());
});
