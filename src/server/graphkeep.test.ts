import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cmpVersion, Graph } from '../lib/mvs.js';
import { StatGraphMemo } from './graphkeep.js';

const x = [{ path: 'example.com/x', version: 'v1.0.0' }];
const loaded = () => ({ graph: new Graph(cmpVersion, [{ path: 'example.com/m', version: '' }]) });
const kept = (l = loaded(), versions: typeof x = []) => ({ loaded: l, versions, sums: '', summaries: [] });

test('a kept graph is given back while its files are unchanged, and dropped once one changes', () => {
  const facts = new Map([['/a/go.mod', '1'], ['/c/x.mod', '2']]);
  const memo = new StatGraphMemo((f) => facts.get(f) ?? '');
  const l = loaded();
  memo.put('k', kept(l, x), ['/a/go.mod', '/c/x.mod']);
  assert.equal(memo.get('k')?.loaded, l);
  assert.deepEqual(memo.get('k')?.versions, x);
  assert.equal(memo.get('other'), undefined);
  facts.set('/a/go.mod', '3');
  assert.equal(memo.get('k'), undefined);
  facts.set('/a/go.mod', '1');
  assert.equal(memo.get('k'), undefined, 'a dropped graph stays dropped');
  memo.put('k', kept(l, x), ['/c/x.mod']);
  facts.delete('/c/x.mod');
  assert.equal(memo.get('k'), undefined, 'a file gone means a new load');
});

test('a graph read from a file that cannot be stat\'ed is not kept; the oldest graph goes first', () => {
  const memo = new StatGraphMemo((f) => (f === '/missing' ? '' : 'same'));
  memo.put('k', kept(), ['/missing']);
  assert.equal(memo.get('k'), undefined);
  for (let i = 0; i < 8; i++) memo.put(`k${i}`, kept(), ['/f']);
  memo.get('k0'); // used again: now the newest
  memo.put('k8', kept(), ['/f']);
  assert.equal(memo.size, 8);
  assert.ok(memo.get('k0'));
  assert.equal(memo.get('k1'), undefined);
});
