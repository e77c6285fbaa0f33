// go test -cover: which packages are instrumented, the merged -coverprofile, and the coverage line.
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import type { Config } from '../cfg/config.js';
import type { BuildFlags } from '../cfg/buildflags.js';
import { ExitError } from '../base/errors.js';
import { goPathErrorText } from '../lib/oserror.js';
import { ensureImport, selectCoverPackages } from '../load/coverselect.js';
import type { Package } from '../load/types.js';
import { matchModules, matchPackage } from '../work/setup.js';
import type { TestLoad, TestCover } from './testpkgs.js';

/** The name of the summary of -coverpkg meta-data files (internal/coverage's MetaFilesFileName). */
export const META_FILES_FILE = 'metafiles.txt';

/** The mode of go's pseudo-action collecting the meta-data files of the tested packages under -coverpkg. */
export const WRITE_COVER_META_MODE = 'write coverage meta-data file';

/** All packages of the tests of roots, dependencies first (go's load.TestPackageList). */
export function testPackageList(roots: Package[], tests: ReadonlyMap<Package, TestLoad>): Package[] {
  const seen = new Set<Package>();
  const all: Package[] = [];
  const walk = (p: Package): void => {
    if (seen.has(p)) return;
    seen.add(p);
    for (const q of p.internal.imports) walk(q);
    all.push(p);
  };
  for (const r of roots) {
    walk(r);
    const t = tests.get(r);
    for (const q of [...(t?.testImports ?? []), ...(t?.xTestImports ?? [])]) if (!q.error) walk(q);
  }
  return all;
}

export interface TestCoverage {
  testCover: TestCover;
  /** -coverpkg selected packages: the tested packages' meta-data files are collected for every run. */
  collectMeta: boolean;
}

/**
 * go test's coverage setup (runTest before builderTest): -coverpkg selection, the sync/atomic import of
 * atomic mode, and the meta-data file for packages without tests.
 */
export function prepareTestCoverage(config: Config, bf: BuildFlags, cwd: string, pkgs: Package[], tests: ReadonlyMap<Package, TestLoad>, stderr: (s: string) => void, syncAtomic?: Package): TestCoverage {
  const coverpkg = bf.isSet('coverpkg');
  let covered: Package[] = [];
  let collectMeta = false;
  const plist = testPackageList(pkgs, tests);
  let atomic: Package | undefined;
  if (bf.covermode === 'atomic') {
    const mainDeps = [...tests.values()].flatMap((t) => t.mainDeps);
    atomic = [...plist, ...testPackageList(mainDeps, new Map())].find((p) => p.importPath === 'sync/atomic' && p.standard) ?? syncAtomic;
  }
  if (coverpkg) {
    const mods = matchModules(config, bf, cwd);
    const sel = selectCoverPackages(plist, bf.coverpkg.map((pat) => matchPackage(pat, cwd, mods)), bf.coverpkg, 'test', bf.covermode, bf.race);
    for (const w of sel.warnings) stderr(w + '\n');
    covered = sel.covered;
    // The cover tool's atomic counters import sync/atomic into each covered package (go's SelectCoverPackages).
    if (atomic) for (const p of covered) ensureImport(p, atomic);
    if (covered.length > 0) {
      collectMeta = true;
      for (const p of covered) p.internal.cover = { ...p.internal.cover, mode: p.internal.cover?.mode ?? bf.covermode, genMeta: true };
    }
  }
  for (const p of pkgs) {
    if (atomic && p.importPath !== 'sync/atomic') ensureImport(p, atomic);
    if (p.testGoFiles.length + p.xTestGoFiles.length === 0 && !coverpkg) p.internal.cover = { ...p.internal.cover, mode: '', genMeta: true };
    if (p.internal.cover?.genMeta) p.internal.cover = { ...p.internal.cover, mode: bf.covermode };
  }
  const testCover: TestCover = { mode: bf.covermode, local: !coverpkg, pkgs: covered };
  if (coverpkg) testCover.paths = bf.coverpkg;
  return { testCover, collectMeta };
}

/** The -coverprofile file all tests' profiles are merged into (go's coverMerge). */
export class CoverProfileMerge {
  constructor(private readonly fd: number, private readonly mode: string) {}

  /** Appends a test's profile (go's mergeCoverProfile): a missing or empty one is skipped; a bad header is an error. */
  merge(file: string): string | undefined {
    let data: Buffer;
    try { data = readFileSync(file); } catch { return undefined; }
    return this.mergeData(file, data);
  }

  mergeData(file: string, data: Buffer): string | undefined {
    if (data.length === 0) return undefined;
    const expect = `mode: ${this.mode}\n`;
    const head = data.subarray(0, expect.length).toString('latin1');
    if (head !== expect) {
      const why = data.length < expect.length ? 'unexpected EOF' : '<nil>';
      return `test wrote malformed coverage profile ${file}: header ${JSON.stringify(head)}, expected ${JSON.stringify(expect)}: ${why}`;
    }
    writeSync(this.fd, data.subarray(expect.length));
    return undefined;
  }

  close(): void {
    closeSync(this.fd);
  }
}

/** go's initCoverProfile: creates the profile with its mode line; failure stops go test. */
export function openCoverProfile(path: string, mode: string): CoverProfileMerge {
  let fd: number;
  try {
    fd = openSync(path, 'w', 0o666);
  } catch (e) {
    // go's initCoverProfile: base.Fatalf("%v", err), the error alone without a "go: " prefix.
    throw new ExitError(goPathErrorText(e), 1);
  }
  writeSync(fd, `mode: ${mode}\n`);
  return new CoverProfileMerge(fd, mode);
}

/** go's coveragePercentage: "\tcoverage: ..." from the first "coverage: " line of a test's output, or "". */
export function coveragePercentage(out: string): string {
  const m = /coverage: (.*)\n/.exec(out);
  return m ? `\tcoverage: ${m[1]}` : '';
}

/** The meta-files summary (coverage.MetaFileCollection as encoding/json writes it, a newline after). */
export function metaFilesJSON(importPaths: string[], fragments: string[]): string {
  const list = (xs: string[]): string => (xs.length === 0 ? 'null' : `[${xs.map((x) => JSON.stringify(x)).join(',')}]`);
  return `{"ImportPaths":${list(importPaths)},"MetaFileFragments":${list(fragments)}}\n`;
}
