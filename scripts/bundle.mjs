// Bundles the CLI: dist/gocmd-main.cjs is all of gocmd in one CommonJS file, and dist/gocmd.cjs the small
// launcher bin/gocmd runs, which compiles the bundle with a V8 code cache (src/cli/codecache.ts). With the
// cache a start-up deserializes the code it runs instead of parsing everything; without it (first run, or
// another node), it parses the one file, and the launcher saves a cache for next time. This replaced ESM
// chunks (code splitting), whose per-module loading cost more than the whole bundle with its cache.
//
// Several processes may run gocmd from dist/ while a rebuild happens (parallel test runs, other shells).
// Each file is published by rename, and a process reads the bundle whole when it starts, so it never sees
// half of one build and half of another; the cache names the bundle it belongs to by hash.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// `--out DIR` bundles into DIR instead of dist/ (tests run the shipped layout from a private copy);
// `--no-spawner` leaves out the spawn helper (gocmd then starts tools itself).
const argv = process.argv.slice(2);
const outIdx = argv.indexOf('--out');
const dist = outIdx >= 0 && argv[outIdx + 1] ? resolve(argv[outIdx + 1]) : 'dist';
const withSpawner = !argv.includes('--no-spawner');
const tmp = join(dist, `.tmp-${process.pid}`);
rmSync(tmp, { recursive: true, force: true });

// Must match src/cli/codecache.ts.
const BUNDLE_TAG = '// gocmd-bundle ';
const PLACEHOLDER = '0'.repeat(64);

// Node builtins that node's own start-up has not loaded cost ~5-15 ms each to load (child_process, zlib,
// net, stream... ~40 ms together), and the bundle's module inits require them whether or not the command
// ever calls into them (version, env, list -m never start a child process). Their require() calls become
// __gocmdLazyRequire: a stand-in that loads the builtin at the first property read. esbuild writes every
// use of an imported builtin as a property read of its namespace variable, so nothing else changes.
// node:fs, node:path and node:vm are loaded by node's start-up anyway. node:crypto (with the stream modules
// it pulls in, ~8 ms) is lazy too, which holds only while no source imports it as a namespace
// (`import * as`): esbuild wraps those in __toESM, which lists the module's keys at once.
const LAZY_BUILTINS = ['crypto', 'v8', 'child_process', 'zlib', 'net', 'dgram', 'worker_threads', 'stream', 'fs/promises', 'async_hooks', 'perf_hooks', 'http', 'https', 'tls', 'dns', 'readline'];
const LAZY_REQUIRE_SRC = 'const __gocmdLazyRequire = (id) => { let m; const get = () => m ??= require(id); ' +
  'return new Proxy({}, { get: (_, k) => get()[k], has: (_, k) => k in get(), ownKeys: () => Reflect.ownKeys(get()), ' +
  'getOwnPropertyDescriptor: (_, k) => { const d = Reflect.getOwnPropertyDescriptor(get(), k); if (d) d.configurable = true; return d; }, ' +
  'getPrototypeOf: () => Object.getPrototypeOf(get()) }); };';

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minifySyntax: true,
  minifyWhitespace: true,
  legalComments: 'none',
  logLevel: 'warning',
};

await build({
  ...common,
  entryPoints: ['src/main.ts'],
  outfile: join(tmp, 'gocmd-main.cjs'),
  sourcemap: 'linked',
  // The sources are ESM; in a CommonJS bundle import.meta is empty. Its one use names the module's own file.
  // GOCMD_BUNDLED tells src/cli/run.ts it is in the bundle (see loadCommand).
  define: { 'import.meta.url': '__gocmdModuleURL', GOCMD_BUNDLED: 'true' },
  banner: { js: `${BUNDLE_TAG}${PLACEHOLDER}\nconst __gocmdModuleURL = require('node:url').pathToFileURL(__filename).href;\n${LAZY_REQUIRE_SRC}` },
  // Lazy command imports are globs over src/cmd; keep the *.test.ts files they also match out of
  // the bundle (their node:test/assert imports would otherwise load at every start-up).
  plugins: [{
    name: 'no-tests-in-bundle',
    setup(b) {
      b.onLoad({ filter: /\.test\.ts$/ }, () => ({ contents: 'export {};', loader: 'js' }));
    },
  }],
});
await build({ ...common, entryPoints: ['src/cli/launcher.ts'], outfile: join(tmp, 'gocmd.cjs') });

