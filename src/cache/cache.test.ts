// Tests for the build cache: entry format, corruption handling, trimming, and sharing a GOCACHE with real go.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, utimesSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Cache } from './cache.js';
import { defaultDir, openDefaultCache, CACHE_README } from './default.js';
import { ENTRY_SIZE, formatEntry, parseEntry, EntryNotFoundError } from './entry.js';
import { setCacheDebug } from './godebug.js';
import { haveGo, runGo, writeTree } from './testgo.js';
import { expireTestResults, readTestExpire } from './testexpire.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'gocmd-cache-'));
const id = (s: string): Buffer => createHash('sha256').update(s).digest();
const sha = (b: Uint8Array): Buffer => createHash('sha256').update(b).digest();

test('formatEntry matches go layout and parseEntry round-trips', () => {
  const a = id('a');
  const o = id('o');
  const e = formatEntry(a, o, 1234, 1700000000123456789n);
  assert.equal(e.length, ENTRY_SIZE);
  assert.equal(e, `v1 ${a.toString('hex')} ${o.toString('hex')} ${' '.repeat(16)}1234 ${' '.repeat(1)}1700000000123456789\n`);
  const p = parseEntry(Buffer.from(e), a);
  assert.ok(!(p instanceof EntryNotFoundError));
  assert.deepEqual(p, { outputID: o, size: 1234, timeNs: 1700000000123456789n });
});

test('parseEntry rejects corrupt entries with go reasons', () => {
  const a = id('a');
  const good = formatEntry(a, id('o'), 5, 10n);
  const cases: [string, string, string][] = [
    ['empty', '', 'file is empty'],
    ['truncated', good.slice(0, 50), 'entry file incomplete'],
    ['too long', good + 'x', 'too long'],
    ['bad version', 'v2' + good.slice(2), 'invalid header'],
    ['no newline', good.slice(0, -1) + ' ', 'invalid header'],
    ['other id', formatEntry(id('b'), id('o'), 5, 10n), 'mismatched ID'],
    ['negative size', good.replace('                   5 ', '                  -5 '), 'negative size'],
    ['bad time', good.replace('                  10\n', '                  1x\n'), 'parsing timestamp: strconv.ParseInt: parsing "1x": invalid syntax'],
  ];
  for (const [name, text, reason] of cases) {
    const r = parseEntry(Buffer.from(text, 'latin1'), a);
    assert.ok(r instanceof EntryNotFoundError, name);
    assert.equal(r.reason, reason, name);
    assert.equal(r.message, `cache entry not found: ${reason}`, name);
  }
});

test('open creates 256 subdirectories; errors as go', () => {
  const d = tmp();
  Cache.open(d);
  const subs = readdirSync(d).sort();
  assert.equal(subs.length, 256);
  assert.equal(subs[0], '00');
  assert.equal(subs[255], 'ff');
  assert.throws(() => Cache.open(join(d, 'nope')), { message: `stat ${join(d, 'nope')}: no such file or directory` });
  writeFileSync(join(d, 'f'), '');
  assert.throws(() => Cache.open(join(d, 'f')), { message: `open ${join(d, 'f')}: not a directory` });
});

test('put/get/getFile/getBytes and misses on corruption', () => {
  const c = Cache.open(tmp());
  const a = id('action');
  const data = Buffer.from('hello, cache\n');
  const r = c.put(a, data);
  assert.deepEqual(r, { outputID: sha(data), size: data.length, file: c.outputFile(sha(data)) });
  const e = c.get(a);
  assert.ok(e);
  assert.deepEqual(e.outputID, sha(data));
  assert.equal(e.size, data.length);
  const out = c.outputFile(r.outputID);
  assert.equal(out, join(c.dir, r.outputID.toString('hex').slice(0, 2), r.outputID.toString('hex') + '-d'));
  assert.deepEqual(readFileSync(out), data);
  assert.equal(c.getFile(a)?.file, out);
  assert.deepEqual(c.getBytes(a)?.data, data);
  // Same size, different bytes: getFile still hits (it checks size only), getBytes misses (checksum).
  writeFileSync(out, 'jello, cache\n');
  assert.ok(c.getFile(a));
  assert.equal(c.getBytes(a), undefined);
  // Truncated data file: getFile misses.
  truncateSync(out, 3);
  assert.equal(c.getFile(a), undefined);
  // put again repairs the data file.
  c.put(a, data);
  assert.deepEqual(c.getBytes(a)?.data, data);
  // Corrupt index entry: a miss.
  const af = c.fileName(a, 'a');
  truncateSync(af, 10);
  assert.equal(c.get(a), undefined);
  assert.equal((c.lookup(a) as EntryNotFoundError).message, 'cache entry not found: entry file incomplete');
  // Missing entry.
  assert.match((c.lookup(id('nothing')) as EntryNotFoundError).message, /^cache entry not found: open .*-a: no such file or directory$/);
});

