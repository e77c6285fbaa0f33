import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isTelemetryMode, modeFileText, writeTelemetryMode } from './telemetrymode.js';

test('mode file text: mode and the UTC date it took effect', () => {
  assert.equal(modeFileText('on', new Date('2026-03-04T23:59:00-05:00')), 'on 2026-03-05');
});

test('only off, local and on are modes', () => {
  assert.ok(isTelemetryMode('local'));
  assert.ok(!isTelemetryMode('upload'));
});

test('writing creates the telemetry directory', () => {
  const d = join(mkdtempSync(join(tmpdir(), 'tel')), 'go', 'telemetry');
  writeTelemetryMode(d, 'off', new Date('2026-01-02T03:04:05Z'));
  assert.equal(readFileSync(join(d, 'mode'), 'utf8'), 'off 2026-01-02');
});

test('the directory gets mode 0755 under any umask, and a symlinked mode file stays a link', () => {
  const root = mkdtempSync(join(tmpdir(), 'tel'));
  const d = join(root, 'go', 'telemetry');
  const old = process.umask(0);
  try {
    writeTelemetryMode(d, 'local', new Date('2026-01-02T03:04:05Z'));
  } finally {
    process.umask(old);
  }
  assert.equal(statSync(d).mode & 0o777, 0o755);
  mkdirSync(join(root, 'elsewhere'));
  writeFileSync(join(root, 'elsewhere', 'mode'), 'off 2026-01-01');
  const d2 = join(root, 'linked');
  mkdirSync(d2);
  symlinkSync(join(root, 'elsewhere', 'mode'), join(d2, 'mode'));
  writeTelemetryMode(d2, 'on', new Date('2026-01-02T03:04:05Z'));
  assert.ok(lstatSync(join(d2, 'mode')).isSymbolicLink());
  assert.equal(readFileSync(join(root, 'elsewhere', 'mode'), 'utf8'), 'on 2026-01-02');
});
