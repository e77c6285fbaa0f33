// GOCACHEPROG: the build cache served by an external program speaking go's JSON protocol (cmd/go/internal/cacheprog).
import { createHash } from 'node:crypto';
import { closeSync, openSync, statSync } from 'node:fs';
import { Cache, CacheError, type CacheEntry, type PutResult } from './cache.js';
import { EntryNotFoundError } from './entry.js';
import { hashFd } from './filehash.js';
import { SyncChild } from './syncchild.js';

interface ProgResponse {
  ID: number;
  Err?: string;
  KnownCommands?: string[];
  Miss?: boolean;
  OutputID?: string; // base64, as encoding/json writes []byte
  Size?: number;
  Time?: string;
  DiskPath?: string;
}

/** Splits a command line as cmd/internal/quoted.Split does (spaces; single or double quotes group). */
export function splitQuotedArgs(s: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    while (i < s.length && /\s/.test(s[i]!)) i++;
    if (i >= s.length) break;
    const q = s[i];
    if (q === '"' || q === "'") {
      const j = s.indexOf(q, i + 1);
      if (j < 0) throw new CacheError(`unterminated ${q} string`);
      out.push(s.slice(i + 1, j));
      i = j + 1;
    } else {
      let j = i;
      while (j < s.length && !/\s/.test(s[j]!)) j++;
      out.push(s.slice(i, j));
      i = j;
    }
  }
  return out;
}

/** A Cache whose entries live in a GOCACHEPROG program; executables and fuzz data stay in the disk cache. */
export class ProgCache extends Cache {
  private readonly child: SyncChild;
  private readonly can = new Set<string>();
  private readonly outputs = new Map<string, string>();
  private nextID = 0;
  private closing = false;
  private readonly disk: Cache;

  private constructor(disk: Cache, prog: string, env: NodeJS.ProcessEnv) {
    // The disk cache's directory backs fuzzDir() and executables, as in go.
    super(disk.dir);
    this.disk = disk;
    const argv = splitQuotedArgs(prog);
    if (argv.length === 0) throw new CacheError('GOCACHEPROG has no command');
    this.child = new SyncChild(argv, env);
    const first = this.child.next(() => process.stderr.write(`# still waiting for GOCACHEPROG ${prog} ...\n`));
    if ('eof' in first) throw new CacheError(`error starting GOCACHEPROG program "${prog}": ${first.error ?? `exit status ${first.code}`}`);
    const res = JSON.parse(first.line) as ProgResponse;
    for (const c of res.KnownCommands ?? []) this.can.add(c);
    if (this.can.size === 0) throw new CacheError(`GOCACHEPROG ${prog} declared no supported commands`);
  }

  /** Starts the program (GOCACHEPROG's value) with the disk cache as fallback store. */
  static start(disk: Cache, prog: string, env: NodeJS.ProcessEnv = process.env): ProgCache {
    return new ProgCache(disk, prog, env);
  }

  private request(req: Record<string, unknown>, body?: { path: string } | { bytes: Uint8Array }): ProgResponse {
    const id = ++this.nextID;
    this.child.send(JSON.stringify({ ID: id, ...req }) + '\n', body);
    const m = this.child.next();
    if ('eof' in m) {
      if (this.closing) throw new CacheError('GOCACHEPROG program closed unexpectedly');
      throw new CacheError(`GOCACHEPROG exited pre-Close with 1 pending requests`);
    }
    let res: ProgResponse;
    try {
      res = JSON.parse(m.line) as ProgResponse;
    } catch (e) {
      throw new CacheError(`error reading JSON from GOCACHEPROG: ${(e as Error).message}`);
    }
    if (res.ID !== id) throw new CacheError(`GOCACHEPROG sent response for unknown request ID ${res.ID}`);
    if (res.Err) throw new CacheError(res.Err);
    return res;
  }

  override lookup(id: Uint8Array): CacheEntry | EntryNotFoundError {
    if (!this.can.has('get')) return new EntryNotFoundError();
    const res = this.request({ Command: 'get', ActionID: Buffer.from(id).toString('base64') });
    if (res.Miss) return new EntryNotFoundError();
    if (!res.DiskPath) return new EntryNotFoundError("GOCACHEPROG didn't populate DiskPath on get hit");
    const out = Buffer.from(res.OutputID ?? '', 'base64');
    if (out.length !== 32) return new EntryNotFoundError('incomplete ProgResponse OutputID');
    this.outputs.set(out.toString('hex'), res.DiskPath);
    const ms = res.Time ? Date.parse(res.Time) : Date.now();
    return { outputID: out, size: res.Size ?? 0, timeNs: BigInt(Math.round(ms)) * 1000000n };
  }

  override outputFile(out: Uint8Array): string {
    return this.outputs.get(Buffer.from(out).toString('hex')) ?? this.disk.outputFile(out);
  }

  override put(id: Uint8Array, src: string | Uint8Array): PutResult {
    let outputID: Buffer;
    let size: number;
    if (typeof src === 'string') {
      const fd = openSync(src, 'r');
      try {
        outputID = hashFd(fd);
      } finally {
        closeSync(fd);
      }
      size = statSync(src).size;
    } else {
      outputID = createHash('sha256').update(src).digest();
      size = src.length;
    }
    if (!this.can.has('put')) return { outputID, size };
    const req: Record<string, unknown> = { Command: 'put', ActionID: Buffer.from(id).toString('base64'), OutputID: outputID.toString('base64') };
    if (size > 0) req['BodySize'] = size;
    const res = this.request(req, size > 0 ? (typeof src === 'string' ? { path: src } : { bytes: src }) : undefined);
    if (!res.DiskPath) throw new CacheError("GOCACHEPROG didn't return DiskPath in put response");
    this.outputs.set(outputID.toString('hex'), res.DiskPath);
    return { outputID, size };
  }

  override putNoVerify(id: Uint8Array, src: string | Uint8Array): PutResult {
    return this.put(id, src);
  }

  override putExecutable(id: Uint8Array, name: string, src: string | Uint8Array): PutResult {
    return this.disk.putExecutable(id, name, src);
  }

  /** The program owns expiry; nothing to trim locally. */
  override trim(): void {}

  override close(): void {
    if (this.closing) return;
    this.closing = true;
    try {
      if (this.can.has('close')) this.request({ Command: 'close' });
    } catch (e) {
      if (!(e instanceof CacheError && e.message === 'GOCACHEPROG program closed unexpectedly')) throw e;
    } finally {
      this.child.end();
    }
  }
}
