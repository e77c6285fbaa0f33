// Creating a directory and its parents, as go's os.MkdirAll does.
//
// Not mkdirSync(p, { recursive: true }): Node 20's recursive mkdir retries forever when a mkdir
// fails with ENOENT under a parent that exists (GOCACHE=/proc/x spun at 100% CPU). This walks
// up once, makes each missing parent, and reports the first real failure.
import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

function isDir(p: string): boolean | undefined {
  try {
    // Missing: undefined without an exception (a cold build makes hundreds of directories).
    return statSync(p, { throwIfNoEntry: false })?.isDirectory();
  } catch {
    return undefined;
  }
}

/** Makes dir and any missing parents with mode (before umask); a no-op when dir is a directory. */
export function mkdirAll(dir: string, mode = 0o777): void {
  const have = isDir(dir);
  if (have === true) return;
  if (have === false) {
    const e = new Error(`ENOTDIR: not a directory, mkdir '${dir}'`) as NodeJS.ErrnoException;
    e.code = 'ENOTDIR';
    e.syscall = 'mkdir';
    e.path = dir;
    throw e;
  }
  const parent = dirname(dir);
  if (parent !== dir) mkdirAll(parent, mode);
  try {
    mkdirSync(dir, { mode });
  } catch (e) {
    // Another process may have made it in between: that is success.
    if ((e as NodeJS.ErrnoException).code === 'EEXIST' && isDir(dir) === true) return;
    throw e;
  }
}
