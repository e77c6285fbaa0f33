// Tests for the later Turbofan tier-up: when it applies, and that V8 takes the flag while running.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { tierUpFlag } from './tierup.js';

test('the budget changes only when V8 flags may change, and only on the V8 it was measured with', () => {
  assert.equal(tierUpFlag(false, '11.3.244.8-node.38'), undefined);
  assert.equal(tierUpFlag(true, '12.4.254.21-node.33'), undefined);
  const flag = tierUpFlag(true, '11.3.244.8-node.38');
  assert.match(flag ?? '', /^--interrupt-budget=\d+$/);
  // Later than V8's default (66 KB of bytecode work), never earlier.
  assert.ok(Number(flag!.split('=')[1]) > 66 * 1024);
});

test('a function tiers up to Turbofan later once the budget is raised at run time', () => {
  // A child with natives syntax counts the calls a small hot function takes to be marked for optimization,
  // with and without delayTierUp; the raised budget must take several times as many (238 and 947 here).
  const mod = fileURLToPath(new URL('./tierup.js', import.meta.url));
  const script = `
    const { delayTierUp } = await import(${JSON.stringify(mod)});
    if (process.argv[1] === 'late' && delayTierUp(true) === undefined) { console.log('skip'); process.exit(0); }
    function hot(a) { let s = 0; for (let i = 0; i < 8; i++) s += a[i] * i; return s; }
    const a = [1, 2, 3, 4, 5, 6, 7, 8];
    let n = 0;
    // Status bits: optimized (1 << 4), marked for optimization (1 << 8, concurrent 1 << 9) or being
    // optimized (1 << 10). Marking happens at a budget tick, so the count does not depend on timing.
    while (n < 1e6 && (%GetOptimizationStatus(hot) & (1 << 4 | 1 << 8 | 1 << 9 | 1 << 10)) === 0) { hot(a); n++; }
    console.log(n);`;
  const run = (mode: string): string => {
    const r = spawnSync(process.execPath, ['--allow-natives-syntax', '--input-type=module', '-e', script, mode], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout.trim();
  };
  const late = run('late');
  if (late === 'skip') return;
  const early = Number(run('default'));
  assert.ok(Number(late) >= 3 * early, `tier-up after ${early} calls by default, ${late} with the raised budget`);
});
