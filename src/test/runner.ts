// go test's actions: build the test binary, run it (or take its cached result), print results in package order.
import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve as resolvePath } from 'node:path';
import { execLookPath } from '../cfg/goroot.js';
import { startErrorText } from '../work/toolrun.js';
import type { Cache } from '../cache/index.js';
import type { Package } from '../load/types.js';
import { Action, hashToString } from '../work/action.js';
import type { Builder } from '../work/exec.js';
import { contentID } from '../work/actionid.js';
import { formatGoDuration } from '../lib/flags.js';
import { cacheArgs, cachedResult, computeTestInputsID, coverMetaID, coverProfileAndInputKey, quoteList, testAndInputKey, testID, TESTLOG_MAGIC, TestInputsError, uncacheableArgs } from './testcache.js';
import { explainKey, readRecord, writeRecord } from '../work/explain.js';
import { explainTestRun, formatTestRecord, inputsAsTestLog, parseTestRecord, testExplainLine, uncacheableReason } from '../lib/explaintest.js';
import type { TestFlags } from './testflag.js';
import type { TestPackages } from './testpkgs.js';
import { JSONRunOrder, jsonRun, type RunOutcome } from './jsonrun.js';
import { coveragePercentage, metaFilesJSON, META_FILES_FILE, WRITE_COVER_META_MODE, type CoverProfileMerge } from './cover.js';
import { metaFileForPackage } from '../work/cover.js';
import { mkdirAll } from '../base/mkdirall.js';
import { setForeground } from '../work/signals.js';

const NO_TESTS_TO_RUN = '\ntesting: warning: no tests to run\n';
const NO_FUZZ_TESTS = '\ntesting: warning: no fuzz tests to fuzz\n';
const TOO_MANY_FUZZ = '\ntesting: warning: -fuzz matches more than one fuzz test, won\'t fuzz\n';

/** What the runner needs from the command. */
export interface RunnerEnv {
  flags: TestFlags;
  /** Number of packages being tested. */
  npkgs: number;
  parallel: number;
  cache: Cache | undefined;
  /** go clean -testcache's expiry (ns since the epoch), 0 if none. */
  expireNs: bigint;
  /** The environment the test binary gets (go's OrigEnv, PATH with $GOROOT/bin first). */
  env: Record<string, string | undefined>;
  /** The environment test inputs are checked against (the go command's own). */
  lookupEnv: Readonly<Record<string, string | undefined>>;
  goroot: string;
  cwd: string;
  exeSuffix: string;
  /** Where results go; a test's own output is passed on as the bytes it wrote (go copies them as they are). */
  write(s: Chunk): void;
  dryRun: boolean;
  printCommands: boolean;
  keepWork: boolean;
  /**
   * GOCMD_EXPLAIN (beyond go): where the line saying why a test runs instead of printing "(cached)" goes
   * (stderr, outside a -json stream); undefined when the variable is off.
   */
  explain?: (line: string) => void;
  /** GODEBUG=gotestjsonbuildtext=1: with -json, no FailedBuild in the package's fail event. */
  jsonBuildText?: boolean;
  /** -cover: the merged -coverprofile (if any), and the covdata tool (built on first use). */
  cover?: { merge?: CoverProfileMerge; covdata: () => Promise<string>; collectMeta: boolean; goroot: string };
}

/** Per run action: the test cache's state (go's runCache). */
interface RunState {
  disableCache: boolean;
  cached?: Buffer;
  id1?: Buffer;
  id2?: Buffer;
  /** -coverpkg: the hash of the covered packages' build action IDs, part of the profile's cache key (go's covMeta). */
  covMeta?: Buffer;
  /** Output to print later (buffered runs), go's a.TestOutput. */
  output?: Chunk;
  /**
   * The run's -coverprofile fragment, merged when its result prints: in package order, where go merges as
   * runs end (an order that varies from run to run).
   */
  merge?: { file: string; data: Buffer | undefined };
  link?: Action;
  /** GOCMD_EXPLAIN: why go never caches this run (set with disableCache). */
  notCached?: string;
  /** The cacheable test arguments of the lookup (part of the test ID). */
  args?: string[];
  /** The stored results were all removed by go clean -testcache (found, but older than its expiry). */
  expired?: boolean;
  /** A stored run with this test ID was found (its test log): only the inputs it read can differ. */
  logFound?: boolean;
}

