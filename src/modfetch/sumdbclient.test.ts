// The checksum database client against in-memory databases: lookups, cached tiles and heads, and detection of a forked or rolled-back log.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKey, newSigner, sign } from '../lib/note.js';
import * as tlog from '../lib/tlog.js';
import { SumDBClient, WriteConflictError, type SumDBOps } from './sumdbclient.js';
import { FatalError } from './errors.js';

const { skey, vkey } = generateKey('sum.test', Buffer.alloc(32, 7));

/** A tiny checksum database: go.sum records in a tlog, heads signed with the test key. */
class MemDB {
  readonly hashes: tlog.Hash[] = [];
  readonly records: Buffer[] = [];
  readonly ids = new Map<string, number>();
  add(path: string, version: string, h: string): void {
    const text = Buffer.from(`${path} ${version} ${h}\n${path} ${version}/go.mod h1:gomod${this.records.length}=\n`);
    this.ids.set(`${path}@${version}`, this.records.length);
    this.hashes.push(...tlog.storedHashesForRecordHashSync(this.records.length, tlog.recordHash(text), this.hashes));
    this.records.push(text);
  }
  async head(): Promise<Buffer> {
    const n = this.records.length;
    const hash = await tlog.treeHash(n, tlog.hashArrayReader(this.hashes));
    return sign({ text: tlog.formatTree({ n, hash }) }, newSigner(skey));
  }
  async serve(path: string): Promise<Buffer> {
    if (path.startsWith('/lookup/')) {
      const id = this.ids.get(path.slice('/lookup/'.length));
      if (id === undefined) throw new Error('not found');
      return Buffer.concat([tlog.formatRecord(id, this.records[id]!), await this.head()]);
    }
    if (path.startsWith('/tile/')) return tlog.readTileDataSync(tlog.parseTilePath(path.slice(1)), this.hashes);
    throw new Error('bad path ' + path);
  }
}

/** Ops over a database (switchable, to simulate a server that changes), with in-memory config and cache. */
class MemOps implements SumDBOps {
  config = new Map<string, Buffer>();
  cache = new Map<string, Buffer>();
  remote: string[] = [];
  constructor(public db: MemDB) {}
  async readRemote(path: string): Promise<Buffer> {
    this.remote.push(path);
    return this.db.serve(path);
  }
  async readConfig(file: string): Promise<Buffer> {
    return file === 'key' ? Buffer.from(vkey) : (this.config.get(file) ?? Buffer.alloc(0));
  }
  async writeConfig(file: string, old: Buffer, data: Buffer): Promise<void> {
    const cur = this.config.get(file) ?? Buffer.alloc(0);
    if (cur.length > 0 && !cur.equals(old)) throw new WriteConflictError();
    this.config.set(file, data);
  }
  async readCache(file: string): Promise<Buffer> {
    const d = this.cache.get(file);
    if (!d) throw new Error('not cached');
    return d;
  }
  async writeCache(file: string, data: Buffer): Promise<void> {
    this.cache.set(file, data);
  }
  securityError(msg: string): never {
    throw new FatalError(msg);
  }
}

const H = 'h1:3fEykkD9k7lYzXqCYrwGAf7iNhbk4yCjHmKBN9td4L0=';

