// cgo flag security: which compiler, linker and pkg-config flags a package's #cgo lines (and
// pkg-config's output) may carry, as go's cmd/go/internal/work/security.go decides. Flags such as
// -fplugin= or @file run or read arbitrary things at build time, so only flags on these allow
// lists pass; $CGO_<NAME>_ALLOW / $CGO_<NAME>_DISALLOW (Go regular expressions, RE2) let the user
// widen or narrow the lists. The lists are go's, entry for entry: a flag gocmd accepted and go
// refused (or the reverse) would make the two commands disagree about the same package.
//
// Matching follows go's rule that a pattern accepts an argument when its leftmost-first match
// (Go's FindString) is the whole argument, so patterns are RE2 (re2js), not JS regular expressions.
import { RE2JS } from 're2js';
import { goQuote } from './quote.js';

/** Looks up an environment variable as go's cfg.Getenv does ("" when unset). */
export type Getenv = (key: string) => string;

/** A flag refused by the checks, or a bad $CGO_*_ALLOW/DISALLOW; message is go's text. */
export class InvalidFlagError extends Error {
  override name = 'InvalidFlagError';
}

// -Wl,foo passes foo split at commas to the linker (and -Wa, -Wp likewise), so a wildcard in
// such a pattern must not match commas, or one allowed flag could smuggle in others. Arguments
// that might become arguments of their own must not start with @ (a GNU response file) or -.
export const compilerFlagPatterns = [
  String.raw`-D([A-Za-z_][A-Za-z0-9_]*)(=[^@\-]*)?`,
  String.raw`-U([A-Za-z_][A-Za-z0-9_]*)`,
  String.raw`-F([^@\-].*)`,
  String.raw`-I([^@\-].*)`,
  String.raw`-O`,
  String.raw`-O([^@\-].*)`,
  String.raw`-W`,
  String.raw`-W([^@,]+)`,
  String.raw`-Wa,-mbig-obj`,
  String.raw`-Wp,-D([A-Za-z_][A-Za-z0-9_]*)(=[^@,\-]*)?`,
  String.raw`-Wp,-U([A-Za-z_][A-Za-z0-9_]*)`,
  String.raw`-ansi`,
  String.raw`-f(no-)?asynchronous-unwind-tables`,
  String.raw`-f(no-)?blocks`,
  String.raw`-f(no-)builtin-[a-zA-Z0-9_]*`,
  String.raw`-f(no-)?common`,
  String.raw`-f(no-)?constant-cfstrings`,
  String.raw`-fdebug-prefix-map=([^@]+)=([^@]+)`,
  String.raw`-fdiagnostics-show-note-include-stack`,
  String.raw`-ffile-prefix-map=([^@]+)=([^@]+)`,
  String.raw`-fno-canonical-system-headers`,
  String.raw`-f(no-)?eliminate-unused-debug-types`,
  String.raw`-f(no-)?exceptions`,
  String.raw`-f(no-)?fast-math`,
  String.raw`-f(no-)?inline-functions`,
  String.raw`-finput-charset=([^@\-].*)`,
  String.raw`-f(no-)?fat-lto-objects`,
  String.raw`-f(no-)?keep-inline-dllexport`,
  String.raw`-f(no-)?lto`,
  String.raw`-fmacro-backtrace-limit=(.+)`,
  String.raw`-fmessage-length=(.+)`,
  String.raw`-f(no-)?modules`,
  String.raw`-f(no-)?objc-arc`,
  String.raw`-f(no-)?objc-nonfragile-abi`,
  String.raw`-f(no-)?objc-legacy-dispatch`,
  String.raw`-f(no-)?omit-frame-pointer`,
  String.raw`-f(no-)?openmp(-simd)?`,
  String.raw`-f(no-)?permissive`,
  String.raw`-f(no-)?(pic|PIC|pie|PIE)`,
  String.raw`-f(no-)?plt`,
  String.raw`-f(no-)?rtti`,
  String.raw`-f(no-)?split-stack`,
  String.raw`-f(no-)?stack-(.+)`,
  String.raw`-f(no-)?strict-aliasing`,
  String.raw`-f(un)signed-char`,
  String.raw`-f(no-)?use-linker-plugin`,
  String.raw`-f(no-)?visibility-inlines-hidden`,
  String.raw`-fsanitize=(.+)`,
  String.raw`-fsanitize-undefined-strip-path-components=(-)?[0-9]+`,
  String.raw`-ftemplate-depth-(.+)`,
  String.raw`-ftls-model=(global-dynamic|local-dynamic|initial-exec|local-exec)`,
  String.raw`-fvisibility=(.+)`,
  String.raw`-g([^@\-].*)?`,
  String.raw`-m32`,
  String.raw`-m64`,
  String.raw`-m(abi|arch|cpu|fpu|simd|tls-dialect|tune)=([^@\-].*)`,
  String.raw`-m(no-)?v?aes`,
  String.raw`-marm`,
  String.raw`-mcmodel=[0-9a-z-]+`,
  String.raw`-mfloat-abi=([^@\-].*)`,
  String.raw`-m(soft|single|double)-float`,
  String.raw`-mfpmath=[0-9a-z,+]*`,
  String.raw`-m(no-)?avx[0-9a-z.]*`,
  String.raw`-m(no-)?ms-bitfields`,
  String.raw`-m(no-)?stack-(.+)`,
  String.raw`-mmacosx-(.+)`,
  String.raw`-m(no-)?relax`,
  String.raw`-m(no-)?strict-align`,
  String.raw`-m(no-)?(lsx|lasx|frecipe|div32|lam-bh|lamcas|ld-seq-sa)`,
  String.raw`-mios-simulator-version-min=(.+)`,
  String.raw`-miphoneos-version-min=(.+)`,
  String.raw`-mlarge-data-threshold=[0-9]+`,
  String.raw`-mtvos-simulator-version-min=(.+)`,
  String.raw`-mtvos-version-min=(.+)`,
  String.raw`-mwatchos-simulator-version-min=(.+)`,
  String.raw`-mwatchos-version-min=(.+)`,
  String.raw`-mnop-fun-dllimport`,
  String.raw`-m(no-)?sse[0-9.]*`,
  String.raw`-m(no-)?ssse3`,
  String.raw`-mthumb(-interwork)?`,
  String.raw`-mthreads`,
  String.raw`-mwindows`,
  String.raw`-no-canonical-prefixes`,
  String.raw`--param=ssp-buffer-size=[0-9]*`,
  String.raw`-pedantic(-errors)?`,
  String.raw`-pipe`,
  String.raw`-pthread`,
  String.raw`--static`,
  String.raw`-?-std=([^@\-].*)`,
  String.raw`-?-stdlib=([^@\-].*)`,
  String.raw`--sysroot=([^@\-].*)`,
  String.raw`-w`,
  String.raw`-x([^@\-].*)`,
  String.raw`-v`,
];

