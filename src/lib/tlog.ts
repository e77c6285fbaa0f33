// Tamper-evident log (RFC 6962 Merkle tree) of the checksum database: hashes, proofs, tiles, tree notes.
//
// Record i's leaf hash is SHA-256(0x00 || data); an interior node is SHA-256(0x01 || left || right).
// Every hash of the tree is kept in one dense sequence ("stored hash index") in the order in which
// appending records completes them. Tiles group 2^H consecutive hashes of one tree level so a client
// can fetch and authenticate them in batches. Sizes are JS numbers: exact up to 2^53, which no log
// reaches; shifts are done arithmetically because JS bit operators truncate to 32 bits.
// Error texts match golang.org/x/mod/sumdb/tlog.

import { createHash, hash } from 'node:crypto';

/** A 32-byte SHA-256 hash of a record or subtree. */
export type Hash = Buffer;
export const hashSize = 32;

/** An error with go's exact message text. */
export class TlogError extends Error {
  override name = 'TlogError';
}

const errProofFailed = (): TlogError => new TlogError('invalid transparency proof');

/** Reads stored hashes by index; may answer synchronously or not. */
export interface HashReader {
  readHashes(indexes: number[]): Hash[] | Promise<Hash[]>;
}

/** A HashReader over an in-memory array of stored hashes. */
export function hashArrayReader(hashes: readonly Hash[]): HashReader {
  return {
    readHashes(indexes) {
      return indexes.map((i) => {
        const h = hashes[i];
        if (h === undefined) throw new TlogError(`tlog: missing hash ${i}`);
        return h;
      });
    },
  };
}

const pow2 = (k: number): number => 2 ** k;
const shr = (n: number, k: number): number => Math.floor(n / pow2(k));
const shl = (n: number, k: number): number => n * pow2(k);

/** Number of trailing zero bits of n ≥ 1. */
function trailingZeros(n: number): number {
  let z = 0;
  while (n > 0 && n % 2 === 0) {
    n /= 2;
    z++;
  }
  return z;
}

/** The largest power of two k < n (n > 1), with its log l; 1, 0 when n ≤ 2. */
function maxpow2(n: number): [k: number, l: number] {
  let l = 0;
  while (pow2(l + 1) < n) l++;
  return [pow2(l), l];
}

/** Base64 form of a hash, as go prints it. */
export function hashString(h: Hash): string {
  return h.toString('base64');
}

const b64RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Parses the base64 form of a hash; throws "malformed hash". */
export function parseHash(s: string): Hash {
  if (!b64RE.test(s)) throw new TlogError('malformed hash');
  const data = Buffer.from(s, 'base64');
  if (data.length !== hashSize) throw new TlogError('malformed hash');
  return data;
}

/** The leaf hash of a record's data. */
export function recordHash(data: Uint8Array): Hash {
  const buf = Buffer.allocUnsafe(1 + data.length);
  buf[0] = 0;
  buf.set(data, 1);
  return sha256(buf);
}

/** The hash of an interior node. */
export function nodeHash(left: Hash, right: Hash): Hash {
  const buf = Buffer.allocUnsafe(1 + 2 * hashSize);
  buf[0] = 1;
  buf.set(left, 1);
  buf.set(right, 1 + hashSize);
  return sha256(buf);
}

// One-shot hashing (crypto.hash, Node ≥ 20.12) is markedly faster than createHash for tiny inputs.
// Looked up at each call, not at load: the bundle loads node:crypto only when something hashes.
const sha256 = (data: Uint8Array): Buffer =>
  typeof hash === 'function' ? hash('sha256', data, 'buffer') : createHash('sha256').update(data).digest();

