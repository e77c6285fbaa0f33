// The "go" and "toolchain" pseudo-modules as query targets (go's modfetch toolchainRepo): their
// versions are the Go versions of the golang.org/toolchain module (the "DL" module) on the proxy,
// so that `go get go@1.23` or `go get toolchain@patch` resolve like any module query.
import * as gover from '../lib/gover.js';
import type { RevInfo } from '../modfetch/revinfo.js';
import type { QueryRepo } from './query.js';

/** The module whose versions name downloadable toolchains. */
export const DL_MODULE = 'golang.org/toolchain';

/** The DL version asked about to check that Go version v exists (always linux-amd64, as go: every release has it). */
export function goToDL(v: string): string {
  return `v0.0.1-go${v}.linux-amd64`;
}

/** A QueryRepo answering for "go" and "toolchain" from dl (the ordinary repo, which serves the DL module). */
export function toolchainQueryRepo(dl: QueryRepo, localGo: string): QueryRepo {
  // The whole list whatever the prefix: the query matcher lets "1.21" match the prefix "1.21.".
  const versions = async (path: string): Promise<string[]> => gover.toolchainVersions(path, await dl.versions(DL_MODULE, ''), localGo);
  const stat = async (path: string, rev: string): Promise<RevInfo> => {
    // go@go1.21 and toolchain@1.21 are accepted and put in their standard form.
    const v = rev.replace(/^go/, '');
    const pre = path === 'toolchain' ? 'go' : '';
    if (!gover.isValid(v)) throw new Error(`invalid ${path} version ${rev}`);
    // Older "go" versions need no lookup: the local toolchain provides them (auto mode).
    if (path === 'go' && gover.compare(v, localGo) <= 0) return { version: v, time: '' };
    if (path === 'toolchain' && v === localGo) return { version: pre + v, time: '' };
    if (gover.isLang(v)) throw new Error(`go language version ${rev} is not a toolchain version`);
    const info = await dl.stat(DL_MODULE, goToDL(v));
    return { version: pre + v, time: info.time };
  };
  return {
    versions,
    stat,
    async latest(path) {
      const list = await versions(path);
      let max = '';
      for (const v of list) if (max === '' || gover.modCompare(path, v, max) > 0) max = v;
      return stat(path, max);
    },
    goMod: async (path) => new TextEncoder().encode(`module ${path}\n`),
  };
}
