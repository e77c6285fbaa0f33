// go/build's directory scan: selects and classifies a directory's files for a build context.
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseConstraint, type Expr } from '../lib/constraint.js';
import { evalConstraint, goodOSArchFile, type BuildContext } from './context.js';
import { readGoFile, parseErrorString, type Directive, type GoFileInfo } from './gofile.js';
import type { Package, Pos } from './types.js';
import { emptyCgoFlags, saveCgo, type CgoFlags } from './cgo.js';

/** Which Package file list an extension belongs to (go/build's fileListForExt). */
export type FileListName =
  | 'cFiles' | 'cxxFiles' | 'mFiles' | 'hFiles' | 'fFiles' | 'sFiles' | 'swigFiles' | 'swigCXXFiles' | 'sysoFiles';

export function fileListForExt(ext: string): FileListName | undefined {
  switch (ext) {
    case '.c': return 'cFiles';
    case '.cc': case '.cpp': case '.cxx': return 'cxxFiles';
    case '.m': return 'mFiles';
    case '.h': case '.hh': case '.hpp': case '.hxx': return 'hFiles';
    case '.f': case '.F': case '.for': case '.f90': return 'fFiles';
    case '.s': case '.S': case '.sx': return 'sFiles';
    case '.swig': return 'swigFiles';
    case '.swigcxx': return 'swigCXXFiles';
    case '.syso': return 'sysoFiles';
  }
  return undefined;
}

export function nameExt(name: string): string {
  const i = name.lastIndexOf('.');
  return i < 0 ? '' : name.slice(i);
}

/** A cgo preamble's #cgo directives for one file. */
export interface CgoDirectives {
  file: string;
  lines: string[];
}

/** The go/build view of a directory. */
/** The file lists go/build fills, shared with the Package model (same names and meaning). */
type DirFileLists = Pick<Package,
  | 'dir' | 'name' | 'goFiles' | 'cgoFiles' | 'ignoredGoFiles' | 'invalidGoFiles' | 'ignoredOtherFiles'
  | 'cFiles' | 'cxxFiles' | 'mFiles' | 'hFiles' | 'fFiles' | 'sFiles' | 'swigFiles' | 'swigCXXFiles'
  | 'sysoFiles' | 'testGoFiles' | 'xTestGoFiles'>;

export interface DirInfo extends DirFileLists {
  imports: string[];
  importPos: Record<string, Pos[]>;
  testImports: string[];
  testImportPos: Record<string, Pos[]>;
  xTestImports: string[];
  xTestImportPos: Record<string, Pos[]>;
  embedPatterns: string[];
  embedPatternPos: Record<string, Pos[]>;
  testEmbedPatterns: string[];
  testEmbedPatternPos: Record<string, Pos[]>;
  xTestEmbedPatterns: string[];
  xTestEmbedPatternPos: Record<string, Pos[]>;
  directives: Directive[];
  testDirectives: Directive[];
  xTestDirectives: Directive[];
  allTags: string[];
  binaryOnly: boolean;
  /** #cgo lines of the cgo preambles, per file (to be interpreted by the cgo step). */
  cgoDirectives: CgoDirectives[];
  /** The #cgo flags that apply in this build context (go list's CgoCFLAGS, …). */
  cgo: CgoFlags;
  /** The first error, as go/build reports it (message text), with its kind. */
  error?: DirError;
}

export type DirError =
  | { kind: 'nogo'; dir: string }
  | { kind: 'multiple'; msg: string }
  | { kind: 'parse'; pos: Pos; msg: string; more: number; single?: boolean }
  | { kind: 'other'; msg: string };

export function dirErrorString(e: DirError): string {
  switch (e.kind) {
    case 'nogo': return 'no buildable Go source files in ' + e.dir;
    case 'multiple': case 'other': return e.msg;
    case 'parse': return parseErrorString(e);
  }
}

export class MultipleGoBuildError extends Error {
  constructor() { super('multiple //go:build comments'); }
}

/**
 * go/build's parseFileHeader: the leading run of comments and blank lines (up to the last blank line
 * before non-comment text), the //go:build line if any, and whether //go:binary-only-package was seen.
 */
