// Tests for dirhash: x/mod's Hash1 vector, hashDir/hashZip, and go.sum lines that real go recorded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dirFiles, hash1, hash1Async, hashDir, hashGoMod, hashZip } from './dirhash.js';
import { parse as parseTxtar } from './txtar.js';
import { writeZip } from './zip.js';

const hex = (s: string): string => createHash('sha256').update(s).digest('hex');
const htop = (s: string): string => 'h1:' + createHash('sha256').update(s).digest('base64');
const want = (prefix: string): string => htop(`${hex('data for abc')}  ${prefix}abc\n${hex('data for xyz')}  ${prefix}xyz\n`);

test('hash1 over (sorted name, sha256) lines', async () => {
  const read = (name: string): Buffer => Buffer.from('data for ' + name);
  assert.equal(hash1(['xyz', 'abc'], read), want(''));
  assert.equal(await hash1Async(['xyz', 'abc'], async (n) => read(n)), want(''));
  assert.throws(() => hash1(['xyz', 'a\nbc'], read), { message: 'dirhash: filenames with newlines are not supported' });
  // names sort bytewise (UTF-8), not by UTF-16 code unit: U+FF5E sorts before U+1F600
  const names = ['\u{1F600}', '\uFF5E'];
  const lines = [`${hex('data for \uFF5E')}  \uFF5E\n`, `${hex('data for \u{1F600}')}  \u{1F600}\n`].join('');
  assert.equal(hash1(names, read), htop(lines));
});

test('hashDir and dirFiles', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dirhash-'));
  try {
    writeFileSync(join(dir, 'xyz'), 'data for xyz');
    writeFileSync(join(dir, 'abc'), 'data for abc');
    assert.equal(await hashDir(dir, 'prefix'), want('prefix/'));
    mkdirSync(join(dir, 'subdir'));
    writeFileSync(join(dir, 'subdir', 'xyz'), 'data for subdir xyz');
    assert.deepEqual((await dirFiles(dir, 'foo/bar@v2.3.4')).sort(), ['foo/bar@v2.3.4/abc', 'foo/bar@v2.3.4/subdir/xyz', 'foo/bar@v2.3.4/xyz']);
    await assert.rejects(dirFiles(join(dir, 'abc'), ''), { message: `${join(dir, 'abc')} is not a directory` });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('hashZip ignores order and compression', () => {
  const entries = [
    { name: 'prefix/xyz', data: Buffer.from('data for xyz') },
    { name: 'prefix/abc', data: Buffer.from('data for abc') },
  ];
  assert.equal(hashZip(writeZip(entries)), want('prefix/'));
  assert.equal(hashZip(writeZip(entries.reverse(), { method: 'store' })), want('prefix/'));
});

// cmd/go's scripts record these go.sum lines, computed by real go from its test proxy's fixture.
const fixture = join(process.env.GOROOT ?? '/usr/local/go', 'src/cmd/go/testdata/mod/rsc.io_quote_v1.5.2.txt');

test('go.sum hashes of the rsc.io/quote v1.5.2 fixture match real go', { skip: !existsSync(fixture) && 'no GOROOT fixture' }, () => {
  const a = parseTxtar(readFileSync(fixture));
  const files = a.files.filter((f) => !f.name.startsWith('.'));
  const zip = writeZip(files.map((f) => ({ name: `rsc.io/quote@v1.5.2/${f.name}`, data: f.data })));
  assert.equal(hashZip(zip), 'h1:3fEykkD9k7lYzXqCYrwGAf7iNhbk4yCjHmKBN9td4L0=');
  assert.equal(hashGoMod(a.files.find((f) => f.name === '.mod')!.data), 'h1:LzX7hefJvL54yjefDEDHNONDjII0t9xZLPXsUe+TKr0=');
});
