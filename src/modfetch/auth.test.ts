// GOAUTH against loopback HTTPS servers: netrc Basic, custom commands with 401 retry, git credential, redirects; and real go side by side.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHTTPS, type Server } from 'node:https';
import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lookPath } from '../cfg/goroot.js';
import { startProxy, type Proxy } from '../../conformance/proxy/server.js';
import { Auth } from './auth.js';
import { FatalError } from './errors.js';
import { Web } from './web.js';

const GO = '/usr/local/go/bin/go';
const skip = lookPath('openssl', process.env.PATH) ? false : 'no openssl to make a test certificate';
const basic = (u: string, p: string): string => 'Basic ' + Buffer.from(`${u}:${p}`).toString('base64');

interface Seen {
  path: string;
  auth: string;
  token: string;
  status: number;
}

let dir = '';
let key: Buffer;
let cert: Buffer;
let upstream: Proxy | undefined;
const servers: Server[] = [];

/**
 * An HTTPS server that wants Basic alice:s3cret or X-Token: tok on every path, answers 401 with a
 * WWW-Authenticate header otherwise, and serves /mod/... from the fixture proxy; /redir/H/P redirects to https://H:P/.
 */
async function authServer(seen: Seen[], host = '127.0.0.1'): Promise<string> {
  const s = createHTTPS({ key, cert }, (req: IncomingMessage, res: ServerResponse) => {
    const auth = String(req.headers.authorization ?? '');
    const token = String(req.headers['x-token'] ?? '');
    const path = req.url ?? '';
    const log = (status: number): void => {
      seen.push({ path, auth, token, status });
    };
    const redir = /^\/redir\/([^/]+)\/(\d+)(\/.*)$/.exec(path);
    if (redir) {
      log(302);
      res.writeHead(302, { Location: `https://${redir[1]}:${redir[2]}${redir[3]}` }).end();
      return;
    }
    if (auth !== basic('alice', 's3cret') && token !== 'tok') {
      log(401);
      res.writeHead(401, 'Unauthorized', { 'WWW-Authenticate': 'Basic realm="mod"', 'Content-Type': 'text/plain; charset=utf-8' }).end('ACCESS DENIED, buddy\n');
      return;
    }
    if (!upstream || !path.startsWith('/mod/')) {
      log(200);
      res.end('ok');
      return;
    }
    const up = new URL(upstream.url);
    httpRequest({ host: up.hostname, port: up.port, path, headers: { 'Accept-Encoding': 'identity' } }, (r) => {
      log(r.statusCode ?? 0);
      res.writeHead(r.statusCode ?? 502, r.statusMessage, { 'Content-Type': String(r.headers['content-type'] ?? 'text/plain') });
      r.pipe(res);
    }).end();
  });
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, host, () => r()));
  return `https://${host}:${(s.address() as AddressInfo).port}`;
}

/** A GOAUTH command (sh script) that logs its arguments and stdin's first line, and prints out when given a URL. */
function authCommand(name: string, out: string, always = false): string {
  const log = join(dir, name + '.log');
  const script = join(dir, name + '.sh');
  writeFileSync(
    script,
    `#!/bin/sh\n{ printf 'args=%s|' "$*"; head -n 1 | tr -d '\\r\\n'; echo; } >> '${log}'\n` +
      (always ? `printf '%s' '${out}'\n` : `case "$*" in *https://*) printf '%s' '${out}';; esac\n`),
    { mode: 0o755 },
  );
  return script;
}

const logLines = (name: string): string[] => (existsSync(join(dir, name + '.log')) ? readFileSync(join(dir, name + '.log'), 'utf8').trimEnd().split('\n') : []);

