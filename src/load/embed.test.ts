// Embed resolution's symlink rule: refused by default, a symlinked leaf file allowed under
// GODEBUG embedfollowsymlinks=1 (as go's embed.txt script checks).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveEmbed } from './embed.js';

test('symlinked leaf files are embedded only when following symlinks', () => {
  const root = mkdtempSync(join(tmpdir(), 'gocmd-embed-'));
  try {
    writeFileSync(join(root, 'x.txt'), 'x\n');
    symlinkSync('x.txt', join(root, 'x.tzt'));
    mkdirSync(join(root, 'd'));
    symlinkSync('d', join(root, 'd.lnk'));
    assert.throws(() => resolveEmbed(root, ['*t'], false), { message: 'pattern *t: cannot embed irregular file x.tzt' });
    assert.deepEqual(resolveEmbed(root, ['*t'], true).files, ['x.txt', 'x.tzt']);
    // A symlink to a directory stays irregular.
    assert.throws(() => resolveEmbed(root, ['d.lnk'], true), { message: 'pattern d.lnk: cannot embed irregular file d.lnk' });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
