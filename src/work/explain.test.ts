import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Package } from '../load/types.js';
import { EXPLAIN_DIR, explainEnabled, explainKey, readRecord, RECORD_MAX_AGE_MS, trimRecords, writeRecord } from './explain.js';

const target = { goos: 'linux', goarch: 'amd64', buildmode: 'exe', instrument: '' };
const pkg = (importPath: string, dir: string, extra: Partial<Package> = {}): Package =>
  ({ importPath, dir, standard: false, module: { path: 'example.com/m', main: true }, internal: {}, ...extra }) as unknown as Package;

test('the record key: kind, package, main-module directory, target; not a dependency\'s directory', () => {
  const a = pkg('example.com/m/foo', '/src/a/foo');
  assert.equal(explainKey('compile', a, target), explainKey('compile', pkg('example.com/m/foo', '/src/a/foo'), target));
  assert.notEqual(explainKey('compile', a, target), explainKey('link', a, target));
  assert.notEqual(explainKey('compile', a, target), explainKey('compile', pkg('example.com/m/foo', '/src/b/foo'), target), 'two modules, one path');
  assert.notEqual(explainKey('compile', a, target), explainKey('compile', a, { ...target, instrument: 'race' }));
  assert.notEqual(explainKey('compile', a, target), explainKey('compile', { ...a, forTest: 'example.com/m/foo' } as Package, target), 'test variant');
  const dep = (dir: string): Package => pkg('golang.org/x/y', dir, { module: { path: 'golang.org/x/y', version: 'v1.0.0' } } as Partial<Package>);
  assert.equal(explainKey('compile', dep('/mod/y@v1.0.0'), target), explainKey('compile', dep('/mod/y@v1.1.0'), target), 'a new version is an input');
});

test('records are written whole, read back, and trimmed by age once their cache entry is gone', () => {
  const cache = mkdtempSync(join(tmpdir(), 'explain-'));
  const live = 'a'.repeat(64), gone = 'b'.repeat(64);
  const k1 = '1'.repeat(64), k2 = '2'.repeat(64), k3 = '3'.repeat(64);
  assert.equal(readRecord(cache, k1), undefined);
  writeRecord(cache, k1, live, 'toolchain go1\nfile a.go X\n', () => true);
  writeRecord(cache, k2, gone, 'toolchain go1\n', () => true);
  writeRecord(cache, k3, gone, 'toolchain go1\n', () => true);
  assert.equal(readRecord(cache, k1), 'toolchain go1\nfile a.go X\n');
  const dir = join(cache, EXPLAIN_DIR);
  writeFileSync(join(dir, '4'.repeat(64)), 'no header');
  assert.equal(readRecord(cache, '4'.repeat(64)), undefined, 'a file without our header is no record');
  const now = Date.now() + RECORD_MAX_AGE_MS + 3600_000;
  const old = new Date(Date.now() - 3600_000);
  const later = new Date(now - RECORD_MAX_AGE_MS + 60_000);
  utimesSync(join(dir, k3), later, later);
  utimesSync(join(dir, 'trim.txt'), old, old);
  // trimmed at most once a day: trim.txt was written by the first writeRecord, so this does nothing yet
  trimRecords(dir, Date.now(), (id) => id === live);
  assert.equal(readdirSync(dir).length, 5);
  trimRecords(dir, now, (id) => id === live);
  // k1's entry is live, k3 is recent; k2's entry is gone and so is the headerless file.
  assert.deepEqual(readdirSync(dir).sort(), [k1, k3, 'trim.txt'].sort());
});

test('GOCMD_EXPLAIN: set and not 0', () => {
  assert.equal(explainEnabled({}), false);
  assert.equal(explainEnabled({ GOCMD_EXPLAIN: '0' }), false);
  assert.equal(explainEnabled({ GOCMD_EXPLAIN: '1' }), true);
});
