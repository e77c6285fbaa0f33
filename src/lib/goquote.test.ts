import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goQuote, goQuoteRune } from './goquote.js';

test('goQuote of ASCII strings: as strconv.Quote', () => {
  assert.equal(goQuote(''), '""');
  assert.equal(goQuote('golang.org/x/tools'), '"golang.org/x/tools"');
  assert.equal(goQuote('a"b\\c\n\t\x00\x7f'), '"a\\"b\\\\c\\n\\t\\x00\\x7f"');
  assert.equal(goQuote("it's"), '"it\'s"');
  assert.equal(goQuoteRune("'"), "'\\''");
  assert.equal(goQuoteRune('"'), '\'"\'');
});

test('goQuote: a string quotes as its UTF-8 bytes do, for every ASCII character', () => {
  // Byte input always takes the general (rune-decoding) path; strings of ASCII take the fast one.
  for (let c = 0; c < 0x80; c++) {
    const s = `x${String.fromCharCode(c)}y${String.fromCharCode(c)}`;
    assert.equal(goQuote(s), goQuote(Buffer.from(s, 'latin1')), `char ${c}`);
  }
  assert.equal(goQuote('é"\n'), '"é\\"\\n"');
});
