// A server worker (GOCMD_SERVER_ROLE=worker): a node process the server starts ahead of time, with the
// bundle loaded, that runs one command. Its stdin, stdout and stderr are pipes the server relays to the
// client, so the command (and any program it runs) writes to them as to a plain run's files.
import { markCommandStart } from '../base/cmdstart.js';
import { restoreDeferredEnv } from '../cli/startenv.js';
import { adoptSelfExecutable } from '../cfg/selfexe.js';
import { envFromEntries, servedTerminal, type Request } from './frame.js';
import { servedProcessIO, type RunIO } from '../cli/run.js';
import { writeAllSync } from '../cli/fdwriter.js';

/** Makes env hold exactly the entries of want (process.env: each change reaches the real environment). */
export function replaceEnv(env: NodeJS.ProcessEnv, want: Record<string, string>): void {
  for (const k of Object.keys(env)) if (!(k in want)) delete env[k];
  for (const [k, v] of Object.entries(want)) if (env[k] !== v) env[k] = v;
}

/**
 * Tells the server this worker is ready, waits for its request, takes on the client's environment and
 * working directory, and runs the command with run. The IPC channel is closed before the command runs,
 * so the process then ends as a plain run does, when its work is done.
 */
export function serveOneRequest(run: (argv: string[], io: RunIO) => void): void {
  const send = process.send?.bind(process);
  if (send === undefined) {
    process.stderr.write('gocmd: worker started without a server\n');
    process.exitCode = 2;
    return;
  }
  process.once('message', (msg: Request) => {
    markCommandStart();
    replaceEnv(process.env, envFromEntries(msg.env));
    restoreDeferredEnv(process.env);
    try {
      process.chdir(msg.cwd);
    } catch (e) {
      process.stderr.write(`go: chdir ${msg.cwd}: ${(e as Error).message}\n`);
      process.exitCode = 1;
      process.disconnect();
      return;
    }
    adoptSelfExecutable(process.env, msg.cwd);
    process.disconnect();
    // The progress line goes to fd 2, the pipe the server relays as the client's stderr: node writes pipes
    // synchronously on Linux, so the line keeps its place among the command's writes to process.stderr.
    const terminal = servedTerminal(msg, (s) => { writeAllSync(2, Buffer.from(s), () => process.exit(141)); });
    run(msg.argv, servedProcessIO(terminal));
  });
  send({ ready: true });
}
