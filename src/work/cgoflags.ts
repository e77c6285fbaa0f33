// The C compiler and linker flags of a cgo package (go's Builder.CFlags and getPkgConfigFlags):
// $CGO_CPPFLAGS … $CGO_LDFLAGS (default "-O2 -g", not checked: the user chose them) followed by
// the package's #cgo flags (checked by cgosecurity, where $CGO_*_ALLOW/DISALLOW apply), and the
// flags `#cgo pkg-config:` lines bring in by running $PKG_CONFIG --cflags / --libs.
// Pure but for the pkg-config run, which goes through an injected runner.
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { splitQuoted } from '../lib/quoted.js';
import { DEFAULT_CFLAGS, DEFAULT_PKG_CONFIG } from '../cfg/platform.js';
import { goQuote, goQuoteRune } from '../lib/goquote.js';
import { checkCompilerFlags, checkLinkerFlags, checkPkgConfigFlags, safeArg, type Getenv } from './cgosecurity.js';

/** The #cgo directive flags of a package that apply in this build (load fills them). */
export interface CgoDirectiveFlags {
  cgoCPPFLAGS?: readonly string[];
  cgoCFLAGS?: readonly string[];
  cgoCXXFLAGS?: readonly string[];
  cgoFFLAGS?: readonly string[];
  cgoLDFLAGS?: readonly string[];
}

/** Flags for the C preprocessor, C, C++ and Fortran compilers and the linker, in go's order. */
export interface CgoCompilerFlags {
  cppflags: string[];
  cflags: string[];
  cxxflags: string[];
  fflags: string[];
  ldflags: string[];
}

/**
 * The words of $key (def when empty), split as cmd/internal/quoted does (go's envList). A value
 * that does not split throws: go panics there with the same text.
 */
