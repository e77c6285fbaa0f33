// Shim for `npm run conformance`: compiles the TypeScript when the build is missing or older
// than the sources, then runs build/conformance/cli.js with the given arguments.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const entry = join(root, 'build/conformance/cli.js');

function newest(dir) {
  let t = 0;
  let entries = [];
  try { entries = readdirSync(dir, { withFileTypes: true }); } catch { return 0; }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newest(p));
    else if (e.name.endsWith('.ts')) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

const srcTime = Math.max(newest(join(root, 'conformance')), newest(join(root, 'src/lib')));
if (!existsSync(entry) || statSync(entry).mtimeMs < srcTime) {
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  // tsc exits non-zero when other rooms have type errors but still emits; only a missing entry is fatal.
  spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.json')], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (!existsSync(entry)) {
    console.error('conformance: compiling failed: build/conformance/cli.js missing');
    process.exit(2);
  }
}
const { main } = await import(pathToFileURL(entry).href);
process.exitCode = await main(process.argv.slice(2));