// No import() may be left for node to resolve: the launcher runs the bundle in a vm.Script, where node has
// no ESM loader to give it (with a code cache, not even the main context's), so such a call would fail as
// an internal error at run time. esbuild resolves every import() whose argument it can read (string
// literals, templates it turns into a map over the files matched) and leaves the others as they are.
{
  const lines = readFileSync(join(tmp, 'gocmd-main.cjs'), 'utf8').split('\n');
  const bad = [];
  lines.forEach((line, i) => {
    // Comment lines: esbuild's own name the globs it resolved, and doc comments are kept.
    if (/^\s*(\/\/|\/\*|\*)/.test(line)) return;
    // esbuild prints a call as "import(" with no space; "import (" is Go source text in a template (the test main).
    if (/(?<![\w$.])import\(/.test(line)) bad.push(`  dist/gocmd-main.cjs:${i + 1}: ${line.trim()}`);
  });
  if (bad.length > 0) {
    rmSync(tmp, { recursive: true, force: true });
    throw new Error(`bundle: import() calls esbuild could not resolve (give them a literal path):\n${bad.join('\n')}`);
  }
}

// The lazy builtins (see LAZY_BUILTINS): each plain require() of one, a whole expression, is replaced.
{
  const f = join(tmp, 'gocmd-main.cjs');
  const re = new RegExp(`(?<![\\w$.])require\\("node:(${LAZY_BUILTINS.join('|')})"\\)`, 'g');
  // Then the bundle is made pure ASCII: the launcher reads an ASCII bundle as latin1, ~5x faster than
  // decoding UTF-8 (and V8 keeps it as a one-byte string, half the memory). esbuild already escapes
  // non-ASCII characters in code; what is left is in comments, where an escape changes nothing.
  const out = readFileSync(f, 'utf8').replace(re, (_, id) => `__gocmdLazyRequire("node:${id}")`)
    .replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  writeFileSync(f, out);
}

// The bundle's first line carries the hash of its content (with the placeholder in that line), which the
// code cache records: same length, same place, so the source map stays true.
const mainFile = join(tmp, 'gocmd-main.cjs');
const text = readFileSync(mainFile, 'utf8');
if (!text.startsWith(BUNDLE_TAG + PLACEHOLDER + '\n')) throw new Error('bundle: the bundle does not start with its tag line');
writeFileSync(mainFile, text.replace(PLACEHOLDER, createHash('sha256').update(text).digest('hex')));

// The bundle is published before the launcher that reads it; old files of the chunked layout go.
for (const name of ['gocmd-main.cjs.map', 'gocmd-main.cjs', 'gocmd.cjs']) renameSync(join(tmp, name), join(dist, name));
rmSync(tmp, { recursive: true, force: true });
for (const old of ['gocmd.js', 'gocmd.js.map', 'chunks']) rmSync(join(dist, old), { recursive: true, force: true });

// dist/bin/go: a `go` that is this gocmd, which go generate puts first on a generator's PATH as go puts its
// own $GOROOT/bin (see selfGoDir in src/cmd/generate.ts). A script rather than a symlink: the launcher
// follows symlinks with readlink, which a generator's PATH (maybe only that directory) may not have.
{
  mkdirSync(join(dist, 'bin'), { recursive: true });
  const tmpGo = join(dist, 'bin', `.go-${process.pid}`);
  writeFileSync(tmpGo, '#!/bin/sh\n# go generate\'s `go`: the gocmd launcher beside this dist/ directory.\n' +
    'case $0 in */*) d=${0%/*} ;; *) d=. ;; esac\nexec "$d/../../bin/gocmd" "$@"\n', { mode: 0o755 });
  renameSync(tmpGo, join(dist, 'bin', 'go'));
}

// The code caches (see codecache.ts), one per command family, are made by training runs
// (src/cli/codecachetrain.ts): `version` for the default one, `env`, `list -m`/`mod graph` and package `list` on a small
// module of their own, so that each cache holds what its commands run. Functions a cache lacks are compiled
// from source when first called.
{
  const { spawnSync } = await import('node:child_process');
  for (const word of ['version', 'env', 'mod', 'list']) {
    spawnSync(process.execPath, [join(dist, 'gocmd.cjs'), word], { stdio: 'ignore', env: { ...process.env, GOCMD_CODECACHE: 'train' } });
  }
}

// The Go helpers, built by the bundle just made, each under a temporary name and renamed, as a running gocmd
// may be using the old one: the spawn helper (src/base/spawner, see src/base/spawn.ts), through which gocmd
// starts the build's tools, the server client (src/server/client, see src/server/server.ts), which
// bin/gocmd runs when GOCMD_SERVER=1, and the remote cache's HTTP client (src/cache/remotehelper, see
// src/cache/remote.ts). Without a Go toolchain gocmd still works, starting tools itself and
// never using a server.
if (withSpawner) {
  const { spawnSync } = await import('node:child_process');
  /**
   * Builds the C program src into out with $CC (else cc): static when the C library allows (no dynamic
   * loader to run: ~0.15 ms less per start), else dynamic. Whether it built.
   */
  const buildC = (src, out) => {
    const cc = (process.env.CC || 'cc').trim().split(/\s+/);
    for (const linking of [['-static'], []]) {
      const r = spawnSync(cc[0], [...cc.slice(1), '-O2', '-s', ...linking, '-o', out, src], { stdio: ['ignore', 'ignore', 'pipe'] });
      if (r.status === 0) return true;
    }
    rmSync(out, { force: true });
    return false;
  };
  // The host's own GOOS/GOARCH, whatever a go env file says (the helpers run here).
  const goarch = { x64: 'amd64', ia32: '386', arm64: 'arm64', arm: 'arm', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64', loong64: 'loong64' }[process.arch] ?? '';
  const goos = process.platform === 'win32' ? 'windows' : process.platform === 'sunos' ? 'solaris' : process.platform;
  const helpers = [
    { src: join('src', 'base', 'spawner'), name: 'gocmd-spawner', warning: 'gocmd will start tools itself' },
    // The client in C when a C compiler builds it (it starts in ~0.1 ms where the Go one takes ~0.5 ms,
    // a quarter of go's own `go version`), else in Go.
    { src: join('src', 'server', 'client'), c: 'client.c', name: 'gocmd-client', warning: 'GOCMD_SERVER=1 will run commands plainly' },
    { src: join('src', 'cache', 'remotehelper'), name: 'gocmd-remote', warning: 'GOCMD_REMOTE_CACHE will do its HTTP in a worker thread' },
  ];
  for (const h of helpers) {
    const tmpBin = resolve(dist, `.${h.name}-${process.pid}`);
    if (h.c !== undefined && buildC(join(h.src, h.c), tmpBin)) {
      renameSync(tmpBin, join(dist, h.name));
      continue;
    }
    const r = spawnSync(process.execPath, [resolve(dist, 'gocmd.cjs'), 'build', '-trimpath', '-ldflags=-s -w', '-o', tmpBin, '.'], {
      cwd: h.src,
      env: { ...process.env, CGO_ENABLED: '0', GOFLAGS: '-buildvcs=false', GOWORK: 'off', GOOS: goos, GOARCH: goarch, GOCMD_SPAWNER: 'off' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (r.status === 0) renameSync(tmpBin, join(dist, h.name));
    else {
      rmSync(tmpBin, { force: true });
      console.error(`bundle: warning: could not build dist/${h.name}; ${h.warning}`);
    }
  }

  // go doc's helper (src/work/dochelper.ts), prebuilt for the toolchain this gocmd finds (the user's GOROOT,
  // GOCACHE and settings, outside any module): a first `go doc` would otherwise build it, a minute with an
  // empty cache. gocmd copies it to dist/gocmd-doc-<hash of the toolchain's stamp>, which it uses only when
  // the stamp it computes then is the same. Helpers prebuilt before, for other toolchains or gocmds, go.
  {
    const started = Date.now();
    const r = spawnSync(process.execPath, [resolve(dist, 'gocmd.cjs'), 'doc', 'fmt'], {
      cwd: tmpdir(),
      env: { ...process.env, GOCMD_DOC_PREBUILD: '1', GOWORK: 'off' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (r.status !== 0) console.error('bundle: warning: could not prebuild go doc\'s helper; the first go doc will build it');
    for (const name of readdirSync(dist)) {
      if (!name.startsWith('gocmd-doc-')) continue;
      const f = join(dist, name); // also a half-copied one of an interrupted run
      if (statSync(f).mtimeMs < started - 1000) rmSync(f, { force: true });
    }
  }
}
