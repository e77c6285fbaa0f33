// Tests for the transparency log: x/mod's tlog vectors, self-consistency of proofs and tiles, CT proofs.
// The ct* constants at the end are Certificate Transparency responses (Google Argon 2020 log) used by x/mod.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkRecord,
  checkTree,
  formatRecord,
  formatTree,
  hashArrayReader,
  hashFromTile,
  newTiles,
  parseHash,
  parseRecord,
  parseTilePath,
  parseTree,
  proveRecord,
  proveTree,
  readTileData,
  recordHash,
  splitStoredHashIndex,
  storedHashCount,
  storedHashes,
  storedHashesForRecordHashSync,
  storedHashIndex,
  tileForIndex,
  tileHashReader,
  tilePath,
  treeHash,
  type Hash,
  type Tile,
  type TileHashMemo,
  type TileReader,
} from './tlog.js';

test('storedHashIndex round-trips through splitStoredHashIndex', () => {
  for (let l = 0; l < 10; l++) {
    for (let n = 0; n < 100; n++) {
      const x = storedHashIndex(l, n);
      assert.deepEqual(splitStoredHashIndex(x), [l, n], `index ${x}`);
    }
  }
  // large values stay exact (beyond 32-bit shifts)
  const x = storedHashIndex(3, 5_000_000_000);
  assert.deepEqual(splitStoredHashIndex(x), [3, 5_000_000_000]);
});

const tilePaths: [string, Tile | undefined][] = [
  ['tile/4/0/001', { h: 4, l: 0, n: 1, w: 16 }],
  ['tile/4/0/001.p/5', { h: 4, l: 0, n: 1, w: 5 }],
  ['tile/3/5/x123/x456/078', { h: 3, l: 5, n: 123456078, w: 8 }],
  ['tile/3/5/x123/x456/078.p/2', { h: 3, l: 5, n: 123456078, w: 2 }],
  ['tile/1/0/x003/x057/500', { h: 1, l: 0, n: 3057500, w: 2 }],
  ['tile/3/5/123/456/078', undefined],
  ['tile/3/-1/123/456/078', undefined],
  ['tile/1/data/x003/x057/500', { h: 1, l: -1, n: 3057500, w: 2 }],
  ['tile/8/0/x001/x000/000', { h: 8, l: 0, n: 1_000_000, w: 256 }],
  ['tile/4/0/001.p/16', undefined],
  ['tile/4/0/+01', undefined],
  ['tile/31/0/000', undefined],
  ['tiles/4/0/001', undefined],
];

test('tile paths format and parse (canonical only)', () => {
  for (const [path, tile] of tilePaths) {
    if (tile === undefined) {
      assert.throws(() => parseTilePath(path), { message: `malformed tile path ${JSON.stringify(path)}` }, path);
      continue;
    }
    assert.equal(tilePath(tile), path);
    assert.deepEqual(parseTilePath(path), tile);
  }
});

test('formatTree and parseTree match the x/mod golden text', () => {
  const golden = 'go.sum database tree\n123456789012\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=\n';
  const h = recordHash(Buffer.from('hello world'));
  assert.equal(formatTree({ n: 123456789012, hash: h }), golden);
  const t = parseTree(Buffer.from(golden));
  assert.equal(t.n, 123456789012);
  assert.ok(t.hash.equals(h));
  for (const bad of [
    'not-' + golden,
    'go.sum database tree\n0xabcdef\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=\n',
    'go.sum database tree\n123456789012\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBTOOBIG=\n',
    'go.sum database tree\n0123\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=\n',
    'go.sum database tree\n123\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=',
  ]) {
    assert.throws(() => parseTree(bad), { message: 'malformed tree note' }, bad);
  }
  for (const good of [golden + 'JOE', golden + 'JOE\n', golden + 'JOE\n'.repeat(1000)]) {
    const g = parseTree(good);
    assert.equal(g.n, 123456789012);
    assert.ok(g.hash.equals(h));
  }
});

