import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
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
