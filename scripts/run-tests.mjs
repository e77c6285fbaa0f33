// Runs every compiled unit test (build/**/*.test.js) with Node's test runner; arguments name
// directories or single compiled test files to run instead of all of them.
// Integration tests under build/test/ share one GOCACHE per run so the standard library
// compiles once: GOCMD_TEST_GOCACHE names it (created here when unset).
//
// GOCMD_TEST_SERVED=1 (npm run test:served): the tests run the shipped CLI through the resident server, as
// a user with GOCMD_SERVER=1 does (test/integration/cliharness.ts). One shipped copy in a private directory
// of this run (bin/gocmd, dist/ with its Go helpers) serves them all, so one server answers the whole run;
// its socket directory is this run's too (XDG_RUNTIME_DIR for every served run), never a user's. At the end
// the copy is removed, which the server notices (its bundle is gone) and exits; its log's last line says
// how many requests it answered, and where.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';

const ROOT = resolve(import.meta.dirname, '..');
const roots = process.argv.slice(2).length ? process.argv.slice(2) : ['build/src', 'build/conformance', 'build/test'];
const files = [];
function walk(dir) {
  // A single .test.js file named on the command line runs alone.
  if (dir.endsWith('.test.js')) { files.push(dir); return; }
  let entries;
  try { entries = readdirSync(dir); } catch { return; }
  for (const e of entries) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) walk(p);
    else if (e.endsWith('.test.js')) files.push(p);
  }
}
roots.forEach(walk);
files.sort();
if (!process.env.GOCMD_TEST_GOCACHE) {
  const dir = join(tmpdir(), 'gocmd-test-gocache');
  mkdirSync(dir, { recursive: true });
  process.env.GOCMD_TEST_GOCACHE = dir;
}
const served = process.env.GOCMD_TEST_SERVED === '1' ? setUpServed() : undefined;
const r = spawnSync(process.execPath, ['--test', '--test-concurrency=2', ...files], { stdio: 'inherit' });
if (served) {
  const ok = tearDownServed(served);
  if (!ok && r.status === 0) process.exit(1);
}
process.exit(r.status ?? 1);

/** The served run's shipped copy and socket directory (see the top of this file). */
function setUpServed() {
  const helpers = ['gocmd-client', 'gocmd-spawner', 'gocmd-remote'];
  for (const h of ['gocmd-client']) {
    if (!existsSync(join(ROOT, 'dist', h))) {
      console.error(`run-tests: GOCMD_TEST_SERVED=1 needs dist/${h} (npm run build)`);
      process.exit(2);
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'gocmd-test-served-'));
  const ship = join(dir, 'ship');
  const b = spawnSync(process.execPath, [join(ROOT, 'scripts', 'bundle.mjs'), '--out', join(ship, 'dist'), '--no-spawner'], { cwd: ROOT, stdio: 'inherit' });
  if (b.status !== 0) process.exit(2);
  // The Go helpers as `npm run build` left them (bundling here would build them again).
  for (const h of helpers) if (existsSync(join(ROOT, 'dist', h))) copyFileSync(join(ROOT, 'dist', h), join(ship, 'dist', h));
  mkdirSync(join(ship, 'bin'));
  copyFileSync(join(ROOT, 'bin', 'gocmd'), join(ship, 'bin', 'gocmd'));
  chmodSync(join(ship, 'bin', 'gocmd'), 0o755);
  const runDir = join(dir, 'run');
  mkdirSync(runDir, { mode: 0o700 });
  process.env.GOCMD_TEST_SERVED_BIN = join(ship, 'bin', 'gocmd');
  process.env.GOCMD_TEST_SERVED_RUNDIR = runDir;
  // A run killed before its end leaves its server behind only this long.
  process.env.GOCMD_SERVER_IDLE ??= '5m';
  console.log(`run-tests: served runs through ${process.env.GOCMD_TEST_SERVED_BIN} (sockets in ${join(runDir, 'gocmd')})`);
  return { dir, ship, sockDir: join(runDir, 'gocmd') };
}

/**
 * Removes the shipped copy, waits for the servers started from it to exit (they check every 5 s), reports
 * what their logs say, removes the run's directory. False when a server did not exit or declined requests.
 */
function tearDownServed({ dir, ship, sockDir }) {
  rmSync(ship, { recursive: true, force: true });
  const live = () => (existsSync(sockDir) ? readdirSync(sockDir).filter((n) => n.endsWith('.sock')) : []);
  const deadline = Date.now() + 20_000;
  while (live().length > 0 && Date.now() < deadline) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
  let ok = true;
  if (live().length > 0) {
    console.error(`run-tests: servers still listening after their bundle was removed: ${live().join(' ')}`);
    ok = false;
  }
  const logs = existsSync(sockDir) ? readdirSync(sockDir).filter((n) => n.endsWith('.log')) : [];
  if (logs.length === 0) {
    console.error('run-tests: GOCMD_TEST_SERVED=1, but no server was started');
    ok = false;
  }
  for (const n of logs) {
    const text = readFileSync(join(sockDir, n), 'utf8');
    const summary = text.split('\n').filter((l) => l.includes('shutting down after')).pop() ?? '(no summary: it did not shut down)';
    console.log(`run-tests: server ${n.replace(/\.log$/, '')}: ${summary.replace(/^\S+ /, '')}`);
    const odd = text.split('\n').filter((l) => /declined:|ended before it was ready|bad frame/.test(l));
    if (odd.length > 0) {
      console.error(`run-tests: server ${n}:\n  ${odd.join('\n  ')}`);
      ok = false;
    }
  }
  if (ok) rmSync(dir, { recursive: true, force: true });
  else console.error(`run-tests: the served run's directory is kept: ${dir}`);
  return ok;
}