/** go's testBinaryName: the last import path element (or the package name for files), plus ".test". */
export function testBinaryName(p: Package, exeName: (p: Package) => string): string {
  return (p.importPath === 'command-line-arguments' ? p.name : exeName(p)) + '.test';
}

/** Output: text of ours, or bytes a test binary wrote (which need not be UTF-8). */
export type Chunk = string | Uint8Array;

export class TestRunner {
  exitStatus = 0;
  private failFast = false;
  private readonly states = new Map<Action, RunState>();
  /** With -json, runs start (and print their start events) in package order. */
  private readonly jsonOrder = new JSONRunOrder();

  constructor(private readonly e: RunnerEnv) {}

  /** For a cached run's stamp (test/teststamp.ts): test binaries started, and the cached results used. */
  readonly stampFacts = { ran: 0, hits: [] as { dir: string; root: string; log: string }[] };

  private get streamOutput(): boolean {
    const f = this.e.flags;
    return f.pkgArgs.length === 0 || f.bench !== '' || f.fuzz !== '';
  }

  private get showPass(): boolean {
    const f = this.e.flags;
    return f.v || f.list !== '' || f.help;
  }

  /** The run and print actions for a package without test files: it is still compiled. */
  noTestFiles(b: Builder, p: Package): { build: Action; run: Action; print: Action } {
    const build = b.graph.compileAction('build', 'build', p);
    const run = this.runAction(p, build);
    run.objdir = b.graph.newObjdir();
    const meta = this.coverMetaAction(b);
    if (meta && build.mode === 'build') {
      run.deps.push(meta);
      meta.deps.push(build);
    }
    return { build, run, print: this.printAction(p, run) };
  }

  private metaAction: Action | undefined;

  /**
   * -coverpkg: go's "write coverage meta-data file" action, which lists the meta-data files of the tested
   * packages for every test run (so each reports coverage of all selected packages). Undefined otherwise.
   */
  private coverMetaAction(b: Builder): Action | undefined {
    if (!this.e.cover?.collectMeta) return undefined;
    if (this.metaAction) return this.metaAction;
    const a = new Action(WRITE_COVER_META_MODE);
    a.objdir = b.graph.newObjdir();
    a.actor = async (b1, self) => {
      const bb = b1 as Builder;
      const paths: string[] = [], files: string[] = [];
      for (const dep of self.deps) {
        const file = dep.objdir + metaFileForPackage(dep.pkg!.importPath);
        try {
          if (statSync(file).size === 0) continue;
        } catch {
          continue;
        }
        paths.push(dep.pkg!.importPath);
        files.push(file);
      }
      bb.sh.mkdir(undefined, self.objdir);
      bb.sh.writeFile(undefined, self.objdir + META_FILES_FILE, metaFilesJSON(paths, files));
    };
    this.metaAction = a;
    return a;
  }

  private runAction(p: Package, dep: Action): Action {
    const run = new Action('test run', p);
    run.deps = [dep];
    run.ignoreFail = true;
    if (this.e.flags.json) {
      const turn = this.jsonOrder.next();
      run.actor = (b, a) => jsonRun(turn, () => this.failFast, a.pkg!.importPath, this.e.write, !this.e.jsonBuildText,
        (write, outcome) => this.runTest(b as Builder, a, write, outcome));
    } else run.actor = (b, a) => this.runTest(b as Builder, a);
    this.states.set(run, { disableCache: false });
    return run;
  }

  private printAction(p: Package, dep: Action): Action {
    const print = new Action('test print', p);
    print.deps = [dep];
    print.ignoreFail = true;
    print.actor = async (_b, a) => {
      let run = a.deps[0]!;
      if (run.mode === 'test clean') run = run.deps[0]!;
      const st = this.states.get(run);
      if (st?.merge !== undefined && this.e.cover?.merge) {
        if (st.merge.data) this.reportMerge(this.e.cover.merge.mergeData(st.merge.file, st.merge.data));
        st.merge = undefined;
      }
      if (st?.output) {
        this.e.write(st.output);
        st.output = undefined;
      }
    };
    return print;
  }

