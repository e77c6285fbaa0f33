// The cgo step of a package build: run the cgo tool, compile the C/C++/Fortran/assembly files with the C
// toolchain, find the dynamic imports (_cgo_main.o, _cgo_.o, cgo -dynimport), and hand the build the Go
// files and objects to compile and pack. Command lines, object names and their order are go's, so the
// archive (and the binary linked from it) has the same bytes.
import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { subkey } from '../cache/index.js';
import { lookPath } from '../cfg/goroot.js';
import type { Package } from '../load/types.js';
import type { Action } from './action.js';
import { hashToString } from './action.js';
import type { CToolchain } from './ccompiler.js';
import { cgoCFlags, envList, getPkgConfigFlags, type CgoCompilerFlags } from './cgoflags.js';
import { checkCompilerFlags, checkLinkerFlags, flagsNotCompatibleWithInternalLinking } from './cgosecurity.js';
import { cgoOverlayFiles, nonGoOverlayPlan } from './overlayfiles.js';
import { goQuote } from './quote.js';
import type { Shell } from './shell.js';

/**
 * How a cgo package's assembly is split: gcc assembles it all, but for runtime/cgo, which bridges the two
 * worlds and keeps Go assembly of its own: there gcc gets only the gcc_ files and asm the rest.
 */
export function cgoAssembly(p: Package): { gcc: string[]; asm: string[] } {
  if (!(p.standard && p.importPath === 'runtime/cgo')) return { gcc: p.sFiles, asm: [] };
  return { gcc: p.sFiles.filter((f) => f.startsWith('gcc_')), asm: p.sFiles.filter((f) => !f.startsWith('gcc_')) };
}

/** The package uses cgo or SWIG (go's UsesCgo || UsesSwig). */
export function usesCgo(p: Package): boolean {
  return p.cgoFiles.length > 0 || p.swigFiles.length > 0 || p.swigCXXFiles.length > 0;
}

/** What the cgo step needs from the Builder running it. */
export interface CgoStepEnv {
  sh: Shell;
  cc: CToolchain;
  getenv(key: string): string;
  toolDir: string;
  toolexec: string[];
  goroot: string;
  goos: string;
  goarch: string;
  trimpath: boolean;
  dryRun: boolean;
  /** The directory go reports paths relative to (base.Cwd). */
  cwd: string;
  buildmode: string;
  msan: boolean;
  asan: boolean;
  /** Environment additions of every tool (cfgChangedEnv). */
  changedEnv: string[];
  /** How many C compiles may run at once (the build's -p). */
  parallel: number;
  /**
   * Borrows one more slot of the build's -p pool for a compile beyond the first (which runs in the
   * package action's own slot), so the build runs at most -p processes, as go's separate cgo compile
   * actions do. Without it the compiles run up to parallel at once.
   */
  acquireSlot?: () => Promise<() => void>;
}

/** The result of the cgo step: Go files to compile with the package's, and objects to pack after them. */
export interface CgoOutputs {
  goFiles: string[];
  objects: string[];
}

const CC_ENV = ['TERM=dumb'];

/** go's mkAbs: f evaluated in dir; absolute paths and $WORK paths (-n) are left alone. */
export function mkAbs(dir: string, f: string): string {
  return isAbsolute(f) || f.startsWith('$WORK') ? f : join(dir, f);
}

/** One C toolchain compile of the cgo step (go's "cgo compile <file>" action). */
interface CCompile {
  file: string; // as go names it: objdir-absolute for generated files, relative to p.dir for the package's
  target: string; // objdir/_xNNN.o
  lang: 'c' | 'cxx' | 'f' | 'asm';
}

/** The compiles go's cgoAction plans, in its order and with its object names. */
export function plannedCompiles(p: Package, objdir: string, cgoFiles: string[] = p.cgoFiles): CCompile[] {
  let seq = 0;
  const next = (): string => objdir + `_x${String(++seq).padStart(3, '0')}.o`;
  const out: CCompile[] = [];
  const cfiles = ['_cgo_export.c', ...cgoFiles.map((f) => basename(f).replace(/\.go$/, '') + '.cgo2.c')];
  for (const f of cfiles) out.push({ file: objdir + f, target: next(), lang: 'c' });
  for (const f of cgoAssembly(p).gcc) out.push({ file: f, target: next(), lang: 'asm' });
  for (const f of [...p.cFiles, ...p.mFiles]) out.push({ file: f, target: next(), lang: 'c' });
  for (const f of p.cxxFiles) out.push({ file: f, target: next(), lang: 'cxx' });
  for (const f of p.fFiles) out.push({ file: f, target: next(), lang: 'f' });
  return out;
}

