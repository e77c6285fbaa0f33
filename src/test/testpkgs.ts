// Test package variants (go's load.TestPackagesFor): p with its _test.go files, p_test, the generated main, and
// the packages between them recompiled against the test variant.
import type { Package, PackageError, Pos } from '../load/types.js';
import { packageList as packageListOf } from '../load/load.js';
import { shortPath } from '../load/errors.js';
import { formatTestmain, loadTestFuncs } from './testfuncs.js';

/** The packages the generated main imports (go's load.TestMainDeps), before the linker's own. */
export const TEST_MAIN_DEPS = ['os', 'reflect', 'testing', 'testing/internal/testdeps'];

/** A package as the test room sees it: Package plus go's ForTest. */
export type TestPackage = Package & { forTest?: string };

/** What the loader gave for the package under test (test imports resolved, the main's deps loaded). */
export interface TestLoad {
  /** Resolved test imports of p, in p.testImports order, with the first load error among them. */
  testImports: Package[];
  testErr?: PackageError;
  /** Resolved xtest imports of p (p itself included when the xtest imports it). */
  xTestImports: Package[];
  xTestErr?: PackageError;
  /** TEST_MAIN_DEPS and the linker's dependencies, loaded (in that order). */
  mainDeps: Package[];
  mainErr?: PackageError;
  /** pmain's DefaultGODEBUG (p's directives, then the test files', then the xtest files'). */
  defaultGODEBUG: string;
  /** Where the test and xtest files import each path (for import cycle messages). */
  testImportPos: Record<string, Pos[]>;
  xTestImportPos: Record<string, Pos[]>;
  /** The xtest's imports as written → resolved, where they differ (vendored packages): its ImportMap. */
  xTestImportMap?: Record<string, string>;
  /** Embed pattern -> files of the test and xtest files. */
  testEmbedMap: Record<string, string[]>;
  xTestEmbedMap: Record<string, string[]>;
}

export interface TestPackages {
  pmain: TestPackage;
  ptest: TestPackage;
  pxtest?: TestPackage;
  /** The generated _testmain.go ("" if it could not be made). */
  testmain: string;
  /** The first package among ptest, pxtest, pmain (or their deps) with an error (go's perr). */
  perr?: Package;
  /** The variant of each package copied by recompileForTest, by original. */
  copies: Map<Package, TestPackage>;
}

function clonePackage(p: Package): TestPackage {
  return { ...p, internal: { ...p.internal, imports: [...p.internal.imports] }, imports: [...p.imports] };
}

/** All packages reachable from roots through internal.imports, dependencies first (go's PackageList). */
export { packageListOf };

/** go's TestPackagesFor for p, given what the loader resolved for its tests. */
/** go test -cover's settings for the test variants (go's load.TestCover). */
export interface TestCover {
  mode: string;
  /** No -coverpkg: the package under test is covered in its own test only. */
  local: boolean;
  /** The packages -coverpkg selected, and its patterns (undefined without -coverpkg). */
  pkgs: Package[];
  paths?: string[];
}

