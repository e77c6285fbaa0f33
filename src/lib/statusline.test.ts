import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ERASE_LINE, StatusLine, statusText, truncate } from './statusline.js';

test('statusText: the count padded to the total, the oldest running action and how many run', () => {
  assert.equal(statusText({ done: 42, total: 356, running: ['compile net/http', 'compile fmt', 'link x'] }, 80),
    '[ 42/356] compile net/http (3 running)');
  assert.equal(statusText({ done: 7, total: 9, running: ['link example.com/m'] }, 80), '[7/9] link example.com/m');
  assert.equal(statusText({ done: 0, total: 120, running: [] }, 80), '[  0/120]');
});

test('statusText: never reaches the last column', () => {
  const s = { done: 1, total: 10, running: ['compile a/very/long/import/path/that/does/not/fit'] };
  for (const w of [1, 5, 20, 30]) {
    const t = statusText(s, w);
    assert.ok([...t].length <= Math.max(w - 1, 0), `${w}: ${t}`);
  }
  assert.equal(statusText(s, 20), '[ 1/10] compile a/…');
  assert.equal(statusText(s, 0), '');
});

test('truncate: counts code points and marks the cut', () => {
  assert.equal(truncate('abcdef', 6), 'abcdef');
  assert.equal(truncate('abcdef', 4), 'abc…');
  assert.equal(truncate('a😀bc', 3), 'a😀…');
  assert.equal(truncate('abc', 0), '');
});

test('StatusLine: nothing before the delay, then redraws no more often than the interval', () => {
  const l = new StatusLine(1000, { delayMs: 500, intervalMs: 100 });
  assert.equal(l.draw('[1/9]', 1200), '');
  assert.equal(l.visible, false);
  assert.equal(l.draw('[1/9]', 1500), ERASE_LINE + '[1/9]');
  assert.equal(l.visible, true);
  assert.equal(l.draw('[2/9]', 1550), '', 'within the interval');
  assert.equal(l.draw('[1/9]', 1650), '', 'unchanged text is not redrawn');
  assert.equal(l.draw('[3/9]', 1700), ERASE_LINE + '[3/9]');
});

test('StatusLine: clear erases only what is shown, and the next draw puts the line back at once', () => {
  const l = new StatusLine(0, { delayMs: 0, intervalMs: 100 });
  assert.equal(l.clear(), '', 'nothing drawn: nothing to erase');
  assert.equal(l.draw('[1/2]', 10), ERASE_LINE + '[1/2]');
  assert.equal(l.clear(), ERASE_LINE);
  assert.equal(l.clear(), '');
  assert.equal(l.draw('[1/2]', 20), ERASE_LINE + '[1/2]', 'redrawn after output even within the interval');
});

test('StatusLine: end erases and nothing is drawn afterwards', () => {
  const l = new StatusLine(0, { delayMs: 0, intervalMs: 0 });
  l.draw('[1/2]', 5);
  assert.equal(l.end(), ERASE_LINE);
  assert.equal(l.draw('[2/2]', 10), '');
  assert.equal(l.end(), '');
  assert.equal(l.visible, false);
});

test('StatusLine: output erases the line first, and a partial line holds back drawing until it ends', () => {
  const l = new StatusLine(0, { delayMs: 0, intervalMs: 0 });
  l.draw('[1/4]', 1);
  assert.equal(l.output(false), ERASE_LINE);
  assert.equal(l.draw('[2/4]', 2), '', 'the cursor is after "=== RUN" or the like');
  assert.equal(l.output(true), '', 'nothing drawn: nothing erased');
  assert.equal(l.draw('[2/4]', 3), ERASE_LINE + '[2/4]');
});
