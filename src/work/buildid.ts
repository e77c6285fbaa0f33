// Build IDs: content-ID rewriting and tool IDs; the IDs themselves and reading them are in buildidread.ts.
import { execFile, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readFileSync, readSync, statSync, writeSync } from 'node:fs';
import { hashFile } from '../cache/filehash.js';
import { memoToolID, rememberToolID, statKeyOf, type StatKey } from '../cache/statmemo.js';
import {
  FormatError, LC_UUID, bufferReader, isELF, isMacho, parseELF, parseMacho,
} from './buildid-objfile.js';
import { BUILD_ID_SEPARATOR, BuildIDError, contentIDOf, hashToString, readBuildID, readRawBuildID } from './buildidread.js';

export {
  BUILD_ID_SEPARATOR, BuildIDError, actionIDOf, contentIDOf, hashToString, mainPackageBuildIDOf, placeholderBuildID, readBuildID, readRawBuildID,
} from './buildidread.js';


/** go's Builder.buildID: the file's build ID, or (if unreadable) hashToString of its content hash; "" if neither. */
export function buildIDOrHash(file: string): string {
  try {
    return readBuildID(file);
  } catch {
    try {
      return hashToString(hashFile(file));
    } catch {
      return '';
    }
  }
}

// ---------------------------------------------------------------- content IDs

/** Byte ranges that must read as zero when hashing (host build IDs and Mach-O code signatures). */
export function excludedRanges(data: Buffer): [number, number][] {
  const out: [number, number][] = [];
  const r = bufferReader(data);
  if (isELF(data)) {
    try {
      const f = parseELF(r);
      const s = f.sections.find((x) => x.name === '.note.gnu.build-id');
      if (s) out.push([s.offset + 16, s.offset + s.size]);
    } catch {
      // Not parseable: nothing to exclude, as go.
    }
  } else if (isMacho(data)) {
    try {
      const f = parseMacho(r);
      if (f.codeSig) out.push([f.codeSig.dataoff, f.codeSig.dataoff + f.codeSig.datasize]);
      const u = f.loads.find((l) => l.cmd === LC_UUID);
      if (u) out.push([u.offset + 8, u.offset + u.len]);
    } catch {
      // As above.
    }
  }
  return out;
}

/**
 * Offsets of go's FindAndHash matches: each non-overlapping occurrence of idBytes, left to right, in data
 * as read with the excluded ranges zeroed. For an id without NUL bytes an occurrence in that view is an
 * occurrence in data that touches no excluded range, so data need not be copied.
 */
export function findIDOffsets(data: Uint8Array, idBytes: Uint8Array, excluded: readonly [number, number][]): number[] {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const n = idBytes.length;
  const hits = (i: number): boolean => excluded.some(([a, b]) => a < b && i < b && i + n > a);
  const out: number[] = [];
  for (let i = buf.indexOf(idBytes); i >= 0;) {
    if (hits(i)) {
      i = buf.indexOf(idBytes, i + 1);
    } else {
      out.push(i);
      i = buf.indexOf(idBytes, i + n);
    }
  }
  return out;
}

/** Sorted, merged [start, end) ranges clipped to [0, size); empty ones dropped. */
export function mergeRanges(ranges: readonly [number, number][], size: number): [number, number][] {
  const r = ranges.map(([a, b]): [number, number] => [Math.max(0, a), Math.min(size, b)]).filter(([a, b]) => a < b);
  r.sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const [a, b] of r) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** sha256 of data read with the given (sorted, disjoint) ranges as zeros, without copying data. */
export function hashWithZeros(data: Uint8Array, zeroed: readonly [number, number][]): Buffer {
  const h = createHash('sha256');
  let zeros = Buffer.alloc(0);
  let pos = 0;
  for (const [a, b] of zeroed) {
    if (a > pos) h.update(data.subarray(pos, a));
    if (zeros.length < b - a) zeros = Buffer.alloc(b - a);
    h.update(zeros.subarray(0, b - a));
    pos = b;
  }
  if (pos < data.length) h.update(data.subarray(pos));
  return h.digest();
}

/**
 * buildid.FindAndHash over in-memory content: offsets of every (non-overlapping) occurrence of id, and the
 * sha256 of the content with those occurrences and the excluded ranges read as zeros. data is not modified.
 */
