// Integration tests: go list -m, -mod=mod requirement lookups and run pkg@version, side by side with real go (test proxy).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { proxyTestEnv, type Result, runGoOrGocmd, runProgram, startProxySuite, stopProxySuite } from './cliharness.js';
import { assertSameFiles, assertSameRuns, makeTwin, type Twin } from './sidebyside.js';
import { type Proxy } from '../../conformance/proxy/server.js';

let GOCMD = '';
let tmp = '';
let proxy: Proxy | undefined;

/** go and gocmd share the proxy, checksum database, GOMODCACHE and GOCACHE. */
function run(bin: 'go' | 'gocmd', dir: string, args: string[]): Promise<Result> {
  return runGoOrGocmd(bin, GOCMD, dir, args, proxyTestEnv(tmp, proxy!));
}

/** A fresh module directory per binary, with the same files. */
const modDir = (name: string, files: Record<string, string>): Twin => makeTwin(join(tmp, name), undefined, files);

/**
 * Runs the same command with both, in order (go first, so downloads are shared), and compares. Download lines
 * depend on what the other binary already fetched into the shared cache; go looks up missing imports in
 * parallel, so its "finding module" lines come in any order.
 */
async function same(dirs: Twin, args: string[], what: string): Promise<Result> {
  const g = await run('go', dirs.go, args);
  const c = await run('gocmd', dirs.gocmd, args);
  assertSameRuns(dirs, g, c, { what, ignored: ['go: downloading '], unordered: ['go: finding module for package '] });
  return c;
}

before(async () => {
  ({ tmp, gocmd: GOCMD, proxy } = await startProxySuite('gocmd-modquery-test-'));
});

after(async () => {
  await stopProxySuite(tmp, proxy);
});

