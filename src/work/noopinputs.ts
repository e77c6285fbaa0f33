// Everything a finished build depended on, as stat fingerprints: package dirs and their sources, module files, tools.
import { readdirSync, type Dirent } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import type { Package } from '../load/types.js';
import { ABSENT, fingerprint, isBuildInputName } from './noopfp.js';
import { escapePath, escapeVersion } from '../lib/module.js';

/** Thrown while collecting when a stamp must not be written (the reason is for tests and debugging). */
export class NoStamp extends Error {}

/** What the inputs of a build are collected from. */
export interface InputSource {
  cwd: string;
  args: readonly string[];
  goroot: string;
  gomodcache: string;
  toolDir: string;
  /** Files whose content configures the build: the user env file, $GOWORK, gocmd's own entry script. */
  configFiles: readonly string[];
  pkgs: readonly Package[];
  /**
   * A release toolchain's GOROOT is not edited in place as a rule: in its package directories only the
   * files a build uses are recorded (as go hashes them), plus the directories themselves (files added or
   * removed). go's module index would also notice an in-place edit of an excluded file; this trade-off
   * (about a fifth of the stats) is documented in README ("No-op stamp").
   */
  trustGoroot: boolean;
}

/** Most directories one stamp may walk; beyond this the fast path is not worth it. */
const MAX_WALK = 20000;

/** A path → fingerprint map, filled in dependency order; a path that cannot be examined is a NoStamp. */
export class Inputs {
  readonly fps = new Map<string, string>();

  /** trusted: directories whose files need not be recorded (GOROOT/src of a release, the module cache). */
  constructor(private readonly trusted: readonly string[] = []) {}

  add(path: string): string {
    let fp = this.fps.get(path);
    if (fp !== undefined) return fp;
    fp = fingerprint(path);
    if (fp === undefined) throw new NoStamp(`cannot stat ${path}`);
    this.fps.set(path, fp);
    return fp;
  }

  /** A directory and the files in it go/build would look at. */
  addPackageDir(dir: string): Dirent[] {
    if (this.seenDirs.has(dir)) return [];
    this.seenDirs.add(dir);
    this.add(dir);
    let ents: Dirent[];
    try {
      ents = readdirSync(dir, { withFileTypes: true });
    } catch {
      throw new NoStamp(`cannot read ${dir}`);
    }
    if (this.trusted.some((t) => under(dir, t))) return ents;
    for (const e of ents) if (!e.isDirectory() && isBuildInputName(e.name)) this.add(join(dir, e.name));
    return ents;
  }

  private readonly seenDirs = new Set<string>();
  private walked = 0;

  /** Every directory under root (as a `...` pattern walks it), each as a package directory. */
  walk(root: string, skip: (name: string, depth: number) => boolean, depth = 0): void {
    if (++this.walked > MAX_WALK) throw new NoStamp('too many directories');
    const ents = this.addPackageDir(root);
    for (const e of ents) {
      if (e.isDirectory() && !skip(e.name, depth)) this.walk(join(root, e.name), skip, depth + 1);
    }
  }
}

const under = (path: string, dir: string): boolean => dir !== '' && (path === dir || path.startsWith(dir.endsWith(sep) ? dir : dir + sep));

/** The directories a command-line pattern walks: [] for a plain path or import path; throws NoStamp for walks we cannot bound. */
export function walkRoots(arg: string, cwd: string, goroot: string): { root: string; skipCmd: boolean }[] {
  if (arg === 'std') return [{ root: join(goroot, 'src'), skipCmd: true }];
  if (arg === 'cmd') return [{ root: join(goroot, 'src', 'cmd'), skipCmd: false }];
  if (['all', 'tool', 'work'].includes(arg)) throw new NoStamp(`pattern ${arg}`);
  const i = arg.indexOf('...');
  if (i < 0) return [];
  const isPath = arg.startsWith('.') || arg.startsWith('/');
  if (!isPath) throw new NoStamp(`import path pattern ${arg}`);
  const prefix = arg.slice(0, i);
  const root = prefix.endsWith('/') || prefix === '' ? resolve(cwd, prefix || '.') : dirname(resolve(cwd, prefix + 'x'));
  return [{ root, skipCmd: false }];
}

