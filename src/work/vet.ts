// The vet step (go's VetAction / Builder.vet): a vet.cfg per package, the vet (or fix) tool run on it, and
// its facts ("vetx"), fixes and stdout cached under the vet action ID, so that go and gocmd share them.
import { actual } from '../base/fsys.js';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashFile, subkey, type Cache } from '../cache/index.js';
import { jsonString } from '../load/listjson.js';
import type { Package } from '../load/types.js';
import { Action, type ActionGraph } from './action.js';
import { hashToString, toolID as toolIDOf } from './buildid.js';
import { CacheHash } from '../cache/index.js';
import { goQuote, goQuoteList } from './quote.js';
import type { Builder } from './exec.js';
import { ENTRY_GONE } from './explain.js';
import { cgoAssembly } from './cgo.js';

/** What go keeps in the globals VetTool, VetFlags, VetExplicit and VetHandleStdout, for one command. */
export interface VetSettings {
  /** The analysis tool: $GOROOT/pkg/tool/<os>_<arch>/vet (or fix), or the -vettool/-fixtool path. */
  tool: string;
  /** Flags passed to the tool (before the vet.cfg argument). */
  flags: string[];
  /** Whether the command line set tool flags (the GOROOT default flags then do not apply). */
  explicit: boolean;
  /** The default vet tool ($GOROOT/pkg/tool/<os>_<arch>/vet): GOROOT packages get their own flags only under it. */
  defaultVetTool: string;
  /**
   * Receives the tool's stdout (live or replayed from the cache) for the vetted (not VetxOnly) packages and
   * for any dependency whose run wrote some. A thrown Error fails the action with its message.
   */
  handleStdout(p: Package, data: Buffer): void;
}

/** A vet action: go's Action fields that only vet uses. */
export class VetAction extends Action {
  /** Only compute facts for dependents; report nothing (the dependencies of the vetted packages). */
  vetxOnly = true;
  /** Ask the tool for a zip of fixed files (go fix, go vet -fix). */
  needFix = false;
  /** The fixed files' zip (in $WORK or the cache), once the action ran. */
  fixArchive = '';
}

/** The vet.cfg the tool reads, in go's field order (vetConfig in cmd/go/internal/work/exec.go). */
export interface VetConfig {
  ID: string;
  Compiler: string;
  Dir: string;
  ImportPath: string;
  GoFiles: string[];
  NonGoFiles: string[];
  IgnoredFiles: string[];
  ModulePath: string;
  ModuleVersion: string;
  ImportMap: Map<string, string>;
  PackageFile: Map<string, string>;
  Standard: Map<string, boolean>;
  PackageVetx: Map<string, string>;
  VetxOnly: boolean;
  VetxOutput: string;
  Stdout: string;
  GoVersion: string;
  FixArchive: string;
  SucceedOnTypecheckFailure: boolean;
}

const vetMemo = new WeakMap<ActionGraph, Map<Package, VetAction>>();

/**
 * The action vetting p for a report (go's Builder.VetAction): it depends on p's compile action (made
 * only for its action ID and files unless something else needs p compiled) and on VetxOnly vet actions of
 * everything p imports, whose facts it reads. Callers add it to their root (and, when they install, must
 * order the install after it).
 */
export function vetAction(g: ActionGraph, s: VetSettings, p: Package, needFix = false): VetAction {
  const a = vetActionFor(g, s, p);
  a.vetxOnly = false;
  a.needFix = needFix;
  return a;
}

function vetActionFor(g: ActionGraph, s: VetSettings, p: Package): VetAction {
  let memo = vetMemo.get(g);
  if (!memo) vetMemo.set(g, (memo = new Map()));
  let a = memo.get(p);
  if (a) return a;
  const build = g.compileAction('build', 'build', p, true);
  a = new VetAction('vet', p);
  memo.set(p, a);
  a.deps = [build];
  for (const p1 of p.internal.imports) a.deps.push(vetActionFor(g, s, p1));
  a.objdir = build.objdir;
  // Vetting a dependency may "fail" (report problems): that must not stop its dependents.
  a.ignoreFail = true;
  // Built-in packages (unsafe) have nothing to vet: the action has no actor and does nothing.
  if (build.mode === 'built-in package') return a;
  build.needVet = true;
  a.actor = (b, act) => runVet(b as Builder, act as VetAction, s);
  return a;
}

/**
 * go's srcfiles list as cacheSrcFiles stores it (subkey "srcfiles" of the compile action ID): the Go, assembly
 * and C files compiled, "./name" for the package's own files (names relative to its directory).
 */
export function srcFilesList(p: Package): string {
  return [...p.goFiles, ...p.sFiles, ...p.cFiles].map((f) => `./${f}\n`).join('');
}

