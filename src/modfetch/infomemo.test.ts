import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InfoMemo } from './infomemo.js';

const info = { version: 'v1.0.0', time: '2024-01-02T03:04:05Z', origin: { VCS: 'git', Hash: 'abc' } };

test('a kept .info is given back only for the facts it was read under, as a copy', () => {
  const facts = new Map([['/c/v1.0.0.info', '1']]);
  const memo = new InfoMemo((f) => facts.get(f) ?? '');
  const f = '/c/v1.0.0.info';
  const before = memo.before(f);
  assert.equal(memo.get(f, before), undefined, 'nothing kept yet');
  memo.put(f, before, info);
  const got = memo.get(f, memo.before(f));
  assert.deepEqual(got, info);
  got!.origin!.Hash = 'changed';
  assert.equal(memo.get(f, memo.before(f))?.origin?.Hash, 'abc', 'callers get copies');
  facts.set(f, '2');
  assert.equal(memo.get(f, memo.before(f)), undefined, 'a changed file is read again');
  facts.delete(f);
  assert.equal(memo.get(f, memo.before(f)), undefined, 'a file gone is not answered from the memo');
  memo.put('/c/missing.info', '', info);
  assert.equal(memo.get('/c/missing.info', ''), undefined, 'a file that could not be stat\'ed is never kept');
});

test('a .info file rewritten in place or replaced by rename is seen as changed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'infomemo-'));
  try {
    const f = join(dir, 'v1.0.0.info');
    writeFileSync(f, '{"Version":"v1.0.0","Time":"2024-01-02T03:04:05Z"}');
    const memo = new InfoMemo();
    const facts = memo.before(f);
    memo.put(f, facts, info);
    assert.ok(memo.get(f, memo.before(f)));
    writeFileSync(join(dir, 'tmp'), '{"Version":"v1.0.0","Time":"2024-01-02T03:04:05Z"}');
    renameSync(join(dir, 'tmp'), f);
    assert.equal(memo.get(f, memo.before(f)), undefined, 'another inode');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
