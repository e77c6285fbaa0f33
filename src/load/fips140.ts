// GOFIPS140 snapshot import paths (go's fips140.ResolveImport), pure.
import { join } from 'node:path';

/** Whether a resolved version is a snapshot (neither off nor latest). */
export function isFips140Snapshot(version: string | undefined): boolean {
  return version !== undefined && version !== 'off' && version !== 'latest';
}

/**
 * go's fips140.ResolveImport: under a snapshot, crypto/internal/fips140[/vX.Y.Z]/sub is the
 * snapshot's crypto/internal/fips140/vX.Y.Z/sub, in dir/vX.Y.Z/sub.
 */
export function resolveFips140Import(version: string, dir: string, imp: string): { path: string; dir: string } | undefined {
  const fips = 'crypto/internal/fips140';
  if (!isFips140Snapshot(version) || !(imp === fips || imp.startsWith(fips + '/'))) return undefined;
  const fipsv = `${fips}/${version}`;
  const sub = imp === fipsv || imp.startsWith(fipsv + '/') ? imp.slice(fipsv.length) : imp.slice(fips.length);
  return { path: fipsv + sub, dir: join(dir, version + sub) };
}
