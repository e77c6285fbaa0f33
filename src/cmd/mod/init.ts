// `go mod init`: create go.mod in the current directory (module path given or inferred).
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve as resolvePath } from 'node:path';
import type { FlagSet, Ref } from '../../lib/flags.js';
import { addBuildFlagsNX } from './modflags.js';
import { checkNewModulePath, findModulePath, looksNonEmpty, newModFileText } from '../../modload/create.js';
import { errorText } from '../../modload/errors.js';
import type { Command } from '../command.js';
import { ExitError } from '../command.js';

let modfile: Ref<string>;

export const command: Command = {
  name: 'init',
  usageLine: 'go mod init [module-path]',
  short: 'initialize new module in current directory',
  long: `
Init creates a go.mod file in the current directory for a new module whose path is the
argument. Without an argument, init guesses the path from import comments in .go files
or from the directory's location inside GOPATH. go.mod must not exist yet.
`,
  flags(fs: FlagSet) {
    modfile = addBuildFlagsNX(fs);
  },
  async run(ctx, args) {
    if (args.length > 1) throw new ExitError("go: 'go mod init' accepts at most one argument", 1);
    if (ctx.config.getenv('GO111MODULE') === 'off') throw new ExitError("go: modules disabled by GO111MODULE=off; see 'go help modules'", 1);
    const modRoot = ctx.cwd;
    const gomod = modfile.value !== '' ? resolvePath(ctx.cwd, modfile.value) : join(modRoot, 'go.mod');
    if (modfile.value !== '' && !modfile.value.endsWith('.mod')) {
      throw new ExitError(`go: -modfile=${modfile.value}: file does not have .mod extension`, 1);
    }
    if (existsSync(gomod)) throw new ExitError(`go: ${gomod} already exists`, 1);
    let modPath = args[0] ?? '';
    try {
      if (modPath === '') modPath = findModulePath(modRoot, ctx.config.gopath);
      else checkNewModulePath(modPath);
    } catch (e) {
      throw new ExitError(errorText(e as Error), 1);
    }
    ctx.stderr.write(`go: creating new go.mod: module ${modPath}\n`);
    writeFileSync(gomod, newModFileText(modPath, ctx.config.localGo));
    if (looksNonEmpty(modRoot)) ctx.stderr.write('go: to add module requirements and sums:\n\tgo mod tidy\n');
    return 0;
  },
};
