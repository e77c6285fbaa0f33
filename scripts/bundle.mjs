// Bundles the CLI into dist/gocmd.js. Subcommands are imported lazily (dynamic import); with
// code splitting each lands in its own chunk under dist/chunks, so `gocmd version` parses only the
// driver and the modules it uses (one big file made every start-up parse all of gocmd and load
// every node: builtin any command imports).
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

rmSync('dist/chunks', { recursive: true, force: true });

await build({
  entryPoints: { gocmd: 'src/cli/main.ts' },
  outdir: 'dist',
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
  banner: {
    // Bundled CommonJS dependencies may call require(); give them one.
    js: "import { createRequire as __gocmdCreateRequire } from 'node:module'; const require = __gocmdCreateRequire(import.meta.url);",
  },
});