const compilerFlagsWithNextArg = [
  '-arch',
  '-D',
  '-U',
  '-I',
  '-F',
  '-framework',
  '-include',
  '-isysroot',
  '-isystem',
  '--sysroot',
  '-target',
  '-x',
];

// On macOS -lto_library loads and runs the next argument; -l<name> is otherwise fine.
export const linkerFlagDenyPatterns = [
  String.raw`-lto_library`,
];

export const linkerFlagPatterns = [
  String.raw`-F([^@\-].*)`,
  String.raw`-l([^@\-].*)`,
  String.raw`-L([^@\-].*)`,
  String.raw`-O`,
  String.raw`-O([^@\-].*)`,
  String.raw`-f(no-)?(pic|PIC|pie|PIE)`,
  String.raw`-f(no-)?openmp(-simd)?`,
  String.raw`-fsanitize=([^@\-].*)`,
  String.raw`-flat_namespace`,
  String.raw`-g([^@\-].*)?`,
  String.raw`-headerpad_max_install_names`,
  String.raw`-m(abi|arch|cpu|fpu|simd|tls-dialect|tune)=([^@\-].*)`,
  String.raw`-mcmodel=[0-9a-z-]+`,
  String.raw`-mfloat-abi=([^@\-].*)`,
  String.raw`-m(soft|single|double)-float`,
  String.raw`-m(no-)?relax`,
  String.raw`-m(no-)?strict-align`,
  String.raw`-m(no-)?(lsx|lasx|frecipe|div32|lam-bh|lamcas|ld-seq-sa)`,
  String.raw`-mmacosx-(.+)`,
  String.raw`-mios-simulator-version-min=(.+)`,
  String.raw`-miphoneos-version-min=(.+)`,
  String.raw`-mthreads`,
  String.raw`-mwindows`,
  String.raw`-(pic|PIC|pie|PIE)`,
  String.raw`-pthread`,
  String.raw`-rdynamic`,
  String.raw`-shared`,
  String.raw`-?-static([-a-z0-9+]*)`,
  String.raw`-?-stdlib=([^@\-].*)`,
  String.raw`-v`,
  String.raw`-Wl,--(no-)?allow-multiple-definition`,
  String.raw`-Wl,--(no-)?allow-shlib-undefined`,
  String.raw`-Wl,--(no-)?as-needed`,
  String.raw`-Wl,-Bdynamic`,
  String.raw`-Wl,-berok`,
  String.raw`-Wl,-Bstatic`,
  String.raw`-Wl,-Bsymbolic-functions`,
  String.raw`-Wl,-O[0-9]+`,
  String.raw`-Wl,-d[ny]`,
  String.raw`-Wl,--disable-new-dtags`,
  String.raw`-Wl,-e[=,][a-zA-Z0-9]+`,
  String.raw`-Wl,--enable-new-dtags`,
  String.raw`-Wl,--end-group`,
  String.raw`-Wl,--(no-)?export-dynamic`,
  String.raw`-Wl,-E`,
  String.raw`-Wl,-framework,[^,@\-][^,]*`,
  String.raw`-Wl,--hash-style=(sysv|gnu|both)`,
  String.raw`-Wl,-headerpad_max_install_names`,
  String.raw`-Wl,--no-undefined`,
  String.raw`-Wl,--pop-state`,
  String.raw`-Wl,--push-state`,
  String.raw`-Wl,-R,?([^@\-,][^,@]*$)`,
  String.raw`-Wl,--just-symbols[=,]([^,@\-][^,@]*)`,
  String.raw`-Wl,-rpath(-link)?[=,]([^,@\-][^,]*)`,
  String.raw`-Wl,-s`,
  String.raw`-Wl,-search_paths_first`,
  String.raw`-Wl,-sectcreate,([^,@\-][^,]*),([^,@\-][^,]*),([^,@\-][^,]*)`,
  String.raw`-Wl,--start-group`,
  String.raw`-Wl,-?-static`,
  String.raw`-Wl,-?-subsystem,(native|windows|console|posix|xbox)`,
  String.raw`-Wl,-syslibroot[=,]([^,@\-][^,]*)`,
  String.raw`-Wl,-undefined[=,]([^,@\-][^,]*)`,
  String.raw`-Wl,-?-unresolved-symbols=[^,]+`,
  String.raw`-Wl,--(no-)?warn-([^,]+)`,
  String.raw`-Wl,-?-wrap[=,][^,@\-][^,]*`,
  String.raw`-Wl(,-z,(relro|now|(no)?execstack))+`,
  String.raw`[a-zA-Z0-9_/].*\.(a|o|obj|dll|dylib|so|tbd)`,
  String.raw`\./.*\.(a|o|obj|dll|dylib|so|tbd)`,
];

