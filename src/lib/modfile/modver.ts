// The canonical-version check go.mod edits apply (modfile.checkCanonicalVersion).

import { canonicalVersion, checkPathMajor, InvalidVersionError, pathMajorPrefix, splitPathVersion } from '../module.js';
import * as semver from '../semver.js';

/**
 * An error if vers is not canonical or does not fit path's major version; the message suggests
 * the form expected for the path.
 */
export function checkCanonicalVersion(path: string, vers: string): InvalidVersionError | undefined {
  const { pathMajor, ok: pathMajorOk } = splitPathVersion(path);
  if (vers === '' || vers !== canonicalVersion(vers)) {
    const form = pathMajor === '' ? 'v1.2.3' : `${pathMajorPrefix(pathMajor)}.2.3`;
    return new InvalidVersionError(vers, new Error(`must be of the form ${form}`));
  }
  if (pathMajorOk) {
    const err = checkPathMajor(vers, pathMajor);
    if (err) {
      if (pathMajor === '') {
        // The user probably meant vN.x.y+incompatible rather than "v0 or v1".
        return new InvalidVersionError(
          vers,
          new Error(`should be ${vers}+incompatible (or module ${path}/${semver.major(vers)})`),
        );
      }
      return err;
    }
  }
  return undefined;
}
