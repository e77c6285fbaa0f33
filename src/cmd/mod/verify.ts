// `go mod verify`: check that cached zips and extracted trees of the build list still match their recorded hashes.
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Command, CommandContext } from '../command.js';
import { ExitError } from '../command.js';
import type { FlagSet, Ref } from '../../cli/flags.js';
import { parseModFile } from '../../lib/modfile/index.js';
import { hashDir, hashZipFile } from '../../lib/dirhash.js';
import * as gover from '../../lib/gover.js';
import { errorAs } from '../../lib/module.js';
import type { Version } from '../../lib/module.js';
import { graphRequirements, loadModGraph, mainModuleRoots, pruningForGoVersion, toolchainModSummary, type Graph } from '../../lib/mvs.js';
import { Fetcher } from '../../modfetch/fetcher.js';
import { CacheLayout } from '../../modfetch/cache.js';
import { FatalError, isNotExist } from '../../modfetch/errors.js';
import { settingsFromConfig } from '../../modfetch/settings.js';

let modcacherw: Ref<boolean>, modfileFlag: Ref<string>;

export interface MainModFile {
  gomod: string;
  path: string;
  goVersion: string;
  toolchain: string;
  require: Version[];
}

/** Reads the main module's go.mod (throws go's errors). */
export function readMainModFile(gomod: string): MainModFile {
  let data: string;
  try {
    data = readFileSync(gomod, 'utf8');
  } catch (e) {
    throw new ExitError(`go: ${(e as Error).message}`);
  }
  try {
    const mf = parseModFile(gomod, data);
    return {
      gomod,
      path: mf.module?.path ?? '',
      goVersion: mf.go?.version ?? '',
      toolchain: mf.toolchain?.name ?? '',
      require: mf.require.map((r) => ({ path: r.path, version: r.version })),
    };
  } catch (e) {
    throw new ExitError(`go: errors parsing go.mod:\n${(e as Error).message}`);
  }
}

/**
 * The module graph of a single main module, loaded from go.mod files through the fetcher
 * (replacements and excludes are not applied: that needs modload).
 */
export async function loadGraph(f: Fetcher, main: MainModFile): Promise<Graph> {
  const mainModule = { path: main.path, version: '' };
  const loaded = await loadModGraph({
    graphRoots: [mainModule],
    mainModule,
    roots: mainModuleRoots(main.require, main.goVersion || undefined, main.toolchain || undefined),
    pruning: pruningForGoVersion(main.goVersion),
    concurrency: 4,
    summary: async (m) => {
      if (gover.isToolchain(m.path)) return toolchainModSummary(m);
      const data = (await f.goMod(m.path, m.version)).toString('utf8');
      const mf = parseModFile(`${m.path}@${m.version}/go.mod`, data, { lax: true });
      const goV = mf.go?.version ?? '';
      return { require: graphRequirements(mf.require.map((r) => ({ path: r.path, version: r.version })), goV), pruning: pruningForGoVersion(goV) };
    },
  });
  if (loaded.error) throw loaded.error;
  return loaded.graph;
}

/** verifyMod: the errors for one module (none when it was never downloaded). */
export async function verifyMod(cache: CacheLayout, mod: Version): Promise<string[]> {
  if (gover.isToolchain(mod.path)) return [];
  let zip = '';
  let zipErr: unknown;
  try {
    zip = cache.cachePath(mod, 'zip');
    statSync(zip);
  } catch (e) {
    zipErr = e;
  }
  let dir = '';
  let dirErr: unknown;
  try {
    dir = cache.downloadDir(mod);
  } catch (e) {
    dirErr = e;
    dir = (e as { dir?: string }).dir ?? cache.dirPath(mod);
  }
  let data: string;
  try {
    data = readFileSync(zip + 'hash', 'latin1');
  } catch (e) {
    if (zipErr !== undefined && isNotExist(zipErr) && dirErr !== undefined && isNotExist(dirErr)) return [];
    return [`${mod.path} ${mod.version}: missing ziphash: open ${zip}hash: no such file or directory`];
  }
  const h = data.trim();
  const errs: string[] = [];
  if (!(zipErr !== undefined && isNotExist(zipErr))) {
    let hz: string;
    try {
      hz = await hashZipFile(zip);
    } catch (e) {
      return [`${mod.path} ${mod.version}: ${(e as Error).message}`];
    }
    if (hz !== h) errs.push(`${mod.path} ${mod.version}: zip has been modified (${zip})`);
  }
  if (!(dirErr !== undefined && isNotExist(dirErr))) {
    let hd: string;
    try {
      hd = await hashDir(dir, `${mod.path}@${mod.version}`);
    } catch (e) {
      return [...errs, `${mod.path} ${mod.version}: ${(e as Error).message}`];
    }
    if (hd !== h) errs.push(`${mod.path} ${mod.version}: dir has been modified (${dir})`);
  }
  return errs;
}

export const command: Command = {
  name: 'verify',
  usageLine: 'go mod verify',
  short: 'verify dependencies have expected content',
  long: `Verify checks that the module cache's copies of the current module's dependencies (zip
files and extracted directories) still hash to what was recorded when they were downloaded.
It prints "all modules verified" when nothing changed, and otherwise names each modified
module and exits with a non-zero status.`,
  flags(fs: FlagSet) {
    modcacherw = fs.bool('modcacherw', false);
    modfileFlag = fs.string('modfile', '');
  },
  async run(ctx: CommandContext, args: string[]): Promise<number> {
    if (args.length !== 0) throw new ExitError('go: verify takes no arguments');
    const config = ctx.config;
    if (config.getenv('GO111MODULE') === 'off') throw new ExitError("go: modules disabled by GO111MODULE=off; see 'go help modules'", 1);
    const gomod = modfileFlag.value !== '' ? join(ctx.cwd, modfileFlag.value) : config.gomod;
    if (gomod === '' || gomod === '/dev/null') {
      throw new ExitError('go: go.mod file not found in current directory or any parent directory; see \'go help modules\'');
    }
    const main = readMainModFile(gomod);
    const goSumFile = modfileFlag.value !== '' ? gomod.replace(/\.mod$/, '') + '.sum' : join(dirname(gomod), 'go.sum');
    const f = new Fetcher(settingsFromConfig(config, { cmdName: 'mod verify', modcacherw: modcacherw.value, stderr: (s) => void ctx.stderr.write(s) }), { goSumFile });
    let mods: Version[];
    try {
      const g = await loadGraph(f, main);
      mods = g.buildList().filter((m) => m.path !== main.path && m.version !== '');
    } catch (e) {
      const fatal = errorAs(e, FatalError);
      if (fatal) throw new ExitError(fatal.message);
      throw new ExitError(`go: ${(e as Error).message}`);
    }
    let ok = true;
    const results = await Promise.all(mods.map((m) => verifyMod(f.cache, m)));
    for (const errs of results) {
      for (const e of errs) {
        ctx.stderr.write(e + '\n');
        ok = false;
      }
    }
    if (ok) ctx.stdout.write('all modules verified\n');
    return ok ? 0 : 1;
  },
};
