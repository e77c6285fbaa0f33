// `go mod vendor`: copy the packages the main module needs into vendor/ and write vendor/modules.txt.
import type { FlagSet, Ref } from '../../cli/flags.js';
import { errorAs } from '../../lib/module.js';
import { makeContext } from '../../load/context.js';
import { buildInitOverlay } from '../../load/fsys.js';
import { FatalError } from '../../modfetch/errors.js';
import { fatalModError } from '../../modload/forload.js';
import { openModState, workFileInUse } from '../../modload/init.js';
import { VendorFatalError } from '../../modload/vendorcopy.js';
import { writeVendorDir } from '../../modload/vendorwrite.js';
import type { Command, CommandContext } from '../command.js';
import { ExitError } from '../command.js';

let eFlag: Ref<boolean>;
let vFlag: Ref<boolean>;
let oFlag: Ref<string>;
let modcacherw: Ref<boolean>;
let modfileFlag: Ref<string>;
let overlayFlag: Ref<string>;

export const command: Command = {
  name: 'vendor',
  usageLine: 'go mod vendor [-e] [-v] [-o outdir]',
  short: 'make vendored copy of dependencies',
  long: `
Vendor rebuilds the main module's vendor directory so that it holds every package needed to
build and test the main module's packages (but not the tests of those packages), along with
vendor/modules.txt, which records the module each package came from.

-v prints the modules and packages vendored, to standard error. -e goes on despite errors
loading packages. -o writes the vendor tree to the given directory instead of "vendor"; the
go command only uses a directory named vendor at the module root, so -o serves other tools.
`,
  flags(fs: FlagSet) {
    vFlag = fs.bool('v');
    eFlag = fs.bool('e');
    oFlag = fs.string('o');
    modcacherw = fs.bool('modcacherw');
    modfileFlag = fs.string('modfile');
    overlayFlag = fs.string('overlay');
  },
  async run(ctx, args) {
    if (workFileInUse(ctx.config) !== '' && ctx.config.modulesEnabled) {
      throw new ExitError("go: 'go mod vendor' cannot be run in workspace mode. Run 'go work vendor' to vendor the workspace or set 'GOWORK=off' to exit workspace mode.", 1);
    }
    if (args.length > 0) throw new ExitError("go: 'go mod vendor' accepts no arguments", 1);
    return runVendor(ctx, { cmdName: 'mod vendor', allowErrors: eFlag.value, verbose: vFlag.value, out: oFlag.value });
  },
};

/** go's RunVendor for a single main module. */
async function runVendor(ctx: CommandContext, o: { cmdName: string; allowErrors: boolean; verbose: boolean; out: string }): Promise<number> {
  const stderr = (s: string): void => void ctx.stderr.write(s);
  try {
    for (const w of ctx.config.modWarnings) stderr(w + '\n');
    buildInitOverlay(overlayFlag.value, ctx.cwd, ctx.config.gomodcache);
    const { st } = openModState(ctx.config, ctx.cwd, { cmdName: o.cmdName, modFile: modfileFlag.value, modcacherw: modcacherw.value, stderr });
    const ctxt = makeContext({ ...ctx.config.env, GOROOT: ctx.config.goroot } as Parameters<typeof makeContext>[0]);
    return await writeVendorDir(st, { ...o, cwd: ctx.cwd, ctxt, stderr });
  } catch (e) {
    if (e instanceof ExitError) throw e;
    if (e instanceof VendorFatalError) throw new ExitError(e.message, 1);
    const fatal = errorAs(e, FatalError);
    if (fatal) throw new ExitError(fatal.message, 1);
    fatalModError(e);
  }
}
