// go mod vendor end to end: load, print errors, fill a staging directory, then swap it in for the vendor directory.
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { BuildContext } from '../load/context.js';
import type { Fetcher } from '../modfetch/fetcher.js';
import { keepPredicate, stateBuildListSums } from './buildlistsums.js';
import type { ModState } from './state.js';
import { annotationLine, moduleLine } from './vendor.js';
import { VendorCopier } from './vendorcopy.js';
import { checkVendorRoots, loadVendorPackages, vendorGoVersion, vendorModulesTxt } from './vendorplan.js';

export interface VendorWriteOptions {
  /** -e */
  allowErrors: boolean;
  /** -v: modules.txt's lines are echoed to stderr as they are written. */
  verbose: boolean;
  /** -o ("" for the module's vendor directory), relative to cwd. */
  out: string;
  cwd: string;
  ctxt: BuildContext;
  stderr: (s: string) => void;
  /** The fetcher the load used: a workspace records the sums it used in go.work.sum, as any load there does. */
  fetcher?: Fetcher;
}

/**
 * go's RunVendor: writes the vendor directory and returns the exit status (1 when a package's
 * embeds could not be vendored without -e). go removes the old directory first and writes in
 * place; here everything is written to a sibling staging directory that replaces the old one
 * only once complete, so an error leaves the vendor directory as it was.
 */
export async function writeVendorDir(st: ModState, o: VendorWriteOptions): Promise<number> {
  const load = await loadVendorPackages(st);
  for (const e of load.errors) o.stderr(`go: ${e}\n`);
  if (load.errors.length > 0 && !o.allowErrors) return 1;
  // go's LoadPackages commits the requirements before anything is copied: in a workspace (or with
  // -mod=mod) the build list's checksums go to go.work.sum (go.sum), as after a build.
  if (o.fetcher && (st.buildMod === 'mod' || st.workspace)) await o.fetcher.writeGoSum(keepPredicate(await stateBuildListSums(st)), false);
  checkVendorRoots(st, load);
  const vdir = o.out === '' ? defaultVendorDir(st) : resolve(o.cwd, o.out);
  const txt = await vendorModulesTxt(st, load);
  const pkgDir = new Map(load.pkgs.map((p) => [p.path, p.dir]));

  mkdirSync(dirname(vdir), { recursive: true });
  const stage = join(dirname(vdir), `.${basename(vdir)}.tmp${process.pid}`);
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { mode: 0o777 });
  let status = 0;
  let text = '';
  try {
    const emit = (s: string): void => {
      text += s;
      if (o.verbose) o.stderr(s);
    };
    const copier = new VendorCopier(stage, vendorGoVersion(st), o.ctxt, (msg) => {
      o.stderr(msg + '\n');
      if (!o.allowErrors) status = 1;
    });
    if (txt.workspace) emit('## workspace\n');
    for (const m of txt.modules) {
      emit(moduleLine(m.mod, m.replacement));
      emit(annotationLine(m.explicit, m.goVersion));
      for (const p of m.pkgs) {
        emit(p + '\n');
        await copier.copyPackage(p, pkgDir.get(p)!, m.mod.path);
      }
    }
    for (const r of txt.replacements) emit(moduleLine(r.old, r.new));
    if (text === '') {
      rmSync(stage, { recursive: true, force: true });
      rmSync(vdir, { recursive: true, force: true });
      o.stderr('go: no dependencies to vendor\n');
      return status;
    }
    writeFileSync(join(stage, 'modules.txt'), text);
  } catch (e) {
    rmSync(stage, { recursive: true, force: true });
    throw e;
  }
  swapIn(stage, vdir);
  return status;
}

/** go's VendorDir: vendor/ beside go.work in a workspace, else at the main module's root. */
export function defaultVendorDir(st: ModState): string {
  return join(st.workspace ? dirname(st.workspace.file) : st.main.dir, 'vendor');
}

/** Replaces dir (if any) by stage. */
function swapIn(stage: string, dir: string): void {
  if (existsSync(dir)) {
    const old = join(dirname(dir), `.${basename(dir)}.old${process.pid}`);
    rmSync(old, { recursive: true, force: true });
    renameSync(dir, old);
    renameSync(stage, dir);
    rmSync(old, { recursive: true, force: true });
    return;
  }
  renameSync(stage, dir);
}
