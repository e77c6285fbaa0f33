// GOPATH-mode import resolution (GO111MODULE=off, or auto outside a module): go/build's Import over
// $GOROOT/src and each $GOPATH entry's src, with vendor directories and local ("./x") imports.
import { readFileSync, realpathSync } from 'node:fs';
import { dirname, join, resolve as resolvePath, sep } from 'node:path';
import type { BuildContext } from './context.js';
import { readDir, statPath } from '../base/fsys.js';
import { isLocalImport, isStandardImportPath } from './pkgpattern.js';
import type { DirImport, Importer, ImportResolver, ResolvedImport } from './resolve.js';

/** go/build's ctxt.gopath(): the GOPATH entries, without empty ones, GOROOT itself and unexpanded "~" paths. */
export function gopathList(gopath: string, goroot: string): string[] {
  return gopath.split(':').filter((p) => p !== '' && p !== goroot && !p.startsWith('~'));
}

/** go's dirToImportPath: the pseudo import path ("_/abs/dir") of a directory outside every source root. */
export function dirToImportPath(dir: string): string {
  const mapped = [...dir].map((c) => (isValidImportRune(c) ? c : '_')).join('');
  return ('_/' + mapped).replace(/\/+/g, '/').replace(/\/$/, '') || '_';
}

function isValidImportRune(c: string): boolean {
  if (/\s/u.test(c) || !/[\p{L}\p{M}\p{N}\p{P}\p{S}]/u.test(c)) return false;
  return !'!"#$%&\'()*,:;<=>?[\\]^{|}`\uFFFD'.includes(c);
}

function isDir(p: string): boolean {
  return statPath(p)?.isDir ?? false;
}

/** go/build's hasGoFiles: the directory holds a regular .go file. */
function hasGoFiles(dir: string): boolean {
  try {
    for (const e of readDir(dir)) {
      if (e.name.endsWith('.go') && statPath(join(dir, e.name))?.isFile) return true;
    }
  } catch { /* not readable */ }
  return false;
}

