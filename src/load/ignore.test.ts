import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ignoreMatcher, moduleIgnore } from './ignore.js';

test('ignoreMatcher: go\'s ShouldIgnore for the go.mod forms of list_ignore', () => {
  const dirs = ['foo', 'foo/secret', 'pkg', 'pkg/foo', 'pkg/fo', ''];
  const cases: [string, string[]][] = [
    ['./foo', ['foo', 'foo/secret']],
    ['foo', ['foo', 'foo/secret', 'pkg/foo']],
    ['bar', []],
    ['fo', ['pkg/fo']],
    ['pkg/foo', ['pkg/foo']],
    ['/pkg/foo/', ['pkg/foo']],
    ['pkg/foo/', ['pkg/foo']],
    ['/pkg/foo', ['pkg/foo']],
  ];
  for (const [pat, want] of cases) assert.deepEqual(dirs.filter(ignoreMatcher([pat])), want, pat);
});

test('moduleIgnore reads go.mod ignore lines', () => {
  const d = mkdtempSync(join(tmpdir(), 'ign-'));
  try {
    writeFileSync(join(d, 'go.mod'), 'module example\n\ngo 1.24\n\nignore ./node_modules\n');
    assert.equal(moduleIgnore(d)?.('node_modules/x'), true);
    assert.equal(moduleIgnore(d)?.('depA/node_modules'), false);
    assert.equal(moduleIgnore(join(d, 'none')), undefined);
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
});
