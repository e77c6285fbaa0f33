// Tests for the persistent stat memo: file hashes and tool IDs across "processes", the racy rule, trust, corruption.
import { describe, it, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashFile, resetFileHashMemo } from './filehash.js';
import { setCacheDebug } from './godebug.js';
import { closeStatMemo, memoFileHash, openStatMemo, rememberFileHash, saveStatMemo, statKeyOf } from './statmemo.js';

/** A file whose stat is older than the racy window: a source file of the installed toolchain. */
const GOROOT = process.env.GOROOT || '/usr/local/go';
const OLD = join(GOROOT, 'src', 'fmt', 'print.go');
const sha = (f: string): string => createHash('sha256').update(readFileSync(f)).digest('hex');
const bstat = (f: string) => statKeyOf(statSync(f, { bigint: true }));
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A fresh "process": no in-process memo, the persistent memo reopened from disk. */
function reopen(cache: string, trusted = '', key = ''): void {
  closeStatMemo();
  resetFileHashMemo();
  openStatMemo(cache, trusted, key);
}

describe('statmemo', () => {
  const dirs: string[] = [];
  const tmp = (): string => {
    const d = mkdtempSync(join(tmpdir(), 'statmemo-'));
    dirs.push(d);
    return d;
  };
  afterEach(() => {
    closeStatMemo();
    resetFileHashMemo();
    setCacheDebug({ hash: false });
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('remembers a sum across processes and uses it without reading the file', () => {
    const cache = tmp();
    reopen(cache);
    assert.equal(hashFile(OLD).toString('hex'), sha(OLD));
    saveStatMemo();
    const saved = readFileSync(join(cache, 'gocmd-memo', 'stat.txt'), 'utf8').split('\n');
    assert.equal(saved[0], 'gocmd stat memo 2');
    assert.ok(saved.includes(`f\t${OLD}\t${bstat(OLD).key}\t${sha(OLD)}`), saved.join('\n'));
    // Plant a different sum under the same stat: a later process returns it, so it did not read the file.
    reopen(cache);
    rememberFileHash(OLD, bstat(OLD), 'ab'.repeat(32));
    saveStatMemo();
    reopen(cache);
    assert.equal(hashFile(OLD).toString('hex'), 'ab'.repeat(32));
    // GODEBUG=gocachehash=1 prints every sum it computes, so it never takes sums from the memo.
    reopen(cache);
    setCacheDebug({ hash: true });
    assert.equal(hashFile(OLD).toString('hex'), sha(OLD));
  });

  it('reads the saved memo at its first use, not when opened', () => {
    const cache = tmp();
    reopen(cache);
    // Written after the open, before any lookup: an open that read the file would not see this entry.
    const file = join(cache, 'gocmd-memo', 'stat.txt');
    mkdirSync(join(cache, 'gocmd-memo'), { recursive: true });
    writeFileSync(file, `gocmd stat memo 2\nf\t${OLD}\t${bstat(OLD).key}\t${'cd'.repeat(32)}\n`);
    assert.equal(memoFileHash(OLD, bstat(OLD)), 'cd'.repeat(32));
  });

  it('does not keep entries for files changed within 2 s (racy), and ignores a corrupt memo', () => {
    const cache = tmp();
    const f = join(tmp(), 'new.go');
    writeFileSync(f, 'package p\n');
    reopen(cache);
    hashFile(f);
    hashFile(OLD);
    saveStatMemo();
    reopen(cache);
    assert.equal(memoFileHash(f, bstat(f)), undefined);
    assert.equal(memoFileHash(OLD, bstat(OLD)), sha(OLD));
    writeFileSync(join(cache, 'gocmd-memo', 'stat.txt'), `gocmd stat memo 1\nf\t${OLD}\t${bstat(OLD).key}\t${'cd'.repeat(32)}\n`);
    reopen(cache);
    assert.equal(memoFileHash(OLD, bstat(OLD)), undefined, 'another version is not read');
    writeFileSync(join(cache, 'gocmd-memo', 'stat.txt'), `gocmd stat memo 2\nf\t${OLD}\n`);
    reopen(cache);
    assert.equal(memoFileHash(OLD, bstat(OLD)), undefined, 'a truncated line is skipped');
    assert.equal(hashFile(OLD).toString('hex'), sha(OLD));
  });

  it('a stat change is a miss', async () => {
    const cache = tmp();
    const f = join(tmp(), 'a.go');
    writeFileSync(f, 'package a\n');
    await sleep(2100);
    reopen(cache);
    hashFile(f);
    saveStatMemo();
    reopen(cache);
    assert.equal(memoFileHash(f, bstat(f)), sha(f));
    writeFileSync(f, 'package b\n'); // same size
    reopen(cache);
    assert.equal(memoFileHash(f, bstat(f)), undefined);
    assert.equal(hashFile(f).toString('hex'), sha(f));
  });

  it('trusts files under the trusted root for one key only', () => {
    const cache = tmp();
    const root = tmp();
    const f = join(root, 'x.go');
    writeFileSync(f, 'package x\n');
    reopen(cache, root, 'go1@/goroot');
    rememberFileHash(f, undefined, 'cd'.repeat(32));
    saveStatMemo();
    reopen(cache, root, 'go1@/goroot');
    assert.equal(hashFile(f).toString('hex'), 'cd'.repeat(32));
    reopen(cache, root, 'go2@/goroot');
    assert.equal(hashFile(f).toString('hex'), sha(f));
  });

  it('leaves out paths it cannot write as a line', () => {
    const cache = tmp();
    const odd = join(tmp(), 'a\tb.go');
    writeFileSync(odd, 'package a\n');
    reopen(cache);
    rememberFileHash(odd, { key: '1:2:3:4:5', changedMs: 0 }, 'ab'.repeat(32));
    rememberFileHash(OLD, bstat(OLD), 'cd'.repeat(32));
    saveStatMemo();
    reopen(cache);
    assert.equal(memoFileHash(odd, { key: '1:2:3:4:5', changedMs: 0 }), undefined);
    assert.equal(memoFileHash(OLD, bstat(OLD)), 'cd'.repeat(32));
  });

  it('a process running several commands keeps one memo per cache and trusted root, saving the old one on a change', () => {
    const a = tmp();
    const b = tmp();
    closeStatMemo();
    openStatMemo(a);
    rememberFileHash(OLD, bstat(OLD), 'ef'.repeat(32));
    openStatMemo(a);
    assert.equal(memoFileHash(OLD, bstat(OLD)), 'ef'.repeat(32), 'same cache: the memo is kept');
    openStatMemo(b);
    assert.equal(memoFileHash(OLD, bstat(OLD)), undefined, 'another cache: its own memo');
    const saved = readFileSync(join(a, 'gocmd-memo', 'stat.txt'), 'utf8').split('\n');
    assert.ok(saved.includes(`f\t${OLD}\t${bstat(OLD).key}\t${'ef'.repeat(32)}`), 'the first cache\'s memo was saved on the switch');
  });
});