/**
 * Runs the cgo step for build action a, whose action ID is actionID. Throws the error go would report
 * (a CmdError for a failing tool). Under -n the commands are printed and nothing runs.
 */
export async function runCgoStep(env: CgoStepEnv, a: Action, actionID: Buffer, buf: CgoBuffer, beforeBuild?: () => void, coveredCgoFiles?: string[]): Promise<CgoOutputs> {
  const front = await runCgoFront(env, a, (file) => compileSeed(actionID, file), buf, coveredCgoFiles);
  return await runCgoBack(env, a, actionID, front, buf, beforeBuild);
}

/** Where a step's tools report: buffered output (null: printed at once) and the command lines run. */
export interface CgoBuffer { output: string | null; cmds?: string[][] }

/** go's -frandom-seed of the C compile of file in the build whose action ID is actionID. */
export function compileSeed(actionID: Buffer, file: string): string {
  return hashToString(subkey(actionID, 'cgo compile ' + file));
}

/**
 * What the cgo run and C compiles leave for the rest of the step (go's "cgo run" and "cgo compile"
 * actions): nothing in it depends on the package's Go dependencies, only the compiles' seeds on its action ID.
 */
export interface CgoFront {
  goFiles: string[];
  /** The C compiles' objects, in plan order. */
  compiled: string[];
  notInternal: boolean;
  cflags: string[];
  ldflags: string[];
  cgoExe: string;
}

/**
 * The cgo tool and the C compiles of a's package, each compile with the -frandom-seed seedOf(file) (go's:
 * compileSeed of the action ID). checkCompile, when given, sees each compile's command line without its
 * seed, output and input before any compile starts, and may refuse it by throwing.
 */
