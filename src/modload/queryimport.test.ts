// Tests for missing-import lookups: candidate module paths and go's error texts (compared with go build -mod=mod output).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { candidateModules, PackageNotInModuleError, queryPackageModules } from './queryimport.js';
import { pinnedProxy, tryProxies, withProxy, type ProxySpec } from '../modfetch/proxylist.js';
import { Querier, type QueryRepo } from './query.js';
import { NoMatchingVersionError } from './querymatch.js';
import { NotExistError } from '../modfetch/errors.js';
import { Replacements } from './replace.js';

test('candidate modules: longest first, main module and bad major suffixes skipped', () => {
  assert.deepEqual(candidateModules('example.com/a/b/c', 'm'), ['example.com/a/b/c', 'example.com/a/b', 'example.com/a', 'example.com']);
  assert.deepEqual(candidateModules('example.com/a/v1/c', 'example.com/a'), ['example.com/a/v1/c', 'example.com']);
});

test('PackageNotInModuleError texts as go prints them', () => {
  // go build -mod=mod: "module rsc.io/quote@latest found (v1.5.2), but does not contain package rsc.io/quote/nope"
  assert.equal(
    new PackageNotInModuleError({ path: 'rsc.io/quote', version: 'v1.5.2' }, undefined, 'latest', 'rsc.io/quote/nope').message,
    'module rsc.io/quote@latest found (v1.5.2), but does not contain package rsc.io/quote/nope',
  );
  assert.equal(
    new PackageNotInModuleError({ path: 'x.org/m', version: 'v1.0.0' }, { path: '../m', version: '' }, 'v1.0.0', 'x.org/m/p').message,
    'module x.org/m@v1.0.0 found (replaced by ../m), but does not contain package x.org/m/p',
  );
  // A wildcard names "packages matching" it (go get rsc.io/quote/x...).
  assert.equal(
    new PackageNotInModuleError({ path: 'rsc.io/quote', version: 'v1.5.2' }, undefined, 'upgrade', 'rsc.io/quote/x...').message,
    'module rsc.io/quote@upgrade found (v1.5.2), but does not contain packages matching rsc.io/quote/x...',
  );
  // Only main modules could hold the path.
  assert.equal(new PackageNotInModuleError({ path: '', version: '' }, undefined, 'latest', 'm/p', [{ path: 'm', version: '' }]).message, 'main module (m) does not contain package m/p');
  assert.equal(
    new PackageNotInModuleError({ path: '', version: '' }, undefined, 'latest', 'm/...', [{ path: 'm', version: '' }, { path: 'n', version: '' }]).message,
    'workspace modules do not contain packages matching m/...',
  );
});

/** A repository with fixed versions, a go.mod per version, and an optional @latest. */
function repo(versions: string[], goMods: Record<string, string> = {}, latest?: string): QueryRepo {
  return {
    versions: async (_p, prefix) => versions.filter((v) => v.startsWith(prefix)),
    stat: async (_p, rev) => {
      if (!versions.includes(rev) && rev !== latest) throw new NotExistError(`${rev}: unknown revision`);
      return { version: rev, time: '2020-01-01T00:00:00Z' };
    },
    latest: async () => {
      if (!latest) throw new NotExistError('no commits');
      return { version: latest, time: '2020-01-01T00:00:00Z' };
    },
    goMod: async (p, v) => Buffer.from(goMods[v] ?? `module ${p}\n`),
  };
}

test('Querier: retracted versions are skipped by checkAllowed; latest falls back to a pseudo-version', async () => {
  const q = new Querier({
    repo: repo(['v1.0.0', 'v1.1.0'], { 'v1.1.0': 'module x.org/r\n\nretract v1.1.0 // bad\n' }),
    mainPaths: new Set(['m']),
  });
  assert.equal((await q.query('x.org/r', 'latest', '', q.checkAllowed)).version, 'v1.0.0');
  await assert.rejects(q.checkRetractions({ path: 'x.org/r', version: 'v1.1.0' }), { message: 'x.org/r@v1.1.0: retracted by module author: bad' });
  const pseudo = 'v0.0.0-20200101000000-abcdefabcdef';
  const q2 = new Querier({ repo: repo([], {}, pseudo), mainPaths: new Set() });
  assert.equal((await q2.query('x.org/p', 'latest', '')).version, pseudo);
  await assert.rejects(q2.query('x.org/p', '>v1.0.0', ''), NoMatchingVersionError);
  // upgrade of the main module is its own (empty) version.
  assert.equal((await q.query('m', 'upgrade', '')).version, '');
});

