// Go's strconv.Quote (the %q verb) for strings: double-quoted with Go's escapes.

/** Quotes s as Go's strconv.Quote does (printable runes kept, others escaped). */
export function goQuote(s: string): string {
  let out = '"';
  // Iterate by code point; lone surrogates (invalid UTF-8 in Go) become \ufffd.
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp === 0x22) { out += '\\"'; continue; }
    if (cp === 0x5c) { out += '\\\\'; continue; }
    if (cp >= 0x20 && cp < 0x7f) { out += ch; continue; }
    switch (cp) {
      case 0x07: out += '\\a'; continue;
      case 0x08: out += '\\b'; continue;
      case 0x0c: out += '\\f'; continue;
      case 0x0a: out += '\\n'; continue;
      case 0x0d: out += '\\r'; continue;
      case 0x09: out += '\\t'; continue;
      case 0x0b: out += '\\v'; continue;
    }
    if (cp < 0x20 || cp === 0x7f) { out += '\\x' + cp.toString(16).padStart(2, '0'); continue; }
    if (cp >= 0xd800 && cp <= 0xdfff) { out += '\\ufffd'; continue; }
    if (isPrintable(cp)) { out += ch; continue; }
    if (cp < 0x10000) out += '\\u' + cp.toString(16).padStart(4, '0');
    else out += '\\U' + cp.toString(16).padStart(8, '0');
  }
  return out + '"';
}

const nonPrintable = /[\p{C}\p{Z}]/u;

/** Approximates unicode.IsPrint: letters, marks, numbers, punctuation, symbols and U+0020. */
function isPrintable(cp: number): boolean {
  if (cp === 0x20) return true;
  return !nonPrintable.test(String.fromCodePoint(cp));
}