  /** go's builderTest for a package with test files (its variants already made). */
  withTests(b: Builder, p: Package, tp: TestPackages, imported: boolean, exeName: (p: Package) => string): { build: Action; run: Action; print: Action } {
    const f = this.e.flags;
    const g = b.graph;
    if (imported && tp.ptest !== p) {
      const buildTest = g.compileAction('build', 'build', tp.ptest);
      buildTest.deps.push(g.compileAction('build', 'build', p));
    }
    const binary = testBinaryName(p, exeName);
    const testDir = g.compileAction('build', 'build', tp.pmain).objdir;
    // The test main's records (GOCMD_EXPLAIN) stay under the package's directory, not this run's work directory.
    tp.pmain.internal.explainDir ??= tp.pmain.dir;
    tp.pmain.dir = testDir;
    if (!this.e.dryRun) {
      mkdirAll(testDir);
      writeFileSync(testDir + '_testmain.go', tp.testmain);
    }
    const link = g.linkAction('build', 'build', tp.pmain);
    link.target = testDir + binary + this.e.exeSuffix;
    link.built = link.target;
    let runAction: Action | undefined;
    let install: Action | undefined;
    if (f.c || f.profile !== '' || f.o !== '') {
      let target = join(this.e.cwd, binary + this.e.exeSuffix);
      let isNull = false;
      if (f.o !== '') {
        target = f.o;
        if (this.oDir) target = isAbsolute(target) ? join(target, binary + this.e.exeSuffix) : join(this.e.cwd, target, binary + this.e.exeSuffix);
        else if (target === '/dev/null') isNull = true;
        else if (!isAbsolute(target)) target = join(this.e.cwd, target);
      }
      if (isNull) runAction = link;
      else {
        // As go: the binary's path is the main package's target, so an up-to-date one is not linked again.
        tp.pmain.target = target;
        install = new Action('test build', tp.pmain);
        install.deps = [link];
        install.target = target;
        install.actor = async (b1) => (b1 as Builder).buildInstall(install!);
        runAction = install;
      }
    }
    let print: Action;
    let run: Action;
    if (f.c) {
      run = runAction!;
      print = new Action('test print (nop)', p);
      print.deps = [run];
    } else {
      run = this.runAction(p, link);
      run.objdir = testDir;
      const meta = this.coverMetaAction(b);
      if (meta) {
        run.deps.push(meta);
        if (p.goFiles.length + p.cgoFiles.length > 0) meta.deps.push(g.compileAction('build', 'build', p));
      }
      this.states.get(run)!.link = link;
      run.tryCache = (_b, ra, la) => this.tryCache(ra, hashToString(la.actionID!));
      const clean = new Action('test clean', p);
      clean.deps = [run];
      clean.ignoreFail = true;
      clean.objdir = testDir;
      clean.actor = async (b1) => {
        if (!this.e.keepWork) (b1 as Builder).sh.removeAll(p, testDir);
      };
      if (install) {
        if (run !== install) install.deps.push(run);
        clean.deps.push(install);
      }
      print = this.printAction(p, clean);
    }
    return { build: link, run, print };
  }

  /** -o names a directory (ends in a slash or exists as one). */
  oDir = false;

  /** go's tryCacheWithID: looks for a stored result of this binary and arguments whose inputs are unchanged. */
  private tryCache(a: Action, id: string): boolean {
    const st = this.states.get(a)!;
    const f = this.e.flags;
    const c = this.e.cache;
    if (f.pkgArgs.length === 0) { st.disableCache = true; st.notCached = 'go caches no results in local directory mode (no package arguments)'; return false; }
    const p = a.pkg!;
    const root = this.rootOf(p);
    if (root === '') { st.disableCache = true; st.notCached = 'go caches no results of a package outside any module'; return false; }
    const ca = cacheArgs(f.testArgs);
    if ('uncacheable' in ca) {
      st.disableCache = true;
      if (this.e.explain) st.notCached = uncacheableReason(uncacheableArgs(f.testArgs));
      return false;
    }
    st.args = ca.args;
    const tid = testID(id, ca.args, f.exec);
    if (!st.id1) st.id1 = tid; else st.id2 = tid;
    if (this.e.cover?.collectMeta) st.covMeta = coverMetaHash(a);
    if (!c) return false;
    const log = c.getBytes(tid);
    if (!log) return false;
    st.logFound = true;
    const logText = log.data.toString('latin1');
    if (!logText.startsWith(TESTLOG_MAGIC) || !logText.endsWith('\n')) return false;
    let inputs: Buffer;
    try {
      inputs = computeTestInputsID(p.dir, root, logText, this.e.lookupEnv);
    } catch (e) {
      // A malformed log or an input too new to trust: run the test.
      if (e instanceof TestInputsError) return false;
      throw e;
    }
    const out = c.getBytes(testAndInputKey(tid, inputs));
    if (!out) return false;
    if (out.entry.timeNs < this.e.expireNs) { st.expired = true; return false; }
    // latin1 keeps every byte as one character, so the output is replayed byte for byte.
    const res = cachedResult(out.data.toString('latin1'));
    if (res === undefined) return false;
    // The profile fragment of the cached run joins the merged -coverprofile (go's tryCacheWithID).
    const merge = this.e.cover?.merge;
    if (merge) {
      const cp = c.getFile(coverProfileAndInputKey(tid, inputs, st.covMeta));
      if (!cp) return false;
      st.merge = readFragment(cp.file);
    } else if (st.covMeta && !c.getFile(coverProfileAndInputKey(tid, inputs, st.covMeta))) {
      // A covered package changed since the stored run: its coverage would be stale, so run again.
      return false;
    }
    st.cached = Buffer.from(res, 'latin1');
    this.stampFacts.hits.push({ dir: p.dir, root, log: logText });
    return true;
  }

