// Unit tests for modfetch's pure parts: GOPROXY lists, proxy ranking, netrc, NO_PROXY, error details, .info JSON, zip rules, GOSUMDB.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseProxyList, tryProxies } from './proxylist.js';
import { NotExistError, isNotExist } from './errors.js';
import { parseNetrc } from './netrc.js';
import { noProxyMatches, proxyFor, proxyEnv } from './httpproxy.js';
import { formatErrorDetail, HTTPError } from './web.js';
import { marshalRevInfo, normalizeTime, parseRevInfo, infoForDisk } from './revinfo.js';
import { checkZipEntries, checkedErr, cleanSlash, strToFold, unzip } from './modzip.js';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeZip } from '../lib/zip.js';
import { versionListText } from './cache.js';
import { knownSumDBKeys, parseGOSUMDB } from './sumdb.js';
import { isValidSum } from './fetcher.js';

test('parseProxyList splits on , and |, stops at off/direct, adds https:// and noproxy', () => {
  const cases: [string, string, string][] = [
    ['https://a.example,direct', '', 'https://a.example|false direct|false'],
    ['a.example|b.example/p,direct,ignored', '', 'https://a.example|true https://b.example/p|false direct|false'],
    ['off,https://x.example', '', 'off|false'],
    [' https://a.example , ', '', 'https://a.example|false'],
    ['file:///tmp/p', 'corp.example', 'noproxy|false file:///tmp/p|false'],
    ['direct', 'corp.example', 'direct|false'],
    ['/abs/path', '', 'ERR invalid proxy URL missing scheme: /abs/path'],
    ['ftp://x', '', 'ERR invalid proxy URL scheme (must be https, http, file): ftp://x'],
    [',', '', 'ERR GOPROXY list is not the empty string, but contains no entries'],
    [' ', 'x', 'ERR GOPROXY list is not the empty string, but contains no entries'],
  ];
  for (const [goproxy, noproxy, want] of cases) {
    let got: string;
    try {
      got = parseProxyList(goproxy, noproxy).map((p) => `${p.url}|${p.fallBackOnError}`).join(' ');
    } catch (e) {
      got = 'ERR ' + (e as Error).message;
    }
    assert.equal(got, want, goproxy);
  }
});

test('tryProxies falls through on not-found with "," and on any error with "|", keeping the most useful error', async () => {
  const nf = (u: string): Error => new NotExistError(`404 ${u}`);
  const fail = (u: string): Error => new Error(`500 ${u}`);
  const run = async (spec: string, behave: Record<string, (u: string) => Error | undefined>): Promise<string> => {
    const tried: string[] = [];
    try {
      await tryProxies(parseProxyList(spec, ''), async (u) => {
        tried.push(u);
        const e = behave[u]?.(u);
        if (e) throw e;
      });
      return `ok ${tried.join(' ')}`;
    } catch (e) {
      return `err ${(e as Error).message} after ${tried.join(' ')}`;
    }
  };
  assert.equal(await run('http://a,http://b', { 'http://a': nf }), 'ok http://a http://b');
  assert.equal(await run('http://a,http://b', { 'http://a': fail }), 'err 500 http://a after http://a');
  assert.equal(await run('http://a|http://b', { 'http://a': fail }), 'ok http://a http://b');
  assert.equal(await run('http://a|http://b', { 'http://a': fail, 'http://b': nf }), 'err 500 http://a after http://a http://b');
  assert.equal(await run('http://a,http://b', { 'http://a': nf, 'http://b': nf }), 'err 404 http://b after http://a http://b');
  assert.equal(await run('http://a,direct', { 'http://a': fail }), 'err 500 http://a after http://a');
  assert.equal(await run('http://a,direct', { 'http://a': nf, direct: fail }), 'err 500 direct after http://a direct');
});

test('isNotExist follows causes and 404/410 HTTP errors', () => {
  assert.equal(isNotExist(new HTTPError('u', '404 Not Found', 404, '')), true);
  assert.equal(isNotExist(new HTTPError('u', '410 Gone', 410, '')), true);
  assert.equal(isNotExist(new HTTPError('u', '500 Internal Server Error', 500, '')), false);
  assert.equal(isNotExist(new Error('wrapped', { cause: new NotExistError('x') })), true);
  assert.equal(new HTTPError('http://h/x', '404 Not Found', 404, '404 page not found').message, 'reading http://h/x: 404 Not Found\n\tserver response: 404 page not found');
  assert.equal(new HTTPError('file:///p/x', 'Not Found', 404, '', 'no such file or directory').message, 'reading file:///p/x: no such file or directory');
});

test('formatErrorDetail keeps the first lines of a safe text body', () => {
  assert.equal(formatErrorDetail(Buffer.from('not found: x\nmore\n\nignored')), 'not found: x\n\tmore');
  assert.equal(formatErrorDetail(Buffer.from('bad \x1b[31m escape')), '');
  assert.equal(formatErrorDetail(Buffer.from([0xff, 0xfe])), '');
  assert.equal(formatErrorDetail(Buffer.from(Array.from({ length: 10 }, (_, i) => `l${i}`).join('\n'))), 'l0\n\tl1\n\tl2\n\tl3\n\tl4\n\tl5\n\tl6\n\tl7\n\t[Truncated: too many lines.]');
});

