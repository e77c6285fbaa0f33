// `go generate`: runs the commands of the //go:generate directives in the files of the named packages.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { RE2JS } from 're2js';
import type { Command, CommandContext } from './command.js';
import { ExitError } from './command.js';
import type { FlagSet, Ref } from '../lib/flags.js';
import { addBuildFlags, type BuildFlags } from '../cfg/buildflags.js';
import type { Config } from '../cfg/config.js';
import { execLookPath } from '../cfg/goroot.js';
import { goQuote } from '../lib/goquote.js';
import { DirectiveError, isGoGenerate, packageClauseName, splitDirective } from '../lib/gogenerate.js';
import { packageErrorString, shortPath } from '../load/errors.js';
import { runForeground } from '../work/toolrun.js';
import { signalText } from '../work/signals.js';
import { allGoFiles, internalGoFiles, internalXGoFiles, loadPackagesAndErrors } from './loadpkgs.js';

let bf: BuildFlags;
let runFlag: Ref<string>;
let skipFlag: Ref<string>;

export const command: Command = {
  name: 'generate',
  usageLine: 'go generate [-run regexp] [-n] [-v] [-x] [build flags] [file.go... | packages]',
  short: 'generate Go files by processing source',
  long: `
Generate runs the commands written in //go:generate directives of the named packages' Go files
(or of the .go files named, taken as one package). It never runs as part of go build or go test.

A directive is a line that starts exactly with "//go:generate" followed by a space or tab:

	//go:generate command argument...

The command is an executable on PATH, a path, or an alias made with -command (below). Arguments
are separated by spaces or tabs; a double-quoted argument uses Go string syntax and is one argument.
generate does not parse Go: a directive-like line inside a comment or a raw string counts too.

Generated files should carry a line matching ^// Code generated .* DO NOT EDIT\\.$ before the first
non-comment text, so that people and tools know.

Then $NAME and \${NAME} are expanded in every argument (quoted ones too) from the environment, plus:

	$GOARCH, $GOOS   the target architecture and operating system
	$GOFILE          the file's base name
	$GOLINE          the directive's line number
	$GOPACKAGE       the package name of the file
	$GOROOT          the GOROOT of this go command
	$DOLLAR          a dollar sign
	$PATH            $PATH with the go command's own directory first, so that "go" in a
	                 directive is this go command

An unset variable expands to nothing; nothing else (no globbing) is done.

	//go:generate -command xxx args...

makes xxx stand for "args..." in the rest of that file, for example
"//go:generate -command foo go tool foo".

Packages run in command-line order, their files in name order, each file's directives top to
bottom, one at a time, in the package's directory. The build tag "generate" is set. Files with an
invalid package clause are skipped. A failing command stops the rest of its package.

-run and -skip take regular expressions matched against a directive's whole text (trailing space
removed): only directives matching -run run, and those matching -skip do not.

-v prints each file as it is processed, -n prints the commands without running them, -x prints
them as they run. The other build flags ('go help build') apply to package loading.
`,
  flags(fs: FlagSet) {
    bf = addBuildFlags(fs, 'generate');
    runFlag = fs.string('run');
    skipFlag = fs.string('skip');
  },
  run: runGenerate,
};

function compileFlagRE(expr: string): RE2JS | undefined {
  if (expr === '') return undefined;
  try {
    return RE2JS.compile(expr);
  } catch (e) {
    // log.Fatalf("generate: %s", err)
    throw new ExitError(`generate: ${(e as Error).message}`, 1);
  }
}

/**
 * The directory holding a `go` that is this gocmd (dist/bin, made by the bundle script next to the
 * entry script), or "" when there is none (the tsc build).
 */
export function selfGoDir(entry: string | undefined = process.argv[1]): string {
  if (!entry) return '';
  const dir = join(dirname(entry), 'bin');
  return existsSync(join(dir, 'go')) ? dir : '';
}

