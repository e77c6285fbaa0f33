// `go vet` (and `go fix`, which shares it): run the analysis tool on packages and report (or apply) its findings.
import { errnoText } from '../lib/oserror.js';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FlagSet, addChdirFlag, type Flag } from '../lib/flags.js';
import { ALL_FLAG_NAMES, applyGOFLAGS, parseGOFLAGS } from '../cfg/goflags.js';
import { parseOne } from '../lib/parseone.js';
import { FlagParseError } from '../lib/flags.js';
import { addBuildFlags, checkSupported, type BuildFlags } from '../cfg/buildflags.js';
import type { Command, CommandContext } from './command.js';
import { ExitError } from './command.js';
import type { Package } from '../load/types.js';
import { readZip } from '../lib/zip.js';
import { goJSONSyntaxError } from '../modfetch/revinfo.js';
import { printJSONDiagnostics } from './vetprint.js';
import { buildTraced, startProgress } from './progress.js';

type VetCmd = 'vet' | 'fix';

const USAGE: Record<VetCmd, string> = {
  vet: 'go vet [build flags] [-vettool prog] [vet flags] [packages]',
  fix: 'go fix [build flags] [-fixtool prog] [fix flags] [packages]',
};

const LONG: Record<VetCmd, string> = {
  vet: `
Vet runs the vet tool (go tool vet, or the -vettool program) on the named packages and
prints the problems its analyzers find, as file:line:col: message on standard error; it
exits with status 1 when there are any.

Flags other than the build flags are the tool's own: each analyzer's name turns it on or
off (-printf=false), and analyzers take options (-printf.funcs=...). 'go tool vet help'
lists them. Besides those:

	-json      print the tool's JSON report (diagnostics and fixes) on standard output
	-fix       apply the first fix of each diagnostic instead of printing it
	-diff      with -fix, print the fixes as a unified diff instead (exit 1 if not empty)
	-c n       print each problem's line with n lines of context
	-vettool   run another analysis tool (one built on the unitchecker protocol)

Dependencies are analysed too, for the facts the analyzers record about them; those results
are kept in the build cache.
`,
  fix: `
Fix runs the fix tool (go tool fix, or the -fixtool program) on the named packages of the
main module and rewrites their files with the fixes its analyzers suggest, for instance to
use newer APIs.

	-diff      print the fixes as a unified diff instead of applying them (exit 1 if not empty)
	-json      print the tool's JSON report on standard output instead of applying fixes
	-fixtool   run another analysis tool

'go tool fix help' lists the fixers and their flags.
`,
};

function makeCommand(name: VetCmd): Command {
  return {
    name,
    usageLine: USAGE[name],
    short: name === 'vet' ? 'report likely mistakes in packages' : 'apply fixes suggested by static checkers',
    long: LONG[name],
    customFlags: true,
    async run(ctx, args) {
      return await runVet(name, ctx, args);
    },
  };
}

export const command: Command = makeCommand('vet');
export const fixCommand: Command = makeCommand('fix');

/** What the command line says, once split between go, the tool and the package list. */
interface VetArgs {
  bf: BuildFlags;
  /** Flags for the tool: those from GOFLAGS (-name=value) first, then the command line's as written. */
  toolFlags: string[];
  pkgArgs: string[];
  tool: string;
  json: boolean;
  diff: boolean;
  context: number;
  /** go vet -fix. */
  vetFix: boolean;
  /** go fix -fix=...: obsolete. */
  fixFix: string;
}

/** go's exitWithUsage for vet and fix: the usage, then where the tool's own help is. */
function usageError(name: VetCmd, rawTool: string): ExitError {
  const tool = rawTool || `go tool ${name}`;
  return new ExitError(`usage: ${USAGE[name]}\nRun 'go help ${name}' for details.\nRun '${tool} help' for a full list of flags and analyzers.\nRun '${tool} -help' for an overview.`, 2);
}

/** log.Fatalf as cmd/go sets up its logger (no date, no prefix): the message, exit 1. */
function logFatal(msg: string): ExitError {
  return new ExitError(msg, 1);
}