test('formatRecord and parseRecord', () => {
  assert.equal(formatRecord(123456789012, Buffer.from('hello, world\n')).toString(), '123456789012\nhello, world\n\n');
  for (const bad of ['', 'hello\nworld', 'hello\n\nworld\n', 'hello\x01world\n']) {
    assert.throws(() => formatRecord(1, Buffer.from(bad)), { message: 'malformed record data' }, JSON.stringify(bad));
  }
  let r = parseRecord(Buffer.concat([Buffer.from('123456789012\nhello, world\n\njunk on end\x01'), Buffer.from([0xff])]));
  assert.equal(r.id, 123456789012);
  assert.equal(r.text.toString(), 'hello, world\n');
  assert.deepEqual(r.rest, Buffer.concat([Buffer.from('junk on end\x01'), Buffer.from([0xff])]));
  r = parseRecord(Buffer.from('123456789012\nhello, world\n\n'));
  assert.equal(r.rest.length, 0);
  const bads = [
    Buffer.from('not-123456789012\nhello, world\n\n'),
    Buffer.from('123\nhello\x01world\n\n'),
    Buffer.concat([Buffer.from('123\nhello'), Buffer.from([0xff]), Buffer.from('world\n\n')]),
    Buffer.from('123\nhello world\n'),
    Buffer.from('0x123\nhello world\n\n'),
  ];
  for (const bad of bads) assert.throws(() => parseRecord(bad), { message: 'malformed record data' });
});

test('parseHash', () => {
  assert.equal(parseHash('TszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=').length, 32);
  assert.throws(() => parseHash('TszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0'), { message: 'malformed hash' });
  assert.throws(() => parseHash('AAAA'), { message: 'malformed hash' });
});

test('newTiles counts', () => {
  const cases: [number, number, number][] = [
    [1, 1, 0],
    [100, 101, 1],
    [1023, 1025, 3],
    [1024, 1030, 1],
    [1030, 2000, 1],
    [1030, 10000, 10],
    [49516517, 49516586, 3],
  ];
  for (const [o, n, want] of cases) assert.equal(newTiles(10, o, n).length, want, `${o}-${n}`);
});

/** An in-memory tile server of height h over stored hashes, counting unsaved reads. */
function memTiles(h: number, stored: Hash[], tamper?: number): TileReader & { unsaved: number } {
  return {
    unsaved: 0,
    height: () => h,
    readTiles(tiles) {
      this.unsaved += tiles.length;
      return tiles.map((t) => {
        const hashes: Hash[] = [];
        const start = t.n * 2 ** t.h;
        for (let i = 0; i < t.w; i++) {
          const x = storedHashIndex(t.h * t.l, start + i);
          hashes.push(x === tamper ? Buffer.alloc(32) : stored[x]!);
        }
        return Buffer.concat(hashes);
      });
    },
    saveTiles(tiles) {
      this.unsaved -= tiles.length;
    },
  };
}

test('tree: stored hashes, tiles, record and tree proofs over 70 records (tile height 2, three tile levels)', async () => {
  const testH = 2;
  const storage: Hash[] = [];
  const r = hashArrayReader(storage);
  const leaves: Hash[] = [];
  const trees: Hash[] = [];
  const tiles = new Map<string, Buffer>();
  for (let i = 0; i < 70; i++) {
    const data = Buffer.from(`leaf ${i}`);
    const hashes = await storedHashes(i, data, r);
    assert.deepEqual(hashes, storedHashesForRecordHashSync(i, recordHash(data), storage));
    leaves.push(recordHash(data));
    const oldStorage = storage.length;
    storage.push(...hashes);
    assert.equal(storedHashCount(i + 1), storage.length);
    const th = await treeHash(i + 1, r);

    for (const tile of newTiles(testH, i, i + 1)) {
      const data = await readTileData(tile, r);
      const old = tiles.get(tilePath({ ...tile, w: tile.w - 1 })) ?? Buffer.alloc(0);
      assert.equal(old.length, data.length - 32, `tile ${tilePath(tile)} should extend its predecessor`);
      assert.ok(data.subarray(0, old.length).equals(old));
      tiles.set(tilePath(tile), data);
    }
    for (const tile of [...newTiles(testH, 0, i + 1), ...newTiles(testH, Math.floor(i / 2), i + 1)]) {
      assert.ok((await readTileData(tile, r)).equals(tiles.get(tilePath(tile))!), `mismatch at ${tilePath(tile)}`);
    }
    for (let j = oldStorage; j < storage.length; j++) {
      const tile = tileForIndex(testH, j);
      const data = tiles.get(tilePath(tile));
      assert.ok(data, `tileForIndex(${testH}, ${j}) = ${tilePath(tile)} not yet stored`);
      assert.ok(hashFromTile(tile, data, j).equals(storage[j]!));
    }
    trees.push(th);

    for (let j = 0; j <= i; j++) {
      const p = await proveRecord(i + 1, j, r);
      checkRecord(p, i + 1, th, j, leaves[j]!);
      if ((i + j) % 5 !== 0) continue; // corrupting every proof of every tree is slow; sample
      for (const h of p) {
        h[0]! ^= 1;
        assert.throws(() => checkRecord(p, i + 1, th, j, leaves[j]!), { message: 'invalid transparency proof' });
        h[0]! ^= 1;
      }
    }

    // Through authenticated tiles.
    const ts = memTiles(testH, storage);
    const thr = tileHashReader({ n: i + 1, hash: th }, ts);
    for (let j = 0; j <= i; j++) {
      const [h] = await thr.readHashes([storedHashIndex(0, j)]);
      assert.ok(h!.equals(leaves[j]!));
      checkRecord(await proveRecord(i + 1, j, thr), i + 1, th, j, leaves[j]!);
    }
    assert.equal(ts.unsaved, 0);
    await assert.rejects(async () => thr.readHashes([(i + 1) * 2]), { message: 'indexes not in tree' });
    for (let j = 0; j <= i; j++) {
      assert.ok((await treeHash(j + 1, thr)).equals(trees[j]!));
      const p = await proveTree(i + 1, j + 1, thr);
      checkTree(p, i + 1, th, j + 1, trees[j]!);
      if ((i + j) % 5 !== 0) continue;
      for (const h of p) {
        h[0]! ^= 1;
        assert.throws(() => checkTree(p, i + 1, th, j + 1, trees[j]!), { message: 'invalid transparency proof' });
        h[0]! ^= 1;
      }
    }
    assert.equal(ts.unsaved, 0);
  }
});