export function parseFileHeader(content: string): { trimmed: string; goBuild?: string; binaryOnly: boolean } {
  let end = 0;
  let ended = false;
  let inSlashStar = false;
  let goBuild: string | undefined;
  let binaryOnly = false;
  let pos = 0;
  lines: while (pos < content.length) {
    let nl = content.indexOf('\n', pos);
    let line: string;
    if (nl < 0) { line = content.slice(pos); pos = content.length; } else { line = content.slice(pos, nl); pos = nl + 1; }
    line = trimSpaceBytes(line);
    if (line.length === 0 && !ended) {
      end = pos;
      continue;
    }
    if (!line.startsWith('//')) ended = true;
    if (!inSlashStar && isGoBuildComment(line)) {
      if (goBuild !== undefined) throw new MultipleGoBuildError();
      goBuild = line;
    }
    if (!inSlashStar && line === '//go:binary-only-package') binaryOnly = true;
    while (line.length > 0) {
      if (inSlashStar) {
        const i = line.indexOf('*/');
        if (i >= 0) {
          inSlashStar = false;
          line = trimSpaceBytes(line.slice(i + 2));
          continue;
        }
        continue lines;
      }
      if (line.startsWith('//')) continue lines;
      if (line.startsWith('/*')) {
        inSlashStar = true;
        line = trimSpaceBytes(line.slice(2));
        continue;
      }
      break lines;
    }
    nl = 0;
  }
  return { trimmed: content.slice(0, end), goBuild, binaryOnly };
}

function isAsciiSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

function trimSpaceBytes(s: string): string {
  let i = 0;
  let j = s.length;
  while (i < j && isAsciiSpace(s.charCodeAt(i))) i++;
  while (j > i && isAsciiSpace(s.charCodeAt(j - 1))) j--;
  return i === 0 && j === s.length ? s : s.slice(i, j);
}

function isGoBuildComment(line: string): boolean {
  if (!line.startsWith('//go:build')) return false;
  const rest = trimSpaceBytes(line).slice('//go:build'.length);
  return rest.length === 0 || trimSpaceBytes(rest).length < rest.length;
}

/** go/build's shouldBuild over a header (latin1 text). Throws Error with go's message on bad //go:build. */
export function shouldBuild(ctxt: BuildContext, content: string, allTags?: Set<string>): { ok: boolean; binaryOnly: boolean } {
  const { trimmed, goBuild, binaryOnly } = parseFileHeader(content);
  if (goBuild !== undefined) {
    let x: Expr;
    try {
      x = parseConstraint(goBuild);
    } catch (e) {
      throw new Error(`parsing //go:build line: ${(e as Error).message}`);
    }
    return { ok: evalConstraint(ctxt, x, allTags), binaryOnly };
  }
  let ok = true;
  for (const raw of trimmed.split('\n')) {
    const line = trimSpaceBytes(raw);
    if (!line.startsWith('//') || !line.includes('+build')) continue;
    let x: Expr;
    try {
      x = parseConstraint(line);
    } catch {
      continue;
    }
    if (!evalConstraint(ctxt, x, allTags)) ok = false;
  }
  return { ok, binaryOnly };
}

export interface MatchedFile {
  name: string;
  ext: string;
  /** Set for .go files. */
  go?: GoFileInfo;
  binaryOnly: boolean;
}

/**
 * go/build's matchFile: undefined when the file is not part of the build (by name, suffix or constraint).
 * Throws Error for read failures and constraint syntax errors (message as go/build formats it).
 */
export async function matchFile(ctxt: BuildContext, dir: string, name: string, allTags?: Set<string>): Promise<MatchedFile | undefined> {
  if (name.startsWith('_') || name.startsWith('.')) return undefined;
  const i = name.lastIndexOf('.');
  const ext = i < 0 ? '' : name.slice(i);
  if (ext !== '.go' && fileListForExt(ext) === undefined) return undefined;
  if (!goodOSArchFile(ctxt, name, allTags) && !ctxt.useAllFiles) return undefined;
  if (ext === '.syso') return { name, ext, binaryOnly: false };
  const full = join(dir, name);
  let data: string;
  let truncated: boolean;
  try {
    ({ data, truncated } = readHead(full));
  } catch (e) {
    throw new Error(`read ${full}: open ${full}: ${errnoText(e)}`);
  }
  let go: GoFileInfo | undefined;
  let header: string;
  if (ext === '.go') {
    go = readGoFile(full, data);
    if (truncated && (go.stopEnd >= data.length || go.hasEmbed || go.parseError)) {
      data = readFileSync(full).toString('latin1');
      go = readGoFile(full, data);
    }
    header = data;
  } else {
    header = leadingComments(data);
    if (truncated && header.length >= data.length - 2) {
      data = readFileSync(full).toString('latin1');
      header = leadingComments(data);
    }
  }
  let r: { ok: boolean; binaryOnly: boolean };
  try {
    r = shouldBuild(ctxt, header, allTags);
  } catch (e) {
    throw new Error(`${name}: ${(e as Error).message}`);
  }
  if (!r.ok && !ctxt.useAllFiles) return undefined;
  const binaryOnly = ext === '.go' && !name.endsWith('_test.go') && r.binaryOnly;
  return { name, ext, go, binaryOnly };
}

