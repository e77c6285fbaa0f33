// End-to-end: real go downloads modules from our proxy and verifies them against our checksum database.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startProxy, type Proxy } from './server.js';

const goroot = process.env.GOROOT ?? '/usr/local/go';
const goBin = join(goroot, 'bin', 'go');
const skip = !(existsSync(goBin) && existsSync(join(goroot, 'src/cmd/go/proxy_test.go'))) && 'no go toolchain';
const run = promisify(execFile);

let proxy: Proxy;
let tmp: string;
before(async () => {
  if (skip) return;
  proxy = await startProxy({ goroot });
  tmp = mkdtempSync(join(tmpdir(), 'proxy-e2e-'));
});
after(async () => {
  if (proxy) await proxy.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** The environment cmd/go's script harness gives go, with a fresh module cache and GOPATH per case. */
function goEnv(name: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const k of ['PATH', 'HOME', 'TMPDIR', 'GOCACHE']) if (process.env[k] !== undefined) env[k] = process.env[k];
  return {
    ...env,
    GOROOT: goroot,
    GOENV: 'off',
    GO111MODULE: 'on',
    GOTOOLCHAIN: 'local',
    GOFLAGS: '-modcacherw',
    GOPATH: join(tmp, name, 'gopath'),
    GOMODCACHE: join(tmp, name, 'modcache'),
    GOPROXY: proxy.url,
    GOSUMDB: proxy.sumdbKey,
    GONOPROXY: '',
    GONOSUMDB: '',
    GOPRIVATE: '',
    GOINSECURE: '',
    ...extra,
  };
}

async function go(args: string[], env: NodeJS.ProcessEnv, cwd = tmp): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(goBin, args, { env, cwd });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : -1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}

const quoteSum = 'h1:3fEykkD9k7lYzXqCYrwGAf7iNhbk4yCjHmKBN9td4L0=';
const quoteModSum = 'h1:LzX7hefJvL54yjefDEDHNONDjII0t9xZLPXsUe+TKr0=';

test('go mod download -json verifies against the checksum database via the proxy', { skip }, async () => {
  const env = goEnv('download');
  const r = await go(['mod', 'download', '-json', 'rsc.io/quote@v1.5.2'], env);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout) as { Path: string; Version: string; Sum: string; GoModSum: string; Error?: string };
  assert.deepEqual([j.Path, j.Version, j.Sum, j.GoModSum, j.Error], ['rsc.io/quote', 'v1.5.2', quoteSum, quoteModSum, undefined]);
  // go looked the module up in our database and cached the signed answer
  const cached = join(env.GOMODCACHE!, 'cache/download/sumdb', proxy.sumdbName, 'lookup/rsc.io/quote@v1.5.2');
  assert.match(readFileSync(cached, 'utf8'), new RegExp(`rsc\\.io/quote v1\\.5\\.2 ${quoteSum.replace(/[+/]/g, '\\$&')}`));
  assert.match(readFileSync(join(env.GOPATH!, 'pkg/sumdb', proxy.sumdbName, 'latest'), 'utf8'), /^go\.sum database tree\n\d+\n/);
});

test('go get in a module writes go.sum lines checked by the database (explicit GOSUMDB URL)', { skip }, async () => {
  const dir = join(tmp, 'getmod');
  const env = goEnv('get', { GOSUMDB: `${proxy.sumdbKey} ${proxy.url}/sumdb/${proxy.sumdbName}` });
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'go.mod'), 'module example.com/m\n\ngo 1.21\n');
  const r = await go(['get', 'rsc.io/quote@v1.5.2'], env, dir);
  assert.equal(r.code, 0, r.stderr);
  const sum = readFileSync(join(dir, 'go.sum'), 'utf8');
  assert.ok(sum.includes(`rsc.io/quote v1.5.2 ${quoteSum}\n`), sum);
  assert.ok(sum.includes(`rsc.io/quote v1.5.2/go.mod ${quoteModSum}\n`), sum);
  assert.ok(sum.includes('rsc.io/sampler v1.3.0 h1:HLGR/BgEtI3r0uymSP/nl2uPLsUnNJX8toRyhfpBTII=\n'), sum);
});

test('a database that disagrees is a SECURITY ERROR (sumdb-wrong)', { skip }, async () => {
  const dir = join(tmp, 'wrongmod');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'go.mod'), 'module m\n');
  const env = goEnv('wrong', { GOSUMDB: `${proxy.sumdbKey} ${proxy.url}/sumdb-wrong` });
  const r = await go(['get', 'rsc.io/quote@v1.5.2'], env, dir);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /go: rsc\.io\/quote@v1\.5\.2: verifying (module|go\.mod): checksum mismatch/);
  assert.match(r.stderr, /localhost\.localdev\/sumdb: h1:wrong/);
  assert.match(r.stderr, /SECURITY ERROR\nThis download does NOT match the one reported by the checksum server\./);
});
