// gocmd's own help texts: commands not yet implemented in a module, and the help topics.

/** Long descriptions by command long name ("build", "mod tidy") or topic name. */
export const HELP_TEXT: Record<string, string> = {
  bug: `
Bug opens a bug report for the go command, pre-filled with the details of this system.`,
  build: `
Build compiles the named packages and their dependencies without installing them. With a
single main package it writes an executable named after the package (the last import path
element that is not a major version suffix, or the first file for a list of .go files);
with several packages it only checks that they compile.

	-o file or dir  write the executable (or executables, for a directory) there

The build flags are shared by build, clean, get, install, list, run, test and vet:

	-a              rebuild everything, ignoring the cache
	-n              print the commands but do not run them
	-p n            run up to n commands in parallel (default: the number of CPUs)
	-race -msan -asan  enable the race detector / memory / address sanitizer
	-cover -covermode -coverpkg  build with coverage instrumentation
	-v              print package names as they are compiled
	-work           print the temporary work directory and keep it
	-x              print the commands
	-asmflags -gcflags -ldflags '[pattern=]args'  flags for go tool asm/compile/link
	-buildmode mode see 'go help buildmode'
	-buildvcs       stamp version control information (true, false or auto)
	-compiler name  gc or gccgo
	-installsuffix suffix  a suffix for the installation directory
	-json           print build output as JSON (see 'go help buildjson')
	-linkshared     link against shared libraries made with -buildmode=shared
	-mod mode       readonly, vendor or mod
	-modcacherw     leave new module cache directories writable
	-modfile file   use this go.mod (and matching go.sum) instead of the main module's
	-overlay file   JSON file replacing source file paths
	-pgo file       profile for profile-guided optimization (auto, off or a file)
	-pkgdir dir     install and load packages from dir
	-tags list      comma-separated extra build tags
	-trimpath       remove file system paths from the results
	-toolexec 'cmd args'  run each tool through this program`,
  clean: `
Clean removes object files and cached data.

	-i          also remove the installed archive or binary
	-r          apply to all dependencies as well
	-cache      remove the whole build cache
	-testcache  expire all test results in the build cache
	-modcache   remove the whole module download cache
	-fuzzcache  remove files stored for fuzz testing`,
  doc: `
Doc prints the documentation for a package, constant, function, type, method or field.`,
  fix: `
Fix runs the go fix analyzers on the named packages and applies their suggested changes.`,
  fmt: `
Fmt runs 'gofmt -l -w' on the source files of the named packages and prints the names of
files it changed.

	-n  print the commands but do not run them
	-x  print the commands`,
  generate: `
Generate runs the commands named by //go:generate directives in the source files of the
named packages, in file order. It never runs automatically as part of a build.

	-run regexp   run only directives whose text matches
	-skip regexp  skip directives whose text matches`,
  get: `
Get resolves its arguments to specific module versions, then
updates go.mod to require those versions (and go.sum to record their checksums)
and downloads their source.

	-t     also consider modules needed by tests of the named packages
	-u     update to newer minor or patch releases (-u=patch: patch releases only)
	-tool  add a tool line to go.mod for each named package`,
  install: `
Install compiles and installs the named packages. Executables go to $GOBIN, or $GOPATH/bin
(in a GOOS_GOARCH subdirectory when cross-compiling). With a version suffix
(pkg@version) it builds the package outside the current module.

For the build flags see 'go help build'.`,
  list: `
List prints the named packages, one per line, or with -f/-json their details.

	-f template   format each package with a Go text/template
	-json[=fields]  print package (or module) structs as JSON
	-m            list modules instead of packages
	-compiled -deps -e -export -find -test -u -versions -retracted -reuse: see go's manual`,
  mod: '',
  'mod download': `
Download downloads the named modules (default: all modules needed by the main module) into
the module cache.

	-json  print a JSON object per module
	-x     print the commands run
	-reuse file  reuse the results of an earlier -json run`,
  'mod edit': `
Edit edits go.mod (or the named file) through flags, for tools and scripts: -fmt, -module,
-go, -toolchain, -require/-droprequire, -exclude/-dropexclude, -replace/-dropreplace,
-retract/-dropretract, -tool/-droptool, -godebug/-dropgodebug, -ignore/-dropignore;
-print prints the result, -json prints it as JSON.`,
  'mod graph': `
Graph prints the module requirement graph, one "module requirement" edge per line.

	-go=version  report the graph as loaded by that Go version
	-x           print the commands run`,
  'mod init': `
Init creates a go.mod file in the current directory for a new module with the given path
(inferred from the directory when possible).`,
  'mod tidy': `
Tidy makes go.mod and go.sum match the module's source: it adds missing requirements and
removes unused ones.

	-e  keep going despite errors
	-v  print removed modules
	-diff  print the changes as a diff instead of writing them
	-go=version -compat=version  versions to keep compatible with`,
  'mod vendor': `
Vendor copies the packages the main module needs into its vendor directory.

	-e  keep going despite errors
	-v  print vendored modules and packages
	-o dir  write the tree to dir instead of vendor`,
  'mod verify': `
Verify checks that the dependencies in the module cache have not changed since download.`,
  'mod why': `
Why prints the shortest import path from the main module to each named package.

	-m       treat the arguments as modules
	-vendor  ignore imports from tests of dependencies`,
  work: '',
  'work edit': `
Edit edits go.work (or the named file) through flags: -fmt, -go, -toolchain, -use/-dropuse,
-replace/-dropreplace, -godebug/-dropgodebug; -print and -json print the result.`,
  'work init': `
Init writes a new go.work in the current directory listing the given module directories.`,
  'work sync': `
Sync pushes the workspace build list's versions back into each workspace module's go.mod.`,
  'work use': `
Use adds module directories to go.work (or removes ones that no longer exist).

	-r  search the directories recursively for modules`,
  'work vendor': `
Vendor copies the packages the workspace needs into its vendor directory.`,
  run: `
Run compiles and runs the named main package (a package path or a list of .go files from
one directory), passing it the remaining arguments. Its exit status is passed on.

	-exec xprog  run the binary as 'xprog a.out args...'

For the build flags see 'go help build'.`,
  telemetry: `
Telemetry prints the telemetry mode (off, local or on), or sets it when given one.`,
  test: `
Test compiles the tests of the named packages and runs them, printing a summary per
package; results of unchanged tests are cached. See 'go help testflag' and
'go help testfunc'.`,
  tool: `
Tool runs the go tool with the given name from the toolchain's tool directory, passing it
the remaining arguments. With no arguments it lists the tools.

	-n  print the command but do not run it`,
  version: `
Version prints the version of the Go toolchain, or with file arguments the Go version each
executable was built with.

	-m     also print the executables' embedded module information
	-v     report files that are not Go executables
	-json  print the build information as JSON (with -m)`,
  vet: `
Vet runs go vet's analyzers on the named packages and reports likely mistakes.

	-vettool prog  use another analysis tool`,

  buildconstraint: `
A build constraint is a "//go:build expr" comment before the package clause; expr combines
build tags with ||, && and !. A file is built only when its expression is true for the tags
in effect: GOOS, GOARCH, the compiler, "cgo" when cgo is on, "unix" on Unix systems, go1.N
for each release up to the current one, goexperiment.X, and the -tags list. File names
ending in _GOOS, _GOARCH or _GOOS_GOARCH (before _test.go or .go) are constraints too.`,
  buildjson: `
With -json, build output and failures are printed as JSON objects, one per line, with
fields ImportPath, Action ("build-output" or "build-fail") and Output.`,
  buildmode: `
The -buildmode flag chooses what the build produces: default, archive, c-archive, c-shared,
exe, pie, plugin and shared.`,
  c: `
Go code can call C through cgo (import "C"), which needs a C compiler and CGO_ENABLED=1;
SWIG is supported for C and C++ libraries.`,
  cache: `
The go command caches build results and test results in the build cache ($GOCACHE, default
go-build under the user cache directory) and reuses them when the inputs are unchanged.
'go clean -cache' removes it; 'go clean -testcache' expires test results. GOCACHE=off
disables caching where possible.`,
  environment: `
The go command reads its configuration from environment variables, then from the go env
file ('go env -w' writes it), then from $GOROOT/go.env. 'go env' prints the effective
values. The main ones:

	GOROOT       the Go installation
	GOPATH       the workspace (module cache, installed binaries)
	GOBIN        where 'go install' puts executables
	GOCACHE      the build cache directory
	GOMODCACHE   the module cache directory
	GOENV        the go env file (or "off")
	GOFLAGS      default flags for every go command that accepts them
	GOOS GOARCH  the target operating system and architecture
	GOAMD64 GOARM GOARM64 GO386 GOMIPS GOMIPS64 GOPPC64 GORISCV64 GOWASM  per-architecture settings
	CGO_ENABLED  whether cgo is enabled
	CC CXX AR PKG_CONFIG CGO_CFLAGS CGO_CPPFLAGS CGO_CXXFLAGS CGO_FFLAGS CGO_LDFLAGS  C toolchain settings
	GO111MODULE  module mode: on, off or auto
	GOPROXY GOSUMDB GOPRIVATE GONOPROXY GONOSUMDB GOINSECURE GOVCS GOAUTH  module downloads
	GOTOOLCHAIN  which toolchain to run
	GOWORK       the workspace file (or "off")
	GOEXPERIMENT GODEBUG GOFIPS140 GOTMPDIR GOTELEMETRY  other settings`,
  filetype: `
The go command looks at files with these extensions in a package directory: .go, .c, .h,
.cc/.cpp/.cxx, .hh/.hpp/.hxx, .m, .s/.S/.sx, .swig, .swigcxx and .syso.`,
  goauth: `
GOAUTH lists, separated by ';', how the go command authenticates HTTPS requests for modules:
off, netrc (the default), git dir, or a command.`,
  'go.mod': `
A module is defined by its go.mod file: the module path, the go version, and require,
exclude, replace, retract, tool, ignore and godebug directives. 'go mod edit' edits it.`,
  gopath: `
GOPATH lists directories (default $HOME/go). In module mode it holds the module cache
(pkg/mod) and installed executables (bin); in GOPATH mode (GO111MODULE=off) source code
lives in GOPATH/src.`,
  goproxy: `
A module proxy serves module versions over HTTP: GET $base/$module/@v/list,
$module/@v/$version.info, .mod and .zip, and $module/@latest. GOPROXY lists proxies,
"direct" and "off".`,
  importpath: `
An import path names a package: a path in GOROOT/src, in a module, or relative to the
current directory ("./x"). Paths beginning with a domain name are fetched with version
control or from a module proxy.`,
  modules: `
A module is a tree of packages with a go.mod file at its root. In module mode (the default)
the go command resolves imports through the main module's requirements, downloading modules
into the module cache and checking them against go.sum.`,
  'module-auth': `
go.sum records a cryptographic hash of each module version the build has used; the go
command checks downloads against it and against the checksum database named by GOSUMDB.`,
  packages: `
Most commands take a list of packages: import paths, relative directories, patterns with
"..." wildcards, or the special names main, all, std, cmd and tool.`,
  private: `
GOPRIVATE (and GONOPROXY, GONOSUMDB) lists module path prefix patterns that are fetched
directly and not checked against the checksum database.`,
  testflag: `
'go test' accepts flags for itself and for the test binary: -bench, -benchmem, -benchtime,
-count, -cover, -cpu, -failfast, -fullpath, -fuzz, -json, -list, -parallel, -run, -short,
-shuffle, -skip, -timeout, -v and the profiling flags.`,
  testfunc: `
Test files (*_test.go) hold functions TestXxx(t *testing.T), BenchmarkXxx(b *testing.B),
FuzzXxx(f *testing.F) and ExampleXxx() with an "Output:" comment.`,
  vcs: `
GOVCS controls which version control tools the go command may use for which modules,
as a comma-separated list of pattern:vcslist rules.`,
};
