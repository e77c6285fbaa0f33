// The main module: finding go.mod (or the -modfile), reading it strictly, and choosing the default -mod.
import { readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve as resolvePath, sep } from 'node:path';
import * as gover from '../lib/gover.js';
import { checkImportPath, InvalidPathError } from '../lib/module.js';
import { ModFile, ModFileError, parseModFile } from '../lib/modfile/index.js';
import { goPathErrorText } from '../lib/oserror.js';
import { shortPath } from '../load/errors.js';
import { overlay, readFile, statPath } from '../base/fsys.js';
import { checkGodebug, godebugTable } from '../load/godebug.js';
import { goQuote } from '../lib/goquote.js';
import { ModloadError, NoMainModulesError } from './errors.js';
import { mainModFixer, VersionFixRequest, type FixState } from './fixversion.js';

/** A go.mod needing a newer go than the running one (its go line in goVersion). */
export class TooNewModFileError extends ModloadError {
  constructor(message: string, readonly goVersion: string, tooNew?: gover.TooNewError) {
    super(message);
    // The toolchain switcher finds the TooNewError through cause (go's errors.As).
    if (tooNew) this.cause = tooNew;
  }
}

/** The main module as modload keeps it. */
export interface MainModule {
  path: string;
  /** The module root (directory of go.mod, even with -modfile). */
  dir: string;
  /** The go.mod file read (-modfile when given). */
  goModFile: string;
  data: string;
  file: ModFile;
  /** The go line ("" when absent). */
  goVersion: string;
  toolchain: string;
  /** Versions in go.mod were not canonical and were resolved (go's dataNeedsFix): go.mod must be rewritten. */
  fixed: boolean;
}

