import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Package } from '../load/types.js';
import { JSONRunOrder, jsonRun, jsonSetupFailed } from './jsonrun.js';

const actionOf = (line: string): string => (JSON.parse(line) as { Action: string }).Action;

test('jsonSetupFailed: start, the setup-failed line, fail naming the failed package (unless gotestjsonbuildtext=1)', () => {
  const lines: string[] = [];
  const perr = { importPath: 'x/missing' } as Package;
  jsonSetupFailed('x/p', perr, (s) => lines.push(s), true);
  assert.deepEqual(lines.map(actionOf), ['start', 'output', 'fail']);
  assert.match(lines[1]!, /"Output":"FAIL\\tx\/p \[setup failed\]\\n"/);
  assert.match(lines[2]!, /"Elapsed":[0-9.]+,"FailedBuild":"x\/missing"}\n$/);
  const plain: string[] = [];
  jsonSetupFailed('x/p', perr, (s) => plain.push(s), false);
  assert.doesNotMatch(plain[2]!, /FailedBuild/);
});

test('jsonRun: start events in turn order, the run\'s outcome in the final event', async () => {
  const lines: string[] = [];
  const order = new JSONRunOrder();
  const t1 = order.next(), t2 = order.next();
  let release!: () => void;
  const gate = new Promise<void>((r) => { release = r; });
  // The second run is called first: its start waits for the first run's.
  const second = jsonRun(t2, () => false, 'b', (s) => lines.push(s), true, async (w) => { w('ok  \tb\t0.1s\n'); });
  await new Promise((r) => setImmediate(r));
  assert.equal(lines.length, 0);
  const first = jsonRun(t1, () => false, 'a', (s) => lines.push(s), true, async (w, outcome) => {
    await gate;
    w('FAIL\ta [build failed]\n');
    outcome.failed = true;
    outcome.failedBuild = { importPath: 'a', forTest: 'a' } as Package & { forTest: string };
  });
  await new Promise((r) => setImmediate(r));
  assert.match(lines[0]!, /"Action":"start","Package":"a"/);
  release();
  await Promise.all([first, second]);
  const ofA = lines.filter((l) => l.includes('"Package":"a"'));
  assert.match(ofA.at(-1)!, /"Action":"fail","Package":"a","Elapsed":[0-9.]+,"FailedBuild":"a \[a.test\]"/);
  assert.match(lines.filter((l) => l.includes('"Package":"b"')).at(-1)!, /"Action":"pass"/);
});

test('jsonRun: after a -failfast failure nothing is printed, and the next turn still goes', async () => {
  const lines: string[] = [];
  const order = new JSONRunOrder();
  const t1 = order.next(), t2 = order.next();
  let ran = false;
  await jsonRun(t1, () => true, 'a', (s) => lines.push(s), true, async () => { ran = true; });
  await jsonRun(t2, () => true, 'b', (s) => lines.push(s), true, async () => { ran = true; });
  assert.equal(ran, false);
  assert.deepEqual(lines, []);
});
