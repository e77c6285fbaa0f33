import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Excludes, Replacements } from './replace.js';
import { MemSource } from './source.js';
import { Summaries } from './summary.js';

/** A MemSource whose cached go.mod files (goModSync) are a chosen subset, counting asynchronous reads. */
function source(cached: Set<string>): MemSource & { asyncReads: number } {
  const s = Object.assign(new MemSource(), { asyncReads: 0 });
  const texts = new Map([
    ['example.com/a@v1.0.0', 'module example.com/a\n\ngo 1.22\n\nrequire example.com/b v1.1.0\n'],
    ['example.com/b@v1.1.0', 'module example.com/b\n\ngo 1.19\n'],
  ]);
  for (const [k, goMod] of texts) {
    const [path, version] = k.split('@') as [string, string];
    s.add({ path, version, goMod });
  }
  const goMod = s.goMod.bind(s);
  s.goMod = (p, v) => { s.asyncReads++; return goMod(p, v); };
  return Object.assign(s, {
    goModSync: (p: string, v: string) => (cached.has(`${p}@${v}`) ? Buffer.from(texts.get(`${p}@${v}`)!) : undefined),
  });
}

function summaries(src: MemSource): Summaries {
  return new Summaries({ source: src, replace: new Replacements(undefined, '/nowhere'), exclude: new Excludes(undefined), cwd: '/', localGo: '1.26.8', gotoolchain: 'local' });
}

test('rawSummarySync reads a cached go.mod without waiting, and agrees with rawSummary', async () => {
  const src = source(new Set(['example.com/a@v1.0.0']));
  const sums = summaries(src);
  const a = sums.rawSummarySync({ path: 'example.com/a', version: 'v1.0.0' });
  assert.equal(a?.goVersion, '1.22');
  assert.deepEqual(await sums.rawSummary({ path: 'example.com/a', version: 'v1.0.0' }), a);
  assert.equal(src.asyncReads, 0);
  // Not cached: the caller must wait for rawSummary; once that is done the answer is synchronous.
  assert.equal(sums.rawSummarySync({ path: 'example.com/b', version: 'v1.1.0' }), undefined);
  assert.equal((await sums.rawSummary({ path: 'example.com/b', version: 'v1.1.0' })).goVersion, '1.19');
  assert.equal(sums.rawSummarySync({ path: 'example.com/b', version: 'v1.1.0' })?.goVersion, '1.19');
  assert.equal(src.asyncReads, 1);
});

test('a dependency go.mod summary keeps its ignore directives (wildcards skip those directories)', async () => {
  const s = new MemSource();
  s.add({ path: 'example.com/ignore', version: 'v1.0.0', goMod: 'module example.com/ignore\n\nignore ./foo\nignore (\n\tbar\n)\n' });
  s.add({ path: 'example.com/plain', version: 'v1.0.0', goMod: 'module example.com/plain\n' });
  const sums = summaries(s);
  assert.deepEqual((await sums.rawSummary({ path: 'example.com/ignore', version: 'v1.0.0' })).ignore, ['./foo', 'bar']);
  assert.equal((await sums.rawSummary({ path: 'example.com/plain', version: 'v1.0.0' })).ignore, undefined);
});

test('a go.mod text parsed by one Summaries is reused by the next, each judging its go line against its own toolchain', async () => {
  const s = new MemSource();
  s.add({ path: 'example.com/new', version: 'v1.0.0', goMod: 'module example.com/new\n\ngo 1.30\n\nrequire example.com/b v1.1.0\n' });
  const m = { path: 'example.com/new', version: 'v1.0.0' };
  const mk = (localGo: string): Summaries => new Summaries({ source: s, replace: new Replacements(undefined, '/nowhere'), exclude: new Excludes(undefined), cwd: '/', localGo, gotoolchain: 'local' });
  const old = await mk('1.26.8').rawSummary(m);
  const recent = await mk('1.31.0').rawSummary(m);
  assert.ok(old.tooNew, 'go 1.30 is too new for 1.26.8');
  assert.equal(recent.tooNew, undefined, 'the memo does not carry the first verdict over');
  assert.deepEqual(recent.require, old.require);
  // Another text under the same path and version (a test proxy rebuilt) is parsed afresh.
  const t = new MemSource();
  t.add({ path: 'example.com/new', version: 'v1.0.0', goMod: 'module example.com/new\n\ngo 1.20\n' });
  const other = await new Summaries({ source: t, replace: new Replacements(undefined, '/nowhere'), exclude: new Excludes(undefined), cwd: '/', localGo: '1.26.8', gotoolchain: 'local' }).rawSummary(m);
  assert.equal(other.goVersion, '1.20');
  assert.deepEqual(other.require, [], 'go 1.20 lists no go@ requirement');
});
