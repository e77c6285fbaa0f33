// `go clean`: remove object files and binaries from package directories, and the build/test/module/fuzz caches.
import { lstatSync, readdirSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import type { Command, CommandContext } from './command.js';
import { ExitError } from './command.js';
import type { FlagSet, Ref } from '../lib/flags.js';
import { addBuildFlags, type BuildFlags } from '../cfg/buildflags.js';
import { defaultDir, openDefaultCache, CacheError } from '../cache/index.js';
import { expireTestResults } from '../cache/testexpire.js';
import { goPathErrorText } from '../lib/oserror.js';
import { contextFor } from '../load/context.js';
import { packageErrorString } from '../load/errors.js';
import { loadPackages } from '../load/load.js';
import { findMainModule } from '../load/resolve.js';
import type { Package } from '../load/types.js';
import { removeModCache } from '../modfetch/modcache.js';
import { moduleLoadFor } from '../modload/forload.js';

let cleanI: Ref<boolean>, cleanR: Ref<boolean>, cleanCache: Ref<boolean>, cleanFuzzcache: Ref<boolean>;
let cleanModcache: Ref<boolean>, cleanTestcache: Ref<boolean>;
let bf: BuildFlags;

/** Makefile-era leftovers go still removes. */
const CLEAN_DIR = new Set(['_test', '_obj']);
const CLEAN_FILE = new Set(['_testmain.go', 'test.out', 'build.out', 'a.out']);
const CLEAN_EXT = new Set(['.5', '.6', '.8', '.a', '.o', '.so']);

/** Prints commands as go's Shell.ShowCmd does for clean (to stdout, "cd dir" when the directory changes). */
class Show {
  private scriptDir = '';
  constructor(private readonly out: (s: string) => void) {}
  cmd(dir: string, cmd: string): void {
    let text = '';
    if (dir !== '' && dir !== '/') {
      if (dir !== this.scriptDir) {
        text += `cd ${dir}\n`;
        this.scriptDir = dir;
      }
      const dot = dir.endsWith('/') ? ' ./' : ' .';
      cmd = (' ' + cmd).split(' ' + dir).join(dot).slice(1);
    }
    this.out(text + cmd + '\n');
  }
}

/** A main package's default executable name: last import path element, skipping a /vN major suffix. */
export function defaultExecName(p: Package, modulesEnabled: boolean): string {
  const parts = p.importPath.split('/');
  let elem = parts[parts.length - 1]!;
  if (modulesEnabled && parts.length > 1 && /^v([2-9]|[1-9][0-9]+)[0-9]*$/.test(elem)) elem = parts[parts.length - 2]!;
  return elem;
}

/** The files go clean removes from package p's directory (pure; `names`/`dirs` describe the directory). */
export function cleanPlan(p: Package, entries: { name: string; isDir: boolean }[], modulesEnabled: boolean): { allRemove: string[]; files: string[]; dirs: string[] } {
  const packageFile = new Set<string>();
  if (p.name !== 'main') for (const f of [...p.goFiles, ...p.cgoFiles, ...p.testGoFiles, ...p.xTestGoFiles]) packageFile.add(f);
  const elem = basename(p.dir);
  const exe = defaultExecName(p, modulesEnabled);
  const allRemove: string[] = [];
  if (p.name === 'main') allRemove.push(elem, elem + '.exe', exe, exe + '.exe');
  allRemove.push(elem + '.test', elem + '.test.exe', exe + '.test', exe + '.test.exe');
  for (const e of entries) {
    if (packageFile.has(e.name) || e.isDir) continue;
    if (e.name.endsWith('_test.go')) {
      const b = e.name.slice(0, -'_test.go'.length);
      allRemove.push(b + '.test', b + '.test.exe');
    }
    if (e.name.endsWith('.go')) {
      const b = e.name.slice(0, -'.go'.length);
      allRemove.push(b, b + '.exe');
    }
  }
  const toRemove = new Set(allRemove);
  const files: string[] = [];
  const dirs: string[] = [];
  for (const e of entries) {
    if (e.isDir) {
      if (CLEAN_DIR.has(e.name)) dirs.push(e.name);
      continue;
    }
    if (CLEAN_FILE.has(e.name) || CLEAN_EXT.has(extname(e.name)) || toRemove.has(e.name)) files.push(e.name);
  }
  return { allRemove, files, dirs };
}

interface Ctx {
  show: Show;
  n: boolean;
  x: boolean;
  err: (s: string) => void;
  status: number;
}

/** The names in dir, or none when it cannot be read. */
function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** Shell.RemoveAll: shows "rm -rf paths" (only if something exists) under -n/-x, removes unless -n; returns the first error. */
function shRemoveAll(c: Ctx, paths: string[]): unknown {
  if (c.n || c.x) {
    const exists = paths.some((p) => {
      try {
        lstatSync(p);
        return true;
      } catch (e) {
        return (e as { code?: string }).code !== 'ENOENT';
      }
    });
    if (exists) c.show.cmd('', `rm -rf ${paths.join(' ')}`);
  }
  if (c.n) return undefined;
  let first: unknown;
  for (const p of paths) {
    try {
      rmSync(p, { recursive: true, force: true });
    } catch (e) {
      first ??= e;
    }
  }
  return first;
}

function baseError(c: Ctx, e: unknown): void {
  c.err(`go: ${e instanceof Error && (e as { code?: string }).code ? goPathErrorText(e) : (e as Error).message ?? String(e)}\n`);
  c.status = 1;
}

function removeFile(c: Ctx, f: string): void {
  try {
    unlinkSync(f);
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') return;
    baseError(c, e);
  }
}

function cleanPackages(c: Ctx, roots: Package[], modulesEnabled: boolean, cleanIFlag: boolean, cleanRFlag: boolean): void {
  const cleaned = new Set<Package>();
  const clean = (p: Package): void => {
    if (cleaned.has(p)) return;
    cleaned.add(p);
    if (p.dir === '') {
      c.err(`${p.error ? packageErrorString(p.error) : ''}\n`);
      c.status = 1;
      return;
    }
    let entries: { name: string; isDir: boolean }[];
    try {
      entries = readdirSync(p.dir, { withFileTypes: true }).map((d) => ({ name: d.name, isDir: d.isDirectory() })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch (e) {
      c.err(`go: ${p.dir}: ${goPathErrorText(e, p.dir)}\n`);
      c.status = 1;
      return;
    }
    const plan = cleanPlan(p, entries, modulesEnabled);
    if (c.n || c.x) c.show.cmd(p.dir, `rm -f ${plan.allRemove.join(' ')}`);
    for (const e of entries) {
      if (e.isDir) {
        if (plan.dirs.includes(e.name)) {
          const err = shRemoveAll(c, [join(p.dir, e.name)]);
          if (err) baseError(c, err);
        }
        continue;
      }
      if (c.n) continue;
      if (plan.files.includes(e.name)) removeFile(c, join(p.dir, e.name));
    }
    if (cleanIFlag && p.target) {
      if (c.n || c.x) c.show.cmd('', `rm -f ${p.target}`);
      if (!c.n) removeFile(c, p.target);
    }
    if (cleanRFlag) for (const p1 of p.internal.imports) clean(p1);
  };
  for (const p of roots) clean(p);
}

export async function runClean(ctx: CommandContext, args: string[]): Promise<number> {
  const { config, cwd } = ctx;
  const c: Ctx = {
    show: new Show((s) => ctx.stdout.write(s)),
    n: bf.n,
    x: bf.x,
    err: (s) => ctx.stderr.write(s),
    status: 0,
  };
  if (args.length > 0) {
    const flag = cleanCache.value ? '-cache' : cleanTestcache.value ? '-testcache' : cleanFuzzcache.value ? '-fuzzcache' : cleanModcache.value ? '-modcache' : '';
    if (flag !== '') throw new ExitError(`go: clean ${flag} cannot be used with package arguments`, 1);
  }
  const anyCache = cleanCache.value || cleanModcache.value || cleanTestcache.value || cleanFuzzcache.value;
  const hasModRoot = (config.gomod !== '' && config.gomod !== '/dev/null') || (config.gowork !== '' && config.gowork !== 'off');
  let cleanPkg = args.length > 0 || cleanI.value || cleanR.value;
  if ((!config.modulesEnabled || hasModRoot) && !anyCache) cleanPkg = true;

  if (cleanPkg) {
    const ctxt = contextFor(config, bf.tags);
    // Module mode with a go.mod: imports resolve over the build list (clean -r follows them into modules).
    const ml = moduleLoadFor(config, cwd, { cmdName: 'clean', buildMod: bf.mod, modFile: bf.modfile, modcacherw: bf.modcacherw, stderr: c.err, ctxt });
    const mainModule = ml ? ml.mainModule : config.modulesEnabled ? findMainModule(cwd) : undefined;
    const lc: Parameters<typeof loadPackages>[0] = { ctxt, cwd, gobin: config.gobin, toolchainVersion: config.localGo };
    if (mainModule) lc.mainModule = mainModule;
    if (!config.modulesEnabled) lc.gopathMode = true;
    const opts = bf.tags.length ? { tags: bf.tags } : {};
    const res = ml ? await ml.load((resolver) => loadPackages(lc, args, { ...opts, resolver })) : await loadPackages(lc, args, opts);
    for (const w of res.warnings) ctx.stderr.write(w + '\n');
    cleanPackages(c, res.roots, config.modulesEnabled, cleanI.value, cleanR.value);
  }

  const getenv = (k: string): string | undefined => config.getenv(k) || undefined;
  if (cleanCache.value) {
    const { dir, err } = defaultDir(getenv);
    if (err) throw new ExitError(`go: ${err.message}`, 1);
    if (dir !== 'off') {
      let subdirs: string[] = [];
      try {
        subdirs = readdirSync(dir).filter((n) => /^[0-9a-f]{2}$/.test(n)).sort().map((n) => join(dir, n));
      } catch {
        subdirs = [];
      }
      let printed = false;
      if (subdirs.length > 0) {
        const e = shRemoveAll(c, subdirs);
        if (e) {
          printed = true;
          baseError(c, e);
        }
      }
      const e = shRemoveAll(c, [join(dir, 'log.txt')]);
      if (e && !printed) baseError(c, e);
      // gocmd's own records about cache entries (no-op stamps, stat memo) go with them, silently: go's -x
      // shows no such rm, and go leaves only its README and small files behind. The why-rebuilt records
      // (gocmd-explain) stay: they hold inputs, not entries, and are what lets GOCMD_EXPLAIN tell the next
      // build "inputs unchanged, but the cache entry is gone" rather than "no earlier build recorded".
      // They are trimmed by age as the cache is.
      if (!c.n) {
        for (const n of readdirSafe(dir)) {
          if (n.startsWith('gocmd-') && n !== 'gocmd-explain') rmSync(join(dir, n), { recursive: true, force: true });
        }
      }
    }
  }

  if (cleanTestcache.value && !cleanCache.value) {
    const { dir, err } = defaultDir(getenv);
    if (err) throw new ExitError(`go: ${err.message}`, 1);
    if (dir !== 'off') {
      try {
        expireTestResults(dir);
      } catch (e) {
        let dirExists = true;
        try {
          statSync(dir);
        } catch (se) {
          dirExists = (se as { code?: string }).code !== 'ENOENT';
        }
        if (dirExists) baseError(c, e);
      }
    }
  }

  if (cleanModcache.value) {
    const modcache = config.gomodcache;
    if (modcache === '') throw new ExitError('go: cannot clean -modcache without a module cache', 1);
    if (c.n || c.x) c.show.cmd('', `rm -rf ${modcache}`);
    if (!c.n) {
      try {
        removeModCache(modcache);
      } catch (e) {
        baseError(c, e);
      }
    }
  }

  if (cleanFuzzcache.value) {
    let fuzzDir: string;
    try {
      fuzzDir = openDefaultCache(getenv).fuzzDir();
    } catch (e) {
      if (e instanceof CacheError) throw new ExitError(`go: ${e.message.replace(/\n$/, '')}`, 1);
      throw e;
    }
    const e = shRemoveAll(c, [fuzzDir]);
    if (e) baseError(c, e);
  }
  return c.status;
}

export const command: Command = {
  name: 'clean',
  usageLine: 'go clean [-i] [-r] [-cache] [-testcache] [-modcache] [-fuzzcache] [build flags] [packages]',
  short: 'remove object files and cached files',
  long: `
Clean removes object files and leftover binaries from package source directories:
executables named after the directory or after a .go file, test binaries (*.test),
and old build outputs (*.a, *.o, *.so, _obj/, _test/, a.out, ...).

	-i          also remove the installed archive or binary ('go install' target)
	-n          print the remove commands it would run, without running them
	-r          apply recursively to every dependency of the named packages
	-x          print the remove commands as they run
	-cache      remove the entire build cache
	-testcache  expire every cached test result
	-modcache   remove the module download cache, including unpacked sources
	-fuzzcache  remove files stored in the build cache for fuzz testing

The build flags are accepted as for 'go build'.
`,
  flags(fs: FlagSet) {
    cleanI = fs.bool('i');
    cleanR = fs.bool('r');
    cleanCache = fs.bool('cache');
    cleanFuzzcache = fs.bool('fuzzcache');
    cleanModcache = fs.bool('modcache');
    cleanTestcache = fs.bool('testcache');
    bf = addBuildFlags(fs, 'clean');
  },
  async run(ctx, args) {
    return await runClean(ctx, args);
  },
};
