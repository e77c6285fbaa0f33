// Pattern expansion: directories, `...` wildcards, std/cmd/all and import paths → package paths.
import { statSync } from 'node:fs';
import { readDir, statFailureText, statPath, type FsEntry } from '../base/fsys.js';
import { dirname, join, relative, resolve as resolvePath, sep } from 'node:path';
import { ExitError } from '../base/errors.js';
import { shortPath } from './errors.js';
import type { Loader } from './load.js';
import { isLocalPattern, isMetaPackage, isStandardImportPath, matchPattern, treeCanMatchPattern } from './pkgpattern.js';
import { isDirWithGoFiles } from './resolve.js';
import { ignoreMatcher, moduleIgnore } from './ignore.js';
import type { DirInfo } from './dir.js';
import { GopathResolver } from './gopath.js';

export interface MatchedPkg {
  path: string;
  dir?: string;
  /** Named by a relative directory on the command line. */
  local?: boolean;
  /** The pattern named something that is not a loadable package (go's MatchError text). */
  error?: string;
  /** The error is go's NoGoError (a directory without Go files). */
  noGo?: boolean;
}

export interface PatternMatch {
  pattern: string;
  pkgs: MatchedPkg[];
  errors: string[];
  /** Print `go: warning: "P" matched no packages`. */
  warn: boolean;
  /** The pattern was "all": the loader adds the dependencies. */
  all?: boolean;
  /** Other messages for stderr (e.g. "warning: ignoring symlink DIR"). */
  notes: string[];
}

function sortedEntries(dir: string): FsEntry[] {
  return readDir(dir).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}


/** The sorted names of a directory's non-directory entries (symlinks to directories excluded), like go/build lists them. */
function fileNames(dir: string, ents: FsEntry[]): string[] {
  const out: string[] = [];
  for (const e of ents) {
    if (e.isDirectory()) continue;
    if (e.isSymbolicLink()) {
      try { if (statSync(join(dir, e.name)).isDirectory()) continue; } catch { /* dangling: a file */ }
    }
    out.push(e.name);
  }
  return out;
}

/** Whether a scanned directory counts as a package for pattern matching (ImportDir without NoGoError). */
function isPackageDir(d: DirInfo | Error): boolean {
  if (d instanceof Error) return true;
  return !(d.error?.kind === 'nogo' && d.invalidGoFiles.length === 0);
}

/** Walks GOROOT/src (or a module root) collecting import paths matching pattern, go's matchPackages style. */
async function walkPkgs(
  loader: Loader,
  root: string,
  importPathRoot: string,
  isMatch: (name: string) => boolean,
  treeCanMatch: (name: string) => boolean,
  opts: { std?: boolean; pruneGoMod: boolean; pruneVendor: boolean; have: Set<string>; skipCmdInStd?: boolean; notes?: string[]; ignore?: string[] },
): Promise<string[]> {
  const found: { name: string; dir: string; files?: string[] }[] = [];
  // A dependency's ignore lines come from its go.mod summary (a module zip may lack go.mod).
  const ignore = opts.ignore ? ignoreMatcher(opts.ignore) : moduleIgnore(root);
  const visit = (dir: string, rel: string): void => {
    const name = rel === '' ? importPathRoot : importPathRoot === '' ? rel : `${importPathRoot}/${rel}`;
    if (ignore?.(rel)) {
      // go.mod ignore directive (go prints the skip under -x).
      loader.config.trace?.(`# ignoring directory ${dir}`);
      return;
    }
    if (rel !== '' || importPathRoot !== '') {
      if (!treeCanMatch(name)) return;
      if (opts.std && (!isStandardImportPath(name) || (opts.skipCmdInStd && name === 'cmd'))) return;
      if (rel !== '' && opts.pruneGoMod) {
        if (statPath(join(dir, 'go.mod'))?.isFile) return;
      }
    }
    let ents: FsEntry[] | undefined;
    try { ents = sortedEntries(dir); } catch { ents = undefined; }
    if (rel !== '' || importPathRoot !== '') {
      if (!opts.have.has(name)) {
        opts.have.add(name);
        if (isMatch(name)) found.push({ name, dir, files: ents && fileNames(dir, ents) });
      }
      const elem = rel.slice(rel.lastIndexOf('/') + 1);
      if (elem === 'vendor' && opts.pruneVendor) return;
    }
    if (!ents) return;
    for (const e of ents) {
      const hidden = e.name.startsWith('.') || e.name.startsWith('_') || e.name === 'testdata';
      if (e.isSymbolicLink() && opts.notes && !hidden) {
        // go does not follow symlinked directories in wildcard walks, and says so.
        const r = rel === '' ? e.name : `${rel}/${e.name}`;
        const n = importPathRoot === '' ? r : `${importPathRoot}/${r}`;
        let isDirLink = false;
        try { isDirLink = statSync(join(dir, e.name)).isDirectory(); } catch { /* dangling */ }
        if (isDirLink && treeCanMatch(n)) opts.notes.push(`warning: ignoring symlink ${join(dir, e.name)}`);
      }
      if (!e.isDirectory() || hidden) continue;
      visit(join(dir, e.name), rel === '' ? e.name : `${rel}/${e.name}`);
    }
  };
  visit(root, '');
  const scans = await Promise.all(found.map((f) => loader.scan(f.dir, f.files)));
  return found.filter((_, i) => isPackageDir(scans[i]!)).map((f) => f.name).sort();
}

