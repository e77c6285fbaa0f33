// Serving git repositories over HTTP with git's own `git http-backend` (a CGI program), as cmd/go's
// vcweb does: one CGI run per request, the request body piped in, the CGI headers turned into HTTP.
import { spawn } from 'node:child_process';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Answers req with `git http-backend` over the repositories under projectRoot. pathInfo is the
 * request path below the handler's mount point ("/repo/info/refs"); env is the base environment.
 */
export function serveGitHTTP(req: IncomingMessage, res: ServerResponse, projectRoot: string, pathInfo: string, query: string, env: Record<string, string>): void {
  const cgiEnv: Record<string, string> = {
    ...env,
    GIT_PROJECT_ROOT: projectRoot,
    GIT_HTTP_EXPORT_ALL: '1',
    GATEWAY_INTERFACE: 'CGI/1.1',
    REQUEST_METHOD: req.method ?? 'GET',
    PATH_INFO: pathInfo,
    QUERY_STRING: query,
    REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
    SERVER_PROTOCOL: 'HTTP/1.1',
  };
  const h = req.headers;
  if (h['content-type']) cgiEnv.CONTENT_TYPE = String(h['content-type']);
  if (h['content-length']) cgiEnv.CONTENT_LENGTH = String(h['content-length']);
  if (h['content-encoding']) cgiEnv.HTTP_CONTENT_ENCODING = String(h['content-encoding']);
  if (h['git-protocol']) cgiEnv.GIT_PROTOCOL = String(h['git-protocol']);
  const child = spawn('git', ['http-backend'], { env: cgiEnv, stdio: ['pipe', 'pipe', 'pipe'] });
  req.pipe(child.stdin);
  child.stdin.on('error', () => undefined);
  let head = Buffer.alloc(0);
  let headerDone = false;
  child.stdout.on('data', (chunk: Buffer) => {
    if (headerDone) {
      res.write(chunk);
      return;
    }
    head = Buffer.concat([head, chunk]);
    let end = head.indexOf('\r\n\r\n');
    let sepLen = 4;
    if (end < 0) {
      end = head.indexOf('\n\n');
      sepLen = 2;
    }
    if (end < 0) return;
    headerDone = true;
    let status = 200;
    let statusText = 'OK';
    for (const line of head.subarray(0, end).toString('latin1').split(/\r?\n/)) {
      const i = line.indexOf(':');
      if (i < 0) continue;
      const k = line.slice(0, i).trim();
      const v = line.slice(i + 1).trim();
      if (k.toLowerCase() === 'status') {
        status = parseInt(v, 10);
        statusText = v.slice(String(status).length).trim();
      } else {
        res.setHeader(k, v);
      }
    }
    res.writeHead(status, statusText);
    res.write(head.subarray(end + sepLen));
  });
  child.stderr.on('data', () => undefined);
  child.on('close', () => {
    if (!headerDone) {
      res.writeHead(500);
    }
    res.end();
  });
  child.on('error', () => {
    if (!res.headersSent) res.writeHead(500);
    res.end();
  });
}
