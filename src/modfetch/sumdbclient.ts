// The checksum database client (golang.org/x/mod/sumdb's Client): signed tree heads, tiles, record lookups.
//
// I/O goes through SumDBOps (remote reads, the "latest" config file, the tile/lookup cache), so the
// verification logic here is independent of where data lives and is tested with in-memory ops.
import { newVerifier, open as openNote, verifierList, type Verifiers } from '../lib/note.js';
import * as tlog from '../lib/tlog.js';
import { escapePath, escapeVersion, matchPrefixPatterns } from '../lib/module.js';

export interface SumDBOps {
  /** Fetches "/lookup/..." or "/tile/..." from the database server. */
  readRemote(path: string): Promise<Buffer>;
  /** Reads "key" or "<name>/latest"; a missing file reads as empty. */
  readConfig(file: string): Promise<Buffer>;
  /** Replaces a config file's content if it still equals old (or is empty); else throws WriteConflictError. */
  writeConfig(file: string, old: Buffer, data: Buffer): Promise<void>;
  /** Reads a cached "<name>/lookup/..." or "<name>/tile/..." file; throws when missing. */
  readCache(file: string): Promise<Buffer>;
  writeCache(file: string, data: Buffer): Promise<void>;
  /** Reports server misbehaviour; expected to throw (go exits). */
  securityError(msg: string): never;
}

export class WriteConflictError extends Error {
  constructor() {
    super('write conflict');
    this.name = 'WriteConflictError';
  }
}

/** Returned for paths matched by GONOSUMDB. */
export class GONOSUMDBError extends Error {
  constructor() {
    super('skipped (listed in GONOSUMDB)');
    this.name = 'GONOSUMDBError';
  }
}

export class SecurityError extends Error {
  constructor() {
    super('security error: misbehaving server');
    this.name = 'SecurityError';
  }
}

/** Errors thrown by ops.securityError, passed through lookups untouched. */
const securityErrors = new WeakSet<Error>();

const msgPast = 1;
const msgNow = 2;
const msgFuture = 3;

const emptyTree = (): tlog.Tree => ({ n: 0, hash: tlog.emptyHash });

export class SumDBClient {
  private initP?: Promise<void>;
  private name = '';
  private verifiers!: Verifiers;
  private latest: tlog.Tree = emptyTree();
  private latestMsg: Buffer = Buffer.alloc(0);
  private readonly records = new Map<string, Promise<Buffer>>();
  private readonly tiles = new Map<string, Promise<Buffer>>();
  /** Hashes of the tiles above (each read once and never modified), kept across record checks. */
  private readonly tileHashes: tlog.TileHashMemo = new WeakMap();
  private readonly tileSaved = new Set<string>();
  readonly tileHeight: number;

  constructor(
    private readonly ops: SumDBOps,
    private readonly nosumdb = '',
    tileHeight = 8,
  ) {
    this.tileHeight = tileHeight;
  }

  private init(): Promise<void> {
    this.initP ??= (async () => {
      try {
        const vkey = (await this.ops.readConfig('key')).toString('utf8').trim();
        const v = newVerifier(vkey);
        this.verifiers = verifierList(v);
        this.name = v.name;
        const data = await this.ops.readConfig(this.name + '/latest');
        await this.mergeLatest(data);
      } catch (e) {
        throw new Error(`initializing sumdb.Client: ${(e as Error).message}`, { cause: e });
      }
    })();
    return this.initP;
  }

  /** The go.sum lines the database has for path@vers ("/go.mod" suffix selects the go.mod line). */
  async lookup(path: string, vers: string): Promise<string[]> {
    if (matchPrefixPatterns(this.nosumdb, path)) throw new GONOSUMDBError();
    let text: Buffer;
    try {
      await this.init();
      const epath = escapePath(path);
      const evers = escapeVersion(vers.endsWith('/go.mod') ? vers.slice(0, -'/go.mod'.length) : vers);
      const remotePath = `/lookup/${epath}@${evers}`;
      const file = this.name + remotePath;
      let p = this.records.get(file);
      if (!p) {
        p = this.lookupRecord(file, remotePath);
        this.records.set(file, p);
      }
      text = await p;
    } catch (e) {
      if (e instanceof SecurityError || (e instanceof Error && securityErrors.has(e))) throw e;
      throw new Error(`${path}@${vers}: ${(e as Error).message}`, { cause: e });
    }
    const prefix = `${path} ${vers} `;
    return text
      .toString('utf8')
      .split('\n')
      .filter((l) => l.startsWith(prefix));
  }

  private async lookupRecord(file: string, remotePath: string): Promise<Buffer> {
    let writeCache = false;
    let data: Buffer;
    try {
      data = await this.ops.readCache(file);
    } catch {
      data = await this.ops.readRemote(remotePath);
      writeCache = true;
    }
    const { id, text, rest } = tlog.parseRecord(data);
    await this.mergeLatest(rest);
    await this.checkRecord(id, text);
    if (writeCache) await this.ops.writeCache(file, data);
    return text;
  }

  /** Merges a signed tree head into the latest known one, persisting a newer one to the config. */
  private async mergeLatest(msg: Buffer): Promise<void> {
    const when = await this.mergeLatestMem(msg);
    if (when !== msgFuture) return;
    // msg is newer than what we had: store it unless the config already has something newer.
    for (;;) {
      const cfgMsg = await this.ops.readConfig(this.name + '/latest');
      const w = await this.mergeLatestMem(cfgMsg);
      if (w !== msgPast) return;
      try {
        await this.ops.writeConfig(this.name + '/latest', cfgMsg, this.latestMsg);
        return;
      } catch (e) {
        if (!(e instanceof WriteConflictError)) throw e;
      }
    }
  }

