// Set-up shared by the tests that run a real Go tool (installed by gocmd from the machine's configured
// GOPROXY) with either go or gocmd as the `go` on its PATH: one tree of the same module per side, and a
// directory per side holding its `go` (real go, or a link to the shipped launcher as a user would make one).
import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GO } from './buildharness.js';
import { bundleCLI, launcherFor, machineGoEnv, servedEnv } from './cliharness.js';
import { writeFiles } from './sidebyside.js';

export type Side = 'go' | 'gocmd';
export const SIDES: readonly Side[] = ['go', 'gocmd'];

/** A new temp dir with the bundled CLI (returned as gocmd), the module at tmp/<side> and tmp/path-<side>/go. */
export async function makeToolSides(prefix: string, module: Record<string, string>): Promise<{ tmp: string; gocmd: string }> {
  const tmp = mkdtempSync(join(tmpdir(), prefix));
  const gocmd = join(tmp, 'gocmd.mjs');
  await bundleCLI(gocmd);
  for (const side of SIDES) {
    mkdirSync(join(tmp, `path-${side}`));
    writeFiles(join(tmp, side), module);
  }
  symlinkSync(GO, join(tmp, 'path-go', 'go'));
  symlinkSync(launcherFor(join(tmp, 'gocmd-shipped', 'bin', 'gocmd')), join(tmp, 'path-gocmd', 'go'));
  return { tmp, gocmd };
}

/**
 * The environment of a run with pathDir first on PATH: module mode, the local toolchain, GOPATH, module
 * cache and GOBIN under tmp, the suite's shared GOCACHE, and the host platform.
 */
export function toolEnv(tmp: string, pathDir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = {
    ...process.env, PATH: `${pathDir}:${process.env.PATH ?? ''}`, GOFLAGS: '-buildvcs=false', GOWORK: 'off',
    GO111MODULE: 'on', GOTOOLCHAIN: 'local', GOPATH: join(tmp, 'gopath'), GOMODCACHE: join(tmp, 'modcache'),
    GOBIN: join(tmp, 'bin'), ...extra,
  };
  const cache = process.env.GOCMD_TEST_GOCACHE ?? machineGoEnv('GOCACHE');
  if (cache) e.GOCACHE = cache;
  for (const k of ['GOOS', 'GOARCH', 'CGO_ENABLED']) delete e[k];
  return servedEnv(e);
}
