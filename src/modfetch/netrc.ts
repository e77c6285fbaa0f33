// .netrc credentials (GOAUTH=netrc, go's default): parsing and host lookup, as cmd/go/internal/auth does.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface NetrcLine {
  machine: string;
  login: string;
  password: string;
}

/**
 * Parses netrc text as go does: tokens are read in pairs, a line ending in a lone "default" ends
 * parsing, "macdef" skips its definition up to a blank line, and only entries with machine, login
 * and password count.
 */
export function parseNetrc(data: string): NetrcLine[] {
  const out: NetrcLine[] = [];
  let l: NetrcLine = { machine: '', login: '', password: '' };
  let inMacro = false;
  for (const line of data.split('\n')) {
    if (inMacro) {
      if (line === '') inMacro = false;
      continue;
    }
    const f = line.split(/[ \t\r\f\v]+/).filter((s) => s !== '');
    let i = 0;
    for (; i < f.length - 1; i += 2) {
      switch (f[i]) {
        case 'default':
          break; // a no-op here, as in go (only a trailing lone "default" ends parsing)
        case 'machine':
          l = { machine: f[i + 1]!, login: '', password: '' };
          break;
        case 'login':
          l.login = f[i + 1]!;
          break;
        case 'password':
          l.password = f[i + 1]!;
          break;
        case 'macdef':
          inMacro = true;
          break;
      }
      if (l.machine !== '' && l.login !== '' && l.password !== '') {
        out.push(l);
        l = { machine: '', login: '', password: '' };
      }
    }
    if (i < f.length && f[i] === 'default') break;
  }
  return out;
}

/** The netrc file go reads: $NETRC, else ~/.netrc. */
export function netrcPath(env: Readonly<Record<string, string | undefined>>): string {
  if (env.NETRC) return env.NETRC;
  const home = env.HOME ?? '';
  return home === '' ? '' : join(home, '.netrc');
}

/** The credentials for host (the first matching machine entry), if any. */
export function netrcCredentials(lines: readonly NetrcLine[], host: string): { login: string; password: string } | undefined {
  const l = lines.find((x) => x.machine === host);
  return l ? { login: l.login, password: l.password } : undefined;
}

/**
 * Reads and parses the netrc file. A missing file has no entries; other read errors give no
 * entries too, or throw go's text when strict (GOAUTH=netrc reports them under -x).
 */
export function readNetrc(env: Readonly<Record<string, string | undefined>>, strict = false): NetrcLine[] {
  const p = netrcPath(env);
  if (p === '') {
    if (strict) throw new Error('$HOME is not defined');
    return [];
  }
  try {
    return parseNetrc(readFileSync(p, 'utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (!strict || code === 'ENOENT') return [];
    const why = code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : (e as Error).message;
    throw new Error(`${code === 'EISDIR' ? 'read' : 'open'} ${p}: ${why}`);
  }
}
