// The go/toolchain pseudo-modules over golang.org/toolchain's versions (go's modfetch toolchainRepo).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as gover from '../lib/gover.js';
import type { QueryRepo } from './query.js';
import { DL_MODULE, goToDL, toolchainQueryRepo } from './toolchainrepo.js';

const dlList = ['v0.0.1-go1.22.0.linux-amd64', 'v0.0.1-go1.22.9.linux-amd64', 'v0.0.1-go1.22.9.darwin-arm64', 'v0.0.1-go1.24rc1.linux-amd64'];
const stats: string[] = [];
const dl: QueryRepo = {
  versions: async (path) => (path === DL_MODULE ? dlList : []),
  stat: async (path, rev) => {
    stats.push(rev);
    if (path !== DL_MODULE || !dlList.includes(rev)) throw new Error(`${rev}: not found`);
    return { version: rev, time: '2023-01-01T00:00:00Z' };
  },
  latest: async () => {
    throw new Error('unused');
  },
  goMod: async () => new Uint8Array(),
};

test('versions: each Go version once, the local one added, toolchain names with go', async () => {
  const r = toolchainQueryRepo(dl, '1.21');
  assert.deepEqual(await r.versions('go', '1.22.'), ['1.21', '1.22.0', '1.22.9', '1.24rc1']);
  assert.deepEqual(await r.versions('toolchain', ''), ['go1.21', 'go1.22.0', 'go1.22.9', 'go1.24rc1']);
  assert.deepEqual(gover.toolchainVersions('go', ['v0.0.1', 'v0.0.1-go1.2.linux'], '1.21'), ['1.21']);
});

test('stat: standard forms, local versions without lookup, language versions refused', async () => {
  const r = toolchainQueryRepo(dl, '1.21');
  stats.length = 0;
  assert.equal((await r.stat('go', 'go1.19')).version, '1.19');
  assert.equal((await r.stat('toolchain', '1.21')).version, 'go1.21');
  assert.deepEqual(stats, []);
  assert.equal((await r.stat('toolchain', '1.22.9')).version, 'go1.22.9');
  assert.deepEqual(stats, [goToDL('1.22.9')]);
  await assert.rejects(r.stat('go', 'garbage'), /^Error: invalid go version garbage$/);
  await assert.rejects(r.stat('go', '1.23'), /go language version 1.23 is not a toolchain version/);
  await assert.rejects(r.stat('go', '1.22.5'), /not found/);
  assert.equal((await r.latest('toolchain')).version, 'go1.24rc1');
  assert.equal(new TextDecoder().decode(await r.goMod('go', '1.22.9')), 'module go\n');
});
