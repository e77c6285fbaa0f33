// Tests for the test2json converter: go's own golden files (cmd/internal/test2json/testdata, read from GOROOT),
// written in every chunking go's test uses and more; a recording of a go1.26 test binary and what go's converter
// made of it (testdata/test2json); timestamps with an injected clock; go's JSON string encoding; build events.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildFailEvents, buildOutputEvent, formatRFC3339Nano, jsonString, systemClock, Test2JSON, Timestamp, utf8Boundary, type Test2JSONOptions } from './test2json.js';

const GOROOT = process.env['GOROOT'] || '/usr/local/go';
const GOLDEN = join(GOROOT, 'src/cmd/internal/test2json/testdata');
const FIXTURES = new URL('../../../src/test/testdata/test2json/', import.meta.url);
const fixture = (name: string): Buffer => readFileSync(new URL(name, FIXTURES));

/** Runs the converter over chunks; returns its output. */
function convert(chunks: Iterable<Uint8Array>, o: Partial<Test2JSONOptions> = {}, end?: (c: Test2JSON) => void): string {
  let out = '';
  const c = new Test2JSON({ ...o, onEvent: (l) => { out += l; } });
  for (const ch of chunks) c.write(ch);
  end?.(c);
  c.close();
  return out;
}

function* lines(b: Buffer): Generator<Uint8Array> {
  let i = 0;
  while (i < b.length) {
    const j = b.indexOf(0x0a, i);
    const e = j < 0 ? b.length : j + 1;
    yield Uint8Array.prototype.slice.call(b, i, e);
    i = e;
  }
}

function* every(b: Buffer, n: number, first = n): Generator<Uint8Array> {
  let i = 0;
  let size = first;
  while (i < b.length) {
    yield Uint8Array.prototype.slice.call(b, i, i + size);
    i += size;
    size = n;
  }
}

/** Chunks of pseudo-random sizes (1 to 300 bytes), the same for a seed. */
function* random(b: Buffer, seed: number): Generator<Uint8Array> {
  let x = seed;
  let i = 0;
  while (i < b.length) {
    x = (x * 1103515245 + 12345) % 2147483648;
    const n = 1 + (x % 300);
    yield Uint8Array.prototype.slice.call(b, i, i + n);
    i += n;
  }
}

type Ev = Record<string, unknown>;

/**
 * Events with consecutive output events of one test joined: how output is cut into events depends on the
 * writes, as go's own test of the converter allows.
 */
function joined(text: string): Ev[] {
  const out: Ev[] = [];
  for (const l of text.split('\n')) {
    if (l === '') continue;
    const e = JSON.parse(l) as Ev;
    const last = out[out.length - 1];
    if (e['Action'] === 'output' && last && last['Action'] === 'output' && last['Test'] === e['Test']) {
      last['Output'] = (last['Output'] as string) + (e['Output'] as string);
    } else {
      out.push(e);
    }
  }
  return out;
}

const goldenFiles = existsSync(GOLDEN) ? readdirSync(GOLDEN).filter((f) => f.endsWith('.test')).sort() : [];

test("go's test2json golden files: every chunking", { skip: goldenFiles.length === 0 ? `no ${GOLDEN}` : false }, async (t) => {
  for (const f of goldenFiles) {
    await t.test(f, () => {
      const input = readFileSync(join(GOLDEN, f));
      const want = readFileSync(join(GOLDEN, f.replace(/\.test$/, '.json')), 'utf8');
      // go made the golden files writing one line at a time: the very same bytes.
      assert.equal(convert(lines(input)), want, 'line at a time');
      const w = joined(want);
      assert.deepEqual(joined(convert([input])), w, 'bulk');
      const crlf = Buffer.from(input.toString('latin1').replace(/\n/g, '\r\n'), 'latin1');
      assert.deepEqual(joined(convert([crlf]).replace(/\\r\\n/g, '\\n')), w, 'crlf');
      assert.deepEqual(joined(convert(every(input, 2))), w, 'even2');
      assert.deepEqual(joined(convert(every(input, 2, 1))), w, 'odd2');
      assert.deepEqual(joined(convert(every(input, 1))), w, 'byte at a time');
      for (const seed of [1, 2, 3]) assert.deepEqual(joined(convert(random(input, seed))), w, `random ${seed}`);
      for (let b = 5; b <= 8; b++) {
        // Tiny output buffers: UTF-8 sequences must not be cut.
        assert.deepEqual(joined(convert([input], { inputBufferSize: 64, outputBufferSize: b })), w, `tiny${b}`);
      }
    });
  }
});

test('a go1.26 test binary under -test.v=test2json: the bytes go tool test2json writes', () => {
  for (const [name, pkg] of [['tests', 'example.com/t2j'], ['bench', 'example.com/t2j']] as const) {
    const input = fixture(`${name}.out`);
    const want = fixture(`${name}.json`).toString('utf8');
    // go tool test2json copies its input in large reads: the whole recording in one write.
    assert.equal(convert([input], { pkg }), want, name);
    assert.deepEqual(joined(convert(lines(input), { pkg })), joined(want), `${name}, line at a time`);
    assert.deepEqual(joined(convert(random(input, 7), { pkg })), joined(want), `${name}, random chunks`);
  }
});

