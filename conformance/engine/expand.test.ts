// Tests for os.Expand-compatible variable expansion and regexp quoting.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expand, quoteMeta } from './expand.js';

const vars: Record<string, string> = { HOME: '/home/gopher', WORK: '/w', '/': '/', ':': ':', '1': 'one', '*': 'all', X_1: 'x' };
const m = (k: string): string => vars[k] ?? '';

test('expand table (os.Expand semantics)', () => {
  const cases: [string, string][] = [
    ['', ''],
    ['no vars', 'no vars'],
    ['$HOME/x', '/home/gopher/x'],
    ['${HOME}x', '/home/gopher' + 'x'],
    ['$WORK${/}a${:}b', '/w/a:b'],
    ['$/', '$/'],
    ['$:', '$:'],
    ['$', '$'],
    ['a$', 'a$'],
    ['$$', ''],
    ['$1x', 'onex'],
    ['${1}', 'one'],
    ['$*', 'all'],
    ['${}', ''],
    ['${unterminated', 'unterminated'],
    ['$X_1.go', 'x.go'],
    ['$UNSET-', '-'],
    ['${HOME', 'HOME'],
    ['x$-y', 'xy'],
  ];
  for (const [in_, want] of cases) assert.equal(expand(in_, m), want, in_);
});

test('quoteMeta escapes RE2 metacharacters', () => {
  assert.equal(quoteMeta('C:\\go1.4 (x)+[y]{z}^$|*?'), 'C:\\\\go1\\.4 \\(x\\)\\+\\[y\\]\\{z\\}\\^\\$\\|\\*\\?');
  assert.equal(quoteMeta('plain-text_/'), 'plain-text_/');
});
