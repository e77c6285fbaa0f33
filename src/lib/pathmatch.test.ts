// Tests for pathMatch (Go's path.Match) and goQuote (Go's %q), checked against real Go.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { BadPatternError, pathMatch, pathMatchNoError } from './pathmatch.js';
import { goQuote, goQuoteRune } from './goquote.js';

const golden = JSON.parse(
  readFileSync(new URL('../../../src/lib/testdata/golden/xmod.json', import.meta.url), 'utf8'),
) as Record<string, unknown[][]>;

test('golden: pathMatch matches Go path.Match, including syntax errors', () => {
  for (const [p, n, ok, err] of golden.pathMatch! as [string, string, boolean, string][]) {
    let got: [boolean, string];
    try {
      got = [pathMatch(p, n), ''];
    } catch (e) {
      assert.ok(e instanceof BadPatternError);
      got = [false, e.message];
    }
    assert.deepEqual(got, [ok, err], `pathMatch(${JSON.stringify(p)}, ${JSON.stringify(n)})`);
  }
  assert.equal(pathMatchNoError('[', 'x'), false);
});

test('goQuote', () => {
  const cases: [string, string][] = [
    ['abc', '"abc"'],
    ['a"b\\c', '"a\\"b\\\\c"'],
    ['\n\t\x00\x7f', '"\\n\\t\\x00\\x7f"'],
    ['é世界', '"é世界"'],
    ['\u200b', '"\\u200b"'],
    ['\u{1F600}', '"😀"'],
    ['\u{E0001}', '"\\U000e0001"'],
    ["it's", '"it\'s"'],
  ];
  for (const [s, want] of cases) assert.equal(goQuote(s), want, s);
  assert.equal(goQuoteRune("'"), "'\\''");
  assert.equal(goQuoteRune('"'), '\'"\'');
  assert.equal(goQuoteRune('x'), "'x'");
});