/**
 * go's cacheSrcFiles, for a compile that ran: records the files compiled (srcfiles: names relative to the
 * package directory, or generated files in objdir, such as cgo's) under the compile's action ID, each generated
 * file stored too, so that a later vet of the package finds them without compiling it again.
 */
export function cacheSrcFiles(c: Cache, id: Buffer, objdir: string, srcfiles: readonly string[]): void {
  let list = '';
  for (const f of srcfiles) {
    if (!f.startsWith(objdir)) { list += `./${f}\n`; continue; }
    const name = f.slice(objdir.length);
    list += `${name}\n`;
    try { c.put(subkey(id, name), f); } catch { return; }
  }
  c.putBytes(subkey(id, 'srcfiles'), list);
}

/**
 * The compile step of a package that is only vetted (go's build action with needVet but not needBuild): its
 * action ID (from its dependencies' build IDs), its object directory, and the srcfiles list in the cache.
 */
export async function prepareVetOnly(b: Builder, a: Action, id: Buffer, runCgo?: () => Promise<string[]>): Promise<void> {
  const p = a.pkg!;
  a.actionID = id;
  const aid = hashToString(id);
  a.buildID = `${aid}/${aid}`;
  const c = b.deps.cache;
  if (b.deps.listMode) {
    // go list's build (go's build with nothing needed, or only compiled files found in the cache): returns
    // before making the object directory.
    if (!b.deps.needCompiledGoFiles || c?.getBytes(subkey(id, 'srcfiles'))) return;
    b.sh.mkdir(p, a.objdir);
  } else {
    b.sh.mkdir(p, a.objdir);
    if (c?.getBytes(subkey(id, 'srcfiles'))) return;
  }
  // No list from an earlier compile: go's build step runs far enough to make one (banner, -v line, list).
  if (b.cfg.dryRun) b.sh.print(p, `\n#\n# ${p.importPath}\n#\n\n`);
  if (b.cfg.verbose) b.sh.print(p, `${p.importPath}\n`);
  if (p.cgoFiles.length > 0 || p.swigFiles.length > 0 || p.swigCXXFiles.length > 0) {
    // As go: cgo runs (and its C compiles) to produce the Go files vet reads.
    if (!runCgo) throw new UnsupportedVetError('vetting a package that uses cgo is not supported yet by gocmd');
    const generated = await runCgo();
    const sfiles = cgoAssembly(p).asm;
    noteSrcFiles(a, [...p.goFiles, ...generated, ...sfiles]);
    if (c) cacheSrcFiles(c, id, a.objdir, [...p.goFiles, ...generated, ...sfiles]);
    return;
  }
  c?.putBytes(subkey(id, 'srcfiles'), srcFilesList(p));
  if (p.goFiles.length === 0) throw new Error(`no non-test Go files in ${p.dir}`);
}

/**
 * The files each compile used, when it ran in this process (go's in-memory vetCfg): under -n generated files
 * exist only as names, so the cache cannot hold them and vet reads this list instead.
 */
const compiledSrcFiles = new WeakMap<Action, string[]>();

/** Records what the compile (or cgo step) of a used: package-relative names, absolute ones for generated files. */
export function noteSrcFiles(a: Action, srcfiles: readonly string[]): void {
  compiledSrcFiles.set(a, [...srcfiles]);
}

/** A package gocmd cannot vet yet. */
export class UnsupportedVetError extends Error {}

/**
 * The source files the compile of p used (go's srcfiles): from the package for one without cgo, otherwise
 * from the list its compile stored in the cache (generated files copied back into the objdir, as go does).
 */
function vetSrcFiles(b: Builder, build: Action): string[] {
  const p = build.pkg!;
  const usesCgo = p.cgoFiles.length > 0 || p.swigFiles.length > 0 || p.swigCXXFiles.length > 0;
  if (!usesCgo) return [...p.goFiles, ...p.sFiles, ...p.cFiles];
  const noted = b.cfg.dryRun ? compiledSrcFiles.get(build) : undefined;
  if (noted) return noted;
  const c = b.deps.cache;
  const got = c && build.actionID ? c.getBytes(subkey(build.actionID, 'srcfiles')) : undefined;
  if (!got) throw new UnsupportedVetError('vetting a package that uses cgo is not supported yet by gocmd');
  const out: string[] = [];
  for (const name of got.data.toString('utf8').split('\n')) {
    if (name === '') continue;
    if (name.startsWith('./')) { out.push(name.slice(2)); continue; }
    const hit = c!.getFile(subkey(build.actionID!, name));
    if (!hit) throw new Error(`loading cached file ${name}: cache entry not found`);
    b.sh.copyFile(p, build.objdir + name, hit.file, 0o666, true);
    out.push(build.objdir + name);
  }
  return out;
}