const HEAD_CHUNK = 4 * 1024;
const headBuf = Buffer.allocUnsafe(HEAD_CHUNK);

/**
 * Reads the first chunk of a file (latin1), reporting whether the file is longer.
 * Synchronous on purpose: for many small cached reads it is much cheaper than FileHandle round trips.
 */
function readHead(file: string): { data: string; truncated: boolean } {
  const fd = openSync(file, 'r');
  try {
    const n = readSync(fd, headBuf, 0, HEAD_CHUNK, 0);
    return { data: headBuf.toString('latin1', 0, n), truncated: n === HEAD_CHUNK };
  } finally {
    closeSync(fd);
  }
}

/** The leading white space and comments of a non-Go file (go/build's readComments). */
function leadingComments(s: string): string {
  let i = 0;
  for (;;) {
    while (i < s.length && ' \t\r\n;'.includes(s[i]!)) i++;
    if (s.startsWith('//', i)) {
      const nl = s.indexOf('\n', i);
      i = nl < 0 ? s.length : nl;
      continue;
    }
    if (s.startsWith('/*', i)) {
      const e = s.indexOf('*/', i + 2);
      if (e < 0) return s;
      i = e + 2;
      continue;
    }
    return s.slice(0, i);
  }
}

function emptyDirInfo(dir: string): DirInfo {
  return {
    dir, name: '', goFiles: [], cgoFiles: [], ignoredGoFiles: [], invalidGoFiles: [], ignoredOtherFiles: [],
    cFiles: [], cxxFiles: [], mFiles: [], hFiles: [], fFiles: [], sFiles: [], swigFiles: [], swigCXXFiles: [],
    sysoFiles: [], testGoFiles: [], xTestGoFiles: [], imports: [], importPos: {}, testImports: [],
    testImportPos: {}, xTestImports: [], xTestImportPos: {}, embedPatterns: [], embedPatternPos: {},
    testEmbedPatterns: [], testEmbedPatternPos: {}, xTestEmbedPatterns: [], xTestEmbedPatternPos: {},
    directives: [], testDirectives: [], xTestDirectives: [], allTags: [], binaryOnly: false, cgoDirectives: [],
    cgo: emptyCgoFlags(),
  };
}

function addPos(m: Record<string, Pos[]>, key: string, pos: Pos): void {
  (m[key] ??= []).push(pos);
}

