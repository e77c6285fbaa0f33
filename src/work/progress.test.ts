import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Action } from './action.js';
import type { Package } from '../load/types.js';
import { actionLabel, BuildProgress } from './progress.js';

const pkg = (importPath: string): Package => ({ importPath }) as Package;

test('actionLabel: what the line calls a running action; bookkeeping actions have no name', () => {
  assert.equal(actionLabel(new Action('build', pkg('net/http'))), 'compile net/http');
  assert.equal(actionLabel(new Action('link', pkg('example.com/m'))), 'link example.com/m');
  assert.equal(actionLabel(new Action('test run', pkg('example.com/m/lib'))), 'test example.com/m/lib');
  assert.equal(actionLabel(new Action('build-install', pkg('fmt'))), undefined);
  assert.equal(actionLabel(new Action('go build')), undefined);
});

test('BuildProgress: totals add up over builders, running in start order, every finish counts', () => {
  const p = new BuildProgress();
  const a = new Action('build', pkg('a'));
  const b = new Action('build', pkg('b'));
  const c = new Action('build', pkg('c'));
  const root = new Action('go build');
  const link = new Action('link', pkg('m'));
  p.add([a, b, root]);
  p.add([c, link]);
  p.start(a);
  p.start(root);
  p.start(b);
  assert.deepEqual(p.status(), { done: 0, total: 5, running: ['compile a', 'compile b'] });
  p.finish(a);
  p.finish(root);
  assert.deepEqual(p.status(), { done: 2, total: 5, running: ['compile b'] });
});

test('BuildProgress: a package step two builders both hold (the early runtime build and the main one) counts once', () => {
  const p = new BuildProgress();
  const early = [new Action('build', pkg('runtime')), new Action('build', pkg('internal/abi'))];
  p.add(early);
  assert.equal(p.status().total, 2);
  const main = [new Action('build', pkg('runtime')), new Action('build', pkg('internal/abi')), new Action('build', pkg('fmt')), new Action('go build')];
  p.add(main);
  assert.equal(p.status().total, 4);
  for (const a of early) { p.start(a); p.finish(a); }
  // The main builder's copies finish too (they wait on the early build's results): still counted once.
  for (const a of main.slice(0, 2)) { p.start(a); p.finish(a); }
  assert.deepEqual(p.status(), { done: 2, total: 4, running: [] });
});

test('BuildProgress: quiet calls its hook once', () => {
  const p = new BuildProgress();
  let n = 0;
  p.quiet();
  p.onQuiet(() => { n++; });
  p.quiet();
  p.quiet();
  assert.equal(n, 1);
});
