// What the go command does differently from one release to the next, in one place.
//
// gocmd drives whichever toolchain GOTOOLCHAIN selects (see toolchain/), so the tools' command lines
// must be the ones that release's go command writes. What a release defines in its GOROOT is read from
// there (the godebug table, experiments, release tags: load/godebug.ts, load/context.ts); what lives
// only in that release's go command is listed here, keyed by the GOROOT's Go version.
import { compare, fromToolchain } from '../lib/gover.js';
import { readGoVersion } from './goroot.js';

export interface ReleaseTraits {
  /** The go version these traits are for ("1.27.3"; "" when unknown: the reference release's). */
  version: string;
  /** go1.27: asm gets -std for standard-library packages, as compile always did. */
  asmStd: boolean;
}

/** The traits of Go version v (a toolchain's version without "go"). Unknown versions get the reference (1.26) ones. */
export function traitsFor(v: string): ReleaseTraits {
  const atLeast = (x: string): boolean => v !== '' && compare(v, x) >= 0;
  return { version: v, asmStd: atLeast('1.27') };
}

const memo = new Map<string, ReleaseTraits>();

/** The traits of the release installed in goroot (from its VERSION file). */
export function releaseTraits(goroot: string): ReleaseTraits {
  let t = memo.get(goroot);
  if (!t) {
    const name = readGoVersion(goroot);
    // A devel toolchain ("devel go1.28-abcdef ...") is at least its language version.
    const v = fromToolchain(name) || (/go1\.(\d+)/.exec(name) ? `1.${/go1\.(\d+)/.exec(name)![1]}` : '');
    t = traitsFor(v);
    memo.set(goroot, t);
  }
  return t;
}