test('put from a file path streams and stores the same bytes; empty outputs work', () => {
  const d = tmp();
  const c = Cache.open(d);
  const src = join(d, 'src.bin');
  const big = randomBytes(3 << 20);
  writeFileSync(src, big);
  const r = c.put(id('big'), src);
  assert.equal(r.size, big.length);
  assert.deepEqual(r.outputID, sha(big));
  assert.ok(readFileSync(c.outputFile(r.outputID)).equals(big));
  const z = c.put(id('zero'), Buffer.alloc(0));
  assert.equal(z.size, 0);
  assert.deepEqual(c.getBytes(id('zero'))?.data, Buffer.alloc(0));
});

test('put with linkFrom stores a hard link to the file, or writes the bytes when it cannot link', () => {
  const d = tmp();
  const c = Cache.open(d);
  const src = join(d, 'work.a');
  const data = randomBytes(4096);
  writeFileSync(src, data);
  const r = c.put(id('linked'), data, { linkFrom: src });
  const out = c.outputFile(r.outputID);
  assert.deepEqual(r.outputID, sha(data));
  assert.equal(statSync(out).ino, statSync(src).ino, 'a hard link, not a copy');
  assert.equal(statSync(src).nlink, 2);
  assert.ok(c.getBytes(id('linked'))?.data.equals(data));
  assert.deepEqual(readdirSync(join(d, out.split('/').at(-2)!)).filter((n) => n.includes('.tmp')), [], 'no temporary names left');
  // The source gone (or on another device): the bytes are written instead.
  const other = randomBytes(100);
  const r2 = c.put(id('unlinked'), other, { linkFrom: join(d, 'missing.a') });
  assert.ok(readFileSync(c.outputFile(r2.outputID)).equals(other));
  assert.equal(statSync(c.outputFile(r2.outputID)).nlink, 1);
  // Removing the $WORK file leaves the entry intact.
  rmSync(src);
  assert.ok(c.getBytes(id('linked'))?.data.equals(data));
});

test('open skips the subdirectories once they exist, and makes them when the last is missing', () => {
  const d = tmp();
  Cache.open(d);
  rmSync(join(d, '7f'), { recursive: true });
  const c = Cache.open(d);
  assert.equal(existsSync(join(d, '7f')), false, 'ff exists: no mkdirs');
  // A write into the missing subdirectory makes it.
  let n = 0;
  let key = id('x');
  while (Buffer.from(key).toString('hex').slice(0, 2) !== '7f') key = id(`x${++n}`);
  c.put(key, Buffer.from('in 7f'));
  assert.ok(c.getBytes(key)?.data.equals(Buffer.from('in 7f')));
  rmSync(join(d, 'ff'), { recursive: true });
  Cache.open(d);
  assert.equal(readdirSync(d).length, 256);
});

test('putExecutable stores <out>-d/<name> with mode 0777', () => {
  const c = Cache.open(tmp());
  const bin = Buffer.from('#!/bin/sh\necho hi\n');
  const r = c.putExecutable(id('exe'), 'hello', bin);
  const f = c.outputFile(r.outputID);
  assert.ok(f.endsWith(`${r.outputID.toString('hex')}-d/hello`));
  assert.equal(statSync(f).mode & 0o111, 0o111);
  assert.equal(c.getFile(id('exe'))?.file, f);
});