const linkerFlagsWithNextArg = [
  '-arch',
  '-F',
  '-l',
  '-L',
  '-framework',
  '-isysroot',
  '--sysroot',
  '-target',
  '-Wl,-framework',
  '-Wl,-rpath',
  '-Wl,-R',
  '-Wl,--just-symbols',
  '-Wl,-undefined',
];

export const pkgConfigFlagPatterns = [
  String.raw`--atleast-pkgconfig-version=\d+\.\d+\.\d+`,
  String.raw`--atleast-version=\d+\.\d+\.\d+`,
  String.raw`--cflags-only-I`,
  String.raw`--cflags`,
  String.raw`--define-prefix`,
  String.raw`--define-variable=[A-Za-z_][A-Za-z0-9_]*=[^@\-]*`,
  String.raw`--digraph`,
  String.raw`--dont-define-prefix`,
  String.raw`--dont-relocate-paths`,
  String.raw`--dump-personality`,
  String.raw`--env-only`,
  String.raw`--errors-to-stdout`,
  String.raw`--exact-version=\d+\.\d+\.\d+`,
  String.raw`--exists`,
  String.raw`--fragment-filter=[A-Za-z_][a-zA-Z0-9_]*`,
  String.raw`--ignore-conflicts`,
  String.raw`--internal-cflags`,
  String.raw`--keep-system-cflags`,
  String.raw`--keep-system-libs`,
  String.raw`--libs-only-l`,
  String.raw`--libs-only-L`,
  String.raw`--libs`,
  String.raw`--list-all`,
  String.raw`--list-package-names`,
  String.raw`--max-version=\d+\.\d+\.\d+`,
  String.raw`--maximum-traverse-depth=[0-9]+`,
  String.raw`--modversion`,
  String.raw`--msvc-syntax`,
  String.raw`--no-cache`,
  String.raw`--no-provides`,
  String.raw`--no-uninstalled`,
  String.raw`--path`,
  String.raw`--personality=(triplet|filename)`,
  String.raw`--prefix-variable=[A-Za-z_][a-zA-Z0-9_]*`,
  String.raw`--print-errors`,
  String.raw`--print-provides`,
  String.raw`--print-requires-private`,
  String.raw`--print-requires`,
  String.raw`--print-variables`,
  String.raw`--pure`,
  String.raw`--shared`,
  String.raw`--short-errors`,
  String.raw`--silence-errors`,
  String.raw`--simulate`,
  String.raw`--static`,
  String.raw`--uninstalled`,
  String.raw`--validate`,
  String.raw`--variable=[A-Za-z_][a-zA-Z0-9_]*`,
  String.raw`--with-path=[^@\-].*`,
];

