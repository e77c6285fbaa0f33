// A minimal, strict zip reader and writer over Buffers (stored and deflated entries; zip64 read only).
//
// The reader trusts the central directory, checks each local header against it, and checks
// sizes and CRC-32 when an entry is extracted. The writer produces a plain archive (sizes in the
// local headers, no data descriptors) that go's archive/zip reads.

import { crc32 as zlibCrc32, deflateRawSync, inflateRawSync } from 'node:zlib';

export class ZipError extends Error {
  override name = 'ZipError';
}

/** One file in an archive. */
export interface ZipEntry {
  name: string;
  /** 0 = stored, 8 = deflated. */
  method: number;
  crc32: number;
  compressedSize: number;
  size: number;
  /** Unix mode bits from the external attributes, when the creator recorded them (0 otherwise). */
  mode: number;
  /** Decompresses and checks the entry's content. */
  data(): Buffer;
}

const sigLocal = 0x04034b50;
const sigCentral = 0x02014b50;
const sigEnd = 0x06054b50;
const sigZip64End = 0x06064b50;
const sigZip64Locator = 0x07064b50;

/** A little-endian 64-bit value that must fit a JS number exactly. */
function readUInt64(buf: Buffer, off: number): number {
  if (off + 8 > buf.length) throw new ZipError('zip: not a valid zip file');
  const v = buf.readBigUInt64LE(off);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipError('zip: not a valid zip file');
  return Number(v);
}

/** The data of the zip64 extended-information extra field (id 1), if present. */
function zip64Extra(extra: Buffer): Buffer | undefined {
  for (let i = 0; i + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(i);
    const n = extra.readUInt16LE(i + 2);
    if (i + 4 + n > extra.length) return undefined;
    if (id === 1) return extra.subarray(i + 4, i + 4 + n);
    i += 4 + n;
  }
  return undefined;
}

/** CRC-32 (IEEE) of data: zlib's (native; a JS table loop took ~1/3 of a module zip's extraction). */
export function crc32(data: Uint8Array): number {
  return zlibCrc32(data);
}

const utf8Strict = new TextDecoder('utf-8', { fatal: true });

/** Decodes an entry name: UTF-8 when flagged or valid, else code page 437 approximated as latin1. */
function decodeName(raw: Buffer, flags: number): string {
  try {
    return utf8Strict.decode(raw);
  } catch {
    if (flags & 0x800) throw new ZipError('zip: invalid UTF-8 file name');
    return raw.toString('latin1');
  }
}

/** Parses the archive's central directory. Throws ZipError for anything malformed. */
export function readZip(input: Uint8Array): ZipEntry[] {
  const buf = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  // The end-of-central-directory record is in the last 22+65535 bytes.
  let end = -1;
  for (let i = buf.length - 22; i >= 0 && i >= buf.length - 22 - 65535; i--) {
    if (buf.readUInt32LE(i) === sigEnd && i + 22 + buf.readUInt16LE(i + 20) === buf.length) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new ZipError('zip: not a valid zip file');
  const disk = buf.readUInt16LE(end + 4);
  const cdDisk = buf.readUInt16LE(end + 6);
  let countHere = buf.readUInt16LE(end + 8);
  let count = buf.readUInt16LE(end + 10);
  let cdSize = buf.readUInt32LE(end + 12);
  let cdOffset = buf.readUInt32LE(end + 16);
  let cdLimit = end;
  if (disk !== 0 || cdDisk !== 0) throw new ZipError('zip: multi-disk archives are not supported');
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    // zip64: a locator just before the end record points at the zip64 end record.
    const loc = end - 20;
    if (loc < 0 || buf.readUInt32LE(loc) !== sigZip64Locator) throw new ZipError('zip: not a valid zip file');
    const rec = readUInt64(buf, loc + 8);
    if (rec + 56 > loc || buf.readUInt32LE(rec) !== sigZip64End) throw new ZipError('zip: not a valid zip file');
    if (buf.readUInt32LE(rec + 16) !== 0 || buf.readUInt32LE(rec + 20) !== 0) throw new ZipError('zip: multi-disk archives are not supported');
    countHere = readUInt64(buf, rec + 24);
    count = readUInt64(buf, rec + 32);
    cdSize = readUInt64(buf, rec + 40);
    cdOffset = readUInt64(buf, rec + 48);
    cdLimit = rec;
  }
  if (countHere !== count) throw new ZipError('zip: multi-disk archives are not supported');
  if (cdOffset + cdSize > cdLimit) throw new ZipError('zip: not a valid zip file');

  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > cdOffset + cdSize || buf.readUInt32LE(p) !== sigCentral) throw new ZipError('zip: not a valid zip file');
    const madeBy = buf.readUInt16LE(p + 4);
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const crc = buf.readUInt32LE(p + 16);
    let compressedSize = buf.readUInt32LE(p + 20);
    let size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const external = buf.readUInt32LE(p + 38);
    let localOffset = buf.readUInt32LE(p + 42);
    const next = p + 46 + nameLen + extraLen + commentLen;
    if (next > cdOffset + cdSize) throw new ZipError('zip: not a valid zip file');
    if (size === 0xffffffff || compressedSize === 0xffffffff || localOffset === 0xffffffff) {
      // The zip64 extra field holds, in this order, whichever of these were too big.
      let x = zip64Extra(buf.subarray(p + 46 + nameLen, p + 46 + nameLen + extraLen));
      const take = (): number => {
        if (x === undefined || x.length < 8) throw new ZipError('zip: not a valid zip file');
        const v = readUInt64(x, 0);
        x = x.subarray(8);
        return v;
      };
      if (size === 0xffffffff) size = take();
      if (compressedSize === 0xffffffff) compressedSize = take();
      if (localOffset === 0xffffffff) localOffset = take();
    }
    if (flags & 0x1) throw new ZipError('zip: encrypted entries are not supported');
    const name = decodeName(buf.subarray(p + 46, p + 46 + nameLen), flags);
    const creator = madeBy >> 8;
    const mode = creator === 3 || creator === 19 ? external >>> 16 : 0; // Unix or OS X
    entries.push({
      name,
      method,
      crc32: crc,
      compressedSize,
      size,
      mode,
      data: () => extract(buf, localOffset, cdOffset, name, method, compressedSize, size, crc),
    });
    p = next;
  }
  if (p !== cdOffset + cdSize) throw new ZipError('zip: not a valid zip file');
  return entries;
}