/** exec.LookPath for a path with a slash: the file if it is an executable regular file. */
function executableFile(p: string): boolean {
  try {
    const st = statSync(p);
    return st.isFile() && (st.mode & 0o111) !== 0;
  } catch {
    return false;
  }
}

interface GenContext {
  config: Config;
  cwd: string;
  stderr: (s: string) => void;
  runRE: RE2JS | undefined;
  skipRE: RE2JS | undefined;
  /** Directories searched first for a generator named without a slash, and put first on its PATH. */
  binDirs: string[];
  /** gocmd's own `go` is among binDirs (its launcher then needs to be told where node is). */
  selfGo: boolean;
}

async function runGenerate(ctx: CommandContext, args: string[]): Promise<number> {
  const { config, cwd } = ctx;
  // generate builds nothing: of the build flags only those that change loading matter, and of these
  // gocmd's loader lacks only -overlay.
  if (bf.overlay !== '') throw new ExitError('go generate: -overlay is not supported yet by gocmd', 2);
  const stderr = (s: string): void => { ctx.stderr.write(s); };
  const g: GenContext = {
    config, cwd, stderr, runRE: compileFlagRE(runFlag.value), skipRE: compileFlagRE(skipFlag.value), binDirs: [], selfGo: false,
  };
  // go looks generators up in its own $GOROOT/bin first and puts that first on their PATH, so that "go"
  // is the go command running generate. gocmd's own directory holding a `go` comes before it, for the same reason.
  const self = selfGoDir();
  if (self !== '') {
    g.binDirs.push(self);
    g.selfGo = true;
  }
  if (config.goroot !== '') g.binDirs.push(join(config.goroot, 'bin'));

  const pkgs = await loadPackagesAndErrors(config, cwd, args, {
    cmdName: 'generate', tags: [...bf.tags, 'generate'], mod: bf.mod, modfile: bf.modfile, modcacherw: bf.modcacherw, x: bf.x, ignoreImports: true,
  }, stderr);
  let status = 0;
  let printed = false;
  for (const p of pkgs) {
    if (config.modulesEnabled && p.module && !p.module.main) {
      if (!printed) {
        stderr('go: not generating in packages in dependency modules\n');
        printed = true;
      }
      continue;
    }
    // A directory holds a package only if it has a Go file: with none, the package could not be found.
    if (p.error && allGoFiles(p).length === 0) {
      stderr(packageErrorString(p.error) + '\n');
      status = 1;
    }
    // As go: a failure stops the package's files, but its external test files still get their turn.
    for (const list of [internalGoFiles(p), internalXGoFiles(p)]) {
      for (const file of list) {
        const r = await generateFile(g, file);
        if (r === 'fatal') return 1;
        if (!r) {
          status = 1;
          break;
        }
      }
    }
  }
  return status;
}

/** go's bufio.Reader default size: a longer line cannot be read whole. */
const READ_BUFFER = 4096;

