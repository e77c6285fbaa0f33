// Tests for the runner's flag parsing and list files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { parseArgs, readList } from './cli.js';

test('parseArgs defaults and flags', () => {
  const d = parseArgs([], '/repo');
  assert.equal(d.go, '/repo/bin/gocmd');
  assert.equal(d.jobs, 2);
  assert.equal(d.short, false);
  assert.equal(d.passingFile, '/repo/conformance/passing.txt');
  const o = parseArgs(['-run', '^mod_', '--go', '/usr/local/go/bin/go', '--short', '--json=/tmp/x.json', '-j', '3', '--check-passing', '-v'], '/repo');
  assert.equal(o.run, '^mod_');
  assert.equal(o.go, '/usr/local/go/bin/go');
  assert.equal(o.short, true);
  assert.equal(o.json, '/tmp/x.json');
  assert.equal(o.jobs, 3);
  assert.equal(o.checkPassing, true);
  assert.equal(o.verbose, true);
  assert.equal(parseArgs(['--short=false'], '/repo').short, false);
  assert.throws(() => parseArgs(['--bogus'], '/repo'), /unknown flag --bogus/);
  assert.throws(() => parseArgs(['-run'], '/repo'), /flag needs an argument/);
});

test('readList ignores comments and blanks', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cli-test-'));
  try {
    const f = join(dir, 'l.txt');
    writeFileSync(f, '# header\n\nb\na # note\n');
    assert.deepEqual(readList(f), ['b', 'a']);
    assert.deepEqual(readList(join(dir, 'missing.txt')), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