describe('version queries against real go (test proxy)', () => {
  test('go list -m: all, queries, -versions, -u, -json, -retracted, errors', async () => {
    const dirs = modDir('listm', {
      'go.mod': 'module example.com/m\n\ngo 1.21\n\nrequire (\n\trsc.io/quote v1.2.0\n\texample.com/retract v1.0.0-bad // indirect\n)\n',
      'm.go': 'package m\n\nimport _ "rsc.io/quote"\n',
    });
    await same(dirs, ['list', '-mod=mod', '-m', 'all'], 'list -m all');
    for (const f of ['go.sum']) assert.equal(readFileSync(join(dirs.gocmd, f), 'utf8'), readFileSync(join(dirs.go, f), 'utf8'), f);
    const cases: string[][] = [
      ['list', '-m', '-u', 'all'],
      ['list', '-m', '-versions', 'rsc.io/quote'],
      ['list', '-m', '-json', 'rsc.io/quote@v1.5.1'],
      ['list', '-m', 'rsc.io/quote@latest', 'rsc.io/quote@v1.5', 'rsc.io/quote@>v1.5.2', 'rsc.io/quote@<v1.5.4', 'rsc.io/quote@upgrade'],
      ['list', '-m', '-retracted', '-f', '{{.Path}} {{.Version}} {{.Retracted}}', 'example.com/retract@v1.0.0-bad'],
      ['list', '-m', '-retracted', '-versions', 'example.com/retract'],
      ['list', '-m', '-e', '-json', 'rsc.io/quote@>v1.5.3', 'nonexist.example.com/x@latest', 'not/known'],
      ['list', '-m', 'rsc.io/quote@>v1.5.3'],
      ['list', '-m', '-f', '{{.Path}} {{with .Time}}{{.Format "2006-01-02 15:04"}} {{.}}{{end}} {{.Main}} {{.Indirect}}', 'all'],
      ['list', '-m', '-json=Path,Version,Indirect', 'rsc.io/...'],
    ];
    for (const args of cases) await same(dirs, args, args.join(' '));
  });

  test('-mod=mod adds requirements for missing imports (go.mod, go.sum and messages as go)', async () => {
    const dirs = modDir('modmod', {
      'go.mod': 'module example.com/m\n\ngo 1.22\n',
      'main.go': 'package main\n\nimport "rsc.io/quote"\n\nfunc main() { println(quote.Hello()) }\n',
      'bad.go': '//go:build bad\n\npackage main\n\nimport _ "rsc.io/quote/nope"\nimport _ "nonexist.example.com/x"\n',
    });
    await same(dirs, ['build', '-mod=mod', '-o', 'out', '.'], 'build -mod=mod');
    for (const f of ['go.mod', 'go.sum']) assert.equal(readFileSync(join(dirs.gocmd, f), 'utf8'), readFileSync(join(dirs.go, f), 'utf8'), f);
    await same(dirs, ['build', '-mod=mod', '-tags', 'bad', '-o', 'out', '.'], 'build -mod=mod with unresolvable imports');
  });

  test('run pkg@version outside the current module', async () => {
    const dirs = modDir('pkgversion', { 'go.mod': 'module example.com/here\n\ngo 1.22\n' });
    await same(dirs, ['run', 'example.com/cmd/a@v1.0.0'], 'run pkg@version');
    await same(dirs, ['run', 'rsc.io/fortune@v1.0.0'], 'run pkg@version with a missing requirement');
    await same(dirs, ['run', 'example.com/cmd/a@v1.0.0-replace'], 'run pkg@version with replace directives');
    await same(dirs, ['run', 'example.com/cmd/err@v1.0.0'], 'run pkg@version of a non-main package');
    assert.equal(readFileSync(join(dirs.gocmd, 'go.mod'), 'utf8'), 'module example.com/here\n\ngo 1.22\n');
  });

  test('install pkg@version: its query and warnings on every run; a no-op answered from the stamp its answer names', async () => {
    const dir = join(tmp, 'installpv');
    mkdirSync(dir);
    const env = (bin: 'go' | 'gocmd'): NodeJS.ProcessEnv => proxyTestEnv(tmp, proxy!, { GOBIN: join(tmp, `bin-${bin}`), GOCMD_NOOPDEBUG: '1' });
    const install = (bin: 'go' | 'gocmd', arg: string): Promise<Result> => runGoOrGocmd(bin, GOCMD, dir, ['install', arg], env(bin));
    // v1.9.0 is the latest version and deprecates its module: go warns on every install.
    const arg = 'example.com/deprecated/a/cmd/a@v1.9.0';
    assert.equal((await install('go', arg)).code, 0); // downloads
    const g = await install('go', arg);
    assert.equal(g.code, 0, g.stderr);
    assert.match(g.stderr, /^go: module example.com\/deprecated\/a is deprecated: in example.com\/deprecated\/a@v1.9.0\n$/);
    const debug = /^gocmd: no-op stamp .*\n/gm;
    let c = await install('gocmd', arg);
    assert.equal(c.code, 0, c.stderr);
    assert.equal(c.stderr.replace(debug, ''), g.stderr);
    // The module was extracted just now (racy): a stamp is recorded once that has settled, and used next time.
    await new Promise((r) => setTimeout(r, 2100));
    c = await install('gocmd', arg);
    assert.match(c.stderr, /no-op stamp not used: no stamp/);
    assert.doesNotMatch(c.stderr, /not recorded/);
    c = await install('gocmd', arg);
    assert.deepEqual({ code: c.code, stderr: c.stderr }, { code: 0, stderr: g.stderr });
    assert.equal((await runProgram(join(tmp, 'bin-gocmd', 'a'), [], dir, env('gocmd'))).stdout, 'a@v1.9.0\n');
    // Another answer is another stamp; a removed binary is installed again.
    c = await install('gocmd', 'example.com/deprecated/a/cmd/a@v1.0.0');
    assert.equal(c.code, 0, c.stderr);
    assert.match(c.stderr, /no-op stamp not used: no stamp/);
    rmSync(join(tmp, 'bin-gocmd', 'a'));
    c = await install('gocmd', arg);
    assert.match(c.stderr, /no-op stamp not used: target unreadable/);
    assert.equal((await runProgram(join(tmp, 'bin-gocmd', 'a'), [], dir, env('gocmd'))).stdout, 'a@v1.9.0\n');
    // A module-cache file the build uses is recorded (go hashes its content into the action ID), so an edit
    // in place (the suite's GOFLAGS has -modcacherw) is rebuilt, as go would.
    await new Promise((r) => setTimeout(r, 2100));
    assert.deepEqual(await install('gocmd', arg), { code: 0, stdout: '', stderr: g.stderr });
    const src = join(tmp, 'modcache', 'example.com', 'deprecated', 'a@v1.9.0', 'cmd', 'a', 'a.go');
    writeFileSync(src, readFileSync(src, 'utf8').replace('"a@v1.9.0"', '"edited"'));
    c = await install('gocmd', arg);
    assert.match(c.stderr, /no-op stamp not used: changed: .*a\.go/);
    assert.equal((await runProgram(join(tmp, 'bin-gocmd', 'a'), [], dir, env('gocmd'))).stdout, 'edited\n');
  });

  test('a non-canonical version in go.mod: which commands write the resolved one back (as go)', async () => {
    // go 1.26: mod graph and mod why resolve the commit but leave go.mod alone; mod download (with or
    // without arguments) writes it through WriteGoMod; list -m without -mod=mod refuses.
    const cmds: string[][] = [
      ['mod', 'graph'],
      ['mod', 'why', 'rsc.io/quote'],
      ['mod', 'download'],
      ['mod', 'download', 'rsc.io/quote'],
      ['mod', 'download', '-json', 'rsc.io/quote@v1.5.2'],
      ['list', '-m', 'rsc.io/quote'],
    ];
    for (const args of cmds) {
      const dirs = modDir('fixver-' + args.join('-').replace(/[^a-z0-9]+/gi, '_'), {
        'go.mod': 'module example.com/m\n\ngo 1.21\n\nrequire rsc.io/quote c4d4236f9242\n',
        'm.go': 'package m\n\nimport _ "rsc.io/quote"\n',
      });
      await same(dirs, args, args.join(' '));
      assertSameFiles(dirs, ['go.mod', 'go.sum'], args.join(' '));
    }
  });
});
