// toolID's memo across processes: `tool -V=full` runs once per tool binary (path, size, mtime, inode).
import { it, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeStatMemo, openStatMemo, saveStatMemo } from '../cache/statmemo.js';
import { resetToolIDs, toolID } from './buildid.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const d = mkdtempSync(join(tmpdir(), 'toolid-'));
const cache = join(d, 'cache');

/** A fresh "process": no in-process tool IDs, the persistent memo reopened from disk. */
function reopen(): void {
  closeStatMemo();
  resetToolIDs();
  openStatMemo(cache);
}

after(() => {
  closeStatMemo();
  rmSync(d, { recursive: true, force: true });
});

it('remembers tool IDs per tool binary', async () => {
  const tool = join(d, 'compile');
  const count = join(d, 'count');
  writeFileSync(tool, `#!/bin/sh\necho x >> '${count}'\necho 'compile version go1.99.1'\n`);
  chmodSync(tool, 0o755);
  await sleep(2100);
  const runs = (): number => { try { return readFileSync(count, 'utf8').length / 2; } catch { return 0; } };
  reopen();
  assert.equal(toolID('compile', tool), 'compile version go1.99.1');
  saveStatMemo();
  reopen();
  assert.equal(toolID('compile', tool), 'compile version go1.99.1');
  assert.equal(runs(), 1);
  // A new binary (different size and ctime) is asked again.
  writeFileSync(tool, `#!/bin/sh\necho x >> '${count}'\necho 'compile version go1.99.2'\n`);
  reopen();
  assert.equal(toolID('compile', tool), 'compile version go1.99.2');
  assert.equal(runs(), 2);
});

it('keys tool IDs on the settings the tool reads, so a bad GO386 is asked again', async () => {
  // A tool that, like compile, rejects an unsupported GO386 at start and otherwise reports its version.
  const tool = join(d, 'asm');
  const count = join(d, 'count-asm');
  writeFileSync(tool, `#!/bin/sh\necho x >> '${count}'\ncase "$GO386" in sse) echo "unsupported setting GO386=$GO386" >&2; exit 1;; esac\necho 'asm version go1.99.1'\n`);
  chmodSync(tool, 0o755);
  await sleep(2100);
  const runs = (): number => { try { return readFileSync(count, 'utf8').length / 2; } catch { return 0; } };
  const good = { GOARCH: '386', GO386: 'softfloat' };
  reopen();
  assert.equal(toolID('asm', tool, [], 'go tool asm', false, good), 'asm version go1.99.1');
  saveStatMemo();
  reopen();
  assert.equal(toolID('asm', tool, [], 'go tool asm', false, good), 'asm version go1.99.1');
  assert.equal(runs(), 1);
  const stderr = process.stderr.write;
  let said = '';
  process.stderr.write = ((s: string) => { said += s; return true; }) as typeof process.stderr.write;
  try {
    assert.throws(() => toolID('asm', tool, [], 'go tool asm', false, { GOARCH: '386', GO386: 'sse' }),
      { message: 'go: error obtaining buildID for go tool asm: exit status 1' });
  } finally {
    process.stderr.write = stderr;
  }
  assert.equal(said, 'unsupported setting GO386=sse\n');
  assert.equal(runs(), 2);
});
