// What the go work subcommands share: the go.work in use, its reading with go's errors, the common flags.
import type { FlagSet, Ref } from '../../lib/flags.js';
import type { Config } from '../../cfg/config.js';
import type { WorkFile } from '../../lib/modfile/index.js';
import { errorText } from '../../modload/errors.js';
import { workFileInUse } from '../../modload/init.js';
import { readWorkFile, type WorkFileEnv } from '../../modload/workfile.js';
import { ExitError } from '../command.js';

export const NO_WORK_FILE = "go: no go.work file found\n\t(run 'go work init' first or specify path using GOWORK environment variable)";

/** Defines -modcacherw, -modfile and -overlay (go's AddModCommonFlags); returns -modfile. */
export function addModCommonFlags(fs: FlagSet): Ref<string> {
  fs.bool('modcacherw');
  fs.string('overlay');
  return fs.string('modfile');
}

export function workEnv(config: Config, cwd: string, cmdName: string): WorkFileEnv {
  return { cwd, localGo: config.localGo, gotoolchain: config.getenv('GOTOOLCHAIN'), cmdName };
}

/** The go.work in use; exits with go's error when there is none. */
export function mustWorkFile(config: Config): string {
  const w = workFileInUse(config);
  if (w === '') throw new ExitError(NO_WORK_FILE, 1);
  return w;
}

/** Reads go.work, exiting with "go: " and go's error text on failure. */
export function readWorkOrExit(path: string, env: WorkFileEnv): WorkFile {
  try {
    return readWorkFile(path, env);
  } catch (e) {
    throw new ExitError(errorText(e as Error), 1);
  }
}
