// `go work sync`: write the workspace's selected versions back into each workspace module's go.mod.
import type { FlagSet } from '../../lib/flags.js';
import * as gover from '../../lib/gover.js';
import { errorAs, type Version } from '../../lib/module.js';
import { NoMainModulesError } from '../../modload/errors.js';
import type { ModState } from '../../modload/state.js';
import type { Fetcher } from '../../modfetch/fetcher.js';
import { FatalError } from '../../modfetch/errors.js';
import { fatalModError } from '../../modload/forload.js';
import { openModState } from '../../modload/init.js';
import { annotateUseModulePaths, updateWorkGoVersion, writeWorkFile } from '../../modload/workfile.js';
import { mustSelectFor, syncModule } from '../../modload/worksync.js';
import type { Command } from '../command.js';
import { switchOrFatal } from '../../toolchain/resolve.js';
import { ExitError } from '../command.js';
import { addModCommonFlags, mustWorkFile, readWorkOrExit, workEnv } from './common.js';

export const command: Command = {
  name: 'sync',
  usageLine: 'go work sync',
  short: 'sync workspace build list to modules',
  long: `
Sync computes the workspace's build list and, for each workspace module, raises the
requirements of the modules providing its packages to the versions the workspace selects,
then tidies and writes that module's go.mod and go.sum. go.work's go line is raised to the
newest go version among the modules.
`,
  flags(fs: FlagSet) {
    addModCommonFlags(fs);
  },
  async run(ctx, args) {
    if (args.length > 0) throw new ExitError("go: 'go work sync' accepts no arguments", 1);
    const gowork = mustWorkFile(ctx.config);
    const stderr = (s: string): void => void ctx.stderr.write(s);
    try {
      let ws: ModState | undefined;
      let wsFetcher: Fetcher | undefined;
      try {
        ({ st: ws, fetcher: wsFetcher } = openModState(ctx.config, ctx.cwd, { cmdName: 'work sync', stderr }));
      } catch (e) {
        // A workspace without modules has nothing to sync; go.work is still rewritten.
        if (!(e instanceof NoMainModulesError)) {
          // A module needing a newer Go: switch toolchains if GOTOOLCHAIN allows (go's SwitchOrFatal).
          if (e instanceof Error) await switchOrFatal(ctx.config, e, stderr);
          throw e;
        }
      }
      const must = ws ? await mustSelectFor(ws) : new Map<string, Version[]>();
      const readBefore = wsFetcher?.sums.checkedVersions() ?? new Set<string>();
      let goV = '';
      for (const m of ws?.mains ?? []) {
        // Each module is then edited on its own, as if it were the only main module.
        const { st, fetcher } = openModState(ctx.config, m.dir, { cmdName: 'work sync', buildMod: 'mod', stderr, ignoreWorkspace: true });
        try {
          const v = await syncModule(st, fetcher!, must.get(m.path) ?? [], stderr, readBefore);
          goV = goV === '' ? v : gover.max(goV, v);
        } catch (e) {
          // go skips a module whose build list cannot be edited.
          if (errorAs(e, FatalError)) throw e;
        }
      }
      const env = workEnv(ctx.config, ctx.cwd, 'work sync');
      const wf = readWorkOrExit(gowork, env);
      if (goV !== '') updateWorkGoVersion(wf, goV);
      annotateUseModulePaths(wf, env);
      writeWorkFile(gowork, wf);
    } catch (e) {
      if (e instanceof ExitError) throw e;
      const fatal = errorAs(e, FatalError);
      if (fatal) throw new ExitError(fatal.message, 1);
      fatalModError(e);
    }
    return 0;
  },
};