/** Runs one file's directives; false when one failed (the package stops), 'fatal' when the file could not be read. */
async function generateFile(g: GenContext, absFile: string): Promise<boolean | 'fatal'> {
  let src: Buffer;
  try {
    src = readFileSync(absFile);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    g.stderr(`generate: open ${absFile}: ${err.code === 'ENOENT' ? 'no such file or directory' : err.code === 'EACCES' ? 'permission denied' : err.message}\n`);
    return 'fatal';
  }
  const pkgName = packageClauseName(src.toString('utf8'));
  if (pkgName === undefined) return true; // an invalid package clause: the file is ignored
  const short = shortPath(g.cwd, absFile);
  const dir = dirname(absFile);
  const file = basename(absFile);
  const aliases = new Map<string, string[]>();
  if (bf.v) g.stderr(short + '\n');
  let lineNum = 0;
  const fail = (msg: string): false => {
    g.stderr(`${short}:${lineNum}: ${msg}\n`);
    return false;
  };
  let pos = 0;
  while (pos < src.length) {
    lineNum++;
    const nl = src.indexOf(0x0a, pos);
    if ((nl < 0 ? src.length : nl + 1) - pos > READ_BUFFER) {
      // Too long for the reader: a directive this long is an error, anything else is skipped.
      if (isGoGenerate(src.subarray(pos, pos + READ_BUFFER).toString('latin1'))) return fail('directive too long');
      if (nl < 0) break;
      pos = nl + 1;
      continue;
    }
    if (nl < 0) {
      // A directive on a last line without its newline cannot be read.
      if (isGoGenerate(src.subarray(pos).toString('latin1'))) return fail(`error reading ${short}: unexpected EOF`);
      break;
    }
    const line = src.subarray(pos, nl + 1).toString('utf8');
    pos = nl + 1;
    if (!isGoGenerate(line)) continue;
    const text = line.trim();
    if (g.runRE && !g.runRE.matcher(text).find()) continue;
    if (g.skipRE && g.skipRE.matcher(text).find()) continue;

    const env: Record<string, string> = {
      GOROOT: g.config.goroot, GOARCH: g.config.goarch, GOOS: g.config.goos,
      GOFILE: file, GOLINE: String(lineNum), GOPACKAGE: pkgName, DOLLAR: '$',
    };
    if (g.binDirs.length > 0) {
      const path = g.config.osEnv.PATH ?? '';
      env['PATH'] = path === '' ? g.binDirs.join(':') : [...g.binDirs, path].join(':');
    }
    env['PWD'] = dir;
    let words: string[];
    try {
      // Past the directive's own variables, go looks names up in its process environment, where its main
      // has put every go env value ($GOPATH, $CC, $GOPROXY even when unset; GOENV=off reads as "") and
      // modload.Init its git prompt settings: config.env is that environment. The generator itself is
      // started with the original environment.
      words = splitDirective(line, aliases, (name) => env[name] ?? g.config.env[name] ?? '');
    } catch (e) {
      if (e instanceof DirectiveError) return fail(e.message);
      throw e;
    }
    if (words.length === 0) return fail('no arguments to directive');
    if (words[0] === '-command') {
      if (words.length === 1) return fail('no command specified for -command');
      const name = words[1]!;
      if (aliases.has(name)) return fail(`command ${goQuote(name)} multiply defined`);
      aliases.set(name, words.slice(2));
      continue;
    }
    if (bf.n || bf.x) g.stderr(words.join(' ') + '\n');
    if (bf.n) continue;
    const err = await execGenerator(g, words, dir, env);
    if (err !== '') return fail(`running ${goQuote(words[0]!)}: ${err}`);
  }
  return true;
}

/** Runs one generator in dir; returns "" on success or go's text for the error. */
async function execGenerator(g: GenContext, words: string[], dir: string, extra: Record<string, string>): Promise<string> {
  const name = words[0]!;
  if (name === '') return 'exec: no command';
  let path = !name.includes('/') ? g.binDirs.map((d) => join(d, name)).find(executableFile) : undefined;
  if (path === undefined) {
    // exec.Command looks the name up in go's own PATH, not the generator's.
    const look = execLookPath(name, g.config.osEnv.PATH);
    if ('err' in look) return look.err;
    path = look.path;
  }
  const env: NodeJS.ProcessEnv = { ...g.config.osEnv, ...extra };
  // The `go` of gocmd's directory is its sh launcher, which needs node: name the one running now.
  if (g.selfGo && env['GOCMD_NODE'] === undefined) env['GOCMD_NODE'] = process.execPath;
  const end = await runForeground([path, ...words.slice(1)], env, dir, name);
  if ('code' in end) return end.code === 0 ? '' : `exit status ${end.code}`;
  if ('signal' in end) return `signal: ${signalText(end.signal)}`;
  return end.startError;
}
