// Bundles the CLI into one ESM file so that `gocmd version` loads a single module.
// Subcommands are imported lazily (dynamic import) and esbuild keeps them in the same file,
// so start-up cost is one parse, with no module resolution on the file system.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/gocmd.js',
  bundle: true,
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
