// Integration tests: direct (VCS) fetching from git repositories served on loopback, side by side
// with real go — builds with GOPROXY=direct, version queries, the shared VCS cache, GOPRIVATE.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { execFileSync } from 'node:child_process';
import { bundleCLI, removeTestDir, runGoOrGocmd, type Result } from './cliharness.js';
import { HOST, makeFixture, startHost, type Fixture } from './vcsrepos.js';

let GOCMD = '';
let tmp = '';
let fx: Fixture;
let host: { server: Server; proxyURL: string; requests: string[] };

/** go and gocmd reach example.test through HTTP_PROXY (git too); the module cache is per case. */
function env(modcache: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: join(tmp, 'home'),
    GIT_CONFIG_NOSYSTEM: '1',
    HTTP_PROXY: host.proxyURL,
    http_proxy: host.proxyURL,
    NO_PROXY: '',
    no_proxy: '',
    GOPROXY: 'direct',
    GOINSECURE: HOST,
    GOPRIVATE: HOST,
    GONOPROXY: '',
    GONOSUMDB: '',
    GOSUMDB: '',
    GOVCS: '',
    GOFLAGS: '-modcacherw -buildvcs=false',
    GOTOOLCHAIN: 'local',
    GOCACHE: join(tmp, 'gocache'),
    GOPATH: join(tmp, 'gopath'),
    GOMODCACHE: modcache,
    GO111MODULE: '',
    GOWORK: 'off',
  };
  for (const k of ['GOOS', 'GOARCH', 'CGO_ENABLED', 'HTTPS_PROXY', 'https_proxy', 'GOAUTH']) delete e[k];
  return { ...e, ...extra };
}

function run(bin: 'go' | 'gocmd', dir: string, args: string[], e: NodeJS.ProcessEnv): Promise<Result> {
  return runGoOrGocmd(bin, GOCMD, dir, args, e);
}

function files(dir: string, f: Record<string, string>): string {
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(f)) writeFileSync(join(dir, name), text);
  return dir;
}

const norm = (s: string, dir: string): string => s.split(dir).join('$DIR');

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'gocmd-vcs-test-'));
  GOCMD = join(tmp, 'gocmd.mjs');
  await bundleCLI(GOCMD);
  mkdirSync(join(tmp, 'home'), { recursive: true });
  fx = makeFixture(join(tmp, 'repos'));
  host = await startHost(fx);
});

after(async () => {
  host?.server.close();
  host?.server.closeAllConnections();
  if (tmp) removeTestDir(tmp);
});

