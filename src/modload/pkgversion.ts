// `go install/run pkg@version`: resolves the module outside any main module and loads its packages (go's PackagesAndErrorsOutsideModule).
import { isAbsolute, join, posix } from 'node:path';
import type { Config } from '../cfg/config.js';
import { ExitError } from '../base/errors.js';
import { FatalError } from '../modfetch/errors.js';
import { errorAs } from '../lib/module.js';
import { inGOFLAGS, parseGOFLAGS } from '../cfg/goflags.js';
import type { Version } from '../lib/module.js';
import { parseModFile } from '../lib/modfile/index.js';
import type { BuildContext } from '../load/context.js';
import { cleanPatterns, isLocalImport, isMetaPackage, isStandardImportPath } from '../load/pkgpattern.js';
import { existsSync } from 'node:fs';
import { errorText } from './errors.js';
import { type ModuleLoad } from './forload.js';
import { DUMMY_MAIN, dummyModuleLoad } from './nomain.js';
import { modulesDisabledError, openFetcher } from './init.js';
import { fetcherQueryRepo, Querier } from './query.js';
import { isRevisionQuery, shortMessage } from './querymatch.js';
import { queryPackages } from './queryimport.js';
import { ConstraintError, type Conflict } from './edit.js';

/** Whether args name packages at a version (the first argument has an "@"). */
export function hasVersionArg(args: readonly string[]): boolean {
  return args.some((a) => a.includes('@') && !a.startsWith('-'));
}

/**
 * go's NoRoot check: -modfile makes no sense without a main module, but a -modfile in $GOFLAGS
 * (which applies to every command) is ignored; "" when there is no error.
 */
export function modFileOutsideModuleError(modFile: string, goflags: string): string {
  if (modFile === '' || inGOFLAGS(parseGOFLAGS(goflags, true), '-modfile')) return '';
  return '-modfile cannot be used with commands that ignore the current module';
}


/**
 * Checks the pkg@version arguments, finds the module providing them (refusing go.mod files with
 * replace or exclude directives), and returns a module load whose only requirement is that
 * module, plus the package patterns to load. Errors are go's (exit 1).
 */
export async function loadOutsideModule(
  config: Config,
  args: string[],
  o: { cmdName: string; trace: boolean; modcacherw: boolean; stderr: (s: string) => void; ctxt: BuildContext; modFile?: string },
): Promise<{ ml: ModuleLoad; patterns: string[]; rootMod: Version }> {
  const fail = (msg: string): never => { throw new ExitError(`go: ${msg}`, 1); };
  if (config.getenv('GO111MODULE') === 'off') fail(modulesDisabledError().message);
  const modFileErr = modFileOutsideModuleError(o.modFile ?? '', config.getenv('GOFLAGS'));
  if (modFileErr) fail(modFileErr);
  let version = '';
  let firstPath = '';
  for (const a of args) {
    const i = a.indexOf('@');
    if (i >= 0) {
      firstPath = a.slice(0, i);
      version = a.slice(i + 1);
      if (version === '') fail(`${a}: version must not be empty`);
      break;
    }
  }
  const patterns: string[] = [];
  for (const a of args) {
    if (!a.endsWith('@' + version)) fail(`${a}: all arguments must refer to packages in the same module at the same version (@${version})`);
    const p = a.slice(0, a.length - version.length - 1);
    if (isLocalImport(p)) fail(`${a}: argument must be a package path, not a relative path`);
    else if (isAbsolute(p)) fail(`${a}: argument must be a package path, not an absolute path`);
    else if (isMetaPackage(p)) fail(`${a}: argument must be a package path, not a meta-package`);
    else if (posix.normalize(p) !== p || p.endsWith('/')) fail(`${a}: argument must be a clean package path`);
    else if (!p.includes('...') && isStandardImportPath(p) && existsSync(join(config.goroot, 'src', p))) fail(`${a}: argument must not be a package in the standard library`);
    patterns.push(p);
  }
  // Checked as written, then cleaned (rsc.io\fortune names rsc.io/fortune), as go.
  patterns.splice(0, patterns.length, ...new Set(cleanPatterns(patterns)));
  const fetcher = openFetcher(config, { cmdName: o.cmdName, trace: o.trace, modcacherw: o.modcacherw, stderr: o.stderr }, '');
  const q = new Querier({ repo: fetcherQueryRepo(fetcher), mainPaths: new Set() });
  const allowed = isRevisionQuery(firstPath, version) ? undefined : q.checkAllowed;
  let rootMod: Version;
  try {
    const found = await queryPackages(q, {
      mainPath: DUMMY_MAIN,
      fetch: async (m) => ({ dir: await fetcher.download(m), isLocal: false }),
      replacement: () => undefined,
    }, patterns[0]!, version, () => 'none', allowed);
    rootMod = found[0]!;
  } catch (e) {
    const fatal = errorAs(e, FatalError);
    if (fatal) throw new ExitError(fatal.message, 1);
    return fail(`${args[0]}: ${(e as Error).message}`);
  }
  let deprecation = '';
  try {
    deprecation = await q.deprecation(rootMod);
  } catch (e) {
    fail(`${args[0]}: ${(e as Error).message}`);
  }
  if (deprecation !== '') o.stderr(`go: module ${rootMod.path} is deprecated: ${shortMessage(deprecation, '')}\n`);
  let data: Buffer;
  try {
    data = await fetcher.goMod(rootMod.path, rootMod.version);
  } catch (e) {
    return fail(`${args[0]}: ${(e as Error).message}`);
  }
  let f;
  try {
    f = parseModFile('go.mod', data.toString('utf8'));
  } catch (e) {
    return fail(`${args[0]} (in ${rootMod.path}@${rootMod.version}): ${(e as Error).message}`);
  }
  const directive = (kind: string): string => `${args[0]} (in ${rootMod.path}@${rootMod.version}):\n` +
    '\tThe go.mod file for the module providing named packages contains one or\n' +
    `\tmore ${kind} directives. It must not contain directives that would cause\n` +
    '\tit to be interpreted differently than if it were the main module.';
  if (f.replace.length > 0) fail(directive('replace'));
  if (f.exclude.length > 0) fail(directive('exclude'));

  // The dummy main module requires only rootMod; -mod=mod lets missing imports be looked up.
  const ml = dummyModuleLoad(config, [rootMod], { cmdName: o.cmdName, trace: o.trace, modcacherw: o.modcacherw, stderr: o.stderr, ctxt: o.ctxt });
  // go adds rootMod with EditBuildList: a module whose own requirements select another version of
  // itself cannot be used. (Graph errors are left for the package load to report.)
  const { graph, error } = await ml.st.reqs.graph();
  if (!error) {
    const conflict = rootModConflict(rootMod, graph.selected(rootMod.path), (f) => graph.findPath(f));
    if (conflict) fail(`${args[0]}: ${new ConstraintError([conflict]).message}`);
  }
  return { ml, patterns, rootMod };
}

