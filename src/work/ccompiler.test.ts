import { strict as assert } from 'node:assert';
import { chmodSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CToolchain } from './ccompiler.js';

/** A fake C compiler that answers -### with a release version line and counts its runs in a file. */
function fakeCompiler(dir: string): { exe: string; runs: () => number } {
  const exe = join(dir, 'fakecc');
  const count = join(dir, 'runs');
  writeFileSync(count, '');
  writeFileSync(exe, `#!/bin/sh\necho x >> '${count}'\necho 'fakecc version 1.2.3 (test)' >&2\n`);
  chmodSync(exe, 0o755);
  return { exe, runs: () => readFileSync(count, 'utf8').split('\n').filter((l) => l !== '').length };
}

function toolchain(toolexec: string[] = []): CToolchain {
  return new CToolchain({
    goos: 'linux', goarch: 'amd64', cgoEnabled: true, getenv: () => '', env: process.env, toolexec,
    workDir: tmpdir(), dryRun: false, cache: undefined,
  });
}

describe('gccCompilerID', () => {
  it('is probed once per process while the compiler file is unchanged, again once it changes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ccompiler-test-'));
    try {
      const cc = fakeCompiler(dir);
      const first = toolchain().gccCompilerID(cc.exe);
      assert.ok(first);
      assert.equal(cc.runs(), 1);
      // A new toolchain (the next request of a long-lived process) reuses the ID without a probe.
      assert.deepEqual(toolchain().gccCompilerID(cc.exe), first);
      assert.equal(cc.runs(), 1);
      // A changed compiler file (its stat differs) is probed again.
      utimesSync(cc.exe, new Date(2001, 1, 1), new Date(2001, 1, 1));
      assert.deepEqual(toolchain().gccCompilerID(cc.exe), first);
      assert.equal(cc.runs(), 2);
      // Under -toolexec the probe's command differs: never the process-wide memo.
      toolchain(['env']).gccCompilerID(cc.exe);
      assert.equal(cc.runs(), 3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
