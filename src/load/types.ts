// The package model shared by load (which fills it) and work/test (which build from it).
// Field names follow `go list -json` (camelCased) so a reader of cmd/go finds each one.
// Contract: load owns this file; other rooms may add optional fields they need (say why).

/** A position in a source file, as go prints it: "file:line:col". */
export interface Pos {
  file: string; // absolute path
  line: number;
  col: number;
}

/** A module as `go list -m -json` describes it. */
export interface ModuleInfo {
  path: string;
  version?: string; // "" / undefined for the main module
  main?: boolean;
  dir?: string;
  goMod?: string; // path to go.mod
  goVersion?: string; // the module's `go` line
  sum?: string; // h1: hash of the zip, for build info `dep` lines
  replace?: ModuleInfo;
}

/** An error attached to a package, printed as go prints it (with import stack). */
export interface PackageError {
  importStack: string[];
  /** Per importStack entry, the base name of the importing file (go's "X from f.go"), if known. */
  importStackFrom?: (string | undefined)[];
  pos?: string; // "file:line:col" relative as go prints it
  err: string;
  /** The error is an import cycle: the stack is printed with "from file" positions. */
  isImportCycle?: boolean;
  /** Print the import stack even when a position is known (internal-use errors). */
  alwaysPrintStack?: boolean;
  /** go's classification, for exit codes and `go list -e` */
  kind?: 'nogo' | 'multiple' | 'cycle' | 'notfound' | 'internal' | 'vendor' | 'badpath' | 'constraint' | 'embed' | 'other';
}

export interface Package {
  dir: string; // absolute directory
  importPath: string; // resolved import path ("command-line-arguments" for files)
  name: string; // package clause
  goroot: boolean; // lives in $GOROOT/src
  standard: boolean; // std or cmd
  module?: ModuleInfo;
  /** Language version for -lang (from the module's go line; std uses the toolchain's). */
  goVersion?: string;

  goFiles: string[]; // file names relative to dir, sorted
  cgoFiles: string[];
  ignoredGoFiles: string[];
  invalidGoFiles: string[];
  ignoredOtherFiles: string[];
  cFiles: string[];
  cxxFiles: string[];
  mFiles: string[];
  hFiles: string[];
  fFiles: string[];
  sFiles: string[];
  sysoFiles: string[];
  swigFiles: string[];
  swigCXXFiles: string[];
  testGoFiles: string[];
  xTestGoFiles: string[];

  /** Imports of goFiles+cgoFiles, sorted, deduplicated, after resolution (as `go list` shows them;
   *  importMap gives the as-written form where it differs). Does not include implicit imports. */
  imports: string[];
  importPos: Record<string, Pos[]>;
  testImports: string[];
  xTestImports: string[];

  embedPatterns: string[];
  embedPatternPos: Record<string, Pos[]>;
  testEmbedPatterns: string[];
  xTestEmbedPatterns: string[];
  /** Files matched by embedPatterns, relative to dir, sorted. */
  embedFiles: string[];
  /** pattern -> matched files (relative to dir), for -embedcfg. */
  embedMap?: Record<string, string[]>;

  /** //go: directives before the package clause of non-test files, raw text ("//go:debug panicnil=1"). */
  directives?: string[];
  /** The GODEBUG default string for a main package (go list's DefaultGODEBUG). */
  defaultGODEBUG?: string;

