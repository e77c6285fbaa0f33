// GOCMD_REMOTE_CACHE and its companion variables → RemoteOptions (pure; credentials from netrc are added by the caller).
import type { RemoteOptions } from './remote.js';

export type RemoteSettings = Omit<RemoteOptions, 'warn'>;

/** Parses "100M", "64k", "1G" or a plain byte count; undefined when malformed. */
export function parseSize(s: string): number | undefined {
  const m = /^\s*(\d+)\s*([kmg]?)i?b?\s*$/i.exec(s);
  if (!m) return undefined;
  const mult = { '': 1, k: 1 << 10, m: 1 << 20, g: 1 << 30 }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g'];
  return Number(m[1]) * mult;
}

/** Parses "5s", "500ms", "1m" or plain seconds; undefined when malformed. */
export function parseTimeout(s: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*$/.exec(s);
  if (!m) return undefined;
  const mult = { ms: 1, s: 1000, m: 60000 }[(m[2] ?? 's') as 'ms' | 's' | 'm'];
  return Math.round(Number(m[1]) * mult);
}

export const DEFAULT_MAX_SIZE = 100 << 20;
export const DEFAULT_TIMEOUT_MS = 5000;
export const DEFAULT_IN_FLIGHT = 32;

/**
 * The remote cache's settings, undefined when GOCMD_REMOTE_CACHE is unset or "off"; an Error (go-style
 * text, for "go: ...") when a value is malformed. Credentials: user:password in the URL, then the header
 * variable (one "Name: value" per line), then `netrcAuth(host)` (an Authorization value) when neither gave one.
 */
export function remoteSettings(getenv: (k: string) => string | undefined, netrcAuth: (host: string) => string | undefined): RemoteSettings | undefined | Error {
  const raw = (getenv('GOCMD_REMOTE_CACHE') ?? '').trim();
  if (raw === '' || raw === 'off') return undefined;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return new Error(`invalid GOCMD_REMOTE_CACHE ${raw}: not a URL`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return new Error(`invalid GOCMD_REMOTE_CACHE ${raw}: scheme must be http or https`);
  const headers: Record<string, string> = {};
  if (u.username !== '' || u.password !== '') {
    headers['authorization'] = 'Basic ' + Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString('base64');
    u.username = '';
    u.password = '';
  }
  for (const line of (getenv('GOCMD_REMOTE_CACHE_HEADER') ?? '').split('\n')) {
    if (line.trim() === '') continue;
    const i = line.indexOf(':');
    if (i <= 0) return new Error('invalid GOCMD_REMOTE_CACHE_HEADER: want "Name: value" lines');
    headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  if (headers['authorization'] === undefined) {
    const a = netrcAuth(u.hostname);
    if (a) headers['authorization'] = a;
  }
  const ro = (getenv('GOCMD_REMOTE_CACHE_READONLY') ?? '').trim();
  if (!['', '0', '1', 'true', 'false'].includes(ro)) return new Error(`invalid GOCMD_REMOTE_CACHE_READONLY ${ro}: want 0 or 1`);
  const sizeText = (getenv('GOCMD_REMOTE_CACHE_MAX_SIZE') ?? '').trim();
  const maxSize = sizeText === '' ? DEFAULT_MAX_SIZE : parseSize(sizeText);
  if (maxSize === undefined) return new Error(`invalid GOCMD_REMOTE_CACHE_MAX_SIZE ${sizeText}: want bytes, or a number with k, M or G`);
  const toText = (getenv('GOCMD_REMOTE_CACHE_TIMEOUT') ?? '').trim();
  const timeoutMs = toText === '' ? DEFAULT_TIMEOUT_MS : parseTimeout(toText);
  if (timeoutMs === undefined || timeoutMs <= 0) return new Error(`invalid GOCMD_REMOTE_CACHE_TIMEOUT ${toText}: want a duration such as 5s or 500ms`);
  return {
    url: u.toString().replace(/\/+$/, ''),
    headers,
    readOnly: ro === '1' || ro === 'true',
    maxSize,
    timeoutMs,
    maxInFlight: DEFAULT_IN_FLIGHT,
  };
}

/**
 * The gocmd-remote binary to do the remote cache's HTTP, or undefined for the worker-thread client:
 * GOCMD_REMOTE_HELPER=0 (or off) turns it off, a path names it, else dist/gocmd-remote beside the entry script
 * when the bundle could build it.
 */
export function remoteHelperPath(getenv: (k: string) => string | undefined, entryDir: string | undefined, exists: (p: string) => boolean): string | undefined {
  const v = (getenv('GOCMD_REMOTE_HELPER') ?? '').trim();
  if (v === '0' || v === 'off') return undefined;
  if (v !== '' && v !== '1') return v;
  if (entryDir === undefined) return undefined;
  const p = `${entryDir}/gocmd-remote`;
  return exists(p) ? p : undefined;
}
