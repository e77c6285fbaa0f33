import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUNDLE_TAG, bundleID, bundleText, cacheFamily, cachePaths, hasBundleTag, decodeCache, encodeCache, launch, loadCache, saveCache } from './codecache.js';

const ID = 'ab'.repeat(32);
const req = createRequire(import.meta.url);

function tempDir(t: { after(f: () => void): void }): string {
  const d = mkdtempSync(join(tmpdir(), 'codecache-'));
  t.after(() => { chmodSync(d, 0o755); rmSync(d, { recursive: true, force: true }); });
  return d;
}

test('bundleID: the hash on the tag line, nothing for a missing or malformed line', () => {
  assert.equal(bundleID(`${BUNDLE_TAG}${ID}\nrest`), ID);
  assert.equal(bundleID(`// other\n`), undefined);
  assert.equal(bundleID(`${BUNDLE_TAG}${ID.slice(1)}\n`), undefined);
  assert.equal(bundleID(`${BUNDLE_TAG}${ID.toUpperCase()}\n`), undefined);
  assert.equal(bundleID(`${BUNDLE_TAG}${ID}x\n`), undefined);
});

test('decodeCache: only a cache made for the same bundle is offered to V8', () => {
  const data = Buffer.from([1, 2, 3]);
  const file = encodeCache(ID, data);
  assert.deepEqual(decodeCache(file, ID), data);
  assert.equal(decodeCache(file, 'cd'.repeat(32)), undefined);
  assert.equal(decodeCache(Buffer.from('garbage'), ID), undefined);
  assert.equal(decodeCache(encodeCache(ID, new Uint8Array(0)), ID), undefined, 'empty data');
});

test('cachePaths: beside the bundle, then the user cache directory', () => {
  assert.deepEqual(cachePaths('/d', ID, { XDG_CACHE_HOME: '/x', HOME: '/h' }), ['/d/gocmd-main.cjs.cache', `/x/gocmd/v8-${ID.slice(0, 32)}.cache`]);
  assert.deepEqual(cachePaths('/d', ID, { HOME: '/h' }), ['/d/gocmd-main.cjs.cache', `/h/.cache/gocmd/v8-${ID.slice(0, 32)}.cache`]);
  assert.deepEqual(cachePaths('/d', ID, {}), ['/d/gocmd-main.cjs.cache']);
  assert.deepEqual(cachePaths('/d', ID, { HOME: '/h' }, 'mod'), ['/d/gocmd-main.cjs.mod.cache', `/h/.cache/gocmd/v8-${ID.slice(0, 32)}-mod.cache`]);
});

test('cacheFamily: env and the module commands have caches of their own, the rest share one', () => {
  assert.equal(cacheFamily(['env', '-json']), 'env');
  assert.equal(cacheFamily(['mod', 'graph']), 'mod');
  assert.equal(cacheFamily(['list', '-m', 'all']), 'mod');
  assert.equal(cacheFamily(['list', '-json', '-m=true', 'all']), 'mod');
  assert.equal(cacheFamily(['list', '-deps', '-json', './...']), 'list');
  assert.equal(cacheFamily(['-C', 'd', 'env']), 'env');
  assert.equal(cacheFamily(['-C=d', 'list', '.']), 'list');
  for (const args of [['version'], ['build', '.'], ['build', '-m'], ['-C', 'd', 'build'], []]) assert.equal(cacheFamily(args), '', args.join(' '));
});

test('saveCache falls back to the next place when the first cannot be written', { skip: process.getuid?.() === 0 ? 'root writes to read-only directories' : false }, (t) => {
  const d = tempDir(t);
  const ro = join(d, 'ro'), home = join(d, 'home');
  mkdirSync(ro);
  chmodSync(ro, 0o555);
  const paths = [join(ro, 'c'), join(home, 'c')];
  assert.equal(saveCache(paths, ID, Buffer.from('v8')), true);
  assert.deepEqual(loadCache(paths, ID), Buffer.from('v8'));
  assert.deepEqual(readdirSync(ro), []);
});

test('saveCache/loadCache: atomic write, no temporary files left, other bundles not matched', (t) => {
  const d = tempDir(t);
  const paths = [join(d, 'a', 'c')];
  assert.equal(saveCache(paths, ID, Buffer.from('data')), true);
  assert.deepEqual(readdirSync(join(d, 'a')), ['c']);
  assert.deepEqual(loadCache(paths, ID), Buffer.from('data'));
  assert.equal(loadCache(paths, 'cd'.repeat(32)), undefined);
  assert.equal(loadCache([join(d, 'missing')], ID), undefined);
});