test('lookups verify records against the signed head and cache lookups, tiles and the latest head', async () => {
  const db = new MemDB();
  for (let i = 0; i < 5; i++) db.add(`example.com/m${i}`, 'v1.0.0', H);
  const ops = new MemOps(db);
  const c = new SumDBClient(ops);
  assert.deepEqual(await c.lookup('example.com/m3', 'v1.0.0'), [`example.com/m3 v1.0.0 ${H}`]);
  assert.deepEqual(await c.lookup('example.com/m3', 'v1.0.0/go.mod'), ['example.com/m3 v1.0.0/go.mod h1:gomod3=']);
  assert.ok(ops.cache.has('sum.test/lookup/example.com/m3@v1.0.0'));
  assert.ok([...ops.cache.keys()].some((k) => k.startsWith('sum.test/tile/8/0/')));
  assert.match(ops.config.get('sum.test/latest')!.toString(), /^go\.sum database tree\n5\n/);
  // A second client answers from the cache alone.
  const ops2 = new MemOps(db);
  ops2.cache = ops.cache;
  ops2.config = ops.config;
  await new SumDBClient(ops2).lookup('example.com/m3', 'v1.0.0');
  assert.deepEqual(ops2.remote, []);
  await assert.rejects(new SumDBClient(new MemOps(db)).lookup('example.com/none', 'v1.0.0'), /example\.com\/none@v1\.0\.0: not found/);
  await assert.rejects(new SumDBClient(new MemOps(db), 'example.com').lookup('example.com/m1', 'v1.0.0'), /skipped \(listed in GONOSUMDB\)/);
});

test('a newer head that does not extend the old one (a forked log) is a SECURITY ERROR with a proof', async () => {
  const a = new MemDB();
  for (let i = 0; i < 3; i++) a.add(`example.com/m${i}`, 'v1.0.0', H);
  const ops = new MemOps(a);
  await new SumDBClient(ops).lookup('example.com/m1', 'v1.0.0');
  // The server now serves a different history that is longer.
  const b = new MemDB();
  b.add('example.com/m0', 'v1.0.0', H);
  b.add('example.com/m1', 'v1.0.0', 'h1:EVILkkD9k7lYzXqCYrwGAf7iNhbk4yCjHmKBN9td4L0=');
  for (let i = 2; i < 6; i++) b.add(`example.com/m${i}`, 'v1.0.0', H);
  ops.db = b;
  const err = await new SumDBClient(ops).lookup('example.com/m4', 'v1.0.0').then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(err instanceof FatalError, String(err));
  assert.match(err.message, /^SECURITY ERROR\ngo\.sum database server misbehavior detected!\n\nold database:\n\tgo\.sum database tree\n\t3\n/);
  assert.match(err.message, /\nnew database:\n\tgo\.sum database tree\n\t6\n/);
  assert.match(err.message, /\nproof of misbehavior:\n\t[A-Za-z0-9+/=]{44}(\n\t[A-Za-z0-9+/=]{44})+$/);
});

test('an older head that disagrees with the known one (a rolled-back log) is a SECURITY ERROR', async () => {
  const a = new MemDB();
  for (let i = 0; i < 4; i++) a.add(`example.com/m${i}`, 'v1.0.0', H);
  const ops = new MemOps(a);
  await new SumDBClient(ops).lookup('example.com/m3', 'v1.0.0');
  const b = new MemDB();
  b.add('example.com/m0', 'v1.0.0', 'h1:EVILkkD9k7lYzXqCYrwGAf7iNhbk4yCjHmKBN9td4L0=');
  b.add('example.com/m1', 'v1.0.0', H);
  ops.db = b;
  await assert.rejects(new SumDBClient(ops).lookup('example.com/m1', 'v1.0.0'), (e: unknown) => e instanceof FatalError && /misbehavior detected/.test(e.message));
});

test('a record that does not match the tree is refused', async () => {
  const db = new MemDB();
  for (let i = 0; i < 3; i++) db.add(`example.com/m${i}`, 'v1.0.0', H);
  const ops = new MemOps(db);
  const orig = db.serve.bind(db);
  db.serve = async (path: string) => {
    const d = await orig(path);
    return path.startsWith('/lookup/') ? Buffer.from(d.toString().replace(H, 'h1:EVILkkD9k7lYzXqCYrwGAf7iNhbk4yCjHmKBN9td4L0=')) : d;
  };
  await assert.rejects(new SumDBClient(ops).lookup('example.com/m2', 'v1.0.0'), /example\.com\/m2@v1\.0\.0: cannot authenticate record data in server response/);
});
