// vendor/modules.txt: parsing, and the consistency check against go.mod that -mod=vendor requires.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as gover from '../lib/gover.js';
import * as semver from '../lib/semver.js';
import { checkImportPath, type Version } from '../lib/module.js';
import type { ModFile } from '../lib/modfile/index.js';
import { shortPath } from '../load/errors.js';
import { ModloadError } from './errors.js';

export interface VendorMeta {
  explicit: boolean;
  replacement?: Version;
  goVersion?: string;
}

/** What vendor/modules.txt says. */
export interface VendorList {
  /** Modules with vendored packages, each path once (highest version), in file order. */
  list: Version[];
  /** Vendored package → its module. */
  pkgModule: Map<string, Version>;
  /** Module path → vendored version. */
  version: Map<string, string>;
  /** Per "path@version" ("path@" for path-only entries). */
  meta: Map<string, VendorMeta>;
  /** Modules marked as replaced, in file order. */
  replaced: Version[];
  /** modules.txt exists. */
  exists: boolean;
}

const vkey = (m: Version): string => `${m.path}@${m.version}`;

/** Parses modules.txt text (go's readVendorList); file is used in the too-new-go error. */
export function parseVendorList(data: string | undefined, opts: { file?: string; cwd?: string; localGo?: string } = {}): VendorList {
  const vl: VendorList = { list: [], pkgModule: new Map(), version: new Map(), meta: new Map(), replaced: [], exists: data !== undefined };
  if (data === undefined) return vl;
  const meta = (m: Version): VendorMeta => {
    let x = vl.meta.get(vkey(m));
    if (!x) {
      x = { explicit: false };
      vl.meta.set(vkey(m), x);
    }
    return x;
  };
  let mod: Version | undefined;
  for (const line of data.split('\n')) {
    if (line.startsWith('# ')) {
      let f = line.trim().split(/\s+/);
      if (f.length < 3) continue;
      if (semver.isValid(f[2]!)) {
        mod = { path: f[1]!, version: f[2]! };
        f = f.slice(3);
      } else if (f[2] === '=>') {
        mod = { path: f[1]!, version: '' };
        f = f.slice(2);
      } else {
        mod = undefined;
        continue;
      }
      if (f.length >= 2 && f[0] === '=>') {
        if (f.length === 2) {
          meta(mod).replacement = { path: f[1]!, version: '' };
          vl.replaced.push(mod);
        } else if (f.length === 3 && semver.isValid(f[2]!)) {
          meta(mod).replacement = { path: f[1]!, version: f[2]! };
          vl.replaced.push(mod);
        } else {
          meta(mod);
        }
      }
      continue;
    }
    if (!mod || mod.path === '') continue;
    if (line.startsWith('## ')) {
      const m = meta(mod);
      for (let entry of line.slice(3).split(';')) {
        entry = entry.trim();
        if (entry === 'explicit') m.explicit = true;
        if (entry.startsWith('go ')) {
          m.goVersion = entry.slice(3);
          if (opts.localGo && gover.compare(m.goVersion, opts.localGo) > 0) {
            const what = `${mod.path} in ${shortPath(opts.cwd ?? '', opts.file ?? 'vendor/modules.txt')}`;
            throw new ModloadError(new gover.TooNewError(what, m.goVersion, opts.localGo).message);
          }
        }
      }
      continue;
    }
    const f = line.trim().split(/\s+/).filter((x) => x !== '');
    if (f.length === 1 && !checkImportPath(f[0]!)) {
      vl.pkgModule.set(f[0]!, mod);
      const v = vl.version.get(mod.path);
      if (v === undefined || gover.modCompare(mod.path, v, mod.version) < 0) {
        vl.list.push(mod);
        vl.version.set(mod.path, mod.version);
      }
    }
  }
  return vl;
}

/** Reads vendorDir/modules.txt (missing → empty list). */
export function readVendorList(vendorDir: string, opts: { cwd?: string; localGo?: string } = {}): VendorList {
  const file = join(vendorDir, 'modules.txt');
  let data: string | undefined;
  try {
    data = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new ModloadError((e as Error).message);
  }
  return parseVendorList(data, { ...opts, file });
}

/** The module metadata vendor/modules.txt gives for m (explicit flag, replacement, go version). */
export function vendorMeta(vl: VendorList, m: Version): VendorMeta {
  return vl.meta.get(vkey(m)) ?? { explicit: false };
}

/**
 * go's checkVendorConsistency for a single main module: the error listing every mismatch between
 * go.mod and vendor/modules.txt, or undefined when they agree.
 */
export function checkVendorConsistency(vl: VendorList, file: ModFile, goVersion: string, vendorDir: string, cwd: string, goModFile: string): ModloadError | undefined {
  const pre114 = gover.compare(goVersion, '1.14') < 0;
  let errs = '';
  const vendErr = (m: Version, detail: string): void => {
    errs += m.version === '' ? `\n\t${m.path}: ${detail}` : `\n\t${m.path}@${m.version}: ${detail}`;
  };
  for (const r of file.require) {
    const m = { path: r.path, version: r.version };
    if (!vendorMeta(vl, m).explicit) {
      if (pre114) {
        const vv = vl.version.get(r.path);
        if (vv !== undefined && vv !== r.version) vendErr(m, `is explicitly required in go.mod, but vendor/modules.txt indicates ${r.path}@${vv}`);
      } else {
        vendErr(m, 'is explicitly required in go.mod, but not marked as explicit in vendor/modules.txt');
      }
    }
  }
  const describe = (m: Version): string => (m.version === '' ? m.path : `${m.path}@${m.version}`);
  const replaceMap = new Map<string, Version>();
  for (const r of file.replace) replaceMap.set(vkey({ path: r.old.path, version: r.old.version ?? '' }), { path: r.new.path, version: r.new.version ?? '' });
  const replacementOf = (m: Version): Version | undefined => replaceMap.get(vkey(m)) ?? replaceMap.get(vkey({ path: m.path, version: '' }));
  const seen = new Set<string>();
  const source = shortPath(cwd, goModFile);
  for (const r of file.replace) {
    const old = { path: r.old.path, version: r.old.version ?? '' };
    if (seen.has(vkey(old))) continue;
    seen.add(vkey(old));
    const rNew = replacementOf(old);
    const vr = vendorMeta(vl, old).replacement;
    if (!vr) {
      if (!rNew) continue;
      if (pre114 && (old.version === '' || vl.version.get(old.path) !== old.version)) continue;
      vendErr(old, `is replaced in ${source}, but not marked as replaced in vendor/modules.txt`);
    } else if (!rNew || vr.path !== rNew.path || vr.version !== rNew.version) {
      vendErr(old, `is replaced by ${rNew ? describe(rNew) : ''} in ${source}, but marked as replaced by ${describe(vr)} in vendor/modules.txt`);
    }
  }
  const required = new Set(file.require.map((r) => vkey({ path: r.path, version: r.version })));
  for (const m of vl.list) {
    if (vendorMeta(vl, m).explicit && !required.has(vkey(m))) {
      vendErr(m, 'is marked as explicit in vendor/modules.txt, but not explicitly required in go.mod');
    }
  }
  for (const m of vl.replaced) {
    if (!replacementOf(m)) vendErr(m, 'is marked as replaced in vendor/modules.txt, but not replaced in go.mod');
  }
  if (errs === '') return undefined;
  return new ModloadError(
    `inconsistent vendoring in ${dirname(vendorDir)}:${errs}\n\n\tTo ignore the vendor directory, use -mod=readonly or -mod=mod.\n\tTo sync the vendor directory, run:\n\t\tgo mod vendor`,
  );
}
