// Builders of the toolchain command lines (compile, asm, link) exactly as go writes them; pure but
// for the -overlay lookups (base/fsys), which are fixed once the build starts.
import { releaseTraits } from '../cfg/release.js';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { actual, overlay, replaced } from '../base/fsys.js';
import type { Package } from '../load/types.js';

/** Flags forced by -buildmode (go's buildModeInit), for the gc toolchain. */
export interface BuildModeFlags {
  ldBuildmode: string;
  forcedGcflags: string[];
  forcedAsmflags: string[];
  forcedLdflags: string[];
  installSuffix: string;
  /** Extra executable suffix override ("" = the platform's). */
  exeSuffix?: string;
}

/** Reports whether go defaults to PIE executables on goos/goarch (platform.DefaultPIE). */
export function defaultPIE(goos: string, _goarch: string, race = false): boolean {
  switch (goos) {
    case 'android': case 'ios': case 'darwin': return true;
    case 'windows': return !race;
  }
  return false;
}

/** go's buildModeInit for the modes gocmd supports; throws go's message for others. */
export function buildModeFlags(buildmode: string, goos: string, goarch: string, instrument: '' | 'race' | 'msan' | 'asan' = '', userSuffix = '', linkshared = false): BuildModeFlags {
  let codegen = '';
  let ldBuildmode = 'exe';
  let exeSuffix: string | undefined;
  switch (buildmode) {
    case 'archive': ldBuildmode = 'exe'; break;
    case 'exe': ldBuildmode = 'exe'; break;
    case 'default':
      if (defaultPIE(goos, goarch)) {
        ldBuildmode = 'pie';
        if (goos !== 'windows') codegen = '-shared';
      }
      break;
    case 'pie':
      if (goos !== 'aix' && goos !== 'windows') codegen = '-shared';
      ldBuildmode = 'pie';
      break;
    case 'c-archive':
      if (goos === 'darwin' || goos === 'ios') { if (goarch === 'arm64') codegen = '-shared'; }
      else if (['dragonfly', 'freebsd', 'illumos', 'linux', 'netbsd', 'openbsd', 'solaris'].includes(goos)) codegen = '-shared';
      exeSuffix = '.a';
      ldBuildmode = 'c-archive';
      break;
    case 'c-shared':
      if (goos === 'linux' || goos === 'android' || goos === 'freebsd') codegen = '-shared';
      if (goos === 'windows') exeSuffix = '';
      ldBuildmode = 'c-shared';
      break;
    case 'plugin':
      codegen = '-dynlink';
      exeSuffix = '.so';
      ldBuildmode = 'plugin';
      break;
    case 'shared':
      codegen = '-dynlink';
      ldBuildmode = 'shared';
      break;
    default:
      throw new Error(`buildmode=${buildmode} not supported`);
  }
  // -linkshared: dynamic-link code generation whatever the mode, and flags telling each tool that the
  // packages may come from shared libraries (go's buildModeInit; -w for a linker limitation).
  if (linkshared) codegen = '-dynlink';
  const ls = linkshared ? { gc: ['-linkshared'], asm: ['-D=GOBUILDMODE_shared=1', '-linkshared'], ld: ['-linkshared', '-w'] } : { gc: [], asm: [], ld: [] };
  // go's instrumentInit runs before buildModeInit: -race/-msan/-asan come first, and name the install suffix.
  const mode = instrument ? ['-' + instrument] : [];
  // -installsuffix, then the instrumentation's, then the build mode's code generation flag (go's BuildInit order).
  const suffix = [userSuffix, instrument, codegen && (buildmode !== 'default' || linkshared) ? codegen.slice(1) : ''].filter((x) => x !== '').join('_');
  const flags: BuildModeFlags = {
    ldBuildmode,
    forcedGcflags: [...mode, ...(codegen ? [codegen] : []), ...ls.gc],
    forcedAsmflags: [...(codegen ? [codegen] : []), ...ls.asm],
    forcedLdflags: [...mode, ...ls.ld],
    installSuffix: suffix,
  };
  if (exeSuffix !== undefined) flags.exeSuffix = exeSuffix;
  return flags;
}