/** Expands command-line patterns (module mode). */
export async function expandPatterns(loader: Loader, patterns: string[]): Promise<PatternMatch[]> {
  const { cwd } = loader.config;
  const goroot = loader.buildContext.goroot;
  const gorootSrc = join(goroot, 'src');
  const out: PatternMatch[] = [];
  for (const pattern of patterns) {
    const m: PatternMatch = { pattern, pkgs: [], errors: [], warn: false, notes: [] };
    out.push(m);
    const have = new Set<string>(['builtin']);
    if (!loader.buildContext.cgoEnabled) have.add('runtime/cgo');

    const gopath = loader.config.gopathMode && loader.resolver instanceof GopathResolver ? loader.resolver : undefined;
    if (gopath && isLocalPattern(pattern)) {
      await matchDirsGopath(loader, gopath, pattern, m);
      continue;
    }
    if (gopath && (pattern === 'all' || (pattern.includes('...') && !isLocalPattern(pattern)))) {
      // GOPATH mode walks every source tree: GOROOT/src, then each GOPATH entry's src.
      const all = pattern === 'all';
      const isMatch = all ? (): boolean => true : matchPattern(pattern);
      const treeCanMatch = all ? (): boolean => true : treeCanMatchPattern(pattern);
      const names: string[] = [];
      for (const src of gopath.srcDirs()) {
        // go warns about skipped symlinks only for "..." patterns, not for "all".
        names.push(...(await walkPkgs(loader, src, '', isMatch, treeCanMatch, { pruneGoMod: false, pruneVendor: false, have, ...(all ? {} : { notes: m.notes }) })));
      }
      for (const n of names) m.pkgs.push({ path: n });
      if (m.pkgs.length === 0) m.warn = true;
      continue;
    }

    if (isLocalPattern(pattern)) {
      if (!pattern.includes('...')) {
        m.pkgs.push(localDirPackage(loader, pattern));
        continue;
      }
      // Directory walk rooted at the part before "...".
      const clean = pattern.replace(/\/+$/, '');
      const isLocal = pattern.startsWith('./');
      const i = clean.indexOf('...');
      const base = clean.slice(0, i);
      const baseDir = base.slice(0, base.lastIndexOf('/') + 1);
      const absBase = resolvePath(cwd, baseDir || '.');
      if (!statPath(absBase)) {
        m.errors.push(`pattern ${pattern}: lstat ${baseDir || '.'}: no such file or directory`);
        continue;
      }
      const roots = loader.resolver.moduleRoots?.() ?? [];
      const inRoot = roots.some((r) => absBase === r.dir || absBase.startsWith(r.dir + sep));
      const inGoroot = absBase === gorootSrc || absBase.startsWith(gorootSrc + sep);
      if (!inRoot && !inGoroot) {
        const scope = loader.config.mainModule?.workspaceMains ? 'modules listed in go.work or their selected dependencies' : 'main module or its selected dependencies';
        m.errors.push(`pattern ${pattern}: directory prefix ${shortPath(cwd, absBase)} does not contain ${scope}`);
        continue;
      }
      if (roots.length > 0 && !inRoot) {
        const plural = roots.length > 1 ? 's' : '';
        m.errors.push(`pattern ${pattern}: directory ${absBase} is outside module root${plural} (${roots.map((r) => r.dir).join(', ')})`);
        continue;
      }
      const slashPattern = isLocal && !clean.startsWith('./') ? './' + clean : clean;
      const match = matchPattern(slashPattern);
      const dirs: { name: string; dir: string }[] = [];
      const modRoot = roots.filter((r) => absBase === r.dir || absBase.startsWith(r.dir + sep)).at(-1)?.dir;
      const ignore = modRoot !== undefined ? moduleIgnore(modRoot) : undefined;
      const walk = (dir: string, name: string, top: boolean): void => {
        const elem = name.slice(name.lastIndexOf('/') + 1);
        if (!top && (elem.startsWith('.') || elem.startsWith('_') || elem === 'testdata')) return;
        if (ignore && modRoot !== undefined && ignore(relative(modRoot, dir).split(sep).join('/'))) {
          loader.config.trace?.(`# ignoring directory ${dir}`);
          return;
        }
        if (!top) {
          if (statPath(join(dir, 'go.mod'))?.isFile) return;
        }
        if (match(name)) dirs.push({ name, dir });
        let ents: FsEntry[];
        try { ents = sortedEntries(dir); } catch { return; }
        for (const e of ents) {
          if (!e.isDirectory()) continue;
          walk(join(dir, e.name), name === '.' ? './' + e.name : name.endsWith('/') ? name + e.name : `${name}/${e.name}`, false);
        }
      };
      const startName = baseDir === '' ? '.' : baseDir.replace(/\/$/, '') || '/';
      walk(absBase, isLocal && startName !== '.' && !startName.startsWith('./') && !startName.startsWith('../') ? './' + startName : startName, true);
      const scans = await Promise.all(dirs.map((d) => loader.scan(d.dir)));
      for (let k = 0; k < dirs.length; k++) {
        if (!isPackageDir(scans[k]!)) continue;
        const mp = localDirPackage(loader, dirs[k]!.dir);
        // go leaves "builtin" and GOROOT/src itself out of wildcard matches.
        if (mp.dir === gorootSrc || (mp.path === 'builtin' && mp.dir === join(gorootSrc, 'builtin'))) continue;
        if (!mp.error) m.pkgs.push(mp);
        else m.errors.push(mp.error);
      }
      if (m.pkgs.length === 0 && m.errors.length === 0) m.warn = true;
      continue;
    }

    if (pattern === 'std' || pattern === 'cmd') {
      const root = pattern === 'cmd' ? join(gorootSrc, 'cmd') : gorootSrc;
      const names = await walkPkgs(loader, root, pattern === 'cmd' ? 'cmd' : '', () => true, () => true, {
        std: pattern === 'std', skipCmdInStd: true, pruneGoMod: false, pruneVendor: false, have,
      });
      for (const name of names) {
        if (pattern === 'cmd' && name.startsWith('cmd/vendor')) {
          const d = await loader.scan(join(gorootSrc, name));
          if (!(d instanceof Error) && d.name === 'main') continue;
        }
        m.pkgs.push({ path: name, dir: join(gorootSrc, name) });
      }
      if (m.pkgs.length === 0) m.warn = true;
      continue;
    }

    if (pattern === 'all') {
      m.all = true;
      const roots = loader.resolver.moduleRoots?.() ?? [];
      if (roots.length === 0) {
        // Outside a module "all" is empty (only go get calls that an error).
        m.warn = true;
        continue;
      }
      for (const r of roots) {
        const names = await walkPkgs(loader, r.dir, r.prefix, () => true, () => true, { pruneGoMod: true, pruneVendor: true, have });
        for (const n of names) m.pkgs.push({ path: n });
      }
      // go.mod tool directives name packages that are roots of "all" too.
      const seenAll = new Set(m.pkgs.map((p) => p.path));
      for (const t of loader.config.mainModule?.tools ?? []) if (!seenAll.has(t)) { seenAll.add(t); m.pkgs.push({ path: t }); }
      continue;
    }

    if (pattern === 'work' || pattern === 'tool') {
      // "work": the packages of the main modules; "tool": the packages go.mod tool directives name.
      if (pattern === 'work') {
        for (const r of loader.resolver.moduleRoots?.() ?? []) {
          const names = await walkPkgs(loader, r.dir, r.prefix, () => true, () => true, { pruneGoMod: true, pruneVendor: true, have });
          for (const n of names) m.pkgs.push({ path: n });
        }
      } else {
        for (const t of new Set(loader.config.mainModule?.tools ?? [])) m.pkgs.push({ path: t });
      }
      if (m.pkgs.length === 0) m.warn = true;
      continue;
    }

    if (isMetaPackage(pattern)) {
      m.errors.push(`"${pattern}" is not an importable package; see 'go help packages'`);
      continue;
    }

    if (pattern.includes('...')) {
      const isMatch = matchPattern(pattern);
      const treeCanMatch = treeCanMatchPattern(pattern);
      const names: string[] = [];
      if (isStandardImportPath(pattern.slice(0, pattern.indexOf('...')) || 'x')) {
        names.push(...(await walkPkgs(loader, gorootSrc, '', isMatch, treeCanMatch, { pruneGoMod: true, pruneVendor: false, have, notes: m.notes })));
        if (treeCanMatch('cmd')) {
          names.push(...(await walkPkgs(loader, join(gorootSrc, 'cmd'), 'cmd', isMatch, treeCanMatch, { pruneGoMod: true, pruneVendor: false, have })));
        }
      }
      for (const r of loader.resolver.moduleRoots?.() ?? []) {
        if (!treeCanMatch(r.prefix) && !isMatch(r.prefix) && !r.prefix.startsWith(pattern.slice(0, pattern.indexOf('...')))) continue;
        names.push(...(await walkPkgs(loader, r.dir, r.prefix, isMatch, treeCanMatch, { pruneGoMod: true, pruneVendor: true, have, notes: m.notes })));
      }
      for (const r of loader.resolver.wildcardRoots?.(treeCanMatch) ?? []) {
        if ('error' in r) m.errors.push(r.error);
        else names.push(...(await walkPkgs(loader, r.dir, r.prefix, isMatch, treeCanMatch, { pruneGoMod: r.pruneGoMod, pruneVendor: r.pruneVendor, have, notes: m.notes, ...(r.ignore ? { ignore: r.ignore } : {}) })));
      }
      for (const n of [...new Set(names)].sort()) m.pkgs.push({ path: n });
      if (m.pkgs.length === 0) m.warn = true;
      continue;
    }

    m.pkgs.push({ path: pattern });
  }
  return out;
}

