// Running a program on a pseudo-terminal (script(1)) and reading what stays on the screen: for the progress
// line's tests (progress.test.ts, servedprogress.test.ts).
import { spawnSync } from 'node:child_process';

/** Whether script(1) is there to give a program a terminal. */
export const HAVE_SCRIPT = spawnSync('script', ['-V']).status === 0;

export function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Runs the shell command line with stdout and stderr on a pseudo-terminal; returns what the terminal received. */
export function shellOnTerminal(line: string, cwd: string, env: NodeJS.ProcessEnv): { code: number; raw: string } {
  const r = spawnSync('script', ['-qfec', line, '/dev/null'], { cwd, env, encoding: 'utf8', maxBuffer: 64 << 20, timeout: 300_000 });
  return { code: r.status ?? -1, raw: r.stdout };
}

/** Runs cmd argv with stdout and stderr on a pseudo-terminal; returns what the terminal received. */
export function onTerminal(cmd: string, argv: string[], cwd: string, env: NodeJS.ProcessEnv): { code: number; raw: string } {
  return shellOnTerminal([cmd, ...argv].map(shQuote).join(' '), cwd, env);
}

/**
 * What stays on a terminal after raw: carriage returns move to the line's start, ESC [ K erases the rest of
 * the line, newlines end it (the terminal's own \r\n included).
 */
export function screen(raw: string): string {
  const lines: string[] = [];
  let cur: string[] = [];
  let col = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (raw.startsWith('\x1b[K', i)) { cur.length = col; i += 2; continue; }
    if (c === '\r') { col = 0; continue; }
    if (c === '\n') { lines.push(cur.join('')); cur = []; col = 0; continue; }
    cur[col++] = c;
  }
  return lines.join('\n') + (cur.length > 0 ? '\n' + cur.join('') : '');
}
