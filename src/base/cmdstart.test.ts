import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commandStartMs, markCommandStart } from './cmdstart.js';

test('the command starts with the process until a server worker marks its request\'s arrival', () => {
  const processStart = Date.now() - process.uptime() * 1000;
  assert.ok(Math.abs(commandStartMs() - processStart) < 50, 'a plain run: the process start');
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
  const before = Date.now();
  markCommandStart();
  assert.ok(commandStartMs() >= before && commandStartMs() <= Date.now(), 'marked: the request\'s arrival');
  assert.ok(commandStartMs() - processStart >= 100);
});
