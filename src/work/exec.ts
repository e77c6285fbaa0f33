// The Builder: runs the action graph (compile, asm, pack, link, install, run) against the build cache.
import { fips140Version } from '../load/context.js';
import { spawn } from 'node:child_process';
import { existsSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { captureHashInputs, hashFile, subkey, type Cache } from '../cache/index.js';
import { explainInputs, explainLine, type ActionKind } from '../lib/explaindiff.js';
import { ENTRY_GONE, explainEnabled, explainKey, readRecord, writeRecord, type ExplainTarget, type PendingRecord } from './explain.js';
import { packageDesc } from '../load/pgo.js';
import type { Package } from '../load/types.js';
import { Action, ActionGraph, actionGraphJSON, actionList, assignPriorities, hashToString, useCriticalPath, SHLIB_BUILD_MODE, SHLIB_INSTALL_MODE, SHLIBNAME_MODE, testRunAction } from './action.js';
import { ldSharedArgs } from './shlib.js';
import { buildActionID, linkActionID, pgoActionID, PGO_MODE, type ActionIDEnv } from './actionid.js';
import type { BuildConfig } from './config.js';
import { mainPackageBuildIDOf, readBuildID, stampBuildID, toolID as toolIDOf, type Stamped } from './buildid.js';
import { BuildIDError } from './buildidread.js';
import { ExitError } from '../base/errors.js';
import { goQuote, joinUnambiguously } from './quote.js';
import { Scheduler } from './scheduler.js';
import { CmdError, Shell, type ShellOptions } from './shell.js';
import { registerWorkDir, setForeground, wasInterrupted } from './signals.js';
import { asmArgs, buildModeFlags, compileArgs, compileImportcfg, embedcfgJSON, linkArgs, type ToolSettings } from './toolargs.js';
import { JSONPrinter, TextPrinter, type Printer } from './printer.js';
import { currentProgress } from './progress.js';
import { modInfoData, modInfoFrame } from './modinfo.js';
import { newWorkDir } from './workdir.js';
import { runProgramEnv } from './runenv.js';
import { removeTree } from './rmtree.js';
import { goPathErrorText } from '../lib/oserror.js';
import { gomaxprocs } from '../cfg/platform.js';
import { checkGoDebugDirectives, godebugTable } from '../load/godebug.js';
import { CToolchain } from './ccompiler.js';
import { actual, overlay } from '../base/fsys.js';
import { SeedDependentCompile, seedFreeCompile } from './cgospec.js';
import { cgoActionIDLines, cgoAssembly, compileSeed, mkAbs, runCgoBack, runCgoFront, runCgoStep, usesCgo, type CgoFront } from './cgo.js';
import { CgoSpeculations, type SpeculativeRun } from './cgospecrun.js';
import { cacheSrcFiles, noteSrcFiles, prepareVetOnly } from './vet.js';
import { coverPlan, coverVarName, metaFileForPackage, pkgcfgJSON, type CoverPlan } from './cover.js';

/**
 * Package builds in progress in this process, by action ID (hex): a second Builder needing the same
 * action waits for the first instead of compiling it again.
 */
const inflightBuilds = new Map<string, Promise<void>>();

/** Build-ID file operations (from buildid.ts; replaceable in tests). */
export interface BuildIDOps {
  readFile(file: string): string;
  /** Replaces the placeholder ID in file with its content-based ID; returns that ID and the final bytes. */
  stamp(file: string, id: string): Stamped;
}

export const defaultBuildIDOps: BuildIDOps = {
  readFile: readBuildID,
  stamp: stampBuildID,
};

export interface BuilderDeps {
  cache: Cache | undefined;
  printer?: Printer;
  buildIDOps?: BuildIDOps;
  /** Where a run action's program writes (defaults to inherit). */
  runStdio?: 'inherit';
  /** -exec prefix for run actions. */
  execCmd?: string[];
  /** go list -compiled: every cgo package's list of compiled files must be in the cache (go's NeedCompiledGoFiles). */
  needCompiledGoFiles?: boolean;
  /** $WORK made before loading (workdir.ts newWorkDir), as go's NewBuilder does; made here when absent. */
  workDir?: string;
  /**
   * go list's build (go's IsCmdList): links, shared-library links and installs do nothing; what else
   * the graph holds runs (a -linkshared program's libraries still rewrite their .shlibname files).
   */
  listMode?: boolean;
}

export class Builder {
  readonly graph: ActionGraph;
  readonly sh: Shell;
  private readonly shellOpts: ShellOptions;
  readonly workDir: string;
  private readonly settings: ToolSettings;
  private readonly idEnv: ActionIDEnv;
  private readonly toolIDs = new Map<string, string>();
  private readonly bid: BuildIDOps;
  /** -linkshared: shared libraries' build IDs as first read in this command (go's Builder.buildID memo). */
  private readonly shlibBuildIDs = new Map<string, string>();
  private readonly printer: Printer;
  private tokens = 0;
  private concurrent = 0;
  private readonly minTokens: number;
  private readonly maxConcurrency: number;
  /** Exit status of run actions' programs (go run): 0, or 1 after "exit status N". */
  runFailed = false;
  readonly exeSuffix: string;

  constructor(readonly cfg: BuildConfig, readonly deps: BuilderDeps) {
    this.printer = deps.printer ?? (cfg.json ? new JSONPrinter() : new TextPrinter());
    if (cfg.dryRun) this.workDir = '$WORK';
    else this.workDir = deps.workDir ?? newWorkDir(cfg.tmpDir);
    const bm = buildModeFlags(cfg.buildmode, cfg.goos, cfg.goarch, cfg.instrument ?? '', cfg.installSuffix ?? '', cfg.linkshared ?? false);
    this.exeSuffix = bm.exeSuffix ?? cfg.exeSuffix;
    this.graph = new ActionGraph(this.workDir, this.exeSuffix);
    this.graph.pgoProfile = cfg.pgoProfile ?? '';
    this.graph.installHeaders = cfg.buildmode === 'c-archive' || cfg.buildmode === 'c-shared';
    this.shellOpts = {
      workDir: cfg.dryRun ? '' : this.workDir,
      dryRun: cfg.dryRun,
      printCommands: cfg.printCommands,
      cwd: cfg.cwd,
      printer: this.printer,
      env: cfg.env,
      cacheDir: deps.cache?.dir ?? '',
    };
    this.sh = new Shell(this.shellOpts);
    if (!cfg.dryRun && (cfg.printCommands || cfg.keepWork)) this.sh.print(undefined, `WORK=${this.workDir}\n`);
    // -x: a remote cache says briefly what it fetched and uploaded.
    if (cfg.printCommands && !cfg.dryRun) deps.cache?.setTrace((line) => this.sh.print(undefined, line));
    // Like go's AtExit cleanup: remove $WORK even when a command exits early.
    // A fatal signal (SIGINT, SIGTERM, SIGHUP) also removes it, after stopping the running tools.
    if (!cfg.dryRun && !cfg.keepWork) this.forgetWorkDir = registerWorkDir(this.workDir);
    this.bid = deps.buildIDOps ?? defaultBuildIDOps;
    this.settings = {
      toolDir: cfg.toolDir,
      toolchainVersion: cfg.toolchainVersion,
      goos: cfg.goos,
      goarch: cfg.goarch,
      trimpath: cfg.trimpath,
      installSuffix: bm.installSuffix,
      forcedGcflags: bm.forcedGcflags,
      forcedAsmflags: bm.forcedAsmflags,
      forcedLdflags: bm.forcedLdflags,
      ldBuildmode: bm.ldBuildmode,
      goroot: cfg.goroot,
      archEnv: cfg.archEnv,
      fips140: fips140Version(cfg.env['GOFIPS140']) !== 'off',
    };
    this.idEnv = {
      goos: cfg.goos, goarch: cfg.goarch, trimpath: cfg.trimpath, workDir: this.workDir, archEnv: cfg.archEnv,
      goexperiment: cfg.goexperiment, forcedGcflags: bm.forcedGcflags, forcedAsmflags: bm.forcedAsmflags,
      forcedLdflags: bm.forcedLdflags, ldBuildmode: bm.ldBuildmode, buildmode: cfg.buildmode, goroot: cfg.goroot,
      extlinkEnabled: cfg.extlinkEnabled, env: cfg.env,
      toolID: (n) => this.toolID(n),
      fileHash: (f) => { try { return hashToString(hashFile(f)); } catch { return ''; } },
      gcflags: cfg.gcflags, asmflags: cfg.asmflags, ldflags: cfg.ldflags, buildInfo: cfg.buildInfo,
      omitDebug: (p) => cfg.omitDebug?.(p) ?? false,
      cgoLines: (p) => cgoActionIDLines(p, this.toolID('cgo'), this.cToolchain(), this.getenv),
    };
    const ncpu = Math.max(1, cpuCount());
    this.maxConcurrency = ncpu;
    this.minTokens = Math.min(4, ncpu);
    this.tokens = 2 * ncpu + this.minTokens * cfg.parallel;
  }

  /**
   * Removes the work directory unless -work (go's Builder.Close). The removal runs on libuv's pool, many
   * unlinks at once, and callers need not await it: the pending I/O keeps the process alive until it is
   * done, and until then the exit hook (signals.ts) still owns $WORK, finishing the job should the process
   * exit first. The promise settles (never rejects) once $WORK is gone or the failure was reported.
   */
  close(): Promise<void> {
    if (this.cfg.dryRun || this.cfg.keepWork) return Promise.resolve();
    const dir = this.workDir;
    return removeTree(dir).catch(() => {
      // Once more, serially; what still fails ends the command as go's failed Close does.
      try {
        rmSync(dir, { recursive: true, force: true });
      } catch (err) {
        process.stderr.write(`go: ${goPathErrorText(err)}\n`);
        process.exitCode = 1;
      }
    }).finally(() => this.forgetWorkDir());
  }

  private forgetWorkDir: () => void = () => {};

  /** cfg.Getenv for the C toolchain's settings (the process environment when the config has none). */
  private readonly getenv = (k: string): string => this.cfg.getenv?.(k) ?? this.cfg.env[k] ?? '';

  private ctc: CToolchain | undefined;

  /** The C toolchain, set up on first use (a build without cgo never probes it). */
  cToolchain(): CToolchain {
    this.ctc ??= new CToolchain({
      goos: this.cfg.goos, goarch: this.cfg.goarch, cgoEnabled: this.cfg.cgoEnabled, getenv: this.getenv,
      env: this.cfg.env, toolexec: this.toolexec, workDir: this.workDir, dryRun: this.cfg.dryRun, cache: this.deps.cache,
      archValue: this.cfg.archEnv.value,
      show: (dir, cmd) => this.sh.showing && this.sh.showCmd(undefined, dir, cmd),
    });
    return this.ctc;
  }

  /** -toolexec: the program (and its arguments) every tool runs under. */
  private get toolexec(): string[] {
    return this.cfg.toolexec ?? [];
  }

  /** The tool's identity for action IDs: its `-V=full` line (release) or build ID (devel). */
  toolID(name: string): string {
    if (this.fatal) throw this.fatal;
    let id = this.toolIDs.get(name);
    if (id === undefined) {
      try {
        id = toolIDOf(name, join(this.cfg.toolDir, name), this.toolexec, undefined, false, this.cfg.env);
      } catch (e) {
        // go's base.Fatalf: a tool that cannot say who it is (e.g. compile rejecting GO386=sse) ends the
        // whole command with one message, not one per package.
        if (!(e instanceof BuildIDError)) throw e;
        this.fatal = e;
        this.abandon();
        throw e;
      }
      this.toolIDs.set(name, id);
    }
    return id;
  }

  /** The error that ends the whole command (go's base.Fatalf during the build), reported once by do(). */
  private fatal: BuildIDError | undefined;

  /** Runs every action under root. Returns true if all succeeded. */
  async do(root: Action): Promise<boolean> {
    const all = actionList(root);
    assignPriorities(all, useCriticalPath(all, this.cfg));
    const writeGraph = (): void => {
      const f = this.cfg.debugActionGraph;
      if (!f) return;
      if (f.endsWith('.go')) throw new Error(`go: refusing to write action graph to ${f}\n`);
      writeFileSync(f, actionGraphJSON(root));
    };
    writeGraph();
    // The progress line on a terminal (cmd/progress.ts), when the command shows one.
    const progress = currentProgress();
    progress?.add(all);
    const act = progress
      ? async (a: Action): Promise<void> => { progress.start(a); try { await this.act(a); } finally { progress.finish(a); } }
      : (a: Action): Promise<void> => this.act(a);
    const sched = new Scheduler(this.cfg.dryRun ? 1 : this.cfg.parallel, act, (a, err) => this.reportError(a, err),
      (ready) => this.lookUpEarly(ready));
    this.stopScheduler = () => sched.stop();
    this.scheduler = sched;
    this.speculations = this.speculationAllowed() ? new CgoSpeculations(all, (a) => this.speculate(a), () => sched.acquireSlot(-1)) : undefined;
    let ok: boolean;
    try {
      ok = await sched.run(all, root);
    } finally {
      await this.speculations?.discardAll();
      this.speculations = undefined;
    }
    writeGraph();
    if (this.fatal) throw new ExitError(this.fatal.message, 1);
    return ok && !this.anyError;
  }

  /**
   * Starts the cache lookups of actions that just became ready, all together: their IDs are known now
   * (every dependency is done), and with a remote cache or GOCACHEPROG one round trip then serves a whole
   * level of the graph instead of one per package.
   */
  private lookUpEarly(ready: Action[]): void {
    const c = this.deps.cache;
    if (!c || this.cfg.dryRun || this.cfg.rebuildAll) return;
    const ids: Uint8Array[] = [];
    for (const a of ready) {
      if (a.actor || (a.failed && !a.ignoreFail)) continue;
      try {
        if (a.mode === 'build' && a.needBuild) {
          const id = buildActionID(a, this.idEnv);
          a.earlyActionID = id;
          ids.push(id, subkey(id, 'stdout'));
        }
      } catch {
        // The action computes it again when it runs, and reports what went wrong.
        a.earlyActionID = undefined;
      }
    }
    if (ids.length > 0) void c.prefetch(ids);
  }

  private anyError = false;
  /** Some action failed and was reported (go's exit status 1 from sh.Errorf). */
  get hadErrors(): boolean { return this.anyError; }
  private stopScheduler = (): void => {};
  /** The running build's scheduler, whose -p pool the cgo step borrows slots from. */
  private scheduler: Scheduler | undefined;

  /**
   * Abandons the build: starts no further actions and kills the running tools; do() then resolves false.
   * For a build whose result is no longer wanted (the early runtime build, setup.ts).
   */
  abandon(): void {
    this.stopScheduler();
    this.sh.killAll();
    void this.speculations?.discardAll();
  }

  /** The speculative cgo runs of this build (cgospecrun.ts); undefined when none may start. */
  private speculations: CgoSpeculations | undefined;

  /**
   * Speculative cgo runs change nothing go shows: not under -n/-x (whose lines would show the
   * speculative seeds and another order), -work (a cached package's objdir would keep them), -toolexec
   * (it sees every tool), -debug-actiongraph, go list's build, the sanitizers or -overlay.
   */
  private speculationAllowed(): boolean {
    const c = this.cfg;
    return !c.dryRun && !c.printCommands && !c.keepWork && this.toolexec.length === 0 && !c.debugActionGraph &&
      !this.deps.listMode && !c.msan && !c.asan && !overlay() && c.parallel > 1;
  }

  /**
   * Runs a's cgo tool and C compiles ahead of its dependencies, in a shell of its own (so that they can be
   * stopped alone), its tools' output kept aside and each process in a slot of the build's -p pool taken
   * ahead of every action (the compile it starts is the longest chain). holdSlot borrows the slot the first
   * process runs in, until the action itself stands for it.
   */
  private speculate(a: Action): SpeculativeRun {
    const sched = this.scheduler!;
    const sh = new Shell(this.shellOpts);
    const buf = { output: '', cmds: [] as string[][] };
    // Any seed will do (seedFreeCompile), one that is not go's: the action ID is not known yet.
    const base = subkey(Buffer.alloc(32), 'speculative cgo ' + a.objdir);
    const run = async (holdSlot: () => Promise<void>): Promise<CgoFront> => {
      await holdSlot();
      sh.mkdir(a.pkg, a.objdir);
      const env = { ...this.cgoStepEnv(a), sh, acquireSlot: () => sched.acquireSlot(-1) };
      return await runCgoFront(env, a, (file) => compileSeed(base, file), buf, undefined, (cmd) => {
        if (!seedFreeCompile(cmd)) throw new SeedDependentCompile();
      });
    };
    return { sh, buf, run };
  }

  private reportError(a: Action, err: Error): void {
    this.anyError = true;
    if (this.fatal) return;
    let msg: string;
    // As go: prefix the import path unless the error already names this package (a tool's "# pkg" report).
    if (a.pkg && !(err instanceof CmdError && err.importPath === a.pkg.importPath)) msg = `${a.pkg.importPath}: ${err.message}`;
    else msg = err.message;
    if (!msg.endsWith('\n')) msg += '\n';
    this.sh.print(a.pkg, msg);
    if (a.pkg) this.printer.fail(a.pkg);
  }

  private async act(a: Action): Promise<void> {
    if (a.actor) return await a.actor(this, a);
    if (this.deps.listMode) {
      switch (a.mode) {
        case 'link': case SHLIB_BUILD_MODE: case SHLIB_INSTALL_MODE: return;
        // go's BuildInstallFunc under list: no install; the install stands for what its build made.
        case 'build-install': case 'link-install': a.buildID = a.deps[0]!.buildID; a.built = a.deps[0]!.built; return;
      }
    }
    switch (a.mode) {
      case 'build': return await this.build(a);
      case 'link': return await this.link(a);
      case 'build-install': case 'link-install': return this.install(a);
      case 'install header': return this.installHeader(a);
      case 'run': return await this.runProgram(a);
      case SHLIB_BUILD_MODE: return await this.linkShared(a);
      case SHLIB_INSTALL_MODE: return this.installShlib(a);
      case SHLIBNAME_MODE: return this.installShlibname(a);
      case PGO_MODE: return await this.preprofile(a);
      default: return;
    }
  }

  // ---- compile ----

  private async build(a: Action): Promise<void> {
    const id = a.earlyActionID ?? buildActionID(a, this.idEnv);
    a.earlyActionID = undefined;
    // The cgo step alone, for a package whose compile is not (re)run: vet's Go files, the c-archive header.
    const cgoForVet = async (): Promise<string[]> => {
      try {
        return (await runCgoStep(this.cgoStepEnv(a), a, id, a)).goFiles;
      } finally {
        this.flushOutput(a);
      }
    };
    const cache = this.deps.cache;
    // -linkshared: as go, a library's install target counts as a cached copy when current, so that the
    // relink of an unchanged shared library reinstalls none of its archives. (Elsewhere the archive is
    // taken from the cache, which the no-op stamp relies on, and installed again.)
    const installed = this.cfg.linkshared && a.pkg!.name !== 'main' ? a.pkg!.target ?? '' : '';
    if (!a.needBuild) {
      // go list's build with nothing to compile still asks the cache (go's useCache): a hit gives the build ID
      // dependents hash, so their IDs, and the compiled-file lists stored under them, are a real build's.
      if (this.deps.listMode && this.useCache(a, id, installed)) {
        if (!this.deps.needCompiledGoFiles || !usesCgo(a.pkg!) || !cache || cache.getBytes(subkey(id, 'srcfiles'))) return;
        const { buildID, built } = a;
        await prepareVetOnly(this, a, id, cgoForVet);
        a.buildID = buildID;
        a.built = built;
        return;
      }
      // Only vetted (go vet of p, not of its dependents): the ID and the file list are all vet needs.
      return await prepareVetOnly(this, a, id, cgoForVet);
    }
    // Another builder of this process (the early runtime build, setup.ts) may be compiling this very
    // action: wait for it, then take its result from the cache like any other.
    const key = id.toString('hex');
    const other = inflightBuilds.get(key);
    if (other) {
      this.speculations?.dependencyCompiling(a);
      await other;
    }
    // Wait for the lookup (started when the action became ready) without holding up other actions.
    if (cache && !this.cfg.rebuildAll && !this.cfg.dryRun) await cache.prefetch([id, subkey(id, 'stdout')]);
    if (this.useCache(a, id, installed)) {
      await this.speculations?.discard(a);
      // The cgo header of a cached compile: from the cache, or (as go's cgo run action) by running cgo again.
      // The archive's own build ID stays: dependents' action IDs read it.
      const keepingArchive = async (f: () => Promise<unknown>): Promise<void> => {
        const { buildID, built } = a;
        a.output = null;
        await f();
        a.buildID = buildID;
        a.built = built;
      };
      // go test -cover of a package without tests: the meta-data file from the cache, or from the cover tool again.
      if (a.pkg!.internal.cover?.genMeta && !this.loadCachedObjdirFile(a, metaFileForPackage(a.pkg!.importPath))) {
        await keepingArchive(() => this.runCover(a).finally(() => this.flushOutput(a)));
      }
      if (a.needCgoHdr && !this.loadCachedObjdirFile(a, '_cgo_install.h')) {
        this.sh.mkdir(a.pkg, a.objdir);
        await keepingArchive(cgoForVet);
      }
      // A vetted cgo package whose compile left no list of its files (go's loadCachedVet miss): cgo runs
      // again to make the Go files vet reads, as go's build step does.
      const c = this.deps.cache;
      if ((a.needVet || this.deps.needCompiledGoFiles) && usesCgo(a.pkg!) && c && !c.getBytes(subkey(id, 'srcfiles'))) {
        await keepingArchive(() => prepareVetOnly(this, a, id, cgoForVet));
      }
      return;
    }
    this.speculations?.dependencyCompiling(a);
    const rec = this.missed(a, 'compile', id, () => buildActionID(a, this.idEnv), ENTRY_GONE);
    let finished = (): void => {};
    inflightBuilds.set(key, new Promise<void>((r) => { finished = r; }));
    try {
      await this.buildUncached(a);
      if (rec) this.recordInputs(rec);
    } finally {
      inflightBuilds.delete(key);
      finished();
    }
  }

  private async buildUncached(a: Action): Promise<void> {
    const p = a.pkg!;
    const sh = this.sh;
    const buf = a;
    try {
      if (p.directives?.some((t) => t.startsWith('//go:debug'))) {
        const dirErr = checkGoDebugDirectives(godebugTable(this.cfg.goroot), this.cfg.toolchainVersion.replace(/^go/, ''),
          p.directives.map((text, i) => ({ text, pos: p.internal.directivePos?.[i] ?? '' })));
        if (dirErr !== '') throw sh.reportCmd(p, '', '', dirErr, new Error('invalid directive'));
      }
      sh.mkdir(p, a.objdir);
      // The -n banner and -v line; a cgo package prints them after its cgo run and C compiles, as go does.
      const banner = (): void => {
        if (this.cfg.dryRun) sh.print(p, `\n#\n# ${p.importPath}\n#\n\n`);
        if (this.cfg.verbose) sh.print(p, `${p.importPath}\n`);
      };
      // -cover: the cover tool rewrites the package's files first; the compile and cgo take its outputs.
      const cov = p.internal.cover?.mode ? await this.runCover(a) : undefined;
      if (!usesCgo(p)) banner();
      let gofiles = cov ? cov.goFiles : p.goFiles.map((f) => mkAbs(p.dir, f));
      let sfiles = [...p.sFiles];
      let cgoObjects: string[] = [];
      let cgoGoFiles: string[] = [];
      if (usesCgo(p)) {
        const env = this.cgoStepEnv(a);
        const front = await this.speculations?.adopt(a, buf) ??
          await runCgoFront(env, a, (file) => compileSeed(a.actionID!, file), buf, cov?.cgoFiles);
        const out = await runCgoBack(env, a, a.actionID!, front, buf, banner);
        cgoGoFiles = out.goFiles;
        gofiles = [...gofiles, ...out.goFiles];
        if (this.graph.installHeaders) this.cacheObjdirFile(a, '_cgo_install.h');
        cgoObjects = out.objects;
        // gcc got the package's C and assembly files; what is left for asm (runtime/cgo's Go assembly).
        sfiles = cgoAssembly(p).asm;
      } else {
        if (p.goFiles.length === 0) throw new Error(`no non-test Go files in ${p.dir}`);
        if (p.cFiles.length > 0) throw new Error(`${join(p.dir, p.cFiles[0]!)}: C source files not supported without cgo`);
      }
      const objdir = a.objdir;
      // Symbol ABIs from assembly.
      let symabis = '';
      const asmBase = asmArgs(p, objdir, this.settings, this.cfg.asmflags(p), {}, a.buildID);
      if (sfiles.length > 0) {
        symabis = objdir + 'symabis';
        sh.writeFile(p, objdir + 'go_asm.h', '');
        const args = [...this.toolexec, ...asmBase, '-gensymabis', '-o', symabis, ...sfiles.map((f) => actual(join(p.dir, f)))];
        const err = await sh.run(p, p.dir, p.importPath, this.cfg.changedEnv, args, buf);
        if (err) throw err;
      }
      // The files compiled, for a later vet of the package (go's cacheSrcFiles).
      // (gcc compiled a cgo package's C files: they are not the compiler's.)
      // Under -cover they are the cover tool's outputs (covervars.go first), test files staying as they are.
      const compiledGo = cov ? cov.goFiles.map((f) => (f.startsWith(objdir) ? f : relative(p.dir, f))) : p.goFiles;
      const srcfiles = [...compiledGo, ...cgoGoFiles, ...sfiles, ...(usesCgo(p) ? [] : p.cFiles)];
      if (a.actionID && this.deps.cache) cacheSrcFiles(this.deps.cache, a.actionID, objdir, srcfiles);
      noteSrcFiles(a, srcfiles);
      // Import config.
      const depList = a.deps.filter((d) => d.pkg && d.mode !== 'nop').map((d) => ({ importPath: d.pkg!.importPath, built: d.built }));
      sh.writeFile(p, objdir + 'importcfg', compileImportcfg(p, depList));
      // Embed config.
      let embed = false;
      if (p.embedPatterns.length > 0) {
        const files: Record<string, string> = {};
        for (const f of p.embedFiles) files[f] = actual(join(p.dir, f));
        sh.writeFile(p, objdir + 'embedcfg', embedcfgJSON(p.embedMap ?? {}, files));
        embed = true;
      }
      // Compile.
      const archive = objdir + '_pkg_.a';
      const [c, release] = this.compilerConcurrency();
      try {
        const args = compileArgs(p, {
          objdir, archive, buildID: a.buildID, symabis, asmhdr: sfiles.length > 0, embedcfg: embed, concurrency: c,
          gofiles, omitDebug: this.idEnv.omitDebug(p), coveragecfg: cov && cov.outfiles.length > 0 ? objdir + 'coveragecfg' : '',
          pgoProfile: a.deps.find((d) => d.mode === PGO_MODE)?.built ?? '',
        }, this.settings, this.cfg.gcflags(p));
        const { out, err } = await sh.runOut(p, this.cfg.cwd, this.cfg.changedEnv, [...this.toolexec, ...args], a.cmds);
        const rerr = sh.reportCmd(p, '', '', out, err, buf);
        if (rerr) throw rerr;
      } finally {
        release();
      }
      // Copy .h files named for GOOS/GOARCH.
      for (const f of p.hFiles) {
        const dot = f.lastIndexOf('.');
        const name = f.slice(0, dot), ext = f.slice(dot + 1);
        const gg = `_${this.cfg.goos}_${this.cfg.goarch}`, go = `_${this.cfg.goos}`, ga = `_${this.cfg.goarch}`;
        let targ = '';
        if (name.endsWith(gg)) targ = name.slice(0, -gg.length) + '_GOOS_GOARCH.' + ext;
        else if (name.endsWith(ga)) targ = name.slice(0, -ga.length) + '_GOARCH.' + ext;
        else if (name.endsWith(go)) targ = name.slice(0, -go.length) + '_GOOS.' + ext;
        if (targ) sh.copyFile(p, objdir + targ, join(p.dir, f), 0o666, true);
      }
      // Assemble.
      const objects: string[] = [];
      for (const sf of sfiles) {
        const ofile = objdir + sf.slice(0, -2) + '.o';
        objects.push(ofile);
        const err = await sh.run(p, p.dir, p.importPath, this.cfg.changedEnv, [...this.toolexec, ...asmBase, '-o', ofile, actual(join(p.dir, sf))], buf);
        if (err) throw err;
      }
      objects.push(...cgoObjects);
      for (const syso of p.sysoFiles) objects.push(join(p.dir, syso));
      if (objects.length > 0) {
        if (sh.showing) sh.showCmd(p, p.dir, `${joinUnambiguously(['go', 'tool', 'pack', 'r', archive, ...objects])} # internal`);
        if (!this.cfg.dryRun) packAppend(archive, objects);
      }
      this.updateBuildID(a, archive);
      a.built = archive;
    } finally {
      this.flushOutput(a);
    }
  }

  /**
   * go's cover action for build action a: writes pkgcfg.txt and coveroutfiles.txt, runs the cover tool in
   * -pkgcfg mode in the objdir, and keeps the meta-data file (when asked for one) in the cache.
   */
  private async runCover(a: Action): Promise<CoverPlan> {
    const p = a.pkg!;
    const cover = p.internal.cover!;
    this.sh.mkdir(p, a.objdir);
    const plan = coverPlan(p, a.objdir);
    if (plan.infiles.length === 0) return plan;
    const metaFile = cover.genMeta ? metaFileForPackage(p.importPath) : '';
    const pkgcfg = a.objdir + 'pkgcfg.txt';
    const outlist = a.objdir + 'coveroutfiles.txt';
    this.sh.writeFile(p, pkgcfg, pkgcfgJSON({
      outConfig: a.objdir + 'coveragecfg', pkgPath: p.importPath, pkgName: p.name, modulePath: p.module?.path ?? '',
      local: p.internal.local === true || p.internal.cmdlineFiles === true, emitMetaFile: metaFile ? a.objdir + metaFile : '',
    }));
    this.sh.writeFile(p, outlist, plan.outfiles.map((f) => f + '\n').join(''));
    const args = [...this.toolexec, join(this.cfg.toolDir, 'cover'), '-pkgcfg', pkgcfg, '-mode', cover.mode,
      '-var', coverVarName(p.importPath), '-outfilelist', outlist, ...plan.infiles];
    const err = await this.sh.run(p, a.objdir, '', [], args, a);
    if (err) throw err;
    if (metaFile) this.cacheObjdirFile(a, metaFile);
    return plan;
  }

  /** What the cgo step needs of this build. */
  private cgoStepEnv(a: Action): Parameters<typeof runCgoStep>[0] {
    const sched = this.scheduler;
    return {
      acquireSlot: sched && !this.cfg.dryRun ? () => sched.acquireSlot(a.priority) : undefined,
      sh: this.sh, cc: this.cToolchain(), getenv: this.getenv, toolDir: this.cfg.toolDir, toolexec: this.toolexec,
      goroot: this.cfg.goroot, goos: this.cfg.goos, goarch: this.cfg.goarch, trimpath: this.cfg.trimpath,
      dryRun: this.cfg.dryRun, cwd: this.cfg.cwd, buildmode: this.cfg.buildmode, msan: this.cfg.msan ?? false,
      asan: this.cfg.asan ?? false, changedEnv: this.cfg.changedEnv, parallel: this.cfg.parallel,
    };
  }

  private compilerConcurrency(): [number, () => void] {
    if (this.cfg.parallel === 1) return [this.maxConcurrency, () => {}];
    this.concurrent++;
    const setAside = (this.cfg.parallel - this.concurrent) * this.minTokens;
    const avail = this.tokens - setAside;
    const c = Math.max(Math.min(Math.floor(avail / 2), this.maxConcurrency), this.minTokens);
    this.tokens -= c;
    return [c, () => { this.concurrent--; this.tokens += c; }];
  }

  /**
   * go's useCache: sets a.buildID (placeholder or final) and a.built. Returns true when the cached or
   * installed result can be used.
   */
  private useCache(a: Action, id: Buffer, target: string): boolean {
    a.actionID = id;
    const aid = hashToString(id);
    a.buildID = `${aid}/${aid}`;
    if (a.mode === 'link') a.buildID = `${aid}/${a.deps[0]!.buildID}/${aid}`;
    if (this.cfg.rebuildAll) {
      a.output = '';
      return false;
    }
    if (target && !this.cfg.dryRun) {
      let buildID = '';
      try { buildID = this.bid.readFile(target); } catch { buildID = ''; }
      if (buildID.startsWith(aid + '/')) {
        a.buildID = buildID;
        a.built = target;
        return true;
      }
    }
    if (this.mainBuildUpToDate(a, aid)) return true;
    // A test binary wanted only to run a test whose result is cached: no link needed (go's testRunAction).
    const ra = a.mode === 'link' ? testRunAction(a) : undefined;
    if (ra?.tryCache?.(this, ra, a)) {
      // The compile and link output of the test main, shown again as if they had run (best effort).
      this.showStdout(a.deps[0]!, 'stdout');
      this.showStdout(a.deps[0]!, 'link-stdout');
      a.target = 'DO NOT USE -  pseudo-cache Target';
      a.built = 'DO NOT USE - pseudo-cache built';
      return true;
    }
    const c = this.deps.cache;
    if (c) {
      const hit = c.getFile(id);
      if (hit) {
        let buildID = '';
        try { buildID = this.bid.readFile(hit.file); } catch { buildID = ''; }
        if (buildID) {
          if (a.mode === 'link') {
            for (const a1 of a.deps) this.showStdout(a1, 'link-stdout');
          } else this.showStdout(a, 'stdout');
          a.built = hit.file;
          a.buildID = buildID;
          if (a.mode === 'link') a.cachedExecutable = hit.file;
          else a.cachedArchive = hit.file;
          return true;
        }
      }
    }
    a.output = '';
    return false;
  }

  /**
   * go's main-build pseudo-cache: a main package compiled only to be linked into a binary that is
   * already up to date (its build ID names this compile and the link ID that would result) needs no
   * compile; the compile and link output are shown again from the cache.
   */
  private mainBuildUpToDate(a: Action, aid: string): boolean {
    const target = a.pkg?.target ?? '';
    const link = a.triggers.length === 1 ? a.triggers[0]! : undefined;
    if (a.mode !== 'build' || !link || link.mode !== 'link' || !target || this.cfg.dryRun) return false;
    let exeID = '';
    try { exeID = this.bid.readFile(target); } catch { return false; }
    const main = mainPackageBuildIDOf(exeID, aid);
    if (!main) return false;
    const oldBuildID = a.buildID;
    a.buildID = main.pkgBuildID;
    const linkID = hashToString(linkActionID(link, this.idEnv, (f) => this.readBuildIDOrHash(f)));
    if (linkID !== main.linkActionID) {
      a.buildID = oldBuildID;
      return false;
    }
    this.showStdout(a, 'stdout');
    this.showStdout(a, 'link-stdout');
    a.target = 'DO NOT USE - main build pseudo-cache Target';
    a.built = 'DO NOT USE - main build pseudo-cache built';
    return true;
  }

  private showStdout(a: Action, key: string): void {
    const c = this.deps.cache;
    if (!c || !a.actionID) return;
    const got = c.getBytes(subkey(a.actionID, key));
    if (!got || got.data.length === 0) return;
    if (this.sh.showing) this.sh.showCmd(a.pkg, '', `${joinUnambiguously(['cat', c.outputFile(got.entry.outputID)])}  # internal`);
    if (!this.cfg.dryRun) this.sh.print(a.pkg, got.data.toString('utf8'));
  }

  private flushOutput(a: Action): void {
    if (a.output) this.sh.print(a.pkg, a.output);
    a.output = null;
  }

  /**
   * Whether a link's output is thrown away unread: `go build` of several packages (or -o /dev/null) links
   * each command only to check that it links, into $WORK, which is removed. Nothing then reads the
   * binary or its final build ID, so its content ID need not be computed: that means reading and hashing
   * every binary (~200 MB for gopls's seven commands), a third of a no-op `build ./...`'s own CPU there.
   * Not with -x/-n (go shows the buildid step), -work (the binary stays), -debug-actiongraph (it prints
   * the build IDs), nor when the binary is cached (go run, go tool).
   */
  private linkDiscarded(a: Action): boolean {
    return !a.cacheExecutable && !this.cfg.keepWork && !this.cfg.debugActionGraph && !this.sh.showing &&
      a.triggers.length > 0 && a.triggers.every((t) => t.mode === 'go build');
  }

  /**
   * Rewrites the placeholder build ID in target to actionID/contentID and caches the result; with
   * discarded (linkDiscarded), only records the link's output, as the binary is never read.
   */
  private updateBuildID(a: Action, target: string, discarded = false): void {
    const sh = this.sh;
    if (sh.showing) {
      sh.showCmd(a.pkg, '', `${joinUnambiguously(['go', 'tool', 'buildid', '-w', target])} # internal`);
      if (this.cfg.dryRun) return;
    }
    const c = this.deps.cache;
    if (c && a.actionID) {
      if (a.mode === 'build') c.putBytes(subkey(a.actionID, 'stdout'), a.output ?? '');
      else if (a.mode === 'link') {
        const main = a.deps.find((d) => d.pkg?.name === 'main');
        if (main?.actionID) c.putBytes(subkey(main.actionID, 'link-stdout'), a.output ?? '');
      }
    }
    if (discarded) return;
    // One read: the ID is found, hashed and rewritten in place, and the cache gets the same bytes.
    const { newID, data, matches } = this.bid.stamp(target, a.buildID);
    a.buildID = newID;
    if (matches.length === 0) return; // -buildid= overrides ours
    if (c && a.actionID) {
      if (a.mode === 'build') {
        // The archive in $WORK is final (its build ID stamped) and nothing writes it again: link, not copy.
        const r = c.put(a.actionID, data, { linkFrom: target });
        a.cachedArchive = r.file ?? c.outputFile(r.outputID);
        if (sh.opts.printCommands) sh.showCmd(a.pkg, '', `${joinUnambiguously(['cp', target, a.cachedArchive])} # internal`);
      } else if (a.mode === 'link' && a.cacheExecutable) {
        const name = exeName(a.pkg!) + this.exeSuffix;
        const r = c.putExecutable(a.actionID, name, data);
        a.cachedExecutable = c.outputFile(r.outputID);
        if (sh.opts.printCommands) sh.showCmd(a.pkg, '', `${joinUnambiguously(['cp', target, a.cachedExecutable])} # internal`);
      }
    }
  }

  // ---- PGO ----

  /** go's pgoActor: preprofile the input once, cached by its content (the output has no build ID). */
  private async preprofile(a: Action): Promise<void> {
    const input = a.args[0]!;
    const id = pgoActionID(input, this.idEnv);
    a.actionID = id;
    const c = this.deps.cache;
    if (this.cfg.rebuildAll) a.output = '';
    else if (c) {
      const hit = c.getFile(id);
      if (hit) {
        a.built = hit.file;
        return;
      }
    }
    const sh = this.sh;
    try {
      sh.mkdir(undefined, a.objdir);
      const err = await sh.run(undefined, '.', input, [], [...this.toolexec, join(this.cfg.toolDir, 'preprofile'), '-o', a.target, '-i', input], a);
      if (err) throw err;
      a.built = a.target;
      if (!this.cfg.dryRun && c) {
        const r = c.put(id, a.target);
        if (sh.opts.printCommands) sh.showCmd(undefined, '', `${joinUnambiguously(['cp', a.target, c.outputFile(r.outputID)])} # internal`);
      }
    } finally {
      this.flushOutput(a);
    }
  }

  // ---- link ----

  private async link(a: Action): Promise<void> {
    const p = a.pkg!;
    const linkID = (): Buffer => linkActionID(a, this.idEnv, (f) => this.shlibBuildIDs.get(f) ?? this.readBuildIDOrHash(f));
    const id = linkID();
    const target = this.linkInstallTarget(a);
    if (this.useCache(a, id, target)) return;
    const rec = this.missed(a, 'link', id, linkID, a.cacheExecutable ? ENTRY_GONE
      : target !== '' ? `${target} is missing or was built otherwise` : 'go keeps no copy of this binary');
    const sh = this.sh;
    try {
      sh.mkdir(p, a.objdir);
      const importcfg = a.objdir + 'importcfg.link';
      let text = '';
      for (const a1 of a.deps) {
        if (!a1.pkg) continue;
        text += `packagefile ${a1.pkg.importPath}=${a1.built}\n`;
        if (a1.pkg.shlib) text += `packageshlib ${a1.pkg.importPath}=${a1.pkg.shlib}\n`;
      }
      text += `modinfo ${goQuote(modInfoData(this.cfg.buildInfo(p)))}\n`;
      sh.writeFile(p, importcfg, text);
      sh.mkdir(p, splitDir(a.target));
      const cxx = a.deps.some((d) => d.pkg && (d.pkg.cxxFiles.length > 0 || d.pkg.swigCXXFiles.length > 0));
      // c-shared and plugin: the output path is recorded in the library, so the link runs in its directory.
      const inDir = this.cfg.buildmode === 'c-shared' || this.cfg.buildmode === 'plugin';
      const linkDir = inDir ? splitDir(a.target) : '.';
      const args = linkArgs(p, {
        target: inDir ? a.target.slice(linkDir.length) : a.target, importcfg, mainArchive: a.deps[0]!.built, buildID: a.buildID, defaultGODEBUG: p.defaultGODEBUG ?? '',
        ldflags: this.cfg.ldflags(p), cc: this.cToolchain().ccExe(), cxx, cxxCompiler: this.cToolchain().cxxExe(), omitDebug: this.idEnv.omitDebug(p),
        ...(this.settings.fips140 ? { fipso: a.objdir + 'fips.o' } : {}),
      }, this.settings);
      const env = [...this.cfg.changedEnv, this.cfg.trimpath ? 'GOROOT=' : `GOROOT=${this.cfg.goroot}`];
      const err = await sh.run(p, linkDir, p.importPath, env, [...this.toolexec, ...args], a);
      if (err) throw err;
      this.updateBuildID(a, a.target, this.linkDiscarded(a));
      a.built = a.target;
      if (rec) this.recordInputs(rec);
    } finally {
      this.flushOutput(a);
    }
  }

  /**
   * -buildmode=shared: links the packages into a shared library (go's linkShared). go keeps no such
   * library in the cache (its build ID is never stamped), so the link always runs.
   */
  private async linkShared(a: Action): Promise<void> {
    // go's linkSharedActionID reads the build ID of each library its packages are in, this one included,
    // before the relink, and go's Builder remembers it for the rest of the command: later links hash
    // that (possibly superseded) ID, so the program is linked again by the next build, as with go.
    for (const a1 of a.deps) {
      const lib = a1.pkg?.shlib;
      if (lib && a1.built !== '' && !this.shlibBuildIDs.has(lib)) this.shlibBuildIDs.set(lib, this.readBuildIDOrHash(lib));
    }
    const sh = this.sh;
    const name = a.target.slice(a.target.lastIndexOf('/') + 1);
    try {
      sh.mkdir(undefined, a.objdir);
      const importcfg = a.objdir + 'importcfg.link';
      let text = '';
      for (const a1 of a.deps) {
        if (!a1.pkg) continue;
        text += `packagefile ${a1.pkg.importPath}=${a1.built}\n`;
        if (a1.pkg.shlib) text += `packageshlib ${a1.pkg.importPath}=${a1.pkg.shlib}\n`;
      }
      text += `modinfo ${goQuote(modInfoFrame(''))}\n`;
      sh.writeFile(undefined, importcfg, text);
      a.built = a.target;
      const cxx = a.deps.some((d) => d.pkg && (d.pkg.cxxFiles.length > 0 || d.pkg.swigCXXFiles.length > 0));
      const args = ldSharedArgs({
        target: name, importcfg, ldflags: this.cfg.sharedLdflags ?? [], cc: this.cToolchain().ccExe(), cxx, cxxCompiler: this.cToolchain().cxxExe(),
        top: a.deps[0]!.deps.filter((d) => d.pkg).map((d) => ({ importPath: d.pkg!.importPath, target: d.target })),
      }, this.settings);
      const err = await sh.run(undefined, a.objdir, name, this.cfg.changedEnv, [...this.toolexec, ...args], a);
      if (err) throw err;
    } finally {
      this.flushOutput(a);
    }
  }

  /** go's BuildInstallFunc for the shared library: moved from $WORK into the packages' install root. */
  private installShlib(a: Action): void {
    const a1 = a.deps[0]!;
    try {
      this.sh.mkdir(undefined, a.objdir);
      this.sh.mkdir(undefined, splitDir(a.target));
      try {
        this.sh.moveOrCopyFile(undefined, a.target, a1.built, 0o666, false);
      } finally {
        this.cleanup(a1);
      }
      a.built = a.target;
    } catch (e) {
      if (e instanceof CmdError) throw e;
      throw new Error(`go ${this.cfg.cmdName}: ${(e as Error).message}`);
    }
  }

  /** go's installShlibname: <root>/<path>.shlibname names the shared library holding the package. */
  private installShlibname(a: Action): void {
    // go makes filepath.Dir of the target (no trailing slash: a mkdir of its own, beside the install's).
    if (!this.cfg.dryRun) this.sh.mkdir(a.pkg, dirname(a.target));
    this.sh.writeFile(a.pkg, a.target, basename(a.deps[0]!.target) + '\n');
  }

  /**
   * An action whose cache lookup missed (or that -a rebuilds): its action ID's inputs, hashed again to keep
   * their text (only misses pay for it), and with GOCMD_EXPLAIN (beyond go) the line saying what differs
   * from the last recorded build of the same package. Returns what to record once the action succeeds.
   */
  missed(a: Action, kind: ActionKind, id: Buffer, computeID: () => Buffer, missing: string): PendingRecord | undefined {
    const c = this.deps.cache;
    const p = a.pkg;
    if (!c || !c.dir || !p || this.cfg.dryRun) return undefined;
    let inputs: string;
    try {
      const r = captureHashInputs(computeID);
      if (!r.result.equals(id)) return undefined;
      inputs = r.inputs;
    } catch {
      return undefined;
    }
    const key = explainKey(kind, p, this.explainTarget());
    // -a looks nothing up: there is no miss to explain.
    if (!this.cfg.rebuildAll && explainEnabled(this.cfg.origEnv ?? {})) {
      const e = explainInputs(kind, readRecord(c.dir, key), inputs);
      // A test that runs again names what changed in its binary (test/runner.ts).
      a.explainReasons = e.reasons;
      this.sh.print(p, explainLine(kind, packageDesc(p), e, missing));
    }
    return { key, id: id.toString('hex'), inputs };
  }

  /** What places this build's explain records besides the package (explain.ts explainKey). */
  explainTarget(): ExplainTarget {
    return { goos: this.cfg.goos, goarch: this.cfg.goarch, buildmode: this.cfg.buildmode, instrument: this.cfg.instrument ?? '' };
  }

  /** Records a finished action's inputs for the next GOCMD_EXPLAIN (explain.ts). */
  recordInputs(rec: PendingRecord): void {
    const c = this.deps.cache;
    if (!c) return;
    writeRecord(c.dir, rec.key, rec.id, rec.inputs, (hex) => existsSync(c.fileName(Buffer.from(hex, 'hex'), 'a')));
  }

  /** The install target a link's result would be copied to (for the up-to-date check). */
  private linkInstallTarget(a: Action): string {
    return a.pkg?.target ?? '';
  }

  private readBuildIDOrHash(file: string): string {
    try { return this.bid.readFile(file); } catch { /* fall through */ }
    try { return hashToString(hashFile(file)); } catch { return ''; }
  }

  // ---- install ----

  /** go's cacheObjdirFile: an objdir file of a build, kept in the cache under its action ID (absent files are skipped). */
  private cacheObjdirFile(a: Action, name: string): void {
    const c = this.deps.cache;
    if (!c || !a.actionID || this.cfg.dryRun || !existsSync(a.objdir + name)) return;
    try { c.put(subkey(a.actionID, name), a.objdir + name); } catch { /* as go: best effort */ }
  }

  /** go's loadCachedObjdirFile: copies a cached objdir file back into a build's objdir (false when not cached). */
  private loadCachedObjdirFile(a: Action, name: string): boolean {
    const c = this.deps.cache;
    if (!c || !a.actionID) return false;
    const hit = c.getFile(subkey(a.actionID, name));
    if (!hit) return false;
    this.sh.mkdir(a.pkg, a.objdir);
    this.sh.copyFile(a.pkg, a.objdir + name, hit.file, 0o666, true);
    return true;
  }

  /** go's installHeader: the cgo header of a c-archive/c-shared build next to its target. */
  private installHeader(a: Action): void {
    const src = a.objdir + '_cgo_install.h';
    if (!this.cfg.dryRun && !existsSync(src)) {
      if (this.cfg.printCommands) this.sh.showCmd(a.pkg, '', `# ${src} not created`);
      return;
    }
    this.sh.mkdir(a.pkg, splitDir(a.target));
    this.sh.moveOrCopyFile(a.pkg, a.target, src, 0o666, true);
  }

  /** go's BuildInstallFunc, for actions with their own actor (go test -c's "test build"). */
  buildInstall(a: Action): void {
    this.install(a);
  }

  private install(a: Action): void {
    const a1 = a.deps[0]!;
    a.buildID = a1.buildID;
    const sh = this.sh;
    const p = a.pkg!;
    try {
      if (a1.built === a.target) {
        a.built = a.target;
        // A library installed because a -linkshared link needs it is up to date: go leaves it alone
        // (no clean-up, no touch) so as not to advertise that install.
        if (a.buggyInstall) return;
        this.cleanup(a1);
        if (this.cfg.dryRun) sh.showCmd(p, '', `touch ${a.target}`);
        else {
          const now = new Date();
          try { utimesSync(a.target, now, now); } catch { /* best effort */ }
        }
        return;
      }
      sh.mkdir(p, a.objdir);
      const perm = a1.mode === 'link' && !['c-archive', 'c-shared', 'plugin'].includes(this.cfg.buildmode) ? 0o777 : 0o666;
      sh.mkdir(p, splitDir(a.target));
      try {
        sh.moveOrCopyFile(p, a.target, a1.built, perm, false);
      } finally {
        if (!a.buggyInstall) this.cleanup(a1);
      }
      a.built = a.target;
    } catch (e) {
      if (e instanceof CmdError) throw e;
      throw new Error(`go ${this.cfg.cmdName} ${p.importPath}: ${(e as Error).message}`);
    }
  }

  private cleanup(a: Action): void {
    if (!this.cfg.keepWork && a.objdir) this.sh.removeAll(a.pkg, a.objdir);
  }

  // ---- run ----

  private async runProgram(a: Action): Promise<void> {
    const link = a.deps[0]!;
    const exe = link.built; // as go: the fresh link in $WORK, or the cached executable on a hit
    const cmdline = [...(this.deps.execCmd ?? []), exe, ...a.args];
    if (this.sh.showing) {
      this.sh.showCmd(a.pkg, '', cmdline.join(' '));
      if (this.cfg.dryRun) return;
    }
    // The program writes to the terminal itself: no progress line from here on.
    currentProgress()?.quiet();
    const code = await new Promise<number | string>((resolve) => {
      const child = spawn(cmdline[0]!, cmdline.slice(1), { stdio: 'inherit', env: runProgramEnv(this.cfg.origEnv, this.cfg.goroot), cwd: this.cfg.cwd });
      // As go run: SIGINT and SIGQUIT are left to the program (a terminal sends them to it too).
      const release = setForeground(child, 'ignore-interrupt');
      child.on('exit', release);
      child.on('error', release);
      child.on('error', (e) => resolve(`fork/exec ${cmdline[0]}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : e.message}`));
      child.on('exit', (c, sig) => resolve(sig ? `signal: ${sig === 'SIGKILL' ? 'killed' : sig === 'SIGINT' ? 'interrupt' : sig === 'SIGTERM' ? 'terminated' : sig}` : (c ?? 0)));
    });
    if (code !== 0) {
      process.stderr.write(typeof code === 'number' ? `exit status ${code}\n` : `${code}\n`);
      this.runFailed = true;
    }
    // go run noted an interrupt while the program ran: it exits 1 even if the program did not fail.
    if (wasInterrupted()) this.runFailed = true;
  }
}

/** filepath.Split's directory part: everything through the last slash ("" if none). */
export function splitDir(path: string): string {
  return path.slice(0, path.lastIndexOf('/') + 1);
}

/** The default executable name for a main package (last element, or major-version-aware). */
export function exeName(p: Package): string {
  if (p.internal.cmdlineFiles) {
    const first = p.goFiles[0] ?? 'command-line-arguments';
    return first.replace(/\.go$/, '').split('/').pop()!;
  }
  const parts = p.importPath.split('/');
  let last = parts[parts.length - 1]!;
  if (/^v[2-9]\d*$|^v1\d+$/.test(last) && parts.length > 1 && p.module && p.importPath === p.module.path) last = parts[parts.length - 2]!;
  return last;
}

/** Appends object files to a Go archive as `go tool pack r` does. */
export function packAppend(afile: string, ofiles: string[]): void {
  const parts: Buffer[] = [];
  for (const of of ofiles) {
    const data = readAll(of);
    let name = of.slice(of.lastIndexOf('/') + 1);
    const nb = Buffer.from(name, 'utf8');
    name = nb.length > 16 ? nb.subarray(0, 16).toString('latin1') : name + ' '.repeat(16 - nb.length);
    const hdr = name + pad('0', 12) + pad('0', 6) + pad('0', 6) + pad('644', 8) + pad(String(data.length), 10) + '`\n';
    parts.push(Buffer.from(hdr, 'latin1'), data);
    if (data.length & 1) parts.push(Buffer.from([0]));
  }
  appendAll(afile, Buffer.concat(parts));
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

import { appendFileSync, readFileSync } from 'node:fs';
function readAll(f: string): Buffer { return readFileSync(f); }
function appendAll(f: string, b: Buffer): void {
  if (!existsSync(f) || !statSync(f).isFile()) throw new Error(`os.Stat of archive file failed: ${f}`);
  appendFileSync(f, b);
}

function cpuCount(): number {
  return gomaxprocs();
}
