// go mod vendor's decisions: which packages of "all" to vendor, from which directories, and vendor/modules.txt.
import * as gover from '../lib/gover.js';
import type { Version } from '../lib/module.js';
import { toFold } from '../load/fold.js';
import { goQuote } from '../lib/goquote.js';
import { ImportMissingError, ImportMissingSumError, ModloadError } from './errors.js';
import { loadPackageGraph, mainModulePackages, type PkgNode } from './pkggraph.js';
import { checkRootsTidy } from './resolver.js';
import type { ModState } from './state.js';
import { packageOrder, stackText } from './tidy.js';
import type { ModulesTxt, VendoredModule } from './vendor.js';
import { workspaceReplacement } from './workspace.js';

/** A package go mod vendor copies. */
export interface VendorPkg {
  path: string;
  /** Its source directory. */
  dir: string;
  mod: Version;
}

/** The packages of "all" as go mod vendor loads them. */
export interface VendorLoad {
  /** Package errors as go prints them, without "go: ", in go's order. */
  errors: string[];
  /** Packages from modules other than the main module, in load order. */
  pkgs: VendorPkg[];
}

const vkey = (m: Version): string => `${m.path}@${m.version}`;

/** go's pkg.err text with the importer filled in, as LoadPackages reports it. */
function packageError(p: PkgNode): string | undefined {
  const err = p.err;
  if (!err) return undefined;
  // go mod vendor silences missing standard-library imports (SilenceMissingStdImports).
  if (err instanceof ImportMissingError && err.message.startsWith(`package ${p.path} is not in std (`)) return undefined;
  let msg = err.message;
  if (err instanceof ImportMissingSumError && p.stack) {
    msg = err.text(p.stack.path, p.stack.mod?.version ?? '', p.stack.testOf !== undefined);
  }
  return `${stackText(p)}: ${msg}`;
}

/** The version of path go's ModuleInfo(path) describes: the root's in a pruned graph, else the graph's. */
async function selectedVersion(st: ModState, path: string): Promise<string> {
  if (st.reqs.pruning === 'pruned') {
    const v = st.reqs.rootSelected(path);
    if (v !== undefined) return v;
  }
  const { graph, error } = await st.reqs.graph();
  if (error) throw error;
  return graph.selected(path);
}

/** The go line of the module path selects ("" when it has none or is not in the build). */
async function moduleGoVersion(st: ModState, path: string): Promise<string> {
  const v = await selectedVersion(st, path);
  if (v === 'none') return '';
  const m = { path, version: v };
  await st.prepareModuleInfo([m]);
  return st.moduleInfo(m).goVersion ?? '';
}

/**
 * Loads "all" as go mod vendor does: every build tag, tests of main module packages only, go.mod
 * tool packages. Throws go's fatal errors of loading (a go.mod that needs updates comes after the
 * package errors, so the caller checks it with checkVendorRoots).
 */
export async function loadVendorPackages(st: ModState): Promise<VendorLoad> {
  const mainPkgs = st.mains.flatMap((m) => mainModulePackages(m.path, m.dir, undefined, st.o.scanner));
  const g = await loadPackageGraph(st, mainPkgs, { tests: false, all: true });
  const order = packageOrder(g);
  const errors: string[] = [];
  const pkgs: VendorPkg[] = [];
  for (const p of order) {
    const e = packageError(p);
    if (e !== undefined) errors.push(e);
    if (p.testOf || !g.inAll.has(p) || !p.mod || p.std || p.mod.version === '') continue;
    pkgs.push({ path: p.path, dir: p.dir, mod: p.mod });
  }
  return { errors, pkgs };
}

/** go's errGoModDirty when a module providing a vendored package is not required by go.mod (pruned graphs). */
export function checkVendorRoots(st: ModState, load: VendorLoad): void {
  checkRootsTidy(st, load.pkgs.map((p) => p.mod));
}

