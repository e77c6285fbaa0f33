// `go work vendor`: copy the packages every workspace module needs into vendor/ beside go.work.
import type { FlagSet } from '../../lib/flags.js';
import type { Command } from '../command.js';
import { addVendorFlags, runVendor, type VendorFlags } from '../mod/vendor.js';
import { mustWorkFile } from './common.js';

let flags: () => VendorFlags;

export const command: Command = {
  name: 'vendor',
  usageLine: 'go work vendor [-e] [-v] [-o outdir]',
  short: 'make vendored copy of dependencies',
  long: `
Vendor rebuilds the workspace's vendor directory (beside go.work) so that it holds every
package needed to build and test the packages of the workspace's modules (but not the tests
of those packages), along with vendor/modules.txt, marked "## workspace".

-v prints the modules and packages vendored, to standard error. -e goes on despite errors
loading packages. -o writes the vendor tree to the given directory instead of "vendor"; the
go command only uses a directory named vendor beside go.work, so -o serves other tools.
`,
  flags(fs: FlagSet) {
    flags = addVendorFlags(fs);
  },
  async run(ctx, args) {
    mustWorkFile(ctx.config);
    return runVendor(ctx, args, flags(), 'work vendor');
  },
};
