// dist/gocmd.cjs, the program bin/gocmd runs: starts the bundle with its V8 code cache (see codecache.ts).
// Bundled on its own as CommonJS (a CommonJS entry also skips node's ESM loader, ~8 ms of start-up).
import { launch } from './codecache.js';

launch(__dirname, require);
