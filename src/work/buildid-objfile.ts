// Minimal ELF / Mach-O / PE header parsing for build IDs and build info: segments, sections, notes, load commands.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** Random access to a file or buffer. Reads past the end return short buffers. */
export interface ReaderAt {
  size: number;
  readAt(off: number, len: number): Buffer;
}

export function bufferReader(b: Buffer): ReaderAt {
  return { size: b.length, readAt: (off, len) => b.subarray(Math.min(off, b.length), Math.min(off + len, b.length)) };
}

/** Opens a file as a ReaderAt; call close() when done. */
export function fileReader(path: string): ReaderAt & { close(): void } {
  const fd = openSync(path, 'r');
  const size = fstatSync(fd).size;
  return {
    size,
    readAt(off, len) {
      const n0 = Math.max(0, Math.min(len, size - off));
      const buf = Buffer.alloc(n0);
      let n = 0;
      while (n < n0) {
        const k = readSync(fd, buf, n, n0 - n, off + n);
        if (k === 0) break;
        n += k;
      }
      return buf.subarray(0, n);
    },
    close: () => closeSync(fd),
  };
}

class Endian {
  constructor(readonly little: boolean) {}
  u16(b: Buffer, o: number): number { return this.little ? b.readUInt16LE(o) : b.readUInt16BE(o); }
  u32(b: Buffer, o: number): number { return this.little ? b.readUInt32LE(o) : b.readUInt32BE(o); }
  u64(b: Buffer, o: number): number {
    const v = this.little ? b.readBigUInt64LE(o) : b.readBigUInt64BE(o);
    return Number(v); // file offsets and addresses we use fit in 2^53
  }
}

export class FormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FormatError';
  }
}

// ---------------------------------------------------------------- ELF

export const PT_LOAD = 1;
export const PT_NOTE = 4;
export const PF_X = 1;
export const PF_W = 2;
export const SHT_NOTE = 7;

export interface ElfProg { type: number; flags: number; off: number; vaddr: number; filesz: number; memsz: number; align: number }
export interface ElfSection { name: string; type: number; addr: number; offset: number; size: number }
export interface ElfFile { kind: 'elf'; is64: boolean; endian: Endian; progs: ElfProg[]; sections: ElfSection[] }

export function isELF(b: Buffer): boolean {
  return b.length >= 4 && b[0] === 0x7f && b[1] === 0x45 && b[2] === 0x4c && b[3] === 0x46;
}

/** Parses ELF program headers, and section headers unless `progsOnly`. */
export function parseELF(r: ReaderAt, progsOnly = false): ElfFile {
  const h = r.readAt(0, 64);
  if (h.length < 52 || !isELF(h)) throw new FormatError('not an ELF file');
  const is64 = h[4] === 2;
  if (h[4] !== 1 && h[4] !== 2) throw new FormatError('unknown ELF class');
  if (h[5] !== 1 && h[5] !== 2) throw new FormatError('unknown ELF data encoding');
  const e = new Endian(h[5] === 1);
  if (is64 && h.length < 64) throw new FormatError('short ELF header');
  const phoff = is64 ? e.u64(h, 32) : e.u32(h, 28);
  const shoff = is64 ? e.u64(h, 40) : e.u32(h, 32);
  const phentsize = e.u16(h, is64 ? 54 : 42);
  const phnum = e.u16(h, is64 ? 56 : 44);
  const shentsize = e.u16(h, is64 ? 58 : 46);
  const shnum = e.u16(h, is64 ? 60 : 48);
  const shstrndx = e.u16(h, is64 ? 62 : 50);
  const progs: ElfProg[] = [];
  if (phnum > 0) {
    const ph = r.readAt(phoff, phnum * phentsize);
    if (ph.length < phnum * phentsize) throw new FormatError('short program header table');
    for (let i = 0; i < phnum; i++) {
      const o = i * phentsize;
      progs.push(is64
        ? { type: e.u32(ph, o), flags: e.u32(ph, o + 4), off: e.u64(ph, o + 8), vaddr: e.u64(ph, o + 16), filesz: e.u64(ph, o + 32), memsz: e.u64(ph, o + 40), align: e.u64(ph, o + 48) }
        : { type: e.u32(ph, o), off: e.u32(ph, o + 4), vaddr: e.u32(ph, o + 8), filesz: e.u32(ph, o + 16), memsz: e.u32(ph, o + 20), flags: e.u32(ph, o + 24), align: e.u32(ph, o + 28) });
    }
  }
  const sections: ElfSection[] = [];
  if (!progsOnly && shnum > 0 && shoff > 0) {
    const sh = r.readAt(shoff, shnum * shentsize);
    if (sh.length < shnum * shentsize) throw new FormatError('short section header table');
    const raw: { nameOff: number; type: number; addr: number; offset: number; size: number }[] = [];
    for (let i = 0; i < shnum; i++) {
      const o = i * shentsize;
      raw.push(is64
        ? { nameOff: e.u32(sh, o), type: e.u32(sh, o + 4), addr: e.u64(sh, o + 16), offset: e.u64(sh, o + 24), size: e.u64(sh, o + 32) }
        : { nameOff: e.u32(sh, o), type: e.u32(sh, o + 4), addr: e.u32(sh, o + 12), offset: e.u32(sh, o + 16), size: e.u32(sh, o + 20) });
    }
    const strtab = shstrndx < raw.length ? r.readAt(raw[shstrndx]!.offset, raw[shstrndx]!.size) : Buffer.alloc(0);
    for (const s of raw) {
      const end = strtab.indexOf(0, s.nameOff);
      const name = s.nameOff < strtab.length ? strtab.toString('latin1', s.nameOff, end < 0 ? strtab.length : end) : '';
      sections.push({ name, type: s.type, addr: s.addr, offset: s.offset, size: s.size });
    }
  }
  return { kind: 'elf', is64, endian: e, progs, sections };
}