/**
 * Reports whether arg can stand alone on a command line without being taken for something else
 * (go's load.SafeArg): not empty, and not starting with - (a flag), @ (a response file) or any
 * other ASCII punctuation but . _ / (likely in paths). Non-ASCII starts are fine.
 */
export function safeArg(arg: string): boolean {
  if (arg === '') return false;
  const c = arg.charCodeAt(0);
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) ||
    c === 0x2e || c === 0x5f || c === 0x2f || c >= 0x80;
}

/** Whether a pattern accepts a whole argument. */
type Matcher = (arg: string) => boolean;

// go accepts when FindString(arg) == arg. FindString gives "" for no match as well as for an
// empty match, so "" is accepted by any pattern; kept, since go's verdicts on "" follow from it.
function wholeMatcher(re: RE2JS): Matcher {
  return (arg) => {
    const m = re.matcher(arg);
    return (m.find() ? m.group() : '') === arg;
  };
}

/**
 * A built-in pattern as a JS regular expression with the same leftmost-first matches: the lists use only
 * syntax the two engines read alike, except that RE2's "." excludes just "\n" (JS's also excludes "\r",
 * U+2028 and U+2029). Compiling go's ~150 patterns with re2js cost ~0.3 s of every cgo package's first
 * flag check; a JS RegExp compiles in microseconds. Undefined for a pattern this translation cannot take.
 */