/** gover.Lang: "1.22.3" -> "1.22", "1.21rc1" -> "1.21". */
export function langVersion(v: string): string {
  const m = /^(\d+)(?:\.(\d+))?/.exec(v);
  if (!m) return v;
  if (m[2] === undefined) return m[1]!;
  if (m[1] === '1' && m[2] === '0') return '1';
  return `${m[1]}.${m[2]}`;
}

function cmpNum(a: string, b: string): number {
  const pa = a.split(/[.rcbeta]+/).map((x) => parseInt(x, 10) || 0);
  const pb = b.split(/[.rcbeta]+/).map((x) => parseInt(x, 10) || 0);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The version for -lang=: the module's go line (default 1.16), capped by the toolchain's. */
export function compileLang(p: Package, toolchainVersion: string): string {
  const local = toolchainVersion.replace(/^go/, '').replace(/[ -].*$/, '');
  let v = local;
  if (p.module) {
    const mv = p.module.goVersion || (p.standard ? local : '1.16');
    if (cmpNum(local, mv) >= 0) v = mv;
  } else if (p.goVersion && !p.standard) {
    if (cmpNum(local, p.goVersion) >= 0) v = p.goVersion;
  }
  return 'go' + langVersion(v);
}

/** The package path passed as -p: "main" for commands. */
export function pkgPath(p: Package): string {
  if (p.name === 'main' && !p.internal.forceLibrary) return 'main';
  return p.importPath;
}

/**
 * go's pluginPath: under -buildmode=plugin a package's path is its import path, and a plugin named by
 * files (command-line-arguments) gets "plugin/unnamed-<sha1 of its build ID and sources>". buildID is
 * the compile's actionID/actionID, or for the link its own build ID (the main package's action ID is used).
 */
export function pluginPath(p: Package, buildID: string, link = false): string {
  if (p.importPath !== 'command-line-arguments') return p.importPath;
  if (link) {
    const id = buildID.split('/');
    buildID = id[1] + '/' + id[1];
  }
  const h = createHash('sha1');
  h.update(`build ID: ${buildID}\n`);
  for (const f of [...p.goFiles, ...p.cgoFiles, ...p.sFiles]) h.update(readFileSync(join(p.dir, f)));
  return 'plugin/unnamed-' + h.digest('hex');
}

/** Standard packages whose Go files have forward declarations supplied by the runtime. */
const NOT_COMPLETE = new Set(['bytes', 'internal/poll', 'net', 'os', 'runtime/metrics', 'runtime/pprof', 'runtime/trace', 'sync', 'syscall', 'time']);

/** Reports whether the compiler is given the whole package (-complete). */
export function isComplete(p: Package): boolean {
  let ext = p.cgoFiles.length + p.cFiles.length + p.cxxFiles.length + p.mFiles.length + p.fFiles.length +
    p.sFiles.length + p.sysoFiles.length + p.swigFiles.length + p.swigCXXFiles.length;
  if (p.standard && NOT_COMPLETE.has(p.importPath)) ext++;
  return ext === 0;
}

/**
 * The -trimpath argument for a package's compile/asm: "[dir=>rewrite;][overlay rewrites]objdir=>".
 * Under -overlay the tools see replacement files, whose names and directories differ from the
 * files they stand for, so each replaced Go or assembly file gets a rule mapping it back.
 */
export function trimpathArg(p: Package, objdir: string, trimpath: boolean): string {
  const od = objdir.replace(/\/+$/, '');
  let rewrite = '';
  let rewriteDir = p.dir;
  if (trimpath) {
    const m = p.module;
    const ip = p.origImportPath ?? p.importPath;
    rewriteDir = m && m.version ? m.path + '@' + m.version + (ip.startsWith(m.path) ? ip.slice(m.path.length) : '') : ip;
    rewrite += p.dir + '=>' + rewriteDir + ';';
  }
  if (overlay()) rewrite += overlayRewrites(p, od, rewriteDir);
  return rewrite + od + '=>';
}

/** Every source file of a package, as go's Package.AllFiles lists them (embedded files once). */
export function allFiles(p: Package): string[] {
  const files = [...p.goFiles, ...p.cgoFiles, ...p.ignoredGoFiles, ...p.ignoredOtherFiles, ...p.cFiles, ...p.cxxFiles,
    ...p.mFiles, ...p.hFiles, ...p.fFiles, ...p.sFiles, ...p.swigFiles, ...p.swigCXXFiles, ...p.sysoFiles,
    ...p.testGoFiles, ...p.xTestGoFiles];
  const have = new Set(files);
  for (const f of p.embedFiles) {
    if (!f.includes('/') && have.has(f)) continue;
    files.push(f);
  }
  return files;
}

/**
 * go's overlay part of the trimpath rules: replacement => where the replaced Go/.s file would be
 * rewritten to; when a cgo or C-family file is replaced (they are copied into objdir for the C
 * tools), also objdir/<base> => rewriteDir/<base> for the package's other such files.
 */
function overlayRewrites(p: Package, objdir: string, rewriteDir: string): string {
  const cgo = new Set(p.cgoFiles);
  let rewrite = '';
  let nonGo = '';
  let cgoReplaced = false;
  for (const name of allFiles(p)) {
    const path = isAbsolute(name) ? name : join(p.dir, name);
    const base = basename(path);
    const isGo = name.endsWith('.go') || name.endsWith('.s');
    const isCgo = cgo.has(name) || !isGo;
    if (replaced(path)) {
      if (isCgo) cgoReplaced = true;
      else rewrite += actual(path) + '=>' + join(rewriteDir, base) + ';';
    } else if (isCgo && dirname(path) === p.dir) {
      nonGo += join(objdir, base) + '=>' + join(rewriteDir, base) + ';';
    }
  }
  return cgoReplaced ? rewrite + nonGo : rewrite;
}

export interface CompileInputs {
  objdir: string; // ends in '/'
  archive: string; // objdir + "_pkg_.a"
  buildID: string;
  symabis: string; // "" if none
  asmhdr: boolean;
  embedcfg: boolean;
  concurrency: number; // -c=N when > 1
  gofiles: string[]; // absolute paths
  pgoProfile?: string;
  /** The cover tool's output config for the compiler (-coveragecfg), "" when not covering. */
  coveragecfg?: string;
  /** go run: no DWARF (-dwarf=false). */
  omitDebug?: boolean;
}

export interface ToolSettings {
  toolDir: string;
  toolchainVersion: string;
  goos: string;
  goarch: string;
  trimpath: boolean;
  installSuffix: string;
  forcedGcflags: string[];
  forcedAsmflags: string[];
  forcedLdflags: string[];
  ldBuildmode: string;
  goroot: string;
  archEnv: { key: string; value: string };
  /** GOFIPS140 is set to something other than off. */
  fips140?: boolean;
}

/**
 * The compiler flags for a package go test -fuzz instruments (go's fuzzInstrumentFlags): none where fuzzing
 * runs without coverage guidance (internal/platform.FuzzInstrumented).
 */
export function fuzzInstrumentFlags(p: Package, goos: string, goarch: string): string[] {
  if (!p.internal.fuzzInstrument) return [];
  const supported = ['amd64', 'arm64', 'loong64'].includes(goarch) && ['darwin', 'freebsd', 'linux', 'openbsd', 'windows'].includes(goos);
  return supported ? ['-d=libfuzzer'] : [];
}

/** The compile command line (without cwd/env). */
export function compileArgs(p: Package, inp: CompileInputs, s: ToolSettings, gcflags: string[]): string[] {
  const d: string[] = ['-p', s.ldBuildmode === 'plugin' ? pluginPath(p, inp.buildID) : pkgPath(p), '-lang=' + compileLang(p, s.toolchainVersion)];
  if (p.standard) d.push('-std');
  if (isComplete(p)) d.push('-complete');
  if (s.installSuffix) d.push('-installsuffix', s.installSuffix);
  if (inp.buildID) d.push('-buildid', inp.buildID);
  if (inp.omitDebug || s.goos === 'plan9' || s.goarch === 'wasm') d.push('-dwarf=false');
  if (s.toolchainVersion.startsWith('go1')) d.push('-goversion', s.toolchainVersion);
  if (inp.coveragecfg) d.push('-coveragecfg=' + inp.coveragecfg);
  if (inp.pgoProfile) d.push('-pgoprofile=' + inp.pgoProfile);
  if (inp.symabis) d.push('-symabis', inp.symabis);
  if (inp.concurrency > 1) d.push(`-c=${inp.concurrency}`);
  const args = [join(s.toolDir, 'compile'), '-o', inp.archive, '-trimpath', trimpathArg(p, inp.objdir, s.trimpath), ...d, ...s.forcedGcflags, ...gcflags, ...fuzzInstrumentFlags(p, s.goos, s.goarch)];
  if (p.internal.localPrefix) args.push('-D', p.internal.localPrefix);
  else args.push('-nolocalimports');
  args.push('-importcfg', inp.objdir + 'importcfg');
  if (inp.embedcfg) args.push('-embedcfg', inp.objdir + 'embedcfg');
  args.push('-pack');
  if (inp.asmhdr) args.push('-asmhdr', inp.objdir + 'go_asm.h');
  // Under -overlay the compiler reads replacements (deleted files never reach this list).
  args.push(...inp.gofiles.map((f) => actual(f)));
  return args;
}

/** The asm command line prefix shared by symabis and assembly (go's asmArgs). */
export function asmArgs(p: Package, objdir: string, s: ToolSettings, asmflags: string[], goarchEnv: Record<string, string>, buildID = ''): string[] {
  const args = [join(s.toolDir, 'asm'), '-p', s.ldBuildmode === 'plugin' ? pluginPath(p, buildID) : pkgPath(p), '-trimpath', trimpathArg(p, objdir, s.trimpath), '-I', objdir, '-I', join(s.goroot, 'pkg', 'include'),
    '-D', 'GOOS_' + s.goos, '-D', 'GOARCH_' + s.goarch, ...s.forcedAsmflags, ...asmflags];
  if (p.importPath === 'runtime' && s.goarch === '386' && s.forcedAsmflags.includes('-dynlink')) args.push('-D=GOBUILDMODE_shared=1');
  if (p.standard && releaseTraits(s.goroot).asmStd) args.push('-std');
  const v = s.archEnv.value || goarchEnv[s.archEnv.key] || '';
  switch (s.goarch) {
    case '386': args.push('-D', 'GO386_' + v); break;
    case 'amd64': args.push('-D', 'GOAMD64_' + v); break;
    case 'mips': case 'mipsle': args.push('-D', 'GOMIPS_' + v); break;
    case 'mips64': case 'mips64le': args.push('-D', 'GOMIPS64_' + v); break;
    case 'ppc64': case 'ppc64le':
      if (v === 'power10') args.push('-D', 'GOPPC64_power10');
      if (v === 'power10' || v === 'power9') args.push('-D', 'GOPPC64_power9');
      args.push('-D', 'GOPPC64_power8');
      break;
    case 'riscv64': args.push('-D', 'GORISCV64_' + v); break;
    case 'arm':
      if (v.includes('7')) args.push('-D', 'GOARM_7');
      if (v.includes('7') || v.includes('6')) args.push('-D', 'GOARM_6');
      args.push('-D', 'GOARM_5');
      break;
    case 'arm64':
      if (arm64LSE(v)) args.push('-D', 'GOARM64_LSE');
      break;
  }
  return args;
}

/** Reports whether a GOARM64 value enables LSE atomics (v8.1+ or ",lse"). */
export function arm64LSE(v: string): boolean {
  const [ver, ...opts] = v.split(',');
  if (opts.includes('lse')) return true;
  const m = /^v(\d+)\.(\d+)$/.exec(ver ?? '');
  if (!m) return false;
  const major = Number(m[1]), minor = Number(m[2]);
  return major > 8 || (major === 8 && minor >= 1);
}

/** The link command line (go's gcToolchain.ld), env and cwd handled by the caller. */
export function linkArgs(p: Package, opts: {
  target: string; importcfg: string; mainArchive: string; buildID: string; defaultGODEBUG: string;
  ldflags: string[]; cc: string[]; cxx: boolean; cxxCompiler: string[]; omitDebug: boolean;
  /** GOFIPS140 enabled: where the linker writes the FIPS module's object (go's -fipso). */
  fipso?: string;
}, s: ToolSettings): string[] {
  let ld: string[] = [];
  if (s.installSuffix) ld.push('-installsuffix', s.installSuffix);
  if (opts.omitDebug) ld.push('-s', '-w');
  if (s.ldBuildmode === 'plugin') ld.push('-pluginpath', pluginPath(p, opts.buildID, true));
  if (opts.fipso) ld.push('-fipso', opts.fipso);
  if (p.goroot && p.importPath.startsWith('cmd/') && opts.buildID) ld.push('-X=cmd/internal/objabi.buildID=' + opts.buildID);
  if (opts.defaultGODEBUG) ld.push('-X=runtime.godebugDefault=' + opts.defaultGODEBUG);
  ld.push('-buildmode=' + s.ldBuildmode);
  if (opts.buildID) ld.push('-buildid=' + opts.buildID);
  ld.push(...s.forcedLdflags, ...opts.ldflags);
  if (!ld.some((f) => f === '-extld' || f.startsWith('-extld='))) {
    ld = [...ld, '-extld=' + quotedJoin(opts.cxx ? opts.cxxCompiler : opts.cc)];
  }
  return [join(s.toolDir, 'link'), '-o', opts.target, '-importcfg', opts.importcfg, ...ld, opts.mainArchive];
}

/** cmd/internal/quoted.Join: words joined by spaces, quoting words with spaces or quotes. */
export function quotedJoin(words: string[]): string {
  return words.map((w) => {
    if (w !== '' && !/[\s'"]/.test(w)) return w;
    if (!w.includes("'")) return `'${w}'`;
    if (!w.includes('"')) return `"${w}"`;
    throw new Error(`word ${JSON.stringify(w)} contains both single and double quotes and cannot be quoted`);
  }).join(' ');
}

/** The compile import config text. */
export function compileImportcfg(p: Package, deps: { importPath: string; built: string }[]): string {
  let s = '# import config\n';
  const raw = Object.keys(p.importMap).sort();
  for (const r of raw) {
    const fin = p.importMap[r]!;
    if (fin !== r) s += `importmap ${r}=${fin}\n`;
  }
  for (const d of deps) {
    if (!d.importPath || !d.built) continue;
    s += `packagefile ${d.importPath}=${d.built}\n`;
  }
  return s;
}

/** The embed config JSON exactly as go marshals it (json.MarshalIndent, tab indent, sorted keys). */
export function embedcfgJSON(patterns: Record<string, string[]>, files: Record<string, string>): string {
  const esc = (s: string) => JSON.stringify(s).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  const pk = Object.keys(patterns).sort();
  const fk = Object.keys(files).sort();
  let s = '{\n\t"Patterns": ';
  if (pk.length === 0) s += '{}';
  else {
    s += '{\n';
    s += pk.map((k) => {
      const v = patterns[k]!;
      const arr = v.length === 0 ? '[]' : '[\n' + v.map((f) => '\t\t\t' + esc(f)).join(',\n') + '\n\t\t]';
      return '\t\t' + esc(k) + ': ' + arr;
    }).join(',\n');
    s += '\n\t}';
  }
  s += ',\n\t"Files": ';
  if (fk.length === 0) s += '{}';
  else s += '{\n' + fk.map((k) => '\t\t' + esc(k) + ': ' + esc(files[k]!)).join(',\n') + '\n\t}';
  return s + '\n}';
}