/** Walks the notes of a PT_NOTE segment, as go's readELF does (honouring the segment's alignment). */
export function* elfNotes(f: ElfFile, p: ElfProg, note: Buffer): Generator<{ name: Buffer; type: number; desc: Buffer }> {
  const e = f.endian;
  let filesz = p.filesz;
  let off = p.off;
  let pos = 0;
  while (filesz >= 16 && pos + 16 <= note.length) {
    let nameSize = e.u32(note, pos);
    let valSize = e.u32(note, pos + 4);
    const tag = e.u32(note, pos + 8);
    if (nameSize === 4 && pos + 16 + valSize <= note.length) {
      yield { name: note.subarray(pos + 12, pos + 16), type: tag, desc: note.subarray(pos + 16, pos + 16 + valSize) };
    }
    nameSize = (nameSize + 3) & ~3;
    valSize = (valSize + 3) & ~3;
    let notesz = 12 + nameSize + valSize;
    if (filesz <= notesz) break;
    off += notesz;
    if (p.align !== 0) {
      const aligned = Math.ceil(off / p.align) * p.align;
      notesz += aligned - off;
      off = aligned;
    }
    filesz -= notesz;
    pos += notesz;
  }
}

// ---------------------------------------------------------------- Mach-O

export const LC_SEGMENT = 0x1;
export const LC_SEGMENT_64 = 0x19;
export const LC_UUID = 0x1b;
export const LC_CODE_SIGNATURE = 0x1d;

export interface MachoSection { name: string; seg: string; addr: number; size: number; offset: number }
export interface MachoSegment { name: string; addr: number; memsz: number; offset: number; filesz: number; maxprot: number; prot: number }
export interface MachoLoad { cmd: number; offset: number; len: number }
export interface MachoFile {
  kind: 'macho';
  is64: boolean;
  endian: Endian;
  fileType: number;
  loads: MachoLoad[];
  segments: MachoSegment[];
  sections: MachoSection[];
  /** LC_CODE_SIGNATURE's (dataoff, datasize), if present. */
  codeSig?: { dataoff: number; datasize: number };
}

const MACHO_MAGICS: Record<string, { is64: boolean; little: boolean }> = {
  feedface: { is64: false, little: false },
  feedfacf: { is64: true, little: false },
  cefaedfe: { is64: false, little: true },
  cffaedfe: { is64: true, little: true },
};

export function isMacho(b: Buffer): boolean {
  return b.length >= 4 && b.toString('hex', 0, 4) in MACHO_MAGICS;
}

const cstr = (b: Buffer, o: number, n: number): string => {
  const s = b.subarray(o, o + n);
  const z = s.indexOf(0);
  return s.toString('latin1', 0, z < 0 ? n : z);
};

