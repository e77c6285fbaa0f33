// Signed notes as the checksum database uses them: Ed25519 keys "name+hash+base64", sign and open.
//
// A signed note is UTF-8 text ending in "\n", a blank line, then signature lines
// "— <name> <base64(keyhash[4] || signature)>\n". The key hash is the first four bytes (big
// endian) of SHA-256(name || "\n" || 0x01 || publicKey). Error texts match golang.org/x/mod's.

import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign as edSign, verify as edVerify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

/** The one key algorithm: Ed25519. */
const algEd25519 = 1;

/** A key that can check signatures made by one server key. */
export interface Verifier {
  readonly name: string;
  readonly keyHash: number;
  verify(msg: Uint8Array, sig: Uint8Array): boolean;
}

/** A key that can sign on behalf of one server. */
export interface Signer {
  readonly name: string;
  readonly keyHash: number;
  sign(msg: Uint8Array): Uint8Array;
}

/** Looks up a verifier by server name and key hash; throws UnknownVerifierError when none. */
export interface Verifiers {
  verifier(name: string, hash: number): Verifier;
}

/** One signature line of a note. */
export interface Signature {
  name: string;
  hash: number;
  base64: string;
}

/** A note's text and its (verified and unverified) signatures. */
export interface Note {
  text: string;
  sigs: Signature[];
  unverifiedSigs: Signature[];
}

/** An error with go's exact message text. */
export class NoteError extends Error {
  override name = 'NoteError';
}

export class UnknownVerifierError extends NoteError {
  override name = 'UnknownVerifierError';
  constructor(readonly keyName: string, readonly keyHash: number) {
    super(`unknown key ${keyName}+${hex8(keyHash)}`);
  }
}

export class AmbiguousVerifierError extends NoteError {
  override name = 'AmbiguousVerifierError';
  constructor(readonly keyName: string, readonly keyHash: number) {
    super(`ambiguous key ${keyName}+${hex8(keyHash)}`);
  }
}

export class InvalidSignatureError extends NoteError {
  override name = 'InvalidSignatureError';
  constructor(readonly keyName: string, readonly keyHash: number) {
    super(`invalid signature for key ${keyName}+${hex8(keyHash)}`);
  }
}

/** The note parsed but no known key signed it; the note is kept for the caller. */
export class UnverifiedNoteError extends NoteError {
  override name = 'UnverifiedNoteError';
  constructor(readonly note: Note) {
    super('note has no verifiable signatures');
  }
}

export const errMalformedNote = (): NoteError => new NoteError('malformed note');
const errVerifierID = (): NoteError => new NoteError('malformed verifier id');
const errVerifierAlg = (): NoteError => new NoteError('unknown verifier algorithm');
const errVerifierHash = (): NoteError => new NoteError('invalid verifier hash');
const errInvalidSigner = (): NoteError => new NoteError('invalid signer');
export const errMismatchedVerifier = (): NoteError => new NoteError("verifier name or hash doesn't match signature");

/** Formats a key hash as go's %08x does. */
export function hex8(n: number): string {
  return (n >>> 0).toString(16).padStart(8, '0');
}

/** The 32-bit key hash of a name and an encoded public key (algorithm byte + key). */
export function keyHash(name: string, key: Uint8Array): number {
  const sum = createHash('sha256').update(name, 'utf8').update('\n').update(key).digest();
  return sum.readUInt32BE(0);
}

// Unicode White_Space as go's unicode.IsSpace sees it (note: not U+FEFF, unlike JS's \s).
const spaceRE = /[\t\n\v\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]/;
const loneSurrogateRE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A server name is non-empty UTF-8 with no Unicode spaces and no '+'. */
export function isValidName(name: string): boolean {
  return name !== '' && !loneSurrogateRE.test(name) && !spaceRE.test(name) && !name.includes('+');
}

const b64RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Decodes standard padded base64 strictly (as go's StdEncoding: CR and LF are skipped); undefined if invalid. */
export function decodeBase64(s: string): Buffer | undefined {
  const t = s.replace(/[\r\n]/g, '');
  if (!b64RE.test(t)) return undefined;
  return Buffer.from(t, 'base64');
}

/** Splits s at the first sep as go's strings.Cut does. */
function cut(s: string, sep: string): [string, string] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, ''] : [s.slice(0, i), s.slice(i + sep.length)];
}

const hashRE = /^[0-9a-fA-F]{8}$/;

// DER prefixes that wrap a raw 32-byte Ed25519 seed (PKCS#8) or public key (SPKI).
const pkcs8Prefix = Buffer.from('302e020100300506032b657004220420', 'hex');
const spkiPrefix = Buffer.from('302a300506032b6570032100', 'hex');