export function testPackagesFor(p: Package, l: TestLoad, read?: (file: string) => string, cover?: TestCover): TestPackages {
  let ptest: TestPackage = p;
  if (p.testGoFiles.length > 0 || p.name === 'main' || cover?.local) {
    ptest = clonePackage(p);
    if (!ptest.error && l.testErr) ptest.error = l.testErr;
    ptest.incomplete = p.incomplete || !!l.testErr || l.testImports.some((q) => q.incomplete);
    ptest.forTest = p.importPath;
    ptest.goFiles = [...p.goFiles, ...p.testGoFiles];
    ptest.target = '';
    ptest.imports = [...p.testImports, ...p.imports];
    ptest.internal.imports = [...l.testImports, ...p.internal.imports];
    ptest.internal.forceLibrary = true;
    const pos: Record<string, Pos[]> = {};
    for (const [k, v] of Object.entries(p.importPos)) (pos[k] ??= []).push(...v);
    for (const [k, v] of Object.entries(l.testImportPos)) (pos[k] ??= []).push(...v);
    ptest.importPos = pos;
    ptest.embedFiles = [...p.embedFiles, ...(p.testEmbedFiles ?? [])];
    ptest.embedPatterns = [...p.embedPatterns, ...p.testEmbedPatterns];
    ptest.embedMap = { ...l.testEmbedMap, ...(p.embedMap ?? {}) };
    ptest.directives = [...(p.directives ?? []), ...(p.testDirectives ?? [])];
    if (p.internal.pgoProfile) ptest.internal.pgoProfile = p.internal.pgoProfile;
  }
  let pxtest: TestPackage | undefined;
  if (p.xTestGoFiles.length > 0) {
    const ximports = l.xTestImports.filter((q) => q !== p);
    if (l.xTestImports.includes(p)) ximports.push(ptest);
    pxtest = {
      dir: p.dir, importPath: p.importPath + '_test', name: p.name + '_test', goroot: p.goroot, standard: false,
      goFiles: [...p.xTestGoFiles], cgoFiles: [], ignoredGoFiles: [], invalidGoFiles: [], ignoredOtherFiles: [], cFiles: [],
      cxxFiles: [], mFiles: [], hFiles: [], fFiles: [], sFiles: [], sysoFiles: [], swigFiles: [], swigCXXFiles: [],
      testGoFiles: [], xTestGoFiles: [], imports: [...p.xTestImports], importPos: l.xTestImportPos, testImports: [],
      xTestImports: [], embedPatterns: [...p.xTestEmbedPatterns], embedPatternPos: {}, testEmbedPatterns: [],
      xTestEmbedPatterns: [], embedFiles: [...(p.xTestEmbedFiles ?? [])], importMap: { ...(l.xTestImportMap ?? {}) }, deps: [],
      internal: { imports: ximports }, directives: [...(p.xTestDirectives ?? [])], forTest: p.importPath,
      origImportPath: p.origImportPath ?? p.importPath,
    };
    pxtest.embedMap = l.xTestEmbedMap;
    if (p.module) pxtest.module = p.module;
    if (p.goVersion) pxtest.goVersion = p.goVersion;
    if (p.root) pxtest.root = p.root;
    // GOPATH mode: the xtest's "./x" imports are relative to the same prefix as p's (go copies LocalPrefix).
    if (p.internal.localPrefix) pxtest.internal.localPrefix = p.internal.localPrefix;
    if (p.internal.pgoProfile) pxtest.internal.pgoProfile = p.internal.pgoProfile;
    if (l.xTestErr) pxtest.error = l.xTestErr;
    pxtest.incomplete = !!l.xTestErr || l.xTestImports.some((q) => q.incomplete);
  }

  const pmain: TestPackage = {
    dir: p.dir, importPath: p.importPath + '.test', name: 'main', goroot: false, standard: false,
    goFiles: ['_testmain.go'], cgoFiles: [], ignoredGoFiles: [], invalidGoFiles: [], ignoredOtherFiles: [], cFiles: [],
    cxxFiles: [], mFiles: [], hFiles: [], fFiles: [], sFiles: [], sysoFiles: [], swigFiles: [], swigCXXFiles: [],
    testGoFiles: [], xTestGoFiles: [], imports: [...TEST_MAIN_DEPS], importPos: {}, testImports: [], xTestImports: [],
    embedPatterns: [], embedPatternPos: {}, testEmbedPatterns: [], xTestEmbedPatterns: [], embedFiles: [], importMap: {},
    deps: [], internal: { imports: l.mainDeps.map((d) => (d.importPath === ptest.importPath ? ptest : d)) },
    defaultGODEBUG: l.defaultGODEBUG, origImportPath: p.origImportPath ?? p.importPath,
  };
  if (p.module) pmain.module = p.module;
  if (p.goVersion) pmain.goVersion = p.goVersion;
  if (p.root) pmain.root = p.root;
  if (l.mainErr) { pmain.error = l.mainErr; pmain.incomplete = true; }
  if (p.internal.pgoProfile) pmain.internal.pgoProfile = p.internal.pgoProfile;
  // go's pmain takes over the build info of a main package under test, unless its DefaultGODEBUG differs; else
  // it makes its own, after setPGOProfilePath, so without the -pgo setting.
  if (p.name !== 'main' || (pmain.defaultGODEBUG ?? '') !== (p.defaultGODEBUG ?? '')) pmain.internal.freshBuildInfo = true;

  const { t, err, syntax } = loadTestFuncs(p.dir, p.testGoFiles, p.xTestGoFiles, read);
  if (err !== undefined && !pmain.error) {
    // A syntax error keeps its position apart, relative to the working directory (go's setLoadPackageDataError).
    pmain.error = syntax ? { importStack: [], pos: `${shortPath(process.cwd(), syntax.file)}:${syntax.lineCol}`, err: syntax.msg } : { importStack: [], err };
    pmain.incomplete = true;
  }
  if (ptest.goFiles.length + ptest.cgoFiles.length > 0) {
    pmain.internal.imports.push(ptest);
    pmain.imports.push(ptest.importPath);
    t.importTest = true;
  }
  if (pxtest) {
    pmain.internal.imports.push(pxtest);
    pmain.imports.push(pxtest.importPath);
    t.importXtest = true;
  }
  pmain.imports = [...new Set(pmain.imports)].sort();

  const copies = new Map<Package, TestPackage>();
  const cycle = recompileForTest(pmain, p, ptest, pxtest, copies);
  if (cycle) {
    ptest.error = cycle;
    ptest.incomplete = true;
  }
  if (cover) {
    // ptest holds p's files and takes its coverage (its own, without -coverpkg); the main only registers.
    const mode = cover.local ? cover.mode : p.internal.cover?.mode;
    if (ptest !== p) ptest.internal.cover = mode ? { ...p.internal.cover, mode } : undefined;
    pmain.internal.cover = { mode: 'testmain' };
  }
  const testmain = formatTestmain(t, {
    importPath: p.importPath, modulePath: p.module?.path ?? '',
    ...(cover ? { cover: { mode: cover.mode, pkgs: cover.pkgs.map((q) => q.importPath), ...(cover.paths ? { paths: cover.paths } : {}) } } : {}),
  });

  let perr: Package | undefined;
  for (const p1 of [ptest, pxtest, pmain]) {
    if (!p1) continue;
    if (p1.error) { perr = p1; break; }
    if (p1.incomplete) {
      perr = packageListOf([p1]).find((q) => q.error);
      break;
    }
  }
  const out: TestPackages = { pmain, ptest, testmain, copies };
  if (pxtest) out.pxtest = pxtest;
  if (perr) out.perr = perr;
  return out;
}

