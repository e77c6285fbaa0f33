import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, connect, type Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClientFrames } from './clientframes.js';
import { FRAME, FrameReader, type Frame } from './frame.js';

/** A connected pair of Unix sockets: [the writer's end, what the reader end receives until it ends]. */
async function pair(t: { after: (f: () => void) => void }): Promise<[Socket, Promise<{ chunks: number; frames: Frame[] }>]> {
  const dir = mkdtempSync(join(tmpdir(), 'clientframes-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 's');
  const received = new Promise<{ chunks: number; frames: Frame[] }>((resolve) => {
    const server = createServer((c) => {
      const reader = new FrameReader();
      const frames: Frame[] = [];
      let chunks = 0;
      c.on('data', (b: Buffer) => { chunks++; frames.push(...reader.push(b)); });
      c.on('close', () => { server.close(); resolve({ chunks, frames }); });
    });
    server.listen(path);
  });
  await new Promise((r) => setTimeout(r, 20));
  const sock = connect(path);
  await new Promise((r) => sock.once('connect', r));
  return [sock, received];
}

test('frames of one turn go out in one write, accepted first, exit last; nothing after the exit', async (t) => {
  const [sock, received] = await pair(t);
  const f = new ClientFrames(sock);
  f.push(FRAME.stdout, Buffer.from('one\n'));
  f.push(FRAME.stderr, Buffer.from('two\n'));
  f.push(FRAME.stdout, Buffer.from('three\n'));
  await f.finish(JSON.stringify({ code: 3, sig: 0 }));
  f.push(FRAME.stdout, Buffer.from('late\n'));
  const { chunks, frames } = await received;
  assert.equal(chunks, 1);
  assert.deepEqual(frames.map((x) => [String.fromCharCode(x.type), x.payload.toString()]), [
    ['A', ''], ['O', 'one\n'], ['R', 'two\n'], ['O', 'three\n'], ['X', '{"code":3,"sig":0}'],
  ]);
});

test('output printed before the command waits reaches the client before its end', async (t) => {
  const [sock, received] = await pair(t);
  const f = new ClientFrames(sock);
  f.push(FRAME.stdout, Buffer.from('early\n'));
  await new Promise((r) => setTimeout(r, 50));
  f.push(FRAME.stdout, Buffer.alloc(100 << 10, 'x'));
  await f.finish(JSON.stringify({ code: 0, sig: 0 }));
  const { chunks, frames } = await received;
  assert.ok(chunks >= 2, `chunks ${chunks}`);
  assert.deepEqual(frames.map((x) => String.fromCharCode(x.type)), ['A', 'O', 'O', 'X']);
  assert.equal(frames[2]!.payload.length, 100 << 10);
});
