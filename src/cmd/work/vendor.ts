// `go work vendor`: copy the packages every workspace module needs into vendor/ beside go.work.
import type { FlagSet, Ref } from '../../cli/flags.js';
import type { Command } from '../command.js';
import { runVendor } from '../mod/vendor.js';
import { mustWorkFile } from './common.js';

let eFlag: Ref<boolean>;
let vFlag: Ref<boolean>;
let oFlag: Ref<string>;
let modcacherw: Ref<boolean>;
let modfileFlag: Ref<string>;
let overlayFlag: Ref<string>;

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
    vFlag = fs.bool('v');
    eFlag = fs.bool('e');
    oFlag = fs.string('o');
    modcacherw = fs.bool('modcacherw');
    modfileFlag = fs.string('modfile');
    overlayFlag = fs.string('overlay');
  },
  async run(ctx, args) {
    mustWorkFile(ctx.config);
    return runVendor(ctx, args, {
      allowErrors: eFlag.value, verbose: vFlag.value, out: oFlag.value,
      modcacherw: modcacherw.value, modFile: modfileFlag.value, overlay: overlayFlag.value,
    }, 'work vendor');
  },
};
