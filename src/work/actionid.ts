// Action IDs: the hash of every input of a compile or link, written line by line as go writes them.
import { join, sep } from 'node:path';
import { CacheHash, goQuote } from '../cache/index.js';
import type { Package } from '../load/types.js';
import { actual } from '../base/fsys.js';
import type { Action } from './action.js';
import { hashToString } from './action.js';
import { goQuoteList } from './quote.js';
import { fuzzInstrumentFlags } from './toolargs.js';

export interface ActionIDEnv {
  goos: string;
  goarch: string;
  trimpath: boolean;
  workDir: string;
  archEnv: { key: string; value: string };
  goexperiment: string;
  forcedGcflags: string[];
  forcedAsmflags: string[];
  forcedLdflags: string[];
  ldBuildmode: string;
  buildmode: string;
  goroot: string;
  extlinkEnabled: string;
  /** Magic compiler debugging variables from the process environment. */
  env: NodeJS.ProcessEnv;
  toolID(name: string): string;
  fileHash(file: string): string;
  gcflags(p: Package): string[];
  asmflags(p: Package): string[];
  ldflags(p: Package): string[];
  buildInfo(p: Package): string;
  omitDebug(p: Package): boolean;
  /** The cgo lines of a cgo package's action ID (tool ID, CC and flags, C compiler IDs): go's "cgo ..." block. */
  cgoLines?(p: Package): string;
}

/** contentID: the part of a build ID after the last slash. */
export function contentID(buildID: string): string {
  return buildID.slice(buildID.lastIndexOf('/') + 1);
}

/** go's buildActionID for a compile action whose deps have finished. */
export function buildActionID(a: Action, e: ActionIDEnv): Buffer {
  const p = a.pkg!;
  const h = new CacheHash('build ' + p.importPath);
  h.write('compile\n');
  if (e.trimpath) {
    if (p.module) h.write(`module ${p.module.path}@${p.module.version ?? ''}\n`);
  } else if (p.goroot) {
    // Paths in GOROOT are always rewritten; nothing to add.
  } else if (!p.dir.startsWith(e.workDir)) {
    h.write(`dir ${p.dir}\n`);
  }
  if (p.module) h.write(`go ${p.module.goVersion ?? ''}\n`);
  h.write(`goos ${e.goos} goarch ${e.goarch}\n`);
  h.write(`import ${goQuote(p.importPath)}\n`);
  // Internal.Local: packages named by files on the command line, or (GOPATH mode) by a relative directory.
  const local = p.internal.cmdlineFiles === true || p.internal.local === true;
  h.write(`omitdebug ${e.omitDebug(p)} standard ${p.standard} local ${local} prefix ${goQuote(p.internal.localPrefix ?? '')}\n`);
  if (e.trimpath) h.write('trimpath\n');
  if (p.internal.forceLibrary) h.write('forcelibrary\n');
  if (p.cgoFiles.length + p.swigFiles.length + p.swigCXXFiles.length > 0 && e.cgoLines) h.write(e.cgoLines(p));
  const cover = p.internal.cover?.mode ?? '';
  if (cover !== '') h.write(`cover ${goQuote(cover)} ${goQuote(e.toolID('cover'))}\n`);
  const fuzz = fuzzInstrumentFlags(p, e.goos, e.goarch);
  if (fuzz.length > 0) h.write(`fuzz ${goQuoteList(fuzz)}\n`);
  const info = e.buildInfo(p);
  if (info) h.write(`modinfo ${goQuote(info)}\n`);
  h.write(`compile ${e.toolID('compile')} ${goQuoteList(e.forcedGcflags)} ${goQuoteList(e.gcflags(p))}\n`);
  if (p.sFiles.length > 0) h.write(`asm ${goQuote(e.toolID('asm'))} ${goQuoteList(e.forcedAsmflags)} ${goQuoteList(e.asmflags(p))}\n`);
  h.write(`${e.archEnv.key}=${e.archEnv.value}\n`);
  if (e.goexperiment) h.write(`GOEXPERIMENT=${goQuote(e.goexperiment)}\n`);
  for (const m of ['GOCLOBBERDEADHASH', 'GOSSAFUNC', 'GOSSADIR', 'GOCOMPILEDEBUG']) {
    const v = e.env[m];
    if (v) h.write(`magic ${m}=${v}\n`);
  }
  const inputs = [...p.goFiles, ...p.cgoFiles, ...p.cFiles, ...p.cxxFiles, ...p.fFiles, ...p.mFiles, ...p.hFiles, ...p.sFiles,
    ...p.sysoFiles, ...p.swigFiles, ...p.swigCXXFiles, ...p.embedFiles];
  // Under -overlay a file's hash is its replacement's (go's fileHash of fsys.Actual).
  // Joined even when absolute, as go does: go list -test's main, its file in the build cache, hashes as "".
  // The directory is normalized once, not per file by path.join (most of this loop's allocation).
  const base = p.dir === '' ? '' : join(p.dir, '.');
  for (const f of inputs) h.write(`file ${f} ${e.fileHash(actual(inDir(base, f)))}\n`);
  for (const a1 of a.deps) {
    if (a1.pkg) h.write(`import ${a1.pkg.importPath} ${contentID(a1.buildID)}\n`);
    if (a1.mode === PGO_MODE) h.write(`pgofile ${e.fileHash(actual(a1.built))}\n`);
  }
  return h.sum();
}

