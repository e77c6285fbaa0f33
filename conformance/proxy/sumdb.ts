// An in-memory checksum database, as x/mod's sumdb test server: records are appended on first lookup.
//
// It serves the checksum database protocol: /lookup/<path>@<version>, /latest, and
// /tile/H/L/NNN[.p/W] (hash tiles) or /tile/H/data/NNN[.p/W] (record tiles).

import type { ServerResponse } from 'node:http';
import { newSigner, sign, type Signer } from '../../src/lib/note.js';
import { unescapePath, unescapeVersion } from '../../src/lib/module.js';
import {
  formatRecord,
  formatTree,
  parseTilePath,
  readTileDataSync,
  recordHash,
  storedHashesForRecordHashSync,
  treeHash,
  hashArrayReader,
  type Hash,
} from '../../src/lib/tlog.js';
import { writeError, writeNotFound, writeOK } from './httputil.js';

/** A lookup of a module the database cannot find (served as 404, as go's os.ErrNotExist is). */
export class NotExistError extends Error {
  constructor() {
    super('file does not exist');
    this.name = 'NotExistError';
  }
}

/** Computes the go.sum lines of a module version; throws NotExistError if there is no such module. */
export type GoSumFunc = (path: string, version: string) => Buffer;

/** The database: records in lookup order, the stored hashes of their tree, and a signer for heads. */
export class TestSumDB {
  private readonly signer: Signer;
  private readonly records: Buffer[] = [];
  private readonly hashes: Hash[] = [];
  private readonly ids = new Map<string, number>();

  constructor(signerKey: string, private readonly gosum: GoSumFunc) {
    this.signer = newSigner(signerKey);
  }

  get size(): number {
    return this.records.length;
  }

  /** The record id of path@version, appending its go.sum lines on first lookup. */
  lookup(path: string, version: string): number {
    const key = `${path}@${version}`;
    const have = this.ids.get(key);
    if (have !== undefined) return have;
    const data = this.gosum(path, version);
    const id = this.records.length;
    this.records.push(data);
    this.ids.set(key, id);
    this.hashes.push(...storedHashesForRecordHashSync(id, recordHash(data), this.hashes));
    return id;
  }

  /** Records id … id+n-1; throws "missing records" past the end. */
  readRecords(id: number, n: number): Buffer[] {
    if (id < 0 || id + n > this.records.length) throw new Error('missing records');
    return this.records.slice(id, id + n);
  }

  /** The signed tree head note for the current tree. */
  async signed(): Promise<Buffer> {
    const n = this.records.length;
    const hash = await treeHash(n, hashArrayReader(this.hashes));
    return sign({ text: formatTree({ n, hash }) }, this.signer);
  }

  /** The data of a hash tile. */
  tileData(t: { h: number; l: number; n: number; w: number }): Buffer {
    return readTileDataSync(t, this.hashes);
  }
}

const modVerRE = /^[^@]+@v[0-9]+\.[0-9]+\.[0-9]+(-[^@]*)?(\+incompatible)?$/;

/** Serves one checksum-database request; path is the request path below the database's root (starting "/"). */
export async function serveSumDB(db: TestSumDB, path: string, res: ServerResponse): Promise<void> {
  const fail = (e: unknown): void => {
    if (e instanceof NotExistError) writeError(res, e.message, 404);
    else writeError(res, (e as Error).message, 500);
  };

  if (path.startsWith('/lookup/')) {
    const mod = path.slice('/lookup/'.length);
    if (!modVerRE.test(mod)) {
      writeError(res, 'invalid module@version syntax', 400);
      return;
    }
    const at = mod.indexOf('@');
    let id: number;
    try {
      id = db.lookup(unescapePath(mod.slice(0, at)), unescapeVersion(mod.slice(at + 1)));
    } catch (e) {
      fail(e);
      return;
    }
    try {
      const [rec] = db.readRecords(id, 1);
      const msg = formatRecord(id, rec!);
      const signed = await db.signed();
      writeOK(res, Buffer.concat([msg, signed]));
    } catch (e) {
      writeError(res, (e as Error).message, 500);
    }
    return;
  }

  if (path === '/latest') {
    try {
      writeOK(res, await db.signed());
    } catch (e) {
      writeError(res, (e as Error).message, 500);
    }
    return;
  }

  if (path.startsWith('/tile/')) {
    let t;
    try {
      t = parseTilePath(path.slice(1));
    } catch {
      writeError(res, 'invalid tile syntax', 400);
      return;
    }
    if (t.l === -1) {
      const start = t.n * 2 ** t.h;
      let records: Buffer[];
      try {
        records = db.readRecords(start, t.w);
      } catch (e) {
        fail(e);
        return;
      }
      try {
        // Data tiles hold the formatted records without their leading id lines.
        const parts = records.map((text, i) => {
          const msg = formatRecord(start + i, text);
          return msg.subarray(msg.indexOf(0x0a) + 1);
        });
        writeOK(res, Buffer.concat(parts));
      } catch (e) {
        writeError(res, (e as Error).message, 500);
      }
      return;
    }
    let data: Buffer;
    try {
      data = db.tileData(t);
    } catch {
      // The reference server panics reading hashes past the end of its tree, which drops the connection.
      res.destroy();
      return;
    }
    writeOK(res, data, 'application/octet-stream');
    return;
  }

  writeNotFound(res);
}