export function jsPattern(pattern: string): RegExp | undefined {
  let src = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      src += c + (pattern[i + 1] ?? '');
      i++;
    } else if (inClass) {
      if (c === '[') return undefined; // [:alpha:] and the like
      if (c === ']') inClass = false;
      src += c;
    } else if (c === '[') {
      if (pattern[i + 1] === ']' || pattern.startsWith('^]', i + 1)) return undefined;
      inClass = true;
      src += c;
    } else if (c === '.') {
      src += '[^\\n]';
    } else if (c === '(' && pattern[i + 1] === '?') {
      return undefined; // flags and named groups differ
    } else {
      src += c;
    }
  }
  try {
    return new RegExp(src, 'u');
  } catch {
    return undefined;
  }
}

/** Matchers for a list of built-in patterns, made on first use (most builds have no cgo and never need them). */
function lazyMatchers(patterns: readonly string[]): () => readonly Matcher[] {
  let made: Matcher[] | undefined;
  return () => (made ??= patterns.map((p): Matcher => {
    const re = jsPattern(p);
    if (!re) return wholeMatcher(RE2JS.compile(p));
    return (arg) => (re.exec(arg)?.[0] ?? '') === arg;
  }));
}

interface FlagRules {
  deny: () => readonly Matcher[];
  allow: () => readonly Matcher[];
  /** Flags that take the next argument as their value, which must then be safe. */
  withNextArg: readonly string[];
}

const noMatchers = (): readonly Matcher[] => [];
const compilerRules: FlagRules = { deny: noMatchers, allow: lazyMatchers(compilerFlagPatterns), withNextArg: compilerFlagsWithNextArg };
const linkerRules: FlagRules = { deny: lazyMatchers(linkerFlagDenyPatterns), allow: lazyMatchers(linkerFlagPatterns), withNextArg: linkerFlagsWithNextArg };
const pkgConfigRules: FlagRules = { deny: noMatchers, allow: lazyMatchers(pkgConfigFlagPatterns), withNextArg: [] };

const NOTE = '(see https://go.dev/s/invalidflag)';

