// Tests for CacheHash, subkeys, file hashing and Go quoting, replayed against real go's gocachehash trace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync, utimesSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CacheHash, captureHashInputs, setHashDebugSink, stripExperiment, subkey, hashSalt } from './hash.js';
import { hashFile, resetFileHashMemo } from './filehash.js';
import { setCacheDebug, parseGODEBUG } from './godebug.js';
import { goQuote, goUnquote, goUnquoteBytes } from '../lib/goquote.js';
import { haveGo, runGo, writeTree } from './testgo.js';

test('goQuote matches strconv.Quote', () => {
  const cases: [string | Buffer, string][] = [
    ['', '""'],
    ['abc', '"abc"'],
    ['a"b\\c', '"a\\"b\\\\c"'],
    ['\x07\b\f\n\r\t\v', '"\\a\\b\\f\\n\\r\\t\\v"'],
    ['\x00\x1f\x7f', '"\\x00\\x1f\\x7f"'],
    ['héllo, 世界', '"héllo, 世界"'],
    ['\u00a0\u2028\ufeff', '"\\u00a0\\u2028\\ufeff"'],
    ['\u{1F600}', '"😀"'],
    ['\u{E0001}', '"\\U000e0001"'],
    [Buffer.from([0xff, 0x41, 0xc3]), '"\\xffA\\xc3"'],
    [Buffer.from([0xed, 0xa0, 0x80]), '"\\xed\\xa0\\x80"'],
  ];
  for (const [in_, want] of cases) assert.equal(goQuote(in_), want, JSON.stringify(in_));
});

test('goUnquote inverts goQuote and handles octal, \\u, raw strings', () => {
  for (const s of ['', 'abc', 'a"b\\c\n', 'héllo 世界', '\x00\x7f']) assert.equal(goUnquote(goQuote(s)), s);
  assert.deepEqual(goUnquoteBytes('"\\377\\x41"'), Buffer.from([0xff, 0x41]));
  assert.equal(goUnquote('"\\u00e9"'), 'é');
  assert.equal(goUnquote('`a\\n`'), 'a\\n');
  for (const bad of ['"', '"abc', '"\\q"', '"\n"', 'abc', '"\\400"']) assert.equal(goUnquote(bad), undefined, bad);
});

test('stripExperiment and GODEBUG parsing', () => {
  assert.equal(stripExperiment('go1.26.8'), 'go1.26.8');
  assert.equal(stripExperiment('go1.26.8 X:boringcrypto'), 'go1.26.8');
  assert.equal(stripExperiment('devel go1.27-abc-X:foo'), 'devel go1.27-abc');
  const m = parseGODEBUG('gocachehash=0,x=1,gocachehash=1#pat');
  assert.equal(m.get('gocachehash'), '1');
  assert.equal(m.get('x'), '1');
});

test('subkey is sha256("subkey:"||parent||desc)', () => {
  const p = Buffer.alloc(32, 7);
  assert.deepEqual(subkey(p, 'stdout'), createHash('sha256').update('subkey:').update(p).update('stdout').digest());
});

test('CacheHash is salted sha256 and traces like go', () => {
  const lines: string[] = [];
  setHashDebugSink((l) => lines.push(l));
  setCacheDebug({ hash: true });
  try {
    const h = new CacheHash('x');
    h.write('a\n').write(Buffer.from([0, 255]));
    const sum = h.sum();
    assert.deepEqual(sum, createHash('sha256').update(hashSalt()).update('a\n').update(Buffer.from([0, 255])).digest());
    assert.deepEqual(lines, [
      'HASH[x]\n',
      `HASH[x]: ${goQuote(hashSalt())}\n`,
      'HASH[x]: "a\\n"\n',
      'HASH[x]: "\\x00\\xff"\n',
      `HASH[x]: ${sum.toString('hex')}\n`,
    ]);
  } finally {
    setCacheDebug({ hash: false });
    setHashDebugSink((l) => process.stderr.write(l));
  }
});

test('captureHashInputs keeps the outer hash\'s text, the same sum, and no second trace', () => {
  const id = (): Buffer => {
    const h = new CacheHash('outer');
    h.write('compile\n');
    // A hash made while the outer one is written (a C compiler's ID) is not the action's input.
    new CacheHash('inner').write('nested\n').sum();
    h.write('file a.go XYZ\n');
    return h.sum();
  };
  const lines: string[] = [];
  setHashDebugSink((l) => lines.push(l));
  setCacheDebug({ hash: true });
  try {
    const plain = id();
    const traced = lines.length;
    const { result, inputs } = captureHashInputs(id);
    assert.deepEqual(result, plain);
    assert.equal(inputs, `toolchain ${hashSalt().toString('utf8')}\ncompile\nfile a.go XYZ\n`);
    assert.equal(lines.length, traced, 'GODEBUG=gocachehash=1 traces each action once');
  } finally {
    setCacheDebug({ hash: false });
    setHashDebugSink((l) => process.stderr.write(l));
  }
  // Without debugging (the hashes' fast path) too; and no capture after it returns.
  assert.equal(captureHashInputs(id).inputs, `toolchain ${hashSalt().toString('utf8')}\ncompile\nfile a.go XYZ\n`);
  assert.deepEqual(captureHashInputs(id).result, id());
});

test('hashFile hashes content and skips re-reading unchanged files', () => {
  resetFileHashMemo();
  const d = mkdtempSync(join(tmpdir(), 'gocmd-hash-'));
  const f = join(d, 'f');
  writeFileSync(f, 'one');
  assert.deepEqual(hashFile(f), createHash('sha256').update('one').digest());
  // Same size and restored mtime but ctime moves on rewrite, so a change is still noticed.
  const st = statSync(f);
  writeFileSync(f, 'two');
  utimesSync(f, st.atime, st.mtime);
  assert.deepEqual(hashFile(f), createHash('sha256').update('two').digest());
  assert.throws(() => hashFile(join(d, 'missing')), { code: 'ENOENT' });
});

test('action-ID hashes replay go\'s gocachehash trace exactly', { skip: !haveGo }, () => {
  const mod = writeTree({
    'go.mod': 'module example.com/m\n\ngo 1.26\n',
    'lib/lib.go': 'package lib\n\nfunc F() string { return "héllo\\t\\x00" }\n',
  });
  const gocache = mkdtempSync(join(tmpdir(), 'gocmd-hash-gocache-'));
  const r = runGo(['build', './lib'], { cwd: mod, env: { GOCACHE: gocache, GODEBUG: 'gocachehash=1' } });
  assert.equal(r.status, 0, r.stderr);
  const prefix = 'HASH[build example.com/m/lib]';
  const goLines = r.stderr.split('\n').filter((l) => l.startsWith(prefix));
  assert.ok(goLines.length > 5);
  const lines: string[] = [];
  setHashDebugSink((l) => lines.push(l.replace(/\n$/, '')));
  setCacheDebug({ hash: true });
  try {
    const h = new CacheHash('build example.com/m/lib');
    for (const l of goLines.slice(2, -1)) {
      const q = l.slice(prefix.length + 2);
      const b = goUnquoteBytes(q);
      assert.ok(b, q);
      h.write(b);
    }
    h.sum();
  } finally {
    setCacheDebug({ hash: false });
    setHashDebugSink((l) => process.stderr.write(l));
  }
  assert.deepEqual(lines, goLines);
});
