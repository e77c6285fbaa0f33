// What build-style commands call: the module state turned into load's main module and ImportResolver.
import type { Config } from '../cfg/config.js';
import { ExitError } from '../base/errors.js';
import { errorAs, ModuleError } from '../lib/module.js';
import { FatalError } from '../modfetch/errors.js';
import { TooNewError } from '../lib/gover.js';
import type { ImportResolver, MainModule } from '../load/resolve.js';
import type { BuildContext } from '../load/context.js';
import { scanDir } from '../load/dir.js';
import { packageIndexFor } from '../load/pkgindex.js';
import { errorText, goModDirtyMessage, ModloadError } from './errors.js';
import { openModState, usesWorkspace, workFileInUse, type OpenOptions } from './init.js';
import { loadMainModuleOf, loadWithModules, type ModuleResolver } from './resolver.js';
import type { ModState } from './state.js';
import { keepPredicate, stateBuildListSums } from './buildlistsums.js';
import type { Fetcher } from '../modfetch/fetcher.js';

/** A module-mode package loading session. */
export interface ModuleLoad {
  st: ModState;
  mainModule: MainModule;
  /** The module fetcher of the current state (undefined when the state reads modules from elsewhere). */
  readonly fetcher: Fetcher | undefined;
  /** Runs load (a package load using the given resolver) until every module it needs is fetched. */
  load<T>(load: (resolver: ImportResolver) => Promise<T>): Promise<T>;
}

/** Converts modload's errors into go's fatal exit ("go: ..." and status 1); other errors pass through. */
export function fatalModError(e: unknown): never {
  // modfetch's fatal errors (a go.sum mismatch) print as they are.
  const fatal = errorAs(e, FatalError);
  if (fatal) throw new ExitError(fatal.message, 1);
  if (e instanceof ModloadError || e instanceof ModuleError || e instanceof TooNewError || (e instanceof Error && e.name === 'BuildListError')) {
    throw new ExitError(errorText(e), 1);
  }
  throw e;
}

/**
 * Opens the main module for a build command (go build/install/run/list/test). Returns undefined
 * outside module mode or when there is no go.mod (load then works with std only).
 */
export function moduleLoadFor(config: Config, cwd: string, o: OpenOptions & { ctxt?: BuildContext }): ModuleLoad | undefined {
  if (!config.modulesEnabled) return undefined;
  const inWorkspace = usesWorkspace(o.cmdName) && !o.ignoreWorkspace && workFileInUse(config) !== '';
  if (!inWorkspace && (config.gomod === '' || config.gomod === '/dev/null')) return undefined;
  return moduleLoadAt(config, cwd, o);
}

/** A module load for the module containing dir, whatever the current directory (go install pkg@version). */
export function moduleLoadAt(config: Config, cwd: string, o: OpenOptions & { ctxt?: BuildContext }): ModuleLoad {
  let st: ModState;
  let fetcher: Fetcher | undefined;
  try {
    ({ st, fetcher } = openModState(config, cwd, o));
  } catch (e) {
    fatalModError(e);
  }
  const ml: ModuleLoad = {
    st,
    mainModule: loadMainModuleOf(st),
    get fetcher() { return fetcher; },
    async load(fn) {
      try {
        const ctxt = o.ctxt;
        // Through the package index, as the package loader scans: a prefetch round otherwise reads and parses
        // every Go file of every package again (most of a no-op install pkg@version's CPU).
        const index = packageIndexFor(config);
        const scan = ctxt ? (dir: string): Promise<string[]> => scanDir(ctxt, dir, undefined, index).then((d) => d.imports, () => []) : undefined;
        // As go's loadFromRoots: an unpruned module graph is loaded whole before any package, so its
        // errors are fatal ("go: ...") rather than errors of the packages that would need it.
        if (ml.st.reqs.pruning === 'unpruned' && ml.st.buildMod !== 'vendor') {
          await ml.st.loadGraph();
          // go's expandGraph then replaces roots that are not selected, which only -mod=mod may commit.
          if (ml.st.buildMod !== 'mod' && ml.st.reqs.roots.some((r) => !ml.st.mainByPath(r.path) && ml.st.graphSelected(r.path) !== r.version)) {
            throw new ModloadError(goModDirtyMessage(ml.st.buildMod, ml.st.buildModExplicit, ml.st.buildModReason));
          }
        }
        for (let iter = 0; ; iter++) {
          let resolver: ModuleResolver | undefined;
          const result = await loadWithModules(ml.st, fn, { ...(scan ? { scan } : {}), inspect: (r) => { resolver = r; } });
          if (ml.st.buildMod === 'mod' && fetcher && resolver && iter < 20) {
            // -mod=mod: look up modules for missing imports (go's resolveMissingImports), add them to go.mod and load again.
            const { addMissing } = await import('./addmissing.js');
            const next = await addMissing(ml.st, fetcher, resolver, o.stderr ?? ((s) => process.stderr.write(s)), () => openModState(config, cwd, o));
            if (next) {
              ({ st: ml.st, fetcher } = next);
              continue;
            }
          }
          // Dropping requirements on excluded versions, or writing the versions resolved for
          // non-canonical ones (go's dataNeedsFix), changes go.mod, which only -mod=mod may do.
          const fixed = ml.st.main.fixed && !ml.st.workspace;
          if (ml.st.buildMod !== 'mod' && (ml.st.reqs.excluded.length > 0 || fixed)) {
            throw new ModloadError(goModDirtyMessage(ml.st.buildMod, ml.st.buildModExplicit, ml.st.buildModReason));
          }
          if (ml.st.buildMod === 'mod' && fixed) {
            const { writeAddedRequirements } = await import('./queryimport.js');
            writeAddedRequirements(ml.st, []);
          }
          // -mod=mod may record the checksums it used in go.sum (readonly never writes it).
          // In a workspace go.work.sum records every checksum used that no module's go.sum has.
          // Only the build list's sums are recorded (go's keepSums): a failed import lookup's are not.
          if ((ml.st.buildMod === 'mod' || ml.st.workspace) && fetcher) await fetcher.writeGoSum(keepPredicate(await stateBuildListSums(ml.st)), false);
          return result;
        }
      } catch (e) {
        fatalModError(e);
      }
    },
  };
  return ml;
}
