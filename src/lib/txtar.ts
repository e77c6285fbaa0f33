// txtar: parse and format the trivial text-archive format used by cmd/go's script tests.
//
// An archive is a comment followed by zero or more files. Each file starts with a
// marker line "-- NAME --" and runs until the next marker line or the end of the data.
// Data are kept as bytes so that files with arbitrary content round-trip exactly.

export interface TxtarFile {
  name: string;
  data: Buffer;
}

export interface Archive {
  comment: Buffer;
  files: TxtarFile[];
}

const MARKER = Buffer.from('-- ');
const MARKER_END = Buffer.from(' --');
const NEWLINE_MARKER = Buffer.from('\n-- ');

/** Returns data unchanged if it is empty or ends in a newline, otherwise data plus "\n". */
export function fixNL(data: Buffer): Buffer {
  if (data.length === 0 || data[data.length - 1] === 0x0a) return data;
  return Buffer.concat([data, Buffer.from('\n')]);
}

/** If data begins with a marker line, returns its name and the bytes after the line. */
function isMarker(data: Buffer): { name: string; after: Buffer } | null {
  if (!startsWith(data, MARKER)) return null;
  let line: Buffer = data;
  let after: Buffer = Buffer.alloc(0);
  const nl = data.indexOf(0x0a);
  if (nl >= 0) {
    line = data.subarray(0, nl);
    after = data.subarray(nl + 1);
  }
  if (!(endsWith(line, MARKER_END) && line.length >= MARKER.length + MARKER_END.length)) return null;
  const name = line.subarray(MARKER.length, line.length - MARKER_END.length).toString('utf8').trim();
  if (name === '') return null;
  return { name, after };
}

function startsWith(b: Buffer, prefix: Buffer): boolean {
  return b.length >= prefix.length && b.subarray(0, prefix.length).equals(prefix);
}

function endsWith(b: Buffer, suffix: Buffer): boolean {
  return b.length >= suffix.length && b.subarray(b.length - suffix.length).equals(suffix);
}

/** Finds the next marker: the data before it, its name ('' if none) and the data after its line. */
function findFileMarker(data: Buffer): { before: Buffer; name: string; after: Buffer } {
  let i = 0;
  for (;;) {
    const m = isMarker(data.subarray(i));
    if (m) return { before: data.subarray(0, i), name: m.name, after: m.after };
    const j = data.indexOf(NEWLINE_MARKER, i);
    if (j < 0) return { before: fixNL(data), name: '', after: Buffer.alloc(0) };
    i = j + 1;
  }
}

/** Parses the serialized form of an archive. */
export function parse(input: Buffer | string): Archive {
  const data = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const first = findFileMarker(data);
  const archive: Archive = { comment: first.before, files: [] };
  let name = first.name;
  let rest = first.after;
  while (name !== '') {
    const next = findFileMarker(rest);
    archive.files.push({ name, data: next.before });
    name = next.name;
    rest = next.after;
  }
  return archive;
}

/** Serializes an archive; every section is made to end in a newline. */
export function format(a: Archive): Buffer {
  const parts: Buffer[] = [fixNL(a.comment)];
  for (const f of a.files) {
    parts.push(Buffer.from(`-- ${f.name} --\n`, 'utf8'), fixNL(f.data));
  }
  return Buffer.concat(parts);
}

/**
 * The archive's files as text by name, each ending in exactly one newline (trailing blank lines
 * dropped; a file of only blank lines becomes ''): the form recorded test expectations compare in.
 */
export function fileTexts(input: Buffer | string): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of parse(input).files) {
    const v = f.data.toString('utf8');
    out.set(f.name, v.replace(/\n+$/, v.trim() === '' ? '' : '\n'));
  }
  return out;
}
