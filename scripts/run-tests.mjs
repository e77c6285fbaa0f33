// Runs every compiled unit test (build/**/*.test.js) with Node's test runner; arguments name
// directories or single compiled test files to run instead of all of them.
// Integration tests under build/test/ share one GOCACHE per run so the standard library
// compiles once: GOCMD_TEST_GOCACHE names it (created here when unset).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

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
const r = spawnSync(process.execPath, ['--test', '--test-concurrency=2', ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
