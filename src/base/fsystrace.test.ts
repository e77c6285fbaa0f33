import { test } from 'node:test';
import assert from 'node:assert/strict';
import { traceLine } from './fsystrace.js';

test('trace lines are go\'s', () => {
  assert.equal(traceLine(42, 'ReadDir', '/r/src/mime'), '42 gofsystrace ReadDir /r/src/mime\n');
});