/** The -vettool/-fixtool value, found before the flags can be defined (go's parseToolFlag); "" when absent. */
export function scanToolFlag(name: VetCmd, args: readonly string[]): string {
  const flag = name + 'tool';
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '-' + flag || arg === '--' + flag) {
      if (i + 1 >= args.length) throw logFatal(`${arg} requires a filename`);
      return args[i + 1]!;
    }
    if (arg.startsWith(`-${flag}=`) || arg.startsWith(`--${flag}=`)) return arg.slice(arg.indexOf('=') + 1);
  }
  return '';
}

/** The tool's flags as its -flags answer describes them. */
interface ToolFlag { Name: string; Bool: boolean; Usage: string }

function queryToolFlags(tool: string): ToolFlag[] {
  const r = spawnSync(tool, ['-flags'], { stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 << 20 });
  if (r.error || r.status !== 0) {
    const why = r.error ? `fork/exec ${tool}: ${errnoText(r.error)}` : r.signal ? `signal: ${r.signal}` : `exit status ${r.status}`;
    throw new ExitError(`go: ${tool} -flags failed: ${why}`, 2);
  }
  const text = r.stdout.toString('utf8');
  try {
    return JSON.parse(text) as ToolFlag[];
  } catch {
    // go prints this one without a newline.
    process.stderr.write(`go: can't unmarshal JSON from ${tool} -flags: ${goJSONSyntaxError(text)}`);
    throw new ExitError('', 2);
  }
}

/** go's toolFlags: the tool's flags merged into the command's, the command line split at the first non-flag. */
function parseVetArgs(name: VetCmd, ctx: CommandContext, args: string[]): VetArgs {
  const rawTool = scanToolFlag(name, args);
  const tool = rawTool !== '' ? resolve(ctx.cwd, rawTool) : join(ctx.config.toolDir, name);
  const analysisFlags = queryToolFlags(tool);

  const fs = new FlagSet(name);
  const bf = addBuildFlags(fs, name);
  addChdirFlag(fs);
  fs.string(name + 'tool');
  const diff = fs.bool('diff');
  const json = fs.bool('json');
  const context = fs.int('c', -1);
  const vetFix = name === 'vet' ? fs.bool('fix') : { value: false };
  const fixFix = name === 'fix' ? fs.string('fix') : { value: '' };
  const isToolFlag = new Set<string>();
  for (const f of analysisFlags) {
    // -c is go's own (printJSONDiagnostics), never passed on.
    if (f.Name === 'c') continue;
    isToolFlag.add(f.Name);
    if (!fs.lookup(f.Name)) {
      if (f.Bool) fs.bool(f.Name);
      else fs.string(f.Name);
    }
  }

  // Tool flags set by GOFLAGS go to the tool unless the command line sets them again.
  // GOFLAGS may name the tool's flags: by now they are vet's flags as much as go's own (go's hasFlag).
  const known = new Set([...ALL_FLAG_NAMES, ...fs.all().map((f) => f.name)]);
  try {
    applyGOFLAGS(fs, parseGOFLAGS(ctx.config.goflags, false, known), '$GOFLAGS');
  } catch (e) {
    if (e instanceof FlagParseError) throw new ExitError(`${e.message}\nusage: ${USAGE[name]}\nRun 'go help ${name}' for details.`, 2);
    throw e;
  }
  const fromGOFLAGS = new Set(fs.setNames().filter((n) => isToolFlag.has(n)));

  const explicit: string[] = [];
  let pkgArgs: string[] = [];
  let rest = args;
  while (rest.length > 0) {
    const r = parseOne(fs, rest);
    if (r.kind === 'help') throw usageError(name, rawTool);
    if (r.kind === 'terminator') { pkgArgs = r.rest; break; }
    if (r.kind === 'nonflag') { pkgArgs = rest; break; }
    if (r.kind === 'error') {
      process.stderr.write(r.message + '\n');
      throw usageError(name, rawTool);
    }
    if (isToolFlag.has(r.flag.name)) {
      // The arguments as written: the tool may parse them its own way.
      explicit.push(...rest.slice(0, rest.length - r.rest.length));
      fromGOFLAGS.delete(r.flag.name);
    }
    rest = r.rest;
  }
  const toolFlags: string[] = [];
  for (const n of [...fromGOFLAGS].sort()) {
    const f: Flag = fs.lookup(n)!;
    toolFlags.push(`-${n}=${f.value.toString()}`);
  }
  toolFlags.push(...explicit);
  return { bf, toolFlags, pkgArgs, tool, json: json.value, diff: diff.value, context: context.value, vetFix: vetFix.value, fixFix: fixFix.value };
}

