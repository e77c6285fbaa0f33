import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_IDLE_MS, parseIdle } from './idle.js';

test('parseIdle reads seconds and Go-style durations', () => {
  assert.equal(parseIdle(undefined), DEFAULT_IDLE_MS);
  assert.equal(parseIdle('90'), 90_000);
  assert.equal(parseIdle('10m'), 600_000);
  assert.equal(parseIdle('1m30s'), 90_000);
  assert.equal(parseIdle('500ms'), 500);
  assert.equal(parseIdle('1h'), 3_600_000);
});

test('parseIdle falls back to the default on nonsense', () => {
  for (const v of ['', 'soon', '10x', '0', '-5', '0s']) assert.equal(parseIdle(v), DEFAULT_IDLE_MS, v);
});
