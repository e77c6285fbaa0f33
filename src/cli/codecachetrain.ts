// The runs that make the V8 code caches (see codecache.ts). A cache holds the functions compiled in the run
// that made it; the rest are compiled from source when first called, at every start-up. One cache made by
// `version` left out everything `env`, `list -m` and `mod graph` run: 6-15% of their CPU went to compiling
// (and ~9% of a package `list` on a large module).
// `GOCMD_CODECACHE=train gocmd WORD` (scripts/bundle.mjs runs one per family) runs the commands of WORD's
// family (codecache.ts's cacheFamily) in this process against a small module it writes to a temporary
// directory, with no network and none of the user's files, and prints nothing; the launcher then makes
// that family's cache at exit.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { hashGoMod } from '../lib/dirhash.js';
import { runMain } from './run.js';

/**
 * The commands a training run runs in the training module's directory, by code cache family (see
 * cacheFamily): the default cache, shared by every command without a family of its own, is made by
 * `version`, which runs just the start-up path.
 */
export const TRAINING_COMMANDS: Readonly<Record<string, readonly (readonly string[])[]>> = {
  '': [['version']],
  env: [['env', '-json'], ['env', 'GOMOD']],
  mod: [['mod', 'graph'], ['list', '-m', 'all'], ['list', '-m', '-json', 'all']],
  // The main package imports fmt: loading ~40 std packages (the package index written on the way), their
  // staleness and list's JSON.
  list: [['list', '-deps', '-json', './...'], ['list', '-f', '{{.ImportPath}} {{.Stale}}', './...']],
};

/**
 * Writes the training module under root: example.com/m requires a, which requires b, and a module cache
 * holding their go.mod and .info files. Returns the module's directory and the environment to run in: env's
 * PATH and GOROOT (to find the toolchain), nothing else of it, and no network.
 */
export function prepareTraining(root: string, env: NodeJS.ProcessEnv): { dir: string; env: Record<string, string | undefined> } {
  const dir = join(root, 'm');
  const modcache = join(root, 'modcache');
  const mods: [string, string, string][] = [
    ['example.com/a', 'v1.0.0', 'module example.com/a\n\ngo 1.21\n\nrequire example.com/b v1.0.0\n'],
    ['example.com/b', 'v1.0.0', 'module example.com/b\n\ngo 1.21\n'],
    ['example.com/b', 'v1.1.0', 'module example.com/b\n\ngo 1.21\n'],
  ];
  let sums = '';
  for (const [path, version, gomod] of mods) {
    const vdir = join(modcache, 'cache', 'download', path, '@v');
    mkdirSync(vdir, { recursive: true });
    writeFileSync(join(vdir, `${version}.mod`), gomod);
    writeFileSync(join(vdir, `${version}.info`), JSON.stringify({ Version: version, Time: '2024-01-02T03:04:05Z' }) + '\n');
    sums += `${path} ${version}/go.mod ${hashGoMod(Buffer.from(gomod))}\n`;
  }
  mkdirSync(dir);
  writeFileSync(join(dir, 'go.mod'), 'module example.com/m\n\ngo 1.21\n\nrequire (\n\texample.com/a v1.0.0\n\texample.com/b v1.1.0 // indirect\n)\n');
  writeFileSync(join(dir, 'go.sum'), sums);
  writeFileSync(join(dir, 'main.go'), 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hello") }\n');
  return {
    dir,
    env: {
      PATH: env['PATH'],
      ...(env['GOROOT'] ? { GOROOT: env['GOROOT'] } : {}),
      HOME: root,
      GOENV: join(root, 'goenv'),
      GOPATH: join(root, 'gopath'),
      GOCACHE: join(root, 'gocache'),
      GOMODCACHE: modcache,
      GOFLAGS: '-mod=mod',
      GOPROXY: 'off',
      GOSUMDB: 'off',
      GOTOOLCHAIN: 'local',
    },
  };
}

/** What one training command did. */
export interface TrainingRun {
  args: readonly string[];
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the family's TRAINING_COMMANDS on the training module in a new temporary directory (removed after). */
export async function trainCodeCache(family: string, env: NodeJS.ProcessEnv = process.env): Promise<TrainingRun[]> {
  const root = mkdtempSync(join(tmpdir(), 'gocmd-train-'));
  try {
    const t = prepareTraining(root, env);
    const runs: TrainingRun[] = [];
    for (const args of TRAINING_COMMANDS[family] ?? []) {
      let stdout = '';
      let stderr = '';
      const sink = (add: (s: string) => void): Writable => new Writable({
        write(chunk: Buffer | string, _enc, cb) { add(chunk.toString()); cb(); },
      });
      const code = await runMain([...args], { stdout: sink((s) => { stdout += s; }), stderr: sink((s) => { stderr += s; }) }, { env: { ...t.env }, cwd: t.dir });
      runs.push({ args, code, stdout, stderr });
    }
    return runs;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
