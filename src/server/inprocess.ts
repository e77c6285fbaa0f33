// Requests the server answers in its own process instead of in a worker: `version` and the read-only forms
// of `env`, which editors run constantly and which read only configuration. runMain's in-process mode
// (RunOptions: the client's environment and directory, not the process's) runs them; they run one at a
// time, since a command's flag values live in its module while it runs.
import type { Writable } from 'node:stream';
import { Writable as WritableStream } from 'node:stream';
import { runMain } from '../cli/run.js';
import { adoptSelfExecutable } from '../cfg/selfexe.js';
import { envFromEntries, type ExitStatus, type Request } from './frame.js';

/**
 * Whether argv, with the client's environment env, is a command the server runs in its own process. Not
 * with GOCACHEPROG: starting the cache program waits for it synchronously, which would stall the server.
 */
export function runsInProcess(argv: readonly string[], env: Readonly<Record<string, string>> = {}): boolean {
  if ((env['GOCACHEPROG'] ?? '') !== '') return false;
  const cmd = argv[0];
  if (cmd === 'version') return true;
  if (cmd !== 'env') return false;
  // -w and -u write the go env file; anything that might name them (GOFLAGS cannot) runs in a worker.
  return !argv.slice(1).some((a) => /^--?[wu](=|$)/.test(a));
}

/** A stream that hands each write to put (synchronously, as a pipe's writes are on Linux). */
function sink(put: (b: Buffer) => void): Writable {
  return new WritableStream({
    write(chunk: Buffer | string, _enc, cb) {
      put(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
      cb();
    },
  });
}

let queue: Promise<unknown> = Promise.resolve();

/** Runs req in this process, after those before it; out receives stdout (1) and stderr (2) bytes. */
export function runInProcess(req: Request, out: (fd: 1 | 2, b: Buffer) => void): Promise<ExitStatus> {
  const run = async (): Promise<ExitStatus> => {
    const io = { stdout: sink((b) => out(1, b)), stderr: sink((b) => out(2, b)) };
    const env = envFromEntries(req.env);
    // The client's launcher path stands for go's os.Executable (GOROOT found around a copied go binary),
    // as in a worker.
    adoptSelfExecutable(env, req.cwd);
    // Relative paths the command meets (GOENV=file, GOROOT=./dir, go version's file arguments) are the
    // client's: this process works in the client's directory while the request runs (requests here run
    // one at a time; the server itself uses absolute paths only).
    const home = process.cwd();
    let moved = false;
    try {
      process.chdir(req.cwd);
      moved = true;
    } catch {
      // a directory that is gone: the command reports it from cwd as a plain run would
    }
    try {
      const code = await runMain(req.argv, io, { env, cwd: req.cwd });
      return { code, sig: 0 };
    } catch (err) {
      out(2, Buffer.from(`gocmd: internal error: ${err instanceof Error ? err.stack : String(err)}\n`));
      return { code: 2, sig: 0 };
    } finally {
      if (moved) {
        try {
          process.chdir(home);
        } catch {
          // the server's own directory is gone: it names everything by absolute path
        }
      }
    }
  };
  const p = queue.then(run, run);
  queue = p;
  return p;
}
