// `go doc`'s helper: go's own cmd/go/internal/doc, linked with a generated main package (docview.ts)
// that an overlay places under cmd/go, built for the host like an on-demand tool and kept in the
// build cache. It runs with GOROOT set to a view of the real GOROOT whose bin/go is gocmd, because
// the doc package and go/build run $GOROOT/bin/go (go env, go list) and gocmd never runs a go binary.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Config } from '../cfg/config.js';
import { buildInitOverlay } from '../base/fsys.js';
import { buildAndRunBuiltinTool, type ToolRunner } from './tooldemand.js';
import { DOC_MAIN_PATH, docMainSource, helperEnv, prebuiltName, standInScript, viewKey, viewLinks, type ToolchainStamp } from './docview.js';

/** A GOROOT view and what the helper's build needs from it. */
interface View {
  /** The directory the helper sees as GOROOT. */
  goroot: string;
  /** The overlay file that adds the generated main package to cmd/go. */
  overlay: string;
  /** A build cache to use when GOCACHE is off ("" when GOCACHE is usable). */
  privateCache: string;
  /** The file naming the helper's executable in the build cache, once built ("" for a temporary view). */
  record: string;
  /** Removes a view made only for this run. */
  dispose(): void;
}

/** The command line that starts this gocmd again: node and the entry script it is running. */
function launcher(): string[] {
  return [process.execPath, process.argv[1] ?? ''];
}

/**
 * Writes a view's files into dir: links to GOROOT's entries, bin/go, the main package and its
 * overlay. Paths inside the files name final, where dir is renamed to once complete.
 */
function populateView(dir: string, final: string, realGoroot: string, launch: string[]): void {
  const bin = join(dir, 'goroot', 'bin');
  mkdirSync(bin, { recursive: true });
  for (const name of viewLinks(readdirSync(realGoroot))) symlinkSync(join(realGoroot, name), join(dir, 'goroot', name));
  const script = standInScript({ goroot: realGoroot, view: join(final, 'goroot'), launcher: launch });
  writeFileSync(join(bin, 'go'), script, { mode: 0o755 });
  writeFileSync(join(dir, 'main.go'), docMainSource());
  const target = join(realGoroot, 'src', ...DOC_MAIN_PATH.split('/'), 'main.go');
  writeFileSync(join(dir, 'overlay.json'), JSON.stringify({ Replace: { [target]: join(final, 'main.go') } }));
}

function viewFrom(dir: string, privateCache: string, kept: boolean, dispose: () => void): View {
  return { goroot: join(dir, 'goroot'), overlay: join(dir, 'overlay.json'), privateCache, record: kept ? join(dir, 'helper') : '', dispose };
}

/** The cached helper a kept view recorded, if it is still in the cache. */
function recordedHelper(view: View): string {
  if (view.record === '') return '';
  try {
    const exe = readFileSync(view.record, 'utf8');
    return statSync(exe).isFile() ? exe : '';
  } catch {
    return '';
  }
}

/** Remembers the cached helper (temp + rename, so readers never see half a name); best effort. */
function recordHelper(view: View, exe: string): void {
  if (view.record === '' || exe === '') return;
  const tmp = `${view.record}.${process.pid}`;
  try {
    writeFileSync(tmp, exe);
    renameSync(tmp, view.record);
  } catch {
    rmSync(tmp, { force: true });
  }
}

/**
 * The stamp of config's toolchain: what a helper built from it depends on. The files are identified by
 * size and modification time (a stat each, no reading): a toolchain installed or rebuilt in place
 * changes them. undefined when a file is missing (no helper is then prebuilt or used).
 */
function toolchainStamp(config: Config): ToolchainStamp | undefined {
  const files: string[] = [];
  const exe = config.gohostos === 'windows' ? '.exe' : '';
  for (const f of [join(config.goroot, 'VERSION'), ...['compile', 'link', 'asm'].map((t) => join(config.toolDir, t + exe))]) {
    try {
      const st = statSync(f);
      files.push(`${f} ${st.size} ${st.mtimeMs}`);
    } catch {
      return undefined;
    }
  }
  return { goroot: config.goroot, goVersion: config.goVersion, host: `${config.gohostos}/${config.gohostarch}`, files };
}

/**
 * Where the helper prebuilt at set-up for this toolchain is (beside the bundle, see scripts/bundle.mjs),
 * or would be; "" when this toolchain has no stamp or gocmd runs from no file.
 */
function prebuiltPath(config: Config): string {
  const entry = process.argv[1];
  const stamp = config.goroot === '' ? undefined : toolchainStamp(config);
  return entry === undefined || entry === '' || stamp === undefined ? '' : join(dirname(entry), prebuiltName(stamp));
}