/** go's checkPathCollisions: two module paths equal but for case. */
function checkPathCollisions(mods: Iterable<Version>): void {
  const byFold = new Map<string, string>();
  for (const m of mods) {
    const f = toFold(m.path);
    const other = byFold.get(f);
    if (other === undefined) byFold.set(f, m.path);
    else if (other !== m.path) throw new ModloadError(`go.mod: case-insensitive import collision: ${goQuote(m.path)} and ${goQuote(other)}`, { noPrefix: true });
  }
}

/**
 * What vendor/modules.txt lists for the loaded packages (go's RunVendor): one entry per module
 * providing packages and, from go 1.14 on, per explicit requirement, with ## annotations and
 * the replacements no entry records. Throws the case-insensitive collision error.
 */
export async function vendorModulesTxt(st: ModState, load: VendorLoad): Promise<ModulesTxt> {
  const modpkgs = new Map<string, { mod: Version; pkgs: string[] }>();
  for (const p of load.pkgs) {
    let e = modpkgs.get(vkey(p.mod));
    if (!e) {
      e = { mod: p.mod, pkgs: [] };
      modpkgs.set(vkey(p.mod), e);
    }
    e.pkgs.push(p.path);
  }
  checkPathCollisions([...modpkgs.values()].map((e) => e.mod));

  const ws = st.workspace;
  const gv = vendorGoVersion(st);
  const explicit = new Map<string, Version>();
  let includeAllReplacements = false;
  if (gover.compare(gv, '1.14') >= 0 && (ws !== undefined || st.main.file.go !== undefined)) {
    // go 1.14 records every go.mod requirement and replacement, for the -mod=vendor consistency check.
    for (const mm of st.mains) for (const r of mm.file.require) explicit.set(vkey(r), { path: r.path, version: r.version });
    includeAllReplacements = true;
  }
  const replacement = (m: Version): Version | undefined => (ws ? workspaceReplacement(ws, m) : st.replace.lookup(m));
  const includeGoVersions = gover.compare(gv, '1.17') >= 0;
  const mods = [...explicit.values()];
  for (const [k, e] of modpkgs) if (!explicit.has(k)) mods.push(e.mod);
  gover.modSort(mods);

  const modules: VendoredModule[] = [];
  const written = new Set<string>();
  for (const m of mods) {
    written.add(vkey(m));
    const vm: VendoredModule = {
      mod: m,
      explicit: explicit.has(vkey(m)),
      goVersion: includeGoVersions ? await moduleGoVersion(st, m.path) : '',
      pkgs: [...(modpkgs.get(vkey(m))?.pkgs ?? [])].sort(cmp),
    };
    const r = replacement(m);
    if (r) vm.replacement = r;
    modules.push(vm);
  }
  const replacements: { old: Version; new: Version }[] = [];
  if (includeAllReplacements) {
    // Unused and wildcard replacements go at the end: a vendored build has no module graph to tell
    // that they changed nothing.
    // go.work's own replacements are recorded as written, before those of the modules' go.mod files.
    for (const r of ws?.wf.replace ?? []) {
      const old = { path: r.old.path, version: r.old.version ?? '' };
      if (written.has(vkey(old))) continue;
      written.add(vkey(old));
      replacements.push({ old, new: { path: r.new.path, version: r.new.version ?? '' } });
    }
    for (const mm of st.mains) {
      for (const r of mm.file.replace) {
        const old = { path: r.old.path, version: r.old.version ?? '' };
        if (written.has(vkey(old))) continue;
        written.add(vkey(old));
        const rNew = replacement(old);
        if (rNew) replacements.push({ old, new: rNew });
      }
    }
  }
  return { workspace: ws !== undefined, modules, replacements };
}

/** go's MainModules.GoVersion: go.work's go version in a workspace, else the main module's. */
export function vendorGoVersion(st: ModState): string {
  if (st.workspace) return gover.fromGoWork(st.workspace.wf.go?.version);
  return st.main.goVersion || gover.DEFAULT_GO_MOD_VERSION;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