describe('GOAUTH over HTTPS', { skip }, () => {
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'gocmd-auth-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'], { stdio: 'ignore' });
    key = readFileSync(join(dir, 'key.pem'));
    cert = readFileSync(join(dir, 'cert.pem'));
  });
  after(async () => {
    for (const s of servers) {
      s.closeAllConnections();
      s.close();
    }
    await upstream?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const env = (): Record<string, string> => ({ SSL_CERT_FILE: join(dir, 'cert.pem'), NETRC: join(dir, 'netrc'), PATH: process.env.PATH ?? '', HOME: dir });

  test('netrc (the default) sends Basic credentials by longest host/path prefix; off and plain HTTP send none', async () => {
    const seen: Seen[] = [];
    const base = await authServer(seen);
    const host = new URL(base).host;
    writeFileSync(join(dir, 'netrc'), `machine ${host}/other login x password y\nmachine ${host} login alice password s3cret\nmachine ${host} login later password ignored\n`);
    assert.equal((await new Web({ env: env() }).getBytes(new URL(`${base}/mod/a/@v/list`))).toString(), 'ok');
    const r = await new Web({ env: env(), goauth: 'off' }).get(new URL(`${base}/mod/a/@v/list`));
    assert.equal(r.statusCode, 401);
    assert.equal(r.detail, 'ACCESS DENIED, buddy');
    // A more specific prefix wins (and here carries wrong credentials).
    assert.equal((await new Web({ env: env() }).get(new URL(`${base}/other/x`))).statusCode, 401);
    assert.deepEqual(seen.map((s) => [s.path, s.auth === basic('alice', 's3cret') ? 'alice' : s.auth === '' ? '-' : 'other', s.status]), [
      ['/mod/a/@v/list', 'alice', 200],
      ['/mod/a/@v/list', '-', 401],
      ['/mod/a/@v/list', '-', 401], // go retries any 4xx once, even with GOAUTH=off
      ['/other/x', 'other', 401],
      ['/other/x', 'other', 401], // the 4xx retry asks GOAUTH again: netrc gives the same answer
    ]);
  });

  test('a custom command runs once up front, again with the URL and the 401 response, and its headers are cached per prefix', async () => {
    const seen: Seen[] = [];
    const base = await authServer(seen);
    const cmd = authCommand('custom', `${base}/mod\n\nX-Token: tok\n\n`);
    const web = new Web({ env: env(), goauth: `${cmd} --flag 'two words'` });
    for (const p of ['/mod/a/@v/list', '/mod/a/@v/v1.0.0.info', '/mod/b/@v/list']) assert.equal((await web.getBytes(new URL(base + p))).toString(), 'ok');
    assert.deepEqual(logLines('custom'), [`args=--flag two words|`, `args=--flag two words ${base}/mod/a/@v/list|HTTP/1.1 401 Unauthorized`]);
    assert.deepEqual(seen.map((s) => [s.path, s.token, s.status]), [
      ['/mod/a/@v/list', '', 401],
      ['/mod/a/@v/list', 'tok', 200],
      ['/mod/a/@v/v1.0.0.info', 'tok', 200],
      ['/mod/b/@v/list', 'tok', 200],
    ]);
  });

  test('methods earlier in the list take precedence; a failing command is skipped', async () => {
    const seen: Seen[] = [];
    const base = await authServer(seen);
    writeFileSync(join(dir, 'netrc'), `machine ${new URL(base).host} login alice password s3cret\n`);
    const bad = authCommand('bad', `${base}\n\nX-Token: wrong\n\n`, true);
    const web = new Web({ env: env(), goauth: `netrc; ${bad}; ${join(dir, 'missing-command')}` });
    assert.equal((await web.getBytes(new URL(`${base}/x`))).toString(), 'ok');
    assert.deepEqual(seen.map((s) => [s.auth === basic('alice', 's3cret'), s.token, s.status]), [[true, '', 200]]);
    // Both ran up front (the failing one only logs under -x).
    assert.deepEqual(logLines('bad'), ['args=|']);
  });

  test('git DIR asks git credential fill after a 401', { skip: lookPath('git', process.env.PATH) ? false : 'no git' }, async () => {
    const seen: Seen[] = [];
    const base = await authServer(seen);
    const repo = join(dir, 'repo');
    mkdirSync(repo, { recursive: true });
    execFileSync('git', ['init', '-q', repo]);
    writeFileSync(join(dir, 'git-credentials'), `https://alice:s3cret@${new URL(base).host}\n`);
    execFileSync('git', ['-C', repo, 'config', 'credential.helper', `store --file=${join(dir, 'git-credentials')}`]);
    const web = new Web({ env: { ...env(), GIT_TERMINAL_PROMPT: '0' }, goauth: `git ${repo}` });
    assert.equal((await web.getBytes(new URL(`${base}/mod/x/@v/list`))).toString(), 'ok');
    assert.deepEqual(seen.slice(0, 2).map((s) => [s.auth === basic('alice', 's3cret'), s.status]), [[false, 401], [true, 200]]);
  });

  test('credentials follow redirects on the same host only', async () => {
    const seenA: Seen[] = [];
    const seenB: Seen[] = [];
    const a = await authServer(seenA);
    const b = await authServer(seenB, 'localhost');
    const aPort = new URL(a).port;
    const bPort = new URL(b).port;
    const cmd = authCommand('redir', `${a}\n${b}\n\nX-Token: tok\nAuthorization: ${basic('alice', 's3cret')}\n\n`, true);
    const web = new Web({ env: env(), goauth: cmd });
    // Same host: the credentials go along.
    assert.equal((await web.getBytes(new URL(`${a}/redir/127.0.0.1/${aPort}/same`))).toString(), 'ok');
    // Another host (even one with its own credentials): none are sent; its 401 makes a retry, which again sends none there.
    const r = await web.get(new URL(`${a}/redir/localhost/${bPort}/other`));
    assert.equal(r.statusCode, 401);
    assert.equal(r.url, `${a}/redir/localhost/${bPort}/other`);
    assert.deepEqual(seenA.map((s) => [s.path, s.token]), [['/redir/127.0.0.1/' + aPort + '/same', 'tok'], ['/same', 'tok'], [`/redir/localhost/${bPort}/other`, 'tok'], [`/redir/localhost/${bPort}/other`, 'tok']]);
    assert.deepEqual(seenB.map((s) => [s.path, s.token, s.auth]), [['/other', '', ''], ['/other', '', '']]);
  });

  test('GOAUTH errors that stop go', async () => {
    const base = 'https://127.0.0.1:1';
    const cases: [string, string][] = [
      ['off; netrc', 'go: GOAUTH=off cannot be combined with other authentication commands (GOAUTH=off; netrc)'],
      ['netrc;', 'go: GOAUTH encountered an empty command (GOAUTH=netrc;)'],
      ['git', 'go: GOAUTH=git dir method requires an absolute path to the git working directory'],
      ['git rel/dir', 'go: GOAUTH=git dir method requires an absolute path to the git working directory, dir is not absolute'],
      [`git ${join(dir, 'nope')}`, `go: GOAUTH=git encountered an error; cannot stat ${join(dir, 'nope')}: stat ${join(dir, 'nope')}: no such file or directory`],
      [`git ${join(dir, 'cert.pem')}`, 'go: GOAUTH=git dir method requires an absolute path to the git working directory, dir is not a directory'],
    ];
    for (const [goauth, msg] of cases) {
      await assert.rejects(new Auth({ goauth, env: env() }).credentials(new URL(base)), (e: unknown) => e instanceof FatalError && e.message === msg, goauth);
      await assert.rejects(new Web({ env: env(), goauth }).get(new URL(base)), { message: msg });
    }
    // Credentials are never asked for plain HTTP.
    await assert.rejects(new Auth({ goauth: 'netrc', env: env() }).credentials(new URL('http://127.0.0.1/')), /GOAUTH called without https/);
  });

  test('-x lists the GOAUTH errors when no method gave credentials', async () => {
    const seen: Seen[] = [];
    const base = await authServer(seen);
    const lines: string[] = [];
    const web = new Web({ env: env(), goauth: join(dir, 'missing-command'), trace: (l) => lines.push(l) });
    assert.equal((await web.get(new URL(`${base}/x`))).statusCode, 401);
    assert.deepEqual(lines.filter((l) => !l.startsWith('# get')), [
      `GOAUTH encountered errors for ${base}/x:`,
      `  GOAUTH=${join(dir, 'missing-command')}: could not run command ${join(dir, 'missing-command')}: fork/exec ${join(dir, 'missing-command')}: no such file or directory`,
    ]);
  });

  test('real go and gocmd make the same requests and GOAUTH calls against a proxy that wants credentials', { skip: existsSync(GO) ? false : 'no go' }, async () => {
    upstream ??= await startProxy();
    const run = async (goauth: string, seen: Seen[], base: string): Promise<{ code: number; stderr: string }> => {
      const work = mkdtempSync(join(dir, 'go-'));
      const e = { ...process.env, ...env(), GOAUTH: goauth, GOPROXY: `${base}/mod`, GOSUMDB: 'off', GOFLAGS: '-modcacherw', GOMODCACHE: join(work, 'modcache'), GOPATH: join(work, 'gopath'), GOTOOLCHAIN: 'local', GO111MODULE: 'on', GOWORK: 'off' };
      return new Promise((resolve, reject) => {
        const p = spawn(GO, ['mod', 'download', 'rsc.io/quote@v1.5.2'], { cwd: work, env: e });
        let stderr = '';
        p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        p.on('error', reject);
        p.on('close', (code) => resolve({ code: code ?? -1, stderr }));
      });
    };
    const cases: [string, (base: string) => string, number][] = [
      ['netrc', () => 'netrc', 0],
      ['command after 401', (base) => authCommand('cmp-retry', `${base}/mod\n\nX-Token: tok\n\n`), 0],
      ['command wrong credentials', (base) => authCommand('cmp-bad', `${base}\n\nX-Token: bad\n\n`, true), 1],
    ];
    for (const [name, goauthFor, wantCode] of cases) {
      const goSeen: Seen[] = [];
      const goBase = await authServer(goSeen);
      writeFileSync(join(dir, 'netrc'), `machine ${new URL(goBase).host} login alice password s3cret\n`);
      const logName = goauthFor(goBase).split('/').pop()!.replace(/\.sh$/, '');
      const goRes = await run(goauthFor(goBase), goSeen, goBase);
      assert.equal(goRes.code, wantCode, `${name}: go: ${goRes.stderr}`);
      const goCalls = logLines(logName).map((l) => l.replaceAll(goBase, 'BASE'));
      rmSync(join(dir, logName + '.log'), { force: true });

      // gocmd's client fetches the same URLs in the same order (the fetch order is the module code's, not GOAUTH's).
      const ourSeen: Seen[] = [];
      const ourBase = await authServer(ourSeen);
      writeFileSync(join(dir, 'netrc'), `machine ${new URL(ourBase).host} login alice password s3cret\n`);
      const web = new Web({ env: env(), goauth: goauthFor(ourBase) });
      const paths: string[] = [];
      for (const s of goSeen) if (!paths.includes(s.path)) paths.push(s.path);
      const errs: string[] = [];
      for (const p of paths) {
        const r = await web.get(new URL(ourBase + p));
        if (r.statusCode !== 200) errs.push(`${r.url.replace(ourBase, 'BASE')}: ${r.status}: ${r.detail}`);
      }
      const ourCalls = logLines(logName).map((l) => l.replaceAll(ourBase, 'BASE'));
      const norm = (s: Seen[]): string[] => s.map((x) => `${x.path} auth=${x.auth !== ''} token=${x.token} ${x.status}`);
      assert.deepEqual(norm(ourSeen), norm(goSeen), name);
      assert.deepEqual(ourCalls, goCalls, name);
      if (wantCode !== 0) {
        assert.ok(errs.length > 0);
        // go reports the same response (status and server text) for the first URL that failed.
        const first = errs[0]!.split(': ').slice(1).join(': ');
        assert.ok(goRes.stderr.includes('401 Unauthorized\n\tserver response: ACCESS DENIED, buddy'), goRes.stderr);
        assert.equal(first, '401 Unauthorized: ACCESS DENIED, buddy');
      }
    }
  });

  test('go and the gocmd CLI agree on mod download -json through a proxy that wants credentials', { skip: existsSync(GO) ? false : 'no go' }, async () => {
    upstream ??= await startProxy();
    // The CLI, bundled as the integration tests do (tests left out).
    const gocmd = join(dir, 'gocmd.mjs');
    const { build } = await import('esbuild');
    await build({
      entryPoints: [join(import.meta.dirname, '../../../src/main.ts')], outfile: gocmd, bundle: true, platform: 'node', format: 'esm',
      target: 'node20', logLevel: 'warning', define: { GOCMD_BUNDLED: 'true' }, // see loadCommand in src/cli/run.ts
      plugins: [{ name: 'no-tests', setup(b) { b.onLoad({ filter: /\.test\.ts$/ }, () => ({ contents: 'export {};', loader: 'js' })); } }],
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    });
    const seen: Seen[] = [];
    const base = await authServer(seen);
    writeFileSync(join(dir, 'netrc'), `machine ${new URL(base).host} login alice password s3cret\n`);
    const run = (argv0: string, args: string[], goauth: string, netrc: string): Promise<{ code: number; stdout: string }> => {
      const work = mkdtempSync(join(dir, 'cli-'));
      const e = { ...process.env, ...env(), NETRC: netrc, GOAUTH: goauth, GOPROXY: `${base}/mod`, GOSUMDB: 'off', GOFLAGS: '-modcacherw', GOMODCACHE: join(work, 'modcache'), GOPATH: join(work, 'gopath'), GOTOOLCHAIN: 'local', GO111MODULE: 'on', GOWORK: 'off' };
      return new Promise((resolve, reject) => {
        const p = spawn(argv0, [...args, 'mod', 'download', '-json', 'rsc.io/quote@v1.5.2'], { cwd: work, env: e });
        let stdout = '';
        p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        p.on('error', reject);
        p.on('close', (code) => resolve({ code: code ?? -1, stdout }));
      });
    };
    const fields = (json: string): string[] => json.split('\n').filter((l) => /^\t"(Path|Version|Error|Sum|GoModSum)"/.test(l));
    const cases: [string, string][] = [
      [authCommand('cli-good', `${base}/mod\n\nX-Token: tok\n\n`), join(dir, 'none')],
      [authCommand('cli-bad', `${base}\n\nX-Token: bad\n\n`, true), join(dir, 'none')],
      ['off', join(dir, 'netrc')],
      ['netrc', join(dir, 'netrc')],
    ];
    for (const [goauth, netrc] of cases) {
      const theirs = await run(GO, [], goauth, netrc);
      const ours = await run(process.execPath, [gocmd], goauth, netrc);
      assert.equal(ours.code, theirs.code, `${goauth} ${netrc}`);
      assert.deepEqual(fields(ours.stdout), fields(theirs.stdout), `${goauth} ${netrc}`);
      assert.ok(fields(theirs.stdout).some((l) => l.includes('"Sum"') || l.includes('401 Unauthorized')), theirs.stdout);
    }
  });
});
