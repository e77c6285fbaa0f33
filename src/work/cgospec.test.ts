import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Package } from '../load/types.js';
import { fakePackage } from '../load/fakepackage.test-util.js';
import { Action } from './action.js';
import type { CgoFront } from './cgo.js';
import { seedFreeCompile, SPECULATE_MIN_C_BYTES, speculationCandidate } from './cgospec.js';
import { CgoSpeculations, type SpeculativeRun } from './cgospecrun.js';
import type { Shell } from './shell.js';

function pkg(over: Partial<Package>): Package {
  return fakePackage('example.com/p', { dir: '/src/p', goFiles: [], ...over });
}

const big = (f: string): number => (f.endsWith('big.c') ? SPECULATE_MIN_C_BYTES : 100);

test('speculationCandidate: cgo with a large C part only, C and assembly only, no pkg-config', () => {
  assert.equal(speculationCandidate(pkg({ cgoFiles: ['a.go'], cFiles: ['big.c'] }), big), true);
  assert.equal(speculationCandidate(pkg({ cgoFiles: ['a.go'], cFiles: ['small.c', 'x.c'] }), big), false);
  assert.equal(speculationCandidate(pkg({ cFiles: ['big.c'] }), big), false, 'no cgo');
  assert.equal(speculationCandidate(pkg({ cgoFiles: ['a.go'], cFiles: ['big.c'], cxxFiles: ['b.cc'] }), big), false);
  assert.equal(speculationCandidate(pkg({ cgoFiles: ['a.go'], cFiles: ['big.c'], cgoPkgConfig: ['sqlite3'] }), big), false);
  assert.equal(speculationCandidate(pkg({ cgoFiles: ['a.go'], cFiles: ['big.c', 'gone.c'] }), (f) => (f.endsWith('gone.c') ? -1 : big(f))), false);
  // Several files count together.
  assert.equal(speculationCandidate(pkg({ cgoFiles: ['a.go'], cFiles: ['a.c', 'b.c'] }), () => SPECULATE_MIN_C_BYTES / 2), true);
});

test('seedFreeCompile: switches not recorded, no flag that uses the seed', () => {
  const cc = ['gcc', '-I', '.', '-fPIC', '-gno-record-gcc-switches', '-O2', '-g'];
  assert.equal(seedFreeCompile(cc), true);
  assert.equal(seedFreeCompile(cc.filter((f) => f !== '-gno-record-gcc-switches')), false);
  for (const f of ['-flto', '-fsanitize=address', '-fprofile-generate', '--coverage', '-grecord-gcc-switches']) {
    assert.equal(seedFreeCompile([...cc, f]), false, f);
  }
});

/** A package build a with dependency chain a -> d1 -> d0, and an unrelated action u. */
function graph(): { a: Action; d1: Action; d0: Action; u: Action; all: Action[] } {
  const d0 = new Action('build'), d1 = new Action('build'), a = new Action('build'), u = new Action('build');
  d1.deps = [d0];
  a.deps = [d1];
  return { a, d1, d0, u, all: [d0, d1, a, u] };
}

const FRONT: CgoFront = { goFiles: ['g.go'], compiled: ['x.o'], notInternal: false, cflags: [], ldflags: [], cgoExe: 'cgo' };

/** A fake speculative run: holds its slot, then finishes when told to (or fails once stopped). */
function fakeRun(log: string[]): { start: (a: Action) => SpeculativeRun; finish: () => void } {
  let finish = (): void => {};
  const start = (): SpeculativeRun => {
    let stopped = false;
    let fail = (): void => {};
    // Typed loosely: the speculation calls nothing of its shell but stop().
    const sh = { stop: () => { stopped = true; log.push('stop'); fail(); } } as unknown as Shell;
    const buf = { output: '# p\nwarning\n', cmds: [['cgo']] };
    const run = async (holdSlot: () => Promise<void>): Promise<CgoFront> => {
      await holdSlot();
      log.push('running');
      await new Promise<void>((resolve, reject) => {
        finish = resolve;
        fail = () => reject(new Error('killed'));
        if (stopped) fail();
      });
      return FRONT;
    };
    return { sh, buf, run };
  };
  return { start, finish: () => finish() };
}