/**
 * go's recompileForTest: every package between pmain and preal is copied to import ptest instead of preal
 * (and main packages other than pmain and ptest become libraries; with preal's own PGO profile, every
 * package without one is copied to take it). Returns the import cycle through the
 * test, if the copies made one.
 */
function recompileForTest(pmain: TestPackage, preal: Package, ptest: TestPackage, pxtest: TestPackage | undefined, testCopy: Map<Package, TestPackage>): PackageError | undefined {
  testCopy.set(preal, ptest);
  for (const p0 of packageListOf([pmain])) {
    if (p0 === preal) continue;
    let p: TestPackage = p0;
    let didSplit = p === pmain || p === pxtest || p === ptest;
    const split = (): void => {
      if (didSplit) return;
      didSplit = true;
      const p1 = clonePackage(p);
      testCopy.set(p0, p1);
      p1.forTest = preal.importPath;
      p1.target = '';
      p1.internal.forceLibrary = true;
      if (preal.internal.pgoProfile) p1.internal.pgoProfile = preal.internal.pgoProfile;
      p = p1;
    };
    for (let i = 0; i < p.internal.imports.length; i++) {
      const imp = p.internal.imports[i]!;
      const p1 = testCopy.get(imp);
      if (p1 && p1 !== imp) {
        split();
        p.internal.imports[i] = p1;
      }
    }
    if (p.name === 'main' && p !== pmain && p !== ptest) split();
    // The test's own dependencies (test-only imports, the test main's) were loaded after the profiles were
    // attached: they are copied to compile with the profile of the package under test.
    if (preal.internal.pgoProfile && !p.internal.pgoProfile) split();
  }

  // Breadth-first from ptest's imports: is ptest reachable again?
  const importerOf = new Map<Package, Package | undefined>();
  for (const q of ptest.internal.imports) importerOf.set(q, undefined);
  const queue = [...ptest.internal.imports];
  while (queue.length > 0) {
    let q: Package | undefined = queue.shift()!;
    if (q === ptest) {
      const stk: { pkg: string; from?: string }[] = [];
      while (q) {
        const importer: Package = importerOf.get(q) ?? ptest;
        const pos = importer.importPos[q.importPath]?.[0];
        stk.push({ pkg: q.importPath, ...(pos ? { from: baseName(pos.file) } : {}) });
        q = importerOf.get(q);
      }
      stk.push({ pkg: ptest.importPath });
      stk.reverse();
      return {
        importStack: stk.map((e) => e.pkg), importStackFrom: stk.map((e) => e.from),
        err: 'import cycle not allowed in test', isImportCycle: true, kind: 'cycle',
      };
    }
    for (const dep of q.internal.imports) {
      if (!importerOf.has(dep)) {
        importerOf.set(dep, q);
        queue.push(dep);
      }
    }
  }
  return undefined;
}

function baseName(f: string): string {
  return f.slice(f.lastIndexOf('/') + 1);
}