/**
 * GOPATH mode's directory patterns (go's ImportPathsQuiet): the matching directories, each named by its
 * import path when it lies in GOROOT/src or a GOPATH src (and nothing earlier hides it), else as written.
 */
async function matchDirsGopath(loader: Loader, gopath: GopathResolver, pattern: string, m: PatternMatch): Promise<void> {
  const { cwd } = loader.config;
  const dirs: string[] = [];
  if (!pattern.includes('...')) {
    dirs.push(pattern);
  } else {
    const isLocal = pattern.startsWith('./');
    let clean = pattern.startsWith('/') ? resolvePath(pattern) : posixClean(pattern);
    let prefix = '';
    if (clean !== '.' && isLocal) {
      prefix = './';
      clean = './' + clean;
    }
    const match = matchPattern(clean);
    const i = clean.indexOf('...');
    const base = clean.slice(0, clean.slice(0, i).lastIndexOf('/') + 1);
    // go walks filepath.Clean(base) and names each directory prefix + its walk path.
    const top = base === '' ? '.' : base.startsWith('/') ? resolvePath(base) : posixClean(base);
    const found: { name: string; dir: string }[] = [];
    const walk = (dir: string, path: string, isTop: boolean): void => {
      const elem = path.slice(path.lastIndexOf('/') + 1);
      const dot = elem.startsWith('.') && elem !== '.' && elem !== '..';
      if (!isTop && (dot || elem.startsWith('_') || elem === 'testdata')) return;
      const name = prefix + path;
      if (match(name)) found.push({ name, dir });
      let ents: FsEntry[];
      try { ents = sortedEntries(dir); } catch { return; }
      for (const e of ents) {
        if (!e.isDirectory()) continue;
        walk(join(dir, e.name), path === '.' ? e.name : path.endsWith('/') ? path + e.name : `${path}/${e.name}`, false);
      }
    };
    const absBase = resolvePath(cwd, top);
    if (!statPath(absBase)) {
      m.errors.push(`lstat ${top}: no such file or directory`);
      return;
    }
    walk(absBase, top, true);
    const scans = await Promise.all(found.map((d) => loader.scan(d.dir)));
    for (let k = 0; k < found.length; k++) {
      if (isPackageDir(scans[k]!)) dirs.push(found[k]!.name);
    }
    if (dirs.length === 0) m.warn = true;
  }
  for (const dir of dirs) {
    const abs = resolvePath(cwd, dir);
    const di = gopath.dirImport(abs);
    const path = di && !di.conflictDir && di.path !== '' ? di.path : dir;
    m.pkgs.push({ path, dir: abs, local: path === dir });
  }
}

