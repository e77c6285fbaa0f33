// Runs a go tool in the foreground as go's runBuiltTool: inherited stdio, signals handed to it, its exit status reported.
import { spawn } from 'node:child_process';
import { setForeground, signalText } from './signals.js';

/** How a tool ended: its exit code, the signal that killed it, or why it could not start. */
export type ToolEnd = { code: number } | { signal: NodeJS.Signals } | { startError: string };

/**
 * Starts cmdline[0] with the rest as arguments and waits for it; signals to gocmd are forwarded to it.
 * argv0, when given, is the program's argv[0] (go generate passes the name as written).
 */
export async function runForeground(cmdline: string[], env: NodeJS.ProcessEnv, cwd: string, argv0?: string): Promise<ToolEnd> {
  return await new Promise<ToolEnd>((resolve) => {
    let child;
    try {
      child = spawn(cmdline[0]!, cmdline.slice(1), { stdio: 'inherit', env, cwd, ...(argv0 !== undefined ? { argv0 } : {}) });
    } catch (e) {
      resolve({ startError: startErrorText(cmdline[0]!, e as NodeJS.ErrnoException) });
      return;
    }
    const release = setForeground(child, 'forward');
    child.on('error', (e: NodeJS.ErrnoException) => { release(); resolve({ startError: startErrorText(cmdline[0]!, e) }); });
    child.on('exit', (code, sig) => {
      release();
      resolve(sig ? { signal: sig } : { code: code ?? 0 });
    });
  });
}

/** go's exec error text for a program that could not start ("fork/exec PATH: no such file or directory"). */
export function startErrorText(path: string, e: NodeJS.ErrnoException): string {
  const texts: Record<string, string> = {
    ENOENT: 'no such file or directory', EACCES: 'permission denied', ENOEXEC: 'exec format error',
    ETXTBSY: 'text file busy', ENOTDIR: 'not a directory',
  };
  return `fork/exec ${path}: ${texts[e.code ?? ''] ?? e.message}`;
}

/**
 * go's reaction to the end of a tool: the message it prints on stderr (or "") and the exit status.
 * A tool that exited prints its own messages; go passes its status on. One that died of a signal
 * or never started gets a "go tool NAME: ..." line. go's exit status ignores the -1 of a signal
 * death (it only ever raises the status), so that case exits 0.
 */
export function toolOutcome(toolName: string, end: ToolEnd): { message: string; status: number } {
  if ('code' in end) return { message: '', status: end.code };
  if ('signal' in end) return { message: `go tool ${toolName}: signal: ${signalText(end.signal)}\n`, status: 0 };
  return { message: `go tool ${toolName}: ${end.startError}\n`, status: 1 };
}