test('gocacheverify: get misses, put detects a changed output', () => {
  const c = Cache.open(tmp());
  c.put(id('v'), Buffer.from('one'));
  setCacheDebug({ verify: true });
  try {
    assert.equal(c.get(id('v')), undefined);
    c.put(id('v'), Buffer.from('one'));
    assert.throws(() => c.put(id('v'), Buffer.from('two')), /^Error|cache verify failed: id=/);
    c.putNoVerify(id('v'), Buffer.from('two'));
  } finally {
    setCacheDebug({ verify: false });
  }
});

test('getWritten answers what this process wrote from memory, else as get; a miss under gocacheverify', () => {
  const c = Cache.open(tmp());
  const r = c.put(id('w'), Buffer.from('written'));
  const got = c.getWritten(id('w'));
  assert.ok(got && got.outputID.equals(r.outputID) && got.size === r.size);
  // The entry as read back from its file is the same, time included.
  assert.deepEqual(c.get(id('w')), got);
  // From memory: the file is not read again (here it is gone, and get misses).
  rmSync(c.fileName(id('w'), 'a'));
  assert.equal(c.get(id('w')), undefined);
  assert.deepEqual(c.getWritten(id('w')), got);
  // Written by another process (another Cache): read from its file; absent: undefined.
  const c2 = Cache.open(c.dir);
  c2.put(id('x'), Buffer.from('other'));
  assert.deepEqual(c.getWritten(id('x')), c2.get(id('x')));
  assert.equal(c.getWritten(id('none')), undefined);
  setCacheDebug({ verify: true });
  try {
    assert.equal(c.getWritten(id('w')), undefined);
  } finally {
    setCacheDebug({ verify: false });
  }
});

test('markUsed refreshes mtimes older than an hour only', () => {
  const c = Cache.open(tmp());
  const a = id('m');
  c.put(a, Buffer.from('x'));
  const af = c.fileName(a, 'a');
  const recent = Date.now() / 1000 - 30 * 60;
  utimesSync(af, recent, recent);
  c.get(a);
  assert.equal(Math.round(statSync(af).mtimeMs / 1000), Math.round(recent));
  const old = Date.now() / 1000 - 2 * 3600;
  utimesSync(af, old, old);
  c.get(a);
  assert.ok(Date.now() - statSync(af).mtimeMs < 60_000);
});

test('trim removes entries unused for 5 days, at most once a day', () => {
  const d = tmp();
  const c = Cache.open(d);
  const keep = c.put(id('keep'), Buffer.from('keep'));
  const drop = c.put(id('drop'), Buffer.from('drop'));
  const exe = c.putExecutable(id('exe'), 'x', Buffer.from('exe'));
  const old = Date.now() / 1000 - 6 * 86400 - 2 * 3600;
  for (const f of [c.fileName(id('drop'), 'a'), c.fileName(drop.outputID, 'd'), c.fileName(id('exe'), 'a'), c.fileName(exe.outputID, 'd')]) {
    utimesSync(f, old, old);
  }
  writeFileSync(join(d, 'trim.txt'), String(Math.floor(Date.now() / 1000) - 3600));
  c.trim(); // trimmed an hour ago: nothing happens (check without get, which would refresh the mtime)
  assert.ok(existsSync(c.fileName(id('drop'), 'a')));
  writeFileSync(join(d, 'trim.txt'), 'garbage');
  c.trim();
  assert.equal(c.get(id('drop')), undefined);
  assert.equal(c.get(id('exe')), undefined);
  assert.ok(!existsSync(c.fileName(exe.outputID, 'd')));
  assert.ok(c.get(id('keep')));
  assert.ok(existsSync(c.fileName(keep.outputID, 'd')));
  assert.match(readFileSync(join(d, 'trim.txt'), 'latin1'), /^[0-9]+$/);
});

