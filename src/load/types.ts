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
  pos?: string; // "file:line:col" relative as go prints it
  err: string;
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

  /** Imports as written in goFiles+cgoFiles, sorted, deduplicated. */
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

  /** //go:debug directives in the package's non-test files, "key=value". */
  directives?: string[];
  /** The GODEBUG default string for a main package (go list's DefaultGODEBUG). */
  defaultGODEBUG?: string;

  binaryOnly?: boolean;
  /** import as written -> resolved import path (vendor/module mapping), only where different. */
  importMap: Record<string, string>;
  /** Resolved import paths of direct dependencies (after importMap), sorted. */
  deps: string[];
  /** The loaded direct dependencies (resolved), same order as `deps`. */
  internal: { imports: Package[]; cmdlineFiles?: boolean; forceLibrary?: boolean };

  error?: PackageError;
  depsErrors?: PackageError[];
  /** Where `go install` puts the result: a binary for main packages, "" otherwise. */
  target?: string;
  stale?: boolean;
  staleReason?: string;
}
