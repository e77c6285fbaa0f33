// What the warm worker (warm.ts) forgets between requests and what it keeps. Kept: what is keyed by all
// of its inputs or revalidated by stat on each use — V8's compiled code, the file-hash memo (stat key),
// the stat memo (stat key; saved after each request instead of at exit), the package index opened per
// (GOCACHE, GOROOT, Go version, GOMODCACHE) whose entries are checked against their directories' stat
// facts, parsed semver strings, tables read from a release GOROOT keyed by its path, and module graphs
// (graphkeep.ts: keyed by their inputs, revalidated by the stat of the go.mod files read). Forgotten: the
// configuration (environment, go.env, GOFLAGS), -overlay, the build cache handle, GODEBUG settings (the file-system trace's too), memos
// of go.mod files read by path, repository status, go-import pages, compiler probes and tool IDs.
import { resetConfig } from '../cfg/config.js';
import { forgetCompilerProbes } from '../cfg/ccprobe.js';
import { forgetDefaultCache } from '../cache/default.js';
import { forgetCacheDebug } from '../cache/godebug.js';
import { forgetHashState } from '../cache/hash.js';
import { saveStatMemo } from '../cache/statmemo.js';
import { forgetOverlay } from '../base/fsys.js';
import { forgetFsysTrace } from '../base/fsystrace.js';
import { forgetGoModPaths } from '../load/gopath.js';
import { forgetModuleIgnores } from '../load/ignore.js';
import { setLoadYield } from '../load/load.js';
import { forgetMetaImports } from '../modfetch/vcs/reporoot.js';
import { clearFixAnswers } from '../modload/fixversion.js';
import { forgetToolIDs } from '../work/buildid.js';
import { resetVCSStatusCache } from '../work/buildinfo-vcs.js';

/** Forgets what a request must not inherit from the one before it. */
export function beforeRequest(): void {
  resetConfig();
  forgetOverlay();
  forgetFsysTrace();
  forgetDefaultCache();
  forgetCacheDebug();
  forgetHashState();
  forgetGoModPaths();
  forgetModuleIgnores();
  forgetMetaImports();
  clearFixAnswers();
  forgetCompilerProbes();
  forgetToolIDs();
  resetVCSStatusCache();
  setLoadYield(0);
}

type Listener = (...args: unknown[]) => void;

/**
 * Does what a plain run does at exit, for what the request set up: runs the exit listeners added since
 * before (those added with once are removed, as exiting would), and saves the stat memo.
 */
export function afterRequest(before: readonly Function[]): void {
  for (const l of process.rawListeners('exit')) {
    if (before.includes(l)) continue;
    const once = (l as { listener?: Listener }).listener;
    if (once) process.off('exit', once);
    try {
      (once ?? (l as Listener))(0);
    } catch {
      // An exit hook's failure would have been lost at exit as well.
    }
  }
  saveStatMemo();
}
