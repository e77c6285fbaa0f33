// Creating a new go.mod (go mod init): the module path (given or inferred) and the initial file text.
import { readFileSync, readdirSync, realpathSync } from 'node:fs';
import { delimiter, join, sep } from 'node:path';
import * as gover from '../lib/gover.js';
import { checkImportPath, splitPathVersion } from '../lib/module.js';
import { ModFile } from '../lib/modfile/index.js';
import { goUnquote } from '../lib/modfile/index.js';
import { goQuote } from '../lib/goquote.js';
import { ModloadError } from './errors.js';

const importCommentRE = /^package[ \t]+[^ \t\r\n/]+[ \t]+\/\/[ \t]+import[ \t]+("[^"]+")[ \t]*\r?\n/m;

/** The path in a file's "package p // import "path"" comment, or "". */
export function findImportComment(file: string): string {
  let data: string;
  try {
    data = readFileSync(file, 'latin1');
  } catch {
    return '';
  }
  const m = importCommentRE.exec(data);
  if (!m) return '';
  try {
    return goUnquote(m[1]!);
  } catch {
    return '';
  }
}

/**
 * go's search.InDir: path relative to dir when path is inside dir, lexically or once symlinks in
 * path, dir or both are resolved ("." for dir itself); "" when it is not.
 */
export function inDir(path: string, dir: string): string {
  const lex = (p: string, d: string): string | undefined => {
    if (p === d) return '.';
    const pre = d.endsWith(sep) ? d : d + sep;
    return p.startsWith(pre) ? p.slice(pre.length) : undefined;
  };
  const real = (p: string): string => {
    try {
      return realpathSync(p);
    } catch {
      return p;
    }
  };
  const r = lex(path, dir);
  if (r !== undefined) return r;
  const xpath = real(path);
  if (xpath !== path) {
    const rx = lex(xpath, dir);
    if (rx !== undefined) return rx;
  }
  const xdir = real(dir);
  if (xdir !== dir) {
    const rd = lex(path, xdir) ?? (xpath !== path ? lex(xpath, xdir) : undefined);
    if (rd !== undefined) return rd;
  }
  return '';
}

/** go's findModulePath: import comments in dir and its subdirectories, else the path below GOPATH/src. */
export function findModulePath(dir: string, gopath: string): string {
  let list: import('node:fs').Dirent[] = [];
  try {
    list = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch { /* unreadable */ }
  for (const e of list) {
    if (e.isFile() && e.name.endsWith('.go')) {
      const c = findImportComment(join(dir, e.name));
      if (c !== '') return c;
    }
  }
  for (const e1 of list) {
    if (!e1.isDirectory()) continue;
    let files: import('node:fs').Dirent[] = [];
    try {
      files = readdirSync(join(dir, e1.name), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch { /* unreadable */ }
    for (const e2 of files) {
      if (e2.isFile() && e2.name.endsWith('.go')) {
        const c = findImportComment(join(dir, e1.name, e2.name));
        if (c !== '') {
          const i = c.lastIndexOf('/');
          return i < 0 ? '.' : c.slice(0, i);
        }
      }
    }
  }
  let badPathErr: Error | undefined;
  for (const gp of gopath.split(delimiter)) {
    if (gp === '') continue;
    const rel = inDir(dir, join(gp, 'src'));
    if (rel !== '' && rel !== '.') {
      const path = rel.split(sep).join('/');
      const bad = checkImportPath(path);
      if (bad) {
        badPathErr = bad;
        break;
      }
      return path;
    }
  }
  const reason = badPathErr ? `bad module path inferred from directory in GOPATH: ${badPathErr.message}` : 'outside GOPATH, module path must be specified';
  throw new ModloadError(`cannot determine module path for source directory ${dir} (${reason})

Example usage:
	'go mod init example.com/m' to initialize a v0 or v1 module
	'go mod init example.com/m/v2' to initialize a v2 module

Run 'go help mod init' for more information.
`);
}

function trailingVersionStart(path: string): number {
  let i = path.length;
  while (i > 0 && ((path[i - 1]! >= '0' && path[i - 1]! <= '9') || path[i - 1] === '.')) i--;
  return i;
}

const firstNumber = (s: string): string => /[0-9]+/.exec(s)?.[0] ?? '';

export function suggestModulePath(path: string): string {
  const i = trailingVersionStart(path);
  let url = path.slice(0, i);
  if (url.endsWith('/v')) url = url.slice(0, -2);
  if (url.endsWith('/')) url = url.slice(0, -1);
  const m = firstNumber(path.slice(i)).replace(/^0+/, '');
  return m === '' || m === '1' ? url + '/v2' : url + '/v' + m;
}

export function suggestGopkgIn(path: string): string {
  const i = trailingVersionStart(path);
  let url = path.slice(0, i);
  if (url.endsWith('.v')) url = url.slice(0, -2);
  if (url.endsWith('/v')) url = url.slice(0, -2);
  if (url.endsWith('/')) url = url.slice(0, -1);
  const m = firstNumber(path).replace(/^0+/, '');
  return m === '' ? url + '.v1' : url + '.v' + m;
}

/** Checks a module path given to go mod init; throws go's error. */
export function checkNewModulePath(modPath: string): void {
  const bad = checkImportPath(modPath);
  if (bad) {
    let err = bad.err;
    if (modPath === '.' || modPath === '..' || modPath.startsWith('./') || modPath.startsWith('../')) err = new Error('is a local import path');
    throw new ModloadError(`malformed module path ${goQuote(modPath)}: ${err.message}`);
  }
  if (gover.isToolchain(modPath)) throw new ModloadError(`invalid module path "${modPath}": `);
  if (!splitPathVersion(modPath).ok) {
    if (modPath.startsWith('gopkg.in/')) {
      throw new ModloadError(`invalid module path "${modPath}": module paths beginning with gopkg.in/ must always have a major version suffix in the form of .vN:\n\tgo mod init ${suggestGopkgIn(modPath)}`);
    }
    throw new ModloadError(`invalid module path "${modPath}": major version suffixes must be in the form of /vN and are only allowed for v2 or later:\n\tgo mod init ${suggestModulePath(modPath)}`);
  }
}

/** The text of a new go.mod for modPath at Go version goVersion. */
export function newModFileText(modPath: string, goVersion: string): string {
  const f = new ModFile();
  f.addModuleStmt(modPath);
  f.addGoStmt(goVersion);
  return f.format();
}

/** Whether dir looks like an existing project (a non-hidden .go file or subdirectory). */
export function looksNonEmpty(dir: string): boolean {
  let ents: import('node:fs').Dirent[] = [];
  try {
    ents = readdirSync(dir, { withFileTypes: true });
  } catch { /* unreadable */ }
  return ents.some((e) => !e.name.startsWith('.') && !e.name.startsWith('_') && (e.name.endsWith('.go') || e.isDirectory()));
}
