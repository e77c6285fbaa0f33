// Coverage instrumentation (go 1.20+): what the cover tool is given in -pkgcfg mode, as pure functions.
import { createHash } from 'node:crypto';
import type { Package } from '../load/types.js';

/** go's covcmd.MetaFileForPackage: the name of the static meta-data file the cover tool writes for a package. */
export function metaFileForPackage(importPath: string): string {
  return 'covmeta.' + createHash('sha256').update(importPath).digest('hex');
}

/** The name prefix of the coverage variables the cover tool adds (12 hex digits of the import path's sha256). */
export function coverVarName(importPath: string): string {
  return `goCover_${createHash('sha256').update(importPath).digest('hex').slice(0, 12)}_`;
}

/** A string as Go's encoding/json writes it (HTML-safe escapes included). */
export function goJSONString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export interface PkgConfig {
  outConfig: string;
  pkgPath: string;
  pkgName: string;
  modulePath: string;
  local: boolean;
  emitMetaFile: string;
}

/** The pkgcfg.txt go writes for the cover tool (covcmd.CoverPkgConfig marshalled, a newline after). */
export function pkgcfgJSON(c: PkgConfig): string {
  return `{"OutConfig":${goJSONString(c.outConfig)},"PkgPath":${goJSONString(c.pkgPath)},"PkgName":${goJSONString(c.pkgName)},`
    + `"Granularity":"perblock","ModulePath":${goJSONString(c.modulePath)},"Local":${c.local},"EmitMetaFile":${goJSONString(c.emitMetaFile)}}\n`;
}

/** What a package's cover step reads and writes, and the files the compile and cgo then take instead. */
export interface CoverPlan {
  /** Sources given to the cover tool (absolute). */
  infiles: string[];
  /** Every output, covervars.go first, as listed in coveroutfiles.txt. */
  outfiles: string[];
  /** The Go files to compile (absolute), covervars.go first when anything is covered. */
  goFiles: string[];
  /** The cgo files cgo then reads (the instrumented copies). */
  cgoFiles: string[];
}

/** go's runCover file plan for p in objdir (with trailing slash): test files stay as they are. */
export function coverPlan(p: Pick<Package, 'dir' | 'goFiles' | 'cgoFiles'>, objdir: string): CoverPlan {
  const abs = (f: string): string => (f.startsWith('/') ? f : p.dir.replace(/\/$/, '') + '/' + f);
  const infiles: string[] = [];
  const outs: string[] = [];
  const cover = (f: string): string => {
    if (f.endsWith('_test.go')) return abs(f);
    const out = objdir + f.slice(0, -'.go'.length) + '.cover.go';
    infiles.push(abs(f));
    outs.push(out);
    return out;
  };
  const goFiles = p.goFiles.map(cover);
  const cgoFiles = p.cgoFiles.map(cover);
  if (infiles.length === 0) return { infiles, outfiles: [], goFiles, cgoFiles };
  const covervars = objdir.replace(/\/$/, '') + '/covervars.go';
  return { infiles, outfiles: [covervars, ...outs], goFiles: [covervars, ...goFiles], cgoFiles };
}