export async function runCgoFront(env: CgoStepEnv, a: Action, seedOf: (file: string) => string, buf: CgoBuffer, coveredCgoFiles?: string[], checkCompile?: (cmd: string[]) => void): Promise<CgoFront> {
  const p = a.pkg!;
  const sh = env.sh;
  const objdir = a.objdir;
  if (p.swigFiles.length > 0 || p.swigCXXFiles.length > 0) {
    // go checks `swig -version` first: without swig that is the error.
    if (!lookPath('swig', env.getenv('PATH') || process.env['PATH'])) throw new Error('exec: "swig": executable file not found in $PATH');
    throw new Error('SWIG is not supported yet by gocmd');
  }

  const pc = await getPkgConfigFlags(p, env.getenv, {
    run: (dir, args) => sh.runOut(p, dir, [], args, buf.cmds),
    report: (desc, out, err) => sh.reportCmd(p, desc, '', out, err) ?? err,
  });
  const f = cgoCFlags(p, env.getenv);
  let cppflags = [...f.cppflags, ...pc.cflags];
  let cflags = f.cflags;
  let ldflags = [...f.ldflags, ...pc.ldflags];
  if (p.mFiles.length > 0) ldflags.push('-lobjc');
  if (p.fFiles.length > 0 && (env.getenv('FC') || 'gfortran').includes('gfortran')) ldflags.push('-lgfortran');
  const notInternal = flagsNotCompatibleWithInternalLinking(['CGO_CFLAGS', 'CGO_CXXFLAGS', 'CGO_FFLAGS'], [cflags, f.cxxflags, f.fflags]);
  if (env.msan) { cflags = ['-fsanitize=memory', ...cflags]; ldflags = ['-fsanitize=memory', ...ldflags]; }
  if (env.asan) { cflags = ['-fsanitize=address', ...cflags]; ldflags = ['-fsanitize=address', ...ldflags]; }
  cppflags = [...cppflags, '-I', objdir];

  // -overlay: when a C-family file is replaced, all of them are copied into objdir and compiled there.
  const nonGo = new Map<string, string>();
  for (const c of nonGoOverlayPlan(p.dir, objdir, [p.cFiles, p.sFiles, p.cxxFiles, p.hFiles, p.fFiles]) ?? []) {
    sh.copyFile(p, c.dst, c.src, 0o666, false);
    nonGo.set(c.from, c.dst);
  }
  // Under -cover cgo reads the cover tool's copies (go's coverProvider.cgoSources).
  const cgofiles = (coveredCgoFiles ?? p.cgoFiles).map((x) => mkAbs(p.dir, x));
  const goFiles = [objdir + '_cgo_gotypes.go', ...cgofiles.map((x) => objdir + basename(x).replace(/\.go$/, '') + '.cgo1.go')];
  const cgoflags: string[] = [];
  if (p.standard && p.importPath === 'runtime/cgo') cgoflags.push('-import_runtime_cgo=false');
  if (p.standard && ['runtime/race', 'runtime/msan', 'runtime/cgo', 'runtime/asan'].includes(p.importPath)) cgoflags.push('-import_syscall=false');
  const cgoenv = [...CC_ENV, ...env.changedEnv];
  const ldflagsOption: string[] = [];
  if (ldflags.length > 0) {
    ldflagsOption.push('-ldflags=' + ldflags.map((x) => goQuote(x)).join(' '));
    cgoenv.push('CGO_LDFLAGS=');
  }
  if (env.buildmode === 'c-archive' || env.buildmode === 'c-shared') cgoflags.push('-exportheader=' + objdir + '_cgo_install.h');
  // -overlay: replaced cgo files go to cgo as their replacements, with //line paths mapped back.
  const ov = cgoOverlayFiles(p.dir, cgofiles);
  if (ov.trimpath !== '') cgoflags.push('-trimpath', ov.trimpath);
  const cgoExe = join(env.toolDir, 'cgo');
  {
    const err = await sh.run(p, p.dir, p.importPath, cgoenv, [...env.toolexec, cgoExe, '-objdir', objdir, '-importpath', p.importPath, ...cgoflags, ...ldflagsOption, '--', ...cppflags, ...cflags, ...ov.files], buf);
    if (err) throw err;
  }
  const CFLAGS = [...cppflags, ...cflags];
  const CXXFLAGS = [...cppflags, ...f.cxxflags];

  // The C compiles, as go's separate actions would run them: at most -p at once, in plan order.
  const compiles = plannedCompiles(p, objdir, coveredCgoFiles);
  if (!sh.showing) {
    const compilers = new Map<string, string[]>();
    for (const c of compiles) {
      const compiler = c.lang === 'cxx' ? env.cc.cxxExe() : c.lang === 'f' ? env.cc.fcExe() : env.cc.ccExe();
      compilers.set(compiler.join('\x00'), compiler);
    }
    for (const compiler of compilers.values()) {
      await env.cc.probeCompileFlags(compiler, async (args, dir, probeEnv) => (await sh.runOut(undefined, dir, probeEnv, args)).out);
    }
  }
  if (checkCompile) {
    for (const c of compiles) checkCompile([...env.cc.compilerCmd(c.lang === 'cxx' ? env.cc.cxxExe() : c.lang === 'f' ? env.cc.fcExe() : env.cc.ccExe(), p.dir, objdir), ...(c.lang === 'cxx' ? CXXFLAGS : CFLAGS)]);
  }
  const compileOne = async (c: CCompile): Promise<void> => {
    const seed = seedOf(c.file);
    if (c.lang === 'asm') checkNotGoAssembly(p, c.file);
    const compiler = c.lang === 'cxx' ? env.cc.cxxExe() : c.lang === 'f' ? env.cc.fcExe() : env.cc.ccExe();
    const flags = c.lang === 'cxx' ? CXXFLAGS : CFLAGS;
    await ccompile(env, p, objdir, c.target, flags, c.file, env.cc.compilerCmd(compiler, p.dir, objdir), seed, buf, nonGo);
  };
  await runLimited(compiles, Math.max(1, env.parallel), compileOne, env.acquireSlot);

  return { goFiles, compiled: compiles.map((c) => c.target), notInternal, cflags: CFLAGS, ldflags, cgoExe };
}

