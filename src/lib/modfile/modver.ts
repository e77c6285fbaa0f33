// Module-version checks the go.mod parser needs (private copies of x/mod/module helpers).

import * as semver from '../semver.js';
import { InvalidVersionError } from './errors.js';

/** semver canonical form, keeping a "+incompatible" build suffix (module.CanonicalVersion). */
export function canonicalVersion(v: string): string {
  const cv = semver.canonical(v);
  return semver.build(v) === '+incompatible' ? cv + '+incompatible' : cv;
}

function splitGopkgIn(path: string): [prefix: string, pathMajor: string, ok: boolean] {
  if (!path.startsWith('gopkg.in/')) return [path, '', false];
  let i = path.length;
  if (path.endsWith('-unstable')) i -= '-unstable'.length;
  while (i > 0 && path[i - 1]! >= '0' && path[i - 1]! <= '9') i--;
  if (i <= 1 || path[i - 1] !== 'v' || path[i - 2] !== '.') return [path, '', false];
  const prefix = path.slice(0, i - 2);
  const pathMajor = path.slice(i - 2);
  if (pathMajor.length <= 2 || (pathMajor[2] === '0' && pathMajor !== '.v0')) return [path, '', false];
  return [prefix, pathMajor, true];
}

/** Splits "/vN" (or gopkg.in's ".vN") off a module path (module.SplitPathVersion). */
export function splitPathVersion(path: string): [prefix: string, pathMajor: string, ok: boolean] {
  if (path.startsWith('gopkg.in/')) return splitGopkgIn(path);
  let i = path.length;
  let dot = false;
  while (i > 0 && ((path[i - 1]! >= '0' && path[i - 1]! <= '9') || path[i - 1] === '.')) {
    if (path[i - 1] === '.') dot = true;
    i--;
  }
  if (i <= 1 || i === path.length || path[i - 1] !== 'v' || path[i - 2] !== '/') return [path, '', true];
  const prefix = path.slice(0, i - 2);
  const pathMajor = path.slice(i - 2);
  if (dot || pathMajor.length <= 2 || pathMajor[2] === '0' || pathMajor === '/v1') return [path, '', false];
  return [prefix, pathMajor, true];
}

/** Returns an error if version v does not fit the path's major-version suffix (module.CheckPathMajor). */
export function checkPathMajor(v: string, pathMajor: string): InvalidVersionError | undefined {
  if (pathMajor.startsWith('.v') && pathMajor.endsWith('-unstable')) pathMajor = pathMajor.slice(0, -'-unstable'.length);
  if (v.startsWith('v0.0.0-') && pathMajor === '.v1') return undefined;
  const m = semver.major(v);
  let want = pathMajor;
  if (pathMajor === '') {
    if (m === 'v0' || m === 'v1' || semver.build(v) === '+incompatible') return undefined;
    want = 'v0 or v1';
  } else if (pathMajor[0] === '/' || pathMajor[0] === '.') {
    if (m === pathMajor.slice(1)) return undefined;
    want = pathMajor.slice(1);
  }
  return new InvalidVersionError(v, `should be ${want}, not ${semver.major(v)}`);
}

/** The major-version prefix implied by a path suffix ("/v2" → "v2"; "" → ""). */
export function pathMajorPrefix(pathMajor: string): string {
  if (pathMajor === '') return '';
  if (pathMajor.startsWith('.v') && pathMajor.endsWith('-unstable')) pathMajor = pathMajor.slice(0, -'-unstable'.length);
  return pathMajor.slice(1);
}

/**
 * An error if vers is not canonical or does not fit path's major version; the message suggests
 * the form expected for the path (modfile.checkCanonicalVersion).
 */
export function checkCanonicalVersion(path: string, vers: string): InvalidVersionError | undefined {
  const [, pathMajor, pathMajorOk] = splitPathVersion(path);
  if (vers === '' || vers !== canonicalVersion(vers)) {
    if (pathMajor === '') return new InvalidVersionError(vers, 'must be of the form v1.2.3');
    return new InvalidVersionError(vers, `must be of the form ${pathMajorPrefix(pathMajor)}.2.3`);
  }
  if (pathMajorOk) {
    const err = checkPathMajor(vers, pathMajor);
    if (err) {
      if (pathMajor === '') {
        return new InvalidVersionError(
          vers,
          `should be ${vers}+incompatible (or module ${path}/${semver.major(vers)})`,
        );
      }
      return err;
    }
  }
  return undefined;
}

export { semver };