test('tileHashReader rejects any tampered hash', async () => {
  const storage: Hash[] = [];
  for (let i = 0; i < 23; i++) storage.push(...storedHashesForRecordHashSync(i, recordHash(Buffer.from(`leaf ${i}`)), storage));
  const n = 23;
  const th = await treeHash(n, hashArrayReader(storage));
  const all = [...Array(storedHashIndex(0, n)).keys()];
  assert.deepEqual(await tileHashReader({ n, hash: th }, memTiles(2, storage)).readHashes(all), storage.slice(0, all.length));
  for (const i of all) {
    // tamper the bottom-row hashes the hash at i is computed from
    const [level, k] = splitStoredHashIndex(i);
    const bottom = storedHashIndex(Math.floor(level / 2) * 2, k * 2 ** (level % 2));
    const thz = tileHashReader({ n, hash: th }, memTiles(2, storage, bottom));
    await assert.rejects(async () => thz.readHashes([i]), { message: "downloaded inconsistent tile" }, `tampered ${i}`);
    await assert.rejects(async () => thz.readHashes(all));
  }
});

test('Certificate Transparency record and consistency proofs verify', () => {
  const root = parseHash(ctRoot);
  const leaf = recordHash(Buffer.from(ctLeaf, 'base64'));
  checkRecord(ctAudit.map(parseHash), ctSize, root, 10000, leaf);
  const oh = parseHash('AuIZ5V6sDUj1vn3Y1K85oOaQ7y+FJJKtyRTl1edIKBQ=');
  checkTree(ctConsistency.map(parseHash), ctSize, root, 3654490, oh);
  assert.throws(() => checkTree(ctConsistency.map(parseHash), ctSize, root, 3654491, oh), { message: 'invalid transparency proof' });
});

