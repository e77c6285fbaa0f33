import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bufferReader } from './buildid-objfile.js';
import { GO_NOTE_NAME, GO_PKGLIST_NOTE_TYPE, parsePackageList, readELFNote } from './elfnote.js';

function note(name: string, type: number, desc: string, le = true): Buffer {
  const pad = (b: Buffer): Buffer => Buffer.concat([b, Buffer.alloc((4 - (b.length % 4)) % 4)]);
  const h = Buffer.alloc(12);
  const n = Buffer.from(name, 'latin1'), d = Buffer.from(desc, 'latin1');
  if (le) { h.writeInt32LE(n.length, 0); h.writeInt32LE(d.length, 4); h.writeInt32LE(type, 8); } else { h.writeInt32BE(n.length, 0); h.writeInt32BE(d.length, 4); h.writeInt32BE(type, 8); }
  return Buffer.concat([h, pad(n), pad(d)]);
}

/** A minimal 64-bit ELF image: no program headers, a null section, the given sections and .shstrtab. */
function elf64(sections: { name: string; type: number; data: Buffer }[], le = true): Buffer {
  const names = ['', ...sections.map((s) => s.name), '.shstrtab'];
  const strtab = Buffer.from(names.join('\0') + '\0', 'latin1');
  const nameOff = names.map((_, i) => names.slice(0, i).reduce((n, s) => n + s.length + 1, 0));
  const bodies = [...sections.map((s) => s.data), strtab];
  let off = 64;
  const offsets = bodies.map((b) => { const o = off; off += b.length; return o; });
  const shoff = off;
  const shnum = bodies.length + 1;
  const out = Buffer.alloc(shoff + shnum * 64);
  const u16 = (v: number, o: number): void => { if (le) out.writeUInt16LE(v, o); else out.writeUInt16BE(v, o); };
  const u32 = (v: number, o: number): void => { if (le) out.writeUInt32LE(v, o); else out.writeUInt32BE(v, o); };
  const u64 = (v: number, o: number): void => { if (le) out.writeBigUInt64LE(BigInt(v), o); else out.writeBigUInt64BE(BigInt(v), o); };
  out.set([0x7f, 0x45, 0x4c, 0x46, 2, le ? 1 : 2, 1], 0);
  u16(3, 16); u16(62, 18); u32(1, 20);
  u64(shoff, 40); u16(64, 52); u16(56, 54); u16(0, 56); u16(64, 58); u16(shnum, 60); u16(shnum - 1, 62);
  bodies.forEach((b, i) => b.copy(out, offsets[i]));
  bodies.forEach((b, i) => {
    const o = shoff + (i + 1) * 64;
    const type = i < sections.length ? sections[i]!.type : 3;
    u32(nameOff[i + 1]!, o); u32(type, o + 4); u64(offsets[i]!, o + 24); u64(b.length, o + 32);
  });
  return out;
}

const SHT_PROGBITS = 1, SHT_NOTE = 7;

test('readELFNote finds the Go package list among other notes and sections', () => {
  const img = elf64([
    { name: '.text', type: SHT_PROGBITS, data: note(GO_NOTE_NAME, 1, 'not a note section\n') },
    { name: '.note.gnu.build-id', type: SHT_NOTE, data: note('GNU\0', 3, 'abcdefghijklmnopqrst') },
    { name: '.note.go.abihash', type: SHT_NOTE, data: note(GO_NOTE_NAME, 2, 'hash') },
    { name: '.note.go.pkg-list', type: SHT_NOTE, data: Buffer.concat([note('Gx\0\0', 1, 'wrong name\n'), note(GO_NOTE_NAME, 1, 'dep\ndep/sub\n')]) },
  ]);
  const desc = readELFNote(bufferReader(img), GO_NOTE_NAME, GO_PKGLIST_NOTE_TYPE);
  assert.equal(desc?.toString('latin1'), 'dep\ndep/sub\n');
  assert.deepEqual(parsePackageList(desc!), ['dep', 'dep/sub']);
  assert.equal(readELFNote(bufferReader(img), GO_NOTE_NAME, 3), undefined);
});

test('readELFNote reads big-endian images', () => {
  const img = elf64([{ name: '.note.go.pkg-list', type: SHT_NOTE, data: note(GO_NOTE_NAME, 1, 'runtime\nruntime/cgo\n', false) }], false);
  assert.deepEqual(parsePackageList(readELFNote(bufferReader(img), GO_NOTE_NAME, 1)!), ['runtime', 'runtime/cgo']);
});

test('readELFNote reports truncated notes as go does', () => {
  const whole = note(GO_NOTE_NAME, 1, 'std\n');
  assert.throws(() => readELFNote(bufferReader(elf64([{ name: '.n', type: SHT_NOTE, data: whole.subarray(0, 6) }])), GO_NOTE_NAME, 1), /read descsize failed: unexpected EOF/);
  assert.throws(() => readELFNote(bufferReader(elf64([{ name: '.n', type: SHT_NOTE, data: whole.subarray(0, 8) }])), GO_NOTE_NAME, 1), /read type failed: EOF/);
  assert.throws(() => readELFNote(bufferReader(elf64([{ name: '.n', type: SHT_NOTE, data: whole.subarray(0, 18) }])), GO_NOTE_NAME, 1), /read desc failed: unexpected EOF/);
  assert.throws(() => readELFNote(bufferReader(Buffer.from('not elf at all, not elf at all, not elf at all, not elf at all')), GO_NOTE_NAME, 1), /not an ELF file/);
});

test('parsePackageList drops the final newline and carriage returns', () => {
  assert.deepEqual(parsePackageList(Buffer.from('a\r\nb/c\n')), ['a', 'b/c']);
  assert.deepEqual(parsePackageList(Buffer.from('')), []);
  assert.deepEqual(parsePackageList(Buffer.from('x')), ['x']);
});
