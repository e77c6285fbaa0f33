// GOFIPS140 snapshots (go's cmd/go/internal/fips140): a version names a frozen copy of
// crypto/internal/fips140 in $GOROOT/lib/fips140/<v>.zip, extracted into the module cache as
// golang.org/fips140@<v> and used in place of the tree in $GOROOT/src.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../cfg/config.js';
import { ExitError } from '../base/errors.js';
import type { BuildContext } from '../load/context.js';
import { openFetcher } from './init.js';
import { isFips140Snapshot } from '../load/fips140.js';

export { isFips140Snapshot, resolveFips140Import } from '../load/fips140.js';

/**
 * The snapshot version a GOFIPS140 value selects: "off" and "latest" stay as they are, an alias
 * (<v>.txt) is followed, and anything else must have a zip. Throws ExitError with go's messages.
 */
export function resolveFips140Version(goroot: string, gofips140: string): string {
  const v = gofips140;
  if (v === '' || v === 'off') return 'off';
  if (v === 'latest') return 'latest';
  if (v.includes('/') || v.includes('\\') || v.includes('..')) throw new ExitError(`go: malformed GOFIPS140 version "${gofips140}"`, 1);
  if (goroot === '') throw new ExitError('go: missing GOROOT for GOFIPS140', 1);
  const dir = join(goroot, 'lib', 'fips140');
  let version = v;
  let alias: string | undefined;
  try {
    alias = readFileSync(join(dir, v + '.txt'), 'utf8').trim();
  } catch {
    alias = undefined;
  }
  if (alias !== undefined) {
    version = alias;
    if (!existsSync(join(dir, version + '.zip'))) throw new ExitError(`go: unknown GOFIPS140 version "${version}" (from "${gofips140}")`, 1);
  }
  if (!existsSync(join(dir, version + '.zip'))) throw new ExitError(`go: unknown GOFIPS140 version "${version}"`, 1);
  return version;
}

/**
 * go's fips140.Init for a build context: resolves GOFIPS140 and extracts a snapshot (the loader
 * adds its fips140vX.Y build tag). Returns the snapshot's fips140 directory (undefined when none is used).
 */
export async function initFips140(config: Config, ctxt: BuildContext, o: { modcacherw: boolean; stderr: (s: string) => void }): Promise<string | undefined> {
  const version = resolveFips140Version(config.goroot, config.getenv('GOFIPS140'));
  ctxt.fips140 = version;
  if (!isFips140Snapshot(version)) return undefined;
  const fetcher = openFetcher(config, { cmdName: 'build', modcacherw: o.modcacherw, stderr: o.stderr }, '');
  try {
    const zdir = await fetcher.unzip({ path: 'golang.org/fips140', version }, join(config.goroot, 'lib', 'fips140', version + '.zip'));
    return join(zdir, 'fips140');
  } catch (e) {
    throw new ExitError(`go: unpacking GOFIPS140=${version}: ${(e as Error).message}`, 1);
  }
}