  /** go's Package.Root: the module root, or GOROOT for standard packages. */
  private rootOf(p: Package): string {
    if (p.root) return p.root;
    if (p.goroot) return this.e.goroot;
    return '';
  }

  /** The test binary's ID as a record keeps it: its content ID (what go's second lookup uses), else its action ID. */
  private static binaryID(link: Action): string {
    return link.buildID ? contentID(link.buildID) : link.actionID ? hashToString(link.actionID) : '';
  }

  /** GOCMD_EXPLAIN: says why the run action a runs its test binary instead of printing a cached result. */
  private explainRun(b: Builder, a: Action, st: RunState, explain: (line: string) => void): void {
    const p = a.pkg!;
    const c = this.e.cache;
    let reasons: string[];
    if (st.notCached !== undefined) reasons = [st.notCached];
    else if (st.args === undefined || !c) return;
    // A result for this very binary, flags and inputs was found, but go clean -testcache had expired it.
    else if (st.expired) reasons = ['the test cache was cleaned (go clean -testcache)'];
    else {
      const text = readRecord(c.dir, explainKey('test', p, b.explainTarget()));
      const rec = text === undefined ? undefined : parseTestRecord(text);
      if (rec === undefined) reasons = ['no earlier run recorded'];
      else {
        // The recorded run's inputs, hashed again now (however new: the line says what changed, not whether to trust it).
        let inputsNow: string[] | undefined = [];
        try {
          computeTestInputsID(p.dir, this.rootOf(p), inputsAsTestLog(rec.inputs), this.e.lookupEnv, Number.POSITIVE_INFINITY, inputsNow);
        } catch {
          inputsNow = undefined;
        }
        const now = { binary: TestRunner.binaryID(st.link!), args: st.args, execCmd: quoteList(this.e.flags.exec), inputs: [] };
        const sameRun = rec.binary === now.binary && rec.execCmd === now.execCmd && rec.args.join('\n') === now.args.join('\n');
        if (st.logFound && !sameRun) {
          // go found a stored run with this binary and these flags, older than the one recorded: what it read differs now.
          reasons = explainTestRun({ ...now, inputs: rec.inputs }, now, inputsNow, p.dir, []);
          if (reasons.length === 0) reasons = ['files or environment variables the tests read changed'];
        } else {
          reasons = explainTestRun(rec, now, inputsNow, p.dir, binaryChanges(st.link!));
          if (reasons.length === 0) reasons = [rec.failed ? 'the last run failed (go caches passing results only)' : 'inputs unchanged, but the cached result is gone'];
        }
      }
    }
    explain(testExplainLine(p.importPath, reasons));
  }