test('defaultDir follows GOCACHE, XDG_CACHE_HOME and HOME like go', () => {
  const env = (m: Record<string, string>) => (k: string): string | undefined => m[k];
  assert.deepEqual(defaultDir(env({ HOME: '/h' }), 'linux'), { dir: '/h/.cache/go-build', changed: false });
  assert.deepEqual(defaultDir(env({ HOME: '/h', XDG_CACHE_HOME: '/x' }), 'linux'), { dir: '/x/go-build', changed: false });
  assert.deepEqual(defaultDir(env({ HOME: '/h', GOCACHE: '/c' }), 'linux'), { dir: '/c', changed: true });
  assert.deepEqual(defaultDir(env({ HOME: '/h', GOCACHE: 'off' }), 'linux'), { dir: 'off', changed: true });
  const rel = defaultDir(env({ HOME: '/h', GOCACHE: 'rel' }), 'linux');
  assert.equal(rel.dir, 'off');
  assert.equal(rel.err?.message, 'GOCACHE is not an absolute path');
  const none = defaultDir(env({}), 'linux');
  assert.equal(none.err?.message, 'GOCACHE is not defined and neither $XDG_CACHE_HOME nor $HOME are defined');
  const xrel = defaultDir(env({ XDG_CACHE_HOME: 'x' }), 'linux');
  assert.equal(xrel.err?.message, 'GOCACHE is not defined and path in $XDG_CACHE_HOME is relative');
  assert.throws(() => openDefaultCache(env({ GOCACHE: 'off' })), { message: 'build cache is disabled by GOCACHE=off, but required as of Go 1.12' });
  assert.throws(() => openDefaultCache(env({ GOCACHE: 'rel' })), { message: 'build cache is required, but could not be located: GOCACHE is not an absolute path' });
  const d = join(tmp(), 'new', 'cache');
  openDefaultCache(env({ GOCACHE: d }));
  assert.equal(readFileSync(join(d, 'README'), 'utf8'), CACHE_README);
});

test('concurrent puts from several processes leave a consistent cache', async () => {
  const d = tmp();
  Cache.open(d);
  const mod = fileURLToPath(new URL('./cache.js', import.meta.url));
  const script = `
    import { Cache } from ${JSON.stringify(mod)};
    import { createHash } from 'node:crypto';
    const c = Cache.open(process.argv[1]);
    for (let i = 0; i < 40; i++) {
      const id = createHash('sha256').update('k' + (i % 10)).digest();
      const data = Buffer.alloc(200000 + (i % 10), 'k' + (i % 10));
      c.put(id, data);
      const got = c.getBytes(id);
      if (!got || !got.data.equals(data)) { console.error('bad read', i); process.exit(1); }
    }`;
  const runs = Array.from({ length: 4 }, () => new Promise<number>((resolve) => {
    const p = spawn(process.execPath, ['--input-type=module', '-e', script, d], { stdio: 'inherit' });
    p.on('exit', (code) => resolve(code ?? -1));
  }));
  assert.deepEqual(await Promise.all(runs), [0, 0, 0, 0]);
  const c = Cache.open(d);
  for (let i = 0; i < 10; i++) {
    const data = Buffer.alloc(200000 + i, 'k' + i);
    assert.deepEqual(c.getBytes(id('k' + i))?.data, data);
  }
  // No temp files left behind.
  for (const sub of readdirSync(d)) {
    if (/^[0-9a-f]{2}$/.test(sub)) for (const f of readdirSync(join(d, sub))) assert.match(f, /^[0-9a-f]{64}-[ad]$/);
  }
});