function privateKeyFromSeed(seed: Uint8Array): KeyObject {
  return createPrivateKey({ key: Buffer.concat([pkcs8Prefix, seed]), format: 'der', type: 'pkcs8' });
}

function publicKeyFromRaw(raw: Uint8Array): KeyObject {
  return createPublicKey({ key: Buffer.concat([spkiPrefix, raw]), format: 'der', type: 'spki' });
}

function rawPublicKey(key: KeyObject): Buffer {
  const der = key.export({ format: 'der', type: 'spki' });
  return der.subarray(der.length - 32);
}

/** Parses an encoded verifier key "<name>+<hash>+<keydata>". */
export function newVerifier(vkey: string): Verifier {
  const [name, rest] = cut(vkey, '+');
  const [hash16, key64] = cut(rest, '+');
  const key = decodeBase64(key64);
  if (!hashRE.test(hash16) || key === undefined || !isValidName(name) || key.length === 0) throw errVerifierID();
  const hash = parseInt(hash16, 16) >>> 0;
  if (hash !== keyHash(name, key)) throw errVerifierHash();
  if (key[0] !== algEd25519) throw errVerifierAlg();
  const raw = key.subarray(1);
  if (raw.length !== 32) throw errVerifierID();
  const pub = publicKeyFromRaw(raw);
  return {
    name,
    keyHash: hash,
    verify(msg, sig) {
      if (sig.length !== 64) return false;
      try {
        return edVerify(null, msg, pub, sig);
      } catch {
        return false;
      }
    },
  };
}

/** Parses an encoded signer key "PRIVATE+KEY+<name>+<hash>+<keydata>". */
export function newSigner(skey: string): Signer {
  const [priv1, r1] = cut(skey, '+');
  const [priv2, r2] = cut(r1, '+');
  const [name, r3] = cut(r2, '+');
  const [hash16, key64] = cut(r3, '+');
  const key = decodeBase64(key64);
  if (priv1 !== 'PRIVATE' || priv2 !== 'KEY' || !hashRE.test(hash16) || key === undefined || !isValidName(name) || key.length === 0) {
    throw errVerifierID();
  }
  const hash = parseInt(hash16, 16) >>> 0;
  if (key[0] !== algEd25519) throw errVerifierAlg();
  const seed = key.subarray(1);
  if (seed.length !== 32) throw errVerifierID();
  const priv = privateKeyFromSeed(seed);
  const pubkey = Buffer.concat([Buffer.from([algEd25519]), rawPublicKey(createPublicKey(priv))]);
  // The hash names the public key, so it can only be checked after deriving that key.
  if (hash !== keyHash(name, pubkey)) throw errVerifierHash();
  return { name, keyHash: hash, sign: (msg) => edSign(null, msg, priv) };
}

/** Generates a signer key and its verifier key for the named server (seed: 32 bytes, random if absent). */
export function generateKey(name: string, seed?: Uint8Array): { skey: string; vkey: string } {
  let s: Buffer;
  if (seed === undefined) {
    const { privateKey } = generateKeyPairSync('ed25519');
    const der = privateKey.export({ format: 'der', type: 'pkcs8' });
    s = der.subarray(der.length - 32);
  } else {
    if (seed.length !== 32) throw new NoteError(`invalid seed size ${seed.length}, expected 32`);
    s = Buffer.from(seed);
  }
  const pub = rawPublicKey(createPublicKey(privateKeyFromSeed(s)));
  const pubkey = Buffer.concat([Buffer.from([algEd25519]), pub]);
  const privkey = Buffer.concat([Buffer.from([algEd25519]), s]);
  const h = hex8(keyHash(name, pubkey));
  return {
    skey: `PRIVATE+KEY+${name}+${h}+${privkey.toString('base64')}`,
    vkey: `${name}+${h}+${pubkey.toString('base64')}`,
  };
}

/** Encodes a verifier key for a raw 32-byte Ed25519 public key. */
export function newEd25519VerifierKey(name: string, key: Uint8Array): string {
  if (key.length !== 32) throw new NoteError(`invalid public key size ${key.length}, expected 32`);
  const pubkey = Buffer.concat([Buffer.from([algEd25519]), key]);
  return `${name}+${hex8(keyHash(name, pubkey))}+${pubkey.toString('base64')}`;
}

/** A Verifiers over a fixed list; a name+hash listed twice is ambiguous. */
export function verifierList(...list: Verifier[]): Verifiers {
  const m = new Map<string, Verifier[]>();
  for (const v of list) {
    const k = `${v.name}+${hex8(v.keyHash)}`;
    const vs = m.get(k);
    if (vs) vs.push(v);
    else m.set(k, [v]);
  }
  return {
    verifier(name, hash) {
      const vs = m.get(`${name}+${hex8(hash)}`);
      if (!vs) throw new UnknownVerifierError(name, hash);
      if (vs.length > 1) throw new AmbiguousVerifierError(name, hash);
      return vs[0]!;
    },
  };
}

