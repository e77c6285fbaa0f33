import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as semver from '../lib/semver.js';
import { FileNotExistError, UnknownRevisionError, type CodeRepo, type CodeRevInfo, type Tags } from './codehost/codehost.js';
import { CodeRepoModule } from './coderepo.js';

interface Commit {
  hash: string;
  time: number;
  parent?: string;
  files: Record<string, string>;
}

/** An in-memory repository: commits in a line or tree, tags and branches. */
class FakeRepo implements CodeRepo {
  readonly commits = new Map<string, Commit>();
  readonly tagMap = new Map<string, string>();
  readonly branches = new Map<string, string>();
  head = '';

  commit(name: string, time: string, files: Record<string, string>, parent = this.head): string {
    const hash = name.padEnd(40, '0');
    const inherited = parent ? this.commits.get(parent)!.files : {};
    this.commits.set(hash, { hash, time: Date.parse(time) / 1000, parent: parent || undefined, files: { ...inherited, ...files } });
    this.head = hash;
    return hash;
  }

  private ancestors(hash: string): Set<string> {
    const out = new Set<string>();
    for (let h: string | undefined = hash; h; h = this.commits.get(h)?.parent) out.add(h);
    return out;
  }

  private resolve(rev: string): string {
    const h = this.tagMap.get(rev) ?? this.branches.get(rev) ?? (rev === 'HEAD' ? this.head : undefined);
    if (h) return h;
    const m = [...this.commits.keys()].filter((k) => rev.length >= 7 && k.startsWith(rev));
    if (m.length === 1) return m[0]!;
    throw new UnknownRevisionError(rev);
  }

  async tags(prefix: string): Promise<Tags> {
    const list = [...this.tagMap].filter(([n]) => n.startsWith(prefix)).map(([name, hash]) => ({ name, hash })).sort((a, b) => (a.name < b.name ? -1 : 1));
    return { origin: { VCS: 'git', URL: 'https://example.com/r', TagPrefix: prefix, TagSum: 't1:x' }, list };
  }

  async stat(rev: string): Promise<CodeRevInfo> {
    const hash = this.resolve(rev);
    const c = this.commits.get(hash)!;
    const tags = [...this.tagMap].filter(([, h]) => h === hash).map(([n]) => n).sort();
    return { origin: { VCS: 'git', URL: 'https://example.com/r', Hash: hash }, name: hash, short: hash.slice(0, 12), version: tags.includes(rev) ? rev : hash, time: c.time, tags };
  }

  latest(): Promise<CodeRevInfo> {
    return this.stat(this.head);
  }

  async readFile(rev: string, file: string): Promise<Buffer> {
    const data = this.commits.get(this.resolve(rev))!.files[file];
    if (data === undefined) throw new FileNotExistError();
    return Buffer.from(data);
  }

  readZip(): Promise<Buffer> {
    return Promise.reject(new Error('not used'));
  }

  async recentTag(rev: string, prefix: string, allowed: (tag: string) => boolean): Promise<string> {
    const anc = this.ancestors(this.resolve(rev));
    let best = '';
    for (const [name, hash] of this.tagMap) {
      if (!anc.has(hash) || !name.startsWith(prefix) || !allowed(name)) continue;
      if (semver.compare(name.slice(prefix.length), best.slice(prefix.length)) > 0) best = name;
    }
    return best;
  }

  async descendsFrom(rev: string, tag: string): Promise<boolean> {
    return this.ancestors(this.resolve(rev)).has(this.resolve(tag));
  }
}

const mod = (r: FakeRepo, path: string, root = 'example.com/r'): CodeRepoModule => new CodeRepoModule(r, root, '', path, '1.26.8');

test('pseudo-versions: no tag, after a release, after a prerelease', async () => {
  const r = new FakeRepo();
  const c1 = r.commit('aaaaaaaaaaaa', '2020-01-02T03:04:05Z', { 'go.mod': 'module example.com/r\n' });
  const m = mod(r, 'example.com/r');
  assert.equal((await m.stat(c1.slice(0, 12))).version, 'v0.0.0-20200102030405-aaaaaaaaaaaa');
  r.tagMap.set('v1.2.3', c1);
  const c2 = r.commit('bbbbbbbbbbbb', '2020-02-03T04:05:06Z', { 'x.go': 'package x' });
  const m2 = mod(r, 'example.com/r');
  assert.equal((await m2.stat(c1)).version, 'v1.2.3', 'a tagged commit is its tag');
  const info = await m2.stat(c2.slice(0, 7));
  assert.equal(info.version, 'v1.2.4-0.20200203040506-bbbbbbbbbbbb');
  assert.equal(info.time, '2020-02-03T04:05:06Z');
  assert.equal(info.origin?.TagSum, 't1:x', 'a pseudo-version records the tags it was computed from');
  r.tagMap.set('v1.3.0-pre', c2);
  const c3 = r.commit('cccccccccccc', '2020-03-04T05:06:07Z', { 'y.go': 'package x' });
  assert.equal((await mod(r, 'example.com/r').stat(c3)).version, 'v1.3.0-pre.0.20200304050607-cccccccccccc');
  assert.deepEqual(await mod(r, 'example.com/r').versions(''), ['v1.2.3', 'v1.3.0-pre']);
});

