// The action graph: memoized constructors for compile/link/install/run actions, priorities and a JSON dump.
import { basename, join } from 'node:path';
import type { Package } from '../load/types.js';
import { hashToString } from './buildid.js';
import { joinUnambiguously } from './quote.js';

/**
 * 'buggy-install': the install go does of the libraries a -linkshared link depends on (its
 * ModeBuggyInstall): like 'install', but it neither touches an up-to-date target nor cleans up the build.
 */
export type BuildMode = 'build' | 'install' | 'buggy-install';

/** One node of the graph. `mode` uses go's names ("build", "link", "build-install", ...). */
export class Action {
  deps: Action[] = [];
  triggers: Action[] = [];
  objdir = '';
  target = '';
  built = '';
  buildID = '';
  actionID: Buffer | undefined;
  /** The action ID computed as soon as the action became ready, to look it up in the cache early. */
  earlyActionID: Buffer | undefined;
  priority = 0;
  pending = 0;
  failed: Action | undefined;
  /** GOCMD_EXPLAIN: why this compile or link missed the cache (set only with the variable on). */
  explainReasons: string[] | undefined;
  /** Arguments for a "run" action. */
  args: string[] = [];
  /** Buffered tool output while the action runs (null = not buffering). */
  output: string | null = null;
  /** A "link" action whose result should be stored in the cache (go run). */
  cacheExecutable = false;
  cachedExecutable = '';
  /** A compile's archive in the build cache, once stored there or found (go's Package.Export). */
  cachedArchive = '';
  /** Set by the scheduler for -debug-actiongraph timing. */
  timeReady?: Date;
  timeStart?: Date;
  timeDone?: Date;
  /**
   * The command lines the action ran, as argument lists: joined (go's Cmd strings) only when
   * -debug-actiongraph writes them, not for every tool of every build.
   */
  cmds: string[][] = [];
  /**
   * A custom step (e.g. the test room's "test run"); when set, the Builder calls it instead of
   * dispatching on mode. It receives the Builder (typed loosely to keep this module free of exec).
   */
  actor?: (builder: unknown, a: Action) => Promise<void>;
  /** Run even if a dependency failed (go's IgnoreFail). */
  ignoreFail = false;
  /** A "build" action whose archive is wanted; false when the package is only vetted (go's needBuild). */
  needBuild = true;
  /** A "build" action whose cgo header (_cgo_install.h) an "install header" action copies (go's needCgoHdr). */
  needCgoHdr = false;
  /** A "build" action a vet action reads (go's needVet). */
  needVet = false;
  /**
   * go's TryCache, on a test run action: asked before linking its test binary whether the test result is
   * cached, in which case the link is skipped. Receives the Builder (typed loosely), this action and the link.
   */
  tryCache?: (builder: unknown, run: Action, link: Action) => boolean;
  /** An install made by a 'buggy-install' (see BuildMode). */
  buggyInstall = false;

  constructor(public mode: string, public pkg?: Package) {}
}

/** Memoizing constructor of actions for one build invocation (go's Builder action methods). */
export class ActionGraph {
  private seq = 0;
  private readonly memo = new Map<string, Action>();
  private readonly pkgIds = new Map<Package, number>();

  constructor(readonly workDir: string, readonly exeSuffix: string) {}

  /** A fresh object directory $WORK/bNNN/ (with trailing slash). */
  newObjdir(): string {
    this.seq++;
    return join(this.workDir, `b${String(this.seq).padStart(3, '0')}`) + '/';
  }

  private key(mode: string, p: Package | undefined): string {
    let id = 0;
    if (p) {
      id = this.pkgIds.get(p) ?? 0;
      if (id === 0) { id = this.pkgIds.size + 1; this.pkgIds.set(p, id); }
    }
    return `${mode}\x00${id}`;
  }

  private cached(mode: string, p: Package | undefined, f: () => Action): Action {
    const k = this.key(mode, p);
    let a = this.memo.get(k);
    if (!a) { a = f(); this.memo.set(k, a); }
    return a;
  }

  /** The action for p: link for commands, compile otherwise (go's AutoAction). */
  autoAction(mode: BuildMode, depMode: BuildMode, p: Package): Action {
    return p.name === 'main' ? this.linkAction(mode, depMode, p) : this.compileAction(mode, depMode, p);
  }

