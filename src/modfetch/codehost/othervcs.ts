// Mercurial, Subversion, Bazaar and Fossil repositories. gocmd drives only git; for the others it
// makes the work directory and runs the tool's first command as go does, so a missing tool gives
// go's error (`hg init . in <dir>: exec: "hg": executable file not found in $PATH`).
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { lockFile } from '../lock.js';
import type { CodeRepo, CodeRevInfo, Tags } from './codehost.js';
import { workDir } from './codehost.js';
import { lookPath, run } from './run.js';

type Env = Readonly<Record<string, string | undefined>>;

export interface OtherVCSOptions {
  gomodcache: string;
  env: Env;
  trace?: (line: string) => void;
}

/** The command that starts a work directory for remote (none for svn, which has no local checkout). */
function initCommand(vcs: string, remote: string): string[] | undefined {
  switch (vcs) {
    case 'hg':
      return ['hg', 'init', '.'];
    case 'bzr':
      return ['bzr', 'branch', '--use-existing-dir', '--', remote, '.'];
    case 'fossil':
      return ['fossil', 'clone', '--', remote, '.fossil'];
    default:
      return undefined;
  }
}

/** The first command an operation on an svn repository runs (listing its tags). */
const svnTagsCommand = (remote: string): string[] => ['svn', 'list', '--', remote.replace(/\/trunk$/, '') + '/tags'];

/**
 * Opens a repository of another tool. With the tool installed it fails with a plain statement that
 * gocmd does not drive it; without it, with the error go's first command would give.
 */
export async function openOtherVCS(vcs: string, remote: string, o: OtherVCSOptions): Promise<CodeRepo> {
  if (!['hg', 'svn', 'bzr', 'fossil'].includes(vcs)) throw new Error(`unknown vcs: ${vcs} ${remote}`);
  if (!remote.includes('://')) throw new Error(`invalid vcs remote: ${vcs} ${remote}`);
  const wd = await workDir(o.gomodcache, 'vcs1.' + vcs, remote, o.trace);
  const unsupported = (): Error => new Error(`${vcs} repositories are not supported by gocmd (only git): ${remote}`);
  const init = initCommand(vcs, remote);
  if (init) {
    const unlock = await lockFile(wd.lock);
    try {
      if (!existsSync(join(wd.dir, '.' + vcs))) {
        try {
          await run(init, { dir: wd.dir, baseEnv: o.env, trace: o.trace });
        } catch (e) {
          rmSync(wd.dir, { recursive: true, force: true });
          throw e;
        }
      }
    } finally {
      await unlock();
    }
    throw unsupported();
  }
  // svn: the failure comes with the first operation.
  const fail = async (): Promise<never> => {
    if (lookPath('svn', o.env).err === undefined) throw unsupported();
    await run(svnTagsCommand(remote), { dir: wd.dir, baseEnv: o.env, trace: o.trace });
    throw unsupported();
  };
  return {
    tags: (): Promise<Tags> => fail(),
    stat: (): Promise<CodeRevInfo> => fail(),
    latest: (): Promise<CodeRevInfo> => fail(),
    readFile: (): Promise<Buffer> => fail(),
    readZip: (): Promise<Buffer> => fail(),
    recentTag: (): Promise<string> => fail(),
    descendsFrom: (): Promise<boolean> => fail(),
  };
}
