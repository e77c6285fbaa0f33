// Flags shared by go mod subcommands: -n/-x (AddBuildFlagsNX) and -modcacherw/-modfile/-overlay (AddModCommonFlags).
import type { Config } from '../../cfg/config.js';
import type { FlagSet, Ref } from '../../lib/flags.js';
import { buildInitOverlay } from '../../base/fsys.js';

/** Defines -n, -x, -modcacherw and -modfile; returns -modfile's value. */
export function addBuildFlagsNX(fs: FlagSet): Ref<string> {
  fs.bool('n');
  fs.bool('x');
  fs.bool('modcacherw');
  return fs.string('modfile');
}

/** Defines -overlay (the rest of go's AddModCommonFlags); returns its value. */
export function addOverlayFlag(fs: FlagSet): Ref<string> {
  return fs.string('overlay');
}

/**
 * Installs -overlay for a module command (go's fsys.Init in modload.Init): go.mod, go.sum and
 * go.work are then read through it, so the main module is looked for again.
 */
export function installModOverlay(config: Config, cwd: string, file: string): void {
  if (file === '') return;
  buildInitOverlay(file, cwd, '');
  config.overlayInstalled();
}
