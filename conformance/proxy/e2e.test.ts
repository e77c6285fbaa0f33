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

/** Writes a tiny fixture module example.com/gen/mNNN v1.0.0 into dir. */
function writeGenFixture(dir: string, i: number): void {
  const name = `m${String(i).padStart(3, '0')}`;
  const path = `example.com/gen/${name}`;
  writeFileSync(
    join(dir, `example.com_gen_${name}_v1.0.0.txt`),
    `-- .info --\n{"Version":"v1.0.0"}\n-- .mod --\nmodule ${path}\n-- go.mod --\nmodule ${path}\n-- ${name}.go --\npackage ${name}\n\nconst N = ${i}\n`,
  );
}

test('a database of several tile levels, growing between runs, verifies with real go', { skip }, async () => {
  // 600 records: two full level-0 tiles plus a partial one, and a level-1 tile of width 2.
  const modDir = join(tmp, 'genmods');
  mkdirSync(modDir, { recursive: true });
  for (let i = 0; i < 600; i++) writeGenFixture(modDir, i);
  const big = await startProxy({ goroot, modDir });
  try {
    const env = goEnv('tiles', { GOPROXY: big.url, GOSUMDB: big.sumdbKey });
    const r1 = await go(['mod', 'download', '-json', 'example.com/gen/m007@v1.0.0', 'example.com/gen/m599@v1.0.0'], env);
    assert.equal(r1.code, 0, r1.stderr + r1.stdout);
    assert.doesNotMatch(r1.stdout, /"Error"/);
    const latest = join(env.GOPATH!, 'pkg/sumdb', big.sumdbName, 'latest');
    assert.match(readFileSync(latest, 'utf8'), /^go\.sum database tree\n600\n/);
    const tiles = join(env.GOMODCACHE!, 'cache/download/sumdb', big.sumdbName, 'tile/8');
    assert.ok(existsSync(join(tiles, '1/000.p/2')), 'go fetched the level-1 tile');

    // A module added after start-up is appended on lookup; go must prove the new tree extends the old.
    writeGenFixture(modDir, 600);
    const r2 = await go(['mod', 'download', '-json', 'example.com/gen/m600@v1.0.0'], env);
    assert.equal(r2.code, 0, r2.stderr + r2.stdout);
    assert.doesNotMatch(r2.stdout, /"Error"/);
    assert.match(readFileSync(latest, 'utf8'), /^go\.sum database tree\n601\n/);
  } finally {
    await big.close();
  }
});