/** The rest of the cgo step after runCgoFront: the objects in go's order, and go's dynimport. */
export async function runCgoBack(env: CgoStepEnv, a: Action, actionID: Buffer, front: CgoFront, buf: CgoBuffer, beforeBuild?: () => void): Promise<CgoOutputs> {
  const p = a.pkg!;
  const sh = env.sh;
  const objdir = a.objdir;
  const goFiles = [...front.goFiles];
  const { notInternal, ldflags, cgoExe } = front;
  // Objects: the internal-linking token first (go's preferlinkext), then the compiles in plan order.
  const objects: string[] = [];
  if (notInternal) {
    sh.writeFile(p, objdir + 'preferlinkext', '');
    objects.push(objdir + 'preferlinkext');
  }
  objects.push(...front.compiled);

  // go's build action starts here, after the cgo run and compile actions: its -n banner and -v line.
  beforeBuild?.();
  const dyn = await dynimport(env, a, actionID, cgoExe, front.cflags, ldflags, objects, buf);
  if (dyn.goFile) goFiles.push(dyn.goFile);
  if (dyn.object) objects.push(dyn.object);
  if (!env.dryRun) checkCgoLdflagDirectives(goFiles, ldflags, env.getenv);
  return { goFiles, objects };
}


/**
 * Runs f over items with at most n at once; the first failure wins once the running ones are done.
 * With acquire, every runner but the first holds a borrowed slot while it runs an item. The first runner
 * needs none (it runs in the caller's own slot), so the items always get done; a runner still waiting
 * for a slot when none are left stops waiting, and a slot granted after that is given straight back:
 * two actions that each wait for a slot the other holds must not wait for ever.
 */