  private saveOutput(b: Builder, a: Action, output: Buffer): void {
    const st = this.states.get(a)!;
    const c = this.e.cache;
    if (!c || (!st.id1 && !st.id2)) return;
    let testlog: string;
    try {
      testlog = readFileSync(a.objdir + 'testlog.txt', 'latin1');
    } catch {
      return;
    }
    if (!testlog.startsWith(TESTLOG_MAGIC) || !testlog.endsWith('\n')) return;
    let inputs: Buffer;
    // The hashed lines become the run's GOCMD_EXPLAIN record (written for every stored result, as build records are).
    const inputLines: string[] = [];
    try {
      inputs = computeTestInputsID(a.pkg!.dir, this.rootOf(a.pkg!), testlog, this.e.lookupEnv, Date.now(), inputLines);
    } catch {
      return;
    }
    let profile: Buffer | undefined;
    if (this.e.cover?.merge) {
      try { profile = readFileSync(a.objdir + '_cover_.out'); } catch { return; }
    } else if (st.covMeta) {
      // Without -coverprofile an empty entry still records which covered sources the result belongs to.
      profile = Buffer.alloc(0);
    }
    for (const id of [st.id1, st.id2]) {
      if (!id) continue;
      c.putNoVerify(id, Buffer.from(testlog, 'latin1'));
      c.putNoVerify(testAndInputKey(id, inputs), output);
      if (profile) c.putNoVerify(coverProfileAndInputKey(id, inputs, st.covMeta), profile);
    }
    this.recordRun(b, a, inputLines, false);
  }

  /** Writes the GOCMD_EXPLAIN record of a run that missed the cache and ran (stored, or failed). */
  private recordRun(b: Builder, a: Action, inputLines: string[], failed: boolean): void {
    const st = this.states.get(a)!;
    const c = this.e.cache;
    const id = st.id2 ?? st.id1;
    if (!c || st.args === undefined || !st.link || !id) return;
    const rec = formatTestRecord({ binary: TestRunner.binaryID(st.link), args: st.args, execCmd: quoteList(this.e.flags.exec), inputs: inputLines, failed });
    writeRecord(c.dir, explainKey('test', a.pkg!, b.explainTarget()), id.toString('hex'), rec, (hex) => existsSync(c.fileName(Buffer.from(hex, 'hex'), 'a')));
  }

  /** A failed run's record: go stores no result, so the next run says so unless something else changed. */
  private recordFailure(b: Builder, a: Action): void {
    const st = this.states.get(a)!;
    if (!this.e.cache || st.args === undefined) return;
    const inputLines: string[] = [];
    try {
      const testlog = readFileSync(a.objdir + 'testlog.txt', 'latin1');
      computeTestInputsID(a.pkg!.dir, this.rootOf(a.pkg!), testlog, this.e.lookupEnv, Number.POSITIVE_INFINITY, inputLines);
    } catch {
      // No log (the binary did not start, or died early): the record still says the run failed.
      inputLines.length = 0;
    }
    this.recordRun(b, a, inputLines, true);
  }

  /** Errors merging -coverprofile fragments (go's base.Errorf: printed, exit status 1). */
  coverErrors: string[] = [];

  private reportMerge(err: string | undefined): void {
    if (err === undefined) return;
    this.coverErrors.push(err);
    this.exitStatus = 1;
  }

  /**
   * A package without tests under -cover: its coverage (0% of its statements) from the meta-data file its
   * compile wrote, through covdata, and its part of -coverprofile. False when it has no statements (no file).
   */
  private async coverNoTests(b: Builder, a: Action, out: (s: string) => void): Promise<boolean> {
    const p = a.pkg!;
    // The run's own deps may sit behind its test barrier.
    const deps = a.deps.flatMap((d) => (d.mode === 'test barrier' ? d.deps : [d]));
    const build = deps.find((d) => d.mode === 'build' && d.pkg?.importPath === p.importPath);
    if (!build) return false;
    const mf = build.objdir + metaFileForPackage(p.importPath);
    b.sh.mkdir(p, a.objdir);
    if (!this.e.dryRun) {
      try {
        if (statSync(mf).size === 0) return false;
      } catch {
        return false;
      }
    }
    const cover = this.e.cover!;
    const dir = build.objdir.replace(/\/$/, '');
    const covdata = async (args: string[]): Promise<boolean> => {
      // -n shows go's own command line (go tool covdata); a real run uses the covdata tool it built.
      const cmd = this.e.dryRun ? [join(cover.goroot, 'bin', 'go'), 'tool', 'covdata'] : [await cover.covdata()];
      const { out: text, err } = await b.sh.runOut(p, a.objdir, [], [...cmd, ...args]);
      if (err) {
        const e = b.sh.reportCmd(p, '', '', text, err);
        if (e) throw e;
      }
      out(text);
      return true;
    };
    await covdata(['percent', '-i', dir]);
    if (cover.merge) {
      const cp = a.objdir + '_cover_.out';
      await covdata(['textfmt', '-i', dir, '-o', cp]);
      this.states.get(a)!.merge = readFragment(cp);
    }
    return true;
  }