export function envList(key: string, def: string, getenv: Getenv): string[] {
  const v = getenv(key) || def;
  try {
    return splitQuoted(v);
  } catch (e) {
    throw new Error(`could not parse environment variable ${key} with value ${goQuote(v)}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

type Check = (name: string, source: string, list: readonly string[], env: Getenv) => void;

// go's buildFlags: only the package's flags are checked ("#cgo CFLAGS" in errors); they follow
// the environment's so that a package can override the user's defaults.
function buildFlags(name: string, def: string, fromPackage: readonly string[] | undefined, check: Check, getenv: Getenv): string[] {
  const pkg = fromPackage ?? [];
  check(name, '#cgo ' + name, pkg, getenv);
  return [...envList('CGO_' + name, def, getenv), ...pkg];
}

/**
 * go's Builder.CFlags: each list is $CGO_<NAME> (CPPFLAGS defaults to nothing, the others to
 * "-O2 -g") then the package's #cgo <NAME> flags. Throws InvalidFlagError (cgosecurity) for a
 * package flag off the allow lists, checked in the order CPPFLAGS, CFLAGS, CXXFLAGS, FFLAGS, LDFLAGS.
 */
export function cgoCFlags(p: CgoDirectiveFlags, getenv: Getenv): CgoCompilerFlags {
  const cppflags = buildFlags('CPPFLAGS', '', p.cgoCPPFLAGS, checkCompilerFlags, getenv);
  const cflags = buildFlags('CFLAGS', DEFAULT_CFLAGS, p.cgoCFLAGS, checkCompilerFlags, getenv);
  const cxxflags = buildFlags('CXXFLAGS', DEFAULT_CFLAGS, p.cgoCXXFLAGS, checkCompilerFlags, getenv);
  const fflags = buildFlags('FFLAGS', DEFAULT_CFLAGS, p.cgoFFLAGS, checkCompilerFlags, getenv);
  const ldflags = buildFlags('LDFLAGS', DEFAULT_CFLAGS, p.cgoLDFLAGS, checkLinkerFlags, getenv);
  return { cppflags, cflags, cxxflags, fflags, ldflags };
}

/** The pkg-config program: the first word of $PKG_CONFIG, "pkg-config" by default (go's PkgconfigCmd). */
export function pkgConfigCmd(getenv: Getenv): string {
  return envList('PKG_CONFIG', DEFAULT_PKG_CONFIG, getenv)[0] ?? '';
}

/** Malformed pkg-config output; message is go's. */
export class PkgConfigOutputError extends Error {
  override name = 'PkgConfigOutputError';
}

const SHELL_SPECIAL = '|&;<>()$`';

/**
 * Splits pkg-config output into flags with POSIX shell quoting ('…', "…", backslash escapes and
 * line continuations), as go's splitPkgConfigOutput: no expansions, so an unquoted shell
 * metacharacter is an error rather than something to interpret.
 */
export function splitPkgConfigOutput(out: string): string[] {
  const flags: string[] = [];
  let flag = '';
  let quoted = false; // the current flag had quotes, so it counts even when empty
  let escaped = false; // the previous character was a backslash outside single quotes
  let quote = ''; // the open quote character, if any
  for (const c of out) {
    if (escaped) {
      escaped = false;
      // Inside "…" a backslash escapes only $ ` " \ and newline; before anything else it is literal.
      if (quote === '"' && !'$`"\\\n'.includes(c)) {
        flag += '\\' + c;
        continue;
      }
      if (c !== '\n') flag += c; // backslash-newline joins lines
      continue;
    }
    if (quote !== '' && c === quote) {
      quote = '';
      continue;
    }
    if (quote === "'" || (quote === '"' && !'`$\\'.includes(c))) {
      flag += c;
      continue;
    }
    if (SHELL_SPECIAL.includes(c)) throw new PkgConfigOutputError(`unexpected shell character ${goQuoteRune(c)} in pkgconf output`);
    if (c === '\\') {
      escaped = true;
    } else if (c === '"' || c === "'") {
      quote = c;
      quoted = true;
    } else if (c === ' ' || c === '\t' || c === '\n') {
      if (flag !== '' || quoted) flags.push(flag);
      flag = '';
      quoted = false;
    } else {
      flag += c;
    }
  }
  // A missing quote is the likelier mistake in `"foo\`, so it is the one reported.
  if (quote !== '') throw new PkgConfigOutputError('unterminated quoted string in pkgconf output');
  if (escaped) throw new PkgConfigOutputError('broken character escaping in pkgconf output');
  if (flag !== '' || quoted) flags.push(flag);
  return flags;
}

/** What running a command gave: its stdout and stderr together, and an error when it failed. */
export interface RunResult {
  out: string;
  err: Error | undefined;
}

/**
 * How getPkgConfigFlags runs pkg-config and reports a failure. In the builder:
 *   run: (dir, args) => shell.runOut(pkg, dir, [], args)      (shows the command under -x/-n)
 *   report: (desc, out, err) => shell.reportCmd(pkg, desc, '', out, err)!
 */
export interface PkgConfigIO {
  /** Runs args (args[0] the program) in dir, as go's sh.runOut: output is stdout+stderr. */
  run(dir: string, args: string[]): RunResult | Promise<RunResult>;
  /** The error for a failed run described by desc (go's sh.reportCmd). */
  report(desc: string, out: string, err: Error): Error;
}

/** Go's bytes.TrimSpace: unicode.IsSpace at both ends (JS's trim differs on U+0085 and U+FEFF). */
function trimSpace(s: string): string {
  return s.replace(/^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/gu, '');
}

/**
 * go's getPkgConfigFlags: for a package with #cgo pkg-config lines, runs
 * `$PKG_CONFIG --cflags <options> -- <packages>` and `… --libs …` in the package directory and
 * returns the checked flags (empty lists without such lines). Options (arguments starting with --)
 * move before a "--" of our own; package names must be safe arguments. Throws go's errors:
 * "invalid pkg-config package name: X", InvalidFlagError for options or output flags off the
 * allow lists, PkgConfigOutputError, or io.report's error when pkg-config fails.
 */
export async function getPkgConfigFlags(
  p: { dir: string; cgoPkgConfig?: readonly string[] },
  getenv: Getenv,
  io: PkgConfigIO,
): Promise<{ cflags: string[]; ldflags: string[] }> {
  const pcargs = p.cgoPkgConfig ?? [];
  if (pcargs.length === 0) return { cflags: [], ldflags: [] };
  const options: string[] = [];
  const pkgs: string[] = [];
  for (const a of pcargs) {
    if (a === '--') continue; // we add our own
    if (a.startsWith('--')) options.push(a);
    else pkgs.push(a);
  }
  for (const pkg of pkgs) {
    if (!safeArg(pkg)) throw new Error(`invalid pkg-config package name: ${pkg}`);
  }
  checkPkgConfigFlags('', 'pkg-config', options);
  const cmd = pkgConfigCmd(getenv);

  const query = async (what: '--cflags' | '--libs'): Promise<string[]> => {
    const { out, err } = await io.run(p.dir, [cmd, what, ...options, '--', ...pkgs]);
    if (err) throw io.report(`${cmd} ${what} ${options.join(' ')} -- ${pkgs.join(' ')}`, out, err);
    if (out === '') return [];
    // --libs output is split the same way so that quoted paths with spaces survive the checks.
    return splitPkgConfigOutput(trimSpace(out));
  };
  const cflags = await query('--cflags');
  checkCompilerFlags('CFLAGS', 'pkg-config --cflags', cflags, getenv);
  const ldflags = await query('--libs');
  checkLinkerFlags('LDFLAGS', 'pkg-config --libs', ldflags, getenv);
  return { cflags, ldflags };
}

// node:child_process loads on first use: gocmd's start-up paths avoid it (architecture.md).
function spawnSync(...args: Parameters<typeof import('node:child_process').spawnSync>): ReturnType<typeof import('node:child_process').spawnSync> {
  return process.getBuiltinModule('node:child_process').spawnSync(...args);
}

/**
 * A PkgConfigIO that runs the program with spawnSync (stdout and stderr into one file, so their
 * order is kept as go's shared buffer keeps it) and reports failures as go does for a package:
 * the error itself when there was no output, else "# importPath\n# [desc]\n<output>".
 */
export function spawnPkgConfigIO(importPath: string, env: NodeJS.ProcessEnv = process.env): PkgConfigIO {
  return {
    run(dir, args) {
      const tmp = mkdtempSync(join(tmpdir(), 'gocmd-pkgconfig-'));
      const outFile = join(tmp, 'out');
      const fd = openSync(outFile, 'w');
      try {
        const r = spawnSync(args[0]!, args.slice(1), { cwd: dir, env, stdio: ['ignore', fd, fd] });
        const out = readFileSync(outFile, 'utf8');
        if (r.error) {
          const code = (r.error as NodeJS.ErrnoException).code;
          // go's exec.LookPath message for a program not found.
          if (code === 'ENOENT' && !args[0]!.includes('/')) return { out, err: new Error(`exec: ${goQuote(args[0]!)}: executable file not found in $PATH`) };
          return { out, err: new Error(`${args[0]}: ${r.error.message}`) };
        }
        if (r.status === 0) return { out, err: undefined };
        return { out, err: new Error(`${args[0]}: ${r.signal ? `signal: ${r.signal}` : `exit status ${r.status}`}`) };
      } finally {
        closeSync(fd);
        rmSync(tmp, { recursive: true, force: true });
      }
    },
    report(desc, out, err) {
      if (out === '') return err;
      return new Error(`# ${importPath}\n# [${desc}]\n${out.endsWith('\n') ? out : out + '\n'}`);
    },
  };
}