  /**
   * Compile p (and, via deps, everything it imports). vetOnly: the caller (a vet action) needs only the
   * action's ID and files, not the archive, unless another caller asks for p compiled (go's ModeVetOnly).
   */
  compileAction(mode: BuildMode, depMode: BuildMode, p: Package, vetOnly = false): Action {
    if (mode !== 'build' && (!p.target || p.name === 'main')) mode = 'build';
    let a = this.cached('build', p, () => {
      const a = new Action('build', p);
      a.needBuild = false;
      a.objdir = this.newObjdir();
      // A package in an import cycle gets no compile deps: following its imports would loop forever.
      if (!p.error?.isImportCycle) {
        for (const p1 of p.internal.imports) a.deps.push(this.compileAction(depMode, depMode, p1));
      }
      // -pgo: every compile reads the profile preprocessed once (go's "preprocess PGO profile").
      const profile = p.internal.pgoProfile ?? this.pgoProfile;
      if (profile) a.deps.push(this.pgoAction(profile));
      if (p.standard && (p.importPath === 'unsafe' || p.importPath === 'builtin')) {
        a.mode = 'built-in package';
      }
      return a;
    });
    const build = a.mode === 'build-install' ? a.deps[0]! : a;
    build.needBuild ||= !vetOnly;
    if (mode !== 'build') a = this.installAction(a, mode);
    return a;
  }

  /**
   * -linkshared: the packages built into the shared library at the given path (read from its package-list
   * note), and the packages its relink adds as every -buildmode=shared link does (runtime/cgo; the packages
   * every link opens). Unset without -linkshared: links then add no relinks of the libraries.
   */
  sharedLibraries?: {
    packages(shlib: string): Package[];
    implicit: Package[];
    linkerDeps: Package[];
  };

  /** The PGO profile every package is compiled with ("" for none). */
  pgoProfile = '';

  /** -buildmode=c-archive or c-shared: installs of cgo packages also install the cgo header (go's addInstallHeaderAction). */
  installHeaders = false;

  /** The action that runs preprofile on input into $WORK/bNNN/pgo.preprofile (one per profile). */
  pgoAction(input: string): Action {
    const k = 'preprocess PGO profile ' + input;
    let a = this.memo.get(k);
    if (!a) {
      a = new Action('preprocess PGO profile');
      a.objdir = this.newObjdir();
      a.target = join(a.objdir, 'pgo.preprofile');
      a.args = [input];
      this.memo.set(k, a);
    }
    return a;
  }

  /** Link command p into $WORK/bNNN/exe/a.out. */
  linkAction(mode: BuildMode, depMode: BuildMode, p: Package, exeName = ''): Action {
    let a = this.cached('link', p, () => {
      const a = new Action('link', p);
      const a1 = this.compileAction('build', depMode, p);
      a.deps = [a1];
      a.objdir = a1.objdir;
      a.target = a.objdir + join('exe', exeName || 'a.out') + this.exeSuffix;
      a.built = a.target;
      this.addTransitiveLinkDeps(a, a1, '');
      // The main package compiles strictly after everything else the link needs.
      const nop = new Action('nop');
      nop.deps = a.deps.slice(1);
      a1.deps.push(nop);
      return a;
    });
    if (mode === 'install') a = this.installAction(a);
    return a;
  }

  /** Replace a1 (in place, as go does) by an install action that depends on a copy of it. */
  installAction(a1: Action, mode: 'install' | 'buggy-install' = 'install'): Action {
    if (a1.mode.endsWith('-install')) {
      // A library install a relink asked for first becomes a proper one when the command asks too.
      if (a1.buggyInstall && mode === 'install') a1.buggyInstall = false;
      return a1;
    }
    if (a1.mode === 'built-in package') return a1;
    const p = a1.pkg!;
    return this.cached(a1.mode + '-install', p, () => {
      const build = Object.assign(Object.create(Object.getPrototypeOf(a1) as object) as Action, a1);
      // Overwrite a1 so that every earlier dependent now depends on the install.
      const inst = new Action(build.mode + '-install', p);
      inst.objdir = build.objdir;
      inst.deps = [build];
      inst.target = p.target ?? '';
      inst.built = p.target ?? '';
      inst.buggyInstall = mode === 'buggy-install';
      for (const k of Object.keys(a1) as (keyof Action)[]) delete (a1 as unknown as Record<string, unknown>)[k];
      Object.assign(a1, inst);
      if (this.installHeaders && (p.cgoFiles.length > 0 || p.swigFiles.length > 0 || p.swigCXXFiles.length > 0)) {
        const target = a1.target;
        const dot = target.lastIndexOf('.');
        const ah = new Action('install header', p);
        ah.deps = [build];
        ah.objdir = build.objdir;
        ah.target = (dot > target.lastIndexOf('/') ? target.slice(0, dot) : target) + '.h';
        a1.deps.push(ah);
        const compile = build.mode === 'link' ? build.deps[0]! : build;
        compile.needCgoHdr = true;
      }
      // Any nop sequencing action that pointed at the build keeps pointing at a1 (the install); fine.
      return a1;
    });
  }