function slots(log: string[]): { acquire: () => Promise<() => void>; grant: () => void } {
  const waiting: (() => void)[] = [];
  return {
    acquire: () => new Promise((resolve) => { waiting.push(() => resolve(() => log.push('released'))); }),
    grant: () => waiting.shift()?.(),
  };
}

/** A graph's speculations with a as the only candidate, over a fake run and slots that log what happens. */
function speculating(all: Action[], a: Action): { log: string[]; fake: ReturnType<typeof fakeRun>; s: ReturnType<typeof slots>; specs: CgoSpeculations } {
  const log: string[] = [];
  const fake = fakeRun(log);
  const s = slots(log);
  return { log, fake, s, specs: new CgoSpeculations(all, fake.start, s.acquire, (x) => x === a) };
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

test('CgoSpeculations: starts once a dependency compiles, in a slot of its own; adopted with its output', async () => {
  const { a, d0, u, all } = graph();
  const { log, fake, s, specs } = speculating(all, a);
  specs.dependencyCompiling(u);
  assert.equal(specs.startedCount, 0, 'an unrelated compile starts nothing');
  specs.dependencyCompiling(d0);
  specs.dependencyCompiling(d0);
  assert.equal(specs.startedCount, 1);
  await tick();
  assert.deepEqual(log, [], 'waits for a slot');
  s.grant();
  await tick();
  assert.deepEqual(log, ['running']);
  fake.finish();
  await tick();
  assert.deepEqual(log, ['running', 'released'], 'the slot goes back when the run ends');
  const buf: { output: string | null; cmds: string[][] } = { output: '', cmds: [] };
  assert.equal(await specs.adopt(a, buf), FRONT);
  assert.equal(buf.output, '# p\nwarning\n');
  assert.deepEqual(buf.cmds, [['cgo']]);
  assert.equal(await specs.adopt(a, buf), undefined, 'adopted once');
});

test('CgoSpeculations: adopted while waiting for a slot, it runs in the action\'s own; a slot granted later goes back', async () => {
  const { a, d1, all } = graph();
  const { log, fake, s, specs } = speculating(all, a);
  specs.dependencyCompiling(d1);
  const adopted = specs.adopt(a, { output: null });
  await tick();
  assert.deepEqual(log, ['running']);
  s.grant();
  await tick();
  assert.deepEqual(log, ['running', 'released']);
  fake.finish();
  assert.equal(await adopted, FRONT);
});

test('CgoSpeculations: a cached package stops its run, which then counts for nothing', async () => {
  const { a, d0, all } = graph();
  const { log, s, specs } = speculating(all, a);
  specs.dependencyCompiling(d0);
  s.grant();
  await tick();
  await specs.discard(a);
  assert.deepEqual(log, ['running', 'stop', 'released']);
  assert.equal(await specs.adopt(a, { output: null }), undefined);
  specs.dependencyCompiling(d0);
  assert.equal(specs.startedCount, 1, 'not started again');
});

test('CgoSpeculations: the build ending stops every run not adopted; a package reached first never starts one', async () => {
  const { a, d0, all } = graph();
  const { log, fake, s, specs } = speculating(all, a);
  specs.dependencyCompiling(d0);
  await specs.discardAll();
  assert.deepEqual(log, ['stop'], 'stopped while still waiting for its slot');
  const later = new CgoSpeculations(all, fake.start, s.acquire, (x) => x === a);
  assert.equal(await later.adopt(a, { output: null }), undefined);
  later.dependencyCompiling(d0);
  assert.equal(later.startedCount, 0);
});