const ctSize = 961984013;
const ctRoot = 'dwlueapdd7LaOEnX2W2Wp9v2XE+KzejHRQGHwEx0oaM=';
const ctLeaf =
  'AAAAAAFelPhqUwAAAAViMIIFXjCCBEagAwIBAgIRAOodHzZdqWIFzYyl/SovhCMwDQYJKoZIhvcNAQELBQAwgZAxCzAJBgNV' +
  'BAYTAkdCMRswGQYDVQQIExJHcmVhdGVyIE1hbmNoZXN0ZXIxEDAOBgNVBAcTB1NhbGZvcmQxGjAYBgNVBAoTEUNPTU9ETyBD' +
  'QSBMaW1pdGVkMTYwNAYDVQQDEy1DT01PRE8gUlNBIERvbWFpbiBWYWxpZGF0aW9uIFNlY3VyZSBTZXJ2ZXIgQ0EwHhcNMTcw' +
  'MjE1MDAwMDAwWhcNMjAwNDE2MjM1OTU5WjBfMSEwHwYDVQQLExhEb21haW4gQ29udHJvbCBWYWxpZGF0ZWQxHTAbBgNVBAsT' +
  'FFBvc2l0aXZlU1NMIFdpbGRjYXJkMRswGQYDVQQDDBIqLmxhbmRsb3Jkcy5jb20uYXUwggEiMA0GCSqGSIb3DQEBAQUAA4IB' +
  'DwAwggEKAoIBAQCtPBKKHj4zdrGlCjgTHzb5gx9JCs97DwvBz60f14gDufF2haWbOxyJ0a3opAMsZnOr8HkARVCwxdqG/PTf' +
  'ACcb0QM7FOlzvxGqxataTYiChwvkkif8F9GlJw69HuHgzhusPf1Ytfk3ps1PRC14MkyrS4kwPrk/Le4XdkqRpRw62wG4V6Ik' +
  'bzsNMEOl1H8EgUbfyapdOcVxHjIzvBVy56fBRKG05Fr5wNq3Acak5kYZdNsLhhmlrqAfAjiombW3hb3V5blJdRC0BDdYHv2+' +
  'zKey6LqJ1FDoXo6IzbzPpC+aifZy47YX+/N1U64Qn5xlDg7mOP8JXfkNJHbU1TJZHif5AgMBAAGjggHhMIIB3TAfBgNVHSME' +
  'GDAWgBSQr2o6lFoL2JDqElZz30O0Oija5zAdBgNVHQ4EFgQUNQSLjkoz01I+iuuoC5lgEp0anhcwDgYDVR0PAQH/BAQDAgWg' +
  'MAwGA1UdEwEB/wQCMAAwHQYDVR0lBBYwFAYIKwYBBQUHAwEGCCsGAQUFBwMCME8GA1UdIARIMEYwOgYLKwYBBAGyMQECAgcw' +
  'KzApBggrBgEFBQcCARYdaHR0cHM6Ly9zZWN1cmUuY29tb2RvLmNvbS9DUFMwCAYGZ4EMAQIBMFQGA1UdHwRNMEswSaBHoEWG' +
  'Q2h0dHA6Ly9jcmwuY29tb2RvY2EuY29tL0NPTU9ET1JTQURvbWFpblZhbGlkYXRpb25TZWN1cmVTZXJ2ZXJDQS5jcmwwgYUG' +
  'CCsGAQUFBwEBBHkwdzBPBggrBgEFBQcwAoZDaHR0cDovL2NydC5jb21vZG9jYS5jb20vQ09NT0RPUlNBRG9tYWluVmFsaWRh' +
  'dGlvblNlY3VyZVNlcnZlckNBLmNydDAkBggrBgEFBQcwAYYYaHR0cDovL29jc3AuY29tb2RvY2EuY29tMC8GA1UdEQQoMCaC' +
  'EioubGFuZGxvcmRzLmNvbS5hdYIQbGFuZGxvcmRzLmNvbS5hdTANBgkqhkiG9w0BAQsFAAOCAQEACyHqxUzrexToY7tOv4+k' +
  'yGPP2D27P1tQpyzeAl1bPObiMhNK2b9vvBLDWAaqm8c0YL1h+DBdLoWzf3xFsIkTCVCjWJTNSNlcYtgRk6or1s7jWsfXzWqs' +
  'nPjPPmTIOCw7EfH7Yme3oxPs3UUsmShAgPwNohAtL9GqlqMiKM6v1WU3NHt01jEoNP23LRa6KeNK6AH6WHJykzL223IlhgXj' +
  'HTeuQj6lR+TNrQXJuhwTXYe+20rrpPQxc1Pn7AqnvfWgmicRQ7gdIcr4V6+ecTvLfNOaJ0ZYe5G5giuAAdTm7F57pk04f4gy' +
  'ZNYKrj88mvbkoriN8b6jcWExtrYO6bm2TwAA';
