import { test } from 'node:test';
import assert from 'node:assert/strict';
import { actionResultDecoderSource, decodeActionResult, encodeActionResult } from './actionresult.js';

test('ActionResult round trip', () => {
  const hash = 'ab'.repeat(32);
  for (const size of [0, 1, 127, 128, 300000, 2 ** 40]) {
    assert.deepEqual(decodeActionResult(encodeActionResult({ hash, size })), { hash, size });
  }
});

test('ActionResult wire bytes (checked against protoc --decode_raw layout)', () => {
  const hash = '0'.repeat(64);
  const b = Buffer.from(encodeActionResult({ hash, size: 5 }));
  // 0x12 = field 2 (output_files), length-delimited; inside: 0x0a "output", 0x12 digest{0x0a hash, 0x10 size}.
  assert.equal(b[0], 0x12);
  assert.equal(b.subarray(2, 10).toString('latin1'), '\x0a\x06output');
  assert.equal(b[10], 0x12);
  assert.equal(b[b.length - 2], 0x10);
  assert.equal(b[b.length - 1], 5);
});

test('decodeActionResult rejects what is not one', () => {
  assert.equal(decodeActionResult(Buffer.from('hello world')), undefined);
  assert.equal(decodeActionResult(Buffer.alloc(0)), undefined);
  const good = encodeActionResult({ hash: 'cd'.repeat(32), size: 9 });
  assert.equal(decodeActionResult(good.subarray(0, good.length - 3)), undefined);
  assert.equal(decodeActionResult(encodeActionResult({ hash: 'not-hex', size: 1 })), undefined);
});

test('actionResultDecoderSource stands alone: evaluated by itself it decodes as decodeActionResult does', () => {
  const decode = new Function(`${actionResultDecoderSource()}\nreturn ${decodeActionResult.name};`)() as typeof decodeActionResult;
  assert.deepEqual(decode(encodeActionResult({ hash: 'ab'.repeat(32), size: 1234 })), { hash: 'ab'.repeat(32), size: 1234 });
  assert.deepEqual(decode(encodeActionResult({ hash: 'ab'.repeat(32), size: 0 })), { hash: 'ab'.repeat(32), size: 0 });
  assert.equal(decode(Buffer.from('hello world')), undefined);
});
