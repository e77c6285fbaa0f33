// `go mod vendor`: copy the packages the main module needs into vendor/ and write vendor/modules.txt.
import type { FlagSet } from '../../lib/flags.js';
import { errorAs } from '../../lib/module.js';
import { contextFor } from '../../load/context.js';
import { buildInitOverlay } from '../../base/fsys.js';
import { FatalError } from '../../modfetch/errors.js';
import { NoMainModulesError } from '../../modload/errors.js';
import { fatalModError } from '../../modload/forload.js';
import { openModState, workFileInUse } from '../../modload/init.js';
import { VendorFatalError } from '../../modload/vendorcopy.js';
import { writeVendorDir } from '../../modload/vendorwrite.js';
import type { Command, CommandContext } from '../command.js';
import { ExitError } from '../command.js';

let flags: () => VendorFlags;

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
    flags = addVendorFlags(fs);
  },
  async run(ctx, args) {
    if (workFileInUse(ctx.config) !== '' && ctx.config.modulesEnabled) {
      throw new ExitError("go: 'go mod vendor' cannot be run in workspace mode. Run 'go work vendor' to vendor the workspace or set 'GOWORK=off' to exit workspace mode.", 1);
    }
    return runVendor(ctx, args, flags(), 'mod vendor');
  },
};

/** The flags go mod vendor and go work vendor share. */
export interface VendorFlags {
  allowErrors: boolean;
  verbose: boolean;
  out: string;
  modcacherw: boolean;
  modFile: string;
  overlay: string;
}

/** Defines the shared flags on fs; the result reads their values once parsed. */
export function addVendorFlags(fs: FlagSet): () => VendorFlags {
  const v = fs.bool('v');
  const e = fs.bool('e');
  const o = fs.string('o');
  const modcacherw = fs.bool('modcacherw');
  const modFile = fs.string('modfile');
  const overlay = fs.string('overlay');
  return () => ({ allowErrors: e.value, verbose: v.value, out: o.value, modcacherw: modcacherw.value, modFile: modFile.value, overlay: overlay.value });
}

/** go's RunVendor: for the main module (mod vendor) or every module of the workspace (work vendor). */
export async function runVendor(ctx: CommandContext, args: string[], f: VendorFlags, cmdName: 'mod vendor' | 'work vendor'): Promise<number> {
  if (args.length > 0) throw new ExitError("go: 'go mod vendor' accepts no arguments", 1);
  const stderr = (s: string): void => void ctx.stderr.write(s);
  const o = { cmdName, allowErrors: f.allowErrors, verbose: f.verbose, out: f.out };
  try {
    for (const w of ctx.config.modWarnings) stderr(w + '\n');
    buildInitOverlay(f.overlay, ctx.cwd, ctx.config.gomodcache);
    let st;
    let fetcher;
    try {
      ({ st, fetcher } = openModState(ctx.config, ctx.cwd, { cmdName, modFile: f.modFile, modcacherw: f.modcacherw, stderr }));
    } catch (e) {
      // A workspace using no modules has nothing to vendor (go loads no packages and writes nothing).
      if (cmdName === 'work vendor' && e instanceof NoMainModulesError) {
        stderr('go: no dependencies to vendor\n');
        return 0;
      }
      throw e;
    }
    const ctxt = contextFor(ctx.config);
    return await writeVendorDir(st, { ...o, cwd: ctx.cwd, ctxt, stderr, fetcher });
  } catch (e) {
    if (e instanceof ExitError) throw e;
    if (e instanceof VendorFatalError) throw new ExitError(e.message, 1);
    const fatal = errorAs(e, FatalError);
    if (fatal) throw new ExitError(fatal.message, 1);
    fatalModError(e);
  }
}
