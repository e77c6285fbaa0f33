// Tests for the test proxy over HTTP: protocol endpoints, special prefixes, and the checksum
// database verified end to end with lib/note and lib/tlog (the client side of the protocol).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashZip } from '../../src/lib/dirhash.js';
import { newVerifier, open, verifierList } from '../../src/lib/note.js';
import { checkTree, parseRecord, parseTree, proveTree, recordHash, storedHashIndex, tileHashReader, tilePath, treeHash, type Tile } from '../../src/lib/tlog.js';
import { startProxy, type Proxy } from './server.js';

const goroot = process.env.GOROOT ?? '/usr/local/go';
const haveGoroot = existsSync(join(goroot, 'src/cmd/go/proxy_test.go'));
const skip = !haveGoroot && 'no GOROOT with cmd/go test data';

let proxy: Proxy;
before(async () => {
  if (haveGoroot) proxy = await startProxy({ goroot });
});
after(async () => {
  if (proxy) await proxy.close();
});

interface Got {
  status: number;
  statusText: string;
  type: string | null;
  location: string | null;
  body: Buffer;
}

async function get(path: string): Promise<Got> {
  const r = await fetch(proxy.url.replace(/\/mod$/, '') + path, { redirect: 'manual' });
  return {
    status: r.status,
    statusText: r.statusText,
    type: r.headers.get('content-type'),
    location: r.headers.get('location'),
    body: Buffer.from(await r.arrayBuffer()),
  };
}

test('serves the proxy protocol for the fixtures', { skip }, async () => {
  assert.match(proxy.url, /^http:\/\/127\.0\.0\.1:\d+\/mod$/);
  const list = await get('/mod/rsc.io/quote/@v/list');
  assert.equal(list.body.toString(), 'v1.0.0\nv1.1.0\nv1.2.0\nv1.2.1\nv1.3.0\nv1.4.0\nv1.5.0\nv1.5.1\nv1.5.2\nv1.5.3-pre1\n');
  const info = await get('/mod/rsc.io/quote/@v/v1.5.2.info');
  assert.deepEqual(JSON.parse(info.body.toString()), {
    Version: 'v1.5.2',
    Name: 'c4d4236f92427c64bfbcf1cc3f8142ab18f30b22',
    Short: 'c4d4236f9242',
    Time: '2018-02-14T15:44:20Z',
  });
  assert.equal((await get('/mod/rsc.io/quote/@v/v1.5.2.mod')).body.toString(), 'module "rsc.io/quote"\n\nrequire "rsc.io/sampler" v1.3.0\n');
  const zip = await get('/mod/rsc.io/quote/@v/v1.5.2.zip');
  assert.equal(hashZip(zip.body), 'h1:3fEykkD9k7lYzXqCYrwGAf7iNhbk4yCjHmKBN9td4L0=');
  // case-escaped paths and versions
  assert.equal((await get('/mod/rsc.io/!q!u!o!t!e/@v/list')).body.toString(), 'v1.5.2\nv1.5.3-PRE\n');
  // commit hashes resolve to versions
  assert.match((await get('/mod/rsc.io/quote/@v/c4d4236f.info')).body.toString(), /"Version":"v1.5.2"/);
  // @latest, as the reference proxy picks it
  assert.equal(
    (await get('/mod/example.com/notags/@latest')).body.toString(),
    '{"Version":"v0.0.0-20190507143103-cc8cbe209b64","Time":"2019-05-07T07:31:03-07:00"}\n',
  );
  assert.match((await get('/mod/rsc.io/quote/@latest')).body.toString(), /"Version":"v0.0.0-20180628003336-dd9747d19b04"/);
});

test('errors look like go net/http errors', { skip }, async () => {
  for (const path of ['/mod/rsc.io/quote/@v/v9.9.9.info', '/mod/example.com/nothing/@v/list', '/mod/rsc.io/QUOTE/@v/list', '/other', '/mod/rsc.io/quote/@v/v1.5.2.bad']) {
    const r = await get(path);
    assert.equal(r.status, 404, path);
    assert.equal(r.statusText, 'Not Found');
    assert.equal(r.type, 'text/plain; charset=utf-8');
    assert.equal(r.body.toString(), '404 page not found\n');
  }
});

test('special prefixes: invalid, status codes, redirects', { skip }, async () => {
  assert.equal((await get('/mod/invalid/rsc.io/quote/@v/list')).body.toString(), 'invalid');
  const gone = await get('/mod/410/rsc.io/quote/@v/list');
  assert.deepEqual([gone.status, gone.statusText, gone.body.length], [410, 'Gone', 0]);
  // sumdb-<code> fails checksum database requests only
  assert.equal((await get('/mod/sumdb-503/sumdb/localhost.localdev/sumdb/supported')).status, 503);
  assert.match((await get('/mod/sumdb-503/rsc.io/quote/@v/list')).body.toString(), /^v1\.0\.0\n/);
  const r2 = await get('/mod/redirect/2/rsc.io/quote/@v/list');
  assert.deepEqual([r2.status, r2.location], [302, '/mod/redirect/1/rsc.io/quote/@v/list']);
  const r1 = await get('/mod/redirect/1/rsc.io/quote/@v/list');
  assert.deepEqual([r1.status, r1.location], [302, '/mod/rsc.io/quote/@v/list']);
  const clean = await get('/mod/redirect/1/rsc.io//quote/../quote/@v/list');
  assert.equal(clean.location, '/mod/rsc.io/quote/@v/list');
});

