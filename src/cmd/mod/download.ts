// `go mod download`: fetch modules (path@version queries, or the main module's requirements) into the module cache.
import { join } from 'node:path';
import type { Command, CommandContext } from '../command.js';
import { needSwitch, switchOrFatal } from '../../toolchain/resolve.js';
import { ExitError } from '../command.js';
import type { FlagSet, Ref } from '../../lib/flags.js';
import * as gover from '../../lib/gover.js';
import { errorAs, ModuleError, versionError } from '../../lib/module.js';
import { Fetcher } from '../../modfetch/fetcher.js';
import { FatalError } from '../../modfetch/errors.js';
import { settingsFromConfig } from '../../modfetch/settings.js';
import { goJSONString, orderedOrigin, type Origin, type RevInfo } from '../../modfetch/revinfo.js';
import { fetcherQueryRepo, Querier, queryErrorOrigin } from '../../modload/query.js';
import { isRevisionQuery, NoMatchingVersionError } from '../../modload/querymatch.js';
import type { ReuseMap } from '../../modload/reuse.js';
import { loadReuseFile } from '../listm.js';
import type { Version } from '../../lib/module.js';
import type { Graph } from '../../lib/mvs.js';
import { writeGoModFile } from '../../modload/gomodwrite.js';
import { workFileInUse } from '../../modload/init.js';
import { graphGoModSums, moduleGraph, openMainModule, updateRootsToSelected } from './modstate.js';
import { addOverlayFlag, installModOverlay } from './modflags.js';

let jsonFlag: Ref<boolean>, xFlag: Ref<boolean>, reuseFlag: Ref<string>, modcacherw: Ref<boolean>, modfileFlag: Ref<string>;
let overlayFlag: Ref<string>;

/** One module's result, as go's ModuleJSON. */
export interface ModuleJSON {
  Path: string;
  Version?: string;
  Query?: string;
  Error?: string;
  Info?: string;
  GoMod?: string;
  Zip?: string;
  Dir?: string;
  Sum?: string;
  GoModSum?: string;
  Origin?: Origin;
  Reuse?: boolean;
}

const FIELDS: (keyof ModuleJSON)[] = ['Path', 'Version', 'Query', 'Error', 'Info', 'GoMod', 'Zip', 'Dir', 'Sum', 'GoModSum', 'Origin', 'Reuse'];

/** json.MarshalIndent(m, "", "\t") of a ModuleJSON (empty fields omitted). */
export function formatModuleJSON(m: ModuleJSON): string {
  const lines: string[] = [];
  for (const k of FIELDS) {
    const v = m[k];
    if (v === undefined || v === '' || v === false) continue;
    if (k === 'Origin') {
      const o = orderedOrigin(v as Origin);
      const inner = Object.entries(o)
        .filter(([, x]) => x)
        .map(([f, x]) => `\t\t"${f}": ${goJSONString(x as string)}`);
      lines.push(inner.length === 0 ? '\t"Origin": {}' : `\t"Origin": {\n${inner.join(',\n')}\n\t}`);
    } else if (k === 'Reuse') {
      lines.push('\t"Reuse": true');
    } else {
      lines.push(`\t"${k}": ${goJSONString(v as string)}`);
    }
  }
  return `{\n${lines.join(',\n')}\n}\n`;
}

/** DownloadModule: fills in m's cache files, sums and directory. */
export async function downloadModule(f: Fetcher, m: ModuleJSON): Promise<void> {
  const path = m.Path;
  const version = m.Version!;
  m.Info = (await f.infoFile(path, version)).file;
  m.GoMod = await f.goModFile(path, version);
  m.GoModSum = await f.goModSum(path, version);
  const mod = { path, version };
  m.Zip = await f.downloadZip(mod);
  m.Sum = f.sum(mod);
  m.Dir = await f.download(mod);
}

