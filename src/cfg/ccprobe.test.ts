import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gccSupportsFlag } from './ccprobe.js';

const opts = (show: (line: string) => void) => ({ workDir: '$WORK', env: {}, cflags: [], ldflags: [], dryRun: true, show });

test('-n probes: "cd $WORK" once per command\'s sink, again for the next command in the same process', () => {
  // The resident server runs one `go env -n` after another in one process: each prints what a plain run does.
  for (const run of [1, 2]) {
    const lines: string[] = [];
    const show = (l: string): void => { lines.push(l); };
    assert.equal(gccSupportsFlag(['gcc'], '-fno-caret-diagnostics', opts(show)), false);
    assert.equal(gccSupportsFlag(['gcc'], '-Wl,--no-gc-sections', opts(show)), false);
    assert.deepEqual(lines, [
      'cd $WORK',
      'gcc -fno-caret-diagnostics -c -x c - -o /dev/null || true',
      'gcc -Wl,--no-gc-sections -x c - -o /dev/null || true',
    ], `command ${run}`);
  }
});
