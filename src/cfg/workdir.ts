// go's $WORK: a fresh go-buildN directory under GOTMPDIR (or the OS temp dir), with go's errors when it cannot be made.
import { mkdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { errnoText } from '../lib/oserror.js';
import { ExitError } from '../base/errors.js';

/**
 * go's os.TempDir: $TMPDIR or /tmp on Unix (GetTempPath's TMP, TEMP, USERPROFILE on Windows). Not node's
 * os.tmpdir(): loading node:os (and node:crypto for a random name) is start-up time gocmd's fast no-op path
 * and `gocmd version` do not spend.
 */
export function osTempDir(env: NodeJS.ProcessEnv = process.env): string {
  if (process.platform === 'win32') return env['TMP'] || env['TEMP'] || env['USERPROFILE'] || 'C:\\Windows';
  return env['TMPDIR'] || '/tmp';
}

/**
 * os.MkdirTemp(dir, "go-build") made absolute, failing as go's NewBuilder does:
 * "go: creating work dir: mkdir DIR/go-buildN: not a directory" (or "stat DIR: ..." when DIR is missing).
 */
export function newWorkDir(dir: string, defaultDir: string = osTempDir()): string {
  if (dir === '') dir = defaultDir;
  const prefix = (dir.endsWith('/') ? dir : dir + '/') + 'go-build';
  for (let tries = 0; ; tries++) {
    const name = prefix + String(Math.floor(Math.random() * 2 ** 32));
    try {
      mkdirSync(name, 0o700);
      return resolve(name);
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'EEXIST' && tries < 10000) continue;
      if (code === 'ENOENT') {
        try { statSync(dir); } catch (se) { throw new ExitError(`go: creating work dir: stat ${dir}: ${errnoText(se)}`, 1); }
      }
      if (code === 'EEXIST') throw new ExitError(`go: creating work dir: mkdirtemp ${prefix}*: file already exists`, 1);
      throw new ExitError(`go: creating work dir: mkdir ${name}: ${errnoText(e)}`, 1);
    }
  }
}
