// ELF notes found through the section headers (go's buildid.ReadELFNote), and the package list a
// -buildmode=shared library carries in its "Go\0\0" note of type 1 (what go's readpkglist reads).
import { FormatError, SHT_NOTE, fileReader, parseELF, type ReaderAt } from './buildid-objfile.js';

/** The name and type of the note in which the linker lists a shared library's packages. */
export const GO_NOTE_NAME = 'Go\0\0';
export const GO_PKGLIST_NOTE_TYPE = 1;

/**
 * The descriptor of the first note named name with type typ in any SHT_NOTE section, or undefined
 * when there is none. Truncated notes are errors with go's wording ("read namesize failed: EOF" ...).
 */
export function readELFNote(r: ReaderAt, name: string, typ: number): Buffer | undefined {
  const f = parseELF(r);
  const le = f.endian.little;
  for (const s of f.sections) {
    if (s.type !== SHT_NOTE) continue;
    const data = r.readAt(s.offset, s.size);
    let pos = 0;
    const i32 = (what: string): number => {
      if (pos >= data.length) throw new FormatError(`read ${what} failed: EOF`);
      if (pos + 4 > data.length) throw new FormatError(`read ${what} failed: unexpected EOF`);
      const v = le ? data.readInt32LE(pos) : data.readInt32BE(pos);
      pos += 4;
      return v;
    };
    const aligned = (n: number, what: string): Buffer => {
      const full = (n + 3) & ~3;
      if (n < 0 || pos + full > data.length) throw new FormatError(`read ${what} failed: ${pos >= data.length ? 'EOF' : 'unexpected EOF'}`);
      const b = data.subarray(pos, pos + n);
      pos += full;
      return b;
    };
    for (;;) {
      if (pos >= data.length) break; // the section's end, between notes
      const namesize = i32('namesize');
      const descsize = i32('descsize');
      const noteType = i32('type');
      const noteName = aligned(namesize, 'name');
      const desc = aligned(descsize, 'desc');
      if (noteType === typ && noteName.toString('latin1') === name) return desc;
    }
  }
  return undefined;
}

/** The import paths listed in a package-list note's descriptor, one a line (as bufio.Scanner splits lines). */
export function parsePackageList(desc: Buffer): string[] {
  const text = desc.toString('utf8');
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

/** The packages built into the shared library at file (its Go package-list note); [] if it has none. */
export function readSharedLibraryPackages(file: string): string[] {
  const r = fileReader(file);
  try {
    const desc = readELFNote(r, GO_NOTE_NAME, GO_PKGLIST_NOTE_TYPE);
    return desc ? parsePackageList(desc) : [];
  } finally {
    r.close();
  }
}