  /**
   * -buildmode=shared: link the packages a1 builds into the shared library shlib (go's linkSharedAction);
   * with mode "install", install it into the packages' install root next to a <path>.shlibname file
   * for each of them. runtimeCgo: the loaded runtime/cgo, which external linking needs in the library
   * (math too on arm); linkerDeps: the packages every link opens (runtime).
   */
  linkSharedAction(mode: BuildMode, depMode: BuildMode, shlibPath: string, a1In: Action | undefined, extraIn?: { implicit: Package[]; linkerDeps: Package[] }): Action {
    // Without a1, shlibPath is an installed library to relink: its packages come from its note.
    const shlib = basename(shlibPath);
    let a = this.cachedKey('build-shlib ' + shlib, () => {
      const libs = this.sharedLibraries;
      const a1 = a1In ?? new Action('shlib packages');
      if (!a1In) {
        for (const p of libs?.packages(shlibPath) ?? []) a1.deps.push(this.compileAction(mode, depMode, p));
      }
      const extra = extraIn ?? { implicit: libs?.implicit ?? [], linkerDeps: libs?.linkerDeps ?? [] };
      const a = new Action(SHLIB_BUILD_MODE);
      a.objdir = this.newObjdir();
      a.deps = [a1];
      a.target = a.objdir + shlib;
      const add = (to: Action, p: Package, force: boolean): void => {
        if (to.deps.some((d) => d.pkg?.importPath === p.importPath)) return;
        // A package already in another shared library means that library holds the runtime too.
        if (force || !p.shlib || basename(p.shlib) === p.importPath) to.deps.push(this.compileAction(depMode, depMode, p));
      };
      for (const p of extra.implicit) add(a1, p, false);
      for (const p of extra.linkerDeps) add(a, p, true);
      this.addTransitiveLinkDeps(a, a1, shlib);
      return a;
    });
    if (mode !== 'build') {
      const build = a;
      a = this.cachedKey('install-shlib ' + shlib, () => {
        const pkgs = build.deps[0]!.deps.filter((d) => d.pkg).map((d) => d.pkg!);
        const roots = pkgs.map(pkgTargetRoot);
        for (let i = 1; i < pkgs.length; i++) {
          if (roots[i] !== roots[0]) {
            throw new Error(`installing shared library: cannot use packages ${pkgs[0]!.importPath} and ${pkgs[i]!.importPath} from different roots ${roots[0]} and ${roots[i]}`);
          }
        }
        const inst = new Action(SHLIB_INSTALL_MODE);
        inst.objdir = build.objdir;
        inst.deps = [build];
        inst.target = join(roots[0] ?? '', shlib);
        pkgs.forEach((p, i) => {
          if (!roots[i]) return;
          const n = new Action(SHLIBNAME_MODE, p);
          n.target = join(roots[i]!, p.importPath + '.shlibname');
          n.deps = [build];
          inst.deps.push(n);
        });
        return inst;
      });
    }
    return a;
  }

  /**
   * transitiveLinkDeps, and with -linkshared the relink and install of each shared library holding one
   * of those packages (but not shlib, the library a itself links), as go does on every such link.
   */
  private addTransitiveLinkDeps(a: Action, a1: Action, shlib: string): void {
    transitiveLinkDeps(a, a1);
    if (!this.sharedLibraries) return;
    const have = new Set([shlib]);
    for (const d of [...a.deps]) {
      const p1 = d.pkg;
      if (!p1?.shlib || have.has(basename(p1.shlib))) continue;
      have.add(basename(p1.shlib));
      a.deps.push(this.linkSharedAction('buggy-install', 'buggy-install', p1.shlib, undefined));
    }
  }

  private cachedKey(k: string, f: () => Action): Action {
    let a = this.memo.get(k);
    if (!a) { a = f(); this.memo.set(k, a); }
    return a;
  }

  /** A run action for a linked command. */
  runAction(link: Action, args: string[]): Action {
    const a = new Action('run', link.pkg);
    a.deps = [link];
    a.args = args;
    return a;
  }
}

/**
 * The test run action of a test binary's link action: the one "test run" behind its only trigger, a
 * "test barrier" (go's testRunAction); undefined for other links.
 */
export function testRunAction(a: Action): Action | undefined {
  if (a.triggers.length !== 1 || a.triggers[0]!.mode !== 'test barrier') return undefined;
  let run: Action | undefined;
  for (const t of a.triggers[0]!.triggers) {
    if (t.mode !== 'test run') continue;
    if (run) return undefined;
    run = t;
  }
  return run;
}

/** The modes of -buildmode=shared's actions (go's names). */
export const SHLIB_BUILD_MODE = 'go build -buildmode=shared';
export const SHLIB_INSTALL_MODE = 'go install -buildmode=shared';
export const SHLIBNAME_MODE = 'shlibname';

