// The code cache's training run: every command succeeds on the training module, offline, and prints what real
// go prints there (so the cache is made from the paths real runs take, not from error paths).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { prepareTraining, TRAINING_COMMANDS, trainCodeCache } from './codecachetrain.js';
import { cacheFamily } from './codecache.js';
import { realGo, runRealGo, tempDir } from '../cfg/testutil.js';

test('training: each family trains on commands of its own, which succeed on the training module, offline', async () => {
  for (const [family, commands] of Object.entries(TRAINING_COMMANDS)) {
    for (const args of commands) assert.equal(cacheFamily(args), family, args.join(' '));
    const runs = await trainCodeCache(family);
    assert.deepEqual(runs.map((r) => r.args), commands);
    for (const r of runs) {
      assert.equal(r.code, 0, `${r.args.join(' ')}: ${r.stderr}`);
      assert.equal(r.stderr, '', r.args.join(' '));
      assert.notEqual(r.stdout, '', r.args.join(' '));
    }
  }
  assert.deepEqual(await trainCodeCache('nosuch'), []);
});

test('training: the module commands print what go prints for the training module', { skip: realGo() ? false : 'no go toolchain' }, async () => {
  const root = tempDir('gocmd-train-test-');
  try {
    const t = prepareTraining(root, process.env);
    const { runMain } = await import('./run.js');
    const { Collect } = await import('../cfg/testutil.js');
    for (const args of Object.values(TRAINING_COMMANDS).flat()) {
      if (args[0] === 'version' || args.join(' ') === 'env -json') continue; // go's own build and $WORK names differ
      const stdout = new Collect();
      const stderr = new Collect();
      const code = await runMain([...args], { stdout, stderr }, { env: { ...t.env }, cwd: t.dir });
      const want = runRealGo([...args], t.env, t.dir);
      assert.deepEqual({ code, stdout: stdout.text, stderr: stderr.text }, want, args.join(' '));
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
