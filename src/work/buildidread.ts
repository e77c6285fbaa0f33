// Build IDs: go's "actionID/contentID" strings and reading them from archives and executables. Kept apart
// from buildid.ts (content IDs, rewriting, tool IDs), which needs node:crypto and node:child_process, so the
// no-op fast path can read the build IDs of its targets without loading either.
import { goUnquoteBytes } from '../lib/goquote.js';
import {
  PT_NOTE, bufferReader, elfNotes, fileReader, isELF, isMacho, parseELF, parseMacho,
  type ReaderAt,
} from './buildid-objfile.js';

export const BUILD_ID_SEPARATOR = '/';

/** A build ID problem, worded as go words it ("parse FILE: malformed object file"). */
export class BuildIDError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BuildIDError';
  }
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** buildid.HashToString: the first 120 bits of a hash as 20 URL-safe base64 characters. */
export function hashToString(h: Uint8Array): string {
  let s = '';
  for (let i = 0; i < 5; i++) {
    const v = (h[3 * i]! << 16) | (h[3 * i + 1]! << 8) | h[3 * i + 2]!;
    s += B64[(v >> 18) & 63]! + B64[(v >> 12) & 63]! + B64[(v >> 6) & 63]! + B64[v & 63]!;
  }
  return s;
}

/** The action-ID half of a build ID (up to the first "/"). */
export function actionIDOf(buildID: string): string {
  const i = buildID.indexOf(BUILD_ID_SEPARATOR);
  return i < 0 ? buildID : buildID.slice(0, i);
}

/**
 * The main package's build ID recorded in the middle of an executable's 4-part build ID
 * (link action/package action/package content/link content), when its package half is `pkgActionID`;
 * undefined for other IDs. With it, an up-to-date binary vouches for its main package's compile.
 */
export function mainPackageBuildIDOf(exeBuildID: string, pkgActionID: string): { linkActionID: string; pkgBuildID: string } | undefined {
  const id = exeBuildID.split(BUILD_ID_SEPARATOR);
  if (id.length !== 4 || id[1] !== pkgActionID) return undefined;
  return { linkActionID: id[0]!, pkgBuildID: id[1] + BUILD_ID_SEPARATOR + id[2] };
}

/** The content-ID half of a build ID (after the last "/"). */
export function contentIDOf(buildID: string): string {
  return buildID.slice(buildID.lastIndexOf(BUILD_ID_SEPARATOR) + 1);
}

/**
 * The temporary build ID given to the compiler (-buildid) before the content is known:
 * "A/A" for a package archive, "A/<main package build ID>/A" for an executable (mainBuildID given).
 */
export function placeholderBuildID(actionHash: Uint8Array, mainBuildID?: string): string {
  const a = hashToString(actionHash);
  return mainBuildID === undefined ? `${a}/${a}` : `${a}/${mainBuildID}/${a}`;
}

// ---------------------------------------------------------------- reading

const GO_BUILD_PREFIX = Buffer.from('\xff Go build ID: "', 'latin1');
const GO_BUILD_END = Buffer.from('"\n \xff', 'latin1');
const READ_SIZE = 32 * 1024;

function malformed(name: string): BuildIDError {
  return new BuildIDError(`parse ${name}: malformed object file`);
}

/** Finds the raw "\xff Go build ID: "..."\n \xff" marker in data; "" if absent. */
export function readRawBuildID(name: string, data: Buffer): string {
  const i = data.indexOf(GO_BUILD_PREFIX);
  if (i < 0) return '';
  const j = data.indexOf(GO_BUILD_END, i + GO_BUILD_PREFIX.length);
  if (j < 0) throw malformed(name);
  const id = goUnquoteBytes(data.subarray(i + GO_BUILD_PREFIX.length - 1, j + 1));
  if (id === undefined) throw malformed(name);
  return id.toString('latin1');
}

