// Bundles the CLI into dist/gocmd.js. Subcommands are imported lazily (dynamic import); with
// code splitting each lands in its own chunk under dist/chunks, so `gocmd version` parses only the
// driver and the modules it uses (one big file made every start-up parse all of gocmd and load
// every node: builtin any command imports).
//
// Several processes may run gocmd from dist/ while a rebuild happens (parallel test runs, other
// shells). So the bundle is built in a private temp dir and published without deleting anything a
// running process may still import: chunk names carry content hashes, new chunks are added beside
// the old, the entry file is replaced by rename, and chunks no build references are pruned only
// half an hour after a build first found them unreferenced.
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const tmp = join('dist', `.tmp-${process.pid}`);
rmSync(tmp, { recursive: true, force: true });

await build({
  entryPoints: { gocmd: 'src/cli/main.ts' },
  outdir: tmp,
  bundle: true,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'linked',
  minifySyntax: true,
  legalComments: 'none',
  logLevel: 'warning',
  // Lazy command imports are globs over src/cmd; keep the *.test.ts files they also match out of
  // the bundle (their node:test/assert imports would otherwise load at every start-up).
  plugins: [{
    name: 'no-tests-in-bundle',
    setup(b) {
      b.onLoad({ filter: /\.test\.ts$/ }, () => ({ contents: 'export {};', loader: 'js' }));
    },
  }],
  // No createRequire banner: no bundled module calls require(), and importing node:module into every
  // start-up cost time (modules load builtins lazily with process.getBuiltinModule instead).
});

// esbuild turns a require() it cannot bundle into a shim that throws at run time; with no banner to
// provide require, that would only show when the code runs. Refuse the bundle instead.
for (const f of [join(tmp, 'gocmd.js'), ...readdirSync(join(tmp, 'chunks')).map((n) => join(tmp, 'chunks', n))]) {
  if (f.endsWith('.js') && readFileSync(f, 'utf8').includes('Dynamic require of')) {
    throw new Error(`bundle: ${f} calls require(); load builtins with process.getBuiltinModule instead`);
  }
}

mkdirSync(join('dist', 'chunks'), { recursive: true });
const fresh = new Set(readdirSync(join(tmp, 'chunks')));
for (const name of fresh) {
  const dest = join('dist', 'chunks', name);
  if (!existsSync(dest) || name.endsWith('.map')) {
    copyFileSync(join(tmp, 'chunks', name), `${dest}.${process.pid}`);
    renameSync(`${dest}.${process.pid}`, dest);
  }
}
for (const name of ['gocmd.js.map', 'gocmd.js']) renameSync(join(tmp, name), join('dist', name));
rmSync(tmp, { recursive: true, force: true });
// A chunk's age is not what matters but how long no entry has named it: a process started just before this
// publish may import an old chunk any time soon. So the first build that finds a chunk unreferenced leaves
// a NAME.unref marker, and the chunk goes only once its marker is 30 minutes old (a chunk referenced again
// loses its marker).
const chunkDir = join('dist', 'chunks');
const staleBefore = Date.now() - 30 * 60 * 1000;
const names = new Set(readdirSync(chunkDir));
for (const name of names) {
  if (name.endsWith('.unref')) {
    if (fresh.has(name.slice(0, -'.unref'.length))) rmSync(join(chunkDir, name), { force: true });
    continue;
  }
  if (fresh.has(name) || name.includes('.tmp') || /\.\d+$/.test(name)) continue;
  const marker = join(chunkDir, name + '.unref');
  if (!names.has(name + '.unref')) {
    writeFileSync(marker, '');
  } else if (statSync(marker).mtimeMs < staleBefore) {
    rmSync(join(chunkDir, name), { force: true });
    rmSync(marker, { force: true });
  }
}

// The spawn helper (src/work/spawner, see src/work/spawn.ts), built by the bundle just made: gocmd starts the
// build's tools through it. Built under a temporary name and renamed, as a running gocmd may be using the
// old one. Without a Go toolchain gocmd still works, starting tools itself.
{
  const { spawnSync } = await import('node:child_process');
  const tmpBin = join('dist', `.gocmd-spawner-${process.pid}`);
  // The host's own GOOS/GOARCH, whatever a go env file says (the helper runs here).
  const goarch = { x64: 'amd64', ia32: '386', arm64: 'arm64', arm: 'arm', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64', loong64: 'loong64' }[process.arch] ?? '';
  const goos = process.platform === 'win32' ? 'windows' : process.platform === 'sunos' ? 'solaris' : process.platform;
  const r = spawnSync(process.execPath, [join('..', '..', '..', 'dist', 'gocmd.js'), 'build', '-trimpath', '-ldflags=-s -w', '-o', join('..', '..', '..', tmpBin), '.'], {
    cwd: join('src', 'work', 'spawner'),
    env: { ...process.env, CGO_ENABLED: '0', GOFLAGS: '-buildvcs=false', GOWORK: 'off', GOOS: goos, GOARCH: goarch, GOCMD_SPAWNER: 'off' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (r.status === 0) renameSync(tmpBin, join('dist', 'gocmd-spawner'));
  else {
    rmSync(tmpBin, { force: true });
    console.error('bundle: warning: could not build dist/gocmd-spawner; gocmd will start tools itself');
  }
}
