import { resolve } from 'node:path';

// The path gocmd was started by, which stands for go's os.Executable when GOROOT is found from it.

/** The variable bin/gocmd passes the path it was started by ($0) in; gocmd removes it from its environment. */
export const SELF_EXE_VAR = 'GOCMD_EXE';

let selfExe = '';

/**
 * Takes the launcher's path out of env (so programs gocmd runs, a nested gocmd among them, do not
 * inherit it) and keeps it, made absolute against cwd (the directory gocmd was started in, before -C),
 * for selfExecutable.
 */
export function adoptSelfExecutable(env: NodeJS.ProcessEnv, cwd: string): void {
  const v = env[SELF_EXE_VAR] ?? '';
  delete env[SELF_EXE_VAR];
  selfExe = v === '' ? '' : resolve(cwd, v);
}

/** The path gocmd's launcher was started by, "" when it was started some other way. */
export function selfExecutable(): string {
  return selfExe;
}