/** The hash of the empty tree: SHA-256 of nothing (a constant, so that loading this module hashes nothing). */
export const emptyHash: Hash = Buffer.from('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 'hex');

/** Maps tree coordinates (level, n) to the dense stored hash index. */
export function storedHashIndex(level: number, n: number): number {
  // Level L's n'th hash comes right after level L+1's (2n+1)'th hash; descend to level 0.
  for (let l = level; l > 0; l--) n = 2 * n + 1;
  // Level 0's n'th hash sits at n + n/2 + n/4 + ...
  let i = 0;
  for (; n > 0; n = shr(n, 1)) i += n;
  return i + level;
}

/** The inverse of storedHashIndex. */
export function splitStoredHashIndex(index: number): [level: number, n: number] {
  // storedHashIndex(0, n) < 2n, so the record that completed this hash is in [index/2, index/2+log2(index)].
  let n = Math.floor(index / 2);
  let indexN = storedHashIndex(0, n);
  if (indexN > index) throw new TlogError('bad math');
  for (;;) {
    // Record n adds 1 + trailingZeros(n+1) hashes.
    const x = indexN + 1 + trailingZeros(n + 1);
    if (x > index) break;
    n++;
    indexN = x;
  }
  const level = index - indexN;
  return [level, shr(n, level)];
}

/** The number of stored hashes for a tree of n records. */
export function storedHashCount(n: number): number {
  if (n === 0) return 0;
  let count = storedHashIndex(0, n - 1) + 1;
  for (let i = n - 1; i % 2 === 1; i = shr(i, 1)) count++;
  return count;
}

/** The hashes to store, starting at storedHashIndex(0, n), when appending record n with the given data. */
export function storedHashes(n: number, data: Uint8Array, r: HashReader): Promise<Hash[]> {
  return storedHashesForRecordHash(n, recordHash(data), r);
}

/** The indexes of the earlier hashes that appending record n combines with. */
function storedHashesNeeded(n: number): number[] {
  const m = trailingZeros(n + 1);
  const indexes = new Array<number>(m);
  for (let i = 0; i < m; i++) indexes[m - 1 - i] = storedHashIndex(i, shr(n, i) - 1);
  return indexes;
}

/** Like storedHashes, given the record hash instead of the data. */
export async function storedHashesForRecordHash(n: number, h: Hash, r: HashReader): Promise<Hash[]> {
  const indexes = storedHashesNeeded(n);
  const old = await readExactly(r, indexes);
  const hashes = [h];
  const m = indexes.length;
  for (let i = 0; i < m; i++) {
    h = nodeHash(old[m - 1 - i]!, h);
    hashes.push(h);
  }
  return hashes;
}

/** Synchronous storedHashesForRecordHash over an in-memory array (as a server appends). */
export function storedHashesForRecordHashSync(n: number, h: Hash, stored: readonly Hash[]): Hash[] {
  const indexes = storedHashesNeeded(n);
  const m = indexes.length;
  const hashes = [h];
  for (let i = 0; i < m; i++) {
    const old = stored[indexes[m - 1 - i]!];
    if (old === undefined) throw new TlogError(`tlog: missing hash ${indexes[m - 1 - i]}`);
    h = nodeHash(old, h);
    hashes.push(h);
  }
  return hashes;
}

async function readExactly(r: HashReader, indexes: number[]): Promise<Hash[]> {
  const hashes = await r.readHashes(indexes);
  if (hashes.length !== indexes.length) {
    throw new TlogError(`tlog: ReadHashes(${indexes.length} indexes) = ${hashes.length} hashes`);
  }
  return hashes;
}

/** Appends the stored indexes whose hashes make up the subtree of records [lo, hi). */
function subTreeIndex(lo: number, hi: number, need: number[]): number[] {
  while (lo < hi) {
    const [k, level] = maxpow2(hi - lo + 1);
    if (lo % k !== 0) throw new TlogError('tlog: bad math in subTreeIndex');
    need.push(storedHashIndex(level, shr(lo, level)));
    lo += k;
  }
  return need;
}

/** Combines the hashes named by subTreeIndex(lo, hi) into the subtree hash; returns the leftovers' start. */
function subTreeHash(lo: number, hi: number, hashes: Hash[], at: number): [Hash, number] {
  let numTree = 0;
  while (lo < hi) {
    const [k] = maxpow2(hi - lo + 1);
    if (lo % k !== 0) throw new TlogError('tlog: bad math in subTreeHash');
    numTree++;
    lo += k;
  }
  if (hashes.length - at < numTree) throw new TlogError('tlog: bad index math in subTreeHash');
  let h = hashes[at + numTree - 1]!;
  for (let i = numTree - 2; i >= 0; i--) h = nodeHash(hashes[at + i]!, h);
  return [h, at + numTree];
}

/** The root hash of the tree of n records. */
export async function treeHash(n: number, r: HashReader): Promise<Hash> {
  if (n === 0) return emptyHash;
  const indexes = subTreeIndex(0, n, []);
  const hashes = await readExactly(r, indexes);
  const [h, used] = subTreeHash(0, n, hashes, 0);
  if (used !== hashes.length) throw new TlogError('tlog: bad index math in TreeHash');
  return h;
}

/** A proof that a tree contains a record (RFC 6962's audit path). */
export type RecordProof = Hash[];
/** A proof that a tree extends an earlier one (RFC 6962's consistency proof). */
export type TreeProof = Hash[];

function leafProofIndex(lo: number, hi: number, n: number, need: number[]): number[] {
  if (!(lo <= n && n < hi)) throw new TlogError('tlog: bad math in leafProofIndex');
  if (lo + 1 === hi) return need;
  const [k] = maxpow2(hi - lo);
  if (n < lo + k) {
    leafProofIndex(lo, lo + k, n, need);
    subTreeIndex(lo + k, hi, need);
  } else {
    subTreeIndex(lo, lo + k, need);
    leafProofIndex(lo + k, hi, n, need);
  }
  return need;
}

function leafProof(lo: number, hi: number, n: number, hashes: Hash[], at: number): [RecordProof, number] {
  if (!(lo <= n && n < hi)) throw new TlogError('tlog: bad math in leafProof');
  if (lo + 1 === hi) return [[], at]; // the verifier knows the leaf hash
  const [k] = maxpow2(hi - lo);
  let p: RecordProof;
  let th: Hash;
  if (n < lo + k) {
    [p, at] = leafProof(lo, lo + k, n, hashes, at);
    [th, at] = subTreeHash(lo + k, hi, hashes, at);
  } else {
    [th, at] = subTreeHash(lo, lo + k, hashes, at);
    [p, at] = leafProof(lo + k, hi, n, hashes, at);
  }
  p.push(th);
  return [p, at];
}

/** The proof that the tree of size t contains record n. */
export async function proveRecord(t: number, n: number, r: HashReader): Promise<RecordProof> {
  if (t < 0 || n < 0 || n >= t) throw new TlogError('tlog: invalid inputs in ProveRecord');
  const indexes = leafProofIndex(0, t, n, []);
  if (indexes.length === 0) return [];
  const hashes = await readExactly(r, indexes);
  const [p, used] = leafProof(0, t, n, hashes, 0);
  if (used !== hashes.length) throw new TlogError('tlog: bad index math in ProveRecord');
  return p;
}

/** Runs proof p that leaf n is in the subtree [lo, hi); returns the implied subtree hash. */
function runRecordProof(p: RecordProof, end: number, lo: number, hi: number, n: number, leaf: Hash): Hash {
  if (!(lo <= n && n < hi)) throw new TlogError('tlog: bad math in runRecordProof');
  if (lo + 1 === hi) {
    if (end !== 0) throw errProofFailed(); // no unnecessary hashes allowed
    return leaf;
  }
  if (end === 0) throw errProofFailed();
  const [k] = maxpow2(hi - lo);
  const last = p[end - 1]!;
  if (n < lo + k) return nodeHash(runRecordProof(p, end - 1, lo, lo + k, n, leaf), last);
  return nodeHash(last, runRecordProof(p, end - 1, lo + k, hi, n, leaf));
}

/** Checks that p proves the tree of size t with hash th has record n with leaf hash h; throws if not. */
export function checkRecord(p: RecordProof, t: number, th: Hash, n: number, h: Hash): void {
  if (t < 0 || n < 0 || n >= t) throw new TlogError('tlog: invalid inputs in CheckRecord');
  const th2 = runRecordProof(p, p.length, 0, t, n, h);
  if (!th2.equals(th)) throw errProofFailed();
}

function treeProofIndex(lo: number, hi: number, n: number, need: number[]): number[] {
  if (!(lo < n && n <= hi)) throw new TlogError('tlog: bad math in treeProofIndex');
  if (n === hi) return lo === 0 ? need : subTreeIndex(lo, hi, need);
  const [k] = maxpow2(hi - lo);
  if (n <= lo + k) {
    treeProofIndex(lo, lo + k, n, need);
    subTreeIndex(lo + k, hi, need);
  } else {
    subTreeIndex(lo, lo + k, need);
    treeProofIndex(lo + k, hi, n, need);
  }
  return need;
}

function treeProof(lo: number, hi: number, n: number, hashes: Hash[], at: number): [TreeProof, number] {
  if (!(lo < n && n <= hi)) throw new TlogError('tlog: bad math in treeProof');
  if (n === hi) {
    if (lo === 0) return [[], at]; // exactly the old tree, whose hash the verifier has
    const [th, next] = subTreeHash(lo, hi, hashes, at);
    return [[th], next];
  }
  const [k] = maxpow2(hi - lo);
  let p: TreeProof;
  let th: Hash;
  if (n <= lo + k) {
    [p, at] = treeProof(lo, lo + k, n, hashes, at);
    [th, at] = subTreeHash(lo + k, hi, hashes, at);
  } else {
    [th, at] = subTreeHash(lo, lo + k, hashes, at);
    [p, at] = treeProof(lo + k, hi, n, hashes, at);
  }
  p.push(th);
  return [p, at];
}

/** The proof that the tree of size t contains as a prefix the tree of size n. */
export async function proveTree(t: number, n: number, r: HashReader): Promise<TreeProof> {
  if (t < 1 || n < 1 || n > t) throw new TlogError('tlog: invalid inputs in ProveTree');
  const indexes = treeProofIndex(0, t, n, []);
  if (indexes.length === 0) return [];
  const hashes = await readExactly(r, indexes);
  const [p, used] = treeProof(0, t, n, hashes, 0);
  if (used !== hashes.length) throw new TlogError('tlog: bad index math in ProveTree');
  return p;
}

/** Runs a consistency sub-proof over [lo, hi); returns the implied old and new subtree hashes. */
function runTreeProof(p: TreeProof, end: number, lo: number, hi: number, n: number, old: Hash): [Hash, Hash] {
  if (!(lo < n && n <= hi)) throw new TlogError('tlog: bad math in runTreeProof');
  if (n === hi) {
    if (lo === 0) {
      if (end !== 0) throw errProofFailed();
      return [old, old];
    }
    if (end !== 1) throw errProofFailed();
    return [p[0]!, p[0]!];
  }
  if (end === 0) throw errProofFailed();
  const [k] = maxpow2(hi - lo);
  const last = p[end - 1]!;
  if (n <= lo + k) {
    const [oh, th] = runTreeProof(p, end - 1, lo, lo + k, n, old);
    return [oh, nodeHash(th, last)];
  }
  const [oh, th] = runTreeProof(p, end - 1, lo + k, hi, n, old);
  return [nodeHash(last, oh), nodeHash(last, th)];
}

/** Checks that p proves the tree of size t with hash th extends the tree of size n with hash h; throws if not. */
export function checkTree(p: TreeProof, t: number, th: Hash, n: number, h: Hash): void {
  if (t < 1 || n < 1 || n > t) throw new TlogError('tlog: invalid inputs in CheckTree');
  const [h2, th2] = runTreeProof(p, p.length, 0, t, n, h);
  if (!th2.equals(th) || !h2.equals(h)) throw errProofFailed();
}

// ---- Tree heads and records ------------------------------------------------------------------

/** A tree head: size and root hash. */
export interface Tree {
  n: number;
  hash: Hash;
}

/** The note text of a tree head: "go.sum database tree\nN\nhash\n". */
export function formatTree(tree: Tree): string {
  return `go.sum database tree\n${tree.n}\n${hashString(tree.hash)}\n`;
}

const treePrefix = 'go.sum database tree\n';

/** Parses a tree head note text (extra trailing lines are ignored); throws "malformed tree note". */
export function parseTree(text: Uint8Array | string): Tree {
  const s = typeof text === 'string' ? text : Buffer.from(text.buffer, text.byteOffset, text.byteLength).toString('latin1');
  const bad = (): TlogError => new TlogError('malformed tree note');
  if (!s.startsWith(treePrefix) || s.split('\n').length - 1 < 3 || s.length > 1e6) throw bad();
  const lines = s.split('\n');
  const n = Number(lines[1]);
  if (!/^(0|[1-9][0-9]*)$/.test(lines[1]!) || !Number.isSafeInteger(n)) throw bad();
  const b = lines[2]!;
  if (!b64RE.test(b)) throw bad();
  const hash = Buffer.from(b, 'base64');
  if (hash.length !== hashSize) throw bad();
  return { n, hash };
}

const utf8Strict = new TextDecoder('utf-8', { fatal: true });

/** Record text must be non-empty clean UTF-8 lines ending in "\n", with no blank line. */
function isValidRecordText(text: Uint8Array): boolean {
  if (text.length === 0 || text[text.length - 1] !== 0x0a) return false;
  for (let i = 0; i < text.length; i++) {
    const b = text[i]!;
    if (b < 0x20 && b !== 0x0a) return false;
    if (b === 0x0a && i > 0 && text[i - 1] === 0x0a) return false;
  }
  try {
    utf8Strict.decode(text);
  } catch {
    return false;
  }
  return true;
}

const errMalformedRecord = (): TlogError => new TlogError('malformed record data');

/** The lookup/tile form of a record: "id\ntext\n". */
export function formatRecord(id: number, text: Uint8Array): Buffer {
  if (!isValidRecordText(text)) throw errMalformedRecord();
  return Buffer.concat([Buffer.from(`${id}\n`), text, Buffer.from('\n')]);
}

/** Parses "id\ntext\n" from the front of msg, returning the rest. */
export function parseRecord(msg: Uint8Array): { id: number; text: Buffer; rest: Buffer } {
  const b = Buffer.from(msg.buffer, msg.byteOffset, msg.byteLength);
  const i = b.indexOf(0x0a);
  if (i < 0) throw errMalformedRecord();
  const idStr = b.subarray(0, i).toString('latin1');
  const id = Number(idStr);
  if (!/^[+-]?[0-9]+$/.test(idStr) || !Number.isSafeInteger(id)) throw errMalformedRecord();
  const body = b.subarray(i + 1);
  const j = body.indexOf('\n\n');
  if (j < 0) throw errMalformedRecord();
  const text = body.subarray(0, j + 1);
  if (!isValidRecordText(text)) throw errMalformedRecord();
  return { id, text, rest: body.subarray(j + 2) };
}

// ---- Tiles -----------------------------------------------------------------------------------

/**
 * A tile: w consecutive hashes at tree level h*l starting at n*2^h (w = 2^h for a full tile).
 * Level -1 holds record data instead of hashes ("data" in paths).
 */
export interface Tile {
  h: number;
  l: number;
  n: number;
  w: number;
}

/** The tile of height h and least width that holds stored hash index, and the byte range of its subtree. */
function tileForIndexRange(h: number, index: number): [Tile, number, number] {
  let [level, n] = splitStoredHashIndex(index);
  const l = Math.floor(level / h);
  level -= l * h; // level within the tile
  const tn = shr(shl(n, level), h);
  n -= shr(shl(tn, h), level); // n within the tile at that level
  const w = shl(n + 1, level);
  return [{ h, l, n: tn, w }, shl(n, level) * hashSize, shl(n + 1, level) * hashSize];
}

/** The tile of height h ≥ 1 and least width storing the given stored hash index. */
export function tileForIndex(h: number, index: number): Tile {
  if (h <= 0) throw new TlogError(`TileForIndex: invalid height ${h}`);
  return tileForIndexRange(h, index)[0];
}

/**
 * The hash of the subtree whose 2^k bottom-row hashes are data[start, end). m, when given, remembers every
 * subtree's hash by its byte range: the ranges a tree's proofs ask of one tile are nested halves of each
 * other, so each is then hashed once.
 */
function tileHash(data: Buffer, start = 0, end = data.length, m?: Map<string, Hash>): Hash {
  const k = m ? `${start}:${end}` : '';
  const known = m?.get(k);
  if (known) return known;
  if (end <= start) throw new TlogError('bad math in tileHash');
  let h: Hash;
  if (end - start === hashSize) h = Buffer.from(data.subarray(start, end));
  else {
    const mid = start + (end - start) / 2;
    h = nodeHash(tileHash(data, start, mid, m), tileHash(data, mid, end, m));
  }
  m?.set(k, h);
  return h;
}

/** The hash at stored index, read from tile t's data (t must hold index). */
export function hashFromTile(t: Tile, data: Buffer, index: number): Hash {
  return hashFromTileWith(t, data, index, (start, end) => tileHash(data, start, end));
}

function hashFromTileWith(t: Tile, data: Buffer, index: number, rangeHash: (start: number, end: number) => Hash): Hash {
  if (t.h < 1 || t.h > 30 || t.l < 0 || t.l >= 64 || t.w < 1 || t.w > pow2(t.h)) {
    throw new TlogError(`invalid tile ${tilePath(t)}`);
  }
  if (data.length < t.w * hashSize) throw new TlogError(`data len ${data.length} too short for tile ${tilePath(t)}`);
  const [t1, start, end] = tileForIndexRange(t.h, index);
  if (t.l !== t1.l || t.n !== t1.n || t.w < t1.w) {
    throw new TlogError(`index ${index} is in ${tilePath(t1)} not ${tilePath(t)}`);
  }
  return rangeHash(start, end);
}

/** The tiles of height h to publish when the tree grows from oldTreeSize to newTreeSize records. */
export function newTiles(h: number, oldTreeSize: number, newTreeSize: number): Tile[] {
  if (h <= 0) throw new TlogError(`NewTiles: invalid height ${h}`);
  const tiles: Tile[] = [];
  for (let level = 0; shr(newTreeSize, h * level) > 0; level++) {
    const oldN = shr(oldTreeSize, h * level);
    const newN = shr(newTreeSize, h * level);
    if (oldN === newN) continue;
    for (let n = shr(oldN, h); n < shr(newN, h); n++) tiles.push({ h, l: level, n, w: pow2(h) });
    const n = shr(newN, h);
    const w = newN - shl(n, h);
    if (w > 0) tiles.push({ h, l: level, n, w });
  }
  return tiles;
}

/** The data of hash tile t (its w hashes, concatenated). */
export async function readTileData(t: Tile, r: HashReader): Promise<Buffer> {
  const hashes = await readExactly(r, tileIndexes(t));
  return Buffer.concat(hashes);
}

/** Synchronous readTileData over an in-memory array of stored hashes. */
export function readTileDataSync(t: Tile, stored: readonly Hash[]): Buffer {
  return Buffer.concat(
    tileIndexes(t).map((i) => {
      const h = stored[i];
      if (h === undefined) throw new TlogError(`tlog: missing hash ${i}`);
      return h;
    }),
  );
}

function tileIndexes(t: Tile): number[] {
  const size = t.w === 0 ? pow2(t.h) : t.w;
  const start = shl(t.n, t.h);
  const indexes: number[] = [];
  for (let i = 0; i < size; i++) indexes.push(storedHashIndex(t.h * t.l, start + i));
  return indexes;
}

/** The tile's path "tile/H/L/NNN[.p/W]", N in 3-digit elements, all but the last prefixed "x". */
export function tilePath(t: Tile): string {
  let n = t.n;
  let nStr = String(n % 1000).padStart(3, '0');
  while (n >= 1000) {
    n = Math.floor(n / 1000);
    nStr = `x${String(n % 1000).padStart(3, '0')}/${nStr}`;
  }
  const p = t.w !== pow2(t.h) ? `.p/${t.w}` : '';
  const l = t.l === -1 ? 'data' : String(t.l);
  return `tile/${t.h}/${l}/${nStr}${p}`;
}

/** go's strconv.Atoi for the small values tile paths hold; undefined if not a number. */
function atoi(s: string): number | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** Parses a tile path; only the canonical form is accepted. Throws 'malformed tile path "…"'. */
export function parseTilePath(path: string): Tile {
  const bad = (): TlogError => new TlogError(`malformed tile path ${JSON.stringify(path)}`);
  const f = path.split('/');
  if (f.length < 4 || f[0] !== 'tile') throw bad();
  const h = atoi(f[1]!);
  const isData = f[2] === 'data';
  let l = isData ? 0 : atoi(f[2]!);
  if (h === undefined || l === undefined || h < 1 || l < 0 || h > 30) throw bad();
  let w = pow2(h);
  const dotP = f[f.length - 2]!;
  if (dotP.endsWith('.p')) {
    const ww = atoi(f[f.length - 1]!);
    if (ww === undefined || ww <= 0 || ww >= w) throw bad();
    w = ww;
    f[f.length - 2] = dotP.slice(0, -2);
    f.pop();
  }
  let n = 0;
  for (const s of f.slice(3)) {
    const nn = atoi(s.startsWith('x') ? s.slice(1) : s);
    if (nn === undefined || nn < 0 || nn >= 1000) throw bad();
    n = n * 1000 + nn;
  }
  if (isData) l = -1;
  const t = { h, l, n, w };
  if (tilePath(t) !== path) throw bad();
  return t;
}

/** Reads tiles (typically from a cache or a server); saveTiles is told which ones proved valid. */
export interface TileReader {
  height(): number;
  readTiles(tiles: Tile[]): Buffer[] | Promise<Buffer[]>;
  saveTiles(tiles: Tile[], data: Buffer[]): void | Promise<void>;
}

const tileKey = (t: Tile | undefined): string => (t === undefined ? '' : tilePath(t));

/** t's k'th parent tile in a tree of n records, or undefined if it has none. */
function tileParent(t: Tile, k: number, n: number): Tile | undefined {
  const p = { h: t.h, l: t.l + k, n: shr(t.n, k * t.h), w: pow2(t.h) };
  const max = shr(n, p.l * p.h);
  if (shl(p.n, p.h) + p.w >= max) {
    if (shl(p.n, p.h) >= max) return undefined;
    p.w = max - shl(p.n, p.h);
  }
  return p;
}

/**
 * Hashes of tile data already computed, by the data buffer and the byte range hashed. Only for a
 * TileReader that hands out the same, never modified, buffer for a tile on every read.
 */
export type TileHashMemo = WeakMap<Buffer, Map<string, Hash>>;

/**
 * A HashReader that reads hashes of the given tree from tiles, authenticating every tile it uses
 * against the tree hash before answering (so any hash it returns is proven to be in the tree).
 * memo: shared by the readers of one client, so that each lookup does not hash the same tiles again
 * (hundreds of sha256 calls per tile; a command checks dozens of records against the same tiles).
 */
export function tileHashReader(tree: Tree, tr: TileReader, memo?: TileHashMemo): HashReader {
  const rangeHash = (data: Buffer, start: number, end: number): Hash => {
    if (!memo) return tileHash(data, start, end);
    let m = memo.get(data);
    if (!m) memo.set(data, (m = new Map()));
    return tileHash(data, start, end, m);
  };
  const fromTile = (t: Tile, data: Buffer, index: number): Hash => hashFromTileWith(t, data, index, (start, end) => rangeHash(data, start, end));
  return {
    async readHashes(indexes) {
      const h = tr.height();
      const tileOrder = new Map<string, number>();
      const tiles: Tile[] = [];

      // Tiles needed to recompute the tree hash; if it matches, they are authenticated.
      const stx = subTreeIndex(0, tree.n, []);
      const stxTileOrder: number[] = [];
      for (const x of stx) {
        const tile = tileParent(tileForIndex(h, x), 0, tree.n)!;
        const key = tileKey(tile);
        const j = tileOrder.get(key);
        if (j !== undefined) {
          stxTileOrder.push(j);
          continue;
        }
        stxTileOrder.push(tiles.length);
        tileOrder.set(key, tiles.length);
        tiles.push(tile);
      }

      // Tiles holding the indexes, with the parents that authenticate them.
      const indexTileOrder: number[] = [];
      for (const [i, x] of indexes.entries()) {
        if (x >= storedHashIndex(0, tree.n)) throw new TlogError('indexes not in tree');
        const tile = tileForIndex(h, x);
        let k = 0;
        for (; ; k++) {
          const j = tileOrder.get(tileKey(tileParent(tile, k, tree.n)));
          if (j !== undefined) {
            if (k === 0) indexTileOrder[i] = j;
            break;
          }
        }
        // Walk back down, recording children after their parents.
        for (k--; k >= 0; k--) {
          const p = tileParent(tile, k, tree.n)!;
          if (p.w !== pow2(p.h)) {
            throw new TlogError(`bad math in tileHashReader: ${tree.n} ${x} ${JSON.stringify(p)}`);
          }
          tileOrder.set(tileKey(p), tiles.length);
          if (k === 0) indexTileOrder[i] = tiles.length;
          tiles.push(p);
        }
      }

      const data = await tr.readTiles(tiles);
      if (data.length !== tiles.length) {
        throw new TlogError(`TileReader returned bad result slice (len=${data.length}, want ${tiles.length})`);
      }
      for (const [i, tile] of tiles.entries()) {
        if (data[i]!.length !== tile.w * hashSize) {
          throw new TlogError(`TileReader returned bad result slice (${tilePath(tile)} len=${data[i]!.length}, want ${tile.w * hashSize})`);
        }
      }

      // Authenticate the tree-hash tiles (parents come before children).
      let th: Hash | undefined;
      for (let i = stx.length - 1; i >= 0; i--) {
        const j = stxTileOrder[i]!;
        const hh = fromTile(tiles[j]!, data[j]!, stx[i]!);
        th = th === undefined ? hh : nodeHash(hh, th);
      }
      if (th === undefined || !th.equals(tree.hash)) throw new TlogError('downloaded inconsistent tile');

      // Authenticate the remaining full tiles against their parents.
      for (let i = (stxTileOrder[stx.length - 1] ?? -1) + 1; i < tiles.length; i++) {
        const tile = tiles[i]!;
        const p = tileParent(tile, 1, tree.n);
        const j = p === undefined ? undefined : tileOrder.get(tileKey(p));
        if (p === undefined || j === undefined) {
          throw new TlogError(`bad math in tileHashReader ${tree.n} ${JSON.stringify(indexes)}: lost parent of ${tilePath(tile)}`);
        }
        const hh = fromTile(p, data[j]!, storedHashIndex(p.l * p.h, tile.n));
        if (!hh.equals(rangeHash(data[i]!, 0, data[i]!.length))) throw new TlogError('downloaded inconsistent tile');
      }

      await tr.saveTiles(tiles, data);

      return indexes.map((x, i) => fromTile(tiles[indexTileOrder[i]!]!, data[indexTileOrder[i]!]!, x));
    },
  };
}
