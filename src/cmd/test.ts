// `go test`: build each package's test binary, run it (or reuse a cached result), print results in package order.
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildInitChecks } from '../cfg/buildinit.js';
import { openCoverProfile, prepareTestCoverage } from '../test/cover.js';
import { fuzzRefusal, markFuzzInstrumented } from '../test/fuzzcheck.js';
import type { Command, CommandContext } from './command.js';
import { ExitError } from './command.js';
import { checkSupported } from '../cfg/buildflags.js';
import { readTestExpire } from '../cache/index.js';
import { packageErrorString } from '../load/errors.js';
import type { Package } from '../load/types.js';
import { Action } from '../work/action.js';
import { Builder, exeName } from '../work/exec.js';
import { explainEnabled } from '../work/explain.js';
import { openBuildCache } from '../work/opencache.js';
import { runProgramEnv } from '../work/runenv.js';
import { builderPreflight, makeBuildConfig, splitForPGO, SUPPORTED_BUILD_FLAGS } from '../work/setup.js';
import { vcsBuildInfo } from '../work/buildinfo-vcs.js';
import { findExecCmd } from './run.js';
import { loadForTest } from '../test/load.js';
import { TestRunner, testBinaryName } from '../test/runner.js';
import { parseTestFlags, TestUsageError, type TestFlags } from '../test/testflag.js';
import { packageListOf, testPackagesFor, type TestPackages } from '../test/testpkgs.js';
import { TestVetPlan } from '../test/vetplan.js';
import { jsonSetupFailed } from '../test/jsonrun.js';
import { JSONPrinter } from '../work/printer.js';
import { parseGODEBUG } from '../cache/godebug.js';
import { noopStamp, validStamp } from '../work/noopcheck.js';
import { captureOutput, recordTestStamp, testStampWhy, type TestRunFacts } from '../test/teststamp.js';
import { buildTraced, startProgress } from './progress.js';

const USAGE = "usage: go test [build/test flags] [packages] [build/test flags & test binary flags]\nRun 'go help test' and 'go help testflag' for details.\n";

export const command: Command = {
  name: 'test',
  usageLine: 'go test [build/test flags] [packages] [build/test flags & test binary flags]',
  short: 'test packages',
  customFlags: true,
  long: `
Test builds each named package together with its _test.go files into a test binary, runs it,
and prints one summary line per package:

	ok   	path	0.012s
	FAIL	path	0.010s
	?    	path	[no test files]

With no package arguments the package in the current directory is tested and its output is
shown as it runs; with package arguments, results of passing tests that ran before with the
same binary, flags, environment variables and files are printed as "(cached)".

Flags not known to go test, and everything after -args, are passed to the test binary.
Known test flags such as -run, -v, -count and -timeout are passed on as -test.run and so on.
`,
  async run(ctx, args) {
    return await runTest(ctx, args);
  },
};

async function runTest(ctx: CommandContext, args: string[]): Promise<number> {
  const { config, cwd } = ctx;
  const err = (s: string): void => { ctx.stderr.write(s); };
  let f: TestFlags;
  try {
    f = parseTestFlags(args, config.goflags, cwd);
  } catch (e) {
    if (e instanceof TestUsageError) {
      if (e.message) err(e.message + '\n');
      err(USAGE);
      return 2;
    }
    throw e;
  }
  const bf = f.bf;
  checkSupported(bf, SUPPORTED_BUILD_FLAGS);
  // A run whose every result came from the cache, repeated with nothing changed, prints what it printed.
  const notStamped = testStampWhy(f, bf);
  const stamp = notStamped ? { ...noopStamp('test', bf, [], cwd, config), file: '', why: notStamped } : noopStamp('test', bf, args, cwd, config);
  const hit = validStamp(stamp);
  if (hit?.out !== undefined) {
    ctx.stdout.write(hit.out);
    return 0;
  }
  const capture = stamp.why ? undefined : captureOutput(ctx.stdout, [ctx.stderr, process.stdout, process.stderr]);
  // Started after the capture: its line is not output the stamp records, and it is erased before the capture stops.
  const stopProgress = startProgress(ctx, buildTraced(bf) || f.v || f.vJSON || f.json);
  try {
    const status = await runTestSlow(ctx, f, capture ? (facts) => recordTestStamp(stamp, { ...facts, stdout: capture.text(), otherOutput: capture.other() }) : undefined);
    return status;
  } finally {
    stopProgress();
    capture?.stop();
  }
}

