// Module mode with no main module: no go.mod in or above the current directory and no go.work in use.
// go then stands in a main module named "command-line-arguments" with no requirements: imports outside
// std are not found, except that -mod=mod looks up the modules of the root packages (the imports of
// command-line .go files, or the named import paths) as go's preloadRootModules does.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, basename } from 'node:path';
import type { Config } from '../cfg/config.js';
import * as gover from '../lib/gover.js';
import type { Version } from '../lib/module.js';
import type { BuildContext } from '../load/context.js';
import { scanDir } from '../load/dir.js';
import { isLocalImport, isMetaPackage, isStandardImportPath } from '../load/pkgpattern.js';
import { type NoMainBuildMod } from '../load/resolve.js';
import { moduleLoadAt, moduleLoadFor, type ModuleLoad } from './forload.js';
import { openFetcher, usesWorkspace, workFileInUse } from './init.js';
import { fetcherQueryRepo, Querier } from './query.js';
import { queryPackages } from './queryimport.js';

/** The stand-in main module's path (go's module.Version{Path: "command-line-arguments"}). */
export const DUMMY_MAIN = 'command-line-arguments';

/** Module mode without a main module: which -mod applies (outside a module the default is readonly). */
export interface NoMainModule {
  kind: 'no-main-module';
  buildMod: NoMainBuildMod;
}

/**
 * The no-main-module state for a build-style command, or undefined when there is a main module (a
 * go.mod, or a go.work the command honours) or modules are off. -mod values other than mod and vendor
 * act as readonly (bad values were refused when flags were checked).
 */
export function noMainModuleFor(config: Config, cmdName: string, buildMod: string): NoMainModule | undefined {
  if (!config.modulesEnabled) return undefined;
  if (config.gomod !== '' && config.gomod !== '/dev/null') return undefined;
  if (usesWorkspace(cmdName) && workFileInUse(config) !== '') return undefined;
  return { kind: 'no-main-module', buildMod: buildMod === 'mod' || buildMod === 'vendor' ? buildMod : 'readonly' };
}

/**
 * The root import paths go's loader starts from: the imports of command-line .go files (which must
 * share a directory), or else the arguments that are plain import paths (not local, not patterns).
 * std packages and "C" need no module and are left out.
 */
export async function rootImportsOf(ctxt: BuildContext, cwd: string, args: readonly string[]): Promise<string[]> {
  let roots: string[];
  if (args.length > 0 && args.every((a) => a.endsWith('.go'))) {
    const files = args.map((a) => (a.startsWith('/') ? a : join(cwd, a)));
    try {
      roots = (await scanDir(ctxt, dirname(files[0]!), files.map((f) => basename(f)))).imports;
    } catch {
      return []; // the package load reports the files' errors
    }
  } else {
    roots = args.filter((a) => !isLocalImport(a) && !a.startsWith('/') && !a.includes('...') && !isMetaPackage(a));
  }
  // A std-looking path is never looked up in a module (go reports it "not in std").
  return [...new Set(roots)].filter((p) => p !== 'C' && !isStandardImportPath(p));
}

/** The newest version per module path of the modules found, in path order. */
export function requirementsOf(found: readonly Version[]): Version[] {
  const best = new Map<string, string>();
  for (const m of found) {
    const v = best.get(m.path);
    if (v === undefined || gover.modCompare(m.path, m.version, v) > 0) best.set(m.path, m.version);
  }
  return [...best].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([path, version]) => ({ path, version }));
}

/** The text of the stand-in module's go.mod requiring mods. */
export function dummyGoMod(goVersion: string, mods: readonly Version[]): string {
  let s = `module ${DUMMY_MAIN}\n\ngo ${goVersion}\n`;
  if (mods.length > 0) s += '\nrequire (\n' + mods.map((m) => `\t${m.path} ${m.version}\n`).join('') + ')\n';
  return s;
}

export interface DummyLoadOptions {
  cmdName: string;
  trace: boolean;
  modcacherw: boolean;
  stderr: (s: string) => void;
  ctxt: BuildContext;
}

/**
 * A module load over the stand-in main module requiring mods. Its go.mod (and the go.sum the load
 * may write) live in a temporary directory removed at exit: nothing is written where the user works.
 */
export function dummyModuleLoad(config: Config, mods: readonly Version[], o: DummyLoadOptions): ModuleLoad {
  const dir = mkdtempSync(join(tmpdir(), 'gocmd-nomain-'));
  process.once('exit', () => { try { rmSync(dir, { recursive: true, force: true }); } catch { /* best effort */ } });
  writeFileSync(join(dir, 'go.mod'), dummyGoMod(config.localGo, mods));
  return moduleLoadAt(config, dir, { cmdName: o.cmdName, buildMod: 'mod', trace: o.trace, modcacherw: o.modcacherw, stderr: o.stderr, ctxt: o.ctxt, ignoreWorkspace: true });
}

/**
 * -mod=mod without a main module: looks up the module of each root import ("go: finding module for
 * package X"); a failed lookup is left for the package load to report, as go does. Returns a load over
 * the stand-in module requiring what was found, or undefined when nothing was.
 */
export async function noMainModuleLoad(config: Config, cwd: string, args: readonly string[], o: DummyLoadOptions): Promise<ModuleLoad | undefined> {
  const roots = await rootImportsOf(o.ctxt, cwd, args);
  if (roots.length === 0) return undefined;
  const fetcher = openFetcher(config, { cmdName: o.cmdName, trace: o.trace, modcacherw: o.modcacherw, stderr: o.stderr }, '');
  const q = new Querier({ repo: fetcherQueryRepo(fetcher), mainPaths: new Set() });
  const env = {
    mainPath: DUMMY_MAIN,
    fetch: async (m: Version) => ({ dir: await fetcher.download(m), isLocal: false }),
    replacement: () => undefined,
  };
  const found: Version[] = [];
  for (const path of roots) {
    o.stderr(`go: finding module for package ${path}\n`);
    try {
      const mods = await queryPackages(q, env, path, 'latest', () => 'none', q.checkAllowed);
      if (mods[0]) found.push(mods[0]);
    } catch {
      // go's preloadRootModules drops the error: the import is reported missing when packages load.
    }
  }
  if (found.length === 0) return undefined;
  return dummyModuleLoad(config, requirementsOf(found), o);
}

/**
 * What a build-style command loads with: the main module's load, or without a main module the
 * no-main-module state and, under -mod=mod when some root module was found, a load over the stand-in
 * module. `noMain` is set (and `ml` undefined) when load should resolve std only and word missing imports by -mod.
 */
export async function buildModuleLoad(
  config: Config,
  cwd: string,
  args: readonly string[],
  o: DummyLoadOptions & { buildMod: string; modFile: string },
): Promise<{ ml?: ModuleLoad; noMain?: NoMainModule }> {
  const ml = moduleLoadFor(config, cwd, { cmdName: o.cmdName, buildMod: o.buildMod, modFile: o.modFile, modcacherw: o.modcacherw, trace: o.trace, stderr: o.stderr, ctxt: o.ctxt });
  if (ml) return { ml };
  const noMain = noMainModuleFor(config, o.cmdName, o.buildMod);
  if (!noMain) return {};
  const dummy = noMain.buildMod === 'mod' ? await noMainModuleLoad(config, cwd, args, o) : undefined;
  return dummy ? { ml: dummy } : { noMain };
}
