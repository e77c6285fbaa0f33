// Tests for signed notes, using the published PeterNeumann/EnochRoot vectors of x/mod's note package.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AmbiguousVerifierError,
  InvalidSignatureError,
  UnknownVerifierError,
  UnverifiedNoteError,
  generateKey,
  keyHash,
  newEd25519VerifierKey,
  newSigner,
  newVerifier,
  open,
  sign,
  verifierList,
} from './note.js';
import type { Signer, Verifier, Verifiers } from './note.js';

const peterVKey = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const peterSKey = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const enochVKey = 'EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop';
const text = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const peterB64 = 'x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=';
const enochB64 = 'rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=';
const peterSig = `— PeterNeumann ${peterB64}\n`;
const enochSig = `— EnochRoot ${enochB64}\n`;
const peter = { name: 'PeterNeumann', hash: 0xc74f20a3, base64: peterB64 };
const enoch = { name: 'EnochRoot', hash: 0xaf0cfe78, base64: enochB64 };

/** Every proper substring and every one-byte increment of key must be rejected by parse. */
function assertManglingsRejected(key: string, parse: (k: string) => unknown): void {
  const b = Buffer.from(key);
  for (let i = 0; i <= b.length; i++) {
    for (let j = i + 1; j <= b.length; j++) {
      if (i === 0 && j === b.length) continue;
      assert.throws(() => parse(b.subarray(i, j).toString('latin1')), Error, `accepted ${b.subarray(i, j).toString()}`);
    }
  }
  for (let i = 0; i < b.length; i++) {
    const c = Buffer.from(b);
    c[i]!++;
    assert.throws(() => parse(c.toString('latin1')), Error, `accepted ${c.toString()}`);
  }
}

test('newVerifier accepts the published key and rejects manglings', () => {
  const v = newVerifier(peterVKey);
  assert.equal(v.name, 'PeterNeumann');
  assert.equal(v.keyHash, 0xc74f20a3);
  assertManglingsRejected(peterVKey, newVerifier);
  // wrong length key and unknown algorithm, each with an adjusted key hash
  assert.throws(() => newVerifier('PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY=='), /malformed verifier id/);
  assert.throws(() => newVerifier('PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'), /unknown verifier algorithm/);
  assert.throws(() => newVerifier('PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'), /invalid verifier hash/);
});

test('newSigner accepts the published key and rejects manglings', () => {
  const s = newSigner(peterSKey);
  assert.equal(s.name, 'PeterNeumann');
  assert.equal(s.keyHash, 0xc74f20a3);
  assertManglingsRejected(peterSKey, newSigner);
});

function checkPair(name: string, s: Signer, v: Verifier): void {
  assert.equal(s.name, name);
  assert.equal(v.name, name);
  assert.equal(s.keyHash, v.keyHash);
  const msg = Buffer.from('hi');
  const sig = Buffer.from(s.sign(msg));
  assert.ok(v.verify(msg, sig));
  sig[0]!++;
  assert.ok(!v.verify(msg, sig), 'corrupt signature verified');
  sig[0]!--;
  msg[0]!++;
  assert.ok(!v.verify(msg, sig), 'corrupt message verified');
}

test('generateKey makes a consistent pair; a fixed seed is deterministic', () => {
  const { skey, vkey } = generateKey('EnochRoot');
  checkPair('EnochRoot', newSigner(skey), newVerifier(vkey));
  // The PeterNeumann signer key's seed regenerates exactly the published key pair.
  const seed = Buffer.from('AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz', 'base64').subarray(1);
  assert.deepEqual(generateKey('PeterNeumann', seed), { skey: peterSKey, vkey: peterVKey });
});

test('newEd25519VerifierKey encodes a raw public key', () => {
  const raw = Buffer.from('ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW', 'base64').subarray(1);
  assert.equal(newEd25519VerifierKey('PeterNeumann', raw), peterVKey);
  assert.throws(() => newEd25519VerifierKey('PeterNeumann', raw.subarray(1)), /invalid public key size 31, expected 32/);
  assert.equal(keyHash('PeterNeumann', Buffer.from('ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW', 'base64')), 0xc74f20a3);
});

test('sign produces the published signature and replaces an old one by the same key', () => {
  const signer = newSigner(peterSKey);
  const want = text + '\n' + peterSig;
  assert.equal(sign({ text }, signer).toString(), want);
  assert.equal(sign({ text, sigs: [{ name: 'PeterNeumann', hash: 0xc74f20a3, base64: 'BADSIGN=' }] }, signer).toString(), want);
  // existing signatures come before new ones
  const enochKept = sign({ text, unverifiedSigs: [enoch] }, signer).toString();
  assert.equal(enochKept, text + '\n' + enochSig + peterSig);
});