test('shares a GOCACHE with real go: reads go entries, go reuses ours', { skip: !haveGo }, () => {
  const mod = writeTree({
    'go.mod': 'module example.com/m\n\ngo 1.26\n',
    'lib/lib.go': 'package lib\n\nfunc F() int { return 42 }\n',
  });
  const gocache = tmp();
  const env = { GOCACHE: gocache, GODEBUG: 'gocachehash=1' };
  const r1 = runGo(['build', './lib'], { cwd: mod, env });
  assert.equal(r1.status, 0, r1.stderr);
  const m = /HASH\[build example\.com\/m\/lib\]: ([0-9a-f]{64})\n/.exec(r1.stderr);
  assert.ok(m, 'action ID in gocachehash trace');
  const actionID = Buffer.from(m[1]!, 'hex');
  const c = Cache.open(gocache);
  // Every index entry go wrote parses, and its data file has the recorded size.
  let n = 0;
  for (const sub of readdirSync(gocache).filter((s) => /^[0-9a-f]{2}$/.test(s))) {
    for (const f of readdirSync(join(gocache, sub)).filter((x) => x.endsWith('-a'))) {
      const e = c.get(Buffer.from(f.slice(0, 64), 'hex'));
      assert.ok(e, f);
      assert.ok(c.getBytes(Buffer.from(f.slice(0, 64), 'hex')), f);
      n++;
    }
  }
  assert.ok(n >= 2);
  const hit = c.getFile(actionID);
  assert.ok(hit);
  const archive = readFileSync(hit.file);
  // Remove go's entry and its data, re-create them with gocmd: go must reuse it and not recompile.
  rmSync(c.fileName(actionID, 'a'));
  rmSync(hit.file);
  c.put(actionID, archive);
  const r2 = runGo(['build', '-x', './lib'], { cwd: mod, env: { GOCACHE: gocache } });
  assert.equal(r2.status, 0, r2.stderr);
  assert.doesNotMatch(r2.stderr, /\/compile /);
  // And with the entry gone, go recompiles (the check above is meaningful).
  rmSync(c.fileName(actionID, 'a'));
  const r3 = runGo(['build', '-x', './lib'], { cwd: mod, env: { GOCACHE: gocache } });
  assert.match(r3.stderr, /\/compile /);
  assert.ok(c.get(actionID));
});

test('testexpire.txt: written as "<ns>\\n", only moves forward, read back', () => {
  const d = tmp();
  assert.equal(readTestExpire(d), undefined);
  expireTestResults(d, 2000n);
  assert.equal(readFileSync(join(d, 'testexpire.txt'), 'latin1'), '2000\n');
  expireTestResults(d, 1000n);
  assert.equal(readTestExpire(d), 2000n);
  expireTestResults(d);
  assert.ok(readTestExpire(d)! > 1700000000000000000n);
});

test('concurrent with real go: go and gocmd writing the same entries leave a cache both can use', { skip: !haveGo }, async () => {
  const mod = writeTree({
    'go.mod': 'module example.com/cc\n\ngo 1.26\n',
    'lib/lib.go': 'package lib\n\nfunc F() int { return 7 }\n',
  });
  const gocache = tmp();
  const first = runGo(['build', './lib'], { cwd: mod, env: { GOCACHE: gocache, GODEBUG: 'gocachehash=1' } });
  assert.equal(first.status, 0, first.stderr);
  const actionID = Buffer.from(/HASH\[build example\.com\/cc\/lib\]: ([0-9a-f]{64})\n/.exec(first.stderr)![1]!, 'hex');
  const c = Cache.open(gocache);
  const archive = readFileSync(c.getFile(actionID)!.file);
  // go build -a rebuilds and re-stores the same entry; meanwhile we put and read it in a loop.
  const goRuns = Array.from({ length: 3 }, () => new Promise<number>((resolve) => {
    const p = spawn(process.env['GOROOT'] ? join(process.env['GOROOT'], 'bin/go') : '/usr/local/go/bin/go', ['build', '-a', './lib'], {
      cwd: mod, stdio: 'ignore',
      env: { PATH: process.env['PATH'], HOME: process.env['HOME'], GOCACHE: gocache, GOTOOLCHAIN: 'local', GOENV: 'off', GOFLAGS: '', GOPROXY: 'off' },
    });
    p.on('exit', (code) => resolve(code ?? -1));
  }));
  let done = false;
  const all = Promise.all(goRuns).then((codes) => { done = true; return codes; });
  let rounds = 0;
  while (!done || rounds < 5) {
    c.put(actionID, archive);
    const got = c.getFile(actionID);
    if (got) assert.ok(readFileSync(got.file).equals(archive), 'a reader never sees a partial archive');
    rounds++;
    await new Promise((r) => setTimeout(r, 5));
  }
  assert.deepEqual(await all, [0, 0, 0]);
  assert.ok(c.getBytes(actionID)?.data.equals(archive));
  const again = runGo(['build', '-x', './lib'], { cwd: mod, env: { GOCACHE: gocache } });
  assert.equal(again.status, 0, again.stderr);
  assert.doesNotMatch(again.stderr, /\/compile /, 'go reuses the shared entry');
});