/**
 * The conflict when the graph selects a version of rootMod's path other than rootMod (its own
 * requirements reach a higher one): the requirement path from rootMod to the selected version.
 */
export function rootModConflict(rootMod: Version, selected: string, findPath: (f: (m: Version) => boolean) => Version[] | undefined): Conflict | undefined {
  if (selected === rootMod.version) return undefined;
  const path = (findPath((m) => m.path === rootMod.path && m.version === selected) ?? []).slice(1);
  if (path.length === 0) return undefined;
  return { path, constraint: rootMod };
}

/** go's check that every named package comes from rootMod. */
export function packageModuleError(importPath: string, mod: { path: string; version?: string } | undefined, rootMod: Version): string | undefined {
  const rm = `${rootMod.path}@${rootMod.version}`;
  if (!mod) return `package ${importPath} not provided by module ${rm}`;
  if (mod.path !== rootMod.path || (mod.version ?? '') !== rootMod.version) {
    return `package ${importPath} provided by module ${mod.path}@${mod.version ?? ''}\n\tAll packages must be provided by the same module (${rm}).`;
  }
  return undefined;
}

export { errorText };

/**
 * Fetches the module providing path@version outside any module, as `go install/run pkg@version`
 * does before its flags are parsed (go's maybeSwitchForGoInstallVersion), to learn whether it needs
 * a newer Go. Returns the query's error, if any; the caller only acts on a too-new Go.
 */
export async function queryInstallModule(config: Config, path: string, version: string, o: { cmdName: string; modcacherw: boolean; stderr: (s: string) => void }): Promise<unknown> {
  try {
    const fetcher = openFetcher(config, { cmdName: o.cmdName, trace: false, modcacherw: o.modcacherw, stderr: o.stderr }, '');
    const q = new Querier({ repo: fetcherQueryRepo(fetcher), mainPaths: new Set() });
    const allowed = isRevisionQuery(path, version) ? undefined : q.checkAllowed;
    await queryPackages(q, {
      mainPath: DUMMY_MAIN,
      fetch: async (m) => ({ dir: await fetcher.download(m), isLocal: false }),
      replacement: () => undefined,
    }, path, version, () => 'none', allowed);
    return undefined;
  } catch (e) {
    return e;
  }
}