function extract(buf: Buffer, off: number, limit: number, name: string, method: number, csize: number, size: number, crc: number): Buffer {
  if (off + 30 > limit || buf.readUInt32LE(off) !== sigLocal) throw new ZipError(`zip: bad local header for ${name}`);
  const nameLen = buf.readUInt16LE(off + 26);
  const extraLen = buf.readUInt16LE(off + 28);
  const start = off + 30 + nameLen + extraLen;
  if (start + csize > limit) throw new ZipError(`zip: entry ${name} extends past the central directory`);
  const raw = buf.subarray(start, start + csize);
  let data: Buffer;
  if (method === 0) {
    data = Buffer.from(raw);
  } else if (method === 8) {
    try {
      data = inflateRawSync(raw, { maxOutputLength: Math.max(size, 1) });
    } catch {
      throw new ZipError(`zip: corrupt deflate data for ${name}`);
    }
  } else {
    throw new ZipError('zip: unsupported compression algorithm');
  }
  if (data.length !== size) throw new ZipError(`zip: size mismatch for ${name}`);
  if (crc32(data) !== crc) throw new ZipError('zip: checksum error');
  return data;
}

/** A file to put in an archive. */
export interface ZipInput {
  name: string;
  data: Uint8Array;
  /** Unix mode bits to record (default 0o644 for files, 0o755 dirs if the name ends in "/"). */
  mode?: number;
}

/** Builds an archive of the files, in order, deflated unless method is 'store'. */
export function writeZip(files: ZipInput[], opts: { method?: 'store' | 'deflate' } = {}): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const f of files) {
    const name = Buffer.from(f.name, 'utf8');
    const isDir = f.name.endsWith('/');
    const store = opts.method === 'store' || isDir;
    const body = store ? Buffer.from(f.data) : deflateRawSync(f.data);
    const crc = crc32(f.data);
    const flags = /[^\x00-\x7f]/.test(f.name) ? 0x800 : 0;
    const method = store ? 0 : 8;
    if (body.length >= 0xffffffff || f.data.length >= 0xffffffff || offset >= 0xffffffff || files.length >= 0xffff) {
      throw new ZipError('zip: archive too large (zip64 is not supported)');
    }
    const local = Buffer.alloc(30);
    local.writeUInt32LE(sigLocal, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0, 10); // time
    local.writeUInt16LE(0x21, 12); // date: 1980-01-01
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(f.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    parts.push(local, name, body);

    const mode = f.mode ?? (isDir ? 0o40755 : 0o100644);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(sigCentral, 0);
    cd.writeUInt16LE((3 << 8) | 20, 4); // made by Unix, spec 2.0
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(flags, 8);
    cd.writeUInt16LE(method, 10);
    cd.writeUInt16LE(0, 12);
    cd.writeUInt16LE(0x21, 14);
    cd.writeUInt32LE(crc, 16);
    cd.writeUInt32LE(body.length, 20);
    cd.writeUInt32LE(f.data.length, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt32LE(((mode & 0xffff) << 16) >>> 0, 38);
    cd.writeUInt32LE(offset, 42);
    central.push(cd, name);
    offset += local.length + name.length + body.length;
  }
  const cdSize = central.reduce((n, b) => n + b.length, 0);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(sigEnd, 0);
  eocd.writeUInt16LE(files.length, 8);
  eocd.writeUInt16LE(files.length, 10);
  eocd.writeUInt32LE(cdSize, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, ...central, eocd]);
}