/** A clock that starts at a fixed instant and moves 1.5 ms at each reading. */
function fakeClock(startNs: bigint): { now: () => bigint; readings: bigint[] } {
  const readings: bigint[] = [];
  let t = startNs;
  return {
    readings,
    now: () => {
      readings.push(t);
      const r = t;
      t += 1_500_000n;
      return r;
    },
  };
}

test('timestamps: Time from the injected clock, Elapsed on results; the rest as go -t writes it', () => {
  const input = fixture('tests.out');
  const clock = fakeClock(1_796_527_761_123_456_789n);
  const got = convert([input], { pkg: 'example.com/t2j', mode: Timestamp, now: clock.now, zoneOffset: () => 0 }).split('\n').filter((l) => l);
  const want = fixture('tests.t.json').toString('utf8').split('\n').filter((l) => l);
  assert.equal(got.length, want.length);
  // Reading 0 is the start; each event then reads the clock once, the final one twice (Elapsed, then Time).
  const times = got.map((l) => /^\{"Time":"([^"]+)",/.exec(l)?.[1]);
  const r = clock.readings;
  for (let i = 0; i < got.length - 1; i++) assert.equal(times[i], formatRFC3339Nano(r[i + 1]!, 0), `event ${i}`);
  assert.equal(times[got.length - 1], formatRFC3339Nano(r[got.length + 1]!, 0));
  const last = JSON.parse(got[got.length - 1]!) as Ev;
  assert.equal(last['Action'], 'fail');
  // Elapsed is the time since the start, rounded to the millisecond.
  const ms = Number(((r[got.length]! - r[0]!) + 500_000n) / 1_000_000n);
  assert.equal(last['Elapsed'], ms / 1000);
  const mask = (l: string): string => l.replace(/^\{"Time":"[^"]+",/, '{"Time":"T",').replace(/("Action":"(?:pass|fail)","Package":"[^"]*","Elapsed":)[0-9.e+-]+\}$/, '$1E}');
  assert.deepEqual(got.map(mask), want.map(mask));
});

test('the package result: from the output, or from how the binary exited; FailedBuild on fail', () => {
  const run = (text: string, end?: (c: Test2JSON) => void): Ev[] => joined(convert([Buffer.from(text)], { pkg: 'p' }, end));
  assert.deepEqual(run('hello\n').map((e) => e['Action']), ['start', 'output'], 'no result line, exit unknown: no result event');
  assert.deepEqual(run('hello\n', (c) => { c.exited(true); }).at(-1), { Action: 'pass', Package: 'p' });
  assert.deepEqual(run('hello\n', (c) => { c.exited(false); }).at(-1), { Action: 'fail', Package: 'p' });
  assert.deepEqual(run('?   \tp\t[no test files]\n', (c) => { c.exited(true); }).at(-1), { Action: 'skip', Package: 'p' });
  assert.deepEqual(run('PASS\n', (c) => { c.exited(false); }).at(-1), { Action: 'fail', Package: 'p' });
  // A partial last line goes out as output at close; it is not a result line.
  assert.deepEqual(run('PASS'), [{ Action: 'start', Package: 'p' }, { Action: 'output', Package: 'p', Output: 'PASS' }]);
});

test("go test's build failure: build events as go writes them, then the converter's fail with FailedBuild", () => {
  const want = fixture('buildfail.json').toString('utf8').split(/(?<=\n)/);
  const ip = 'example.com/bad [example.com/bad.test]';
  const outputs = want.slice(0, 2).map((l) => (JSON.parse(l) as { Output: string }).Output);
  assert.deepEqual(buildFailEvents(ip, outputs.join('')), want.slice(0, 3));
  assert.deepEqual(buildFailEvents(ip, outputs.join('').slice(0, -1)), want.slice(0, 3), 'a missing final newline is added');
  assert.equal(buildOutputEvent(ip, outputs[0]!), want[0]);
  assert.equal(buildOutputEvent(ip, ''), '');
  // A clock that stands still: go's run took under half a millisecond (Elapsed 0).
  const got = convert([Buffer.from('FAIL\texample.com/bad [build failed]\n')], { pkg: 'example.com/bad', mode: Timestamp, now: () => 0n, zoneOffset: () => 0 },
    (c) => { c.setFailedBuild(ip); c.exited(false); });
  const mask = (l: string): string => l.replace(/"Time":"[^"]+"/, '"Time":"T"');
  assert.deepEqual(got.split(/(?<=\n)/).map(mask), want.slice(3).map(mask));
});

