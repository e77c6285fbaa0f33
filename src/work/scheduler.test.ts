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

test('Scheduler.acquireSlot: a slot lent to a running action counts against -p and goes first by priority', async () => {
  // -p 2. Leaves y (priority 0) and x (1) start; x borrows a slot for a second process while y runs:
  // the pool is full, so once y is over ready z (priority 5) waits: x's borrower (priority 1) gets the slot.
  const x = new Action('x'), y = new Action('y'), z = new Action('z'), root = new Action('root');
  y.priority = 0; x.priority = 1; z.priority = 5; root.priority = 6;
  z.deps.push(y);
  root.deps.push(x, z);
  const log: string[] = [];
  const release = new Map<string, () => void>();
  let s!: Scheduler;
  s = new Scheduler(2, async (a) => {
    log.push(`start ${a.mode}`);
    if (a.mode === 'x') {
      const give = await s.acquireSlot(a.priority);
      log.push('x borrowed');
      await new Promise<void>((r) => release.set('x borrow', r));
      give();
      give(); // giving twice gives once
      log.push('x gave back');
    } else if (a.mode === 'y') {
      await new Promise<void>((r) => release.set('y', r));
    }
    log.push(`end ${a.mode}`);
  }, () => {});
  const done = s.run([x, y, z, root], root);
  const tick = (): Promise<void> => new Promise((r) => setImmediate(r));
  await tick();
  assert.deepEqual(log, ['start y', 'start x'], 'x waits for a slot: both are taken');
  release.get('y')!();
  await tick(); await tick();
  assert.deepEqual(log, ['start y', 'start x', 'end y', 'x borrowed'], 'the borrower comes before ready z');
  release.get('x borrow')!();
  assert.equal(await done, true);
  // Giving the slot back starts z at once, before x's action is over.
  assert.deepEqual(log.slice(4), ['start z', 'end z', 'x gave back', 'end x', 'start root', 'end root']);
});

test('Scheduler.acquireSlot: a borrower is still served after stop, so its action can finish', async () => {
  // y (priority 0) holds one slot, x (1) the other, stops the run and borrows: it gets y's slot.
  const x = new Action('x'), y = new Action('y'), root = new Action('root');
  y.priority = 0; x.priority = 1; root.priority = 2;
  root.deps.push(x, y);
  let s!: Scheduler;
  let releaseY!: () => void;
  s = new Scheduler(2, async (a) => {
    if (a.mode === 'x') { s.stop(); (await s.acquireSlot(a.priority))(); }
    if (a.mode === 'y') await new Promise<void>((r) => { releaseY = r; });
  }, () => {});
  const done = s.run([x, y, root], root);
  await new Promise((r) => setImmediate(r));
  releaseY();
  assert.equal(await done, false);
});
