// `go work init`: write a new go.work in the current directory using the given module directories.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { FlagSet } from '../../lib/flags.js';
import { WorkFile } from '../../lib/modfile/index.js';
import { workFileInUse } from '../../modload/init.js';
import { writeWorkFile } from '../../modload/workfile.js';
import type { Command } from '../command.js';
import { ExitError } from '../command.js';
import { addModCommonFlags, workEnv } from './common.js';
import { reportWorkUse } from './use.js';
import { workUse } from '../../modload/workuse.js';

export const command: Command = {
  name: 'init',
  usageLine: 'go work init [moddirs]',
  short: 'initialize workspace file',
  long: `
Init writes a new go.work in the current directory (or at GOWORK) whose go line is the running
Go version and which uses each module directory given. go.work must not exist yet.
`,
  flags(fs: FlagSet) {
    addModCommonFlags(fs);
  },
  async run(ctx, args) {
    const env = workEnv(ctx.config, ctx.cwd, 'work init');
    const gowork = workFileInUse(ctx.config) || join(ctx.cwd, 'go.work');
    let exists = false;
    try {
      statSync(gowork);
      exists = true;
    } catch { /* the usual case */ }
    if (exists) throw new ExitError(`go: ${gowork} already exists`, 1);
    const wf = new WorkFile();
    wf.addGoStmt(env.localGo);
    await reportWorkUse(ctx.config, ctx.stderr, workUse(gowork, wf, args, false, env));
    writeWorkFile(gowork, wf);
    return 0;
  },
};
