import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { coveragePercentage, metaFilesJSON, openCoverProfile } from './cover.js';
import { ExitError } from '../cmd/command.js';

test('coveragePercentage: the first coverage line of the output, as go extracts it', () => {
  assert.equal(coveragePercentage('PASS\ncoverage: 66.7% of statements\n'), '\tcoverage: 66.7% of statements');
  assert.equal(coveragePercentage('coverage: 40.0% of statements in ./...\nok\n'), '\tcoverage: 40.0% of statements in ./...');
  assert.equal(coveragePercentage('PASS\n'), '');
});

test('metaFilesJSON: coverage.MetaFileCollection, null for empty lists', () => {
  assert.equal(metaFilesJSON([], []), '{"ImportPaths":null,"MetaFileFragments":null}\n');
  assert.equal(metaFilesJSON(['a'], ['/w/covmeta.x']), '{"ImportPaths":["a"],"MetaFileFragments":["/w/covmeta.x"]}\n');
});

test('CoverProfileMerge: one mode line, fragments without theirs; empty skipped; a bad header is an error', () => {
  const dir = mkdtempSync(join(tmpdir(), 'covmerge-'));
  try {
    const out = join(dir, 'c.out');
    const m = openCoverProfile(out, 'set');
    assert.equal(m.mergeData('f1', Buffer.from('mode: set\na.go:1.1,2.2 1 1\n')), undefined);
    assert.equal(m.mergeData('f2', Buffer.alloc(0)), undefined);
    assert.equal(m.mergeData('f3', Buffer.from('mode: set\nb.go:1.1,2.2 1 0\n')), undefined);
    assert.match(m.mergeData('f4', Buffer.from('mode: count\nx\n'))!, /^test wrote malformed coverage profile f4: header "mode: coun/);
    assert.equal(m.merge(join(dir, 'missing')), undefined);
    m.close();
    assert.equal(readFileSync(out, 'utf8'), 'mode: set\na.go:1.1,2.2 1 1\nb.go:1.1,2.2 1 0\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('openCoverProfile: a profile that cannot be created stops go test with the bare error, as go\'s base.Fatalf("%v")', () => {
  const dir = mkdtempSync(join(tmpdir(), 'covopen-'));
  try {
    const path = join(dir, 'missing', 'c.out');
    assert.throws(() => openCoverProfile(path, 'set'), (e: unknown) => e instanceof ExitError && e.code === 1 && e.message === `open ${path}: no such file or directory`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
