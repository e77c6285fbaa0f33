import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseWorkFile } from '../lib/modfile/index.js';
import { toDirectoryPath, updateWorkGoVersion, workFileText } from './workfile.js';
import { workUse } from './workuse.js';
import { TooNewError } from '../lib/gover.js';

test('toDirectoryPath keeps directory paths and prefixes others with ./', () => {
  assert.equal(toDirectoryPath('./a'), './a');
  assert.equal(toDirectoryPath('../a'), '../a');
  assert.equal(toDirectoryPath('/abs'), '/abs');
  assert.equal(toDirectoryPath('a/b/'), './a/b');
});

test('updateWorkGoVersion raises the go line and drops a toolchain line it makes pointless', () => {
  const wf = parseWorkFile('go.work', 'go 1.21\ntoolchain go1.21.5\n');
  assert.equal(updateWorkGoVersion(wf, '1.20'), false);
  assert.equal(updateWorkGoVersion(wf, '1.22'), true);
  assert.equal(workFileText(wf), 'go 1.22\n');
});

test('workUse adds modules, drops gone ones under -r, raises the go line, reports missing dirs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'workuse-'));
  try {
    mkdirSync(join(dir, 'a'));
    writeFileSync(join(dir, 'a', 'go.mod'), 'module example.com/a\n\ngo 1.23\n');
    mkdirSync(join(dir, 'b', 'c'), { recursive: true });
    writeFileSync(join(dir, 'b', 'c', 'go.mod'), 'module example.com/c\n');
    const env = { cwd: dir, localGo: '1.26.8', cmdName: 'work use' };
    const wf = parseWorkFile('go.work', 'go 1.21\n\nuse ./gone\n');
    const r = workUse(join(dir, 'go.work'), wf, ['.'], true, env);
    assert.deepEqual(r.errors, []);
    assert.equal(workFileText(wf), 'go 1.23\n\nuse (\n\t./a\n\t./b/c\n)\n');
    const r2 = workUse(join(dir, 'go.work'), wf, ['nosuch'], false, env);
    assert.deepEqual(r2.errors.map((e) => e.message), ['directory nosuch does not exist']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('workUse keeps the go-version error of a too-new module reachable for the toolchain switcher', () => {
  const dir = mkdtempSync(join(tmpdir(), 'workuse-'));
  try {
    mkdirSync(join(dir, 'new'));
    writeFileSync(join(dir, 'new', 'go.mod'), 'module example.com/new\n\ngo 1.99.0\n');
    const env = { cwd: dir, localGo: '1.21', gotoolchain: 'local', cmdName: 'work use' };
    const wf = parseWorkFile('go.work', 'go 1.21\n');
    const r = workUse(join(dir, 'go.work'), wf, ['./new'], false, env);
    assert.equal(r.errors.length, 1);
    assert.equal(r.errors[0]!.message, 'new/go.mod requires go >= 1.99.0 (running go 1.21; GOTOOLCHAIN=local)');
    const cause = r.errors[0]!.cause;
    assert.ok(cause instanceof TooNewError);
    assert.equal(cause.goVersion, '1.99.0');
    assert.equal(workFileText(wf), 'go 1.21\n\nuse ./new\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