test('parseNetrc reads machine/login/password pairs like go', () => {
  const got = parseNetrc('machine a.example login u1 password p1\nmachine b.example\n login u2\n password p2\nmacdef init\ncd /x\n\nmachine c.example login u3 password p3\ndefault\nmachine d.example login u4 password p4\n');
  assert.deepEqual(got.map((l) => `${l.machine}:${l.login}:${l.password}`), ['a.example:u1:p1', 'b.example:u2:p2', 'c.example:u3:p3']);
});

test('NO_PROXY matching and proxy choice follow go (loopback never proxied)', () => {
  const cases: [string, string, string, boolean][] = [
    ['', '127.0.0.1', '8080', true],
    ['', 'localhost', '', true],
    ['example.com', 'example.com', '', true],
    ['example.com', 'sub.example.com', '', true],
    ['.example.com', 'example.com', '', false],
    ['.example.com', 'sub.example.com', '', true],
    ['*.example.com', 'sub.example.com', '', true],
    ['example.com:443', 'example.com', '443', true],
    ['example.com:443', 'example.com', '80', false],
    ['10.0.0.0/8', '10.1.2.3', '', true],
    ['10.0.0.0/8', '11.1.2.3', '', false],
    ['*', 'anything.example', '', true],
    ['other.example', 'example.com', '', false],
  ];
  for (const [np, host, port, want] of cases) assert.equal(noProxyMatches(np, host, port), want, `${np} ${host}:${port}`);
  const pe = proxyEnv({ HTTPS_PROXY: 'proxy.example:3128', http_proxy: 'http://hp.example:80', NO_PROXY: 'internal.example' });
  assert.equal(proxyFor(pe, new URL('https://mod.example/x'))?.href, 'http://proxy.example:3128/');
  assert.equal(proxyFor(pe, new URL('http://mod.example/x'))?.href, 'http://hp.example/');
  assert.equal(proxyFor(pe, new URL('https://internal.example/x')), undefined);
  assert.equal(proxyFor(pe, new URL('http://127.0.0.1:5000/x')), undefined);
  assert.equal(proxyFor(proxyEnv({ HTTP_PROXY: 'http://hp', REQUEST_METHOD: 'GET' }), new URL('http://mod.example/')), undefined);
});

test('.info files round-trip as go json-marshals RevInfo', () => {
  assert.equal(marshalRevInfo(parseRevInfo('{"Version":"v1.5.2","Time":"2018-02-14T15:44:20Z"}')), '{"Version":"v1.5.2","Time":"2018-02-14T15:44:20Z"}');
  assert.equal(marshalRevInfo(parseRevInfo('{"version":"v1.0.0","time":"2018-02-14T15:44:20.500000Z","Extra":1}')), '{"Version":"v1.0.0","Time":"2018-02-14T15:44:20.5Z"}');
  assert.equal(marshalRevInfo(parseRevInfo('{"Version":"v1.0.0"}')), '{"Version":"v1.0.0","Time":"0001-01-01T00:00:00Z"}');
  const withOrigin = parseRevInfo('{"Version":"v0.0.0-20200101000000-abcdefabcdef","Time":"2020-01-01T00:00:00+00:00","Origin":{"VCS":"git","URL":"https://x","Ref":"refs/heads/main","Hash":"abc","RepoSum":"r1:x"}}');
  assert.equal(marshalRevInfo(infoForDisk(withOrigin, true)), '{"Version":"v0.0.0-20200101000000-abcdefabcdef","Time":"2020-01-01T00:00:00Z","Origin":{"VCS":"git","URL":"https://x","Hash":"abc"}}');
  assert.equal(normalizeTime('2020-01-01T01:02:03+02:00'), '2020-01-01T01:02:03+02:00');
  assert.equal(normalizeTime('yesterday'), undefined);
  assert.throws(() => parseRevInfo('[1]'));
});