function isFile(p: string): boolean {
  // Through -overlay, which can add or hide go.mod files (go's fsys.Stat).
  if (overlay()) return statPath(p)?.isFile === true;
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** The nearest directory at or above dir holding a go.mod file, or "". */
export function findModuleRoot(dir: string): string {
  for (let d = resolvePath(dir); ; d = dirname(d)) {
    if (isFile(join(d, 'go.mod'))) return d;
    if (dirname(d) === d) return '';
  }
}

/** go's findAltConfig: a .git/config at or above dir (not in or above GOROOT), as [dir, name]. */
export function findAltConfig(dir: string, goroot: string): [string, string] | undefined {
  let d = resolvePath(dir);
  if (goroot !== '') {
    const g = resolvePath(goroot);
    if (d === g || d.startsWith(g + sep)) return undefined;
  }
  for (;;) {
    if (isFile(join(d, '.git/config'))) return [d, '.git/config'];
    if (dirname(d) === d) return undefined;
    d = dirname(d);
  }
}

/** The error go gives when a command needs a main module and there is none (modload.die). */
export function noMainModuleError(cwd: string, goroot: string, go111module: string): ModloadError {
  if (go111module === 'off') return new ModloadError("modules disabled by GO111MODULE=off; see 'go help modules'");
  const alt = findAltConfig(cwd, goroot);
  if (alt) {
    const rel = relative(cwd, alt[0]) || '.';
    const cd = rel !== '.' ? `cd ${rel} && ` : '';
    return new ModloadError(`cannot find main module, but found ${alt[1]} in ${alt[0]}\n\tto create a module there, run:\n\t${cd}go mod init`);
  }
  return new NoMainModulesError();
}

/**
 * Reads and checks the main go.mod as go's ReadModFile does; with queryFix, versions that are not
 * canonical are resolved by queries (go's fixVersion: a VersionFixRequest is thrown until answered). Errors carry go's text:
 * "errors parsing go.mod:\n...", "go.mod requires go >= X (...)", "error reading go.mod: missing module declaration...".
 */
export function readMainModFile(gomod: string, cwd: string, localGo: string, gotoolchain = '', startup?: MainModuleOptions['startup'], named = gomod, queryFix = false): { data: string; file: ModFile; fixed: boolean } {
  let data: string;
  try {
    data = readFile(gomod).toString('utf8');
  } catch (e) {
    // go reads the file by the name it was given (a relative -modfile stays relative in the message).
    // Overlay errors come worded already; Node's get go's "op name: strerror" form.
    const fromOverlay = (e as NodeJS.ErrnoException).syscall === undefined;
    throw new ModloadError(fromOverlay ? (e as Error).message : goPathErrorText(e, named));
  }
  const short = shortPath(cwd, gomod);
  const tooNew = (f: ModFile): ModloadError | undefined => {
    if (f.go && gover.compare(f.go.version, localGo) > 0) {
      const e = new gover.TooNewError(short, f.go.version, localGo, gover.tooNewExplain({ gotoolchain, ...startup }));
      return new TooNewModFileError(e.message, f.go.version, e);
    }
    return undefined;
  };
  let file: ModFile;
  const fix: FixState = { fixed: false, pending: [] };
  // Versions needing a query are asked for once the whole file has been seen (see fixversion.ts).
  const needQueries = (): void => {
    if (fix.pending.length > 0) throw new VersionFixRequest(gomod, fix.pending);
  };
  try {
    // Without queryFix (go's nil fixer) versions must be semver, canonicalised as they are read.
    file = parseModFile(gomod, data, queryFix ? { fix: mainModFixer(fix) } : {});
  } catch (e) {
    if (!(e instanceof ModFileError)) throw e;
    needQueries();
    try {
      const lax = parseModFile(gomod, data, queryFix ? { lax: true, fix: mainModFixer(fix) } : { lax: true });
      const tn = tooNew(lax);
      if (tn) throw tn;
    } catch (e2) {
      if (e2 instanceof ModloadError) throw e2;
    }
    throw new ModloadError(`errors parsing ${short}:\n${shortenPaths(e.message, cwd)}`);
  }
  needQueries();
  const tn = tooNew(file);
  if (tn) throw tn;
  if (!file.module) {
    throw new ModloadError(`error reading ${short}: missing module declaration. To specify the module path:\n\tgo mod edit -module=example.com/mod`);
  }
  if (gover.isToolchain(file.module.path)) {
    throw new ModloadError(`error reading ${short}: invalid module path: ${goQuote(file.module.path)}`);
  }
  return { data, file, fixed: fix.fixed };
}

/**
 * The main go.mod parsed again from the text read (for editing it), with the same version fixes;
 * the reader has already reported any problem.
 */
export function reparseMainModFile(mm: Pick<MainModule, 'goModFile' | 'data'>): ModFile {
  return parseModFile(mm.goModFile, mm.data, { fix: mainModFixer({ fixed: false, pending: [] }) });
}

/** Rewrites absolute "file:line:" prefixes of each error line to go's short form. */
function shortenPaths(msg: string, cwd: string): string {
  return msg
    .split('\n')
    .map((line) => {
      const m = /^(\/[^:]*):(.*)$/.exec(line);
      return m ? `${shortPath(cwd, m[1]!)}:${m[2]}` : line;
    })
    .join('\n');
}

export interface MainModuleOptions {
  cwd: string;
  goroot: string;
  /** -modfile (absolute or relative to cwd), "" when not given. */
  modFile: string;
  /** The running toolchain's Go version ("1.26.8"). */
  localGo: string;
  gotoolchain?: string;
  /** What GOTOOLCHAIN selection saw (the go.mod/go.work and line that chose), for "requires go >=" errors. */
  startup?: { autoFile?: string; autoGoVersion?: string; autoToolchain?: string };
  go111module?: string;
}

/** Finds and reads the main module; throws go's errors (no main module, -modfile checks, parse errors). */
export function loadMainModule(o: MainModuleOptions): MainModule {
  const root = findModuleRoot(o.cwd);
  if (root === '') {
    if (o.modFile !== '') {
      throw new ModloadError('cannot find main module, but -modfile was set.\n\t-modfile cannot be used to set the module root directory.');
    }
    throw noMainModuleError(o.cwd, o.goroot, o.go111module ?? '');
  }
  if (o.modFile !== '' && !o.modFile.endsWith('.mod')) {
    throw new ModloadError(`-modfile=${o.modFile}: file does not have .mod extension`);
  }
  const goModFile = o.modFile !== '' ? resolvePath(o.cwd, o.modFile) : join(root, 'go.mod');
  const { data, file, fixed } = readMainModFile(goModFile, o.cwd, o.localGo, o.gotoolchain, o.startup, o.modFile || goModFile, true);
  const godebugErr = checkModGodebugs(file, shortPath(o.cwd, goModFile), o.goroot, o.localGo);
  if (godebugErr) throw godebugErr;
  const pathErr = checkImportPath(file.module!.path);
  if (pathErr) throw new ModloadError(new InvalidPathError('module', pathErr.path, pathErr.err).message);
  checkToolPaths(file);
  return {
    path: file.module!.path,
    dir: root,
    goModFile,
    data,
    file,
    goVersion: file.go?.version ?? '',
    toolchain: file.toolchain?.name ?? '',
    fixed,
  };
}

/** go's makeMainModules check of tool directives: each names a valid import path. */
export function checkToolPaths(file: ModFile): void {
  for (const t of file.tool) {
    const bad = checkImportPath(t.path);
    if (bad) throw new ModloadError(new InvalidPathError('tool', bad.path, bad.err).message);
  }
}

/**
 * go's loadModFile check of the main go.mod's godebug lines: one "error loading go.mod" per bad
 * line, joined as go prints a joined error (each line of the join gets its own "go: ").
 */
export function checkModGodebugs(file: ModFile, short: string, goroot: string, localGo: string): ModloadError | undefined {
  if (file.godebug.length === 0) return undefined;
  const table = godebugTable(goroot);
  const errs: string[] = [];
  for (const g of file.godebug) {
    const err = checkGodebug(table, localGo, 'godebug', g.key, g.value);
    if (err) errs.push(`error loading go.mod:\n${short}:${g.syntax.start.line}: ${err}`);
  }
  return errs.length > 0 ? new ModloadError(errs.join('\ngo: ')) : undefined;
}

/** The -mod default (go's setDefaultBuildMod) for a single main module; reason is cfg.BuildModReason. */
export function defaultBuildMod(cmdName: string, mm: MainModule | undefined): { mod: string; reason: string } {
  switch (cmdName) {
    case 'get': case 'mod download': case 'mod init': case 'mod tidy': case 'work sync':
    case 'mod graph': case 'mod verify': case 'mod why':
      return { mod: 'mod', reason: '' };
    case 'mod vendor': case 'work vendor':
      return { mod: 'readonly', reason: '' };
  }
  if (!mm) return { mod: 'readonly', reason: '' };
  const vendorDir = join(mm.dir, 'vendor');
  let isDir = false;
  try {
    isDir = statSync(vendorDir).isDirectory();
  } catch { /* no vendor directory */ }
  if (isDir) {
    if (mm.goVersion === '') return { mod: 'readonly', reason: 'Go version in go.mod is unspecified, so vendor directory was not used.' };
    if (gover.compare(mm.goVersion, '1.14') < 0) {
      return { mod: 'readonly', reason: `Go version in go.mod is ${mm.goVersion}, so vendor directory was not used.` };
    }
    if (modulesTxtIsForWorkspace(vendorDir)) {
      return { mod: 'readonly', reason: 'Outside workspace mode, but vendor directory is for a workspace.' };
    }
    return { mod: 'vendor', reason: 'Go version in go.mod is at least 1.14 and vendor directory exists.' };
  }
  return { mod: 'readonly', reason: '' };
}

/** Whether vendor/modules.txt starts with a "## ...workspace..." annotation line. */
export function modulesTxtIsForWorkspace(vendorDir: string): boolean {
  let text: string;
  try {
    text = readFileSync(join(vendorDir, 'modules.txt'), 'utf8').slice(0, 512);
  } catch {
    return false;
  }
  const line = text.split('\n')[0]!;
  if (!line.startsWith('## ')) return false;
  return line.slice(3).split(';').some((e) => e.trim() === 'workspace');
}

/** go's check of the -mod flag value. */
export function checkBuildModFlag(mod: string): void {
  if (mod !== '' && mod !== 'mod' && mod !== 'readonly' && mod !== 'vendor') {
    throw new ModloadError(`-mod=${mod} not supported (can be '', 'mod', 'readonly', or 'vendor')`, { noPrefix: true });
  }
}
