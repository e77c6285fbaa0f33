// Integration tests: go list -m, -mod=mod requirement lookups and run pkg@version, side by side with real go (test proxy).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { bundleCLI, proxyTestEnv, removeTestDir, runGoOrGocmd, type Result } from './cliharness.js';
import { startProxy, type Proxy } from '../../conformance/proxy/server.js';

const ROOT = resolve(import.meta.dirname, '../../..');
let GOCMD = '';
let tmp = '';
let proxy: Proxy | undefined;

/** go and gocmd share the proxy, checksum database, GOMODCACHE and GOCACHE. */
function run(bin: 'go' | 'gocmd', dir: string, args: string[]): Promise<Result> {
  return runGoOrGocmd(bin, GOCMD, dir, args, proxyTestEnv(tmp, proxy!));
}

/** A fresh module directory per binary, with the same files. */
function modDir(name: string, files: Record<string, string>): { go: string; gocmd: string } {
  const out = { go: join(tmp, name, 'go'), gocmd: join(tmp, name, 'gocmd') };
  for (const d of [out.go, out.gocmd]) {
    mkdirSync(d, { recursive: true });
    for (const [f, text] of Object.entries(files)) writeFileSync(join(d, f), text);
  }
  return out;
}

/** Runs the same command with both, in order (go first, so downloads are shared), and compares. */
async function same(dirs: { go: string; gocmd: string }, args: string[], what: string): Promise<Result> {
  const g = await run('go', dirs.go, args);
  const c = await run('gocmd', dirs.gocmd, args);
  const norm = (s: string, d: string): string => s.split(d).join('$DIR');
  assert.equal(c.code, g.code, `${what}: exit status\ngo stderr:\n${g.stderr}\ngocmd stderr:\n${c.stderr}`);
  assert.equal(norm(c.stdout, dirs.gocmd), norm(g.stdout, dirs.go), `${what}: stdout`);
  // Download lines depend on what the other binary already fetched into the shared cache.
  // go looks up missing imports in parallel: its "finding module" lines come in any order.
  const noDl = (s: string): string => {
    const lines = s.split('\n').filter((l) => !l.startsWith('go: downloading '));
    const finding = lines.filter((l) => l.startsWith('go: finding module for package ')).sort();
    return lines.map((l) => (l.startsWith('go: finding module for package ') ? finding.shift()! : l)).join('\n');
  };
  assert.equal(noDl(norm(c.stderr, dirs.gocmd)), noDl(norm(g.stderr, dirs.go)), `${what}: stderr`);
  return c;
}


before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'gocmd-modquery-test-'));
  GOCMD = join(tmp, 'gocmd.mjs');
  await bundleCLI(GOCMD);
  proxy = await startProxy();
});

after(async () => {
  await proxy?.close();
  if (tmp) removeTestDir(tmp);
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
});
