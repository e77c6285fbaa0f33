// Integration tests: go mod vendor side by side with real go (test proxy): vendor/ trees byte for byte, output, exit status, and vendored builds.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, lstatSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { proxyTestEnv, type Result, runGoOrGocmd, startProxySuite, stopProxySuite } from './cliharness.js';
import { type Proxy } from '../../conformance/proxy/server.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const FILES = join(ROOT, 'test/fixtures/vendor/files');
const BIG = join(ROOT, 'test/fixtures/modules/big');
let GOCMD = '';
let tmp = '';
let proxy: Proxy | undefined;
let serial = 0;
/** go.sum (and go.mod) of each fixture as real go's tidy writes them. */
const tidied = new Map<string, { goMod: string; goSum: string }>();

function run(bin: 'go' | 'gocmd', dir: string, args: string[], extra: Record<string, string> = {}): Promise<Result> {
  return runGoOrGocmd(bin, GOCMD, dir, args, proxyTestEnv(tmp, proxy!, { GOMODCACHE: join(tmp, 'modcache'), ...extra }));
}

/**
 * The same starting state for each binary: a copy of the fixture with tidy's go.sum (and go.mod
 * for BIG; FILES keeps its own, which requires a module it does not use), then edits.
 */
function dirsFor(fixture: string, edit: Record<string, string> = {}): { go: string; gocmd: string } {
  const n = ++serial;
  const out = { go: join(tmp, `case${n}`, 'go'), gocmd: join(tmp, `case${n}`, 'gocmd') };
  for (const d of [out.go, out.gocmd]) {
    cpSync(fixture, d, { recursive: true });
    const t = tidied.get(fixture)!;
    writeFileSync(join(d, 'go.sum'), t.goSum);
    if (fixture === BIG) writeFileSync(join(d, 'go.mod'), t.goMod);
    for (const [f, text] of Object.entries(edit)) writeFileSync(join(d, f), text);
  }
  return out;
}

/** Every entry under dir: path → file content and mode, or "dir" with its mode. */
function tree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string, rel: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const r = rel === '' ? name : `${rel}/${name}`;
      const st = lstatSync(p);
      if (st.isDirectory()) {
        out.set(r + '/', `dir ${(st.mode & 0o777).toString(8)}`);
        walk(p, r);
      } else {
        out.set(r, `${(st.mode & 0o777).toString(8)} ${readFileSync(p, 'latin1')}`);
      }
    }
  };
  if (existsSync(dir)) walk(dir, '');
  return out;
}

/** Runs args with go then gocmd from the same state; compares status, output and the vendor tree (out names it when not vendor/). */
async function same(dirs: { go: string; gocmd: string }, args: string[], out = 'vendor', compareTrees = true): Promise<{ go: Result; gocmd: Result }> {
  const g = await run('go', dirs.go, args);
  const c = await run('gocmd', dirs.gocmd, args);
  const norm = (s: string, d: string): string => s.split(d).join('$DIR');
  const what = args.join(' ');
  assert.equal(c.code, g.code, `${what}: exit status\ngo stderr:\n${g.stderr}\ngocmd stderr:\n${c.stderr}`);
  assert.equal(norm(c.stdout, dirs.gocmd), norm(g.stdout, dirs.go), `${what}: stdout`);
  assert.equal(norm(c.stderr, dirs.gocmd), norm(g.stderr, dirs.go), `${what}: stderr`);
  if (compareTrees) {
    assert.deepEqual([...tree(join(dirs.gocmd, out))], [...tree(join(dirs.go, out))], `${what}: ${out}/ tree`);
    assert.deepEqual(readdirSync(dirs.gocmd).sort(), readdirSync(dirs.go).sort(), `${what}: module root entries`);
  }
  return { go: g, gocmd: c };
}

/** go and gocmd build the package in dir (the same files, so the same paths in the binary): identical binaries. */
async function sameBinary(dir: string, flags: string[]): Promise<void> {
  for (const bin of ['go', 'gocmd'] as const) {
    const r = await run(bin, dir, ['build', ...flags, '-o', `prog-${bin}`, '.']);
    assert.equal(r.code, 0, `${bin} build: ${r.stderr}`);
  }
  assert.ok(readFileSync(join(dir, 'prog-gocmd')).equals(readFileSync(join(dir, 'prog-go'))), 'vendored binaries differ');
  for (const bin of ['go', 'gocmd']) rmSync(join(dir, `prog-${bin}`));
}

before(async () => {
  ({ tmp, gocmd: GOCMD, proxy } = await startProxySuite('gocmd-vendor-test-'));
  for (const fixture of [FILES, BIG]) {
    const scratch = join(tmp, `tidy${tidied.size}`);
    cpSync(fixture, scratch, { recursive: true });
    const r = await run('go', scratch, ['mod', 'tidy']);
    assert.equal(r.code, 0, r.stderr);
    tidied.set(fixture, { goMod: readFileSync(join(scratch, 'go.mod'), 'utf8'), goSum: readFileSync(join(scratch, 'go.sum'), 'utf8') });
  }
});

after(async () => {
  await stopProxySuite(tmp, proxy);
});

