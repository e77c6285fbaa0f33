import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Action } from './action.js';
import { Scheduler } from './scheduler.js';

/** A chain a <- b <- c (c is the root) whose actions finish when told to. */
function chain(): { all: Action[]; root: Action; release: Map<Action, () => void>; started: Action[] } {
  const a = new Action('a'), b = new Action('b'), c = new Action('c');
  b.deps.push(a);
  c.deps.push(b);
  return { all: [a, b, c], root: c, release: new Map(), started: [] };
}

test('Scheduler runs a chain in order and resolves true', async () => {
  const { all, root, started } = chain();
  const s = new Scheduler(2, async (a) => { started.push(a); }, () => {});
  assert.equal(await s.run(all, root), true);
  assert.deepEqual(started.map((a) => a.mode), ['a', 'b', 'c']);
});

test('Scheduler.stop: nothing more starts; run resolves false once the running action is over', async () => {
  const { all, root, release, started } = chain();
  const s = new Scheduler(2, (a) => new Promise<void>((r) => { started.push(a); release.set(a, r); }), () => {});
  const done = s.run(all, root);
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(started.map((a) => a.mode), ['a']);
  s.stop();
  let settled = false;
  void done.then(() => { settled = true; });
  await new Promise((r) => setImmediate(r));
  assert.equal(settled, false, 'waits for the running action');
  release.get(all[0]!)!();
  assert.equal(await done, false);
  assert.deepEqual(started.map((a) => a.mode), ['a'], 'b and c never started');
  // Stopping a finished or idle scheduler is harmless.
  s.stop();
});

test('Scheduler reports each batch of newly ready actions (a graph level) before running any of it', async () => {
  // Two leaves, two actions over both, a root over those: levels [l1 l2], [m1 m2], [root].
  const l1 = new Action('l1'), l2 = new Action('l2'), m1 = new Action('m1'), m2 = new Action('m2'), root = new Action('root');
  m1.deps.push(l1, l2);
  m2.deps.push(l1, l2);
  root.deps.push(m1, m2);
  const log: string[] = [];
  // With -p 1 the second leaf finishing readies both middle actions at once.
  const s = new Scheduler(1, async (a) => { log.push(`run ${a.mode}`); }, () => {}, (ready) => log.push(`ready ${ready.map((a) => a.mode).sort().join(' ')}`));
  assert.equal(await s.run([l1, l2, m1, m2, root], root), true);
  assert.equal(log[0], 'ready l1 l2');
  assert.ok(log.indexOf('ready m1 m2') >= 0 && log.indexOf('ready m1 m2') < log.indexOf('run m1'), log.join(', '));
  assert.ok(log.indexOf('ready root') < log.indexOf('run root'));
});
