import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trimSideDir } from './sidetrim.js';

test('trimSideDir: removes what the callback says among hex-named files, then waits a day before looking again', () => {
  const d = mkdtempSync(join(tmpdir(), 'sidetrim-'));
  try {
    const [old, young] = ['a'.repeat(64), 'b'.repeat(64)];
    for (const n of [old, young, 'notes.txt']) writeFileSync(join(d, n), n);
    const now = Date.now();
    utimesSync(join(d, old), (now - 10 * 86400e3) / 1000, (now - 10 * 86400e3) / 1000);
    const asked: string[] = [];
    trimSideDir(d, now, (file, mtimeMs) => { asked.push(file); return now - mtimeMs > 86400e3; });
    assert.deepEqual(asked.sort(), [join(d, old), join(d, young)]);
    assert.ok(!existsSync(join(d, old)));
    assert.ok(existsSync(join(d, young)) && existsSync(join(d, 'notes.txt')) && existsSync(join(d, 'trim.txt')));
    // Within a day of the last trim nothing is looked at.
    let calls = 0;
    trimSideDir(d, now + 3600e3, () => { calls++; return true; });
    assert.equal(calls, 0);
    trimSideDir(d, now + 25 * 3600e3, () => { calls++; return true; });
    assert.equal(calls, 1);
    assert.ok(!existsSync(join(d, young)));
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
});