  binaryOnly?: boolean;
  /** import as written -> resolved import path (vendor/module mapping), only where different. */
  importMap: Record<string, string>;
  /** Resolved import paths of direct dependencies (after importMap), sorted. */
  deps: string[];
  /** The loaded direct dependencies (resolved), same order as `deps`. */
  internal: {
    imports: Package[];
    /**
     * GOCMD_EXPLAIN: the directory a package's records are kept under when dir is a per-run work directory
     * (a test main's, test/runner.ts), so that the next run finds the previous build's record.
     */
    explainDir?: string;
    cmdlineFiles?: boolean;
    forceLibrary?: boolean;
    /** Directory named by a relative path on the command line. */
    local?: boolean;
    /** GOPATH mode: what "./x" imports in this package are relative to ("_/abs/dir"; go's LocalPrefix). */
    localPrefix?: string;
    /** GOPATH mode: the source root ($GOROOT or a GOPATH entry) holding the package, for its install target. */
    buildRoot?: string;
    /** Named on the command line by a literal pattern (no "...", not a meta package): go's CmdlinePkgLiteral. */
    cmdlinePkgLiteral?: boolean;
    /** Still being loaded (used to detect import cycles). */
    loading?: boolean;
    /** Raw //go:debug etc. directives with positions ("file:line:col"). */
    directivePos?: string[];
    /** The Go files' doc synopses as the scan recorded them (null: no doc comment), for list's Doc. */
    fileDocs?: Map<string, string | null>;
    /** The PGO profile this package compiles with (go's PGOProfile; set by splitForPGO and the test room). */
    pgoProfile?: string;
    /**
     * A test main whose build info was made afresh (go's setBuildInfo after the profiles were attached), not
     * taken over from the main package under test: it records no -pgo setting.
     */
    freshBuildInfo?: boolean;
    /** The main package this copy was made for (go's ForMain, set with pgoProfile). */
    forMain?: string;
    /** go test -fuzz: compiled with the fuzzer's coverage instrumentation (go's FuzzInstrument). */
    fuzzInstrument?: boolean;
    /**
     * Coverage instrumentation (go's Internal.Cover): the cover mode ("set", "count", "atomic", "regonly",
     * "testmain"), and whether the cover tool also writes a static meta-data file. Replaced, never mutated:
     * test variants share it by copy.
     */
    cover?: { mode: string; genMeta?: boolean };
  };

  error?: PackageError;
  depsErrors?: PackageError[];
  /** This package or a dependency has an error. */
  incomplete?: boolean;
  /** Build tags consulted while selecting files (go list's AllTags). */
  allTags?: string[];
  /** The cgo preambles' #cgo lines, per file, for the cgo step to interpret. */
  cgoDirectives?: { file: string; lines: string[] }[];
  /** #cgo flags that apply in this build context (go list's CgoCFLAGS … CgoPkgConfig). */
  cgoCFLAGS?: string[];
  cgoCPPFLAGS?: string[];
  cgoCXXFLAGS?: string[];
  cgoFFLAGS?: string[];
  cgoLDFLAGS?: string[];
  cgoPkgConfig?: string[];
  /** //go:debug and other //go: directives before the package clause of test / xtest files. */
  testDirectives?: string[];
  xTestDirectives?: string[];
  /** Files matched by testEmbedPatterns / xTestEmbedPatterns (filled when tests are loaded). */
  testEmbedFiles?: string[];
  xTestEmbedFiles?: string[];
  /** The package was named on the command line (go's CmdlinePkg). */
  cmdlinePkg?: boolean;
  /** The implicit imports of cgo's generated files (go's Internal.CompiledImports): go list -compiled adds them to Imports. */
  compiledImports?: string[];
  /** Implicit imports added for cgo / the linker (runtime, runtime/cgo, …), resolved. */
  implicitImports?: string[];
  /** $GOROOT/src or the module root containing dir; in GOPATH mode the GOPATH entry. */
  root?: string;
  /** GOPATH mode: the directory of an earlier source root that hides this one (go list's ConflictDir). */
  conflictDir?: string;
  /** Where `go install` puts the result: a binary for main packages, "" otherwise. */
  target?: string;
  /** GOPATH mode: the path in the package's import comments (go list's ImportComment). */
  importComment?: string;
  /** -linkshared: the shared library that holds this package (go list's Shlib). */
  shlib?: string;
  stale?: boolean;
  staleReason?: string;
  /** Command-line patterns that matched this package (go list's Match); set by loadPatterns. */
  match?: string[];
  /**
   * The import path -trimpath rewrites this package's directory to, when not importPath (go's
   * OrigImportPath): a test main and an external test package use the tested package's (set by test/).
   */
  origImportPath?: string;
}
