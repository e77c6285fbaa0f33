// Responses written the way go's net/http writes them, since cmd/go prints parts of them in errors.
//
// go's client quotes a text/plain error body as "server response: …", and prints the status line
// ("404 Not Found"), so the body text, content type and status text must match go's server.

import type { ServerResponse } from 'node:http';
import { STATUS_CODES } from 'node:http';
import { posix } from 'node:path';

// Where go's http.StatusText differs from node's table ('' = go has no text for the code).
const goStatusText: Record<number, string> = {
  413: 'Request Entity Too Large',
  414: 'Request URI Too Long',
  416: 'Requested Range Not Satisfiable',
  418: "I'm a teapot",
  509: '',
};

/** go's status text for a code ("status code N" when it has none). */
export function statusText(code: number): string {
  return (goStatusText[code] ?? STATUS_CODES[code]) || `status code ${code}`;
}

/** Writes just a status (go's w.WriteHeader(n) with no body). Codes outside 100–999 drop the connection, as go's panic would. */
export function writeStatus(res: ServerResponse, code: number): void {
  if (!Number.isInteger(code) || code < 100 || code > 999) {
    res.destroy();
    return;
  }
  res.writeHead(code, statusText(code), { 'Content-Length': '0' });
  res.end();
}

/** go's http.Error: the message and a newline as text/plain. */
export function writeError(res: ServerResponse, msg: string, code: number): void {
  const body = Buffer.from(msg + '\n', 'utf8');
  res.writeHead(code, statusText(code), {
    'Content-Type': 'text/plain; charset=utf-8',
    'X-Content-Type-Options': 'nosniff',
    'Content-Length': String(body.length),
  });
  res.end(body);
}

/** go's http.NotFound. */
export function writeNotFound(res: ServerResponse): void {
  writeError(res, '404 page not found', 404);
}

/** A 200 response with the given body and content type. */
export function writeOK(res: ServerResponse, body: Uint8Array | string, contentType = 'text/plain; charset=utf-8'): void {
  const data = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  res.writeHead(200, statusText(200), { 'Content-Type': contentType, 'Content-Length': String(data.length) });
  res.end(data);
}

/** go's http.Redirect for a GET to a server path: Location (cleaned, as go's path.Clean, keeping a trailing slash) plus a tiny HTML body. */
export function writeRedirect(res: ServerResponse, location: string, code: number): void {
  location = posix.normalize(location);
  const body = Buffer.from(`<a href="${escapeHTML(location)}">${statusText(code)}</a>.\n\n`, 'utf8');
  res.writeHead(code, statusText(code), {
    Location: location,
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': String(body.length),
  });
  res.end(body);
}

function escapeHTML(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** go's strconv.Atoi for request path elements; undefined if not a decimal integer. */
export function atoi(s: string): number | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : undefined;
}
