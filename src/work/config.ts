// BuildConfig: everything the action graph and its tools need to know about one build invocation.
import type { Package } from '../load/types.js';

export interface BuildConfig {
  goroot: string;
  goos: string;
  goarch: string;
  /** The GOARCH-specific variable (GOAMD64, GOARM, GOARM64, GO386, ...): key "" when none. */
  archEnv: { key: string; value: string };
  /** GOEXPERIMENT as go's CleanGOEXPERIMENT ("" when the default). */
  goexperiment: string;
  /** $GOROOT/pkg/tool/<hostos>_<hostarch> */
  toolDir: string;
  /** runtime.Version() of the toolchain, e.g. "go1.26.8". */
  toolchainVersion: string;
  /** gover.Local(): the Go version the go command claims ("1.26.8"; cmd/go's harness may fake it). */
  localGo?: string;
  /** ".exe" for windows, "" otherwise. */
  exeSuffix: string;
  cgoEnabled: boolean;
  /** The C compiler for -extld (CC or the default "gcc"/"clang"), as words. */
  cc: string[];
  buildmode: string; // "exe" | "default" | "archive" | "pie" ...
  /** The -buildmode= passed to the linker (ldBuildmode). */
  ldBuildmode: string;
  trimpath: boolean;
  /** -a: rebuild everything (std included). */
  rebuildAll: boolean;
  /** -n: print, don't run. */
  dryRun: boolean;
  /** -x: print commands. */
  printCommands: boolean;
  /** -v: print package names as compiled. */
  verbose: boolean;
  /** -work: keep and print the work directory. */
  keepWork: boolean;
  /** -json: build output as JSON events. */
  json: boolean;
  /** -p */
  parallel: number;
  /** Flags per package, already matched against -gcflags/-asmflags/-ldflags patterns. */
  gcflags(p: Package): string[];
  asmflags(p: Package): string[];
  ldflags(p: Package): string[];
  /** -buildmode=shared: the -ldflags for linking the shared library. */
  sharedLdflags?: string[];
  /** The build-info text (debug.BuildInfo.String()) for a main package, or "" for none. */
  buildInfo(p: Package): string;
  /** Environment additions passed to every tool (go's cfgChangedEnv: "GOOS=..." etc.). */
  changedEnv: string[];
  /** The process environment tools inherit. */
  env: NodeJS.ProcessEnv;
  /** The environment gocmd started with (go's cfg.OrigEnv): go run's program gets this, not env. */
  origEnv: NodeJS.ProcessEnv;
  /** GO_EXTLINK_ENABLED setting (for the link action ID). */
  extlinkEnabled: string;
  /** GOTMPDIR ("" = os tmpdir). */
  tmpDir: string;
  /** The current directory go reports paths relative to. */
  cwd: string;
  /** File for GOCMD_DEBUG_ACTIONGRAPH / -debug-actiongraph, "" for none. */
  debugActionGraph: string;
  /** go run's OmitDebug: no DWARF, link with -s -w (undefined = never). */
  omitDebug?: (p: Package) => boolean;
  /** -pgo=<file>: the absolute profile every package is compiled with ("" or undefined for none). */
  pgoProfile?: string;
  /** -toolexec program and arguments run in front of every tool ([] or undefined for none). */
  toolexec?: string[];
  /** cfg.Getenv (environment over the go env file) for the C toolchain settings: CC, CXX, CGO_CFLAGS, PKG_CONFIG, ... */
  getenv?: (key: string) => string;
  /** -race, -msan or -asan ('' for none): compiler and linker flags, install suffix (go's instrumentInit). */
  instrument?: '' | 'race' | 'msan' | 'asan';
  /** -linkshared: link against the shared libraries made by -buildmode=shared (go's BuildLinkshared). */
  linkshared?: boolean;
  /** -installsuffix ('' for none). */
  installSuffix?: string;
  /** -msan / -asan (the cgo step adds the sanitizer flags). */
  msan?: boolean;
  asan?: boolean;
  /** go's cmd name for error prefixes, e.g. "build". */
  cmdName: string;
}

/** Default GOARCH-specific variable values (go's buildcfg defaults). */
export function defaultArchEnv(goarch: string): { key: string; value: string } {
  switch (goarch) {
    case 'amd64': return { key: 'GOAMD64', value: 'v1' };
    case 'arm': return { key: 'GOARM', value: '7' };
    case 'arm64': return { key: 'GOARM64', value: 'v8.0' };
    case '386': return { key: 'GO386', value: 'sse2' };
    case 'mips': case 'mipsle': return { key: 'GOMIPS', value: 'hardfloat' };
    case 'mips64': case 'mips64le': return { key: 'GOMIPS64', value: 'hardfloat' };
    case 'ppc64': case 'ppc64le': return { key: 'GOPPC64', value: 'power8' };
    case 'riscv64': return { key: 'GORISCV64', value: 'rva20u64' };
    case 'wasm': return { key: 'GOWASM', value: '' };
    default: return { key: '', value: '' };
  }
}