test('sign rejects bad inputs with go error texts', () => {
  const signer = newSigner(peterSKey);
  assert.throws(() => sign({ text: 'abc' }, signer), { message: 'malformed note' });
  assert.throws(() => sign({ text, sigs: [{ name: 'a+b', hash: 0, base64: 'ABCD' }] }), { message: 'malformed note' });
  assert.throws(() => sign({ text, sigs: [{ name: 'PeterNeumann', hash: 0xc74f20a3, base64: 'BADHASH=' }] }), { message: 'malformed note' });
  const bad: Signer = { name: 'bad name', keyHash: signer.keyHash, sign: (m) => signer.sign(m) };
  assert.throws(() => sign({ text }, bad), { message: 'invalid signer' });
  const surprise = new Error('surprise!');
  const failing: Signer = { name: signer.name, keyHash: signer.keyHash, sign: () => { throw surprise; } };
  assert.throws(() => sign({ text }, failing), (e) => e === surprise);
});

test('verifierList finds, misses and detects ambiguity', () => {
  const p = newVerifier(peterVKey);
  const e = newVerifier(enochVKey);
  const list = verifierList(p, e, e);
  assert.equal(list.verifier('PeterNeumann', 0xc74f20a3), p);
  assert.throws(() => list.verifier('PeterNeumann', 0xc74f20a4), (err) => err instanceof UnknownVerifierError && err.message === 'unknown key PeterNeumann+c74f20a4');
  assert.throws(() => list.verifier('PeterNeuman', 0xc74f20a3), { message: 'unknown key PeterNeuman+c74f20a3' });
  assert.throws(() => list.verifier('EnochRoot', 0xaf0cfe78), (err) => err instanceof AmbiguousVerifierError && err.message === 'ambiguous key EnochRoot+af0cfe78');
});

test('open verifies, keeps unknown signatures, and reports go errors', () => {
  const p = newVerifier(peterVKey);
  const e = newVerifier(enochVKey);
  const both = text + '\n' + peterSig + enochSig;

  let n = open(both, verifierList(p));
  assert.equal(n.text, text);
  assert.deepEqual(n.sigs, [peter]);
  assert.deepEqual(n.unverifiedSigs, [enoch]);

  n = open(Buffer.from(both), verifierList(p, e));
  assert.deepEqual(n.sigs, [peter, enoch]);
  assert.deepEqual(n.unverifiedSigs, []);

  assert.throws(() => open(both, verifierList()), (err) => {
    assert.ok(err instanceof UnverifiedNoteError);
    assert.equal(err.message, 'note has no verifiable signatures');
    assert.deepEqual(err.note.sigs, []);
    assert.deepEqual(err.note.unverifiedSigs, [peter, enoch]);
    return true;
  });

  assert.throws(() => open(text + '\n' + enochSig, verifierList(e, p, e)), { message: 'ambiguous key EnochRoot+af0cfe78' });
  open(text + '\n' + peterSig, verifierList(e, p, e)); // unused duplicate is fine

  assert.throws(() => open(text + '\n' + peterSig.repeat(101), verifierList(p)), { message: 'malformed note' });
  assert.throws(() => open(text + '\n' + peterSig.repeat(101), verifierList()), { message: 'malformed note' });

  // go slices at byte 60 (the em dash is three bytes)
  const corrupt = (s: string): string => { const b = Buffer.from(s); return b.subarray(0, 60).toString() + 'ABCD' + b.subarray(60).toString(); };
  assert.throws(() => open(text + '\n' + corrupt(peterSig), verifierList(p)), (err) => err instanceof InvalidSignatureError && err.message === 'invalid signature for key PeterNeumann+c74f20a3');

  // duplicated verified and unverified signatures are dropped
  const enochABCD = { ...enoch, base64: 'rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n' + 'ABCD' + '2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=' };
  n = open(text + '\n' + peterSig + peterSig + enochSig + enochSig + corrupt(enochSig), verifierList(p));
  assert.deepEqual(n.sigs, [peter]);
  assert.deepEqual(n.unverifiedSigs, [enoch, enochABCD]);
});

test('open rejects malformed messages', () => {
  const p = newVerifier(peterVKey);
  const bad: (string | Buffer)[] = [
    text,
    text + '\n',
    text + '\n' + peterSig.slice(0, -1),
    '\x01' + text + '\n' + peterSig,
    Buffer.concat([Buffer.from([0xff]), Buffer.from(text + '\n' + peterSig)]),
    text + '\n' + '— Bad Name ' + peterB64,
    text + '\n' + peterSig + 'Unexpected line.\n',
  ];
  for (const msg of bad) assert.throws(() => open(msg, verifierList(p)), { message: 'malformed note' }, JSON.stringify(msg.toString()));
});

test('open rejects a verifier that does not match the signature line', () => {
  const p = newVerifier(peterVKey);
  const fixed: Verifiers = { verifier: () => p };
  const msg = "verifier name or hash doesn't match signature";
  assert.throws(() => open(text + '\n' + peterSig.replaceAll('PeterNeumann', 'CarmenSandiego'), fixed), { message: msg });
  assert.throws(() => open(text + '\n' + peterSig.replaceAll('x08g', 'xxxx'), fixed), { message: msg });
});