/** path.Clean for a slash-separated relative pattern. */
function posixClean(p: string): string {
  const out: string[] = [];
  for (const el of p.split('/')) {
    if (el === '' || el === '.') continue;
    if (el === '..' && out.length > 0 && out.at(-1) !== '..') out.pop();
    else out.push(el);
  }
  return out.join('/') || '.';
}

/** Resolves a directory pattern to its package import path (or an error in go's words). */
function localDirPackage(loader: Loader, pattern: string): MatchedPkg {
  const { cwd } = loader.config;
  const abs = resolvePath(cwd, pattern);
  // Outside a module any failure to resolve a directory stops the go command (modload's die).
  const fail = (error: string): MatchedPkg => {
    if (!loader.config.mainModule) throw noMainModuleError(cwd, loader.buildContext.goroot);
    return { path: pattern, error };
  };
  const st = statPath(abs);
  if (!st) return fail(`stat ${abs}: ${statFailureText(abs) ?? 'directory not found'}`);
  if (!st.isDir) {
    // A file inside the main module stats fine; go then finds no such package there (PackageNotInModuleError).
    const mm = loader.config.mainModule;
    const vendorErr = mm ? loader.resolver.dirError?.(abs) : undefined;
    if (vendorErr) return fail(vendorErr);
    const fi = mm ? loader.resolver.dirImportPath?.(abs) : undefined;
    if (mm && fi && !fi.standard) return { path: fi.path, error: `main module (${mm.path}) does not contain package ${fi.path}` };
    return fail(`stat ${abs}: directory not found`);
  }
  // Read the directory once for both questions below (a ./... pattern asks them of every directory).
  let goFiles: boolean | undefined;
  const hasGoFiles = (): boolean => (goFiles ??= isDirWithGoFiles(abs));
  const whyNot = loader.config.mainModule && hasGoFiles() ? loader.resolver.dirError?.(abs) : undefined;
  if (whyNot) return fail(whyNot);
  const di = loader.resolver.dirImportPath?.(abs);
  if (!di) {
    const notIn = mainModuleNotContaining(loader, abs);
    if (notIn) return fail(notIn);
    const short = shortPath(cwd, abs);
    const dirstr = short === '.' ? 'current directory' : `directory ${short}`;
    if (loader.config.mainModule?.workspaceMains) {
      const mr = findModuleRootOf(abs);
      if (mr) return fail(`${dirstr} is contained in a module that is not one of the workspace modules listed in go.work. You can add the module to the workspace using:\n\tgo work use ${shortPath(cwd, mr)}`);
      return fail(`${dirstr} outside modules listed in go.work or their selected dependencies`);
    }
    return fail(`${dirstr} outside main module or its selected dependencies`);
  }
  // Not fail(): a wildcard in GOROOT/src drops builtin silently, with or without a main module.
  if (di.standard && di.path === 'builtin') return { path: 'builtin', dir: abs, error: '"builtin" is a pseudo-package, not an importable package' };
  // go keeps the pattern as written for the package it cannot load ("FAIL\t. [setup failed]").
  if (!hasGoFiles()) return { path: pattern, dir: abs, error: `no Go files in ${abs}`, noGo: true };
  // GOROOT/src (with Go files) as the std main module's root: its import path would be empty (go's
  // errPkgIsGorootSrc, checked after "no Go files").
  if (di.standard && di.path === '') return { ...fail('GOROOT/src is not an importable package'), dir: abs };
  return { path: di.path, dir: abs, local: true };
}


