// The imports of a directory with every build tag on (go's imports.ScanDir under AnyTags), as the module
// loader of go mod tidy/why/vendor, go get and go work sync sees packages: from the package index when it
// has the directory, else by reading the files.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isPlusBuild, parseConstraint, type Expr } from '../lib/constraint.js';
import { readGoFile } from './gofile.js';
import { parseFileHeader, trimSpaceBytes } from './header.js';
import type { PackageIndex, RawDir } from './pkgindex.js';
import type { RawFile } from './rawfile.js';

/** The sorted imports of a directory's non-test and test files, and whether any Go file is built. */
export interface AnyTagsImports {
  imports: string[];
  testImports: string[];
  hasGo: boolean;
}

const TAG_NAME = /^[\p{L}\p{N}_.]+$/u;

/** imports.AnyTags: every tag is both set and unset, except "ignore" which is never set. */
function evalAnyTags(x: Expr, prefer: boolean): boolean {
  switch (x.kind) {
    case 'tag': return x.tag !== 'ignore' && TAG_NAME.test(x.tag) ? prefer : false;
    case 'not': return !evalAnyTags(x.x, !prefer);
    case 'and': return evalAnyTags(x.x, prefer) && evalAnyTags(x.y, prefer);
    case 'or': return evalAnyTags(x.x, prefer) || evalAnyTags(x.y, prefer);
  }
}

/**
 * Whether constraint lines allow a file under AnyTags (go's imports.ShouldBuild): a //go:build line
 * that does not parse excludes the file; a +build line that does not parse is ignored.
 * plusBuild: the header's trimmed comment lines mentioning +build (used only without a //go:build line).
 */
export function anyTagsAllow(goBuild: string | undefined, plusBuild: readonly string[]): boolean {
  if (goBuild !== undefined) {
    try {
      return evalAnyTags(parseConstraint(goBuild), true);
    } catch {
      return false;
    }
  }
  let ok = true;
  for (const l of plusBuild) {
    if (!l.startsWith('//') || !l.includes('+build') || !isPlusBuild(l)) continue;
    try {
      if (!evalAnyTags(parseConstraint(l), true)) ok = false;
    } catch { /* go skips +build lines it cannot parse */ }
  }
  return ok;
}

/** Whether a file's content passes AnyTags: a bad header excludes it. */
export function anyTagsShouldBuild(content: string): boolean {
  let hdr;
  try {
    hdr = parseFileHeader(content);
  } catch {
    return false;
  }
  return anyTagsAllow(hdr.goBuild, hdr.goBuild !== undefined ? [] : hdr.trimmed.split('\n').map(trimSpaceBytes));
}

/** Whether go's ScanDir considers a directory entry name at all (before its constraints). */
function scannable(name: string): boolean {
  return name.endsWith('.go') && !name.startsWith('_') && !name.startsWith('.');
}

function isTestFile(name: string): boolean {
  return name.endsWith('_test.go');
}

/** The imports go's module loader keeps: not "C", not the legacy App Engine ones (modload.scanDir's filter). */
function kept(path: string): boolean {
  return path !== 'C' && path !== 'appengine' && !path.startsWith('appengine/') && path !== 'appengine_internal' && !path.startsWith('appengine_internal/');
}

/** Reads one file whole: whether it builds under AnyTags and its imports (undefined when unreadable). */
function scanFile(file: string): { builds: boolean; imports: string[] } | undefined {
  let src: string;
  try {
    src = readFileSync(file, 'latin1');
  } catch {
    return undefined;
  }
  if (!anyTagsShouldBuild(src)) return { builds: false, imports: [] };
  return { builds: true, imports: readGoFile(file, src).imports.map((i) => i.path) };
}

/** The regular .go files (symlinks followed, as go's ScanDir does) of a directory, or [] when it cannot be read. */
function goFilesOf(dir: string): string[] {
  let ents;
  try {
    ents = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const e of ents) {
    if (!scannable(e.name)) continue;
    if (e.isFile()) out.push(e.name);
    else if (e.isSymbolicLink()) {
      try {
        if (statSync(join(dir, e.name)).isFile()) out.push(e.name);
      } catch { /* broken link: ignored, as go does */ }
    }
  }
  return out;
}

/** What an indexed file contributes; undefined when the index has no usable facts for it (read it instead). */
function fromIndex(rf: RawFile): { builds: boolean; imports: string[] } | undefined {
  // A read error (or an import-reader error) leaves no facts: the direct read decides, as before the index.
  if (rf.readErr !== undefined) return undefined;
  if (rf.headerErr !== undefined) return { builds: false, imports: [] };
  if (!anyTagsAllow(rf.goBuild, rf.plusBuild ?? [])) return { builds: false, imports: [] };
  return { builds: true, imports: rf.go ? rf.go.imports.map((i) => i.path) : [] };
}

function sorted(s: Set<string>): string[] {
  return [...s].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Scans directories for their AnyTags imports, once per directory: one command's loads (tidy loads the
 * graph again after each change to the requirements) see the same sources. Create one per command.
 */
export class AnyTagsScanner {
  private readonly memo = new Map<string, AnyTagsImports>();
  /** Counters for tests: directories answered by the index, and read directly. */
  readonly stats = { indexed: 0, read: 0 };

  constructor(private readonly index?: PackageIndex) {}

  scan(dir: string): AnyTagsImports {
    let r = this.memo.get(dir);
    if (!r) {
      r = this.scanNow(dir);
      this.memo.set(dir, r);
    }
    return r;
  }

  private scanNow(dir: string): AnyTagsImports {
    let raw: RawDir | undefined;
    if (this.index) {
      try {
        raw = this.index.rawDir(dir);
      } catch {
        return { imports: [], testImports: [], hasGo: false }; // not a readable directory
      }
    }
    const imports = new Set<string>();
    const testImports = new Set<string>();
    let hasGo = false;
    const add = (name: string, f: { builds: boolean; imports: string[] } | undefined): void => {
      if (!f?.builds) return;
      hasGo = true;
      const dst = isTestFile(name) ? testImports : imports;
      for (const p of f.imports) if (kept(p)) dst.add(p);
    };
    if (raw) {
      this.stats.indexed++;
      for (const name of raw.names) {
        if (!scannable(name)) continue;
        const rf = raw.files.get(name);
        if (!rf) continue;
        add(name, fromIndex(rf) ?? scanFile(join(dir, name)));
      }
    } else {
      this.stats.read++;
      for (const name of goFilesOf(dir)) add(name, scanFile(join(dir, name)));
    }
    return { imports: sorted(imports), testImports: sorted(testImports), hasGo };
  }
}