  /** go's runTestActor.Act. */
  private async runTest(b: Builder, a: Action, write: (s: Chunk) => void = this.e.write, outcome: RunOutcome = {}): Promise<void> {
    const f = this.e.flags;
    const st = this.states.get(a)!;
    if (this.failFast) return;
    const stream = this.streamOutput;
    const tee = (this.showPass && (this.e.npkgs === 1 || this.e.parallel === 1)) || f.json;
    // The buffered output as bytes: a test may write any bytes, and go prints and caches them unchanged.
    let buf: Buffer[] = [];
    // Where the test's output goes: the terminal, the terminal and a buffer, or only the buffer.
    const out = (s: Chunk): void => {
      if (stream) { write(s); return; }
      if (tee) write(s);
      buf.push(typeof s === 'string' ? Buffer.from(s, 'utf8') : Buffer.from(s));
    };
    const done = (): void => {
      if (!stream && !tee) st.output = Buffer.concat(buf);
    };
    const p = a.pkg!;
    if (a.failed) {
      outcome.failedBuild = a.failed.pkg;
      outcome.failed = true;
      a.failed = undefined;
      out(`FAIL\t${p.importPath} [build failed]\n`);
      this.exitStatus = 1;
      done();
      return;
    }
    if (p.testGoFiles.length + p.xTestGoFiles.length === 0) {
      if (!(this.e.cover && p.internal.cover?.genMeta && await this.coverNoTests(b, a, out))) {
        out(`?   \t${p.importPath}\t[no test files]\n`);
      }
      done();
      return;
    }
    const link = st.link!;
    if (st.cached === undefined && !st.disableCache && link.buildID) this.tryCache(a, contentID(link.buildID));
    if (st.cached !== undefined) {
      if (stream || tee) write(st.cached);
      else st.output = st.cached;
      return;
    }
    if (this.e.explain && !this.e.dryRun) this.explainRun(b, a, st, this.e.explain);
    const args = [...f.exec, link.built];
    if (!st.disableCache && f.exec.length === 0) args.push(`-test.testlogfile=${a.objdir}testlog.txt`);
    args.push('-test.paniconexit0');
    // The fuzzing engine keeps the inputs it finds interesting in the build cache, per package.
    if (f.fuzz !== '' && this.e.cache) args.push(`-test.fuzzcachedir=${join(this.e.cache.dir, 'fuzz', p.importPath)}`);
    // -cover: the binary writes its counters under the run's gocoverdir (GOCOVERDIR too, for tools the test builds).
    let env = this.e.env;
    if (this.e.cover) {
      const gcd = a.objdir + 'gocoverdir';
      b.sh.mkdir(p, gcd);
      if (this.metaAction) b.sh.copyFile(p, gcd + '/' + META_FILES_FILE, this.metaAction.objdir + META_FILES_FILE, 0o666, false);
      args.push(`-test.gocoverdir=${gcd}`);
      env = { ...env, GOCOVERDIR: gcd };
    }
    // Each binary writes its own profile, merged afterwards.
    args.push(...f.testArgs.map((x) => (this.e.cover?.merge && x.startsWith('-test.coverprofile=') ? `-test.coverprofile=${a.objdir}_cover_.out` : x)));
    if (this.e.dryRun || this.e.printCommands) {
      b.sh.showCmd(p, '', args.join(' '));
      if (this.e.dryRun) return;
    }
    const killAfterNs = f.timeoutNs > 0 && f.fuzz === '' && f.bench === ''
      ? f.timeoutNs + Math.max(60e9, Math.max(5e9, f.timeoutNs / 10))
      : 0;
    this.stampFacts.ran++;
    const t0 = process.hrtime.bigint();
    // How long to wait for the output to close once the binary has exited (go's WaitDelay): 0 is forever.
    const waitDelayNs = killAfterNs > 0 ? Math.max(5e9, f.timeoutNs / 10) : 0;
    // Under -json the output always goes through the converter.
    const r = await runBinary(args, p.dir, { ...env, PWD: p.dir }, this.e.lookupEnv['PATH'], stream && !f.json ? undefined : out, killAfterNs, waitDelayNs);
    const secs = Number(process.hrtime.bigint() - t0) / 1e9;
    const t = `${secs.toFixed(3)}s`;
    const outBytes = Buffer.concat(buf);
    // (latin1: one character per byte, for the ASCII markers and the last byte.)
    const outText = outBytes.toString('latin1');
    if (this.e.cover?.merge) st.merge = readFragment(a.objdir + '_cover_.out');
    if (r.ok) {
      let norun = '';
      if (!this.showPass && !f.json) buf = [];
      if (outText.startsWith(NO_TESTS_TO_RUN.slice(1)) || outText.includes(NO_TESTS_TO_RUN)) norun = ' [no tests to run]';
      if (outText.startsWith(NO_FUZZ_TESTS.slice(1)) || outText.includes(NO_FUZZ_TESTS)) norun = ' [no fuzz tests to fuzz]';
      if (outText.startsWith(TOO_MANY_FUZZ.slice(1)) || outText.includes(TOO_MANY_FUZZ)) norun = '[-fuzz matches more than one fuzz test, won\'t fuzz]';
      if (outText.length > 0 && !outText.endsWith('\n')) out('\n');
      out(`ok  \t${p.importPath}\t${t}${this.e.cover ? coveragePercentage(outBytes.toString('utf8')) : ''}${norun}\n`);
      this.saveOutput(b, a, Buffer.concat(buf));
    } else {
      outcome.failed = true;
      if (f.failfast) this.failFast = true;
      this.exitStatus = 1;
      if (r.killed) out(`*** Test killed with quit: ran too long (${formatGoDuration(killAfterNs)}).\n`);
      else if (r.ioIncomplete) out(`*** Test I/O incomplete ${formatGoDuration(waitDelayNs)} after exiting.\n`);
      if (r.exitCode === undefined || outText.length === 0) out(`${r.err}\n`);
      else if (!outText.endsWith('\n')) out('\n');
      out(`${f.json || f.vJSON ? '\x16' : ''}FAIL\t${p.importPath}\t${t}\n`);
      this.recordFailure(b, a);
    }
    done();
  }
}