test("go's JSON strings: HTML-safe, short escapes, each invalid UTF-8 byte as \\ufffd, U+2028/2029", () => {
  const b = (...x: number[]): string => String.fromCharCode(...x);
  assert.equal(jsonString('<a> & "b" \\ \x08\x0c\n\r\t\x01\x1f\x7f'), '"\\u003ca\\u003e \\u0026 \\"b\\" \\\\ \\b\\f\\n\\r\\t\\u0001\\u001f\x7f"');
  assert.equal(jsonString(b(0xe2, 0x98, 0xba, 0xf0, 0x9f, 0x98, 0x82)), '"☺😂"');
  assert.equal(jsonString(b(0xe2, 0x80, 0xa8, 0xe2, 0x80, 0xa9)), '"\\u2028\\u2029"');
  // go's utf8.DecodeRune: every byte of a bad or cut sequence is one error.
  assert.equal(jsonString(b(0xff, 0x41)), '"\\ufffdA"');
  assert.equal(jsonString(b(0xe2, 0x82, 0x41)), '"\\ufffd\\ufffdA"');
  assert.equal(jsonString(b(0xed, 0xa0, 0x80)), '"\\ufffd\\ufffd\\ufffd"', 'surrogate');
  assert.equal(jsonString(b(0xc0, 0xaf)), '"\\ufffd\\ufffd"', 'overlong');
  assert.equal(jsonString(b(0xf4, 0x90, 0x80, 0x80)), '"\\ufffd\\ufffd\\ufffd\\ufffd"', 'above U+10FFFF');
  assert.equal(jsonString(b(0xf0, 0x9f, 0x98)), '"\\ufffd\\ufffd\\ufffd"', 'cut at the end');
});

test('utf8Boundary: never inside a sequence, never before a complete one', () => {
  const s = Buffer.from('hello α ☺ 😂 world').toString('latin1');
  for (let i = 0; i <= s.length; i++) {
    const j = utf8Boundary(s.slice(0, i));
    assert.ok(j <= i);
    // The cut is a boundary: both sides decode on their own.
    assert.equal(Buffer.from(s.slice(0, j), 'latin1').toString('utf8') + Buffer.from(s.slice(j), 'latin1').toString('utf8'), 'hello α ☺ 😂 world', `cut ${i}`);
    // Nothing complete was held back.
    const held = Buffer.from(s.slice(j, i), 'latin1');
    assert.ok(held.length === 0 || held.length < [0, 2, 3, 4][[0xc0, 0xe0, 0xf0].filter((m) => (held[0]! & m) === m).length]!, `cut ${i}`);
  }
});

test('long lines: cut into output events at the buffer size, on UTF-8 boundaries, the newline in the last', () => {
  const line = 'é'.repeat(600) + '\n'; // 1201 bytes
  const evs = convert([Buffer.from(line)], { outputBufferSize: 1024 }).split('\n').filter((l) => l).map((l) => JSON.parse(l) as Ev);
  const outs = evs.filter((e) => e['Action'] === 'output').map((e) => e['Output'] as string);
  assert.deepEqual(outs, ['é'.repeat(512), 'é'.repeat(88) + '\n']);
  // A ^V not at the start of a line ends the line before it.
  const framed = joined(convert([Buffer.from('out\x16=== RUN   TestX\n\x16--- PASS: TestX (1.50s)\n\x16PASS\n')], { mode: Timestamp, now: fakeClock(0n).now, zoneOffset: () => 0 }));
  assert.deepEqual(framed.map((e) => [e['Action'], e['Test'], e['Output'], e['Elapsed']]), [
    ['start', undefined, undefined, undefined], ['output', undefined, 'out', undefined], ['run', 'TestX', undefined, undefined],
    ['output', 'TestX', '=== RUN   TestX\n--- PASS: TestX (1.50s)\n', undefined], ['pass', 'TestX', undefined, 1.5],
    // Eight clock readings after the start, 1.5 ms apart, when Elapsed is taken.
    ['output', undefined, 'PASS\n', undefined], ['pass', undefined, undefined, 0.012],
  ]);
});

test('formatRFC3339Nano: fraction without trailing zeros, Z or the offset', () => {
  assert.equal(formatRFC3339Nano(1_700_000_000_000_000_000n, 0), '2023-11-14T22:13:20Z');
  assert.equal(formatRFC3339Nano(1_700_000_000_120_000_000n, 0), '2023-11-14T22:13:20.12Z');
  assert.equal(formatRFC3339Nano(1_700_000_000_000_000_001n, 120), '2023-11-15T00:13:20.000000001+02:00');
  assert.equal(formatRFC3339Nano(1_700_000_000_500_000_000n, -330), '2023-11-14T16:43:20.5-05:30');
});

test('the system clock: nanoseconds since the epoch, not stepped in 256ns like a float of them', () => {
  const readings: bigint[] = [];
  for (let i = 0; i < 32; i++) readings.push(systemClock());
  const ms = BigInt(Date.now()) * 1_000_000n;
  assert.ok(readings.every((r) => r <= ms + 1_000_000_000n && r >= ms - 1_000_000_000n), 'within a second of Date.now');
  for (let i = 1; i < readings.length; i++) assert.ok(readings[i]! >= readings[i - 1]!, 'monotonic');
  // A float's readings are all multiples of 256ns; the chance that 31 real ones all are is 256^-31.
  assert.ok(readings.slice(1).some((r) => r % 256n !== 0n), readings.join(' '));
});
