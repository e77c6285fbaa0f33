// Reading build info back out of a Go executable (debug/buildinfo), for `go version [-m]`.
import { PF_W, PF_X, PT_LOAD, fileReader, isELF, isMacho, parseELF, parseMacho, parsePE, type ReaderAt } from './buildid-objfile.js';
import { parseBuildInfo, stripModInfoFraming, type BuildInfo } from './buildinfo.js';
import { goPathErrorText } from '../lib/oserror.js';

/** A build-info read failure; message is what debug/buildinfo.ReadFile returns. `pathError` marks fs errors. */
export class BuildInfoReadError extends Error {
  constructor(message: string, readonly pathError = false, readonly path = '') {
    super(message);
    this.name = 'BuildInfoReadError';
  }
}

class Unrecognized extends Error {
  constructor() {
    super('unrecognized file format');
  }
}
class NotGo extends Error {
  constructor() {
    super('not a Go executable');
  }
}

interface Exe {
  dataStart(): [number, number];
  /** Bytes from addr to the end of the containing segment/section, at most n. */
  read(addr: number, n: number): Buffer | undefined;
}

function elfExe(r: ReaderAt): Exe {
  let f;
  try {
    f = parseELF(r);
  } catch {
    throw new Unrecognized();
  }
  return {
    dataStart() {
      const s = f.sections.find((x) => x.name === '.go.buildinfo');
      if (s) return [s.addr, s.size];
      const p = f.progs.find((x) => x.type === PT_LOAD && (x.flags & (PF_X | PF_W)) === PF_W);
      return p ? [p.vaddr, p.memsz] : [0, 0];
    },
    read(addr, n) {
      const p = f.progs.find((x) => x.vaddr <= addr && addr <= x.vaddr + x.filesz - 1);
      if (!p) return undefined;
      return r.readAt(p.off + (addr - p.vaddr), Math.min(n, p.vaddr + p.filesz - addr));
    },
  };
}

/** A view of r starting at base (a slice of a universal binary). */
function sliceReader(r: ReaderAt, base: number, size: number): ReaderAt {
  return { size, readAt: (off, len) => r.readAt(base + off, Math.max(0, Math.min(len, size - off))) };
}

/** The first architecture's slice of a universal ("fat") Mach-O file, as debug/buildinfo reads it. */
function fatFirstSlice(r: ReaderAt): ReaderAt {
  const h = r.readAt(0, 8);
  const n = h.length === 8 ? h.readUInt32BE(4) : 0;
  if (n === 0) throw new Unrecognized();
  const is64 = h.readUInt32BE(0) === 0xcafebabf;
  const a = r.readAt(8, is64 ? 32 : 20);
  if (a.length < (is64 ? 32 : 20)) throw new Unrecognized();
  const off = is64 ? Number(a.readBigUInt64BE(8)) : a.readUInt32BE(8);
  const size = is64 ? Number(a.readBigUInt64BE(16)) : a.readUInt32BE(12);
  return sliceReader(r, off, size);
}

function machoExe(r: ReaderAt): Exe {
  let f;
  try {
    f = parseMacho(r);
  } catch {
    throw new Unrecognized();
  }
  return {
    dataStart() {
      const s = f.sections.find((x) => x.name === '__go_buildinfo');
      if (s) return [s.addr, s.size];
      const seg = f.segments.find((x) => x.addr !== 0 && x.filesz !== 0 && x.prot === 3 && x.maxprot === 3);
      return seg ? [seg.addr, seg.memsz] : [0, 0];
    },
    read(addr, n) {
      const seg = f.segments.find((x) => x.addr <= addr && addr <= x.addr + x.filesz - 1 && x.name !== '__PAGEZERO');
      if (!seg) return undefined;
      return r.readAt(seg.offset + (addr - seg.addr), Math.min(n, seg.addr + seg.filesz - addr));
    },
  };
}

function peExe(r: ReaderAt): Exe {
  let f;
  try {
    f = parsePE(r);
  } catch {
    throw new Unrecognized();
  }
  return {
    dataStart() {
      for (const s of f.sections) {
        if (s.virtualAddress !== 0 && s.size !== 0 && (s.characteristics & ~0x600000) >>> 0 === (0x40 | 0x40000000 | 0x80000000) >>> 0) {
          return [s.virtualAddress + f.imageBase, s.virtualSize];
        }
      }
      return [0, 0];
    },
    read(addr, n) {
      const a = addr - f.imageBase;
      const s = f.sections.find((x) => x.virtualAddress <= a && a <= x.virtualAddress + x.size - 1);
      if (!s) return undefined;
      return r.readAt(s.offset + (a - s.virtualAddress), Math.min(n, s.virtualAddress + s.size - a));
    },
  };
}

const MAGIC = Buffer.from('\xff Go buildinf:', 'latin1');
const ALIGN = 16;
const HEADER = 32;

