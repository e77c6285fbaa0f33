// Integration tests: module-mode builds and go mod commands against real go, using the test module proxy.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { proxyTestEnv, type Result, runGoOrGocmd, startProxySuite, stopProxySuite } from './cliharness.js';
import { type Proxy } from '../../conformance/proxy/server.js';

const ROOT = resolve(import.meta.dirname, '../../..');
let GOCMD = '';
let tmp = '';
let proxy: Proxy | undefined;

/** Runs go or gocmd with the test proxy and checksum database and one GOCACHE (extra overrides). */
function run(bin: 'go' | 'gocmd', dir: string, args: string[], extra: Record<string, string> = {}): Promise<Result> {
  return runGoOrGocmd(bin, GOCMD, dir, args, proxyTestEnv(tmp, proxy!, extra));
}

async function ok(p: Promise<Result>, what: string): Promise<Result> {
  const r = await p;
  assert.equal(r.code, 0, `${what} failed:\n${r.stderr}`);
  return r;
}

function write(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

/** A main module with a dozen dependencies from cmd/go's testdata/mod, a version replacement and a directory replacement (also used by bench/mod.mjs). */
const BIG = join(ROOT, 'test', 'fixtures', 'modules', 'big');


before(async () => {
  ({ tmp, gocmd: GOCMD, proxy } = await startProxySuite('gocmd-modules-test-'));
  cpSync(BIG, join(tmp, 'big'), { recursive: true });
  // go.mod and go.sum as real go's tidy makes them (its own module cache).
  await ok(run('go', join(tmp, 'big'), ['mod', 'tidy'], { GOMODCACHE: join(tmp, 'modcache-tidy') }), 'go mod tidy');
});

after(async () => {
  await stopProxySuite(tmp, proxy);
});

describe('module builds against real go (test proxy)', () => {
  test('a module with a dozen deps: gocmd downloads into a fresh GOMODCACHE, go reuses it, binaries identical', async () => {
    const dir = join(tmp, 'big');
    const cache = { GOMODCACHE: join(tmp, 'modcache-shared') };
    const TRIM = ['-trimpath', '-ldflags=-buildid='];
    const mine = join(tmp, 'big.gocmd');
    const theirs = join(tmp, 'big.go');
    const r1 = await ok(run('gocmd', dir, ['build', ...TRIM, '-o', mine, '.'], cache), 'gocmd build');
    assert.match(r1.stderr, /go: downloading rsc\.io\/quote v1\.5\.2/);
    const r2 = await ok(run('go', dir, ['build', ...TRIM, '-o', theirs, '.'], cache), 'go build');
    assert.doesNotMatch(r2.stderr, /downloading/, 'go found every module gocmd downloaded');
    assert.ok(readFileSync(mine).equals(readFileSync(theirs)), 'gocmd and go binaries differ');
    const out = await ok(run('go', dir, ['run', '-trimpath', '.'], cache), 'go run');
    assert.equal(out.stdout, 'Hello, world. Hello, world. v1.0.1 local 2\n');
  });

  test('build info: dep and => lines with sums as go writes them', async () => {
    const dir = join(tmp, 'big');
    const cache = { GOMODCACHE: join(tmp, 'modcache-shared') };
    const mine = join(tmp, 'big-info.gocmd');
    const theirs = join(tmp, 'big-info.go');
    await ok(run('gocmd', dir, ['build', '-o', mine, '.'], cache), 'gocmd build');
    await ok(run('go', dir, ['build', '-o', theirs, '.'], cache), 'go build');
    const vm = async (f: string): Promise<string> => (await ok(run('go', dir, ['version', '-m', f]), 'go version -m')).stdout.split('\n').slice(1).join('\n');
    const want = await vm(theirs);
    assert.match(want, /\tdep\texample\.com\/version\tv0\.0\.0-00010101000000-000000000000\n\t=>\texample\.com\/version\tv1\.0\.1\th1:/);
    assert.equal(await vm(mine), want);
  });

  test('go mod graph, go mod why, go mod edit -json print what go prints', async () => {
    const dir = join(tmp, 'big');
    const cache = { GOMODCACHE: join(tmp, 'modcache-shared') };
    for (const args of [
      ['mod', 'graph'],
      ['mod', 'graph', '-go=1.16'],
      ['mod', 'why', 'rsc.io/sampler', 'golang.org/x/text/language', 'rsc.io/testonly', 'fmt', 'example.com/nope'],
      ['mod', 'why', '-m', 'golang.org/x/internal', 'patch.example.com/indirect', 'example.com/nope'],
      // Package patterns name packages as go's loader matches them: directories, wildcards in the main
      // module and in dependencies, "all", none at all ("."); failed and empty matches as go reports them.
      ['mod', 'why', './...', 'rsc.io/quote/...', 'golang.org/x/text/lang...', './nosuch', 'nosuch/...', './'],
      ['mod', 'why'],
      ['mod', 'why', 'all'],
      // -m: no arguments name the main module; relative paths and backslashes are errors.
      ['mod', 'why', '-m'],
      ['mod', 'why', '-m', './local'],
      ['mod', 'why', '-m', 'rsc.io\\quote'],
      ['mod', 'edit', '-json'],
      ['mod', 'edit', '-print', '-require=example.com/x@v1.0.0', '-dropreplace=example.com/local'],
    ]) {
      // Whichever runs first downloads what is missing (go mod why needs test-only modules).
      const quiet = (r: Result): Result => ({ ...r, stderr: r.stderr.replace(/^go: downloading .*\n/gm, '') });
      const g = quiet(await run('go', dir, args, cache));
      const m = quiet(await run('gocmd', dir, args, cache));
      assert.deepEqual(m, g, `go ${args.join(' ')}`);
    }
  });

  test('go list: every Module field go fills (Time, Indirect, Sum, GoModSum, Error), as list -m shows it', async () => {
    const dir = join(tmp, 'big');
    const cache = { GOMODCACHE: join(tmp, 'modcache-shared') };
    const same = async (args: string[], extra: Record<string, string> = cache): Promise<string> => {
      const g = await ok(run('go', dir, args, extra), `go ${args.join(' ')}`);
      const m = await run('gocmd', dir, args, extra);
      assert.deepEqual(m, g, `gocmd ${args.join(' ')}`);
      return g.stdout;
    };
    const deps = await same(['list', '-deps', '-json', './...']);
    await same(['list', '-json=ImportPath,Module', '.']);
    await same(['list', '-deps', '-f', '{{.ImportPath}} {{.Module}}{{with .Module}} {{.Time}} {{.Indirect}} {{.Sum}} {{.GoModSum}} {{.Dir}}{{with .Replace}} => {{.Time}} {{.Sum}}{{end}}{{end}}', './...']);
    await same(['list', '-f', '{{(module "rsc.io/quote").Time}} {{(module "rsc.io/quote").Sum}}', '.']);

    // The fixture has what the fields are about: module times, indirect modules, both sums, a replacement.
    const jsonObjects = (text: string): Record<string, unknown>[] => text.split(/(?<=^\})\n/m).filter((x) => x.trim() !== '').map((x) => JSON.parse(x) as Record<string, unknown>);
    const mods = new Map<string, unknown>();
    for (const p of jsonObjects(deps)) if (p['Module']) mods.set((p['Module'] as { Path: string }).Path, p['Module']);
    const sampler = mods.get('rsc.io/sampler') as Record<string, unknown>;
    assert.equal(sampler['Indirect'], true);
    for (const f of ['Time', 'Sum', 'GoModSum']) assert.ok(sampler[f], `rsc.io/sampler has ${f}`);
    assert.ok((mods.get('example.com/version') as { Replace?: { Sum?: string } }).Replace?.Sum);
    // Each package's Module is the module go list -m -json prints.
    const listM = new Map(jsonObjects(await same(['list', '-m', '-json', 'all'])).map((m) => [m['Path'] as string, m]));
    for (const [path, m] of mods) assert.deepEqual(m, listM.get(path), path);

    // A module whose .info the cache lacks, with lookups off: Module.Error, as go reports it.
    const noinfo = join(tmp, 'modcache-noinfo');
    cpSync(join(tmp, 'modcache-shared'), noinfo, { recursive: true });
    rmSync(join(noinfo, 'cache/download/rsc.io/quote/@v/v1.5.2.info'));
    const out = await same(['list', '-deps', '-json', './...'], { GOMODCACHE: noinfo, GOPROXY: 'off' });
    assert.match(out, /"Error": \{\n\t\t\t"Err": "module lookup disabled by GOPROXY=off"\n\t\t\}/);
  });

  test('vendor directory: -mod=vendor by default, same binary as go', async () => {
    const dir = join(tmp, 'vend');
    cpSync(BIG, dir, { recursive: true });
    for (const f of ['go.mod', 'go.sum']) writeFileSync(join(dir, f), readFileSync(join(tmp, 'big', f)));
    const cache = { GOMODCACHE: join(tmp, 'modcache-shared') };
    await ok(run('go', dir, ['mod', 'vendor'], cache), 'go mod vendor');
    assert.ok(statSync(join(dir, 'vendor/modules.txt')).isFile());
    // An empty module cache proves nothing is fetched.
    const empty = { GOMODCACHE: join(tmp, 'modcache-empty'), GOPROXY: 'off' };
    const TRIM = ['-trimpath', '-ldflags=-buildid='];
    await ok(run('gocmd', dir, ['build', ...TRIM, '-o', join(tmp, 'vend.gocmd'), '.'], empty), 'gocmd build (vendor)');
    await ok(run('go', dir, ['build', ...TRIM, '-o', join(tmp, 'vend.go'), '.'], empty), 'go build (vendor)');
    assert.ok(readFileSync(join(tmp, 'vend.gocmd')).equals(readFileSync(join(tmp, 'vend.go'))), 'vendored binaries differ');
    // An inconsistent modules.txt is refused with go's message.
    const mt = readFileSync(join(dir, 'vendor/modules.txt'), 'utf8');
    writeFileSync(join(dir, 'vendor/modules.txt'), mt.replace('# rsc.io/quote v1.5.2\n## explicit', '# rsc.io/quote v1.5.2\n##'));
    const g = await run('go', dir, ['build', '-o', join(tmp, 'x'), '.'], empty);
    const m = await run('gocmd', dir, ['build', '-o', join(tmp, 'x'), '.'], empty);
    assert.equal(g.code, 1);
    assert.deepEqual({ code: m.code, stderr: m.stderr }, { code: g.code, stderr: g.stderr });
  });

  test('errors: missing requirement, no go.mod', async () => {
    const dir = join(tmp, 'errs');
    write(dir, { 'go.mod': 'module example.com/errs\n\ngo 1.21\n', 'main.go': 'package main\n\nimport _ "rsc.io/quote"\n\nfunc main() {}\n' });
    const cache = { GOMODCACHE: join(tmp, 'modcache-shared') };
    for (const args of [['build', '.'], ['mod', 'graph', 'x']]) {
      const g = await run('go', dir, args, cache);
      const m = await run('gocmd', dir, args, cache);
      assert.deepEqual({ code: m.code, stderr: m.stderr }, { code: g.code, stderr: g.stderr }, args.join(' '));
    }
    const nomod = join(tmp, 'nomod');
    mkdirSync(nomod, { recursive: true });
    const g = await run('go', nomod, ['mod', 'graph'], cache);
    const m = await run('gocmd', nomod, ['mod', 'graph'], cache);
    assert.deepEqual({ code: m.code, stderr: m.stderr }, { code: g.code, stderr: g.stderr });
  });
});
