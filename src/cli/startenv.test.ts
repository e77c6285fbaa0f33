// Tests for the start-up restore of NODE_EXTRA_CA_CERTS (moved aside by bin/gocmd), and the launcher itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFERRED_CA_VAR, restoreDeferredEnv } from './startenv.js';

test('restoreDeferredEnv puts NODE_EXTRA_CA_CERTS back once', () => {
  const table: [Record<string, string>, Record<string, string>][] = [
    [{}, {}],
    [{ [DEFERRED_CA_VAR]: '/ca.pem' }, { NODE_EXTRA_CA_CERTS: '/ca.pem' }],
    // Set by hand as well: the explicit value wins.
    [{ [DEFERRED_CA_VAR]: '/a.pem', NODE_EXTRA_CA_CERTS: '/b.pem' }, { NODE_EXTRA_CA_CERTS: '/b.pem' }],
    [{ NODE_EXTRA_CA_CERTS: '/b.pem' }, { NODE_EXTRA_CA_CERTS: '/b.pem' }],
  ];
  for (const [env, want] of table) {
    const e: NodeJS.ProcessEnv = { ...env };
    restoreDeferredEnv(e);
    assert.deepEqual(e, want);
  }
});

// bin/gocmd through symlinks (a `go` link, a relative chain as npm makes): node starts without
// NODE_EXTRA_CA_CERTS, and gets it under the deferred name.
test('bin/gocmd resolves symlinks and defers NODE_EXTRA_CA_CERTS', { skip: process.platform === 'win32' }, () => {
  const root = fileURLToPath(new URL('../../../', import.meta.url));
  const d = mkdtempSync(join(tmpdir(), 'launcher-'));
  try {
    symlinkSync(join(root, 'bin', 'gocmd'), join(d, 'go'));
    symlinkSync('go', join(d, 'go2'));
    // A fake node that reports what it was given (past any node options the launcher passes).
    const probe = join(d, 'probe.sh');
    writeFileSync(probe, `#!/bin/sh\nwhile case "$1" in --*) true;; *) false;; esac; do shift; done\necho "$1|$2|\${NODE_EXTRA_CA_CERTS-unset}|\${${DEFERRED_CA_VAR}-unset}"\n`, { mode: 0o755 });
    for (const link of ['go', 'go2']) {
      const r = spawnSync(join(d, link), ['version'], { env: { PATH: process.env.PATH, GOCMD_NODE: probe, NODE_EXTRA_CA_CERTS: '/x.pem' }, encoding: 'utf8' });
      assert.equal(r.stdout.trim(), `${join(root, 'bin')}/../dist/gocmd.cjs|version|unset|/x.pem`, link);
      const r2 = spawnSync(join(d, link), ['version'], { env: { PATH: process.env.PATH, GOCMD_NODE: probe }, encoding: 'utf8' });
      assert.equal(r2.stdout.trim(), `${join(root, 'bin')}/../dist/gocmd.cjs|version|unset|unset`, link);
    }
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
});
