// Encoding of a package index entry (a directory's RawDir) as compact JSON (arrays, positions without their file); decoded with plain loops, which measured twice as fast as mapping.
import { sep } from 'node:path';
import type { GoFileInfo } from './gofile.js';
import type { RawFile } from './rawfile.js';
import type { Pos } from './types.js';

/** Bumped whenever the entry layout or the facts recorded in it change. */
export const INDEX_FORMAT = 'v6';

/** A position: [line, col] in the entry's own file, or [line, col, file] elsewhere. */
type EncPos = [number, number] | [number, number, string];

interface EncGo {
  n: string;
  i: [string, EncPos, string?][];
  e: [string, EncPos][];
  d: [string, EncPos][];
  pe?: [EncPos, string, number, boolean];
  s: number;
  h: boolean;
  c?: [string, number];
}

interface EncFile {
  n: string;
  re?: string;
  he?: string;
  gb?: string;
  pb?: string[];
  bo?: boolean;
  g?: EncGo;
  /** The package doc comment's synopsis, or null for none. */
  ds?: string | null;
}

interface EncDir {
  v: string;
  dir: string;
  names: string[];
  files: EncFile[];
}

function encPos(p: Pos, file: string): EncPos {
  return p.file === file ? [p.line, p.col] : [p.line, p.col, p.file];
}

function decPos(e: EncPos, file: string): Pos {
  return { file: e[2] ?? file, line: e[0], col: e[1] };
}

function encGo(g: GoFileInfo, file: string): EncGo {
  const out: EncGo = {
    n: g.name,
    i: g.imports.map((x) => (x.doc === undefined ? [x.path, encPos(x.pos, file)] : [x.path, encPos(x.pos, file), x.doc])),
    e: g.embeds.map((x) => [x.pattern, encPos(x.pos, file)]),
    d: g.directives.map((x) => [x.text, encPos(x.pos, file)]),
    s: g.stopEnd,
    h: g.hasEmbed,
  };
  if (g.importComment) out.c = [g.importComment.quoted, g.importComment.line];
  if (g.parseError) out.pe = [encPos(g.parseError.pos, file), g.parseError.msg, g.parseError.more, g.parseError.single === true];
  return out;
}

function decGo(e: EncGo, file: string): GoFileInfo {
  const imports: GoFileInfo['imports'] = [];
  for (let k = 0; k < e.i.length; k++) {
    const x = e.i[k]!;
    const p = x[1];
    const pos: Pos = { file: p.length === 3 ? p[2] : file, line: p[0], col: p[1] };
    imports.push(x.length === 3 ? { path: x[0], pos, doc: x[2]! } : { path: x[0], pos });
  }
  const embeds: GoFileInfo['embeds'] = [];
  for (let k = 0; k < e.e.length; k++) {
    const x = e.e[k]!;
    const p = x[1];
    embeds.push({ pattern: x[0], pos: { file: p.length === 3 ? p[2] : file, line: p[0], col: p[1] } });
  }
  const directives: GoFileInfo['directives'] = [];
  for (let k = 0; k < e.d.length; k++) {
    const x = e.d[k]!;
    const p = x[1];
    directives.push({ text: x[0], pos: { file: p.length === 3 ? p[2] : file, line: p[0], col: p[1] } });
  }
  const g: GoFileInfo = { name: e.n, imports, embeds, directives, stopEnd: e.s, hasEmbed: e.h };
  if (e.c) g.importComment = { quoted: e.c[0], line: e.c[1] };
  if (e.pe) {
    g.parseError = { pos: decPos(e.pe[0], file), msg: e.pe[1], more: e.pe[2] };
    if (e.pe[3]) g.parseError.single = true;
  }
  return g;
}

/** The path positions in dir/name carry; positions elsewhere are stored with their file. */
function fileIn(dir: string, name: string): string {
  return dir.endsWith(sep) ? dir + name : dir + sep + name;
}

/** The entry bytes for a directory. */
export function encodeEntry(dir: string, d: { names: string[]; files: Map<string, RawFile> }): Buffer {
  const files: EncFile[] = [];
  for (const f of d.files.values()) {
    const e: EncFile = { n: f.name };
    if (f.readErr !== undefined) e.re = f.readErr;
    if (f.headerErr !== undefined) e.he = f.headerErr;
    if (f.goBuild !== undefined) e.gb = f.goBuild;
    if (f.plusBuild !== undefined) e.pb = f.plusBuild;
    if (f.binaryOnly) e.bo = true;
    if (f.go) e.g = encGo(f.go, fileIn(dir, f.name));
    if (f.doc !== undefined) e.ds = f.doc;
    files.push(e);
  }
  const enc: EncDir = { v: INDEX_FORMAT, dir, names: d.names, files };
  return Buffer.from(JSON.stringify(enc), 'utf8');
}

/** Decodes an entry for dir; undefined if it is malformed, of another format or for another directory. */
export function decodeEntry(data: Buffer, dir: string): { names: string[]; files: Map<string, RawFile> } | undefined {
  let enc: EncDir;
  try {
    enc = JSON.parse(data.toString('utf8')) as EncDir;
  } catch {
    return undefined;
  }
  if (typeof enc !== 'object' || enc === null || enc.v !== INDEX_FORMAT || enc.dir !== dir || !Array.isArray(enc.names) || !Array.isArray(enc.files)) return undefined;
  try {
    const files = new Map<string, RawFile>();
    for (const e of enc.files) {
      const f: RawFile = { name: e.n, binaryOnly: e.bo === true };
      if (e.re !== undefined) f.readErr = e.re;
      if (e.he !== undefined) f.headerErr = e.he;
      if (e.gb !== undefined) f.goBuild = e.gb;
      if (e.pb !== undefined) f.plusBuild = e.pb;
      if (e.g) f.go = decGo(e.g, fileIn(dir, e.n));
      if (typeof e.ds === 'string' || e.ds === null) f.doc = e.ds;
      files.set(e.n, f);
    }
    return { names: enc.names, files };
  } catch {
    return undefined;
  }
}
