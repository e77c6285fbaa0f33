// //go:embed pattern resolution with go's rules (all:, hidden files, module boundaries, invalid names).
import { dirname, join, basename } from 'node:path';
import { checkFilePath } from '../lib/module.js';
import { pathMatch, BadPatternError } from '../lib/pathmatch.js';
import { cmpStr } from './dir.js';
import { godebugSetting } from '../lib/godebugsetting.js';
import { lstat, readDir, stat, type FsStat } from '../base/fsys.js';

export class EmbedError extends Error {
  constructor(readonly pattern: string, readonly err: string) {
    super(`pattern ${pattern}: ${err}`);
    this.name = 'EmbedError';
  }
}

function hasMeta(s: string): boolean {
  return /[*?[\\]/.test(s);
}

/** fs.ValidPath: unrooted, slash-separated, no empty, "." or ".." elements (except "." alone). */
export function validPath(name: string): boolean {
  if (name === '.') return true;
  for (const elem of name.split('/')) {
    if (elem === '' || elem === '.' || elem === '..') return false;
  }
  return true;
}

function validEmbedPattern(pattern: string): boolean {
  return pattern !== '.' && validPath(pattern);
}

export function isBadEmbedName(name: string): boolean {
  if (checkFilePath(name)) return true;
  return name === '' || name === '.bzr' || name === '.hg' || name === '.git' || name === '.svn';
}

// Through the overlay (base/fsys), as go's embed resolution goes through fsys.
const tryLstat = lstat;
const tryStat = stat;

function lstatOrThrow(p: string): FsStat {
  const st = lstat(p);
  if (!st) throw new Error(`lstat ${p}: no such file or directory`);
  return st;
}

function dirNames(d: string): string[] {
  return readDir(d).map((e) => e.name).sort(cmpStr);
}

/** filepath.Glob restricted to a base directory and a slash-separated pattern (returns absolute paths). */
function glob(base: string, pattern: string): string[] {
  const elems = pattern.split('/');
  let cur = [base];
  for (const elem of elems) {
    const next: string[] = [];
    for (const d of cur) {
      if (!hasMeta(elem)) {
        const p = join(d, elem);
        if (tryLstat(p)) next.push(p);
        continue;
      }
      const st = tryStat(d);
      if (!st?.isDirectory()) continue;
      let names: string[];
      try { names = dirNames(d); } catch { continue; }
      for (const n of names) if (pathMatch(elem, n)) next.push(join(d, n));
    }
    cur = next;
  }
  return cur;
}

function walk(root: string, visit: (path: string, name: string, isDir: boolean, st: FsStat) => 'skip' | void): void {
  const st = lstatOrThrow(root);
  if (visit(root, basename(root), st.isDirectory(), st) === 'skip' || !st.isDirectory()) return;
  const names = dirNames(root);
  for (const n of names) {
    const p = join(root, n);
    const s = lstatOrThrow(p);
    if (s.isDirectory()) walk(p, visit);
    else visit(p, n, false, s);
  }
}

export interface EmbedResult {
  files: string[];
  map: Record<string, string[]>;
}

/**
 * Resolves embed patterns relative to pkgdir. Throws EmbedError (message as go prints it).
 * followSymlinks is go's GODEBUG embedfollowsymlinks=1: a matched leaf file may be a symlink to a regular file.
 */
export function resolveEmbed(
  pkgdir: string,
  patterns: string[],
  followSymlinks = godebugSetting(process.env['GODEBUG'] ?? '', 'embedfollowsymlinks') === '1',
): EmbedResult {
  const map: Record<string, string[]> = {};
  const all = new Set<string>();
  const dirOK = new Set<string>();
  for (const pattern of patterns) {
    const fail = (msg: string): never => { throw new EmbedError(pattern, msg); };
    const isAll = pattern.startsWith('all:');
    const g = isAll ? pattern.slice(4) : pattern;
    try {
      pathMatch(g, '');
    } catch (e) {
      if (e instanceof BadPatternError) fail('invalid pattern syntax');
      throw e;
    }
    if (!validEmbedPattern(g)) fail('invalid pattern syntax');
    const have = new Set<string>();
    const list: string[] = [];
    const add = (rel: string): void => {
      if (!have.has(rel)) { have.add(rel); list.push(rel); }
    };
    for (const file of glob(pkgdir, g)) {
      const rel = file.slice(pkgdir.length + 1);
      const info = lstatOrThrow(file);
      const what = info.isDirectory() ? 'directory' : 'file';
      for (let dir = file; dir.length > pkgdir.length + 1 && !dirOK.has(dir); dir = dirname(dir)) {
        if (tryStat(join(dir, 'go.mod'))) fail(`cannot embed ${what} ${rel}: in different module`);
        if (dir !== file) {
          const di = tryLstat(dir);
          if (di && !di.isDirectory()) fail(`cannot embed ${what} ${rel}: in non-directory ${dir.slice(pkgdir.length + 1)}`);
        }
        dirOK.add(dir);
        const elem = basename(dir);
        if (isBadEmbedName(elem)) {
          if (dir === file) fail(`cannot embed ${what} ${rel}: invalid name ${elem}`);
          else fail(`cannot embed ${what} ${rel}: in invalid directory ${elem}`);
        }
      }
      if (info.isFile()) {
        add(rel);
      } else if (followSymlinks && info.isSymbolicLink()) {
        const target = tryStat(file);
        if (!target) fail(`stat ${file}: no such file or directory`);
        if (!target!.isFile()) fail(`cannot embed irregular file ${rel}`);
        add(rel);
      } else if (info.isDirectory()) {
        let count = 0;
        walk(file, (path, name, isDir, st) => {
          const r = path.slice(pkgdir.length + 1);
          if (path !== file && (isBadEmbedName(name) || ((name[0] === '.' || name[0] === '_') && !isAll))) {
            if (isDir) return 'skip';
            if (name[0] === '.' || name[0] === '_') return;
            if (isBadEmbedName(name)) fail(`cannot embed file ${r}: invalid name ${name}`);
            return;
          }
          if (isDir) {
            if (tryStat(join(path, 'go.mod')) && path !== file) return 'skip';
            if (path === file && tryStat(join(path, 'go.mod'))) return 'skip';
            return;
          }
          if (!st.isFile()) return;
          count++;
          add(r);
        });
        if (count === 0) fail(`cannot embed directory ${rel}: contains no embeddable files`);
      } else {
        fail(`cannot embed irregular file ${rel}`);
      }
    }
    if (list.length === 0) fail('no matching files found');
    list.sort(cmpStr);
    map[pattern] = list;
    for (const f of list) all.add(f);
  }
  return { files: [...all].sort(cmpStr), map };
}
