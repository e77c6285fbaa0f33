// go/build's directory scan: selects and classifies a directory's files for a build context.
import { goQuote } from '../lib/goquote.js';
import { unquoteImportComment } from './importcomment.js';
import { join } from 'node:path';
import { parseConstraint, type Expr } from '../lib/constraint.js';
import { evalConstraint, goodOSArchFile, type BuildContext } from './context.js';
import { parseErrorString, type Directive, type GoFileInfo } from './gofile.js';
import { cmpStr, fileListForExt, nameExt, parseFileHeader, trimSpaceBytes } from './header.js';
import type { PackageIndex } from './pkgindex.js';
import { listFiles, readRawFile, type RawFile } from './rawfile.js';
import type { Package, Pos } from './types.js';
import { emptyCgoFlags, saveCgo, type CgoFlags } from './cgo.js';

export { cmpStr, fileListForExt, nameExt, parseFileHeader, MultipleGoBuildError, type FileListName } from './header.js';

/** A cgo preamble's #cgo directives for one file. */
export interface CgoDirectives {
  file: string;
  lines: string[];
}

/** The file lists go/build fills, shared with the Package model (same names and meaning). */
type DirFileLists = Pick<Package,
  | 'dir' | 'name' | 'goFiles' | 'cgoFiles' | 'ignoredGoFiles' | 'invalidGoFiles' | 'ignoredOtherFiles'
  | 'cFiles' | 'cxxFiles' | 'mFiles' | 'hFiles' | 'fFiles' | 'sFiles' | 'swigFiles' | 'swigCXXFiles'
  | 'sysoFiles' | 'testGoFiles' | 'xTestGoFiles'>;

