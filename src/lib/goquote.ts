// Go's %q formatting (strconv.Quote / strconv.QuoteRune) for use in go-exact error messages.
//
// Printable characters are kept as they are; the usual C escapes are used for \a \b \f \n \r
// \t \v; other control or non-printable characters become \xNN (below 0x80), \uNNNN or
// \UNNNNNNNN. JavaScript strings cannot hold invalid UTF-8; a lone surrogate (the nearest
// thing) is written as \udxxx.

const SIMPLE: Record<string, string> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '\\': '\\\\',
};

/** Approximates unicode.IsPrint: letters, marks, numbers, punctuation, symbols and ASCII space. */
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

function quoteWith(s: string, q: '"' | "'"): string {
  let out = q;
  for (const ch of s) {
    const r = ch.codePointAt(0)!;
    if (ch === q) {
      out += '\\' + q;
    } else if (SIMPLE[ch] !== undefined) {
      out += SIMPLE[ch];
    } else if (PRINTABLE.test(ch)) {
      out += ch;
    } else if (r < 0x80) {
      out += '\\x' + hex(r, 2);
    } else if (r < 0x10000) {
      out += '\\u' + hex(r, 4);
    } else {
      out += '\\U' + hex(r, 8);
    }
  }
  return out + q;
}

/** Go's strconv.Quote(s), i.e. fmt's %q of a string. */
export function goQuote(s: string): string {
  return quoteWith(s, '"');
}

/** Go's strconv.QuoteRune(r), i.e. fmt's %q of a rune (pass a one-character string). */
export function goQuoteRune(r: string): string {
  return quoteWith(r, "'");
}
