// Shared set-up for integration tests that run the gocmd CLI beside real go: a private copy of the shipped
// bundle (so a concurrent `npm run build` can't pull dist/ from under a test) and the removal of
// read-only module cache trees after a test.
import { spawn, spawnSync, type SpawnSyncOptionsWithStringEncoding, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { testSpawner } from '../../src/base/spawnertest.js';
import { GO } from './buildharness.js';
import { startProxy, type Proxy } from '../../conformance/proxy/server.js';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');

/**
 * The shipped CLI for a test that runs it as `node outfile ARGS`: the layout `npm run build` makes
 * (shippedCLI), in a private directory beside outfile so a concurrent build can't pull dist/ from under the
 * test, with the tool-spawn helper in dist/ as set-up puts it there; outfile is a link to its launcher
 * dist/gocmd.cjs (node runs a main module from its real path, so the launcher finds its bundle).
 */
export async function bundleCLI(outfile: string): Promise<void> {
  const ship = join(dirname(outfile), 'gocmd-shipped');
  shippedCLI(ship);
  try { symlinkSync(testSpawner(), join(ship, 'dist', 'gocmd-spawner')); } catch (e) { if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e; }
  symlinkSync(join(ship, 'dist', 'gocmd.cjs'), outfile);
}

/**
 * The shipped layout in dir: bin/gocmd (the sh launcher) and dist/ as `npm run build` makes it (the
 * CommonJS bundle, run by its launcher in a vm.Script with the V8 code cache the bundling's first run
 * made), without the spawn helper. Returns the path of dir/bin/gocmd.
 */
export function shippedCLI(dir: string): string {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'bundle.mjs'), '--out', join(dir, 'dist'), '--no-spawner'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`bundling: ${r.stderr}`);
  mkdirSync(join(dir, 'bin'), { recursive: true });
  copyFileSync(join(ROOT, 'bin', 'gocmd'), join(dir, 'bin', 'gocmd'));
  chmodSync(join(dir, 'bin', 'gocmd'), 0o755);
  return join(dir, 'bin', 'gocmd');
}

/**
 * Served test runs (GOCMD_TEST_SERVED=1, set up by scripts/run-tests.mjs): every run of the shipped CLI goes
 * through the resident server as a user's would, bin/gocmd with GOCMD_SERVER=1 (which execs dist/gocmd-client),
 * all through the run's one shipped copy (GOCMD_TEST_SERVED_BIN), so one server answers the whole run; its
 * socket directory is under the run's private directory (GOCMD_TEST_SERVED_RUNDIR, given as XDG_RUNTIME_DIR),
 * never a user's.
 */
export const SERVED = process.env['GOCMD_TEST_SERVED'] === '1';

/** The served run's bin/gocmd and socket directory's parent; throws when the runner did not set them up. */
function servedSetup(): { bin: string; runDir: string } {
  const bin = process.env['GOCMD_TEST_SERVED_BIN'];
  const runDir = process.env['GOCMD_TEST_SERVED_RUNDIR'];
  if (!bin || !runDir) throw new Error('GOCMD_TEST_SERVED=1: run the tests with scripts/run-tests.mjs, which sets up the shared server');
  return { bin, runDir };
}

/** env for a served run (unchanged when the run is not served): GOCMD_SERVER=1 and the run's socket directory. */
export function servedEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  if (!SERVED) return env;
  return { ...env, GOCMD_SERVER: '1', XDG_RUNTIME_DIR: servedSetup().runDir };
}

/** The shipped launcher a test links or runs as `go`: the served run's shared one, else gocmd's own. */
export function launcherFor(launcher: string): string {
  return SERVED ? servedSetup().bin : launcher;
}

/** A program, its arguments and environment. */
export interface Command { cmd: string; argv: string[]; env: NodeJS.ProcessEnv }

/**
 * How a test runs the shipped CLI at gocmd with args: gocmd is a bundleCLI outfile (a .mjs link to the
 * bundle's launcher, run by this node) or a shippedCLI bin/gocmd (run itself). Served runs go through the
 * run's bin/gocmd with GOCMD_SERVER=1, the bundle's with this node as GOCMD_NODE (as `node outfile` is).
 */
export function gocmdCommand(gocmd: string, args: string[], env: NodeJS.ProcessEnv): Command {
  const bundle = /\.[cm]?js$/.test(gocmd);
  if (!SERVED) return bundle ? { cmd: process.execPath, argv: [gocmd, ...args], env } : { cmd: gocmd, argv: args, env };
  const e = servedEnv(env);
  if (bundle && e['GOCMD_NODE'] === undefined) e['GOCMD_NODE'] = process.execPath;
  return { cmd: servedSetup().bin, argv: args, env: e };
}

/** spawnSync of the shipped CLI at gocmd (see gocmdCommand); opts.env defaults to this process's. */
export function gocmdSync(gocmd: string, args: string[], opts: SpawnSyncOptionsWithStringEncoding): SpawnSyncReturns<string> {
  const c = gocmdCommand(gocmd, args, opts.env ?? process.env);
  return spawnSync(c.cmd, c.argv, { ...opts, env: c.env });
}

