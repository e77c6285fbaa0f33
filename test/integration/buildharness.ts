// Test harness for the build room: packages from `go list -json -deps` (until src/load lands everywhere),
// build info from `go build -n`, and a BuildConfig for running gocmd's Builder against real tools.
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { goUnquoteBytes } from '../../src/cache/index.js';
import type { Package } from '../../src/load/types.js';
import type { BuildConfig } from '../../src/work/config.js';
import { defaultArchEnv } from '../../src/work/config.js';

export const GOROOT = '/usr/local/go';
export const GO = join(GOROOT, 'bin', 'go');

interface ListJSON {
  Dir: string; ImportPath: string; Name: string; Goroot?: boolean; Standard?: boolean; Target?: string;
  Module?: { Path: string; Version?: string; Main?: boolean; Dir?: string; GoMod?: string; GoVersion?: string };
  GoFiles?: string[]; CgoFiles?: string[]; CFiles?: string[]; CXXFiles?: string[]; MFiles?: string[]; HFiles?: string[];
  FFiles?: string[]; SFiles?: string[]; SysoFiles?: string[]; SwigFiles?: string[]; SwigCXXFiles?: string[];
  Imports?: string[]; ImportMap?: Record<string, string>; EmbedPatterns?: string[]; EmbedFiles?: string[];
  DefaultGODEBUG?: string; ForTest?: string;
}

function globRe(pat: string): RegExp {
  let re = '';
  for (const c of pat) {
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp('^' + re + '(/.*)?$');
}

/** Loads packages (and all their deps) with `go list -json -deps`, as gocmd Package objects. */
export function goList(dir: string, args: string[], env: NodeJS.ProcessEnv): Package[] {
  const out = execFileSync(GO, ['list', '-json', '-deps', ...args], { cwd: dir, env, encoding: 'utf8', maxBuffer: 256 << 20 });
  const objs: ListJSON[] = JSON.parse('[' + out.replace(/}\n{/g, '},\n{') + ']') as ListJSON[];
  const byPath = new Map<string, Package>();
  const list: Package[] = [];
  for (const j of objs) {
    const embedMap: Record<string, string[]> = {};
    for (const pat of j.EmbedPatterns ?? []) {
      const p = pat.replace(/^all:/, '');
      const re = globRe(p);
      embedMap[pat] = (j.EmbedFiles ?? []).filter((f) => re.test(f));
    }
    const p: Package = {
      dir: j.Dir, importPath: j.ImportPath, name: j.Name, goroot: !!j.Goroot, standard: !!j.Standard,
      goFiles: j.GoFiles ?? [], cgoFiles: j.CgoFiles ?? [], ignoredGoFiles: [], invalidGoFiles: [], ignoredOtherFiles: [],
      cFiles: j.CFiles ?? [], cxxFiles: j.CXXFiles ?? [], mFiles: j.MFiles ?? [], hFiles: j.HFiles ?? [], fFiles: j.FFiles ?? [],
      sFiles: j.SFiles ?? [], sysoFiles: j.SysoFiles ?? [], swigFiles: j.SwigFiles ?? [], swigCXXFiles: j.SwigCXXFiles ?? [],
      testGoFiles: [], xTestGoFiles: [], imports: j.Imports ?? [], importPos: {}, testImports: [], xTestImports: [],
      embedPatterns: j.EmbedPatterns ?? [], embedPatternPos: {}, testEmbedPatterns: [], xTestEmbedPatterns: [],
      embedFiles: j.EmbedFiles ?? [], embedMap, importMap: j.ImportMap ?? {}, deps: j.Imports ?? [],
      internal: { imports: [] },
    };
    if (j.Module) {
      p.module = { path: j.Module.Path };
      if (j.Module.Version !== undefined) p.module.version = j.Module.Version;
      if (j.Module.Main) p.module.main = true;
      if (j.Module.Dir !== undefined) p.module.dir = j.Module.Dir;
      if (j.Module.GoVersion !== undefined) p.module.goVersion = j.Module.GoVersion;
    }
    if (j.DefaultGODEBUG) p.defaultGODEBUG = j.DefaultGODEBUG;
    if (j.Target) p.target = j.Target;
    byPath.set(p.importPath, p);
    list.push(p);
  }
  for (const p of list) {
    const imps = (p.imports).filter((i) => i !== 'C').map((i) => byPath.get(i)).filter((x): x is Package => !!x);
    if (p.name === 'main' && !imps.some((x) => x.importPath === 'runtime')) {
      const rt = byPath.get('runtime');
      if (rt) imps.push(rt);
    }
    p.internal.imports = imps;
  }
  return list;
}

/** The build-info text go would embed, taken from `go build -n`'s importcfg.link modinfo line. */
export function goBuildInfo(dir: string, args: string[], env: NodeJS.ProcessEnv): string {
  const r = spawnSync(GO, ['build', '-n', ...args], { cwd: dir, env, encoding: 'utf8', maxBuffer: 256 << 20 });
  const m = /^modinfo (".*")$/m.exec(r.stderr);
  if (!m) return '';
  const b = goUnquoteBytes(m[1]!);
  if (!b || b.length < 32) return '';
  return b.subarray(16, b.length - 16).toString('utf8');
}

/** A BuildConfig for tests: host/cross settings, no flags. */
export function testConfig(over: Partial<BuildConfig> & { cwd: string; env: NodeJS.ProcessEnv }): BuildConfig {
  const goos = over.goos ?? 'linux';
  const goarch = over.goarch ?? 'amd64';
  const base: BuildConfig = {
    goroot: GOROOT, goos, goarch, archEnv: defaultArchEnv(goarch), goexperiment: '',
    toolDir: join(GOROOT, 'pkg', 'tool', 'linux_amd64'), toolchainVersion: 'go1.26.8',
    exeSuffix: goos === 'windows' ? '.exe' : '', cgoEnabled: false, cc: [goos === 'darwin' ? 'clang' : 'gcc'],
    buildmode: 'default', ldBuildmode: 'exe', trimpath: false, rebuildAll: false, dryRun: false, printCommands: false,
    verbose: false, keepWork: false, json: false, parallel: 2,
    gcflags: () => [], asmflags: () => [], ldflags: () => [], buildInfo: () => '',
    changedEnv: [], env: over.env, origEnv: over.env, extlinkEnabled: '', tmpDir: '', cwd: over.cwd, debugActionGraph: '', cmdName: 'build',
  };
  const merged = { ...base, ...over };
  // go exports its whole `go env` to the tools it runs; the ones that matter to them:
  const ae = merged.archEnv;
  merged.env = { ...over.env, GOROOT, GOOS: goos, GOARCH: goarch, GOHOSTOS: 'linux', GOHOSTARCH: 'amd64', GOEXPERIMENT: '',
    CGO_ENABLED: merged.cgoEnabled ? '1' : '0', ...(ae.key ? { [ae.key]: ae.value } : {}) };
  return merged;
}