/** Fetches tiles from the proxy's checksum database. */
function tiles(base: string): Parameters<typeof tileHashReader>[1] {
  return {
    height: () => 8,
    readTiles: (ts: Tile[]) => Promise.all(ts.map(async (t) => (await get(`${base}/${tilePath(t)}`)).body)),
    saveTiles: () => {},
  };
}

test('checksum database: signed head, lookups proven against tiles', { skip }, async () => {
  const base = '/mod/sumdb/localhost.localdev/sumdb';
  assert.equal(proxy.sumdbName, 'localhost.localdev/sumdb');
  assert.equal((await get(`${base}/supported`)).status, 200);
  const verifiers = verifierList(newVerifier(proxy.sumdbKey));

  const latest = await get(`${base}/latest`);
  const tree = parseTree(open(latest.body, verifiers).text);
  if (readFileSync(join(goroot, 'VERSION'), 'utf8').startsWith('go1.26.8\n')) {
    // The reference proxy of go1.26.8 (cmd/go's test binary run with -proxy) serves exactly this head.
    assert.equal(
      latest.body.toString(),
      'go.sum database tree\n249\nMv5qUR2asAUoYNQhoTmKynJdo/a7/wZllmbcPpVpz40=\n\n' +
        '— localhost.localdev/sumdb AAAMZ+CPUx5ydyNTi8ozkUO3Mkbdmptr0A7kWcDUoW3ntZm0OJFeVzs30iQLqyHFZ37HLTVHNxk+9UYm1Aw4p++onwM=\n',
    );
  }

  const lookup = await get(`${base}/lookup/rsc.io/quote@v1.5.2`);
  const rec = parseRecord(lookup.body);
  assert.equal(
    rec.text.toString(),
    'rsc.io/quote v1.5.2 h1:3fEykkD9k7lYzXqCYrwGAf7iNhbk4yCjHmKBN9td4L0=\nrsc.io/quote v1.5.2/go.mod h1:LzX7hefJvL54yjefDEDHNONDjII0t9xZLPXsUe+TKr0=\n',
  );
  assert.equal(parseTree(open(rec.rest, verifiers).text).n, tree.n);
  // The record's leaf hash, read through tiles authenticated against the signed head.
  const [leaf] = await tileHashReader(tree, tiles(base)).readHashes([storedHashIndex(0, rec.id)]);
  assert.ok(leaf!.equals(recordHash(rec.text)));

  // Record tiles hold the same text.
  const data = await get(`${base}/tile/8/data/000.p/${Math.min(tree.n, 255)}`);
  assert.ok(data.body.includes(rec.text));

  const missing = await get(`${base}/lookup/rsc.io/nonexist@v1.0.0`);
  assert.deepEqual([missing.status, missing.body.toString()], [404, 'file does not exist\n']);
  assert.deepEqual([(await get(`${base}/lookup/bad`)).status, (await get(`${base}/tile/bad`)).status], [400, 400]);
});

test('sumdb-wrong, sumdb-direct and sumdb-redirect', { skip }, async () => {
  const wrong = parseRecord((await get('/mod/sumdb-wrong/lookup/rsc.io/quote@v1.5.2')).body);
  assert.equal(wrong.text.toString(), 'rsc.io/quote v1.5.2 h1:wrong\nrsc.io/quote v1.5.2/go.mod h1:wrong\n');
  const direct = parseRecord((await get('/mod/sumdb-direct/lookup/rsc.io/quote@v1.5.2')).body);
  assert.match(direct.text.toString(), /h1:3fEy/);
  const redirected = parseRecord((await get('/mod/sumdb-redirect/rsc.io/fortune@v1.0.0:/lookup/rsc.io/quote@v1.5.2')).body);
  assert.match(redirected.text.toString(), /^rsc\.io\/fortune v1\.0\.0 /);
  assert.equal((await get('/mod/sumdb-redirect/nocolon')).status, 500);
});

test('a growing database proves each new head extends the old one', { skip }, async () => {
  // The sumdb-wrong database appends a record for each module it is first asked about.
  const base = '/mod/sumdb-wrong';
  const verifiers = verifierList(newVerifier(proxy.sumdbKey));
  const head = async (): Promise<ReturnType<typeof parseTree>> => parseTree(open((await get(`${base}/latest`)).body, verifiers).text);
  await get(`${base}/lookup/rsc.io/quote@v1.0.0`);
  const older = await head();
  for (const v of ['v1.1.0', 'v1.2.0', 'v1.2.1']) await get(`${base}/lookup/rsc.io/quote@${v}`);
  const newer = await head();
  assert.ok(newer.n >= older.n + 3);
  const r = tileHashReader(newer, tiles(base));
  checkTree(await proveTree(newer.n, older.n, r), newer.n, newer.hash, older.n, older.hash);
  assert.ok((await treeHash(older.n, r)).equals(older.hash));
});
