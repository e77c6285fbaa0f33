import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FRAME, FrameReader, MAX_FRAME, encodeFrame, envFromEntries, exitStatus, parseRequest, servedTerminal } from './frame.js';

test('frames split across and within chunks come out whole', () => {
  const bytes = Buffer.concat([encodeFrame(FRAME.stdout, 'hello'), encodeFrame(FRAME.stdinEOF), encodeFrame(FRAME.stderr, Buffer.from([0, 1, 2]))]);
  for (let cut = 0; cut <= bytes.length; cut++) {
    const r = new FrameReader();
    const got = [...r.push(bytes.subarray(0, cut)), ...r.push(bytes.subarray(cut))];
    assert.deepEqual(got.map((f) => [f.type, [...f.payload]]), [
      [FRAME.stdout, [...Buffer.from('hello')]], [FRAME.stdinEOF, []], [FRAME.stderr, [0, 1, 2]],
    ]);
  }
});

test('an oversized frame is refused', () => {
  const head = Buffer.alloc(5);
  head[0] = FRAME.stdin;
  head.writeUInt32BE(MAX_FRAME + 1, 1);
  assert.throws(() => new FrameReader().push(head), /frame of/);
});

test('parseRequest accepts a well-formed request and rejects others', () => {
  const ok = { argv: ['version'], env: ['A=1'], cwd: '/x', uid: 5, stdin: false };
  assert.deepEqual(parseRequest(Buffer.from(JSON.stringify(ok))), ok);
  assert.match(parseRequest(Buffer.from('{')) as string, /^bad request/);
  assert.match(parseRequest(Buffer.from(JSON.stringify({ ...ok, argv: [1] }))) as string, /mistyped/);
  assert.match(parseRequest(Buffer.from('null')) as string, /mistyped/);
});

test('parseRequest keeps the terminal fields of a newer client; an older one has no terminal', () => {
  const old = { argv: ['build'], env: [], cwd: '/x', uid: 5, stdin: false };
  const oldReq = parseRequest(Buffer.from(JSON.stringify(old)));
  assert.ok(typeof oldReq !== 'string');
  assert.equal(servedTerminal(oldReq, () => {}), undefined);

  const tty = parseRequest(Buffer.from(JSON.stringify({ ...old, stderrTerminal: true, stdoutTerminal: false, columns: 132 })));
  assert.ok(typeof tty !== 'string');
  const written: string[] = [];
  const t = servedTerminal(tty, (s) => written.push(s));
  assert.equal(t?.columns, 132);
  assert.equal(t?.stdoutIsTerminal, false);
  t?.write('x');
  assert.deepEqual(written, ['x']);

  // Columns the client could not read (0, or a mistyped value): the usual 80.
  const noWidth = parseRequest(Buffer.from(JSON.stringify({ ...old, stderrTerminal: true, stdoutTerminal: true, columns: 'wide' })));
  assert.ok(typeof noWidth !== 'string');
  assert.deepEqual({ ...servedTerminal(noWidth, () => {}), write: undefined }, { columns: 80, stdoutIsTerminal: true, write: undefined });
  // A stdout terminal without a stderr one draws nothing: the line lives on stderr.
  const outOnly = parseRequest(Buffer.from(JSON.stringify({ ...old, stdoutTerminal: true, columns: 100 })));
  assert.ok(typeof outOnly !== 'string');
  assert.equal(servedTerminal(outOnly, () => {}), undefined);
});

test('envFromEntries splits at the first =, drops entries without a name', () => {
  assert.deepEqual(envFromEntries(['A=1', 'B=x=y', 'C=', 'junk', '=D']), { A: '1', B: 'x=y', C: '' });
});

test('exitStatus: a signal is reported with the shell\'s 128+n', () => {
  assert.deepEqual(exitStatus(3, undefined), { code: 3, sig: 0 });
  assert.deepEqual(exitStatus(null, 2), { code: 130, sig: 2 });
  assert.deepEqual(exitStatus(null, undefined), { code: 1, sig: 0 });
});