test('pseudo-version validation: hash, time and base tag must agree with the repository', async () => {
  const r = new FakeRepo();
  const c1 = r.commit('aaaaaaaaaaaa', '2020-01-02T03:04:05Z', { 'go.mod': 'module example.com/r\n' });
  r.tagMap.set('v1.0.0', c1);
  const side = r.commit('dddddddddddd', '2020-01-05T00:00:00Z', { 'z.go': 'package z' }, '');
  r.commit('bbbbbbbbbbbb', '2020-02-03T04:05:06Z', { 'x.go': 'package x' }, c1);
  const m = mod(r, 'example.com/r');
  assert.equal((await m.stat('v1.0.1-0.20200203040506-bbbbbbbbbbbb')).version, 'v1.0.1-0.20200203040506-bbbbbbbbbbbb');
  await assert.rejects(m.stat('v1.0.1-0.20200203040507-bbbbbbbbbbbb'), { message: 'example.com/r@v1.0.1-0.20200203040507-bbbbbbbbbbbb: invalid pseudo-version: does not match version-control timestamp (expected 20200203040506)' });
  await assert.rejects(m.stat('v1.0.1-0.20200105000000-dddddddddddd'), { message: 'example.com/r@v1.0.1-0.20200105000000-dddddddddddd: invalid pseudo-version: revision dddddddddddd is not a descendent of preceding tag (v1.0.0)' });
  await assert.rejects(m.stat('v1.5.1-0.20200203040506-bbbbbbbbbbbb'), { message: 'example.com/r@v1.5.1-0.20200203040506-bbbbbbbbbbbb: invalid pseudo-version: preceding tag (v1.5.0) not found' });
  await assert.rejects(m.stat('v1.0.1-0.20200102030405-aaaaaaaaaaaa'), /tag \(v1\.0\.0\) found on revision aaaaaaaaaaaa is already canonical/);
  await assert.rejects(m.stat('v1.0.0-20200105000000-dddddddddddd'), /major version without preceding tag must be v0, not v1/);
  void side;
});

test('major versions: a /v2 module in a v2 subdirectory, and +incompatible for a repository without go.mod', async () => {
  const r = new FakeRepo();
  const c1 = r.commit('aaaaaaaaaaaa', '2021-01-01T00:00:00Z', { 'go.mod': 'module example.com/r\n', 'v2/go.mod': 'module example.com/r/v2\n' });
  r.tagMap.set('v2.0.0', c1);
  const m2 = mod(r, 'example.com/r/v2');
  assert.equal((await m2.stat('v2.0.0')).version, 'v2.0.0');
  assert.equal((await m2.goMod('v2.0.0')).toString(), 'module example.com/r/v2\n');
  const c2 = r.commit('bbbbbbbbbbbb', '2021-02-01T00:00:00Z', { 'v2/x.go': 'package x' });
  assert.equal((await mod(r, 'example.com/r/v2').stat(c2)).version, 'v2.0.1-0.20210201000000-bbbbbbbbbbbb');
  await assert.rejects(mod(r, 'example.com/r').stat('v2.0.0'), /module contains a go\.mod file, so module path must match major version \("example\.com\/r\/v2"\)/);

  const o = new FakeRepo();
  const d1 = o.commit('eeeeeeeeeeee', '2019-01-01T00:00:00Z', { 'a.go': 'package a' });
  o.tagMap.set('v3.1.0', d1);
  o.tagMap.set('v1.0.0', d1);
  const om = mod(o, 'example.com/r');
  assert.deepEqual(await om.versions(''), ['v1.0.0', 'v3.1.0+incompatible']);
  assert.equal((await om.stat('v3.1.0+incompatible')).version, 'v3.1.0+incompatible');
  assert.equal((await om.goMod('v3.1.0+incompatible')).toString(), 'module example.com/r\n', 'a synthesized go.mod');
  const d2 = o.commit('ffffffffffff', '2019-02-01T00:00:00Z', { 'b.go': 'package a' });
  o.tagMap.delete('v1.0.0');
  assert.equal((await mod(o, 'example.com/r').stat(d2)).version, 'v3.1.1-0.20190201000000-ffffffffffff+incompatible');
});

test('a module in a subdirectory takes its tags with the directory prefix', async () => {
  const r = new FakeRepo();
  const c1 = r.commit('aaaaaaaaaaaa', '2022-01-01T00:00:00Z', { 'go.mod': 'module example.com/r\n', 'sub/go.mod': 'module example.com/r/sub\n' });
  r.tagMap.set('sub/v0.2.0', c1);
  r.tagMap.set('v1.0.0', c1);
  const m = mod(r, 'example.com/r/sub');
  assert.deepEqual(await m.versions(''), ['v0.2.0']);
  const c2 = r.commit('bbbbbbbbbbbb', '2022-02-01T00:00:00Z', { 'sub/x.go': 'package sub' });
  const info = await mod(r, 'example.com/r/sub').stat(c2);
  assert.equal(info.version, 'v0.2.1-0.20220201000000-bbbbbbbbbbbb');
  assert.equal(info.origin?.Subdir, 'sub');
  await assert.rejects(mod(r, 'example.com/r/nothere').stat('v1.0.0'), { message: 'example.com/r/nothere@v1.0.0: invalid version: unknown revision nothere/v1.0.0' });
  await assert.rejects(mod(r, 'example.com/r/nothere').stat(c2), /missing example\.com\/r\/nothere\/go\.mod at revision bbbbbbbbbbbb/);
});