/** The prebuilt helper for this toolchain, if set-up made one. */
function prebuiltHelper(path: string): string {
  if (path === '') return '';
  try {
    return statSync(path).isFile() ? path : '';
  } catch {
    return '';
  }
}

/**
 * Set-up's request (GOCMD_DOC_PREBUILD=1, from scripts/bundle.mjs): copies the helper just built or
 * found to the prebuilt path for this toolchain, by temp file + rename.
 */
function exportHelper(config: Config, exe: string): void {
  if (config.osEnv['GOCMD_DOC_PREBUILD'] !== '1' || exe === '') return;
  const dest = prebuiltPath(config);
  if (dest === '') return;
  const tmp = `${dest}.${process.pid}`;
  try {
    copyFileSync(exe, tmp);
    renameSync(tmp, dest);
  } catch {
    rmSync(tmp, { force: true });
  }
}

/**
 * The view for this toolchain: kept under GOCACHE (made once, by rename, so concurrent runs agree),
 * or with GOCACHE off a temporary one that also holds a private build cache.
 */
function openView(config: Config): View {
  const launch = launcher();
  const cacheUsable = config.gocache !== 'off' && config.gocacheErr === '';
  if (cacheUsable) {
    const parent = join(config.gocache, 'gocmd-doc');
    const dir = join(parent, viewKey(config.goroot, config.goVersion, launch));
    try {
      statSync(join(dir, 'overlay.json'));
      return viewFrom(dir, '', true, () => {});
    } catch {
      // not made yet
    }
    try {
      mkdirSync(parent, { recursive: true });
      const tmp = mkdtempSync(join(parent, '.tmp-'));
      populateView(tmp, dir, config.goroot, launch);
      try {
        renameSync(tmp, dir);
      } catch {
        rmSync(tmp, { recursive: true, force: true }); // another run made it first
      }
      statSync(join(dir, 'overlay.json'));
      return viewFrom(dir, '', true, () => {});
    } catch {
      // an unwritable cache: fall back to a temporary view below
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'gocmd-doc-'));
  populateView(dir, dir, config.goroot, launch);
  const cache = cacheUsable ? '' : join(dir, 'cache');
  return viewFrom(dir, cache, false, () => rmSync(dir, { recursive: true, force: true }));
}

/**
 * Builds the helper if the cache lacks it and runs it with args (the user's doc flags and
 * arguments) through run, in the environment the doc package expects.
 */
export async function buildAndRunDocHelper(
  config: Config, args: string[], stderr: (s: string) => void,
  run: (exe: string, args: string[], env: NodeJS.ProcessEnv) => Promise<number>,
): Promise<number> {
  const view = openView(config);
  const runEnv = helperEnv(config.osEnv, view.goroot);
  // Once built for this toolchain the helper is run straight from the cache, without loading its sources again.
  // A helper prebuilt at set-up for this very toolchain spares the first run the helper's build (a minute
  // with an empty cache); the build below is for toolchains set-up did not see (GOTOOLCHAIN, another GOROOT).
  const exporting = config.osEnv['GOCMD_DOC_PREBUILD'] === '1';
  const prebuilt = exporting ? '' : prebuiltHelper(prebuiltPath(config));
  if (prebuilt !== '') {
    try {
      return await run(prebuilt, args, runEnv);
    } finally {
      view.dispose();
    }
  }
  const known = recordedHelper(view);
  if (known !== '') {
    exportHelper(config, known);
    return await run(known, args, runEnv);
  }
  try {
    // The helper is built without cgo: go's doc needs none, and net's cgo resolver would need a C toolchain.
    const buildEnv: NodeJS.ProcessEnv = { ...config.osEnv, CGO_ENABLED: '0' };
    if (view.privateCache !== '') {
      mkdirSync(view.privateCache, { recursive: true });
      buildEnv['GOCACHE'] = view.privateCache;
    }
    const buildConfig = new Config({ env: buildEnv, cwd: config.cwd });
    buildInitOverlay(view.overlay, config.cwd, '');
    const runner: ToolRunner = (exe, a, cached) => {
      recordHelper(view, cached);
      exportHelper(config, cached);
      return run(exe, a, runEnv);
    };
    // -trimpath, as go's distribution builds cmd/go: the helper then has no GOROOT of its own either (see helperEnv).
    return await buildAndRunBuiltinTool(buildConfig, DOC_MAIN_PATH, args, false, stderr, runner, true);
  } finally {
    view.dispose();
  }
}