test('launch: runs the bundle as CommonJS, makes the cache at exit, then uses it', (t) => {
  const d = tempDir(t);
  const g = globalThis as { codecacheRuns?: string[] };
  g.codecacheRuns = [];
  const body = "globalThis.codecacheRuns.push(typeof require('node:path').join + ':' + __filename + ':' + (typeof module.exports));\n" +
    'function unused(a) { return a * 2; }\n';
  writeFileSync(join(d, 'gocmd-main.cjs'), `${BUNDLE_TAG}${ID}\n${body}`);
  const env = { HOME: join(d, 'home') };
  const exits: (() => void)[] = [];
  assert.equal(launch(d, req, env, (f) => exits.push(f), []), 'made');
  assert.equal(exits.length, 1);
  exits[0]!();
  const cache = readFileSync(join(d, 'gocmd-main.cjs.cache'));
  assert.ok(decodeCache(cache, ID)!.length > 0);
  assert.equal(launch(d, req, env, (f) => exits.push(f), []), 'used');
  assert.equal(exits.length, 1, 'no new cache when one was used');
  assert.deepEqual(g.codecacheRuns, [`function:${join(d, 'gocmd-main.cjs')}:object`, `function:${join(d, 'gocmd-main.cjs')}:object`]);

  // Off, or a bundle without its tag line: runs, never reads or writes a cache.
  assert.equal(launch(d, req, { ...env, GOCMD_CODECACHE: 'off' }, (f) => exits.push(f), []), 'off');
  writeFileSync(join(d, 'gocmd-main.cjs'), body);
  assert.equal(launch(d, req, env, (f) => exits.push(f), []), 'off');
  assert.equal(exits.length, 1);
  assert.equal(g.codecacheRuns.length, 4);
});

test('launch: a training run ignores the cache there is and makes a new one at exit', (t) => {
  const d = tempDir(t);
  writeFileSync(join(d, 'gocmd-main.cjs'), `${BUNDLE_TAG}${ID}\nfunction f(a) { return a + 1; }\n`);
  const env = { HOME: join(d, 'home') };
  const exits: (() => void)[] = [];
  assert.equal(launch(d, req, env, (f) => exits.push(f), []), 'made');
  exits[0]!();
  assert.equal(launch(d, req, env, (f) => exits.push(f), []), 'used');
  assert.equal(exits.length, 1);
  writeFileSync(join(d, 'gocmd-main.cjs.cache'), encodeCache(ID, Buffer.from('stale')));
  assert.equal(launch(d, req, { ...env, GOCMD_CODECACHE: 'train' }, (f) => exits.push(f), []), 'made');
  assert.equal(exits.length, 2);
  exits[1]!();
  assert.notDeepEqual(decodeCache(readFileSync(join(d, 'gocmd-main.cjs.cache')), ID), Buffer.from('stale'));
  assert.equal(launch(d, req, env, (f) => exits.push(f), []), 'used');

  // Another family's command has a cache of its own, made at its first run's exit.
  assert.equal(launch(d, req, env, (f) => exits.push(f), ['mod', 'graph']), 'made');
  assert.equal(exits.length, 3);
  exits[2]!();
  assert.ok(decodeCache(readFileSync(join(d, 'gocmd-main.cjs.mod.cache')), ID)!.length > 0);
  assert.equal(launch(d, req, env, (f) => exits.push(f), ['list', '-m']), 'used');
  assert.equal(launch(d, req, env, (f) => exits.push(f), ['version']), 'used');
  assert.equal(exits.length, 3);
});

test('launch in a process of its own: a cache V8 refuses is replaced at exit, then used', (t) => {
  const d = tempDir(t);
  writeFileSync(join(d, 'gocmd-main.cjs'), `${BUNDLE_TAG}${ID}\nprocess.stdout.write('ran ');\n`);
  writeFileSync(join(d, 'gocmd-main.cjs.cache'), encodeCache(ID, Buffer.from('not a code cache')));
  const driver = join(d, 'driver.mjs');
  writeFileSync(driver, `import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';\nimport { launch } from ${JSON.stringify(new URL('./codecache.js', import.meta.url).href)};\n` +
    `process.stdout.write(launch(${JSON.stringify(d)}, createRequire(import.meta.url), { HOME: ${JSON.stringify(d)} }));\n`);
  const run = (): string => {
    const r = spawnSync(process.execPath, [driver], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout;
  };
  assert.equal(run(), 'ran made');
  assert.ok(decodeCache(readFileSync(join(d, 'gocmd-main.cjs.cache')), ID)!.length > 100, 'a real cache was written at exit');
  assert.equal(run(), 'ran used');
});

test('bundleText reads ASCII as is and anything else as UTF-8', () => {
  assert.equal(bundleText(Buffer.from('// a comment \\u2192\nx = 1;\n', 'latin1')), '// a comment \\u2192\nx = 1;\n');
  const utf8 = '// a \u2192 b\n';
  assert.equal(bundleText(Buffer.from(utf8, 'utf8')), utf8);
  assert.equal(bundleText(Buffer.alloc(0)), '');
});

test('hasBundleTag: only a whole tag line (64 hex digits and a newline) at the start', () => {
  assert.equal(hasBundleTag(Buffer.from(`${BUNDLE_TAG}${ID}\nx = 1;\n`)), true);
  assert.equal(hasBundleTag(Buffer.from(`${BUNDLE_TAG}${ID}\n`)), true);
  assert.equal(hasBundleTag(Buffer.from(`${BUNDLE_TAG}${ID}`)), false);
  assert.equal(hasBundleTag(Buffer.from(`${BUNDLE_TAG}${ID.slice(1)}x\n`)), false);
  assert.equal(hasBundleTag(Buffer.from(`x${BUNDLE_TAG}${ID}\n`)), false);
  assert.equal(hasBundleTag(Buffer.alloc(0)), false);
  // A tagged bundle is read as latin1 without a scan (the bundling made it ASCII).
  const tagged = `${BUNDLE_TAG}${ID}\nx = '\\u2192';\n`;
  assert.equal(bundleText(Buffer.from(tagged, 'latin1')), tagged);
});
