// Tests for go.sum parsing, lookup, checking and formatting (round-trips go-written go.sum files).

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  addSum,
  checkSum,
  ChecksumMismatchError,
  emptyGoModHash,
  formatGoSum,
  GoSumError,
  haveSum,
  lookupSums,
  mergeGoSum,
  parseGoSum,
  recordedSum,
} from './gosum.js';

test('parse: fields, blank lines, empty go.mod hash, no final newline', () => {
  const s = parseGoSum(
    'go.sum',
    `example.com/a v1.0.0 h1:aaa=\n\n  example.com/a   v1.0.0/go.mod\th1:bbb=  \r\nexample.com/b v1.0.0/go.mod ${emptyGoModHash}\nexample.com/a v1.0.0 h1:ccc=`,
  );
  assert.deepEqual(lookupSums(s, { path: 'example.com/a', version: 'v1.0.0' }), ['h1:aaa=', 'h1:ccc=']);
  assert.deepEqual(lookupSums(s, { path: 'example.com/a', version: 'v1.0.0/go.mod' }), ['h1:bbb=']);
  assert.deepEqual(lookupSums(s, { path: 'example.com/b', version: 'v1.0.0/go.mod' }), []);
});

test('parse: malformed line error matches go', () => {
  // go list -m all prints exactly this for a go.sum whose line 3 has two fields.
  assert.throws(
    () => parseGoSum('/tmp/mfx/go.sum', 'example.com/a v1.0.0 h1:abc=\n\nexample.com/a v1.0.0/go.mod\n'),
    (e: unknown) => {
      assert.ok(e instanceof GoSumError);
      assert.equal(e.message, 'malformed go.sum:\n/tmp/mfx/go.sum:3: wrong number of fields 2\n');
      return true;
    },
  );
  const s = parseGoSum('go.sum', 'a b\nx v1.0.0 h1:x=\na b c d\n', { skipMalformed: true });
  assert.equal(s.size, 1);
});

test('format: sorted by path, semver, /go.mod after zip hash; hashes sorted and unique', () => {
  const s = parseGoSum(
    'go.sum',
    [
      'example.com/b v1.0.0 h1:b=',
      'example.com/a v1.10.0/go.mod h1:a10m=',
      'example.com/a v1.10.0 h1:a10=',
      'example.com/a v1.9.0 h1:a9=',
      'example.com/a v1.9.0-pre h1:pre=',
      'example.com/a v1.9.0 h1:a9=',
      'example.com/a v1.9.0 h1:00=',
      '',
    ].join('\n'),
  );
  assert.equal(
    formatGoSum(s),
    [
      'example.com/a v1.9.0-pre h1:pre=',
      'example.com/a v1.9.0 h1:00=',
      'example.com/a v1.9.0 h1:a9=',
      'example.com/a v1.10.0 h1:a10=',
      'example.com/a v1.10.0/go.mod h1:a10m=',
      'example.com/b v1.0.0 h1:b=',
      '',
    ].join('\n'),
  );
  assert.equal(formatGoSum(s, (m) => m.path === 'example.com/b'), 'example.com/b v1.0.0 h1:b=\n');
  assert.equal(formatGoSum(new Map()), '');
});

test('lookup, recordedSum, haveSum, checkSum', () => {
  const s = parseGoSum('go.sum', 'm v1.0.0 h1:x=\nm v1.0.0 h2:y=\nn v1.0.0 h1:a=\nn v1.0.0 h1:b=\no v1.0.0 h9:z=\n');
  const m = { path: 'm', version: 'v1.0.0' };
  assert.equal(recordedSum(s, m), 'h1:x=');
  assert.equal(recordedSum(s, { path: 'n', version: 'v1.0.0' }), undefined); // conflicting
  assert.equal(recordedSum(s, { path: 'q', version: 'v1.0.0' }), undefined);
  assert.equal(haveSum(s, m), true);
  assert.equal(haveSum(s, { path: 'o', version: 'v1.0.0' }), false);
  assert.equal(checkSum(s, m, 'h1:x='), true);
  assert.equal(checkSum(s, { path: 'o', version: 'v1.0.0' }, 'h1:new='), false);
  assert.equal(checkSum(s, { path: 'q', version: 'v1.0.0' }, 'h1:new='), false);
  assert.throws(
    () => checkSum(s, m, 'h1:other='),
    (e: unknown) => {
      assert.ok(e instanceof ChecksumMismatchError);
      assert.match(
        e.message,
        /^verifying m@v1\.0\.0: checksum mismatch\n\tdownloaded: h1:other=\n\tgo\.sum: {5}h1:x=\n\nSECURITY ERROR\n/,
      );
      return true;
    },
  );
});

test('merge and addSum keep one copy of each hash', () => {
  const a = parseGoSum('a', 'm v1.0.0 h1:x=\n');
  const b = parseGoSum('b', 'm v1.0.0 h1:x=\nm v1.0.0/go.mod h1:y=\n');
  const c = mergeGoSum(a, b);
  addSum(c, { path: 'm', version: 'v1.0.0' }, 'h1:x=');
  assert.equal(formatGoSum(c), 'm v1.0.0 h1:x=\nm v1.0.0/go.mod h1:y=\n');
  assert.equal(a.size, 1); // inputs untouched
});

test('round-trips go.sum files written by go (GOROOT)', (t) => {
  const root = '/usr/local/go/src';
  if (!existsSync(root)) return t.skip('no GOROOT source');
  const files: string[] = [];
  const walk = (d: string, depth: number): void => {
    if (depth > 8) return;
    for (const e of readdirSync(d)) {
      if (e === 'testdata') continue;
      const p = join(d, e);
      if (e === 'go.sum') files.push(p);
      else if (statSync(p).isDirectory()) walk(p, depth + 1);
    }
  };
  walk(root, 0);
  assert.ok(files.length > 0);
  for (const f of files) {
    const data = readFileSync(f, 'utf8');
    assert.equal(formatGoSum(parseGoSum(f, data)), data, f);
  }
});