const ctAudit = [
  'T46AmJsuOM/gFiGlUp+IJJebp+1Z5qratFNW7U0JyOQ=',
  '9Jj1Feodn42uRYEfffkV4HF/EIPFQ5Zo9IwkxbQ2uhk=',
  'D53/1oCNebF4J59HHgioovKZxrmrKcVuCVhy3Izg8Ck=',
  'wSFDgGSrsXRPA+1c8WHoAFCsWeUv8NDyP/Q/SgsyVyY=',
  '516/RcwsgdwdzHn18v1dJHqBkgFUbNhmCIWOGjsMJaE=',
  'naTFY2ajLFgrgs5XUl+zJYZnnlJksLGsA1VYwpLfqbY=',
  'mKBRJo6qao+0Kdh/rhGkZUbHUAxMhrtrclrTpIbNjIg=',
  'Co4ueOFE7lpifLio94irxxsv1wFMMaK3tPu2ZQkHlro=',
  'yRgy800K6JMYCC05sWfqF2kvCg2riT/pVM+nEa6V5+0=',
  'n2O38XJZC8/Wpbwi9HhgVizlUyeUHVZvYyQB1607MRc=',
  'go3tAjuNfNSCj87y2Rg1xOroDknGN1eaf3cgvzObf7Q=',
  '8D0Mj3/J7ySSnFb0afIHYXv6rlOhECnsebY6XKi1IR8=',
  '6rcez46ZU8M5vPiWVMAUfJfAOV0pPP/mch/lYzZhj/M=',
  '2rtIeXrPvSdUyHc5maIgSAVB2BzaKaupWxSAiVayDE4=',
  'nniW/IMFQPN5xw8UsHFn7CRStYbm1gLu7NNa6kkRqJQ=',
  'mRPPi7sQS22MduIEyvcNzCNFqIt6kLwYPkNKrVtIcu8=',
  'JvTivzESNS9wHI8aph5a7uieVmtS/p9PciMZ5D6GyOo=',
  'UTyQd+Ym0wY4zG+qK806bBORwi1CSVvFQ/KknnqoZj8=',
  'hXODrqN+ff+U6zPqRQ+ZQKs6im1fPcxIerDSfNwflhE=',
  'II6GE+WY/DrpZzfHztLwkR46o37zVkNLCyPYlf68zA0=',
  'd609kWWcNBllbA8Jb/ad4XAVVGnScLRmtP8FYyr+Dck=',
  'rikBsP0G0gioXRpBFED2CzQdSLrGPvRd0bEcbEZw1rI=',
  'GXIElfmnRuWfbA4z7ubV/UwlpSRUbUeec7oL5HDDnh0=',
  'pR0SH/NYP6s9+8azWwaeUXA4Ze/3WCIgMfh5YW6wvcE=',
  'f3GuAKYVrF8RBg3s15jvA/YvV9oAliWtzP/imwPhQVA=',
  'WHn8zDxlVgkV+lSlmzaOdfSBrTHoRr5nT3d76q0KKWE=',
  'f2uV2ZxVgULzLPKuZcowRY3ZY7fRlX59iDBjV1R8kNQ=',
  'NzQVjJsvQwbi7WStMr9oFkh9VbHfK7LB6o7WwAqwNTs=',
  'C0LttBeYHZHgL+032JIcJC3CTBIyza/hsbmJUgJfmDI=',
  'nixU5CWTFVDlF4BGdcU6kA7WSYurEpe9jRWc+F/7sOc=',
];
const ctConsistency = [
  '80Sfbj6UQEdVSZCSIgh9NMPj3vCBzcc1A48B2crJSWg=',
  'FZcrgAHUk6nNPviJZq8kEK6jCG1d18pJOFE45ZDc1TQ=',
  'Q67reWXmPBo1UfmwBap4Xi9PMPfFdUSSw3WGlRZdG7k=',
  'eJ7CyhR4PxzBxDIsWgrVYW1eFUb9ndgf46tFmiqVrxA=',
  'QrDwp062Grm5WY8KdrhFsBuuNjGzRox2Jb8PmVL5OYw=',
  'XM4YMjMEdLH/XJam/ZWyaP14k3cmsOtnPsOWQ54lW1s=',
  'SGiBh+jOTGccXU48ZzgQ88lRcBmtB4wz4oSDndv2QTg=',
  'WAS6txqNLYKGL1GdBdpqmV42TTfn6cJsuDsqLXuTCNI=',
  'QFmRS0rirUA7ZN3lxFjDncV+E1OCrn3NUB4RCp+5fzc=',
  'Hdbp7It2XBNZmNDBpCN/KPd7vfVqxgzwOosqVIaEA9E=',
  'mxvHL0ZiblBdD7j7pIa1jlfB0gSqfJ6oX0UGo7L0VsU=',
  'q5hjyvoW6TL/PThgcitpDcSTrnKX2p1+aqscqH2euRA=',
  'jTOWDqt3IHj2NVFeezyBz2ofpru+ztEywqKUAfFclKI=',
  'GIRn0w3HqJdvU9j1WVD//eR6lk2AaTVjyzjsJNP8U88=',
  'x52GJvxG81fnQBrgOTbll1A5tz95/LXK0Ag1NhB0r1I=',
  '6/0OqrcTgc3o5dD5PymmoC96lB9yLPFuTHVvLy8fSGk=',
  'Gf+iKLfcXO5l4JEFmsZvSdG5q1uEeWPfYLrds6pmjz0=',
  'DGuaco+McyM3AfRSF6qX7RwSetwe2ieYJmxw5e9rVx0=',
  '2tQJ9V32hnYp+fdpP6TcjmgJmLeNVOMKM0Ml1kk4cNU=',
  '3PapK+IkyJr8I9yAErAmzuZezzLMzsg+PfeRCgNW8NQ=',
  's6xiYeejb+wtqHA+URJZ2I/SCPyIW8coP6aB00FJbMY=',
  'z9lSpmdTcr5M5ZzKlc4EPh3SrSypKFdk6JUF/UccaZU=',
  'GXIElfmnRuWfbA4z7ubV/UwlpSRUbUeec7oL5HDDnh0=',
  'pR0SH/NYP6s9+8azWwaeUXA4Ze/3WCIgMfh5YW6wvcE=',
  'f3GuAKYVrF8RBg3s15jvA/YvV9oAliWtzP/imwPhQVA=',
  'WHn8zDxlVgkV+lSlmzaOdfSBrTHoRr5nT3d76q0KKWE=',
  'f2uV2ZxVgULzLPKuZcowRY3ZY7fRlX59iDBjV1R8kNQ=',
  'NzQVjJsvQwbi7WStMr9oFkh9VbHfK7LB6o7WwAqwNTs=',
  'C0LttBeYHZHgL+032JIcJC3CTBIyza/hsbmJUgJfmDI=',
  'nixU5CWTFVDlF4BGdcU6kA7WSYurEpe9jRWc+F/7sOc=',
];