/**
 * go's buildVetConfig: the vet.cfg of package p compiled by `build` from srcfiles (names relative to p.dir, or
 * absolute for generated files), before the vet step fills in PackageVetx, VetxOnly and the output names.
 * toolchainVersion is gover.Local() ("go1.26.8" or "1.26.8").
 */
export function buildVetConfig(p: Package, build: Action, srcfiles: string[], toolchainVersion: string): VetConfig {
  // go's actualFiles(mkAbsFiles(...)): absolute, and under -overlay the replacement's path.
  const abs = (f: string): string => actual(f.startsWith('/') ? f : join(p.dir, f));
  const gofiles = srcfiles.filter((f) => f.endsWith('.go')).map(abs);
  const nongofiles = srcfiles.filter((f) => !f.endsWith('.go')).map(abs);
  let goVersion = 'go' + toolchainVersion.replace(/^go/, '').replace(/[ -].*$/, '');
  let modulePath = '', moduleVersion = '';
  if (p.module) {
    goVersion = 'go' + (p.module.goVersion || '1.16');
    modulePath = p.module.path;
    moduleVersion = p.module.version ?? '';
  }
  const cfg: VetConfig = {
    // go writes the import path, not the description: a test variant is "p", not "p [p.test]".
    ID: p.importPath, Compiler: 'gc', Dir: p.dir, ImportPath: p.importPath,
    GoFiles: gofiles, NonGoFiles: nongofiles, IgnoredFiles: [...p.ignoredGoFiles, ...p.ignoredOtherFiles].map(abs),
    ModulePath: modulePath, ModuleVersion: moduleVersion,
    ImportMap: new Map(), PackageFile: new Map(), Standard: new Map(), PackageVetx: new Map(),
    VetxOnly: false, VetxOutput: '', Stdout: '', GoVersion: goVersion, FixArchive: '', SucceedOnTypecheckFailure: false,
  };
  // Imports as written map to the resolved paths (importMap lists only those that differ).
  const raw = new Map<string, string>();
  for (const [w, r] of Object.entries(p.importMap)) raw.set(r, w);
  for (const imp of p.imports) cfg.ImportMap.set(raw.get(imp) ?? imp, imp);
  const mapped = new Set(cfg.ImportMap.values());
  for (const a1 of build.deps) {
    const p1 = a1.pkg;
    if (!p1 || p1.importPath === '' || p1 === p) continue;
    // Imports only generated code has (runtime/cgo) map to themselves.
    if (!mapped.has(p1.importPath)) cfg.ImportMap.set(p1.importPath, p1.importPath);
    if (a1.built !== '') cfg.PackageFile.set(p1.importPath, a1.built);
    if (p1.standard) cfg.Standard.set(p1.importPath, true);
  }
  return cfg;
}

/** json.MarshalIndent(cfg, "", "\t") plus a newline, byte for byte as go writes vet.cfg. */
export function vetConfigJSON(cfg: VetConfig): string {
  const list = (v: string[], ind: string): string =>
    v.length === 0 ? '[]' : '[\n' + v.map((s) => `${ind}\t${jsonString(s)}`).join(',\n') + `\n${ind}]`;
  const map = (m: Map<string, string | boolean>, ind: string): string => {
    if (m.size === 0) return '{}';
    const keys = [...m.keys()].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
    return '{\n' + keys.map((k) => {
      const v = m.get(k)!;
      return `${ind}\t${jsonString(k)}: ${typeof v === 'boolean' ? String(v) : jsonString(v)}`;
    }).join(',\n') + `\n${ind}}`;
  };
  const fields: [string, string][] = [];
  for (const [k, v] of Object.entries(cfg) as [keyof VetConfig, VetConfig[keyof VetConfig]][]) {
    let text: string;
    if (typeof v === 'string') text = jsonString(v);
    else if (typeof v === 'boolean') text = String(v);
    else if (Array.isArray(v)) text = list(v, '\t');
    else text = map(v, '\t');
    fields.push([k, text]);
  }
  return '{\n' + fields.map(([k, t]) => `\t${jsonString(k)}: ${t}`).join(',\n') + '\n}\n';
}

/** The flags the tool gets for p: a GOROOT package under the default vet, unless flags were given, gets go's own. */
export function vetFlagsFor(p: Package, s: VetSettings, cmdName: string): string[] {
  if (p.goroot && !s.explicit && s.tool === s.defaultVetTool) {
    // Too much low-level unsafe code in std for -unsafeptr; under go test, unreachable code is common too.
    return cmdName === 'test' ? ['-unsafeptr=false', '-unreachable=false'] : ['-unsafeptr=false'];
  }
  return s.flags;
}