/**
 * What changed in a test binary, as the build's GOCMD_EXPLAIN lines said it: the reasons of the compiles and the
 * link that ran for it, without "dependency P changed" (the dependency's own reasons are there too).
 */
export function binaryChanges(link: Action): string[] {
  const out = new Set<string>();
  const seen = new Set<Action>();
  const walk = (x: Action): void => {
    if (seen.has(x)) return;
    seen.add(x);
    if (x.mode === 'build' || x === link) {
      for (const r of x.explainReasons ?? []) if (!/^(dependency|package) .* changed$/.test(r)) out.add(r);
    }
    for (const d of x.deps) walk(d);
  };
  walk(link);
  const all = [...out];
  return all.length > 2 ? [...all.slice(0, 2), `and ${all.length - 2} more`] : all;
}

/** The covMeta of a run action under -coverpkg: its meta-data action's compile deps (the barrier's deps if any). */
function coverMetaHash(run: Action): Buffer | undefined {
  const barrier = run.deps.find((d) => d.mode === 'test barrier');
  const meta = (barrier ? barrier.deps : run.deps).find((d) => d.mode === WRITE_COVER_META_MODE);
  return meta ? coverMetaID(meta.deps.map((d) => d.buildID)) : undefined;
}

/** A -coverprofile fragment read now (its directory may be gone when it is merged); no data if absent. */
function readFragment(file: string): { file: string; data: Buffer | undefined } {
  try {
    return { file, data: readFileSync(file) };
  } catch {
    return { file, data: undefined };
  }
}

/**
 * The path go's exec.Command would start for name, or go's error: a name without a slash is looked up on the
 * go command's own PATH (not the test's, which has $GOROOT/bin first); a path is started as given, relative to
 * the package directory, and what execve would refuse (missing, a directory, not executable) is refused here
 * with os.StartProcess's text.
 */
export function startableProgram(name: string, dir: string, goPath: string | undefined): { path: string } | { err: string } {
  const look = execLookPath(name, goPath);
  if ('err' in look) return look;
  let code: string | undefined;
  try {
    const st = statSync(resolvePath(dir, look.path));
    if (st.isDirectory()) code = 'EACCES';
    else accessSync(resolvePath(dir, look.path), constants.X_OK);
  } catch (e) {
    code = (e as NodeJS.ErrnoException).code ?? 'ENOENT';
  }
  if (code !== undefined) return { err: startErrorText(look.path, Object.assign(new Error(code), { code })) };
  return look;
}

