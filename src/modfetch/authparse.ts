// GOAUTH text formats, pure: the custom-command protocol (stdin and output), `git credential` output, header checks.

/** HTTP headers as an ordered list of [canonical name, value] pairs (a name may repeat). */
export type HeaderList = ReadonlyArray<readonly [string, string]>;

/** Error from parsing a GOAUTH command's output, with go's message text. */
export class AuthParseError extends Error {
  override name = 'AuthParseError';
}

const tokenChars = /^[!#$%&'*+\-.0-9A-Z^_`a-z|~]+$/;

/** net/http's token check for a header field name. */
export function validHeaderFieldName(v: string): boolean {
  return tokenChars.test(v);
}

/** net/http's check for a header field value: no control bytes other than space and tab. */
export function validHeaderFieldValue(v: string): boolean {
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if ((c < 0x20 || c === 0x7f) && c !== 0x20 && c !== 0x09) return false;
  }
  return true;
}

/** textproto.CanonicalMIMEHeaderKey for valid token names: "x-goog-auth" → "X-Goog-Auth". */
export function canonicalHeaderKey(k: string): string {
  if (!validHeaderFieldName(k)) return k;
  let upper = true;
  let out = '';
  for (const ch of k) {
    out += upper ? ch.toUpperCase() : ch.toLowerCase();
    upper = ch === '-';
  }
  return out;
}

/**
 * url.ParseRequestURI's acceptance, enough for GOAUTH output: an absolute URL (scheme:...) or an
 * absolute path. Returns go's error text for anything else.
 */
export function checkRequestURI(s: string): string | undefined {
  if (s.startsWith('/')) return undefined;
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):(.*)$/s.exec(s);
  if (!m) {
    if (/^[^/?#]*:/.test(s) && !/^[a-zA-Z]/.test(s)) return `parse ${JSON.stringify(s)}: first path segment in URL cannot contain colon`;
    return `parse ${JSON.stringify(s)}: invalid URI for request`;
  }
  if (/[\x00-\x20\x7f]/.test(s)) return `parse ${JSON.stringify(s)}: net/url: invalid control character in URL`;
  return undefined;
}

/** A URL prefix as the credential cache keys it: without "https://" and a trailing "/". */
export function credentialKey(prefix: string): string {
  let p = prefix.startsWith('https://') ? prefix.slice('https://'.length) : prefix;
  if (p.endsWith('/')) p = p.slice(0, -1);
  return p;
}

/**
 * Parses a GOAUTH command's output: blocks of URL-prefix lines, a blank line, header lines
 * ("Name: value"), a blank line. Returns credential-cache key → headers (later blocks win).
 */
export function parseUserAuth(data: string): Map<string, HeaderList> {
  const creds = new Map<string, HeaderList>();
  let rest = data;
  const cut = (missing: string): string => {
    const i = rest.indexOf('\n');
    if (i < 0) throw new AuthParseError(`invalid format: ${missing}`);
    const line = rest.slice(0, i);
    rest = rest.slice(i + 1);
    return line;
  };
  while (rest !== '') {
    const urls: string[] = [];
    for (;;) {
      const line = cut('missing empty line after URLs');
      if (line === '') break;
      const bad = checkRequestURI(line);
      if (bad !== undefined) throw new AuthParseError(`could not parse URL ${line}: ${bad}`);
      urls.push(line);
    }
    const header: [string, string][] = [];
    for (;;) {
      const line = cut('missing empty line after headers');
      if (line === '') break;
      const i = line.indexOf(': ');
      const name = i < 0 ? line : line.slice(0, i);
      const value = i < 0 ? '' : line.slice(i + 2).trim();
      if (i < 0 || !validHeaderFieldName(name) || !validHeaderFieldValue(value)) throw new AuthParseError('invalid format: invalid header line');
      header.push([canonicalHeaderKey(name), value]);
    }
    for (const u of urls) creds.set(u.startsWith('https://') ? u.slice('https://'.length) : u, header.map((h) => [h[0], h[1]] as const));
  }
  return creds;
}

/** The response a GOAUTH command reads on stdin after a failed request: status line, headers, blank line. */
export function formatResponseForCommand(res: { status: string; rawHeaders: readonly string[] }): string {
  const byKey = new Map<string, string[]>();
  for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
    const k = canonicalHeaderKey(res.rawHeaders[i]!);
    const v = byKey.get(k);
    if (v) v.push(res.rawHeaders[i + 1]!);
    else byKey.set(k, [res.rawHeaders[i + 1]!]);
  }
  let out = `HTTP/1.1 ${res.status}\n`;
  for (const [k, v] of byKey) out += `${k}: ${v.join(', ')}\n`;
  return out + '\n';
}

/**
 * Parses `git credential fill` output: the URL prefix it is for (from protocol/host/path, or a url=
 * line) and the username and password. prefix is '' when no URL could be formed.
 */
export function parseGitAuth(data: string): { prefix: string; username: string; password: string } {
  let scheme = '';
  let host = '';
  let path = '';
  let whole: string | undefined;
  let username = '';
  let password = '';
  for (const raw of data.split('\n')) {
    const line = raw.trim();
    const eq = line.indexOf('=');
    if (eq < 0) continue;
    const key = line.slice(0, eq);
    const value = line.slice(eq + 1);
    switch (key) {
      case 'protocol':
        scheme = value;
        whole = undefined;
        break;
      case 'host':
        host = value;
        whole = undefined;
        break;
      case 'path':
        path = value;
        whole = undefined;
        break;
      case 'username':
        username = value;
        break;
      case 'password':
        password = value;
        break;
      case 'url':
        if (checkRequestURI(value) === undefined) {
          whole = value;
          const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#]*)([^?#]*)/.exec(value);
          if (m) {
            scheme = m[1]!;
            host = m[2]!;
            path = m[3]!;
          }
        }
        break;
    }
  }
  if (whole !== undefined) return { prefix: whole, username, password };
  let prefix = '';
  if (scheme !== '') prefix += scheme + ':';
  if (scheme !== '' || host !== '') prefix += '//' + host;
  if (path !== '') prefix += host !== '' && !path.startsWith('/') ? '/' + path : path;
  return { prefix, username, password };
}

/** The Authorization header value for Basic credentials. */
export function basicAuth(login: string, password: string): string {
  return 'Basic ' + Buffer.from(`${login}:${password}`).toString('base64');
}
