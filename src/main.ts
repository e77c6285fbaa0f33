// gocmd's entry point: runs a go command (src/cli), or, started by the resident server, the server itself
// or one of its workers (src/server).
// First: modules below may read the environment while they load.
import './cli/startenv.js';
import { plainProcessIO, runMain, type RunIO } from './cli/run.js';
import { trainCodeCache } from './cli/codecachetrain.js';
import { cacheFamily } from './cli/codecache.js';
import { serve } from './server/server.js';
import { serveOneRequest } from './server/worker.js';
import { serveWarm } from './server/warm.js';

function main(argv: string[], io?: RunIO): void {
  let settled = false;
  // Node exits with status 0 once nothing is left to wait for, even when the command's promise never
  // settled (a lost wake-up, say): that must never pass for success.
  const unfinished = (): void => {
    if (settled) return;
    settled = true;
    process.stderr.write('gocmd: internal error: the command stopped before it finished\n');
    process.exitCode = 2;
  };
  process.once('beforeExit', unfinished);
  runMain(argv, io).then(
    (code) => { settled = true; process.exitCode = code; },
    (err: unknown) => {
      settled = true;
      // A thrown error that reaches here is a bug in gocmd, not bad user input.
      process.stderr.write(`gocmd: internal error: ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exitCode = 2;
    },
  );
}

// The resident server (GOCMD_SERVER=1, see src/server) starts this same program as the server and as its
// workers; the role is not passed on to anything they run.
const role = process.env['GOCMD_SERVER_ROLE'];
delete process.env['GOCMD_SERVER_ROLE'];
if (process.env['GOCMD_CODECACHE'] === 'train') {
  // The run that makes the code cache (cli/codecachetrain.ts); what it ran matters, not what it printed.
  delete process.env['GOCMD_CODECACHE'];
  trainCodeCache(cacheFamily(process.argv.slice(2))).then(() => { process.exitCode = 0; }, () => { process.exitCode = 1; });
} else if (role === 'server') serve();
else if (role === 'worker') serveOneRequest(main);
else if (role === 'warm') serveWarm();
else main(process.argv.slice(2), plainProcessIO);