export function findAndHash(data: Buffer, id: string): { matches: number[]; hash: Buffer } {
  if (id.length === 0) throw new BuildIDError('buildid.FindAndHash: no id specified');
  const idBytes = Buffer.from(id, 'latin1');
  const excluded = excludedRanges(data);
  if (idBytes.includes(0)) {
    // An id with NUL bytes could match inside an excluded range's zeros: search a zeroed copy, as go reads it.
    const view = Buffer.from(data);
    for (const [a, b] of excluded) view.fill(0, Math.max(0, a), Math.min(view.length, b));
    const matches: number[] = [];
    for (let i = view.indexOf(idBytes); i >= 0; i = view.indexOf(idBytes, i + idBytes.length)) matches.push(i);
    for (const m of matches) view.fill(0, m, m + idBytes.length);
    return { matches, hash: createHash('sha256').update(view).digest() };
  }
  const matches = findIDOffsets(data, idBytes, excluded);
  const zeroed = mergeRanges([...excluded, ...matches.map((m): [number, number] => [m, m + idBytes.length])], data.length);
  return { matches, hash: hashWithZeros(data, zeroed) };
}

/** The final build ID for a file stamped with `buildID`: same prefix, content ID from findAndHash. */
export function contentBuildID(buildID: string, hash: Uint8Array): string {
  const newID = buildID.slice(0, buildID.lastIndexOf(BUILD_ID_SEPARATOR)) + BUILD_ID_SEPARATOR + hashToString(hash);
  if (newID.length !== buildID.length) {
    throw new BuildIDError(`internal error: build ID length mismatch "${buildID}" vs "${newID}"`);
  }
  return newID;
}

// Mach-O ad-hoc code signature, as the Go linker writes it (cmd/internal/codesign's layout).
const CS_PAGE_BITS = 12;
const CS_PAGE = 1 << CS_PAGE_BITS;
const CS_SUPERBLOB = 12;
const CS_BLOB = 8;
const CS_CODEDIR = 13 * 4 + 4 + 4 * 8;

/** Size of the signature the linker reserves for codeSize bytes of signed content. */
export function codeSignatureSize(codeSize: number, ident = 'a.out'): number {
  const nhashes = Math.ceil(codeSize / CS_PAGE);
  return CS_SUPERBLOB + CS_BLOB + CS_CODEDIR + ident.length + 1 + nhashes * 32;
}

/**
 * Recomputes the linker's ad-hoc signature over data[0:dataoff) if the reserved space has the expected size.
 * Returns the [start, end) range it rewrote, if any.
 */
function resignMacho(data: Buffer): [number, number] | undefined {
  if (!isMacho(data)) return undefined;
  let f;
  try {
    f = parseMacho(bufferReader(data));
  } catch {
    return undefined;
  }
  const cs = f.codeSig;
  if (!cs || codeSignatureSize(cs.dataoff) !== cs.datasize) return undefined;
  const text = f.segments.find((s) => s.name === '__TEXT');
  if (!text) return undefined;
  const ident = 'a.out';
  const codeSize = cs.dataoff;
  const nhashes = Math.ceil(codeSize / CS_PAGE);
  const idOff = CS_CODEDIR;
  const hashOff = idOff + ident.length + 1;
  const sz = cs.datasize;
  const out = Buffer.alloc(sz);
  let o = 0;
  const u32 = (v: number): void => { o = out.writeUInt32BE(v >>> 0, o); };
  const u8 = (v: number): void => { o = out.writeUInt8(v, o); };
  const u64 = (v: number): void => { o = out.writeBigUInt64BE(BigInt(v), o); };
  u32(0xfade0cc0); u32(sz); u32(1); // SuperBlob: embedded signature, one entry
  u32(0); u32(CS_SUPERBLOB + CS_BLOB); // Blob: code directory slot
  u32(0xfade0c02); u32(sz - (CS_SUPERBLOB + CS_BLOB)); u32(0x20400); u32(0x20002); // adhoc | linkerSigned
  u32(hashOff); u32(idOff); u32(0); u32(nhashes); u32(codeSize);
  u8(32); u8(2); u8(0); u8(CS_PAGE_BITS); // sha256 hashes of 4 KiB pages
  u32(0); u32(0); u32(0); u32(0);
  u64(0); u64(text.offset); u64(text.filesz); u64(f.fileType === 2 ? 1 : 0); // MH_EXECUTE → main binary
  o += out.write(ident + '\0', o, 'latin1');
  for (let p = 0; p < codeSize; p += CS_PAGE) {
    createHash('sha256').update(data.subarray(p, Math.min(p + CS_PAGE, codeSize))).digest().copy(out, o);
    o += 32;
  }
  out.copy(data, cs.dataoff);
  return [cs.dataoff, cs.dataoff + sz];
}

/**
 * Writes id at each offset of the in-memory file and refreshes a Mach-O code signature, as buildid.Rewrite
 * does. Returns every [start, end) range of data it changed.
 */
export function rewriteBuildIDData(data: Buffer, matches: number[], id: string): [number, number][] {
  const b = Buffer.from(id, 'latin1');
  const changed: [number, number][] = [];
  for (const p of matches) {
    b.copy(data, p);
    changed.push([p, Math.min(p + b.length, data.length)]);
  }
  const sig = resignMacho(data);
  if (sig) changed.push(sig);
  return changed;
}