/** The user's $CGO_<name>_ALLOW or _DISALLOW pattern, or undefined when unset. */
function override(name: string, suffix: 'ALLOW' | 'DISALLOW', env: Getenv): Matcher | undefined {
  const key = `CGO_${name}_${suffix}`;
  const value = env(key);
  if (value === '') return undefined;
  try {
    return wholeMatcher(RE2JS.compile(value));
  } catch (e) {
    // re2js words its syntax errors as Go's regexp package does ("error parsing regexp: ...").
    throw new InvalidFlagError(`parsing $${key}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * -Wl,--push-state,a,b,... carries several linker flags in one argument (the documented way to
 * write --push-state,--as-needed): each part must pass on its own as -Wl,<part>.
 */
function pushStateOK(arg: string, rules: FlagRules): boolean {
  for (const part of arg.split(',').slice(1)) {
    const a = '-Wl,' + part;
    if (!rules.allow().some((m) => m(a))) return false;
    if (rules.deny().some((m) => m(a))) return false;
  }
  return true;
}

/** Whether next is an acceptable value for the flag arg (one of rules.withNextArg). */
function nextArgOK(arg: string, next: string): boolean {
  if (safeArg(next)) return true;
  // -Wl,-framework -Wl,Name: the value comes in a -Wl, of its own, without commas.
  if (arg.startsWith('-Wl,') && next.startsWith('-Wl,')) {
    const value = next.slice(4);
    if (safeArg(value) && !value.includes(',')) return true;
  }
  // -I =/path and -I $SYSROOT/path name directories under the sysroot.
  if (arg === '-I' && (next.startsWith('=') || next.startsWith('$SYSROOT')) && safeArg(next.slice(1))) return true;
  return false;
}

function checkFlags(name: string, source: string, list: readonly string[], rules: FlagRules, env: Getenv | undefined): void {
  const allowOverride = env ? override(name, 'ALLOW', env) : undefined;
  const disallowOverride = env ? override(name, 'DISALLOW', env) : undefined;
  const bad = (shown: string) => new InvalidFlagError(`invalid flag in ${source}: ${shown} ${NOTE}`);
  args: for (let i = 0; i < list.length; i++) {
    const arg = list[i]!;
    // The user's disallow wins over everything, their allow over the built-in lists.
    if (disallowOverride?.(arg)) throw bad(arg);
    if (allowOverride?.(arg)) continue;
    if (rules.deny().some((m) => m(arg))) throw bad(arg);
    const allow = rules.allow();
    if (allow.length > 0) {
      if (allow[0]!(arg)) continue;
      // go looks at push-state lists once the first pattern has failed; no pattern in the lists
      // matches such an argument anyway, so they are judged by their parts alone.
      if (arg.startsWith('-Wl,--push-state,')) {
        if (pushStateOK(arg, rules)) continue;
        throw bad(arg);
      }
      if (allow.some((m) => m(arg))) continue;
    }
    if (rules.withNextArg.includes(arg)) {
      if (i + 1 >= list.length) throw bad(`${arg} without argument`);
      const next = list[i + 1]!;
      if (!nextArgOK(arg, next)) throw bad(`${arg} ${next}`);
      i++;
      continue args;
    }
    throw bad(arg);
  }
}

/**
 * Checks compiler flags (CFLAGS, CPPFLAGS, CXXFLAGS, FFLAGS) from #cgo lines or pkg-config
 * --cflags. name is the variable (e.g. "CFLAGS", which names $CGO_CFLAGS_ALLOW/_DISALLOW),
 * source the origin shown in the error ("#cgo CFLAGS"). Throws InvalidFlagError.
 */
export function checkCompilerFlags(name: string, source: string, list: readonly string[], env: Getenv): void {
  checkFlags(name, source, list, compilerRules, env);
}

/** As checkCompilerFlags, for linker flags (LDFLAGS, pkg-config --libs, go:cgo_ldflag). */
export function checkLinkerFlags(name: string, source: string, list: readonly string[], env: Getenv): void {
  checkFlags(name, source, list, linkerRules, env);
}

/**
 * Checks the -- options of a #cgo pkg-config line. The user's $CGO_*_ALLOW/DISALLOW do not apply
 * (env is accepted for a uniform signature and not read). Throws InvalidFlagError.
 */
export function checkPkgConfigFlags(name: string, source: string, list: readonly string[], _env?: Getenv): void {
  checkFlags(name, source, list, pkgConfigRules, undefined);
}

/**
 * Throws InvalidFlagError when compiler flags may not work with the Go linker's internal linking:
 * any flag off the built-in allow list (no user overrides: env is not read), or one starting with
 * -flto ("flag "-flto" triggers external linking"). Callers deciding internal vs external linking
 * want flagsNotCompatibleWithInternalLinking.
 */
export function checkCompilerFlagsForInternalLink(name: string, source: string, list: readonly string[], _env?: Getenv): void {
  checkFlags(name, source, list, compilerRules, undefined);
  for (const flag of list) {
    if (flag.startsWith('-flto')) throw new InvalidFlagError(`flag ${goQuote(flag)} triggers external linking`);
  }
}

/**
 * Whether any of the flag lists (one per source, e.g. CFLAGS, CXXFLAGS, FFLAGS, each named by
 * sources[i]) rules out internal linking (go's flagsNotCompatibleWithInternalLinking).
 */
export function flagsNotCompatibleWithInternalLinking(sources: readonly string[], lists: readonly (readonly string[])[]): boolean {
  return sources.some((source, i) => {
    try {
      checkCompilerFlagsForInternalLink(source, source, lists[i] ?? []);
      return false;
    } catch (e) {
      if (e instanceof InvalidFlagError) return true;
      throw e;
    }
  });
}
