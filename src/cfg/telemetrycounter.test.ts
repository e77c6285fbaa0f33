import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { counterFile, counterGoVersion, counterSpan, MIN_FILE_LEN, openCounterFile } from './telemetrycounter.js';

const info = { goVersion: 'go1.26.8', goos: 'linux', goarch: 'amd64' };

test('counterSpan: from today to the next weekend day, a full week when today is that day', () => {
  const sun = new Date('2026-12-06T17:00:00Z'); // a Sunday
  assert.equal(counterSpan(sun, 1).end.toISOString(), '2026-12-07T00:00:00.000Z');
  assert.equal(counterSpan(sun, 0).end.toISOString(), '2026-12-13T00:00:00.000Z');
  assert.equal(counterSpan(sun, 6).begin.toISOString(), '2026-12-06T00:00:00.000Z');
});

test('counterGoVersion: development and odd versions count as devel', () => {
  assert.equal(counterGoVersion('go1.26.8'), 'go1.26.8');
  assert.equal(counterGoVersion('go1.27rc1'), 'go1.27rc1');
  assert.equal(counterGoVersion('devel go1.27-abc'), 'devel');
  assert.equal(counterGoVersion('go1.26.8-custom'), 'devel');
});

test('counterFile: the name and the v1 header as x/telemetry writes them', () => {
  const { begin, end } = counterSpan(new Date('2026-12-06T17:00:00Z'), 1);
  const { name, header } = counterFile(info, begin, end);
  assert.equal(name, 'go@go1.26.8-go1.26.8-linux-amd64-2026-12-06.v1.count');
  assert.equal(header.length % 32, 0);
  assert.equal(header.toString('latin1', 0, 28), '# telemetry/counter file v1\n');
  assert.equal(header.readUInt32LE(28), header.length);
  assert.equal(header.toString('utf8', 32).replace(/\0+$/, ''),
    'TimeBegin: 2026-12-06T00:00:00Z\nTimeEnd: 2026-12-07T00:00:00Z\nProgram: cmd/go\nVersion: go1.26.8\nGoVersion: go1.26.8\nGOOS: linux\nGOARCH: amd64\n\n');
});

test('openCounterFile: creates weekends and the counter file unless the mode is off; keeps an existing file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gocmd-telemetry-'));
  try {
    const now = new Date('2026-12-06T17:00:00Z');
    writeFileSync(join(dir, 'mode'), 'off 2026-12-01');
    openCounterFile(dir, info, now);
    assert.equal(existsSync(join(dir, 'local')), false);

    writeFileSync(join(dir, 'mode'), 'local 2026-12-01');
    mkdirSync(join(dir, 'local'));
    writeFileSync(join(dir, 'local', 'weekends'), '3\n'); // Wednesday
    openCounterFile(dir, info, now);
    const files = readdirSync(join(dir, 'local')).sort();
    assert.deepEqual(files, ['go@go1.26.8-go1.26.8-linux-amd64-2026-12-06.v1.count', 'weekends']);
    const file = join(dir, 'local', files[0]!);
    assert.equal(statSync(file).size, MIN_FILE_LEN);
    assert.match(readFileSync(file, 'utf8'), /TimeEnd: 2026-12-09T00:00:00Z\n/);

    // A file another program has counted in (longer than the minimum) is left as it is.
    const big = Buffer.alloc(2 * MIN_FILE_LEN, 7);
    writeFileSync(file, big);
    openCounterFile(dir, info, now);
    assert.deepEqual(readFileSync(file), big);

    // No mode file at all: "local", and a random weekends day is chosen.
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir);
    openCounterFile(dir, info, now);
    assert.match(readFileSync(join(dir, 'local', 'weekends'), 'utf8'), /^[0-6]\n$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
