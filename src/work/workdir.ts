// The checks go's NewBuilder makes before anything is loaded: the $WORK directory, the GOOS/GOARCH pair, -tags.
import { ExitError } from '../base/errors.js';
import { isKnownPort } from '../cfg/platform.js';

export { newWorkDir } from '../cfg/workdir.js';

/** go's CheckGOOSARCHPair and the -tags comma check (both exit 2). */
export function checkBuildTarget(goos: string, goarch: string, tags: readonly string[]): void {
  if (!isKnownPort(goos, goarch)) throw new ExitError(`go: unsupported GOOS/GOARCH pair ${goos}/${goarch}`, 2);
  if (tags.some((t) => t.includes(','))) throw new ExitError('go: -tags space-separated list contains comma', 2);
}