  private async mergeLatestMem(msg: Buffer): Promise<number> {
    if (msg.length === 0) return this.latest.n === 0 ? msgNow : msgPast;
    let text: string;
    try {
      text = openNote(msg, this.verifiers).text;
    } catch (e) {
      throw new Error(`reading tree note: ${(e as Error).message}\nnote:\n${msg.toString('utf8')}`);
    }
    let tree: tlog.Tree;
    try {
      tree = tlog.parseTree(text);
    } catch (e) {
      throw new Error(`reading tree: ${(e as Error).message}\ntree:\n${text}`);
    }
    for (;;) {
      const latest = this.latest;
      const latestMsg = this.latestMsg;
      if (tree.n <= latest.n) {
        await this.checkTrees(tree, msg, latest, latestMsg);
        return tree.n < latest.n ? msgPast : msgNow;
      }
      await this.checkTrees(latest, latestMsg, tree, msg);
      if (this.latest === latest) {
        this.latest = tree;
        this.latestMsg = msg;
        return msgFuture;
      }
    }
  }

  /** Checks that older is a prefix of newer; on a mismatch reports go's SECURITY ERROR with a proof. */
  private async checkTrees(older: tlog.Tree, olderNote: Buffer, newer: tlog.Tree, newerNote: Buffer): Promise<void> {
    const thr = tlog.tileHashReader(newer, this.tileReader(), this.tileHashes);
    let h: tlog.Hash;
    try {
      h = await tlog.treeHash(older.n, thr);
    } catch (e) {
      if (older.n === newer.n) throw new Error(`checking tree#${older.n}: ${(e as Error).message}`);
      throw new Error(`checking tree#${older.n} against tree#${newer.n}: ${(e as Error).message}`);
    }
    if (h.equals(older.hash)) return;
    const indent = (b: Buffer): string => b.toString('utf8').replace(/\n/g, '\n\t');
    let buf = 'SECURITY ERROR\n';
    buf += 'go.sum database server misbehavior detected!\n\n';
    buf += `old database:\n\t${indent(olderNote)}\n`;
    buf += `new database:\n\t${indent(newerNote)}\n`;
    buf += `proof of misbehavior:\n\t${tlog.hashString(h)}`;
    try {
      const p = await tlog.proveTree(newer.n, older.n, thr);
      try {
        tlog.checkTree(p, newer.n, newer.hash, older.n, h);
        for (const x of p) buf += `\n\t${tlog.hashString(x)}`;
      } catch {
        buf += '\tinternal error: generated inconsistent proof\n';
      }
    } catch (e) {
      buf += `\tinternal error: ${(e as Error).message}\n`;
    }
    try {
      this.ops.securityError(buf);
    } catch (e) {
      // What securityError throws stops the command: it must reach the caller unwrapped.
      if (e instanceof Error) securityErrors.add(e);
      throw e;
    }
    throw new SecurityError();
  }

  private async checkRecord(id: number, data: Buffer): Promise<void> {
    const latest = this.latest;
    if (id >= latest.n) throw new Error(`cannot validate record ${id} in tree of size ${latest.n}`);
    const hashes = await tlog.tileHashReader(latest, this.tileReader(), this.tileHashes).readHashes([tlog.storedHashIndex(0, id)]);
    if (hashes[0]!.equals(tlog.recordHash(data))) return;
    throw new Error('cannot authenticate record data in server response');
  }

  private tileReader(): tlog.TileReader {
    return {
      height: () => this.tileHeight,
      readTiles: (tiles) => Promise.all(tiles.map((t) => this.readTile(t))),
      saveTiles: async (tiles, data) => {
        for (const [i, t] of tiles.entries()) {
          const key = tlog.tilePath(t);
          if (this.tileSaved.has(key)) continue;
          this.tileSaved.add(key);
          await this.ops.writeCache(this.name + '/' + key, data[i]!);
        }
      },
    };
  }

  private readTile(tile: tlog.Tile): Promise<Buffer> {
    const key = tlog.tilePath(tile);
    let p = this.tiles.get(key);
    if (!p) {
      p = this.readTileUncached(tile);
      this.tiles.set(key, p);
    }
    return p;
  }

  private async readTileUncached(tile: tlog.Tile): Promise<Buffer> {
    const key = tlog.tilePath(tile);
    const full: tlog.Tile = { ...tile, w: 1 << tile.h };
    const isFull = full.w === tile.w;
    const fullKey = tlog.tilePath(full);
    try {
      const d = await this.ops.readCache(this.name + '/' + key);
      this.tileSaved.add(key);
      return d;
    } catch {
      // not cached
    }
    if (!isFull) {
      try {
        const d = await this.ops.readCache(this.name + '/' + fullKey);
        this.tileSaved.add(key); // no need to save the partial tile: the full one is there
        return d.subarray(0, Math.floor(d.length / full.w) * tile.w);
      } catch {
        // not cached either
      }
    }
    try {
      return await this.ops.readRemote('/' + key);
    } catch (e) {
      if (!isFull) {
        try {
          const d = await this.ops.readRemote('/' + fullKey);
          return d.subarray(0, Math.floor(d.length / full.w) * tile.w);
        } catch {
          // report the first error
        }
      }
      throw e;
    }
  }
}
