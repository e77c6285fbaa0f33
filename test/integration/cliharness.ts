// Shared set-up for integration tests that run the gocmd CLI beside real go: a private bundle of the
// CLI (so a concurrent `npm run build` can't pull dist/ from under a test) and the removal of
// read-only module cache trees after a test.
import { chmodSync, readdirSync, symlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { testSpawner } from '../../src/work/spawnertest.js';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');

/**
 * Bundles src/cli/main.ts into one ESM file at outfile (test files stubbed out, as the real bundle does),
 * with the tool-spawn helper beside it, where the installed gocmd finds its own.
 */
export async function bundleCLI(outfile: string): Promise<void> {
  const { build } = await import('esbuild');
  await build({
    entryPoints: [join(ROOT, 'src/cli/main.ts')], outfile, bundle: true, platform: 'node', format: 'esm',
    target: 'node20', logLevel: 'warning',
    plugins: [{ name: 'no-tests', setup(b) { b.onLoad({ filter: /\.test\.ts$/ }, () => ({ contents: 'export {};', loader: 'js' })); } }],
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  try { symlinkSync(testSpawner(), join(dirname(outfile), 'gocmd-spawner')); } catch (e) { if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e; }
}

/** Makes every directory below dir writable again (the module cache extracts read-only trees). */
export function makeWritable(dir: string): void {
  try {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (!e.isDirectory()) continue;
      chmodSync(join(dir, e.name), 0o755);
      makeWritable(join(dir, e.name));
    }
  } catch { /* gone */ }
}