/** The go/build view of a directory. */
export interface DirInfo extends DirFileLists {
  /** The Go files' package doc synopses, as read (null: none; absent: not determined). */
  fileDocs?: Map<string, string | null>;
  /** GOPATH mode: the path the files' import comments agree on ("" if none). */
  importComment: string;
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

/** Parsed constraint lines, shared by every directory of a process (std repeats the same few lines). */
const constraintMemo = new Map<string, Expr | Error>();

function parseConstraintMemo(line: string): Expr | Error {
  let x = constraintMemo.get(line);
  if (x === undefined) {
    try {
      x = parseConstraint(line);
    } catch (e) {
      x = e as Error;
    }
    constraintMemo.set(line, x);
  }
  return x;
}

/** A constraint line's value in one build context and the tags it consulted. */
interface LineEval {
  ok: boolean;
  tags: string[];
}

/** Per build context: constraint line → its evaluation (std has a few hundred distinct lines over thousands of files). */
const evalMemo = new WeakMap<BuildContext, Map<string, LineEval | Error>>();

function evalLine(ctxt: BuildContext, line: string): LineEval | Error {
  let m = evalMemo.get(ctxt);
  if (!m) {
    m = new Map();
    evalMemo.set(ctxt, m);
  }
  let r = m.get(line);
  if (r === undefined) {
    const x = parseConstraintMemo(line);
    if (x instanceof Error) {
      r = x;
    } else {
      const tags = new Set<string>();
      r = { ok: evalConstraint(ctxt, x, tags), tags: [...tags] };
    }
    m.set(line, r);
  }
  return r;
}

/** go/build's shouldBuild over the recorded header lines. Throws Error with go's message on a bad //go:build. */
function rawShouldBuild(ctxt: BuildContext, goBuild: string | undefined, plusBuild: string[] | undefined, allTags?: Set<string>): boolean {
  if (goBuild !== undefined) {
    const r = evalLine(ctxt, goBuild);
    if (r instanceof Error) throw new Error(`parsing //go:build line: ${r.message}`);
    if (allTags) for (const t of r.tags) allTags.add(t);
    return r.ok;
  }
  let ok = true;
  for (const line of plusBuild ?? []) {
    const r = evalLine(ctxt, line);
    if (r instanceof Error) continue;
    if (allTags) for (const t of r.tags) allTags.add(t);
    if (!r.ok) ok = false;
  }
  return ok;
}

/** go/build's shouldBuild over a header (latin1 text). Throws Error with go's message on bad //go:build. */
export function shouldBuild(ctxt: BuildContext, content: string, allTags?: Set<string>): { ok: boolean; binaryOnly: boolean } {
  const { trimmed, goBuild, binaryOnly } = parseFileHeader(content);
  let plusBuild: string[] | undefined;
  if (goBuild === undefined) {
    plusBuild = trimmed.split('\n').map(trimSpaceBytes).filter((l) => l.startsWith('//') && l.includes('+build'));
  }
  return { ok: rawShouldBuild(ctxt, goBuild, plusBuild, allTags), binaryOnly };
}

export interface MatchedFile {
  name: string;
  ext: string;
  /** Set for .go files. */
  go?: GoFileInfo;
  binaryOnly: boolean;
}

/**
 * go/build's matchFile over a file's recorded facts (getRaw is called only for files it would read):
 * undefined when the file is not part of the build (by name, suffix or constraint).
 * Throws Error for read failures and constraint syntax errors (message as go/build formats it).
 */
function matchRaw(ctxt: BuildContext, name: string, getRaw: (name: string) => RawFile, allTags?: Set<string>): MatchedFile | undefined {
  if (name.startsWith('_') || name.startsWith('.')) return undefined;
  const ext = nameExt(name);
  if (ext !== '.go' && fileListForExt(ext) === undefined) return undefined;
  if (!goodOSArchFile(ctxt, name, allTags) && !ctxt.useAllFiles) return undefined;
  if (ext === '.syso') return { name, ext, binaryOnly: false };
  const raw = getRaw(name);
  if (raw.readErr !== undefined) throw new Error(raw.readErr);
  let ok: boolean;
  try {
    if (raw.headerErr !== undefined) throw new Error(raw.headerErr);
    ok = rawShouldBuild(ctxt, raw.goBuild, raw.plusBuild, allTags);
  } catch (e) {
    throw new Error(`${name}: ${(e as Error).message}`);
  }
  if (!ok && !ctxt.useAllFiles) return undefined;
  const binaryOnly = ext === '.go' && !name.endsWith('_test.go') && raw.binaryOnly;
  const m: MatchedFile = { name, ext, binaryOnly };
  if (raw.go) m.go = raw.go;
  return m;
}

/**
 * go/build's matchFile: undefined when the file is not part of the build (by name, suffix or constraint).
 * Throws Error for read failures and constraint syntax errors (message as go/build formats it).
 */
export async function matchFile(ctxt: BuildContext, dir: string, name: string, allTags?: Set<string>): Promise<MatchedFile | undefined> {
  return matchRaw(ctxt, name, (n) => readRawFile(dir, n), allTags);
}

function emptyDirInfo(dir: string): DirInfo {
  return {
    dir, name: '', importComment: '', goFiles: [], cgoFiles: [], ignoredGoFiles: [], invalidGoFiles: [], ignoredOtherFiles: [],
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

/**
 * Scans dir like go/build's Import(".", dir): all file lists, imports and positions, directives, and
 * the first error. Throws only when the directory cannot be read. `names`: without an index, an explicit
 * file list (files named on the command line), used as given, in order; with `index` (the package index,
 * consulted first), the directory's sorted non-directory entries when the caller has already listed it.
 */
export async function scanDir(ctxt: BuildContext, dir: string, names?: string[], index?: PackageIndex): Promise<DirInfo> {
  if (index) {
    const hit = index.rawDir(dir, names);
    if (hit) return classifyDir(ctxt, dir, hit.names, (n) => hit.files.get(n) ?? readRawFile(dir, n));
  }
  return classifyDir(ctxt, dir, names ?? listFiles(dir), (n) => readRawFile(dir, n));
}

/** go/build's classification of a directory's files for ctxt, given their names and recorded facts. */
export function classifyDir(ctxt: BuildContext, dir: string, names: readonly string[], getFile: (name: string) => RawFile): DirInfo {
  const p = emptyDirInfo(dir);
  const docs = new Map<string, string | null>();
  p.fileDocs = docs;
  const getRaw = (name: string): RawFile => {
    const r = getFile(name);
    if (r.doc !== undefined) docs.set(name, r.doc);
    return r;
  };
  const allTags = new Set<string>();
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
  let firstCommentFile = '';
  // Indexed loops here and below: this runs for every file of every directory loaded, mostly before V8
  // optimizes it, and an unoptimized for-of allocates an iterator result per element.
  for (let ni = 0; ni < names.length; ni++) {
    const name = names[ni]!;
    const ext = nameExt(name);
    let m: MatchedFile | undefined;
    try {
      m = matchRaw(ctxt, name, getRaw, allTags);
    } catch (e) {
      if (name.endsWith('.go')) badGoFile(name, { kind: 'other', msg: (e as Error).message });
      continue;
    }
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
    if (ctxt.importComment && info.importComment) {
      const com = unquoteImportComment(info.importComment.quoted);
      if (com === undefined) {
        badGoFile(name, { kind: 'other', msg: `${join(dir, name)}:${info.importComment.line}: cannot parse import comment` });
      } else if (p.importComment === '') {
        p.importComment = com;
        firstCommentFile = name;
      } else if (p.importComment !== com) {
        badGoFile(name, { kind: 'other', msg: `found import comments ${goQuote(p.importComment)} (${firstCommentFile}) and ${goQuote(com)} (${name}) in ${dir}` });
      }
    }
    let isCgo = false;
    const imports = info.imports;
    for (let k = 0; k < imports.length; k++) {
      const imp = imports[k]!;
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
    if (importPos) for (let k = 0; k < imports.length; k++) addPos(importPos, imports[k]!.path, imports[k]!.pos);
    if (embedPos) for (let k = 0; k < info.embeds.length; k++) addPos(embedPos, info.embeds[k]!.pattern, info.embeds[k]!.pos);
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