describe('direct fetching from git on loopback, against real go', () => {
  test('a module needing tags, a pseudo-version, a subdirectory module, a /v2 module and +incompatible builds byte-identically (-trimpath: the two use different module caches)', async () => {
    const pseudo = `v1.1.1-0.20240405060708-${fx.commits.main!.slice(0, 12)}`;
    const src = {
      'go.mod': `module example.com/app\n\ngo 1.21\n\nrequire (\n\t${HOST}/lib ${pseudo}\n\t${HOST}/lib/sub v0.2.0\n\t${HOST}/lib/v2 v2.0.0\n\t${HOST}/old v2.1.0+incompatible\n)\n`,
      'main.go': `package main\n\nimport (\n\t"fmt"\n\n\tlib "${HOST}/lib"\n\t"${HOST}/lib/sub"\n\tlib2 "${HOST}/lib/v2"\n\t"${HOST}/old"\n)\n\nfunc main() { fmt.Println(lib.Version(), sub.Name, lib2.Version(), old.Old) }\n`,
    };
    const out: Record<string, { dir: string; r: Result }> = {};
    for (const bin of ['go', 'gocmd'] as const) {
      const dir = files(join(tmp, 'build', bin), src);
      const r = await run(bin, dir, ['build', '-mod=mod', '-trimpath', '-ldflags=-buildid=', '-o', 'app', '.'], env(join(tmp, 'build', bin + '-modcache')));
      assert.equal(r.code, 0, `${bin} build: ${r.stderr}`);
      out[bin] = { dir, r };
    }
    // go downloads in parallel: its lines come in any order.
    const lines = (s: string): string[] => s.split('\n').sort();
    assert.deepEqual(lines(norm(out.gocmd!.r.stderr, out.gocmd!.dir)), lines(norm(out.go!.r.stderr, out.go!.dir)), 'stderr');
    assert.equal(readFileSync(join(out.gocmd!.dir, 'go.sum'), 'utf8'), readFileSync(join(out.go!.dir, 'go.sum'), 'utf8'), 'go.sum');
    assert.equal(readFileSync(join(out.gocmd!.dir, 'go.mod'), 'utf8'), readFileSync(join(out.go!.dir, 'go.mod'), 'utf8'), 'go.mod');
    assert.ok(readFileSync(join(out.gocmd!.dir, 'app')).equals(readFileSync(join(out.go!.dir, 'app'))), 'binaries differ');
    // The module cache's .mod and ziphash files and extracted trees are go's. (go also leaves a .info for
    // the pseudo-version from a lookup in its module loader that gocmd's does not make.)
    for (const rel of [`cache/download/${HOST}/lib/@v/${pseudo}.ziphash`, `cache/download/${HOST}/lib/@v/${pseudo}.mod`, `cache/download/${HOST}/lib/sub/@v/v0.2.0.mod`, `cache/download/${HOST}/old/@v/v2.1.0+incompatible.mod`, `${HOST}/lib@${pseudo}/LICENSE`]) {
      assert.equal(readFileSync(join(tmp, 'build/gocmd-modcache', rel), 'utf8'), readFileSync(join(tmp, 'build/go-modcache', rel), 'utf8'), rel);
    }
    // zip.Create's rules: no symlink, no vendored package; the subdirectory module gets the root LICENSE.
    assert.ok(!existsSync(join(tmp, 'build/gocmd-modcache', `${HOST}/lib@${pseudo}/link.go`)));
    assert.ok(!existsSync(join(tmp, 'build/gocmd-modcache', `${HOST}/lib@${pseudo}/vendor`)));
    assert.ok(existsSync(join(tmp, 'build/gocmd-modcache', `${HOST}/lib/sub@v0.2.0/LICENSE`)));
  });

  test('mod download -json: tags, annotated tags, branches, commits, subdirectories, +incompatible and errors', async () => {
    const queries = [
      `${HOST}/lib@v1.0.0`, `${HOST}/lib@v1.1.0`, `${HOST}/lib@main`, `${HOST}/lib@feature`, `${HOST}/lib@${fx.commits.v100!.slice(0, 12)}`,
      `${HOST}/lib@${fx.commits.feature}`, `${HOST}/lib/sub@v0.2.0`, `${HOST}/lib/v2@v2.0.0`, `${HOST}/old@v2.1.0+incompatible`,
      `${HOST}/lib@v1.9.9`, `${HOST}/nothere@v1.0.0`, `${HOST}/lib/v3@v3.0.0`,
    ];
    for (const q of queries) {
      const got: Record<string, string> = {};
      for (const bin of ['go', 'gocmd'] as const) {
        const mc = join(tmp, 'dl', bin);
        const r = await run(bin, tmp, ['mod', 'download', '-json', q], env(mc));
        // An error's Origin (kept for -reuse) is left out of the comparison: gocmd does not report it.
        const j = JSON.parse(norm(r.stdout, mc)) as Record<string, unknown>;
        if (j.Error) delete j.Origin;
        got[bin] = `${r.code}\n${JSON.stringify(j, null, 1)}`;
      }
      assert.equal(got.gocmd, got.go, q);
    }
  });

  test('the VCS cache under GOMODCACHE/cache/vcs is shared with go, both ways', async () => {
    for (const [first, second] of [['go', 'gocmd'], ['gocmd', 'go']] as const) {
      const mc = join(tmp, `share-${first}`);
      const a = await run(first, tmp, ['mod', 'download', '-json', `${HOST}/lib@v1.0.0`], env(mc));
      assert.equal(a.code, 0, a.stderr);
      const vcs = join(mc, 'cache/vcs');
      const before = readdirSync(vcs).sort();
      const hash = before.find((n) => !n.includes('.'))!;
      assert.deepEqual(before, [hash, `${hash}.info`, `${hash}.lock`]);
      assert.equal(readFileSync(join(vcs, `${hash}.info`), 'utf8'), `git3:http://${HOST}/lib`);
      // The second binary resolves a branch and a tag in the same repository: no second clone.
      const b = await run(second, tmp, ['mod', 'download', '-json', `${HOST}/lib@feature`, `${HOST}/lib@v1.1.0`], env(mc));
      assert.equal(b.code, 0, b.stderr);
      assert.deepEqual(readdirSync(vcs).sort(), before);
      const refs = execFileSync('git', ['for-each-ref', '--format=%(refname)'], { env: { ...process.env, GIT_DIR: join(vcs, hash) }, encoding: 'utf8' });
      assert.match(refs, /refs\/tags\/v1\.0\.0/);
      assert.match(refs, /refs\/heads\/feature/);
      // And what one wrote to the module cache the other serves offline.
      const c = await run(first, tmp, ['mod', 'download', '-json', `${HOST}/lib@v1.1.0`], env(mc, { GOPROXY: 'off' }));
      assert.equal(c.code, 0, c.stderr);
    }
  });

  test('GOPRIVATE keeps the checksum database out; without it both consult it and fail here', async () => {
    const src = { 'go.mod': `module example.com/p\n\ngo 1.21\n\nrequire ${HOST}/lib v1.0.0\n`, 'p.go': `package p\n\nimport _ "${HOST}/lib"\n` };
    const res: Record<string, Result> = {};
    for (const bin of ['go', 'gocmd'] as const) {
      const dir = files(join(tmp, 'sumdb', bin), src);
      // The default GOSUMDB with no network: a lookup would fail.
      const pub = await run(bin, dir, ['build', '-mod=mod', '.'], env(join(tmp, 'sumdb', bin + '-mc1'), { GOPRIVATE: '', GOSUMDB: 'sum.golang.org' }));
      assert.notEqual(pub.code, 0, `${bin} without GOPRIVATE should fail`);
      assert.match(pub.stderr, /verifying module: example\.test\/lib@v1\.0\.0: Get "https:\/\/sum\.golang\.org\/lookup\/example\.test\/lib@v1\.0\.0"/, `${bin}: ${pub.stderr}`);
      res[bin] = await run(bin, dir, ['build', '-mod=mod', '.'], env(join(tmp, 'sumdb', bin + '-mc2'), { GOSUMDB: 'sum.golang.org' }));
      assert.equal(res[bin]!.code, 0, `${bin} with GOPRIVATE: ${res[bin]!.stderr}`);
    }
    assert.equal(readFileSync(join(tmp, 'sumdb/gocmd/go.sum'), 'utf8'), readFileSync(join(tmp, 'sumdb/go/go.sum'), 'utf8'));
  });
});
