import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addSum, type GoSum } from '../lib/gosum.js';
import { loadModGraph, type ModSummary } from '../lib/mvs.js';
import type { Version } from '../lib/module.js';
import { installGraphMemo, keptGraph, type GraphMemo, type KeptGraph } from './graphmemo.js';
import { Excludes, Replacements } from './replace.js';
import { MemSource } from './source.js';
import { Summaries } from './summary.js';

/** A memo whose files never change (graphkeep.ts's stat checks are tested there). */
class MapMemo implements GraphMemo {
  readonly kept = new Map<string, KeptGraph>();
  get(key: string): KeptGraph | undefined { return this.kept.get(key); }
  put(key: string, kept: KeptGraph): void { this.kept.set(key, kept); }
}

const main = { path: 'example.com/m', version: '' };
const a = { path: 'example.com/a', version: 'v1.0.0' };

/** One run's graph load over a module cache holding a's go.mod (reads counted). */
async function run(goSum: GoSum): Promise<{ sums: Summaries; reads: () => number; loads: number }> {
  const src = new MemSource([{ path: a.path, version: a.version, goMod: 'module example.com/a\n\ngo 1.22\n' }]);
  let reads = 0;
  const goMod = src.goMod.bind(src);
  src.goMod = (p, v) => { reads++; return goMod(p, v); };
  const sums = new Summaries({
    source: src, replace: new Replacements(undefined, '/nowhere'), exclude: new Excludes(undefined), cwd: '/',
    localGo: '1.26.8', gotoolchain: 'local', goSum, gomodcache: '/modcache',
  });
  let loads = 0;
  const summary = async (m: Version): Promise<ModSummary> => {
    const s = await sums.summary(m);
    return { require: s.require, pruning: s.pruning };
  };
  await keptGraph({ graphRoots: [main], roots: [a], pruning: 'pruned' }, sums, summary, (sm) => {
    loads++;
    return loadModGraph({ graphRoots: [main], mainModule: main, roots: [a], pruning: 'pruned', summary: sm });
  });
  return { sums, reads: () => reads, loads };
}

test('a kept graph hands its go.mod summaries to the run reusing it, which then reads no go.mod', async () => {
  const memo = new MapMemo();
  installGraphMemo(memo);
  try {
    const goSum: GoSum = new Map();
    addSum(goSum, { path: a.path, version: a.version + '/go.mod' }, 'h1:abc=');
    const first = await run(goSum);
    assert.equal(first.loads, 1);
    assert.equal(first.reads(), 1);
    assert.equal(memo.kept.size, 1);

    const second = await run(goSum);
    assert.equal(second.loads, 0, 'the graph is reused');
    assert.equal((await second.sums.rawSummary(a)).goVersion, '1.22');
    assert.equal(second.reads(), 0, 'the summary came with the graph');

    // go.sum naming another hash: the graph and its summaries are not reused.
    const other: GoSum = new Map();
    addSum(other, { path: a.path, version: a.version + '/go.mod' }, 'h1:other=');
    const third = await run(other);
    assert.equal(third.loads, 1);
    assert.equal(third.reads(), 1);
  } finally {
    installGraphMemo(undefined);
  }
});