test('tileHashReader with a memo: same answers, tiles hashed once, tampering still caught', async () => {
  const storage: Hash[] = [];
  for (let i = 0; i < 23; i++) storage.push(...storedHashesForRecordHashSync(i, recordHash(Buffer.from(`leaf ${i}`)), storage));
  const n = 23;
  const th = await treeHash(n, hashArrayReader(storage));
  const all = [...Array(storedHashIndex(0, n)).keys()];
  // As the sumdb client: each tile read once, the same buffer handed out afterwards.
  const stable = (inner: TileReader): TileReader & { buffers: Map<string, Buffer> } => {
    const buffers = new Map<string, Buffer>();
    return {
      buffers,
      height: () => inner.height(),
      async readTiles(tiles) {
        const missing = tiles.filter((t) => !buffers.has(tilePath(t)));
        const data = await inner.readTiles(missing);
        missing.forEach((t, i) => buffers.set(tilePath(t), data[i]!));
        return tiles.map((t) => buffers.get(tilePath(t))!);
      },
      saveTiles: () => undefined,
    };
  };
  const memo: TileHashMemo = new WeakMap();
  const tr = stable(memTiles(2, storage));
  for (const x of all) assert.deepEqual(await tileHashReader({ n, hash: th }, tr, memo).readHashes([x]), [storage[x]]);
  assert.ok([...tr.buffers.values()].every((b) => memo.has(b)));
  // All at once, through the memo filled above.
  assert.deepEqual(await tileHashReader({ n, hash: th }, tr, memo).readHashes(all), storage.slice(0, all.length));
  // Older trees' hashes through the same memo (the client's consistency checks) match those from the plain hashes.
  for (let k = 1; k <= n; k++) assert.deepEqual(await treeHash(k, tileHashReader({ n, hash: th }, tr, memo)), await treeHash(k, hashArrayReader(storage)), `tree ${k}`);
  const tampered = stable(memTiles(2, storage, storedHashIndex(0, 5)));
  await assert.rejects(async () => tileHashReader({ n, hash: th }, tampered, new WeakMap()).readHashes([storedHashIndex(0, 5)]), { message: 'downloaded inconsistent tile' });
});