/**
 * path.join(base, f) for a normalized base: concatenated when f is a plain relative path (a package's
 * own file names, embedded files), joined otherwise.
 */
export function inDir(base: string, f: string): string {
  if (base === '' || base === '.' || base.endsWith(sep) || f === '' || f.startsWith(sep) || f.endsWith(sep) || f.includes(sep + sep)) return join(base, f);
  for (let i = f.indexOf('.'); i >= 0; i = f.indexOf('.', i + 1)) {
    // A "." or ".." element is normalized away by join.
    const start = i === 0 || f[i - 1] === sep;
    const end = f[i + 1] === '.' ? i + 2 : i + 1;
    if (start && (end === f.length || f[end] === sep)) return join(base, f);
  }
  return base + sep + f;
}

/** The mode of the action that preprocesses a PGO profile (go's "preprocess PGO profile"). */
export const PGO_MODE = 'preprocess PGO profile';

/** go's pgoActionID: the preprofile tool and the content of the profile it reads. */
export function pgoActionID(input: string, e: Pick<ActionIDEnv, 'toolID' | 'fileHash'>): Buffer {
  const h = new CacheHash('preprocess PGO profile ' + input);
  h.write('preprocess PGO profile\n');
  h.write(`preprofile ${e.toolID('preprofile')}\n`);
  h.write(`input ${goQuote(e.fileHash(actual(input)))}\n`);
  return h.sum();
}

/** go's linkActionID for a link action whose deps have finished. */
export function linkActionID(a: Action, e: ActionIDEnv, readBuildID: (file: string) => string): Buffer {
  const p = a.pkg!;
  const h = new CacheHash('link ' + p.importPath);
  h.write('link\n');
  h.write(`buildmode ${e.buildmode} goos ${e.goos} goarch ${e.goarch}\n`);
  h.write(`import ${goQuote(p.importPath)}\n`);
  h.write(`omitdebug ${e.omitDebug(p)} standard ${p.standard} local ${p.internal.cmdlineFiles === true || p.internal.local === true} prefix ${goQuote(p.internal.localPrefix ?? '')}\n`);
  h.write(`defaultgodebug ${goQuote(p.defaultGODEBUG ?? '')}\n`);
  if (e.trimpath) h.write('trimpath\n');
  h.write(`link ${e.toolID('link')} ${goQuoteList(e.forcedLdflags)} ${e.ldBuildmode}\n`);
  h.write(`linkflags ${goQuoteList(e.ldflags(p))}\n`);
  h.write(`${e.archEnv.key}=${e.archEnv.value}\n`);
  if (e.goexperiment) h.write(`GOEXPERIMENT=${goQuote(e.goexperiment)}\n`);
  h.write(`GOROOT=${e.trimpath ? '' : e.goroot}\n`);
  h.write(`GO_EXTLINK_ENABLED=${e.extlinkEnabled}\n`);
  for (const a1 of a.deps) {
    const p1 = a1.pkg;
    if (!p1) continue;
    if (a1.built !== '' || a1.buildID !== '') {
      const id = a1.buildID !== '' ? a1.buildID : readBuildID(a1.built);
      h.write(`packagefile ${p1.importPath}=${contentID(id)}\n`);
    }
    if (p1.name === 'main') h.write(`packagemain ${a1.buildID}\n`);
    if (p1.shlib) h.write(`packageshlib ${p1.importPath}=${contentID(readBuildID(p1.shlib))}\n`);
  }
  return h.sum();
}

export { hashToString };
