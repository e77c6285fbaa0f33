// Package cli is gocmd's entry point: the command table, global flags and exit codes.
// First: modules below may read the environment while they load.
import './startenv.js';
import { runMain } from './run.js';
import { serve } from '../server/server.js';
import { serveOneRequest } from '../server/worker.js';
import { serveWarm } from '../server/warm.js';

function main(argv: string[]): void {
  runMain(argv).then(
    (code) => { process.exitCode = code; },
    (err: unknown) => {
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
if (role === 'server') serve();
else if (role === 'worker') serveOneRequest(main);
else if (role === 'warm') serveWarm();
else main(process.argv.slice(2));
