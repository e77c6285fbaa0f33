// `go mod verify`: check that cached zips and extracted trees of the build list still match their recorded hashes.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Command, CommandContext } from '../command.js';
import { hasModRoot } from '../../modload/init.js';
import { ExitError } from '../command.js';
import type { FlagSet, Ref } from '../../lib/flags.js';
import { hashDir, hashZipFile } from '../../lib/dirhash.js';
import * as gover from '../../lib/gover.js';
import type { Version } from '../../lib/module.js';
import type { CacheLayout } from '../../modfetch/cache.js';
import { isNotExist } from '../../modfetch/errors.js';
import { moduleBuildList, openMainModule } from './modstate.js';
import { addOverlayFlag, installModOverlay } from './modflags.js';

let modcacherw: Ref<boolean>, modfileFlag: Ref<string>;
let overlayFlag: Ref<string>;

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
    overlayFlag = addOverlayFlag(fs);
  },
  async run(ctx: CommandContext, args: string[]): Promise<number> {
    installModOverlay(ctx.config, ctx.cwd, overlayFlag.value);
    if (args.length !== 0) throw new ExitError('go: verify takes no arguments');
    const config = ctx.config;
    if (config.getenv('GO111MODULE') === 'off') throw new ExitError("go: modules disabled by GO111MODULE=off; see 'go help modules'", 1);
    const gomod = modfileFlag.value !== '' ? join(ctx.cwd, modfileFlag.value) : config.gomod;
    if ((gomod === '' || gomod === '/dev/null') && !hasModRoot(config, 'mod verify')) {
      throw new ExitError('go: go.mod file not found in current directory or any parent directory; see \'go help modules\'');
    }
    const { st, fetcher } = openMainModule(ctx, { cmdName: 'mod verify', modFile: modfileFlag.value, modcacherw: modcacherw.value });
    const mods = (await moduleBuildList(st)).filter((m) => m.version !== '' && !st.mainByPath(m.path));
    let ok = true;
    const results = await Promise.all(mods.map((m) => verifyMod(fetcher.cache, m)));
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
