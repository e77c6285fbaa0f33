// Flags shared by go mod subcommands: -n/-x (AddBuildFlagsNX) and -modcacherw/-modfile (AddModCommonFlags).
import type { FlagSet, Ref } from '../../cli/flags.js';

/** Defines -n, -x, -modcacherw and -modfile; returns -modfile's value. */
export function addBuildFlagsNX(fs: FlagSet): Ref<string> {
  fs.bool('n');
  fs.bool('x');
  fs.bool('modcacherw');
  return fs.string('modfile');
}