/** go's Builder.vet: run the tool on p (or replay its cached results). */
async function runVet(b: Builder, a: VetAction, s: VetSettings): Promise<void> {
  // A dependency's vet "failing" (reporting problems) does not stop this one.
  a.failed = undefined;
  // A package a -linkshared relink installs has its build action behind the install (go builds the vet
  // config in that build action).
  const dep0 = a.deps[0]!;
  const build = dep0.mode === 'build-install' ? dep0.deps[0]! : dep0;
  // The package does not compile: nothing to vet (its errors are reported by its compile).
  if (build.failed) return;
  const p = a.pkg!;
  const sh = b.sh;
  // go makes the objdir in the compile step of every package vet reads (needVet), compiled or cached.
  sh.mkdir(p, a.objdir);
  // go uses gover.Local(). That differs from the running toolchain only under the harness's TESTGO_VERSION hook,
  // whose faked release is too old to type-check the real std that vet reads for facts (gotoolchain_loop with a
  // cold cache; go's own test suite masks it with a warm one). GOROOT packages get the release they come from.
  const local = p.goroot ? b.cfg.toolchainVersion : (b.cfg.localGo ?? b.cfg.toolchainVersion);
  const vcfg = buildVetConfig(p, build, vetSrcFiles(b, build), local);
  vcfg.VetxOnly = a.vetxOnly;
  vcfg.VetxOutput = a.objdir + 'vet.out';
  vcfg.Stdout = a.objdir + 'vet.stdout';
  if (a.needFix) vcfg.FixArchive = a.objdir + 'vet.fix.zip';

  const flags = vetFlagsFor(p, s, b.cfg.cmdName);
  const vetID = (): Buffer => {
    const h = new CacheHash('vet ' + p.importPath);
    // The tool's identity is the -vettool/-fixtool one, described by its path in errors.
    h.write(`vet ${goQuote(toolIDOf('vet', s.tool, b.cfg.toolexec ?? [], s.tool, true, b.cfg.env))}\n`);
    h.write(`vetflags ${goQuoteList(flags)}\n`);
    h.write(`pkg ${goQuote(build.actionID ?? Buffer.alloc(0))}\n`);
    for (const a1 of a.deps) {
      if (a1.mode === 'vet' && a1.built !== '') h.write(`vetout ${goQuote(a1.pkg!.importPath)} ${fileHash(a1.built)}\n`);
    }
    return h.sum();
  };
  for (const a1 of a.deps) {
    if (a1.mode === 'vet' && a1.built !== '') vcfg.PackageVetx.set(a1.pkg!.importPath, a1.built);
  }
  const id = vetID();
  a.actionID = id;
  const stdoutKey = subkey(id, 'stdout');
  const fixKey = subkey(id, 'fix.zip');

  const c = b.deps.cache;
  if (!b.cfg.rebuildAll && c) {
    // All of the cached results or none.
    const vetx = c.getFile(id);
    const fix = a.needFix ? c.getFile(fixKey) : undefined;
    if (vetx && (!a.needFix || fix)) {
      const out = c.getFile(stdoutKey);
      let data: Buffer | undefined;
      try { data = out ? readFileSync(out.file) : undefined; } catch { data = undefined; }
      if (!out || data) {
        a.built = vetx.file;
        a.fixArchive = fix?.file ?? '';
        if (data && data.length > 0) s.handleStdout(p, data);
        return;
      }
    }
  }

  const rec = b.missed(a, 'vet', id, vetID, ENTRY_GONE);
  sh.writeFile(p, a.objdir + 'vet.cfg', vetConfigJSON(vcfg));
  const args = [...(b.cfg.toolexec ?? []), s.tool, ...flags, a.objdir + 'vet.cfg'];
  const err = await sh.run(p, p.dir, p.importPath, ['TERM=dumb'], args, { output: null, cmds: a.cmds });
  if (err) throw err;
  if (b.cfg.dryRun) return;

  if (existsSync(vcfg.VetxOutput)) {
    a.built = vcfg.VetxOutput;
    c?.put(id, vcfg.VetxOutput);
  }
  if (a.needFix && existsSync(vcfg.FixArchive)) {
    a.fixArchive = vcfg.FixArchive;
    c?.put(fixKey, vcfg.FixArchive);
  }
  if (existsSync(vcfg.Stdout)) {
    const data = readFileSync(vcfg.Stdout);
    if (data.length > 0) s.handleStdout(p, data);
    c?.put(stdoutKey, data);
  }
  if (rec) b.recordInputs(rec);
}

function fileHash(file: string): string {
  try { return hashToString(hashFile(file)); } catch { return ''; }
}