/** Writes data's bytes in each range to the same offsets of the open file (pwrite, as go's WriteAt). */
export function writeRanges(fd: number, data: Buffer, ranges: readonly [number, number][]): void {
  for (const [a, b] of ranges) {
    for (let off = a; off < b;) off += writeSync(fd, data, off, b - off, off);
  }
}

/** buildid.Rewrite on a file: writes id at the offsets in place (and refreshes a Mach-O signature). */
export function rewriteBuildID(file: string, matches: number[], id: string): void {
  const fd = openSync(file, 'r+');
  try {
    const head = Buffer.alloc(4);
    readSync(fd, head, 0, 4, 0);
    if (isMacho(head)) {
      // The signature covers the whole file: rewrite in memory, then write back what changed.
      const data = readFileSync(file);
      writeRanges(fd, data, rewriteBuildIDData(data, matches, id));
    } else {
      const b = Buffer.from(id, 'latin1');
      for (const p of matches) writeSync(fd, b, 0, b.length, p);
    }
  } finally {
    closeSync(fd);
  }
}

/** An output after stamping: its final build ID and bytes (as now on disk), and where the ID occurs. */
export interface Stamped {
  newID: string;
  data: Buffer;
  matches: number[];
}

/** The read buffer stampBuildID reuses (outputs are megabytes; fresh buffers each time cost page faults and GC). */
let pool = Buffer.alloc(0);

/** Reads the whole open file into the shared pool buffer; returns a view of exactly its bytes. */
function readIntoPool(fd: number): Buffer {
  let size = fstatSync(fd).size;
  for (;;) {
    // Room for one more byte than stat said, so a file that grew is noticed.
    if (pool.length < size + 1) pool = Buffer.allocUnsafe(Math.max(size + 1, Math.min(2 * pool.length, size + (64 << 20))));
    let n = 0;
    for (let k; n < pool.length && (k = readSync(fd, pool, n, pool.length - n, n)) > 0;) n += k;
    if (n < pool.length) return pool.subarray(0, n);
    size = n;
  }
}

/**
 * The post-build half of go's updateBuildID, with one read: reads `file` (stamped with the placeholder
 * `buildID`), computes the content-based ID and writes it over every occurrence in place, as go does.
 * If the placeholder does not occur (e.g. the user passed -ldflags=-buildid=...), the file is left alone.
 * The returned data is a view of a buffer the next call reuses: use (or copy) it before calling again.
 */
export function stampBuildID(file: string, buildID: string): Stamped {
  let data: Buffer;
  const rfd = openSync(file, 'r');
  try {
    data = readIntoPool(rfd);
  } finally {
    closeSync(rfd);
  }
  const { matches, hash } = findAndHash(data, buildID);
  const newID = contentBuildID(buildID, hash);
  if (matches.length === 0) return { newID, data, matches };
  // As go: opened for writing only when there is something to write.
  const wfd = openSync(file, 'r+');
  try {
    writeRanges(wfd, data, rewriteBuildIDData(data, matches, newID));
  } finally {
    closeSync(wfd);
  }
  return { newID, data, matches };
}

/** stampBuildID, returning only the new build ID. */
export function updateBuildID(file: string, buildID: string): string {
  return stampBuildID(file, buildID).newID;
}

// ---------------------------------------------------------------- tool IDs

const toolIDs = new Map<string, string>();
const toolIDFailures = new Map<string, BuildIDError>();

/** Forgets the tool IDs computed so far (resident server: a tool may be replaced between requests; the stat memo keeps them cheap). */
export function forgetToolIDs(): void {
  toolIDs.clear();
  toolIDFailures.clear();
}

/** The environment a tool's `-V=full` answer depends on (internal/buildcfg's settings, read at tool start). */
export const TOOL_ID_ENV = [
  'GOOS', 'GOARCH', 'GO386', 'GOAMD64', 'GOARM', 'GOARM64', 'GOMIPS', 'GOMIPS64', 'GOPPC64', 'GORISCV64',
  'GOWASM', 'GOFIPS140', 'GO_EXTLINK_ENABLED', 'GOEXPERIMENT',
] as const;

/** The environment a tool runs with: env, or gocmd's own process environment when not given. */
type ToolEnv = Readonly<Record<string, string | undefined>>;

/**
 * The memo key for a tool's ID: its name, path and the settings it reads at start, so that an answer
 * (or a failure, e.g. "unsupported setting GO386=sse") under one GO386 is never reused under another.
 */
export function toolIDMemoKey(name: string, path: string, env: ToolEnv): string {
  return [name, path, ...TOOL_ID_ENV.map((k) => `${k}=${env[k] ?? ''}`)].join('\0');
}