/** Reads the build ID from a Go package archive's __.PKGDEF header; undefined if this is not one. */
function readArchiveBuildID(data: Buffer): string | undefined {
  const lines = data.toString('latin1').split('\n');
  if (lines.length < 5) return undefined;
  if (lines[0] !== '!<arch>' || !lines[1]!.startsWith('__.PKGDEF') || !lines[2]!.startsWith('go object ')) return undefined;
  if (!lines[3]!.startsWith('build id ')) return '';
  const id = goUnquoteBytes(lines[3]!.slice('build id '.length));
  return id === undefined ? undefined : id.toString('latin1');
}

/** Reads a gccgo-style archive's _buildid.o member's .go.buildid section; "" if none. */
function readGccgoArchiveBuildID(name: string, r: ReaderAt): string {
  let off = 8;
  for (;;) {
    const hdr = r.readAt(off, 60);
    if (hdr.length === 0) return '';
    if (hdr.length < 60) throw new BuildIDError(`read ${name}: unexpected EOF`);
    off += 60;
    const sizeStr = hdr.toString('latin1', 48, 58).trim();
    if (!/^[0-9]+$/.test(sizeStr)) throw malformed(name);
    const size = Number(sizeStr);
    if (hdr.toString('latin1', 0, 16).trim() === '_buildid.o/') {
      const member = r.readAt(off, size);
      try {
        const f = parseELF(bufferReader(member));
        const s = f.sections.find((x) => x.name === '.go.buildid');
        if (!s) throw malformed(name);
        return member.toString('latin1', s.offset, s.offset + s.size);
      } catch (err) {
        if (err instanceof BuildIDError) throw err;
        throw malformed(name);
      }
    }
    off += size;
    if (off & 1) off++;
  }
}

function readELFBuildID(name: string, r: ReaderAt, data: Buffer): string {
  let f;
  try {
    f = parseELF(bufferReader(data), true);
  } catch (err) {
    throw new BuildIDError(`parse ${name}: ${(err as Error).message}`);
  }
  let gnu = '';
  for (const p of f.progs) {
    if (p.type !== PT_NOTE || p.filesz < 16) continue;
    const note = p.off + p.filesz < data.length ? data.subarray(p.off, p.off + p.filesz) : r.readAt(p.off, p.filesz);
    for (const n of elfNotes(f, p, note)) {
      const nm = n.name.toString('latin1');
      if (n.type === 4 && nm === 'Go\0\0') return n.desc.toString('latin1');
      if (n.type === 3 && nm === 'GNU\0') gnu = n.desc.toString('latin1');
    }
  }
  return gnu;
}

function readMachoBuildID(name: string, r: ReaderAt, data: Buffer): string {
  try {
    const b = readRawBuildID(name, data);
    if (b !== '') return b;
  } catch {
    // Fall through to parsing, as go does.
  }
  let f;
  try {
    f = parseMacho(r);
  } catch (err) {
    throw new BuildIDError(`parse ${name}: ${(err as Error).message}`);
  }
  const sect = f.sections.find((s) => s.name === '__text');
  if (!sect) throw new BuildIDError(`parse ${name}: cannot find __text section`);
  return readRawBuildID(name, r.readAt(sect.offset, Math.min(sect.size, READ_SIZE)));
}

/**
 * buildid.ReadFile: the build ID of a package archive or executable (ELF note, Mach-O text, or raw marker
 * for PE/Plan 9/others). "" when the file simply has none. Throws BuildIDError / fs errors otherwise.
 */
export function readBuildID(file: string): string {
  const r = fileReader(file);
  try {
    const head = r.readAt(0, 8);
    if (head.length < 8) throw new BuildIDError(`read ${file}: EOF`);
    const magic = head.toString('latin1');
    if (magic === '!<arch>\n') {
      const id = readArchiveBuildID(r.readAt(0, 1024));
      return id ?? readGccgoArchiveBuildID(file, r);
    }
    const data = Buffer.from(r.readAt(0, READ_SIZE));
    if (isELF(data)) return readELFBuildID(file, r, data);
    if (isMacho(data)) return readMachoBuildID(file, r, data);
    return readRawBuildID(file, data);
  } finally {
    r.close();
  }
}