test('module zip checks reject hostile archives as go does', () => {
  const m = { path: 'example.com/m', version: 'v1.0.0' };
  const p = 'example.com/m@v1.0.0/';
  const e = (name: string, size = 1): { name: string; size: number } => ({ name, size });
  const cases: [{ name: string; size: number }[], string | undefined][] = [
    [[e(p + 'go.mod'), e(p + 'a/b.go'), e(p + 'a/')], undefined],
    [[e('other@v1.0.0/x.go')], 'other@v1.0.0/x.go: path does not have prefix "example.com/m@v1.0.0/"'],
    [[e(p + '../evil.go')], 'example.com/m@v1.0.0/../evil.go: malformed file path "../evil.go": invalid path element ".."'],
    [[e(p + 'a/../../evil.go')], 'example.com/m@v1.0.0/a/../../evil.go: file path is not clean'],
    [[e(p + '/abs.go')], 'example.com/m@v1.0.0//abs.go: malformed file path "/abs.go": empty path element'],
    [[e(p + 'a.go'), e(p + 'A.go')], 'example.com/m@v1.0.0/A.go: case-insensitive file name collision: "a.go" and "A.go"'],
    [[e(p + 'x'), e(p + 'x/y')], 'example.com/m@v1.0.0/x/y: entry "x" is both a file and a directory'],
    [[e(p + 'a.go'), e(p + 'a.go')], 'example.com/m@v1.0.0/a.go: multiple entries for file "a.go"'],
    [[e(p + 'sub/go.mod')], 'example.com/m@v1.0.0/sub/go.mod: go.mod file not in module root directory'],
    [[e(p + 'GO.MOD')], 'example.com/m@v1.0.0/GO.MOD: go.mod files must have lowercase names'],
    [[e(p + 'go.mod', (16 << 20) + 1)], 'example.com/m@v1.0.0/go.mod: go.mod file too large (max size is 16777216 bytes)'],
    [[e(p + 'big', 400 << 20), e(p + 'big2', 200 << 20)], 'total uncompressed size of module contents too large (max size is 524288000 bytes)'],
  ];
  for (const [entries, want] of cases) assert.equal(checkedErr(checkZipEntries(m, 1000, entries)), want, entries.map((x) => x.name).join(','));
  assert.equal(checkedErr(checkZipEntries(m, (500 << 20) + 1, [])), 'module zip file is too large (524288001 bytes; limit is 524288000 bytes)');
  assert.match(checkedErr(checkZipEntries(m, 10, [e(p + 'a\\b.go')]))!, /invalid char '\\\\'/);
  assert.equal(cleanSlash('a//b/'), 'a/b');
  assert.equal(strToFold('Go.MOD'), 'go.mod');
});

test('unzip checks the whole archive first even when its contents come decompressed already', () => {
  const m = { path: 'example.com/m', version: 'v1.0.0' };
  const p = 'example.com/m@v1.0.0/';
  const tmp = mkdtempSync(join(tmpdir(), 'gocmd-unzip-'));
  try {
    const files = [{ name: p + 'go.mod', data: Buffer.from('module example.com/m\n') }, { name: p + 'a/b.go', data: Buffer.from('package a\n') }];
    const contents = new Map(files.map((f) => [f.name, Buffer.from(f.data)]));
    const good = join(tmp, 'good');
    unzip(good, m, 'good.zip', writeZip(files), contents);
    assert.equal(readFileSync(join(good, 'a/b.go'), 'utf8'), 'package a\n');
    // A hostile archive is refused before anything is written, whatever contents the caller passes.
    const hostile = [...files, { name: p + 'A/b.go', data: Buffer.from('package a\n') }];
    const bad = join(tmp, 'bad');
    assert.throws(() => unzip(bad, m, 'bad.zip', writeZip(hostile), new Map(hostile.map((f) => [f.name, Buffer.from(f.data)]))),
      /^.*unzip bad\.zip: .*case-insensitive file name collision/s);
    assert.equal(existsSync(join(bad, 'go.mod')), false);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

test('@v/list holds canonical versions with .mod files, in semver order', () => {
  assert.equal(versionListText(['v1.10.0.mod', 'v1.2.0.mod', 'v1.2.0.info', 'v1.0.0-pre.mod', 'list', 'v1.2.mod', 'v2.0.0+incompatible.mod']), 'v1.0.0-pre\nv1.2.0\nv1.10.0\nv2.0.0+incompatible\n');
});

test('GOSUMDB parsing: known names, keys, URLs and go errors', () => {
  const known = knownSumDBKeys('/usr/local/go');
  const key = 'localhost.localdev/sumdb+00000c67+AcTrnkbUA+TU4heY3hkjiSES/DSQniBqIeQ/YppAUtK6';
  assert.deepEqual({ ...parseGOSUMDB(key, known), url: undefined }, { name: 'localhost.localdev/sumdb', key, url: undefined });
  assert.equal(parseGOSUMDB(`${key} http://127.0.0.1:9/x`, known).url?.href, 'http://127.0.0.1:9/x');
  assert.throws(() => parseGOSUMDB('off', known), /checksum database disabled by GOSUMDB=off/);
  assert.throws(() => parseGOSUMDB('a b c', known), /invalid GOSUMDB: too many fields/);
  assert.throws(() => parseGOSUMDB('nokey', known), /invalid GOSUMDB: malformed verifier id/);
  // Every well-known database the toolchain trusts resolves to a key.
  for (const [name, k] of known) assert.equal(parseGOSUMDB(name, known).key, k);
});

test('isValidSum accepts only complete h1 hashes', () => {
  assert.equal(isValidSum(Buffer.from('h1:3fEykkD9k7lYzXqCYrwGAf7iNhbk4yCjHmKBN9td4L0=')), true);
  assert.equal(isValidSum(Buffer.from('h1:3fEykkD9k7lYzXqCYrwGAf7iNhbk4yCjHmKBN9td4L0')), false);
  assert.equal(isValidSum(Buffer.from('h1:3fEykkD9k7lYzXqCYrwGAf7iNhbk4yCjHmKBN9td4L\0=')), false);
});
