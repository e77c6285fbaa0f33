// The editing flags `go mod edit` and `go work edit` share: their argument checks (made while flags are parsed,
// with go's messages) and the -go/-toolchain statements, over either file kind.
import { goQuote } from '../lib/goquote.js';
import { checkImportPath } from '../lib/module.js';
import { goVersionRE, isDirectoryPath, mustQuote, toolchainRE } from '../lib/modfile/index.js';
import { ExitError } from './command.js';

export interface PathVersion {
  path: string;
  version: string;
}

export const editFatal = (msg: string): never => {
  throw new ExitError(msg, 1);
};

/** modload.ParsePathVersion: path@version split at the first '@'; a version starting with - or / is refused. */
export function splitPathVersion(arg: string): { path: string; version: string; found: boolean; err?: string } {
  const i = arg.indexOf('@');
  if (i < 0) return { path: arg, version: '', found: false };
  const vers = arg.slice(i + 1);
  if (vers.length > 0 && (vers[0] === '-' || vers[0] === '/')) return { path: '', version: '', found: false, err: `invalid module version ${goQuote(vers)}` };
  return { path: arg.slice(0, i), version: vers, found: true };
}

export const allowedVersionArg = (arg: string): boolean => !mustQuote(arg);

/**
 * The optional-version path of -replace / -dropreplace. The two commands differ where a directory may stand:
 * go.mod's editor takes a directory argument whole ('mod'); go.work's splits off an @version first and accepts
 * a directory where the import-path check fails ('work').
 */
export function parsePathVersionOptional(style: 'mod' | 'work', adj: string, arg: string, allowDirPath: boolean): PathVersion {
  if (style === 'mod' && allowDirPath && isDirectoryPath(arg)) return { path: arg, version: '' };
  const r = splitPathVersion(arg);
  if (r.err) throw new Error(r.err);
  const path = r.found ? r.path.trim() : arg;
  const version = r.found ? r.version.trim() : '';
  const bad = checkImportPath(path);
  if (bad && !(style === 'work' && allowDirPath && isDirectoryPath(path))) throw new Error(`invalid ${adj} path: ${bad.message}`);
  if (path !== arg && !allowedVersionArg(version)) throw new Error(`invalid ${adj} version: ${goQuote(version)}`);
  return { path, version };
}

/** -godebug=key=value. */
export function parseGodebugFlag(arg: string): { key: string; value: string } {
  const eq = arg.indexOf('=');
  if (eq < 0 || /["`',]/.test(arg)) editFatal(`go: -godebug=${arg}: need key=value`);
  return { key: arg.slice(0, eq), value: arg.slice(eq + 1) };
}

/** -replace=old[@v]=new[@w]. */
export function parseReplaceFlag(style: 'mod' | 'work', arg: string): { old: PathVersion; new: PathVersion } {
  const eq = arg.indexOf('=');
  if (eq < 0) editFatal(`go: -replace=${arg}: need old[@v]=new[@w] (missing =)`);
  const oldArg = arg.slice(0, eq).trim();
  const newArg = arg.slice(eq + 1).trim();
  if (newArg.startsWith('>')) editFatal(`go: -replace=${arg}: separator between old and new is =, not =>`);
  let o: PathVersion;
  let n: PathVersion;
  try {
    o = parsePathVersionOptional(style, 'old', oldArg, false);
    n = parsePathVersionOptional(style, 'new', newArg, true);
  } catch (e) {
    return editFatal(`go: -replace=${arg}: ${(e as Error).message}`);
  }
  if (n.path === newArg && !isDirectoryPath(newArg)) editFatal(`go: -replace=${arg}: unversioned new path must be local directory`);
  return { old: o, new: n };
}

/** -dropreplace=old[@v]. */
export function parseDropReplaceFlag(style: 'mod' | 'work', arg: string): PathVersion {
  try {
    return parsePathVersionOptional(style, 'old', arg, true);
  } catch (e) {
    return editFatal(`go: -dropreplace=${arg}: ${(e as Error).message}`);
  }
}

/** -go and -toolchain values checked before the file is read ("go mod" or "go work" names the command). */
export function checkGoToolchainFlags(cmd: 'go mod' | 'go work', go: string, toolchain: string, localGo: string): void {
  if (go !== '' && go !== 'none' && !goVersionRE.test(go)) {
    editFatal(`${cmd}: invalid -go option; expecting something like "-go ${localGo}"`);
  }
  if (toolchain !== '' && toolchain !== 'none' && !toolchainRE.test(toolchain)) {
    editFatal(`${cmd}: invalid -toolchain option; expecting something like "-toolchain go${localGo}"`);
  }
}

interface GoToolchainStmts {
  addGoStmt(v: string): void;
  dropGoStmt(): void;
  addToolchainStmt(name: string): void;
  dropToolchainStmt(): void;
}

/** Applies -go and -toolchain ('none' drops the line) before the ordered edits, as go does. */
export function applyGoToolchainFlags(f: GoToolchainStmts, go: string, toolchain: string): void {
  try {
    if (go === 'none') f.dropGoStmt();
    else if (go !== '') f.addGoStmt(go);
    if (toolchain === 'none') f.dropToolchainStmt();
    else if (toolchain !== '') f.addToolchainStmt(toolchain);
  } catch (e) {
    editFatal(`go: internal error: ${(e as Error).message}`);
  }
}