/** Runs the shipped CLI at gocmd (see gocmdCommand) without blocking the event loop. */
export function runGocmd(gocmd: string, args: string[], dir: string, env: NodeJS.ProcessEnv): Promise<Result> {
  const c = gocmdCommand(gocmd, args, env);
  return runProgram(c.cmd, c.argv, dir, c.env);
}

/** Removes a test's temporary directory, read-only module cache trees included. */
export function removeTestDir(dir: string): void {
  makeWritable(dir);
  rmSync(dir, { recursive: true, force: true });
}

/** Makes every directory below dir writable again (the module cache extracts read-only trees). */
function makeWritable(dir: string): void {
  try {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (!e.isDirectory()) continue;
      chmodSync(join(dir, e.name), 0o755);
      makeWritable(join(dir, e.name));
    }
  } catch { /* gone */ }
}

/** How a go or gocmd run ended. */
export interface Result { code: number; stdout: string; stderr: string }

/**
 * The environment go and gocmd share in tests against the test module proxy: its proxy and checksum
 * database, and GOCACHE, GOPATH and GOMODCACHE under tmp; nothing of the machine's target settings.
 */
export function proxyTestEnv(tmp: string, proxy: { url: string; sumdbKey: string }, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = {
    ...process.env, GOCACHE: join(tmp, 'gocache'), GOFLAGS: '-modcacherw -buildvcs=false', GOTOOLCHAIN: 'local',
    GOPROXY: proxy.url, GOSUMDB: proxy.sumdbKey, GONOSUMDB: '', GOPRIVATE: '', GONOPROXY: '', GOPATH: join(tmp, 'gopath'),
    GOMODCACHE: join(tmp, 'modcache'), GO111MODULE: '', GOWORK: '',
  };
  for (const k of ['GOOS', 'GOARCH', 'CGO_ENABLED']) delete e[k];
  return { ...e, ...extra };
}

/** Runs real go or the bundled gocmd (at gocmdBundle) without blocking the event loop (the proxy may serve from this process). */
export function runGoOrGocmd(bin: 'go' | 'gocmd', gocmdBundle: string, dir: string, args: string[], env: NodeJS.ProcessEnv): Promise<Result> {
  return bin === 'go' ? runProgram(GO, args, dir, env) : runGocmd(gocmdBundle, args, dir, env);
}

/** Runs a program to its end without blocking the event loop, collecting its output. */
export function runProgram(cmd: string, argv: string[], dir: string, env: NodeJS.ProcessEnv): Promise<Result> {
  return new Promise((res, rej) => {
    const p = spawn(cmd, argv, { cwd: dir, env });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    p.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    p.on('error', rej);
    p.on('close', (code) => res({ code: code ?? -1, stdout, stderr }));
  });
}

/** `go env NAME` of the machine's go ('' when it fails). */
export function machineGoEnv(name: string): string {
  const r = spawnSync(GO, ['env', name], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : '';
}

/**
 * For tests against the machine's configured GOPROXY: '' when its first proxy answers a small request within
 * 3 s, else why the test cannot run here.
 */
export async function probeConfiguredProxy(): Promise<string> {
  if (!existsSync(GO)) return 'no go toolchain';
  const goproxy = process.env.GOPROXY ?? machineGoEnv('GOPROXY');
  if (goproxy === '' || goproxy === 'off') return `GOPROXY=${goproxy || '(empty)'}: no module proxy to test against`;
  const first = goproxy.split(/[,|]/).map((s) => s.trim()).find((s) => /^https?:\/\//.test(s));
  if (!first) return `GOPROXY=${goproxy} names no proxy URL`;
  try {
    const r = await fetch(`${first.replace(/\/$/, '')}/github.com/google/uuid/@v/v1.6.0.info`, { signal: AbortSignal.timeout(3000) });
    await r.arrayBuffer();
    if (r.status !== 200) return `the configured GOPROXY answered ${r.status} to a probe`;
  } catch (e) {
    const err = e as Error & { cause?: Error };
    return `the configured GOPROXY is unreachable (${err.cause?.message ?? err.message})`;
  }
  return '';
}

/** What a suite comparing go and gocmd through the test module proxy sets up: its temp dir, the bundle, the proxy. */
export interface ProxySuite {
  tmp: string;
  gocmd: string;
  proxy: Proxy;
}

/** Starts a ProxySuite: a temp dir named by prefix, the CLI bundled into it, the test module proxy. */
export async function startProxySuite(prefix: string): Promise<ProxySuite> {
  const tmp = mkdtempSync(join(tmpdir(), prefix));
  const gocmd = join(tmp, 'gocmd.mjs');
  await bundleCLI(gocmd);
  return { tmp, gocmd, proxy: await startProxy() };
}

/** Stops the proxy and removes the temp dir of a ProxySuite (either may be missing if the start failed). */
export async function stopProxySuite(tmp: string, proxy: Proxy | undefined): Promise<void> {
  await proxy?.close();
  if (tmp) removeTestDir(tmp);
}
