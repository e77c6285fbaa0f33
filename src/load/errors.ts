// Package errors as go prints them (PackageError.Error), import stacks and short paths.
import { relative, isAbsolute } from 'node:path';
import type { PackageError, Pos } from './types.js';

/** One import stack entry: the package and the file that imported it (if known). */
export interface StackEntry {
  pkg: string;
  pos?: Pos;
}

export function stackPkgs(stk: StackEntry[]): string[] {
  return stk.map((e) => e.pkg);
}

export function stackFrom(stk: StackEntry[]): (string | undefined)[] {
  return stk.map((e) => (e.pos ? baseName(e.pos.file) : undefined));
}

function baseName(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? p : p.slice(i + 1);
}

/** base.ShortPath: path relative to cwd when that is shorter. */
export function shortPath(cwd: string, path: string): string {
  if (!isAbsolute(path)) return path;
  const rel = relative(cwd, path) || '.';
  return rel.length < path.length ? rel : path;
}

export function posString(cwd: string, pos: Pos): string {
  return `${shortPath(cwd, pos.file)}:${pos.line}:${pos.col}`;
}

export function newPackageError(stk: StackEntry[], err: string, kind?: PackageError['kind']): PackageError {
  const e: PackageError = { importStack: stackPkgs(stk), importStackFrom: stackFrom(stk), err };
  if (kind) e.kind = kind;
  return e;
}

/** PackageError.Error() from cmd/go. */
export function packageErrorString(e: PackageError): string {
  if (e.pos && (e.importStack.length === 0 || !e.alwaysPrintStack)) return `${e.pos}: ${e.err}`;
  if (e.importStack.length === 0) return e.err;
  const optpos = e.pos ? `\n\t${e.pos}` : '';
  let imports = e.importStack;
  if (e.isImportCycle) {
    imports = e.importStack.map((p, i) => {
      const from = e.importStackFrom?.[i];
      return from ? `${p} from ${from}` : p;
    });
  }
  return 'package ' + imports.join('\n\timports ') + optpos + ': ' + e.err;
}