/** go's PkgTargetRoot as the loader set it: the directory p's archive is installed under ("" for none). */
export function pkgTargetRoot(p: Package): string {
  const suffix = '/' + p.importPath + '.a';
  return p.target?.endsWith(suffix) ? p.target.slice(0, -suffix.length) : '';
}

/** Adds to link action a every package transitively needed by a1, breadth-first (go's order). */
/** Adds to link a (a program's, or a shared library's) every package it links (go's addTransitiveLinkDeps). */
function transitiveLinkDeps(a: Action, a1: Action): void {
  const work: Action[] = [a1];
  const have = new Set<string>();
  if (a1.pkg) have.add(a1.pkg.importPath);
  for (let i = 0; i < work.length; i++) {
    for (let a2 of work[i]!.deps) {
      if (!a2.pkg || (a2.mode !== 'build' && a2.mode !== 'build-install') || have.has(a2.pkg.importPath)) continue;
      have.add(a2.pkg.importPath);
      a.deps.push(a2);
      if (a2.mode === 'build-install') a2 = a2.deps[0]!;
      work.push(a2);
    }
  }
}

/** All actions reachable from root, in depth-first post-order (go's actionList). */
export function actionList(root: Action): Action[] {
  const seen = new Set<Action>();
  const all: Action[] = [];
  const walk = (a: Action): void => {
    if (seen.has(a)) return;
    seen.add(a);
    for (const d of a.deps) walk(d);
    all.push(a);
  };
  walk(root);
  return all;
}

/**
 * Whether the scheduler may order actions by critical path instead of go's post-order. Only where the order
 * is not seen: -n prints the commands in action order; with -p 1 go's order is deterministic and decides how
 * build errors interleave with results; and go test reports each package as soon as its test has run, which
 * a critical-path order (every build before any test run) would hold back until nearly everything is built.
 */
export function useCriticalPath(all: readonly Action[], o: { dryRun: boolean; parallel: number }): boolean {
  if (o.dryRun || o.parallel <= 1) return false;
  return !all.some((a) => a.mode === 'test run');
}

/**
 * Assigns priorities (lower runs first). With criticalPath, actions with the longest chain of
 * dependents above them go first (ties by post-order); otherwise go's plain post-order.
 */
export function assignPriorities(all: Action[], criticalPath: boolean): void {
  all.forEach((a, i) => { a.priority = i; });
  if (!criticalPath) return;
  // Height = length of the longest chain from the action up to the root.
  const height = new Map<Action, number>();
  for (let i = all.length - 1; i >= 0; i--) {
    const a = all[i]!;
    const h = height.get(a) ?? 0;
    for (const d of a.deps) height.set(d, Math.max(height.get(d) ?? 0, h + 1));
  }
  const order = all.map((a, i) => ({ a, i, h: height.get(a) ?? 0 }));
  order.sort((x, y) => y.h - x.h || x.i - y.i);
  order.forEach((o, rank) => { o.a.priority = rank; });
}

/** The action graph as go's -debug-actiongraph JSON. */
export function actionGraphJSON(root: Action): string {
  const work: Action[] = [];
  const index = new Map<Action, number>();
  const add = (a: Action): void => {
    if (index.has(a)) return;
    index.set(a, work.length);
    work.push(a);
  };
  add(root);
  for (let i = 0; i < work.length; i++) for (const d of work[i]!.deps) add(d);
  const list = work.map((a, id) => {
    const j: Record<string, unknown> = { ID: id, Mode: a.mode, Package: a.pkg?.importPath ?? '' };
    if (a.deps.length) j['Deps'] = a.deps.map((d) => index.get(d));
    if (a.ignoreFail) j['IgnoreFail'] = true;
    if (a.args.length) j['Args'] = a.args;
    if (a.objdir) j['Objdir'] = a.objdir;
    if (a.target) j['Target'] = a.target;
    if (a.priority) j['Priority'] = a.priority;
    if (a.failed) j['Failed'] = true;
    if (a.built) j['Built'] = a.built;
    if ((a as { vetxOnly?: boolean }).vetxOnly) j['VetxOnly'] = true;
    if (a.needVet) j['NeedVet'] = true;
    if (a.mode === 'build' && a.needBuild) j['NeedBuild'] = true;
    if (a.actionID) j['ActionID'] = hashToString(a.actionID);
    if (a.buildID) j['BuildID'] = a.buildID;
    if (a.timeReady) j['TimeReady'] = a.timeReady.toISOString();
    if (a.timeStart) j['TimeStart'] = a.timeStart.toISOString();
    if (a.timeDone) j['TimeDone'] = a.timeDone.toISOString();
    j['Cmd'] = a.cmds.length ? a.cmds.map(joinUnambiguously) : null;
    return j;
  });
  return JSON.stringify(list, null, '\t');
}

export { hashToString };