/** Collects every input of a build that finished; throws NoStamp when the build cannot be described safely. */
export function collectInputs(src: InputSource): Inputs {
  const { cwd, goroot } = src;
  // The module cache is trusted as go's module index trusts it (a module version's files never change once
  // extracted, read-only): as in a release GOROOT, its package directories and only the files a build uses
  // (whose content go hashes) are recorded. The checksum files go verifies each module against (the .mod
  // and .ziphash) are recorded for the modules the packages came from.
  const inp = new Inputs([...(src.trustGoroot ? [join(goroot, 'src')] : []), ...(src.gomodcache !== '' ? [src.gomodcache] : [])]);
  for (const f of src.configFiles) if (f !== '') inp.add(f);
  inp.add(join(goroot, 'go.env'));
  inp.add(join(goroot, 'VERSION'));
  for (const t of ['compile', 'link', 'asm']) inp.add(join(src.toolDir, t));
  // go.mod / go.work are found by walking up from the working directory.
  for (let d = cwd; ; d = dirname(d)) {
    for (const f of ['go.mod', 'go.work']) inp.add(join(d, f));
    // A workspace's own files: its go.work.sum and vendor directory.
    if (inp.fps.get(join(d, 'go.work')) !== ABSENT) for (const f of ['go.work.sum', join('vendor', 'modules.txt')]) inp.add(join(d, f));
    if (dirname(d) === d) break;
  }
  // Local module roots (main modules, directory replacements): their files, and the directories an import
  // path could resolve to in them (a new directory or nested go.mod there changes what an import means).
  const local = new Map<string, string>();
  const cached = new Map<string, { path: string; version: string }>();
  for (const p of src.pkgs) {
    if (p.goroot) continue;
    const m = p.module;
    if (!m) throw new NoStamp(`package ${p.importPath} outside a module`);
    const dir = m.replace?.dir ?? m.dir;
    if (dir === undefined || dir === '') throw new NoStamp(`module ${m.path} without a directory`);
    if (!under(dir, src.gomodcache)) local.set(dir, m.path);
    else if (m.version) cached.set(`${m.path}@${m.version}`, { path: m.path, version: m.version });
  }
  for (const dir of local.keys()) {
    for (const f of ['go.mod', 'go.sum', join('vendor', 'modules.txt')]) inp.add(join(dir, f));
  }
  for (const m of cached.values()) {
    const base = join(src.gomodcache, 'cache', 'download', escapePath(m.path), '@v', escapeVersion(m.version));
    for (const ext of ['.mod', '.ziphash']) inp.add(base + ext);
  }
  for (const p of src.pkgs) {
    inp.addPackageDir(p.dir);
    if ((p.goroot && src.trustGoroot) || under(p.dir, src.gomodcache)) {
      for (const f of [...p.goFiles, ...p.cgoFiles, ...p.cFiles, ...p.cxxFiles, ...p.fFiles, ...p.mFiles, ...p.hFiles, ...p.sFiles, ...p.sysoFiles]) {
        inp.add(join(p.dir, f));
      }
    }
    for (const f of p.embedFiles) inp.add(join(p.dir, f));
    if (p.embedPatterns.length > 0) inp.walk(p.dir, () => false);
    for (const [dir, mpath] of local) {
      if (p.importPath !== mpath && !p.importPath.startsWith(mpath + '/')) continue;
      chain(inp, dir, p.importPath.slice(mpath.length));
    }
    // Vendored packages: the directories from vendor/ down.
    for (const dir of local.keys()) {
      const v = join(dir, 'vendor');
      if (under(p.dir, v)) chain(inp, v, p.dir.slice(v.length));
    }
  }
  for (const arg of src.args.length === 0 ? ['.'] : src.args) {
    for (const w of walkRoots(arg, cwd, goroot)) {
      inp.walk(w.root, (name, depth) => name.startsWith('.') || name.startsWith('_') || name === 'testdata' || (w.skipCmd && depth === 0 && name === 'cmd'));
    }
  }
  return inp;
}

/** Records dir and each directory below it along rel ("/a/b"), stopping at the first that does not exist. */
function chain(inp: Inputs, dir: string, rel: string): void {
  let d = dir;
  if (inp.add(d) === '-') return;
  for (const seg of rel.split('/')) {
    if (seg === '') continue;
    d = join(d, seg);
    if (inp.add(d) === '-') return;
  }
}
