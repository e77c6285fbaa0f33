// Entry point for commands: the module state from the go configuration and the -mod/-modfile flags.
import type { Config } from '../cfg/config.js';
import type { ModFile } from '../lib/modfile/index.js';
import { actual as fsysActual, overlay as fsysOverlay, replaced as fsysReplaced } from '../base/fsys.js';
import { Fetcher } from '../modfetch/fetcher.js';
import { settingsFromConfig } from '../modfetch/settings.js';
import { fetcherSource } from './fetchsource.js';
import type { ModuleSource } from './source.js';
import { ModState } from './state.js';
import { packageIndexFor } from '../load/pkgindex.js';
import { AnyTagsScanner } from '../load/scanimports.js';
import { ModloadError } from './errors.js';
import { answerVersionFixes, type VersionFixRequest } from './fixversion.js';
import { fetcherQueryRepo, Querier } from './query.js';

export interface OpenOptions {
  /** go's cfg.CmdName: "build", "mod graph", ... */
  cmdName: string;
  /** -mod as given. */
  buildMod?: string;
  /** -modfile as given. */
  modFile?: string;
  modcacherw?: boolean;
  /** -x */
  trace?: boolean;
  stderr?: (s: string) => void;
  /** Overrides the module source (tests). */
  source?: ModuleSource;
  /** Opens the given directory's module even when a go.work is in use (pkg@version's dummy main module). */
  ignoreWorkspace?: boolean;
  /** Opens this go.work's workspace whatever the command (go get's final check, go's EnterWorkspace). */
  workFile?: string;
  /** With workFile: main modules' go.mod files to use instead of the ones on disk, by module path. */
  modFileOverrides?: ReadonlyMap<string, ModFile>;
}

/** The Fetcher for a command (go.sum next to the go.mod in use). */
export function openFetcher(config: Config, o: OpenOptions, goSumFile: string, workspaceGoSumFiles: string[] = []): Fetcher {
  const settings = settingsFromConfig(config, {
    cmdName: o.cmdName,
    ...(o.modcacherw !== undefined ? { modcacherw: o.modcacherw } : {}),
    ...(o.trace !== undefined ? { trace: o.trace } : {}),
    ...(o.stderr ? { stderr: o.stderr } : {}),
  });
  // -overlay can replace go.sum (read from the replacement, never written).
  const overlay = fsysOverlay() ? { replaced: fsysReplaced, actual: fsysActual } : undefined;
  return new Fetcher(settings, { goSumFile, workspaceGoSumFiles, tidy: o.cmdName === 'mod tidy', ...(overlay ? { overlay } : {}) });
}

/** Opens the module state in cwd (throws go's errors when there is no usable main module). */
/** What module commands say under GO111MODULE=off. */
export function modulesDisabledError(): ModloadError {
  return new ModloadError("modules disabled by GO111MODULE=off; see 'go help modules'");
}

/**
 * Whether a command honours go.work (go's commands that call InitWorkfile): go mod tidy, init and
 * edit, go get and go fmt always work on the single module containing the current directory.
 */
export function usesWorkspace(cmdName: string): boolean {
  return !['mod tidy', 'mod init', 'mod edit', 'get', 'fmt'].includes(cmdName);
}

/** go's HasModRoot for a command: a main module, or a go.work in use (for commands that honour it). */
export function hasModRoot(config: Config, cmdName: string): boolean {
  if (config.gomod !== '' && config.gomod !== '/dev/null') return true;
  return config.modulesEnabled && usesWorkspace(cmdName) && workFileInUse(config) !== '';
}

/** The go.work file in use, or "" (GOWORK=off or none found). */
export function workFileInUse(config: Config): string {
  const w = config.gowork;
  return w === 'off' ? '' : w;
}

export function openModState(config: Config, cwd: string, o: OpenOptions): { st: ModState; fetcher?: Fetcher } {
  if (config.getenv('GO111MODULE') === 'off' && !o.source) throw modulesDisabledError();
  const workFile = o.workFile ?? (o.ignoreWorkspace || !usesWorkspace(o.cmdName) ? '' : workFileInUse(config));
  if (workFile !== '' && o.cmdName === 'mod vendor') {
    throw new ModloadError("'go mod vendor' cannot be run in workspace mode. Run 'go work vendor' to vendor the workspace or set 'GOWORK=off' to exit workspace mode.");
  }
  let fetcher: Fetcher | undefined;
  const lazySource: ModuleSource = o.source ?? {
    list: (p) => src().list(p),
    info: (p, v) => src().info(p, v),
    goMod: (p, v) => src().goMod(p, v),
    zipDir: (p, v) => src().zipDir(p, v),
    cachedDir: (p, v) => src().cachedDir?.(p, v),
    goModSync: (p, v) => src().goModSync?.(p, v),
    zipSum: (p, v) => src().zipSum?.(p, v),
    downloadDir: (p, v) => src().downloadDir?.(p, v),
  };
  let source: ModuleSource | undefined;
  const src = (): ModuleSource => {
    if (!source) {
      fetcher = openFetcher(config, o, st.goSumFile, st.workspaceGoSumFiles);
      source = fetcherSource(fetcher);
    }
    return source;
  };
  const st: ModState = new ModState({
    cwd,
    goroot: config.goroot,
    gomodcache: config.gomodcache,
    localGo: config.localGo,
    gotoolchain: config.getenv('GOTOOLCHAIN'),
    ...(config.toolchainStartup ? { startup: config.toolchainStartup } : {}),
    go111module: config.getenv('GO111MODULE'),
    buildMod: o.buildMod ?? '',
    modFile: o.modFile ?? '',
    cmdName: o.cmdName,
    workFile,
    ...(o.workFile && o.modFileOverrides ? { modFileOverrides: o.modFileOverrides } : {}),
    source: lazySource,
    scanner: new AnyTagsScanner(packageIndexFor(config)),
    ...(o.stderr ? { warn: (m: string) => o.stderr!(m + '\n') } : {}),
  });
  if (!o.source) src();
  return fetcher ? { st, fetcher } : { st };
}

/**
 * Answers the queries a main go.mod's non-canonical versions need (go's fixVersion calls Query with
 * no main module known yet: no replacements, exclusions or retractions apply).
 */
export async function answerVersionFixRequest(config: Config, req: VersionFixRequest, stderr?: (s: string) => void): Promise<void> {
  const fetcher = openFetcher(config, { cmdName: '', ...(stderr ? { stderr } : {}) }, req.goModFile.replace(/\.mod$/, '.sum'));
  const q = new Querier({ repo: fetcherQueryRepo(fetcher), mainPaths: new Set() });
  await answerVersionFixes(req, async (path, vers) => (await q.query(path, vers)).version);
}
