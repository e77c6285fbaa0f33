// The checks go's NewBuilder makes before anything is loaded: the $WORK directory, the GOOS/GOARCH pair, -tags.
import { mkdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { randomInt } from 'node:crypto';
import { resolve } from 'node:path';
import { errnoText } from '../cache/oserror.js';
import { ExitError } from '../cfg/errors.js';
import { isKnownPort } from '../cfg/platform.js';

/**
 * os.MkdirTemp(dir, "go-build") made absolute, failing as go's NewBuilder does:
 * "go: creating work dir: mkdir DIR/go-buildN: not a directory" (or "stat DIR: ..." when DIR is missing).
 */
export function newWorkDir(dir: string): string {
  if (dir === '') dir = tmpdir();
  const prefix = (dir.endsWith('/') ? dir : dir + '/') + 'go-build';
  for (let tries = 0; ; tries++) {
    const name = prefix + String(randomInt(0, 2 ** 32 - 1));
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

/** go's CheckGOOSARCHPair and the -tags comma check (both exit 2). */
export function checkBuildTarget(goos: string, goarch: string, tags: readonly string[]): void {
  if (!isKnownPort(goos, goarch)) throw new ExitError(`go: unsupported GOOS/GOARCH pair ${goos}/${goarch}`, 2);
  if (tags.some((t) => t.includes(','))) throw new ExitError('go: -tags space-separated list contains comma', 2);
}
