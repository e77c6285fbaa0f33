// go list's Stale/StaleReason: the build action graph walked without compiling, consulting the build cache.
import { existsSync } from 'node:fs';
import type { CommandContext } from './command.js';
import type { BuildFlags } from '../cfg/buildflags.js';
import { packageList } from '../load/load.js';
import type { Package } from '../load/types.js';

/**
 * Sets p.stale / p.staleReason for pkgs and their dependencies as go's useCache does in list mode:
 * a package whose compile result is not in the cache is stale ("build ID mismatch", refined to
 * "stale dependency: P" from its imports); a fresh main package not installed at its target is
 * "not installed but available in build cache". announceWork false: a build list runs next says WORK= (go
 * has one Builder for both), so this one does not.
 */
export async function computeStale(ctx: CommandContext, flags: BuildFlags, pkgs: Package[], announceWork = true): Promise<void> {
  const [{ Action }, { Builder, defaultBuildIDOps }, { makeBuildConfig, stampVCS }, { openBuildCache }, { buildActionID, hashToString }] = await Promise.all([
    import('../work/action.js'), import('../work/exec.js'), import('../work/setup.js'), import('../work/opencache.js'),
    import('../work/actionid.js').then(async (m) => ({ buildActionID: m.buildActionID, hashToString: (await import('../work/action.js')).hashToString })),
  ]);
  // As go list with Stale wanted (SuppressBuildInfo off): main packages get their VCS stamp, which is in their action IDs.
  const vcs = stampVCS(ctx.config, flags, ctx.cwd, pkgs, (s) => { ctx.stderr.write(s); });
  const bc = makeBuildConfig(ctx.config, flags, ctx.cwd, { cmdName: 'list', vcs });
  // (It runs no tool: -x would show nothing but the WORK= line.)
  if (!announceWork) bc.printCommands = false;
  const cache = openBuildCache(ctx.config);
  const b = new Builder(bc, { cache });
  // The action-ID inputs are the Builder's; list reads them without running any tool.
  const idEnv = (b as unknown as { idEnv: Parameters<typeof buildActionID>[1] }).idEnv;
  try {
    const root = new Action('go list');
    for (const p of packageList(pkgs)) {
      if (p.goFiles.length + p.cgoFiles.length === 0 && !p.error) continue;
      const a = b.graph.compileAction('build', 'build', p);
      if (a.mode === 'built-in package') continue;
      a.actor = async (_b, act) => {
        const q = act.pkg!;
        if (q.error || q.incomplete) {
          markStale(q, 'build ID mismatch');
          return;
        }
        const id = buildActionID(act, idEnv);
        act.actionID = id;
        const aid = hashToString(id);
        act.buildID = `${aid}/${aid}`;
        const hit = cache?.getFile(id);
        let bid = '';
        if (hit) {
          try { bid = defaultBuildIDOps.readFile(hit.file); } catch { bid = ''; }
        }
        // A main package's test variant lists as a link (go's AutoAction), and test binaries are not cached.
        if (bid && q.name === 'main' && (q as Package & { forTest?: string }).forTest) bid = '';
        if (bid) {
          act.buildID = bid;
          if (q.name === 'main' && q.target && !existsSync(q.target)) {
            q.stale = true;
            q.staleReason = 'not installed but available in build cache';
          }
          return;
        }
        markStale(q, 'build ID mismatch');
      };
      a.ignoreFail = true;
      root.deps.push(a);
    }
    await b.do(root);
  } finally {
    b.close();
  }
}

function markStale(p: Package, reason: string): void {
  if (p.stale) return;
  p.stale = true;
  p.staleReason = reason;
  for (const p1 of p.internal.imports) {
    if (p1.stale && p1.staleReason) {
      if (p1.staleReason.startsWith('stale dependency: ')) {
        p.staleReason = p1.staleReason;
        break;
      }
      if (p.staleReason.startsWith('build ID mismatch')) p.staleReason = 'stale dependency: ' + p1.importPath;
    }
  }
}