const utf8Strict = new TextDecoder('utf-8', { fatal: true });
const sigPrefix = Buffer.from('— ', 'utf8');

/** Whether msg is valid UTF-8 with no ASCII control characters other than newline. */
function isCleanText(msg: Uint8Array): boolean {
  for (const b of msg) if (b < 0x20 && b !== 0x0a) return false;
  try {
    utf8Strict.decode(msg);
    return true;
  } catch {
    return false;
  }
}

/**
 * Parses a signed note and checks its signatures against known keys.
 * Signatures by unknown keys are kept as unverified; a bad signature by a known key is an error;
 * a note with no verified signature throws UnverifiedNoteError (which carries the note).
 */
export function open(msgIn: Uint8Array | string, known: Verifiers = verifierList()): Note {
  const msg = typeof msgIn === 'string' ? Buffer.from(msgIn, 'utf8') : Buffer.from(msgIn.buffer, msgIn.byteOffset, msgIn.byteLength);
  if (!isCleanText(msg)) throw errMalformedNote();
  const split = msg.lastIndexOf('\n\n');
  if (split < 0) throw errMalformedNote();
  const text = msg.subarray(0, split + 1);
  let sigs = msg.subarray(split + 2);
  if (sigs.length === 0 || sigs[sigs.length - 1] !== 0x0a) throw errMalformedNote();

  const note: Note = { text: text.toString('utf8'), sigs: [], unverifiedSigs: [] };
  const seen = new Set<string>();
  const seenUnverified = new Set<string>();
  let numSig = 0;
  while (sigs.length > 0) {
    const i = sigs.indexOf(0x0a);
    let line = sigs.subarray(0, i);
    sigs = sigs.subarray(i + 1);
    if (!line.subarray(0, sigPrefix.length).equals(sigPrefix)) throw errMalformedNote();
    line = line.subarray(sigPrefix.length);
    const lineStr = line.toString('utf8');
    const [name, b64] = cut(lineStr, ' ');
    const raw = decodeBase64(b64);
    if (raw === undefined || !isValidName(name) || b64 === '' || raw.length < 5) throw errMalformedNote();
    const hash = raw.readUInt32BE(0);
    const sig = raw.subarray(4);
    if (++numSig > 100) throw errMalformedNote(); // bound the work a hostile note can cause

    let v: Verifier;
    try {
      v = known.verifier(name, hash);
    } catch (e) {
      if (!(e instanceof UnknownVerifierError)) throw e;
      if (seenUnverified.has(lineStr)) continue;
      seenUnverified.add(lineStr);
      note.unverifiedSigs.push({ name, hash, base64: b64 });
      continue;
    }
    if (v.name !== name || v.keyHash !== hash) throw errMismatchedVerifier();
    const k = `${name}+${hex8(hash)}`;
    if (seen.has(k)) continue;
    seen.add(k);
    if (!v.verify(text, sig)) throw new InvalidSignatureError(name, hash);
    note.sigs.push({ name, hash, base64: b64 });
  }
  if (note.sigs.length === 0) throw new UnverifiedNoteError(note);
  return note;
}

/**
 * Signs a note: its text, a blank line, the existing signatures not replaced by a signer with the
 * same key, then the new signatures. Returns the encoded message.
 */
export function sign(n: { text: string; sigs?: Signature[]; unverifiedSigs?: Signature[] }, ...signers: Signer[]): Buffer {
  if (!n.text.endsWith('\n')) throw errMalformedNote();
  const text = Buffer.from(n.text, 'utf8');
  const have = new Set<string>();
  let newSigs = '';
  for (const s of signers) {
    have.add(`${s.name}+${hex8(s.keyHash)}`);
    if (!isValidName(s.name)) throw errInvalidSigner();
    const sig = s.sign(text);
    const hb = Buffer.alloc(4);
    hb.writeUInt32BE(s.keyHash >>> 0, 0);
    newSigs += `— ${s.name} ${Buffer.concat([hb, sig]).toString('base64')}\n`;
  }
  let old = '';
  for (const list of [n.sigs ?? [], n.unverifiedSigs ?? []]) {
    for (const sig of list) {
      if (!isValidName(sig.name)) throw errMalformedNote();
      if (have.has(`${sig.name}+${hex8(sig.hash)}`)) continue;
      const raw = decodeBase64(sig.base64);
      if (raw === undefined || raw.length < 4 || raw.readUInt32BE(0) !== sig.hash >>> 0) throw errMalformedNote();
      old += `— ${sig.name} ${sig.base64}\n`;
    }
  }
  return Buffer.concat([text, Buffer.from('\n' + old + newSigs, 'utf8')]);
}

