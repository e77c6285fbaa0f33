// Package cli is gocmd's entry point: the command table, global flags and exit codes.
// First: modules below may read the environment while they load.
import './startenv.js';
import { runMain } from './run.js';

runMain(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err: unknown) => {
    // A thrown error that reaches here is a bug in gocmd, not bad user input.
    process.stderr.write(`gocmd: internal error: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = 2;
  },
);
