// The fd-backed stdout: writes land in order with the stream's, the stream is made only when its API is
// used, and a reader that went away ends the process with 141, silently, as go's SIGPIPE death.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fdWriter, writeAllSync } from './fdwriter.js';

test('fdWriter: write goes to the descriptor; the rest of the API to the stream, made on first use', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gocmd-fdwriter-'));
  try {
    const file = join(dir, 'out');
    const fd = openSync(file, 'w');
    let made = 0;
    const streamWrites: string[] = [];
    const stream = new Writable({ write(c: Buffer, _e, cb) { streamWrites.push(c.toString()); cb(); } });
    const w = fdWriter(fd, () => { made++; return stream; });
    assert.equal(w.write('one '), true);
    await new Promise<void>((res) => { w.write(Buffer.from('two '), () => res()); });
    w.write('three\n', 'utf8');
    assert.equal(made, 0, 'write alone makes no stream');
    let saw = false;
    w.once('custom', () => { saw = true; });
    stream.emit('custom');
    assert.ok(saw);
    assert.equal(made, 1);
    // Replacing write (as noop.ts's output watch does) and putting it back.
    const orig = w.write;
    let seen = '';
    w.write = ((s: string) => { seen += s; return (orig as (x: string) => boolean).call(w, s); }) as typeof w.write;
    w.write('four\n');
    w.write = orig;
    w.write('five\n');
    closeSync(fd);
    assert.equal(seen, 'four\n');
    assert.equal(readFileSync(file, 'utf8'), 'one two three\nfour\nfive\n');
    assert.deepEqual(streamWrites, []);
    // A closed descriptor drops the output, as go ignores its write errors.
    writeAllSync(fd, Buffer.from('lost'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('writeAllSync: a reader that went away ends the writer with 141 and no message', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'gocmd-fdwriter-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const script = join(dir, 'w.mjs');
  writeFileSync(script, `import { writeAllSync } from ${JSON.stringify(new URL('./fdwriter.js', import.meta.url).href)};\n` +
    `const b = Buffer.alloc(1 << 16, 120);\nfor (let i = 0; i < 1000; i++) writeAllSync(1, b);\nprocess.exitCode = 3;\n`);
  const direct = spawnSync('bash', ['-c', `"${process.execPath}" "${script}" | head -c 10 >/dev/null; echo "\${PIPESTATUS[0]}"`], { encoding: 'utf8' });
  assert.equal(direct.stdout.trim(), '141', direct.stderr);
  assert.equal(direct.stderr, '');
});