type StampFacts = Omit<TestRunFacts, 'stdout' | 'otherOutput'>;

async function runTestSlow(ctx: CommandContext, f: TestFlags, finished: ((facts: StampFacts) => void) | undefined): Promise<number> {
  const { config, cwd } = ctx;
  const err = (s: string): void => { ctx.stderr.write(s); };
  const bf = f.bf;
  // -json reports build output as JSON events too, unless GODEBUG=gotestjsonbuildtext=1 (go 1.24's change).
  const jsonBuildText = f.json && parseGODEBUG(config.osEnv['GODEBUG'] ?? '').get('gotestjsonbuildtext') === '1';
  const buildJSON = f.json && !jsonBuildText;
  if (bf.p <= 0) throw new ExitError(`go: -p must be a positive integer: ${bf.p}\n`, 2);
  buildInitChecks(bf, config);

  const workDir = builderPreflight(config, bf);
  const loaded = await loadForTest(config, bf, cwd, f.pkgArgs, err);
  const pkgs = loaded.pkgs;
  if (pkgs.length === 0) throw new ExitError('no packages to test', 1);
  // -pgo=auto with several packages: each main package with a default.pgo gets its own copy of its graph.
  splitForPGO(pkgs, bf.pgo);
  if (f.fuzz !== '') {
    // go's checks of the package to fuzz come first; running the fuzzing engine is not implemented.
    const refusal = fuzzRefusal(pkgs, { goos: config.goos, goarch: config.goarch, coverprofile: f.coverprofile, profile: f.profile, modulesEnabled: config.modulesEnabled });
    if (refusal !== undefined) throw new ExitError(refusal, 1);
    // The packages and their tests' imports compile with the fuzzer's coverage instrumentation.
    markFuzzInstrumented(pkgs, loaded.tests.values());
  }
  if (f.profile !== '' && pkgs.length !== 1) throw new ExitError(`cannot use ${f.profile} flag with multiple packages`, 1);
  let oDir = false;
  if (f.o !== '') {
    if (f.o.endsWith('/')) oDir = true;
    else {
      try { oDir = statSync(f.o).isDirectory(); } catch { /* not a directory */ }
    }
  }
  if (pkgs.length > 1 && (f.c || f.o !== '') && f.o !== '/dev/null') {
    if (f.o !== '' && !oDir) throw new ExitError('with multiple packages, -o must refer to a directory or /dev/null', 1);
    const byBinary = new Map<string, Package[]>();
    for (const p of pkgs) {
      const name = testBinaryName(p, exeName);
      byBinary.set(name, [...(byBinary.get(name) ?? []), p]);
    }
    let bad = false;
    for (const [name, list] of byBinary) {
      if (list.length < 2) continue;
      err(`cannot write test binary ${name} for multiple packages:\n${list.map((p) => p.importPath + '\n').join('')}\n`);
      bad = true;
    }
    if (bad) return 1;
  }

  // -coverprofile: the merged profile is created now (go's initCoverProfile).
  const coverMerge = !f.c && f.coverprofile !== '' ? openCoverProfile(resolve(f.outputdir || cwd, f.coverprofile), bf.covermode) : undefined;
  const cover = bf.cover ? prepareTestCoverage(config, bf, cwd, pkgs, loaded.tests, err, loaded.implicit?.get('sync/atomic')) : undefined;

  // Each package's setup errors are reported now; the variants of the others are made (go's TestPackagesFor).
  type Planned = { p: Package; tp?: TestPackages };
  const vcs = new Map<Package, { settings: { key: string; value: string }[]; mainVersion?: string }>();
  const planned: Planned[] = [];
  let exit = 0;
  const out = (s: string | Uint8Array): void => { ctx.stdout.write(s); };
  const jsonPrinter = buildJSON ? new JSONPrinter(out) : undefined;
  for (const p of pkgs) {
    // The package whose error is reported (the first one, for the JSON events).
    let perr: Package | undefined;
    const reportErr = (msg: string, q: Package = p): void => {
      perr ??= q;
      const text = p.importPath !== '' ? `# ${p.importPath}\n${msg}\n` : `${msg}\n`;
      if (jsonPrinter) {
        jsonPrinter.print(q, text);
        jsonPrinter.fail(q);
      } else err(text);
    };
    const setupFailed = (): void => {
      if (f.json) jsonSetupFailed(p.importPath, perr ?? p, out, !jsonBuildText);
      else out(`FAIL\t${p.importPath} [setup failed]\n`);
      exit = 1;
    };
    // go's PackageErrors: every error in the package's graph when it is incomplete.
    let failed = false;
    if (p.incomplete || p.error) {
      for (const q of packageListOf([p])) {
        if (!q.error) continue;
        reportErr(packageErrorString(q.error), q);
        failed = true;
      }
    }
    if (failed) { setupFailed(); continue; }
    // Main packages and test binaries carry VCS information only with an explicit -buildvcs (go's AutoVCS
    // is off for tests); a VCS error is the package's load error.
    if (p.name === 'main') {
      const r = stampOne(p);
      if (r === 'error') { setupFailed(); continue; }
    }
    if (p.testGoFiles.length + p.xTestGoFiles.length === 0) { planned.push({ p }); continue; }
    const tp = testPackagesFor(p, loaded.tests.get(p)!, undefined, cover?.testCover);
    if (tp.perr) {
      reportErr(packageErrorString(tp.perr.error!), tp.perr);
      setupFailed();
      continue;
    }
    if (stampOne(tp.pmain) === 'error') { setupFailed(); continue; }
    planned.push({ p, tp });

    function stampOne(q: Package): 'error' | undefined {
      const r = vcsBuildInfo(q, {
        buildvcs: bf.buildvcs as 'auto' | 'true' | 'false', autoVCS: false, cwd, env: config.osEnv, verbose: false,
        stderr: err, goproxy: config.getenv('GOPROXY'), gomodcache: config.gomodcache,
      });
      if (r === undefined) return undefined;
      if ('error' in r) { reportErr(r.error, q); return 'error'; }
      vcs.set(q, r);
      return undefined;
    }
  }

  const cache = openBuildCache(config);
  if (finished && cache) cache.usage = { used: new Map(), puts: 0 };
  const bc = makeBuildConfig(config, bf, cwd, { cmdName: 'test', vcs, pkgs });
  if (buildJSON) bc.json = true;
  // Test variants take their flags from the package under test; the test main also marks the binary as a test.
  const origin = new Map<Package, Package>();
  const mains = new Set<Package>();
  for (const { p, tp } of planned) {
    if (!tp) continue;
    origin.set(tp.pmain, p);
    if (tp.pxtest) origin.set(tp.pxtest, p);
    mains.add(tp.pmain);
  }
  const needBinary = f.c || f.profile !== '' || f.o !== '';
  const { gcflags, asmflags, ldflags } = bc;
  bc.gcflags = (p) => gcflags(origin.get(p) ?? p);
  bc.asmflags = (p) => asmflags(origin.get(p) ?? p);
  bc.ldflags = (p) => (mains.has(p) ? [...ldflags(origin.get(p)!), '-X', 'testing.testBinary=1'] : ldflags(p));
  // A main package's test binary carries the package's own build info when their GODEBUG defaults agree (go's pmain.BuildInfo).
  const { buildInfo } = bc;
  bc.buildInfo = (p) => {
    const o = mains.has(p) ? origin.get(p)! : undefined;
    return o && o.name === 'main' && o.defaultGODEBUG === p.defaultGODEBUG ? buildInfo(o) : buildInfo(p);
  };
  bc.omitDebug = (p) => mains.has(p) && !needBinary && p.importPath !== 'runtime.test';
  const execCmd = f.exec.length > 0 ? f.exec : findExecCmd(config.goos, config.goarch, config.gohostos, config.gohostarch, config.osEnv['PATH'] ?? '');
  f.exec = execCmd;
  const b = new Builder(bc, { cache, ...(workDir !== undefined ? { workDir } : {}) });
  // -linkshared: each test binary's link relinks the shared libraries it uses, as go's does.
  if (loaded.sharedLibraries) b.graph.sharedLibraries = loaded.sharedLibraries;
  const runner = new TestRunner({
    flags: f, npkgs: pkgs.length, parallel: bf.p, cache, expireNs: readTestExpire(cache.dir) ?? 0n,
    env: runProgramEnv(config.osEnv, config.goroot), lookupEnv: config.osEnv, goroot: config.goroot, cwd,
    exeSuffix: b.exeSuffix, write: out, dryRun: bf.n,
    // GOCMD_EXPLAIN's lines go to stderr, also under -json: the JSON stream on stdout stays go's.
    ...(explainEnabled(config.osEnv) ? { explain: err } : {}), printCommands: bf.x, keepWork: bf.work, jsonBuildText,
    ...(cover ? { cover: { ...(coverMerge ? { merge: coverMerge } : {}), covdata: covdataTool(ctx), collectMeta: cover.collectMeta, goroot: config.goroot } } : {}),
  });
  runner.oDir = oDir;

  const allImports = new Set<Package>();
  for (const p of pkgs) {
    if (p.error?.isImportCycle) continue;
    for (const q of p.internal.imports) allImports.add(q);
  }
  const builds: Action[] = [], runs: Action[] = [], prints: Action[] = [];
  const vet = new TestVetPlan(config.toolDir, f.vetValue, (data) => { ctx.stdout.write(data); });
  for (const { p, tp } of planned) {
    const acts = tp ? runner.withTests(b, p, tp, allImports.has(p), exeName) : runner.noTestFiles(b, p);
    vet.add(b.graph, p, tp, acts, f.c);
    builds.push(acts.build);
    runs.push(acts.run);
    prints.push(acts.print);
  }

  // Runs start in package order: each waits, through a barrier, for the previous one's dependencies too.
  let prevBarrier: Action | undefined;
  for (const a of runs) {
    if (a.mode !== 'test run') continue;
    const barrier = new Action('test barrier');
    barrier.deps = [...a.deps];
    if (prevBarrier) barrier.deps.push(prevBarrier);
    a.deps = [barrier];
    prevBarrier = barrier;
  }
  // A build error (reported by the builder) fails the command as a failed test does.
  const failed = (): boolean => exit !== 0 || runner.exitStatus !== 0 || b.hadErrors;
  const root = new Action('go test');
  root.deps = prints;
  // The final FAIL, for a failure that scrolled away (not in local directory mode).
  root.actor = async () => {
    if (!f.json && f.fuzz === '' && f.pkgArgs.length !== 0 && failed()) out('FAIL\n');
  };
  for (let i = 1; i < prints.length; i++) prints[i]!.deps.push(prints[i - 1]!);
  if (!f.c && f.bench !== '') {
    // Benchmarks run one package at a time, after every build.
    runs.forEach((run, i) => {
      if (i === 0) run.deps.push(...builds);
      else run.deps.push(prints[i - 1]!);
    });
  }
  try {
    await b.do(root);
  } finally {
    coverMerge?.close();
    await b.close();
  }
  for (const e of runner.coverErrors) err(`go: ${e}\n`);
  const status = failed() ? 1 : 0;
  finished?.({ root, pkgs, pkgArgs: f.pkgArgs, workDir: b.workDir, cache, exit: status, ...runner.stampFacts, vcsStamped: vcs.size > 0 });
  return status;
}

/** The covdata tool, built for the host on first use as `go tool covdata` builds it (the distribution has none). */
function covdataTool(ctx: CommandContext): () => Promise<string> {
  let exe: Promise<string> | undefined;
  return () => {
    exe ??= (async () => {
      const { buildAndRunBuiltinTool } = await import('../work/tooldemand.js');
      let path = '';
      // (toolN: the copy in the cache, which outlives the build's work directory.)
      const status = await buildAndRunBuiltinTool(ctx.config, 'cmd/covdata', [], true, (s) => { ctx.stderr.write(s); }, async (p) => { path = p; return 0; });
      if (status !== 0 || path === '') throw new ExitError('', 1);
      return path;
    })();
    return exe;
  };
}
