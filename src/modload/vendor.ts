// vendor/modules.txt: parsing, and the consistency check against go.mod that -mod=vendor requires.
import { readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
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

/** Where a replacement came from, as go's replacementFrom and canonicalizeReplacePath see it. */
export interface ReplacementFound {
  /** As its file writes it (for messages). */
  written: Version;
  /** As vendor/modules.txt records it (a workspace's relative directories are relative to go.work). */
  canonical: Version;
  /** The go.mod or go.work file it is in. */
  source: string;
}

/** What the vendor consistency check compares modules.txt with. */
export interface VendorCheckSpec {
  /** Each main module's go.mod, in order. */
  files: readonly ModFile[];
  /** Only go 1.13 and older single modules: modules.txt had too little to check fully. */
  pre114: boolean;
  /** go.work's replace directives, checked after the go.mod files' (workspace mode). */
  workReplace?: ModFile['replace'];
  workspace: boolean;
  replacementOf(old: Version): ReplacementFound | undefined;
  vendorDir: string;
  cwd: string;
}

/**
 * go's checkVendorConsistency for a single main module: the error listing every mismatch between
 * go.mod and vendor/modules.txt, or undefined when they agree.
 */
export function checkVendorConsistency(vl: VendorList, file: ModFile, goVersion: string, vendorDir: string, cwd: string, goModFile: string): ModloadError | undefined {
  const replaceMap = new Map<string, Version>();
  for (const r of file.replace) replaceMap.set(vkey({ path: r.old.path, version: r.old.version ?? '' }), { path: r.new.path, version: r.new.version ?? '' });
  return checkVendorSpec(vl, {
    files: [file],
    pre114: gover.compare(goVersion, '1.14') < 0,
    workspace: false,
    replacementOf: (m) => {
      const r = replaceMap.get(vkey(m)) ?? replaceMap.get(vkey({ path: m.path, version: '' }));
      return r ? { written: r, canonical: r, source: goModFile } : undefined;
    },
    vendorDir,
    cwd,
  });
}

/** go's checkVendorConsistency: every mismatch between the go.mod (and go.work) files and modules.txt. */
export function checkVendorSpec(vl: VendorList, spec: VendorCheckSpec): ModloadError | undefined {
  const { pre114, cwd } = spec;
  let errs = '';
  const vendErr = (m: Version, detail: string): void => {
    errs += m.version === '' ? `\n\t${m.path}: ${detail}` : `\n\t${m.path}@${m.version}: ${detail}`;
  };
  for (const file of spec.files) {
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
  }
  const describe = (m: Version): string => (m.version === '' ? m.path : `${m.path}@${m.version}`);
  const seen = new Set<string>();
  const checkReplace = (replaces: ModFile['replace']): void => {
    for (const r of replaces) {
      const old = { path: r.old.path, version: r.old.version ?? '' };
      if (seen.has(vkey(old))) continue;
      seen.add(vkey(old));
      const found = spec.replacementOf(old);
      const vr = vendorMeta(vl, old).replacement;
      if (!vr) {
        if (!found) continue;
        if (pre114 && (old.version === '' || vl.version.get(old.path) !== old.version)) continue;
        vendErr(old, `is replaced in ${shortPath(cwd, found.source)}, but not marked as replaced in vendor/modules.txt`);
      } else if (!found || vr.path !== found.canonical.path || vr.version !== found.canonical.version) {
        const where = found ? shortPath(cwd, found.source) : '';
        vendErr(old, `is replaced by ${found ? describe(found.written) : ''} in ${where}, but marked as replaced by ${describe(vr)} in vendor/modules.txt`);
      }
    }
  };
  for (const file of spec.files) checkReplace(file.replace);
  if (spec.workReplace) checkReplace(spec.workReplace);
  const required = new Set(spec.files.flatMap((f) => f.require.map((r) => vkey({ path: r.path, version: r.version }))));
  for (const m of vl.list) {
    if (vendorMeta(vl, m).explicit && !required.has(vkey(m))) {
      vendErr(m, `is marked as explicit in vendor/modules.txt, but not explicitly required in ${spec.workspace ? 'a ' : ''}go.mod`);
    }
  }
  for (const m of vl.replaced) {
    if (!spec.replacementOf(m)) vendErr(m, `is marked as replaced in vendor/modules.txt, but not replaced in ${spec.workspace ? 'the workspace' : 'go.mod'}`);
  }
  if (errs === '') return undefined;
  return new ModloadError(
    `inconsistent vendoring in ${dirname(spec.vendorDir)}:${errs}\n\n\tTo ignore the vendor directory, use -mod=readonly or -mod=mod.\n\tTo sync the vendor directory, run:\n\t\tgo ${spec.workspace ? 'work' : 'mod'} vendor`,
  );
}

/** A module line's replacement lies inside the vendor directory (go mod vendor refuses it). */
export class ReplacementInVendorError extends ModloadError {
  override name = 'ReplacementInVendorError';
  constructor(readonly replacementPath: string) {
    super(`replacement path ${replacementPath} inside vendor directory`);
  }
}

/** Whether the cleaned relative path p is "vendor" or below it (go's str.HasFilePathPrefix on filepath.Clean). */
function inVendorDir(p: string): boolean {
  const clean = posix.normalize(p).replace(/\/+$/, '');
  return clean === 'vendor' || clean.startsWith('vendor/');
}

/** go's moduleLine: "# path version[ => new[ version]]\n"; a replacement inside vendor/ is an error. */
export function moduleLine(m: Version, r?: Version): string {
  let s = `# ${m.path}`;
  if (m.version !== '') s += ` ${m.version}`;
  if (r && r.path !== '') {
    if (inVendorDir(r.path)) throw new ReplacementInVendorError(r.path);
    s += ` => ${r.path}`;
    if (r.version !== '') s += ` ${r.version}`;
  }
  return s + '\n';
}

/** The "## ..." annotation line for a module ("" when it has none). */
export function annotationLine(explicit: boolean, goVersion: string): string {
  if (explicit && goVersion !== '') return `## explicit; go ${goVersion}\n`;
  if (explicit) return '## explicit\n';
  if (goVersion !== '') return `## go ${goVersion}\n`;
  return '';
}

/** One module of vendor/modules.txt as go mod vendor writes it. */
export interface VendoredModule {
  mod: Version;
  replacement?: Version;
  explicit: boolean;
  /** The module's go version ("" when not recorded). */
  goVersion: string;
  /** Its vendored packages, sorted. */
  pkgs: string[];
}

/** What vendor/modules.txt says, in go's order: header, modules, then replacements no module line recorded. */
export interface ModulesTxt {
  workspace: boolean;
  modules: VendoredModule[];
  /** Replacements (old → new) recorded at the end. */
  replacements: { old: Version; new: Version }[];
}

/** The text of vendor/modules.txt (every line go writes to it, in order). */
export function formatModulesTxt(t: ModulesTxt): string {
  let s = t.workspace ? '## workspace\n' : '';
  for (const m of t.modules) {
    s += moduleLine(m.mod, m.replacement) + annotationLine(m.explicit, m.goVersion);
    for (const p of m.pkgs) s += p + '\n';
  }
  for (const r of t.replacements) s += moduleLine(r.old, r.new);
  return s;
}
