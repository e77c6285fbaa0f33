// `go work use [-r] [moddirs]`: add module directories to go.work, dropping listed ones that are gone.
import type { Writable } from 'node:stream';
import type { FlagSet, Ref } from '../../lib/flags.js';
import type { Config } from '../../cfg/config.js';
import { switchOrErrors } from '../../toolchain/resolve.js';
import { writeWorkFile } from '../../modload/workfile.js';
import { workUse, type WorkUseResult } from '../../modload/workuse.js';
import type { Command } from '../command.js';
import { ExitError } from '../command.js';
import { addModCommonFlags, mustWorkFile, readWorkOrExit, workEnv } from './common.js';

let recursive: Ref<boolean>;

/**
 * Prints workUse's warnings and errors as go does; exits 1 if there were errors. A module needing a
 * newer Go switches toolchains first when GOTOOLCHAIN allows (go's Switcher over the errors).
 */
export async function reportWorkUse(config: Config, stderr: Writable, r: WorkUseResult): Promise<void> {
  for (const w of r.warnings) stderr.write(w + '\n');
  const rest = r.errors.length > 0 ? await switchOrErrors(config, r.errors, (t) => stderr.write(t)) : [];
  const errs = [...r.early, ...rest.map((e) => e.message)];
  if (errs.length > 0) throw new ExitError(errs.map((e) => 'go: ' + e).join('\n'), 1);
}

export const command: Command = {
  name: 'use',
  usageLine: 'go work use [-r] [moddirs]',
  short: 'add modules to workspace file',
  long: `
Use adds each module directory given to go.work's use directives, and removes those whose
directory no longer holds a go.mod. With -r it searches the arguments' trees for modules.
The go line is raised to the newest go version among the used modules.
`,
  flags(fs: FlagSet) {
    recursive = fs.bool('r');
    addModCommonFlags(fs);
  },
  async run(ctx, args) {
    const gowork = mustWorkFile(ctx.config);
    const env = workEnv(ctx.config, ctx.cwd, 'work use');
    const wf = readWorkOrExit(gowork, env);
    await reportWorkUse(ctx.config, ctx.stderr, workUse(gowork, wf, args, recursive.value, env));
    writeWorkFile(gowork, wf);
    return 0;
  },
};