export async function runLimited<T>(items: T[], n: number, f: (t: T) => Promise<void>, acquire?: () => Promise<() => void>): Promise<void> {
  let next = 0;
  let failure: unknown;
  let noneLeft!: () => void;
  const exhausted = new Promise<undefined>((r) => { noneLeft = () => r(undefined); });
  const take = (): T | undefined => {
    if (next >= items.length || failure !== undefined) { noneLeft(); return undefined; }
    const t = items[next++]!;
    if (next >= items.length) noneLeft();
    return t;
  };
  const worker = async (k: number): Promise<void> => {
    for (;;) {
      let release: (() => void) | undefined;
      if (k > 0 && acquire) {
        if (next >= items.length || failure !== undefined) return;
        const slot = acquire();
        release = await Promise.race([slot, exhausted]);
        if (release === undefined) {
          void slot.then((give) => give());
          return;
        }
      }
      try {
        const t = take();
        if (t === undefined) return;
        try { await f(t); } catch (e) { if (failure === undefined) failure = e; noneLeft(); }
      } finally {
        release?.();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, (_, k) => worker(k)));
  if (failure !== undefined) throw failure;
}

/** go's gas check: a cgo package's .S files go to the C compiler, so Go assembly there is an error. */
function checkNotGoAssembly(p: Package, sfile: string): void {
  let data: string;
  try { data = readFileSync(join(p.dir, sfile), 'latin1'); } catch { return; }
  for (const w of ['TEXT', 'DATA', 'GLOBL']) {
    if (data.startsWith(w) || data.includes('\n' + w)) throw new Error(`package using cgo has Go assembly file ${sfile}`);
  }
}

/** A C part this large is seconds of gcc -O2 (go-sqlite3's amalgamation is 9 MB: ~24 s). */
export const LARGE_C_BYTES = 1 << 20;

/**
 * Whether a C file is large enough that its compile alone bounds a build (LARGE_C_BYTES): it then runs on a
 * CPU of its own (ToolSpawnOptions.ownCPU).
 */
function boundsTheBuild(file: string): boolean {
  return fileSize(file) >= LARGE_C_BYTES;
}

/** A file's size, -1 when it cannot be read. */
export function fileSize(file: string): number {
  try { return statSync(file).size; } catch { return -1; }
}

/** go's ccompile: one C/C++/assembly file to an object, run in the file's directory. */
async function ccompile(env: CgoStepEnv, p: Package, objdir: string, outfile: string, flags: string[], file: string, compiler: string[], seed: string, buf: { output: string | null; cmds?: string[][] }, nonGo?: ReadonlyMap<string, string>): Promise<void> {
  const abs = mkAbs(p.dir, file);
  const overlayPath = nonGo?.get(abs) ?? abs;
  flags = [...flags];
  if (env.cc.supportsFlag(compiler, '-fdebug-prefix-map=a=b') && (env.trimpath || p.goroot)) {
    const flag = env.cc.supportsFlag(compiler, '-ffile-prefix-map=a=b') ? '-ffile-prefix-map' : '-fdebug-prefix-map';
    const { from, to } = prefixMapFor(p, env.goroot);
    flags.push(`${flag}=${from}=${join('/_', to)}`);
  }
  if (env.cc.supportsFlag(compiler, '-frandom-seed=1')) flags.push('-frandom-seed=' + seed);
  const ownCPU = env.parallel > 1 && boundsTheBuild(overlayPath);
  const { out, err } = await env.sh.runOut(p, dirname(overlayPath), CC_ENV, [...compiler, ...flags, '-o', outfile, '-c', basename(overlayPath)], buf.cmds, { ownCPU });
  const rerr = env.sh.reportCmd(p, '', '', out, err, buf);
  if (rerr) throw rerr;
}

/** The -f*-prefix-map rewrite of a package's source root (go's ccompile, kept in step with Action.trimpath). */
function prefixMapFor(p: Package, goroot: string): { from: string; to: string } {
  const m = p.module;
  if (!m) {
    if (p.goroot) return { from: goroot, to: 'GOROOT' };
    if (p.root) return { from: p.root, to: 'GOPATH' };
    return { from: p.dir, to: p.importPath };
  }
  // A vendored module: go leaves its Dir empty and maps the whole vendor directory.
  const vendored = m.dir === undefined || (!m.main && m.dir.endsWith('/vendor/' + m.path));
  if (vendored) {
    const i = p.dir.lastIndexOf('/vendor/');
    return { from: i >= 0 ? p.dir.slice(0, i + '/vendor'.length) : p.dir, to: 'vendor' };
  }
  return { from: m.dir!, to: m.version ? `${m.path}@${m.version}` : m.path };
}

/**
 * go's dynimport: link the package's objects with _cgo_main.o into _cgo_.o and ask cgo which dynamic
 * symbols it imports (_cgo_import.go). A failing link is not an error: the dynimportfail token tells the
 * linker to link externally.
 */
async function dynimport(env: CgoStepEnv, a: Action, actionID: Buffer, cgoExe: string, cflags: string[], ldflagsIn: string[], outObj: string[], buf: { output: string | null; cmds?: string[][] }): Promise<{ goFile?: string; object?: string }> {
  const p = a.pkg!;
  const objdir = a.objdir;
  const sh = env.sh;
  const cc = env.cc.compilerCmd(env.cc.ccExe(), p.dir, objdir);
  await ccompile(env, p, objdir, objdir + '_cgo_main.o', cflags, objdir + '_cgo_main.c', cc, hashToString(actionID), buf);
  const syso = new Set<string>();
  const seen = new Set<Action>();
  const gather = (a1: Action): void => {
    if (seen.has(a1)) return;
    seen.add(a1);
    if (a1.pkg) for (const s of a1.pkg.sysoFiles) syso.add(join(a1.pkg.dir, s));
    for (const a2 of a1.deps) gather(a2);
  };
  gather(a);
  const dynobj = objdir + '_cgo_.o';
  let ldflags = ldflagsIn;
  if ((env.goarch === 'arm' && env.goos === 'linux') || env.goos === 'android') {
    if (!ldflags.includes('-no-pie')) ldflags = [...ldflags, '-pie'];
    if (ldflags.includes('-pie') && ldflags.includes('-static')) ldflags = ldflags.filter((x) => x !== '-static');
  }
  // A fresh command line, as go's gccld asks for one (under -n the flag probes print again).
  const linker = env.cc.compilerCmd(p.cxxFiles.length > 0 || p.swigCXXFiles.length > 0 ? env.cc.cxxExe() : env.cc.ccExe(), p.dir, objdir);
  const args = [...linker, '-o', dynobj, objdir + '_cgo_main.o', ...outObj, ...[...syso].sort(), ...ldflags];
  const { err } = await sh.runOut(p, env.cwd, CC_ENV, args, buf.cmds);
  if (sh.showing) sh.showCmd(p, '', `${joinArgs(args)} # test for internal linking errors (${err ? 'failed' : 'succeeded'})`);
  if (err) {
    sh.writeFile(p, objdir + 'dynimportfail', '');
    return { object: objdir + 'dynimportfail' };
  }
  const importGo = objdir + '_cgo_import.go';
  const flags = p.standard && p.importPath === 'runtime/cgo' ? ['-dynlinker'] : [];
  const rerr = await sh.run(p, env.cwd, p.importPath, CC_ENV, [...env.toolexec, cgoExe, '-dynpackage', p.name, '-dynimport', dynobj, '-dynout', importGo, ...flags], buf);
  if (rerr) throw rerr;
  return { goFile: importGo };
}

import { joinUnambiguously as joinArgs } from './quote.js';

/**
 * go's backstop on //go:cgo_ldflag lines in the generated _cgo_* files: the flags beyond the ones cgo was
 * given must pass the linker checks.
 */
function checkCgoLdflagDirectives(goFiles: string[], ldflags: string[], getenv: (k: string) => string): void {
  const flags: string[] = [];
  const marker = '//go:cgo_ldflag';
  for (const f of goFiles) {
    if (!basename(f).startsWith('_cgo_')) continue;
    let src: string;
    try { src = readFileSync(f, 'latin1'); } catch { continue; }
    for (const line of src.split('\n')) {
      const c = line.indexOf('//');
      if (c < 0 || !line.startsWith(marker, c)) continue;
      flags.push(line.slice(c + marker.length).trim().replace(/^"+|"+$/g, ''));
    }
  }
  if (ldflags.length > 0) {
    outer: for (let i = 0; i + ldflags.length <= flags.length; i++) {
      for (let j = 0; j < ldflags.length; j++) if (flags[i + j] !== ldflags[j]) continue outer;
      flags.splice(i, ldflags.length);
      break;
    }
  }
  checkLinkerFlags('LDFLAGS', 'go:cgo_ldflag', flags, getenv);
}

/**
 * The cgo block of a package's build action ID (go's buildActionID): the cgo tool, the compilers with their
 * flags and identities, so that changing CC, its version or a C flag rebuilds what go rebuilds.
 */
export function cgoActionIDLines(p: Package, cgoToolID: string, cc: CToolchain, getenv: (k: string) => string): string {
  // go ignores a flag-check error here (the build reports it); the lists computed before it are kept.
  let f: CgoCompilerFlags;
  try { f = cgoCFlags(p, getenv); } catch { f = partialCFlags(p, getenv); }
  const ql = (l: string[]): string => '[' + l.map((x) => goQuote(x)).join(' ') + ']';
  const idLine = (label: string, exe: string, lang: string): string => {
    const r = cc.gccToolID(exe, lang);
    return 'error' in r ? `${label} ID ERROR=${goQuote(r.error)}\n` : `${label} ID=${goQuote(r.id)}\n`;
  };
  const ccExe = cc.ccExe();
  let s = `cgo ${goQuote(cgoToolID)}\n`;
  s += `CC=${ql(ccExe)} ${ql(f.cppflags)} ${ql(f.cflags)} ${ql(f.ldflags)}\n`;
  s += idLine('CC', ccExe[0]!, 'c');
  if (p.cxxFiles.length + p.swigCXXFiles.length > 0) {
    const cxxExe = cc.cxxExe();
    s += `CXX=${ql(cxxExe)} ${ql(f.cxxflags)}\n`;
    s += idLine('CXX', cxxExe[0]!, 'c++');
  }
  if (p.fFiles.length > 0) {
    const fcExe = cc.fcExe();
    s += `FC=${ql(fcExe)} ${ql(f.fflags)}\n`;
    s += idLine('FC', fcExe[0]!, 'f95');
  }
  return s;
}

/** CFlags up to the first list whose check fails, the rest empty (go's named results on error). */
function partialCFlags(p: Package, getenv: (k: string) => string): CgoCompilerFlags {
  const out: CgoCompilerFlags = { cppflags: [], cflags: [], cxxflags: [], fflags: [], ldflags: [] };
  const steps: [keyof CgoCompilerFlags, string, string, string[] | undefined][] = [
    ['cppflags', 'CPPFLAGS', '', p.cgoCPPFLAGS], ['cflags', 'CFLAGS', '-O2 -g', p.cgoCFLAGS],
    ['cxxflags', 'CXXFLAGS', '-O2 -g', p.cgoCXXFLAGS], ['fflags', 'FFLAGS', '-O2 -g', p.cgoFFLAGS],
    ['ldflags', 'LDFLAGS', '-O2 -g', p.cgoLDFLAGS],
  ];
  for (const [k, name, def, list] of steps) {
    try {
      (k === 'ldflags' ? checkLinkerFlags : checkCompilerFlags)(name, '#cgo ' + name, list ?? [], getenv);
    } catch {
      return out;
    }
    out[k] = [...envList('CGO_' + name, def, getenv), ...(list ?? [])];
  }
  return out;
}