/**
 * go's PackageNotInModuleError for a directory under a main module's root that the module does
 * not contain (a nested module's tree): the main module with the longest path wins.
 */
function mainModuleNotContaining(loader: Loader, abs: string): string | undefined {
  const mm = loader.config.mainModule;
  if (!mm) return undefined;
  let best: { path: string; pkg: string } | undefined;
  for (const m of mm.workspaceMains ?? [mm]) {
    if (m.path === '' || !abs.startsWith(m.dir + sep)) continue;
    const suffix = abs.slice(m.dir.length + 1).split(sep).join('/');
    if (suffix.includes('@') || suffix.startsWith('vendor/')) continue;
    if (!best || m.path.length > best.path.length) best = { path: m.path, pkg: `${m.path}/${suffix}` };
  }
  return best && `main module (${best.path}) does not contain package ${best.pkg}`;
}

/** The nearest directory at or above dir holding a go.mod, or undefined. */
function findModuleRootOf(dir: string): string | undefined {
  for (let d = dir; ; d = dirname(d)) {
    if (isFileSync(join(d, 'go.mod'))) return d;
    if (dirname(d) === d) return undefined;
  }
}

/** modload's die outside a module: go's fatal "go.mod file not found" (or the .git/config hint). */
export function noMainModuleError(cwd: string, goroot: string): ExitError {
  const g = resolvePath(goroot);
  let d = resolvePath(cwd);
  if (goroot === '' || (d !== g && !d.startsWith(g + sep))) {
    for (;;) {
      if (isFileSync(join(d, '.git/config'))) {
        const rel = relative(cwd, d) || '.';
        const cd = rel !== '.' ? `cd ${rel} && ` : '';
        return new ExitError(`go: cannot find main module, but found .git/config in ${d}\n\tto create a module there, run:\n\t${cd}go mod init`);
      }
      if (dirname(d) === d) break;
      d = dirname(d);
    }
  }
  return new ExitError("go: go.mod file not found in current directory or any parent directory; see 'go help modules'");
}

function isFileSync(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}