export function parseMacho(r: ReaderAt, base = 0): MachoFile {
  const h = r.readAt(base, 32);
  const m = h.length >= 28 ? MACHO_MAGICS[h.toString('hex', 0, 4)] : undefined;
  if (!m) throw new FormatError('invalid magic number');
  const e = new Endian(m.little);
  const fileType = e.u32(h, 12);
  const ncmds = e.u32(h, 16);
  const sizeofcmds = e.u32(h, 20);
  const hdrSize = m.is64 ? 32 : 28;
  const cmds = r.readAt(base + hdrSize, sizeofcmds);
  if (cmds.length < sizeofcmds) throw new FormatError('short load commands');
  const f: MachoFile = { kind: 'macho', is64: m.is64, endian: e, fileType, loads: [], segments: [], sections: [] };
  let o = 0;
  for (let i = 0; i < ncmds; i++) {
    if (o + 8 > cmds.length) throw new FormatError('command block too small');
    const cmd = e.u32(cmds, o);
    const len = e.u32(cmds, o + 4);
    if (len < 8 || o + len > cmds.length) throw new FormatError('invalid command block size');
    f.loads.push({ cmd, offset: base + hdrSize + o, len });
    if (cmd === LC_SEGMENT_64 || cmd === LC_SEGMENT) {
      const is64 = cmd === LC_SEGMENT_64;
      const seg: MachoSegment = is64
        ? { name: cstr(cmds, o + 8, 16), addr: e.u64(cmds, o + 24), memsz: e.u64(cmds, o + 32), offset: e.u64(cmds, o + 40), filesz: e.u64(cmds, o + 48), maxprot: e.u32(cmds, o + 56), prot: e.u32(cmds, o + 60) }
        : { name: cstr(cmds, o + 8, 16), addr: e.u32(cmds, o + 24), memsz: e.u32(cmds, o + 28), offset: e.u32(cmds, o + 32), filesz: e.u32(cmds, o + 36), maxprot: e.u32(cmds, o + 40), prot: e.u32(cmds, o + 44) };
      f.segments.push(seg);
      const nsects = e.u32(cmds, o + (is64 ? 64 : 48));
      let so = o + (is64 ? 72 : 56);
      for (let j = 0; j < nsects; j++) {
        f.sections.push(is64
          ? { name: cstr(cmds, so, 16), seg: cstr(cmds, so + 16, 16), addr: e.u64(cmds, so + 32), size: e.u64(cmds, so + 40), offset: e.u32(cmds, so + 48) }
          : { name: cstr(cmds, so, 16), seg: cstr(cmds, so + 16, 16), addr: e.u32(cmds, so + 32), size: e.u32(cmds, so + 36), offset: e.u32(cmds, so + 40) });
        so += is64 ? 80 : 68;
      }
    } else if (cmd === LC_CODE_SIGNATURE) {
      f.codeSig = { dataoff: e.u32(cmds, o + 8), datasize: e.u32(cmds, o + 12) };
    }
    o += len;
  }
  return f;
}

// ---------------------------------------------------------------- PE

export interface PESection { name: string; virtualSize: number; virtualAddress: number; size: number; offset: number; characteristics: number }
export interface PEFile { kind: 'pe'; imageBase: number; sections: PESection[] }

export function parsePE(r: ReaderAt): PEFile {
  const dos = r.readAt(0, 64);
  if (dos.length < 64 || dos[0] !== 0x4d || dos[1] !== 0x5a) throw new FormatError('not a PE file');
  const peOff = dos.readUInt32LE(0x3c);
  const coff = r.readAt(peOff, 24);
  if (coff.length < 24 || coff.toString('latin1', 0, 4) !== 'PE\0\0') throw new FormatError('invalid PE signature');
  const nsect = coff.readUInt16LE(6);
  const optSize = coff.readUInt16LE(20);
  const opt = r.readAt(peOff + 24, optSize);
  const magic = opt.length >= 2 ? opt.readUInt16LE(0) : 0;
  const imageBase = magic === 0x20b ? Number(opt.readBigUInt64LE(24)) : opt.length >= 32 ? opt.readUInt32LE(28) : 0;
  const st = r.readAt(peOff + 24 + optSize, nsect * 40);
  const sections: PESection[] = [];
  for (let i = 0; i < nsect && (i + 1) * 40 <= st.length; i++) {
    const o = i * 40;
    sections.push({
      name: cstr(st, o, 8),
      virtualSize: st.readUInt32LE(o + 8),
      virtualAddress: st.readUInt32LE(o + 12),
      size: st.readUInt32LE(o + 16),
      offset: st.readUInt32LE(o + 20),
      characteristics: st.readUInt32LE(o + 36),
    });
  }
  return { kind: 'pe', imageBase, sections };
}