function searchMagic(x: Exe, start: number, size: number): number {
  const end = start + size;
  start = Math.ceil(start / ALIGN) * ALIGN;
  if (start >= end) throw new NotGo();
  while (start < end) {
    const remaining = end - start;
    const chunk = Math.min(1 << 20, remaining);
    const data = x.read(start, chunk);
    if (data === undefined) throw new Unrecognized();
    if (data.length === 0) throw new NotGo();
    let off = 0;
    for (;;) {
      const i = data.indexOf(MAGIC, off);
      if (i < 0) break;
      if (remaining - i < HEADER) throw new NotGo();
      if (i % ALIGN !== 0) {
        off = Math.ceil(i / ALIGN) * ALIGN;
        if (off > data.length) throw new NotGo();
        continue;
      }
      return start + i;
    }
    start += chunk;
  }
  throw new NotGo();
}

function uvarint(b: Buffer): [bigint, number] {
  let x = 0n;
  let s = 0n;
  for (let i = 0; i < b.length && i < 10; i++) {
    const c = b[i]!;
    if (c < 0x80) return [x | (BigInt(c) << s), i + 1];
    x |= BigInt(c & 0x7f) << s;
    s += 7n;
  }
  return [0n, 0];
}

function decodeString(x: Exe, addr: number): [Buffer, number] {
  const b = x.read(addr, 10);
  if (b === undefined) throw new Unrecognized();
  if (b.length === 0) throw new NotGo();
  const [len, n] = uvarint(b);
  if (n <= 0 || len > BigInt(Number.MAX_SAFE_INTEGER)) throw new NotGo();
  const data = x.read(addr + n, Number(len));
  if (data === undefined) throw new Unrecognized();
  if (data.length < Number(len)) throw new NotGo();
  return [data, addr + n + Number(len)];
}

function readPtrString(x: Exe, ptrSize: number, little: boolean, addr: number): Buffer {
  const rd = (b: Buffer, o: number): number => ptrSize === 4
    ? (little ? b.readUInt32LE(o) : b.readUInt32BE(o))
    : Number(little ? b.readBigUInt64LE(o) : b.readBigUInt64BE(o));
  const hdr = x.read(addr, 2 * ptrSize);
  if (!hdr || hdr.length < 2 * ptrSize) return Buffer.alloc(0);
  const dataAddr = rd(hdr, 0);
  const dataLen = rd(hdr, ptrSize);
  const data = x.read(dataAddr, dataLen);
  if (!data || data.length < dataLen) return Buffer.alloc(0);
  return data;
}

/** debug/buildinfo's readRawBuildInfo: the toolchain version and the (unframed) modinfo text. */
export function readRawBuildInfo(r: ReaderAt): { version: string; mod: string } {
  const ident = r.readAt(0, 16);
  if (ident.length < 16) throw new Unrecognized();
  let x: Exe;
  if (isELF(ident)) x = elfExe(r);
  else if (ident[0] === 0x4d && ident[1] === 0x5a) x = peExe(r);
  else if (isMacho(ident)) x = machoExe(r);
  else if (ident.readUInt32BE(0) === 0xcafebabe || ident.readUInt32BE(0) === 0xcafebabf) x = machoExe(fatFirstSlice(r));
  else throw new Unrecognized();
  const [dataAddr, dataSize] = x.dataStart();
  if (dataSize === 0) throw new NotGo();
  const addr = searchMagic(x, dataAddr, dataSize);
  const header = x.read(addr, HEADER);
  if (!header || header.length < HEADER) throw new NotGo();
  const flags = header[15]!;
  let vers: Buffer;
  let mod: Buffer;
  if ((flags & 2) === 2) {
    let next: number;
    [vers, next] = decodeString(x, addr + HEADER);
    [mod] = decodeString(x, next);
  } else {
    const ptrSize = header[14]!;
    if (ptrSize !== 4 && ptrSize !== 8) throw new NotGo();
    const little = (flags & 1) === 0;
    const rd = (o: number): number => ptrSize === 4
      ? (little ? header.readUInt32LE(o) : header.readUInt32BE(o))
      : Number(little ? header.readBigUInt64LE(o) : header.readBigUInt64BE(o));
    vers = readPtrString(x, ptrSize, little, rd(16));
    mod = readPtrString(x, ptrSize, little, rd(16 + ptrSize));
  }
  if (vers.length === 0) throw new NotGo();
  return { version: vers.toString('utf8'), mod: stripModInfoFraming(mod).toString('utf8') };
}

/** debug/buildinfo.ReadFile: the build info of a Go binary, errors worded as go's. */
export function readBuildInfo(file: string): BuildInfo {
  let r;
  try {
    r = fileReader(file);
  } catch (err) {
    throw new BuildInfoReadError(`could not read Go build info: ${goPathErrorText(err, file)}`, true, file);
  }
  try {
    const { version, mod } = readRawBuildInfo(r);
    const bi = parseBuildInfo(mod);
    bi.goVersion = version;
    return bi;
  } catch (err) {
    if (err instanceof BuildInfoReadError) throw err;
    throw new BuildInfoReadError(`could not read Go build info from ${file}: ${(err as Error).message}`);
  } finally {
    r.close();
  }
}