describe('go mod vendor against real go', () => {
  test('file selection, metadata, embeds, modules.txt (-v); a vendored build gives the same binary', async () => {
    const dirs = dirsFor(FILES);
    const r = await same(dirs, ['mod', 'vendor', '-v']);
    assert.match(r.gocmd.stderr, /^# example\.com\/local v1\.0\.0 => \.\/local\n## explicit; go 1\.20\n/m);
    const t = tree(join(dirs.gocmd, 'vendor'));
    for (const f of ['example.com/local/LICENSE', 'example.com/local/pkg/pkg_windows.go', 'example.com/local/emb/files/deeper/.hidden.txt', 'example.com/local/testonly/testonly.go']) {
      assert.ok(t.has(f), f);
    }
    for (const f of ['example.com/local/pkg/gen.go', 'example.com/local/pkg/pkg_test.go', 'example.com/local/emb/testfiles/', 'example.com/local/unusedpkg/', 'example.com/local/pkg/testdata/']) {
      assert.ok(!t.has(f), f);
    }
    // Vendoring again over an existing tree gives the same tree.
    await same(dirs, ['mod', 'vendor']);
    // -mod=vendor is the default now; the packages come from vendor/ and the binaries are identical.
    await same(dirs, ['list', '-f', '{{.ImportPath}} {{.Dir}} {{with .Module}}{{.Path}} {{.Version}} {{.Dir}} {{.GoVersion}}{{with .Replace}} => {{.Path}}{{end}}{{end}}', '-deps', '.']);
    await same(dirs, ['list', '-m', '-f', '{{.Path}} {{.Version}} {{.Dir}} {{.GoVersion}}', 'example.com/local', 'rsc.io/quote']);
    await sameBinary(dirs.go, []);
    await same(dirs, ['build', '-trimpath', '-o', 'prog', '.']);
    assert.ok(readFileSync(join(dirs.gocmd, 'prog')).equals(readFileSync(join(dirs.go, 'prog'))), 'vendored -trimpath binaries differ');
    // Without the module cache nothing is needed: -mod=vendor reads vendor/ only.
    const offline = { GOMODCACHE: join(tmp, 'modcache-empty'), GOPROXY: 'off' };
    const g = await run('go', dirs.go, ['run', '.'], offline);
    const c = await run('gocmd', dirs.gocmd, ['run', '.'], offline);
    assert.deepEqual(c, g);
  });

  test('older go lines: go.mod and go.sum kept and test embeds copied before 1.22, go.mod and go.sum before 1.17, no annotations before 1.14', async () => {
    for (const gv of ['1.21', '1.16', '1.13']) {
      const gomod = readFileSync(join(FILES, 'go.mod'), 'utf8').replace('go 1.22', `go ${gv}`);
      const dirs = dirsFor(FILES, { 'go.mod': gomod });
      await same(dirs, ['mod', 'vendor']);
    }
  });

  test('a dozen modules from the proxy, -o, and go.mod edits the vendor directory no longer matches', async () => {
    const dirs = dirsFor(BIG);
    await same(dirs, ['mod', 'vendor']);
    await same(dirs, ['mod', 'vendor', '-o', 'elsewhere/v'], 'elsewhere/v');
    await sameBinary(dirs.gocmd, []);
    for (const d of [dirs.go, dirs.gocmd]) {
      const gomod = readFileSync(join(d, 'go.mod'), 'utf8');
      writeFileSync(join(d, 'go.mod'), gomod.replace('replace example.com/local => ./local', 'replace example.com/local => ./local2').replace(/rsc\.io\/quote v1\.5\.2/, 'rsc.io/quote v1.5.1'));
    }
    await same(dirs, ['build', '-o', 'prog', '.']);
    await same(dirs, ['list', '-mod=vendor', '-m', 'all']);
    await same(dirs, ['list', '-mod=readonly', '-m', 'rsc.io/quote']);
  });

  test('errors: a replacement inside vendor/, a bad embed (with and without -e), nothing to vendor, arguments', async () => {
    const gomod = readFileSync(join(FILES, 'go.mod'), 'utf8');
    const inside = dirsFor(FILES, { 'go.mod': gomod.replace('=> ./local', '=> ./vendor/local') });
    for (const d of [inside.go, inside.gocmd]) cpSync(join(d, 'local'), join(d, 'vendor/local'), { recursive: true });
    const before = tree(join(inside.gocmd, 'vendor'));
    // go has removed vendor/ by the time it notices; gocmd leaves it as it was.
    await same(inside, ['mod', 'vendor'], 'vendor', false);
    assert.deepEqual([...tree(join(inside.gocmd, 'vendor'))], [...before]);
    assert.deepEqual(readdirSync(inside.gocmd).sort(), readdirSync(inside.go).sort().concat('vendor').sort());

    const emb = dirsFor(FILES);
    for (const d of [emb.go, emb.gocmd]) rmSync(join(d, 'local/emb/files'), { recursive: true });
    await same(emb, ['mod', 'vendor']);
    await same(emb, ['mod', 'vendor', '-e']);

    const none = dirsFor(FILES, { 'go.mod': 'module example.com/vend\n\ngo 1.22\n', 'main.go': 'package main\n\nfunc main() {}\n', 'main_test.go': 'package main\n' });
    await same(none, ['mod', 'vendor']);
    await same(none, ['mod', 'vendor', 'x']);

    const missing = dirsFor(FILES, { 'main_test.go': 'package main\n\nimport _ "example.com/nowhere/pkg"\n' });
    await same(missing, ['mod', 'vendor']);
  });
});