/** Build flags vet and fix implement (the rest are refused by checkSupported). */
const SUPPORTED_VET_FLAGS: ReadonlySet<string> = new Set([
  'a', 'n', 'x', 'v', 'p', 'work', 'asmflags', 'gcflags', 'ldflags', 'buildmode', 'buildvcs', 'compiler',
  'mod', 'modcacherw', 'modfile', 'tags', 'trimpath', 'debug-actiongraph', 'pgo', 'toolexec', 'overlay', 'race', 'msan', 'asan',
]);

async function runVet(name: VetCmd, ctx: CommandContext, args: string[]): Promise<number> {
  const va = parseVetArgs(name, ctx, args);
  const stopProgress = startProgress(ctx, buildTraced(va.bf) || va.json);
  try {
    return await vetParsed(name, ctx, va);
  } finally {
    stopProgress();
  }
}

async function vetParsed(name: VetCmd, ctx: CommandContext, va: VetArgs): Promise<number> {
  const { bf } = va;
  const toolFlags = [...va.toolFlags];
  const explicit = toolFlags.length > 0;
  let exit = 0;
  const stderr = (s: string): void => { ctx.stderr.write(s); };
  let handle: (p: Package, data: Buffer) => void = (_p, data) => { ctx.stdout.write(data); };

  let applyFixes = false;
  if (name === 'fix' || va.vetFix) {
    if (va.json) {
      if (va.diff) throw new ExitError('-json and -diff cannot be used together', 1);
    } else {
      toolFlags.push('-fix');
      if (va.diff) {
        toolFlags.push('-diff');
        // A non-empty diff is a failure, as gofmt -d and go mod tidy -diff have it.
        handle = (_p, data) => {
          ctx.stdout.write(data);
          if (data.length > 0) exit = 1;
        };
      } else applyFixes = true;
    }
    if (va.context !== -1) throw new ExitError('-c flag cannot be used when applying fixes', 1);
  } else {
    if (!va.json) {
      // The tool reports JSON on its stdout (framed, cacheable); go prints it as file:line:col: message.
      toolFlags.push('-json');
      handle = (_p, data) => {
        if (printJSONDiagnostics(data, { cwd: ctx.cwd, context: va.context, write: stderr })) exit = 1;
      };
    }
    if (va.diff) throw new ExitError('go vet -diff flag requires -fix', 1);
  }
  if (va.fixFix !== '') {
    // go prints these without newlines.
    stderr(`go ${name}: the -fix=${va.fixFix} flag is obsolete and has no effect`);
    if (va.fixFix.split(',').includes('buildtag')) stderr(`go ${name}: to enable the buildtag check, use -buildtag`);
  }

  checkSupported(bf, SUPPORTED_VET_FLAGS);
  if (bf.p <= 0) throw new ExitError(`go: -p must be a positive integer: ${bf.p}\n`, 2);

  const [{ Action }, { Builder }, setup, { openBuildCache }, vet, testLoad, testPkgs, { packageErrorString }] = await Promise.all([
    import('../work/action.js'), import('../work/exec.js'), import('../work/setup.js'), import('../work/opencache.js'), import('../work/vet.js'),
    import('../test/load.js'), import('../test/testpkgs.js'), import('../load/errors.js'),
  ]);
  const { config, cwd } = ctx;
  const workDir = setup.builderPreflight(config, bf);
  // As go (ModResolveTests): the test imports are loaded too, for the test variants vetted below.
  const loaded = await testLoad.loadForTest(config, bf, cwd, va.pkgArgs, stderr);
  const pkgs = loaded.pkgs;
  setup.checkPackageErrors(pkgs, stderr);
  if (pkgs.length === 0) throw new ExitError(`no packages to ${name}`, 1);

  const bc = setup.makeBuildConfig(config, bf, cwd, { cmdName: name, pkgs });
  // p_test takes its flags from the package under test (the variant of p is a copy of it and has them).
  const origin = new Map<Package, Package>();
  const { gcflags, asmflags } = bc;
  bc.gcflags = (p) => gcflags(origin.get(p) ?? p);
  bc.asmflags = (p) => asmflags(origin.get(p) ?? p);
  const cache = openBuildCache(config);
  const b = new Builder(bc, { cache, ...(workDir !== undefined ? { workDir } : {}) });
  const settings = {
    tool: va.tool, flags: toolFlags, explicit, defaultVetTool: join(config.toolDir, 'vet'),
    handleStdout: (p: Package, data: Buffer) => handle(p, data),
  };
  const root = new Action('go ' + name);
  const acts: InstanceType<typeof vet.VetAction>[] = [];
  try {
    for (const p of pkgs) {
      // Never rewrite vendored packages (std's included) or other modules' packages.
      if (applyFixes && ((p.standard && p.importPath.startsWith('vendor/')) || (p.module !== undefined && !p.module.main))) continue;
      // The test variants are vetted instead of p, so that each file is vetted once (p's files are in
      // "p [p.test]"), as go does; the packages between them are vetted for facts only.
      let ptest: Package = p;
      let pxtest: Package | undefined;
      const tl = loaded.tests.get(p);
      if (tl) {
        const tp = testPkgs.testPackagesFor(p, tl);
        if (tp.perr) {
          stderr(packageErrorString(tp.perr.error!) + '\n');
          exit = 1;
          continue;
        }
        ptest = tp.ptest;
        pxtest = tp.pxtest;
        if (pxtest) origin.set(pxtest, p);
      }
      if (ptest.goFiles.length === 0 && ptest.cgoFiles.length === 0 && !pxtest) {
        stderr(`go: can't ${name} ${p.importPath}: no Go files in ${p.dir}\n`);
        exit = 1;
        continue;
      }
      for (const q of [ptest, pxtest]) {
        if (!q || (q === ptest && q.goFiles.length === 0 && q.cgoFiles.length === 0)) continue;
        const a = vet.vetAction(b.graph, settings, q, applyFixes);
        acts.push(a);
        root.deps.push(a);
      }
    }
    const ok = await b.do(root);
    if (!ok) exit = 1;
    if (applyFixes) {
      // Fixes apply after the build, so that no action reads a file while another rewrites it.
      const contents = new Map<string, Buffer>();
      for (const a of acts) {
        if (a.fixArchive === '') continue;
        try {
          gatherFixes(a.fixArchive, contents);
        } catch (e) {
          stderr(`reading archive of fixes: ${(e as Error).message}\n`);
          return 1;
        }
      }
      for (const [file, data] of contents) {
        try {
          writeFileSync(file, data, { mode: 0o644 });
        } catch (e) {
          stderr(`applying fix: ${(e as Error).message}\n`);
          exit = 1;
        }
      }
    }
  } finally {
    void b.close();
  }
  return exit;
}

/** go's readZip: adds each file of a fix archive; two archives must agree on a file they both fix. */
function gatherFixes(zipFile: string, out: Map<string, Buffer>): void {
  for (const e of readZip(readFileSync(zipFile))) {
    const data = e.data();
    const prev = out.get(e.name);
    if (prev && !prev.equals(data)) throw new Error(`inconsistent fixes to file ${e.name}`);
    out.set(e.name, data);
  }
}