test('queryImport: a replaced module provides a missing import without any lookup, at its highest replaced version (zero pseudo-version for a wildcard), as go -mod=mod writes', async () => {
  const { execFileSync } = await import('node:child_process');
  const { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { ModState } = await import('./state.js');
  const { MemSource } = await import('./source.js');
  const { queryImport } = await import('./queryimport.js');
  const GO = '/usr/local/go/bin/go';
  for (const [repl, want] of [['not-x.example/q/v3@v3.1.0=>./local', 'v3.1.0'], ['not-x.example/q/v3=>./local', 'v3.0.0-00010101000000-000000000000']] as const) {
    const dir = mkdtempSync(join(tmpdir(), 'queryimport-test-'));
    try {
      const [from, to] = repl.split('=>') as [string, string];
      const gomod = `module m\n\ngo 1.22\n\nreplace ${from.replace('@', ' ')} => ${to}\n`;
      mkdirSync(join(dir, 'local'));
      writeFileSync(join(dir, 'local/go.mod'), 'module not-x.example/q/v3\n');
      writeFileSync(join(dir, 'local/q.go'), 'package q\n');
      writeFileSync(join(dir, 'm.go'), 'package m\n\nimport _ "not-x.example/q/v3"\n');
      writeFileSync(join(dir, 'go.mod'), gomod);
      if (existsSync(GO)) {
        const env = { ...process.env, GOFLAGS: '-mod=mod', GOWORK: 'off', GO111MODULE: 'on', GOPROXY: 'off', GOTOOLCHAIN: 'local' };
        execFileSync(GO, ['list', './...'], { cwd: dir, env, encoding: 'utf8' });
        assert.match(readFileSync(join(dir, 'go.mod'), 'utf8'), new RegExp(`require not-x\\.example/q/v3 ${want.replace(/\./g, '\\.')}\\n`));
        writeFileSync(join(dir, 'go.mod'), gomod);
      }
      const st = new ModState({ cwd: dir, goroot: '/usr/local/go', gomodcache: join(dir, 'modcache'), localGo: '1.26.8', gotoolchain: 'local', cmdName: 'list', source: new MemSource(), buildMod: 'mod' });
      let stderr = '';
      // The querier is never consulted when a replacement provides the package.
      const m = await queryImport(undefined as unknown as Querier, st, 'not-x.example/q/v3', (s) => { stderr += s; });
      assert.deepEqual(m, { path: 'not-x.example/q/v3', version: want });
      assert.equal(stderr, '');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
});

test('ImportMissingSumError hints go get -t when a test file imports the package', async () => {
  const { ImportMissingSumError } = await import('./errors.js');
  const e = new ImportMissingSumError('example.com/retract/incompatible', [], false);
  assert.equal(
    e.text('example.net/lazy', 'v0.1.0', true),
    'missing go.sum entry for module providing package example.com/retract/incompatible (imported by example.net/lazy); to add:\n\tgo get -t example.net/lazy@v0.1.0',
  );
  assert.equal(e.text('example.net/lazy', '', false).split('\n')[1], '\tgo get example.net/lazy');
});

test('Querier.versions: an invalid module path is an error unless a replace names it (go lookupRepo)', async () => {
  const q = new Querier({ repo: repo(['v1.0.0']), mainPaths: new Set() });
  await assert.rejects(q.versions('appengine', q.checkAllowed), { message: 'malformed module path "appengine": missing dot in first path element' });
  await assert.rejects(q.versions('example.net/bad++', q.checkAllowed), { message: `malformed module path "example.net/bad++": invalid char '+'` });
  assert.deepEqual(await q.versions('example.net/good', q.checkAllowed), ['v1.0.0']);
  const replaced = new Querier({ repo: repo([]), mainPaths: new Set(), replace: Replacements.fromEntries([[{ path: 'appengine', version: '' }, { path: './ae', version: '' }]], '/m') });
  assert.deepEqual(await replaced.versions('appengine', replaced.checkAllowed), []);
});

test('queryPackageModules: the whole package query runs against one proxy before the next (go TryProxies over QueryPattern)', async () => {
  const root = mkdtempSync(join(tmpdir(), 'gocmd-qpm-'));
  try {
    mkdirSync(join(root, 'internal', 'diff'), { recursive: true });
    writeFileSync(join(root, 'internal', 'diff', 'diff.go'), 'package diff\n');
    const lookups: string[] = [];
    // GOPROXY=<proxy>,direct where the proxy knows the module x.org/cmp and nothing under it, and direct
    // fails with a network error (no VCS host reachable).
    const proxies: ProxySpec[] = [{ url: 'https://proxy.test', fallBackOnError: false }, { url: 'direct', fallBackOnError: false }];
    const answer = async <T>(path: string, ok: () => T): Promise<T> => {
      const proxy = pinnedProxy() ?? '(unpinned)';
      lookups.push(`${proxy} ${path}`);
      if (proxy === 'direct') throw new Error(`module ${path}: git ls-remote: Could not resolve host`);
      if (path !== 'x.org/cmp') throw new NotExistError(`module ${path}: reading ${proxy}/${path}/@v/list: 404 Not Found`);
      return ok();
    };
    const pinnedRepo = (): QueryRepo => ({
      versions: (p) => answer(p, () => ['v0.6.0', 'v0.7.0']),
      stat: (p, rev) => answer(p, () => ({ version: rev, time: '2020-01-01T00:00:00Z' })),
      latest: (p) => answer(p, () => ({ version: 'v0.7.0', time: '2020-01-01T00:00:00Z' })),
      goMod: (p, v) => answer(p, () => Buffer.from(`module ${p}\n// ${v}\n`)),
      tryProxies: (fn) => tryProxies(proxies, (proxy) => withProxy(proxy, fn)),
      pinnedProxy,
    });
    const env = { mainPath: 'm', fetch: async () => ({ dir: root, isLocal: false }), replacement: () => undefined };
    const q = new Querier({ repo: pinnedRepo(), mainPaths: new Set(['m']) });
    const r = await queryPackageModules(q, env, 'x.org/cmp/internal/diff', 'upgrade', () => 'v0.7.0', q.checkAllowed);
    assert.deepEqual(r.found, [{ path: 'x.org/cmp', version: 'v0.7.0' }]);
    assert.equal(r.err, undefined, 'the not-found prefixes lose to the module found; direct is never asked');
    assert.ok(lookups.every((l) => l.startsWith('https://proxy.test ')), lookups.join('\n'));

    // Nothing found at the proxy: the query falls through to direct as a whole, and its error is the answer.
    lookups.length = 0;
    const r2 = await queryPackageModules(q, env, 'y.org/p/q', 'latest', () => '', q.checkAllowed);
    assert.deepEqual(r2.found, []);
    assert.match(r2.err?.message ?? '', /git ls-remote: Could not resolve host/);
    assert.ok(lookups.some((l) => l.startsWith('direct ')));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