interface BinaryResult {
  ok: boolean;
  /** Exit status when the process exited (not killed by a signal, not failed to start). */
  exitCode?: number;
  /** go's error text: "exit status N", "signal: killed", "fork/exec ...". */
  err: string;
  killed: boolean;
  /** The binary exited but its output stayed open past the wait delay. */
  ioIncomplete?: boolean;
}

const SIGNAL_TEXT: Record<string, string> = {
  SIGKILL: 'killed', SIGINT: 'interrupt', SIGTERM: 'terminated', SIGQUIT: 'quit', SIGSEGV: 'segmentation fault',
  SIGABRT: 'aborted', SIGBUS: 'bus error', SIGHUP: 'hangup', SIGPIPE: 'broken pipe', SIGFPE: 'floating point exception',
  SIGILL: 'illegal instruction', SIGTRAP: 'trace/breakpoint trap', SIGUSR1: 'user defined signal 1', SIGUSR2: 'user defined signal 2',
};

/**
 * Runs the test binary in dir with stdin from /dev/null and stdout and stderr as one stream: straight to our
 * stdout (onOutput undefined), or to onOutput in order (through sh, which joins the two with 2>&1).
 */
function runBinary(args: string[], dir: string, env: Record<string, string | undefined>, goPath: string | undefined, onOutput: ((s: Buffer) => void) | undefined, killAfterNs: number, waitDelayNs: number): Promise<BinaryResult> {
  // The program (an -exec command's first word, else the built binary) is found and checked as go's
  // exec.Command and Start do, so one that cannot start fails with go's error text rather than sh's
  // (which would also turn it into "exit status 127").
  const start = startableProgram(args[0]!, dir, goPath);
  if ('err' in start) return Promise.resolve({ ok: false, err: start.err, killed: false });
  return new Promise((resolve) => {
    const child = onOutput
      ? spawn('/bin/sh', ['-c', 'exec "$@" 2>&1', 'sh', start.path, ...args.slice(1)], { cwd: dir, env, stdio: ['ignore', 'pipe', 'inherit'] })
      : spawn(start.path, args.slice(1), { cwd: dir, env, stdio: ['ignore', 1, 1], argv0: args[0]! });
    // SIGINT and SIGQUIT are the test's business while it runs (go's StartSigHandlers): a fuzz test interrupted
    // by the terminal stops fuzzing and still reports, and go test reports it.
    const release = setForeground(child, 'ignore-interrupt');
    let killed = false;
    const timer = killAfterNs > 0 ? setTimeout(() => { killed = true; child.kill('SIGQUIT'); }, Math.min(killAfterNs / 1e6, 2 ** 31 - 1)) : undefined;
    if (onOutput) {
      child.stdout!.on('data', (s: Buffer) => onOutput(s));
    }
    let startErr: Error | undefined;
    child.on('error', (e) => { startErr = e; });
    // A process that leaves its output open (a child holding it) ends the wait after the delay, as go's WaitDelay.
    let ioTimer: NodeJS.Timeout | undefined;
    let ioIncomplete = false;
    child.on('exit', (code, sig) => {
      if (!onOutput || waitDelayNs <= 0) return;
      ioTimer = setTimeout(() => {
        ioIncomplete = true;
        child.stdout!.destroy();
        finish(code, sig);
      }, Math.min(waitDelayNs / 1e6, 2 ** 31 - 1));
    });
    let finished = false;
    const finish = (code: number | null, sig: NodeJS.Signals | null): void => {
      if (finished) return;
      finished = true;
      release();
      if (timer) clearTimeout(timer);
      if (ioTimer) clearTimeout(ioTimer);
      if (ioIncomplete && code === 0) {
        resolve({ ok: false, err: 'exec: WaitDelay expired before I/O complete', killed, ioIncomplete });
        return;
      }
      if (startErr) {
        const code2 = (startErr as NodeJS.ErrnoException).code;
        resolve({ ok: false, err: `fork/exec ${args[0]}: ${code2 === 'ENOENT' ? 'no such file or directory' : startErr.message}`, killed });
        return;
      }
      // sh reports a missing program as status 127; exec failures are rare enough to take at face value.
      if (sig) resolve({ ok: false, err: `signal: ${SIGNAL_TEXT[sig] ?? sig}`, killed });
      else if (code === 0) resolve({ ok: true, exitCode: 0, err: '', killed });
      else resolve({ ok: false, exitCode: code ?? 1, err: `exit status ${code}`, killed });
    };
    child.on('close', finish);
  });
}