/** Runs tasks with at most n in flight, keeping result order. */
async function pool<T>(items: T[], n: number, f: (x: T) => Promise<void>): Promise<void> {
  let i = 0;
  const worker = async (): Promise<void> => {
    while (i < items.length) await f(items[i++]!);
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
}

export const command: Command = {
  name: 'download',
  usageLine: 'go mod download [-x] [-json] [-reuse=old.json] [modules]',
  short: 'download modules to local cache',
  long: `Download fetches the named modules into the module cache. Arguments are module queries
path@version (or path@latest); with no arguments, the modules the main module requires.

-json prints one JSON object per module (Path, Version, Query, Error, Info, GoMod, Zip, Dir,
Sum, GoModSum). -x prints the HTTP requests made. -reuse=old.json takes an earlier -json output: a module whose recorded Origin still matches its
repository (checked with one ls-remote, nothing fetched) is reported as before with "Reuse": true and
not downloaded; a module proxy never confirms reuse.`,
  flags(fs: FlagSet) {
    jsonFlag = fs.bool('json', false);
    xFlag = fs.bool('x', false);
    reuseFlag = fs.string('reuse', '');
    modcacherw = fs.bool('modcacherw', false);
    modfileFlag = fs.string('modfile', '');
    overlayFlag = addOverlayFlag(fs);
  },
  async run(ctx: CommandContext, args: string[]): Promise<number> {
    installModOverlay(ctx.config, ctx.cwd, overlayFlag.value);
    const config = ctx.config;
    const err = (s: string): void => void ctx.stderr.write(s);
    if (config.getenv('GO111MODULE') === 'off') throw new ExitError("go: modules disabled by GO111MODULE=off; see 'go help modules'", 1);
    const gomod = modfileFlag.value !== '' ? join(ctx.cwd, modfileFlag.value) : config.modulesEnabled ? config.gomod : '';
    // A go.work in use makes every module it uses a main module (go's HasModRoot || WorkFilePath).
    const inWorkspace = config.modulesEnabled && workFileInUse(config) !== '';
    const inModule = inWorkspace || (gomod !== '' && gomod !== '/dev/null');
    // In a module, modload reads go.mod (with go's checks) and loads the graph with replacements applied.
    const mm = inModule
      ? openMainModule(ctx, { cmdName: 'mod download', modFile: modfileFlag.value, modcacherw: modcacherw.value, trace: xFlag.value })
      : undefined;
    const st = mm?.st;
    const main = st ? { path: st.main.path, goVersion: st.main.goVersion, require: st.mains.flatMap((m) => m.file.require) } : undefined;
    const haveExplicitArgs = args.length > 0;
    let queries: string[] = args;
    if (main && haveExplicitArgs) {
      queries = [];
      const mainPaths = st!.mains.map((m) => m.path);
      for (const a of args) {
        const p = mainPaths.find((mp) => a === mp || a === mp + '@upgrade' || a === mp + '@patch');
        if (p !== undefined) {
          err(`go: skipping download of ${a} that resolves to the main module\n`);
          continue;
        }
        queries.push(a);
      }
    }
    if (queries.length === 0 && !haveExplicitArgs && !main) {
      err("go: no modules specified (see 'go help mod download')\n");
      return 1;
    }
    if (reuseFlag.value !== '' && main) throw new ExitError('go mod download -reuse cannot be used inside a module');

    const fetcher = mm?.fetcher ?? new Fetcher(
      settingsFromConfig(config, { cmdName: 'mod download', modcacherw: modcacherw.value, trace: xFlag.value, stderr: err }),
      { goSumFile: '' },
    );
    // Versions of plain module paths: go.mod's requirements, or the build list once it is loaded.
    const selected = new Map((main?.require ?? []).map((r) => [r.path, r.version]));
    let graph: Graph | undefined;
    const loadBuildList = async (): Promise<Version[]> => {
      if (!graph) {
        // go's SwitchOrFatal on LoadModGraph: a module in the graph needing a newer Go may switch toolchains.
        let gerr: unknown;
        try {
          gerr = (await st!.reqs.expandedGraph()).error;
        } catch (e) {
          gerr = e;
        }
        if (gerr instanceof Error) await switchOrFatal(config, gerr, err);
        graph = await moduleGraph(st!);
      }
      const list = graph.buildList();
      for (const m of list) if (m.version !== '') selected.set(m.path, m.version);
      return list;
    };
    // Without arguments go writes go.mod after loading the graph (requirements raised to the
    // selected versions) and keeps only the go.mod sums of the graph.
    let goModSums: Set<string> | undefined;
    if (main && st && !haveExplicitArgs && inWorkspace) {
      // A workspace downloads "all", and records the sums of everything it downloads in go.work.sum.
      await loadBuildList();
      goModSums = graphGoModSums(graph!, '', main.require.map((r) => ({ path: r.path, version: r.version })), st.replace);
      queries = ['all'];
    } else if (main && st && !haveExplicitArgs) {
      // go 1.17+ modules list every needed module in go.mod; older ones download "all" (the build list).
      // Either way go loads the module graph first (which checks and records the go.mod sums).
      const old = main.goVersion === '' || gover.compare(main.goVersion, gover.EXPLICIT_INDIRECT_VERSION) < 0;
      if (!old || main.require.length > 0) {
        await loadBuildList();
        const { roots, changed } = updateRootsToSelected(st.main.file, graph!);
        // go's WriteGoMod also records the versions resolved for non-canonical ones (a branch, a commit).
        if (changed || st.main.fixed) writeGoModFile(st.main.goModFile, st.main.file.format());
        goModSums = graphGoModSums(graph!, main.path, roots, st.replace);
        queries = old ? ['all'] : main.require.map((r) => r.path);
        if (!old) for (const m of main.require) selected.set(m.path, m.version);
      }
    }

    // With arguments, go loads the full graph for "all", for paths that are not roots, and always
    // in an unpruned module (ListModules' needFullGraph); go.mod and go.sum are then written from it.
    let buildListZips: Set<string> | undefined;
    let goModChanged = false;
    if (main && st && haveExplicitArgs) {
      const roots = new Set(main.require.map((r) => r.path));
      const unpruned = st.reqs.pruning !== 'pruned';
      if (queries.some((q) => q === 'all' || (!q.includes('@') && (unpruned || !roots.has(q))))) {
        const list = await loadBuildList();
        if (inWorkspace) {
          goModSums = graphGoModSums(graph!, '', main.require.map((r) => ({ path: r.path, version: r.version })), st.replace);
        } else {
          const { roots: newRoots, changed } = updateRootsToSelected(st.main.file, graph!);
          goModChanged = changed;
          goModSums = graphGoModSums(graph!, main.path, newRoots, st.replace);
        }
        buildListZips = new Set(list.filter((m) => m.version !== '').map((m) => {
          const r = st.replace.resolve(m);
          return `${r.path}@${r.version}`;
        }));
      }
    }

    if (queries.length === 0 && !haveExplicitArgs) {
      err('go: no module dependencies to download\n');
      await fetcher.writeGoSum((m) => m.version.endsWith('/go.mod'), false).catch(() => undefined);
      return 0;
    }

    // Outside a module a pattern matches nothing: go's ListModules stops before any download.
    if (!main) {
      const pat = queries.find((q) => q === 'all' || (!q.includes('@') && q.includes('...')));
      if (pat !== undefined) throw new ExitError(`go: cannot match ${JSON.stringify(pat)}: go.mod file not found in current directory or any parent directory; see 'go help modules'`, 1);
    }

    // -reuse: results of an earlier run that may stand if their origins still hold.
    let reuse: ReuseMap | undefined;
    if (reuseFlag.value !== '') {
      try {
        reuse = loadReuseFile(ctx.cwd, reuseFlag.value);
      } catch (e) {
        throw new ExitError(`go: ${(e as Error).message}`);
      }
    }
    // go's ListModules: path@query arguments are modload queries (exclusions and retractions
    // apply unless a revision is named), whose results carry the origins they depend on.
    const querier = new Querier({
      repo: fetcherQueryRepo(fetcher),
      mainPaths: new Set(st ? st.mains.map((mm) => mm.path) : []),
      ...(st ? { replace: st.replace, exclude: st.exclude } : {}),
    });
    const resolveDownloadQuery = async (path: string, q: string): Promise<RevInfo> => {
      fetcher.proxyList(); // a bad GOPROXY is reported before anything else
      const allowed = isRevisionQuery(path, q) ? undefined : querier.checkAllowed;
      return querier.query(path, q, selected.get(path) ?? 'none', allowed, reuse);
    };

    // Resolve the queries (ListModules for "all", path@version and required paths).
    const mods: ModuleJSON[] = [];
    const queried = new Set<ModuleJSON>();
    for (const q of queries) {
      if (q === 'all' && main) {
        for (const m of await loadBuildList()) {
          if (m.version === '' || gover.isToolchain(m.path)) continue;
          mods.push({ Path: m.path, Version: m.version });
        }
        continue;
      }
      const at = q.indexOf('@');
      const path = at >= 0 ? q.slice(0, at) : q;
      const query = at >= 0 ? q.slice(at + 1) : '';
      const m: ModuleJSON = { Path: path };
      if (query === '') {
        const v = selected.get(path);
        if (v === undefined) {
          m.Error = main ? `module ${path}: not a known dependency` : `cannot match "${path}" without -versions or an explicit version: go.mod file not found in current directory or any parent directory`;
        } else {
          m.Version = v;
        }
      } else {
        m.Version = query;
        queried.add(m);
      }
      mods.push(m);
    }
    // Modules replaced by a directory have nothing to download; others download their replacement.
    const todo: ModuleJSON[] = [];
    // The errors behind m.Error, for toolchain switching (a module needing a newer Go).
    const failures = new Map<ModuleJSON, Error>();
    try {
      await pool(mods, 4, async (m) => {
        if (m.Error !== undefined) {
          todo.push(m);
          return;
        }
        const q = m.Version!;
        try {
          // Build list versions are used as they are; only path@query arguments are queries.
          const info: { version: string; origin?: Origin } = queried.has(m) ? await resolveDownloadQuery(m.Path, q) : { version: q };
          m.Version = info.version;
          if (q !== info.version) m.Query = q;
          if (info.origin) m.Origin = info.origin;
        } catch (e) {
          if (e instanceof FatalError) throw e;
          // Query errors name the module: ModuleErrors already do, others get "path@query: ".
          const qe = errorAs(e, NoMatchingVersionError)
            ? new ModuleError(m.Path, '', e as Error)
            : errorAs(e, ModuleError) ? (e as Error) : versionError({ path: m.Path, version: q }, e as Error);
          m.Error = qe.message;
          const origin = queryErrorOrigin(e);
          if (origin) m.Origin = origin;
          failures.set(m, qe);
          todo.push(m);
          return;
        }
        // -reuse: an old result for the version whose origin still holds is reported as it was,
        // without downloading anything (go's completeFromModCache).
        const old = reuse && queried.has(m) ? reuse.get(`${m.Path}@${m.Version}`) : undefined;
        if (old && (await querier.checkReuse(m.Path, m.Version!, old.origin))) {
          m.Reuse = true;
          if (old.error !== undefined) m.Error = old.error;
          todo.push(m);
          return;
        }
        // Build list entries download their replacement; explicit path@query arguments do not.
        const r = queried.has(m) ? undefined : st?.replace.lookup({ path: m.Path, version: m.Version });
        if (r) {
          if (r.version === '') return;
          m.Path = r.path;
          m.Version = r.version;
          delete m.Query;
          delete m.Origin;
        }
        todo.push(m);
        try {
          await downloadModule(fetcher, m);
        } catch (e) {
          if (e instanceof FatalError) throw e;
          m.Error = (e as Error).message;
          failures.set(m, e as Error);
        }
      });
    } catch (e) {
      if (e instanceof FatalError) throw new ExitError(e.message);
      throw e;
    }
    const shown = mods.filter((m) => todo.includes(m));
    // go switches toolchains when a module named on the command line (or in a workspace) needs a newer Go.
    if (haveExplicitArgs || (config.gowork !== '' && config.gowork !== 'off')) {
      const errs = shown.flatMap((m) => failures.get(m) ?? []);
      if (errs.length > 0 && needSwitch(config, errs)) await switchOrFatal(config, new AggregateError(errs), err);
    }

    let status = 0;
    if (jsonFlag.value) {
      for (const m of shown) {
        ctx.stdout.write(formatModuleJSON(m));
        if (m.Error) status = 1;
      }
    } else {
      for (const m of shown) {
        if (m.Error) {
          err(`go: ${m.Error}${m.Error.endsWith('\n') ? '' : '\n'}`);
          status = 1;
        }
      }
      if (status !== 0) return status;
    }

    // Record sums for the main module's own requirements (go keeps those in the build list).
    if (main) {
      // go's keepSums: with the graph loaded, the go.mod sums of the graph and the sums of the build
      // list; otherwise those of the roots; each as its replacement.
      const rootSums = new Set(main.require.map((r) => {
        const rr = st!.replace.resolve({ path: r.path, version: r.version });
        return `${rr.path}@${rr.version}`;
      }));
      const allZips = inWorkspace && !haveExplicitArgs ? new Set(mods.map((m) => `${m.Path}@${m.Version}`)) : undefined;
      const keep = (m: Version): boolean => {
        const k = `${m.path}@${m.version}`;
        if (allZips) return goModSums!.has(k) || allZips.has(k);
        if (!haveExplicitArgs) return m.version.endsWith('/go.mod') && (goModSums === undefined || goModSums.has(k));
        const zipKey = k.replace(/\/go\.mod$/, '');
        if (goModSums && buildListZips) return goModSums.has(k) || buildListZips.has(zipKey);
        return rootSums.has(zipKey);
      };
      try {
        // go's WriteGoMod after explicit arguments: raised roots, and versions resolved for non-canonical ones.
        if (st && (goModChanged || (haveExplicitArgs && st.main.fixed && !inWorkspace))) writeGoModFile(st.main.goModFile, st.main.file.format());
        await fetcher.writeGoSum(keep, false);
      } catch (e) {
        err(`go: ${(e as Error).message}\n`);
        status = 1;
      }
    }
    return status;
  },
};
