// Opening a URL in the user's browser, as cmd/internal/browser does: $BROWSER, then the platform's opener,
// then well-known browsers; a browser counts as opened when it exits cleanly or is still running after 3s.
import { spawn } from 'node:child_process';

/** The commands to try, in order (each gets the URL as its last argument). */
export function browserCommands(getenv: (k: string) => string, goos: string): string[][] {
  const cmds: string[][] = [];
  const exe = getenv('BROWSER');
  if (exe !== '') cmds.push([exe]);
  if (goos === 'darwin') cmds.push(['/usr/bin/open']);
  else if (goos === 'windows') cmds.push(['cmd', '/c', 'start']);
  else if (getenv('DISPLAY') !== '') cmds.push(['xdg-open']);
  cmds.push(['chrome'], ['google-chrome'], ['chromium'], ['firefox']);
  return cmds;
}

function tryOpen(argv: string[], url: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  return new Promise((resolveOpened) => {
    let done = false;
    const finish = (ok: boolean): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolveOpened(ok);
    };
    const child = spawn(argv[0]!, [...argv.slice(1), url], { env, stdio: 'ignore', detached: true });
    const timer = setTimeout(() => {
      // Still running: a browser that stays open.
      child.unref();
      finish(true);
    }, 3000);
    child.on('error', () => finish(false));
    child.on('exit', (code, signal) => finish(code === 0 && signal === null));
  });
}

/** Opens url; false when no browser command worked. */
export async function openBrowser(url: string, getenv: (k: string) => string, goos: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  for (const argv of browserCommands(getenv, goos)) {
    if (await tryOpen(argv, url, env)) return true;
  }
  return false;
}