/**
 * go's Builder.toolID: the identity of a tool for action IDs, from `<toolexec...> <path> -V=full` run in
 * env (the tools' environment). Release toolchains give the whole trimmed line ("compile version
 * go1.26.8"); devel ones the content ID of "buildID=...". `desc` is used in errors ("go tool compile").
 * Throws BuildIDError with go's text.
 */
export function toolID(name: string, path: string, toolexec: string[] = [], desc = `go tool ${name}`, isVetTool = false, env: ToolEnv = process.env): string {
  const memoKey = toolIDMemoKey(name, path, env);
  const key = [...toolexec, memoKey].join('\0');
  const cached = toolIDs.get(key);
  if (cached) return cached;
  // A failure is reported (with the tool's stderr) once per process: an early build that met it first
  // leaves the main build only the error to throw.
  const failed = toolIDFailures.get(key);
  if (failed) throw failed;
  // Across processes: remembered in GOCACHE per tool binary (path, size, mtime, inode) and settings; not
  // with -toolexec, whose program could answer differently for the same tool.
  let st: StatKey | undefined;
  if (toolexec.length === 0 && !isVetTool) {
    try {
      st = statKeyOf(statSync(path, { bigint: true }));
    } catch {
      st = undefined;
    }
    const id = st ? memoToolID(memoKey, st) : undefined;
    if (id !== undefined) {
      toolIDs.set(key, id);
      return id;
    }
  }
  const argv = [...toolexec, path, '-V=full'];
  const res = spawnSync(argv[0]!, argv.slice(1), { encoding: 'latin1', env: { ...env } });
  if (res.error || res.status !== 0) {
    if (res.stderr) process.stderr.write(res.stderr);
    const why = res.error ? (res.error as Error).message : res.signal ? `signal: ${res.signal}` : `exit status ${res.status}`;
    const err = new BuildIDError(`go: error obtaining buildID for ${desc}: ${why}`);
    toolIDFailures.set(key, err);
    throw err;
  }
  const id = toolIDFromOutput(name, res.stdout, desc, isVetTool);
  toolIDs.set(key, id);
  if (st) rememberToolID(memoKey, st, id);
  return id;
}

/** The tool ID in a tool's `-V=full` output (see toolID); throws BuildIDError with go's text. */
function toolIDFromOutput(name: string, line: string, desc: string, isVetTool: boolean): string {
  const f = line.trim().split(/\s+/).filter((x) => x !== '');
  const devel = f.length >= 3 && f[2]!.includes('devel');
  if (f.length < 3 || (f[0] !== name && !isVetTool) || f[1] !== 'version' || (devel && !f[f.length - 1]!.startsWith('buildID='))) {
    throw new BuildIDError(`go: parsing buildID from ${desc} -V=full: unexpected output:\n\t${line}`);
  }
  return devel ? contentIDOf(f[f.length - 1]!) : line.trim();
}

/**
 * Starts `path -V=full` (in env) in the background, so that a later toolID(name, path, [], …, env) finds
 * the answer ready: with a cold cache the probe then overlaps loading instead of blocking planning. Does
 * nothing when the ID is known or remembered; failures are left for toolID to report. Needs the stat
 * memo opened first to see remembered IDs. Resolves (never rejects) once the probe is over: a caller
 * whose work is all synchronous must await it, as the answer only arrives through the event loop.
 */
export function prefetchToolID(name: string, path: string, env: ToolEnv = process.env): Promise<void> {
  const memoKey = toolIDMemoKey(name, path, env);
  if (toolIDs.has(memoKey)) return Promise.resolve();
  let st: StatKey;
  try {
    st = statKeyOf(statSync(path, { bigint: true }));
  } catch {
    return Promise.resolve();
  }
  const memo = memoToolID(memoKey, st);
  if (memo !== undefined) {
    toolIDs.set(memoKey, memo);
    return Promise.resolve();
  }
  toolIDs.set(memoKey, ''); // '' = probe running: not an answer (toolID treats it as unknown)
  return new Promise((resolve) => {
    execFile(path, ['-V=full'], { encoding: 'latin1', env: { ...env } }, (err, stdout) => {
      resolve();
      if (toolIDs.get(memoKey) !== '') return;
      toolIDs.delete(memoKey);
      if (err) return;
      try {
        const id = toolIDFromOutput(name, stdout, `go tool ${name}`, false);
        toolIDs.set(memoKey, id);
        rememberToolID(memoKey, st, id);
      } catch { /* toolID reports it */ }
    });
  });
}

/** Forgets this process's tool IDs (tests). */
export function resetToolIDs(): void {
  toolIDs.clear();
  toolIDFailures.clear();
}

/** Reads up to n bytes at the start of a file (helper for callers that sniff formats). */
export function readHead(file: string, n: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    const b = Buffer.alloc(n);
    const k = readSync(fd, b, 0, n, 0);
    return b.subarray(0, k);
  } finally {
    closeSync(fd);
  }
}

export { FormatError };