/** Lists a directory's entries as go/build sees them: sorted names, with directories (and symlinks to them) dropped. */
async function listFiles(dir: string): Promise<string[]> {
  let ents;
  try {
    ents = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    throw new Error(`open ${dir}: ${errnoText(e)}`);
  }
  const names: string[] = [];
  for (const d of ents) {
    if (d.isDirectory()) continue;
    if (d.isSymbolicLink()) {
      try {
        if ((await stat(join(dir, d.name))).isDirectory()) continue;
      } catch { /* dangling link: treat as file */ }
    }
    names.push(d.name);
  }
  return names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Scans dir like go/build's Import(".", dir): all file lists, imports and positions, directives, and
 * the first error. Throws only when the directory cannot be read.
 */
export async function scanDir(ctxt: BuildContext, dir: string, names?: string[]): Promise<DirInfo> {
  const p = emptyDirInfo(dir);
  // An explicit list (files named on the command line) is used as given, in order.
  names ??= await listFiles(dir);
  const allTags = new Set<string>();
  // Read all candidate files in parallel, then classify in name order.
  const results = await Promise.all(names.map(async (name) => {
    try {
      return { name, m: await matchFile(ctxt, dir, name, allTags) };
    } catch (e) {
      return { name, err: e as Error };
    }
  }));
  let badErr: DirError | undefined;
  const bad = new Set<string>();
  const badGoFile = (name: string, err: DirError): void => {
    badErr ??= err;
    if (!bad.has(name)) {
      p.invalidGoFiles.push(name);
      bad.add(name);
    }
  };
  const sFilesUpper: string[] = [];
  let firstFile = '';
  for (const r of results) {
    const { name } = r;
    const ext = nameExt(name);
    if ('err' in r && r.err) {
      if (name.endsWith('.go')) badGoFile(name, { kind: 'other', msg: r.err.message });
      continue;
    }
    const m = r.m;
    if (!m) {
      if (name.startsWith('_') || name.startsWith('.')) continue;
      if (ext === '.go') p.ignoredGoFiles.push(name);
      else if (fileListForExt(ext)) p.ignoredOtherFiles.push(name);
      continue;
    }
    if (ext !== '.go') {
      if (ext === '.S' || ext === '.sx') sFilesUpper.push(name);
      else p[fileListForExt(ext)!].push(name);
      continue;
    }
    if (m.binaryOnly) p.binaryOnly = true;
    const info = m.go!;
    if (info.parseError) badGoFile(name, { kind: 'parse', ...info.parseError });
    let pkg = info.name;
    if (pkg === 'documentation') {
      p.ignoredGoFiles.push(name);
      continue;
    }
    const isTest = name.endsWith('_test.go');
    let isXTest = false;
    if (isTest && pkg.endsWith('_test') && p.name !== pkg) {
      isXTest = true;
      pkg = pkg.slice(0, -'_test'.length);
    }
    if (p.name === '') {
      p.name = pkg;
      firstFile = name;
    } else if (pkg !== p.name) {
      badGoFile(name, { kind: 'multiple', msg: `found packages ${p.name} (${firstFile}) and ${pkg} (${name}) in ${dir}` });
    }
    let isCgo = false;
    for (const imp of info.imports) {
      if (imp.path !== 'C') continue;
      if (isTest) {
        badGoFile(name, { kind: 'other', msg: `use of cgo in test ${join(dir, name)} not supported` });
        continue;
      }
      isCgo = true;
      if (imp.doc) {
        const lines = imp.doc.split('\n').map((l) => l.trim()).filter((l) => l.startsWith('#cgo'));
        if (lines.length > 0) p.cgoDirectives.push({ file: name, lines });
        try {
          saveCgo(ctxt, join(dir, name), dir, imp.doc, p.cgo);
        } catch (e) {
          badGoFile(name, { kind: 'other', msg: (e as Error).message });
        }
      }
    }
    let list: string[];
    let importPos: Record<string, Pos[]> | undefined;
    let embedPos: Record<string, Pos[]> | undefined;
    let directives: Directive[] | undefined;
    if (isCgo) {
      allTags.add('cgo');
      if (ctxt.cgoEnabled) {
        list = p.cgoFiles; importPos = p.importPos; embedPos = p.embedPatternPos; directives = p.directives;
      } else {
        list = p.ignoredGoFiles;
      }
    } else if (isXTest) {
      list = p.xTestGoFiles; importPos = p.xTestImportPos; embedPos = p.xTestEmbedPatternPos; directives = p.xTestDirectives;
    } else if (isTest) {
      list = p.testGoFiles; importPos = p.testImportPos; embedPos = p.testEmbedPatternPos; directives = p.testDirectives;
    } else {
      list = p.goFiles; importPos = p.importPos; embedPos = p.embedPatternPos; directives = p.directives;
    }
    list.push(name);
    if (importPos) for (const imp of info.imports) addPos(importPos, imp.path, imp.pos);
    if (embedPos) for (const e of info.embeds) addPos(embedPos, e.pattern, e.pos);
    if (directives) directives.push(...info.directives);
  }
  p.allTags = [...allTags].sort();
  const keys = (m: Record<string, Pos[]>): string[] => Object.keys(m).sort(cmpStr);
  p.imports = keys(p.importPos);
  p.testImports = keys(p.testImportPos);
  p.xTestImports = keys(p.xTestImportPos);
  p.embedPatterns = keys(p.embedPatternPos);
  p.testEmbedPatterns = keys(p.testEmbedPatternPos);
  p.xTestEmbedPatterns = keys(p.xTestEmbedPatternPos);
  if (p.cgoFiles.length > 0) {
    p.sFiles.push(...sFilesUpper);
    p.sFiles.sort(cmpStr);
  } else {
    p.ignoredOtherFiles.push(...sFilesUpper);
    p.ignoredOtherFiles.sort(cmpStr);
  }
  if (badErr) p.error = badErr;
  else if (p.goFiles.length + p.cgoFiles.length + p.testGoFiles.length + p.xTestGoFiles.length === 0) p.error = { kind: 'nogo', dir };
  return p;
}

/** The strerror text go prints for a Node file system error. */
export function errnoText(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT': return 'no such file or directory';
    case 'EACCES': return 'permission denied';
    case 'ENOTDIR': return 'not a directory';
    case 'EISDIR': return 'is a directory';
    case 'ELOOP': return 'too many levels of symbolic links';
    case 'EMFILE': return 'too many open files';
    default: return (e as Error).message;
  }
}

export function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