function realpath(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

/** go/build's hasSubdir: dir below root, lexically or once symlinks are evaluated; the slash-separated rest. */
export function hasSubdir(root: string, dir: string): string | undefined {
  const lex = subdirOf(root, dir);
  if (lex !== undefined) return lex;
  return subdirOf(realpath(root), realpath(dir));
}

function subdirOf(root: string, dir: string): string | undefined {
  root = resolvePath(root);
  dir = resolvePath(dir);
  if (dir === root) return '';
  const prefix = root.endsWith(sep) ? root : root + sep;
  if (!dir.startsWith(prefix)) return undefined;
  return dir.slice(prefix.length).split(sep).join('/');
}

/** The last /vN element of path[:limit], as [start of its slash, end]; [-1, -1] if none. */
function findVersionElement(path: string, limit: number): [number, number] {
  let j = limit;
  for (let i = limit - 1; i >= 0; i--) {
    if (path[i] === '/') {
      if (/^v([2-9]|[1-9]\d+)$/.test(path.slice(i + 1, j))) return [i, j];
      j = i;
    }
  }
  return [-1, -1];
}

const goModPathCache = new Map<string, string>();

/** Forgets the go.mod module paths read so far (resident server: go.mod files may change between requests). */
export function forgetGoModPaths(): void {
  goModPathCache.clear();
}

/** The module path a directory's go.mod declares ("" without one), read as go's legacy GOPATH support does. */
function goModPath(dir: string): string {
  let v = goModPathCache.get(dir);
  if (v !== undefined) return v;
  v = '';
  let data = '';
  try { data = readFileSync(join(dir, 'go.mod'), 'utf8'); } catch { data = ''; }
  if (data !== '') {
    let i = data.startsWith('module ') ? 0 : data.indexOf('\nmodule ');
    if (i >= 0) {
      if (i > 0 || !data.startsWith('module ')) i++;
      let line = data.slice(i);
      const nl = line.indexOf('\n');
      if (nl >= 0) line = line.slice(0, nl);
      line = line.replace(/\r$/, '').slice('module '.length).trim();
      if (line.startsWith('"')) {
        try { line = JSON.parse(line) as string; } catch { line = ''; }
      }
      v = line;
    }
  }
  goModPathCache.set(dir, v);
  return v;
}

/** A source root: $GOROOT or one GOPATH entry (go/build's Package.Root). */
interface SrcRoot {
  root: string;
  goroot: boolean;
}

/** Resolves imports as go/build's Import does in GOPATH mode. */
export class GopathResolver implements ImportResolver {
  readonly gopath: string[];
  private readonly goroot: string;
  private readonly gorootSrc: string;
  private readonly cache = new Map<string, ResolvedImport>();

  constructor(ctxt: Pick<BuildContext, 'goroot' | 'gopath'>) {
    this.goroot = ctxt.goroot;
    this.gorootSrc = join(ctxt.goroot, 'src');
    this.gopath = gopathList(ctxt.gopath, ctxt.goroot);
  }

  private roots(): SrcRoot[] {
    return [{ root: this.goroot, goroot: true }, ...this.gopath.map((root) => ({ root, goroot: false }))];
  }

  /** Every source tree to walk for import-path patterns: GOROOT/src then each GOPATH entry's src. */
  srcDirs(): string[] {
    return [this.gorootSrc, ...this.gopath.map((p) => join(p, 'src'))].filter(isDir);
  }

  resolve(path: string, fromDir: string, importer?: Importer): ResolvedImport {
    // Imports are resolved with vendoring from the importer's directory; command-line paths are not.
    const key = `${importer ? 'i' : 'c'}\0${fromDir}\0${path}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const r = this.resolveUncached(path, fromDir, importer !== undefined);
    this.cache.set(key, r);
    return r;
  }

  private resolveUncached(path: string, fromDir: string, vendor: boolean): ResolvedImport {
    if (path === 'C') return { path };
    if (isLocalImport(path)) {
      const dir = resolvePath(fromDir, path);
      const r: ResolvedImport = { path: dirToImportPath(dir), dir };
      const di = this.dirImport(dir);
      if (di) {
        r.root = di.root;
        if (di.goroot) r.goroot = true;
        if (di.conflictDir) r.conflictDir = di.conflictDir;
      }
      if (!isDir(dir)) {
        r.error = { msg: `cannot find package "${di && !di.conflictDir ? di.path : '.'}" in:\n\t${dir}`, kind: 'notfound', importPathError: false };
        delete r.dir;
      }
      return r;
    }
    if (path.startsWith('/')) {
      return { path, error: { msg: `import "${path}": cannot import absolute path`, kind: 'badpath', importPathError: false } };
    }
    const triedVendor: string[] = [];
    if (vendor) {
      const v = this.searchVendor(path, fromDir, triedVendor);
      if (v) return v;
      // Minimal module compatibility: "m/v2/p" written in code under a go.mod means m/p when m's go.mod says m/v2.
      const mpath = this.moduleImportPath(path, fromDir);
      if (mpath !== path) return this.resolveUncached(mpath, fromDir, false);
    }
    let triedGoroot = '';
    const gorootFirst = !path.startsWith('vendor/') || hasSubdir(this.goroot, fromDir) !== undefined;
    const inGoroot = (): ResolvedImport | undefined => {
      const dir = join(this.gorootSrc, path);
      if (isDir(dir)) return this.found(path, dir, { root: this.goroot, goroot: true });
      triedGoroot = dir;
      return undefined;
    };
    if (gorootFirst) {
      const r = inGoroot();
      if (r) return r;
    }
    const triedGopath: string[] = [];
    for (const root of this.gopath) {
      const dir = join(root, 'src', path);
      if (isDir(dir)) return this.found(path, dir, { root, goroot: false });
      triedGopath.push(dir);
    }
    if (!gorootFirst) {
      const r = inGoroot();
      if (r) return r;
    }
    const lines: string[] = [];
    triedVendor.forEach((d, i) => lines.push(i === 0 ? `\t${d} (vendor tree)` : `\t${d}`));
    lines.push(triedGoroot ? `\t${triedGoroot} (from $GOROOT)` : '\t($GOROOT not set)');
    triedGopath.forEach((d, i) => lines.push(i === 0 ? `\t${d} (from $GOPATH)` : `\t${d}`));
    if (triedGopath.length === 0) lines.push("\t($GOPATH not set. For more details see: 'go help gopath')");
    return { path, error: { msg: `cannot find package "${path}" in any of:\n${lines.join('\n')}`, kind: 'notfound', importPathError: false } };
  }

  private found(path: string, dir: string, root: SrcRoot): ResolvedImport {
    const r: ResolvedImport = { path, dir, root: root.root };
    if (root.goroot) {
      r.goroot = true;
      r.standard = isStandardImportPath(path);
      r.modRoot = path === 'cmd' || path.startsWith('cmd/') ? join(this.gorootSrc, 'cmd') : this.gorootSrc;
    } else {
      r.modRoot = root.root;
    }
    return r;
  }

  /** go's moduleImportPath: path with a /vN element dropped where a go.mod names that major version. */
  private moduleImportPath(path: string, fromDir: string): string {
    if (findVersionElement(path, path.length)[0] < 0) return path;
    const src = [this.gorootSrc, ...this.gopath.map((r) => join(r, 'src'))].find((r) => hasSubdir(r, fromDir) !== undefined);
    if (src === undefined) return path;
    let haveGoMod = false;
    for (let d = resolvePath(fromDir); ; d = dirname(d)) {
      if (goModPath(d) !== '') {
        haveGoMod = true;
        break;
      }
      if (d === src || d.length <= src.length || dirname(d) === d) break;
    }
    if (!haveGoMod) return path;
    if (this.lookupDir(path)) return path;
    for (let limit = path.length; limit > 0;) {
      const [i, j] = findVersionElement(path, limit);
      if (i < 0) return path;
      const d = this.lookupDir(path.slice(0, i));
      if (d) {
        const mpath = goModPath(d);
        if (mpath !== '') return mpath === path.slice(0, j) ? path.slice(0, i) + path.slice(j) : path;
      }
      limit = i;
    }
    return path;
  }

  /** The directory go/build's Import finds for path, vendor directories aside. */
  private lookupDir(path: string): string | undefined {
    for (const src of [this.gorootSrc, ...this.gopath.map((r) => join(r, 'src'))]) {
      if (isDir(join(src, path))) return join(src, path);
    }
    return undefined;
  }

  /** Vendor directories get the first chance: from the importer's directory up to its root's src. */
  private searchVendor(path: string, fromDir: string, tried: string[]): ResolvedImport | undefined {
    for (const root of this.roots()) {
      let sub = hasSubdir(root.root, fromDir);
      if (sub === undefined || !sub.startsWith('src/') || sub.includes('/testdata/')) continue;
      for (;;) {
        const vendorDir = join(root.root, sub, 'vendor');
        if (isDir(vendorDir)) {
          const dir = join(vendorDir, path);
          if (isDir(dir) && hasGoFiles(dir)) {
            const ip = `${sub}/vendor/${path}`.replace(/^src\//, '');
            return this.found(ip, dir, root);
          }
          tried.push(dir);
        }
        const i = sub.lastIndexOf('/');
        if (i < 0) break;
        sub = sub.slice(0, i);
      }
    }
    return undefined;
  }

  /**
   * The import path go/build gives a directory (ImportDir with FindOnly): its path below GOROOT/src or
   * the first GOPATH src holding it, unless an earlier root has a directory of the same path (ConflictDir).
   */
  dirImport(dir: string): { path: string; root: string; goroot: boolean; conflictDir?: string } | undefined {
    const inTestdata = (sub: string): boolean => sub.includes('/testdata/') || sub.endsWith('/testdata') || sub.startsWith('testdata/') || sub === 'testdata';
    const gsub = hasSubdir(this.gorootSrc, dir);
    if (gsub !== undefined && gsub !== '' && !inTestdata(gsub)) return { path: gsub, root: this.goroot, goroot: true };
    for (let i = 0; i < this.gopath.length; i++) {
      const root = this.gopath[i]!;
      const sub = hasSubdir(join(root, 'src'), dir);
      if (sub === undefined || sub === '' || inTestdata(sub)) continue;
      const earlier = [this.gorootSrc, ...this.gopath.slice(0, i).map((r) => join(r, 'src'))];
      for (const e of earlier) {
        if (isDir(join(e, sub))) return { path: '', root: '', goroot: false, conflictDir: join(e, sub) };
      }
      return { path: sub, root, goroot: false };
    }
    return undefined;
  }

  dirImportPath(dir: string): DirImport | undefined {
    const d = this.dirImport(resolvePath(dir));
    if (!d || d.conflictDir) return undefined;
    return { path: d.path, standard: d.goroot && isStandardImportPath(d.path) };
  }
}
