// Fixture git repositories for the direct-fetching tests, and a loopback HTTP server that plays
// the host example.test (as an HTTP proxy, so that go and gocmd reach it through HTTP_PROXY): it
// answers ?go-get=1 with go-import tags and everything else with `git http-backend`.
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { serveGitHTTP } from '../../conformance/vcstest/githttp.js';

export const HOST = 'example.test';

function git(dir: string, args: string[], date?: string): string {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'Gopher',
    GIT_AUTHOR_EMAIL: 'gopher@example.test',
    GIT_COMMITTER_NAME: 'Gopher',
    GIT_COMMITTER_EMAIL: 'gopher@example.test',
  };
  if (date) {
    env.GIT_AUTHOR_DATE = date;
    env.GIT_COMMITTER_DATE = date;
  }
  return execFileSync('git', args, { cwd: dir, env, encoding: 'utf8' });
}

function write(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

function commit(dir: string, msg: string, date: string): string {
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-q', '-m', msg], date);
  return git(dir, ['rev-parse', 'HEAD']).trim();
}

export interface Fixture {
  /** Directory holding the served repositories (each a non-bare repo with .git). */
  root: string;
  /** Commits by name. */
  commits: Record<string, string>;
}

/**
 * Makes example.test/lib: tags v1.0.0 and v1.1.0, a later untagged commit on main, a branch
 * "feature", a submodule at sub/ tagged sub/v0.2.0, and a v2 module in v2/ tagged v2.0.0; and
 * example.test/old, a repository without go.mod tagged v2.1.0 (a +incompatible version).
 */
export function makeFixture(root: string): Fixture {
  const lib = join(root, 'lib');
  mkdirSync(lib, { recursive: true });
  git(lib, ['init', '-q', '-b', 'main']);
  const commits: Record<string, string> = {};
  write(lib, {
    'go.mod': `module ${HOST}/lib\n\ngo 1.21\n`,
    'lib.go': 'package lib\n\nfunc Version() string { return "v1.0.0" }\n',
    'LICENSE': 'Fixture license.\n',
    'vendor/x/x.go': 'package x\n',
  });
  symlinkSync('lib.go', join(lib, 'link.go'));
  commits.v100 = commit(lib, 'v1.0.0', '2024-01-02T03:04:05Z');
  git(lib, ['tag', 'v1.0.0']);
  write(lib, { 'lib.go': 'package lib\n\nfunc Version() string { return "v1.1.0" }\n' });
  commits.v110 = commit(lib, 'v1.1.0', '2024-02-03T04:05:06Z');
  git(lib, ['tag', '-a', '-m', 'release', 'v1.1.0']);
  write(lib, {
    'sub/go.mod': `module ${HOST}/lib/sub\n\ngo 1.21\n`,
    'sub/sub.go': 'package sub\n\nconst Name = "sub"\n',
    'v2/go.mod': `module ${HOST}/lib/v2\n\ngo 1.21\n`,
    'v2/lib.go': 'package lib\n\nfunc Version() string { return "v2" }\n',
  });
  commits.subs = commit(lib, 'submodules', '2024-03-04T05:06:07Z');
  git(lib, ['tag', 'sub/v0.2.0']);
  git(lib, ['tag', 'v2.0.0']);
  write(lib, { 'lib.go': 'package lib\n\nfunc Version() string { return "main" }\n' });
  commits.main = commit(lib, 'after v1.1.0', '2024-04-05T06:07:08Z');
  git(lib, ['checkout', '-q', '-b', 'feature', commits.v110]);
  write(lib, { 'feature.go': 'package lib\n\nconst Feature = true\n' });
  commits.feature = commit(lib, 'feature', '2024-05-06T07:08:09Z');
  git(lib, ['checkout', '-q', 'main']);

  const old = join(root, 'old');
  mkdirSync(old, { recursive: true });
  git(old, ['init', '-q', '-b', 'main']);
  write(old, { 'old.go': 'package old\n\nconst Old = 2\n' });
  commits.old = commit(old, 'old', '2023-06-07T08:09:10Z');
  git(old, ['tag', 'v2.1.0']);
  return { root, commits };
}

/** Starts the example.test stand-in; requests counts each request line it served. */
export async function startHost(fx: Fixture): Promise<{ server: Server; proxyURL: string; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', `http://${req.headers.host ?? HOST}`);
    requests.push(`${req.method} ${u.host}${u.pathname}${u.search}`);
    if (u.host !== HOST) {
      res.writeHead(502);
      res.end();
      return;
    }
    if (u.searchParams.get('go-get') === '1') {
      const repo = u.pathname.split('/')[1] ?? '';
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(`<!DOCTYPE html>\n<html><head>\n<meta name="go-import" content="${HOST}/${repo} git http://${HOST}/${repo}">\n</head><body>go get ${HOST}/${repo}</body></html>\n`);
      return;
    }
    serveGitHTTP(req, res, fx.root, u.pathname.replace(/^\/([^/]+)/, '/$1/.git'), u.search.slice(1), { PATH: process.env.PATH ?? '' });
  });
  server.on('connect', (_req, socket) => socket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return { server, proxyURL: `http://127.0.0.1:${port}`, requests };
}
