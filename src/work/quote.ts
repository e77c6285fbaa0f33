// Go-compatible string quoting (strconv.Quote) and go's command-line display helpers.

/** Reports whether code point r is printable in Go's sense (approximation of unicode.IsPrint). */
function isPrint(r: number): boolean {
  if (r < 0x20 || r === 0x7f) return false;
  if (r < 0x7f) return true;
  if (r >= 0x80 && r < 0xa0) return false;
  if (r === 0xad) return false; // soft hyphen
  if (r >= 0xd800 && r < 0xe000) return false;
  if (r === 0xfeff || r === 0xfffe || r === 0xffff) return false;
  if (r >= 0x2028 && r <= 0x202e) return false; // line/para separators, bidi controls
  if (r >= 0x2060 && r <= 0x206f) return false;
  if (r >= 0xe000 && r < 0xf900) return false; // private use
  if (r > 0x10ffff) return false;
  return true;
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

/** Decodes one UTF-8 rune at i; returns [rune, size] or [-1, 1] if invalid. */
function decodeRune(b: Uint8Array, i: number): [number, number] {
  const c0 = b[i]!;
  if (c0 < 0x80) return [c0, 1];
  const need = c0 >= 0xf0 && c0 < 0xf5 ? 3 : c0 >= 0xe0 ? (c0 < 0xf0 ? 2 : -1) : c0 >= 0xc2 ? 1 : -1;
  if (need < 0) return [-1, 1];
  let r = need === 1 ? c0 & 0x1f : need === 2 ? c0 & 0x0f : c0 & 0x07;
  for (let k = 1; k <= need; k++) {
    const c = b[i + k];
    if (c === undefined || (c & 0xc0) !== 0x80) return [-1, 1];
    r = (r << 6) | (c & 0x3f);
  }
  if ((need === 2 && r < 0x800) || (need === 3 && (r < 0x10000 || r > 0x10ffff)) || (r >= 0xd800 && r < 0xe000)) return [-1, 1];
  return [r, need + 1];
}

/** strconv.Quote over raw bytes (invalid UTF-8 bytes become \xNN). */
export function goQuoteBytes(b: Uint8Array): string {
  let out = '"';
  for (let i = 0; i < b.length; ) {
    const [r, size] = decodeRune(b, i);
    i += size;
    if (r < 0) { out += '\\x' + hex(b[i - 1]!, 2); continue; }
    if (r === 0x22) { out += '\\"'; continue; }
    if (r === 0x5c) { out += '\\\\'; continue; }
    if (isPrint(r)) { out += String.fromCodePoint(r); continue; }
    switch (r) {
      case 7: out += '\\a'; continue;
      case 8: out += '\\b'; continue;
      case 12: out += '\\f'; continue;
      case 10: out += '\\n'; continue;
      case 13: out += '\\r'; continue;
      case 9: out += '\\t'; continue;
      case 11: out += '\\v'; continue;
    }
    if (r < 0x20 || r === 0x7f) out += '\\x' + hex(r, 2);
    else if (r < 0x10000) out += '\\u' + hex(r, 4);
    else out += '\\U' + hex(r, 8);
  }
  return out + '"';
}

/** strconv.Quote of a JS string (encoded as UTF-8). */
export function goQuote(s: string): string {
  return goQuoteBytes(Buffer.from(s, 'utf8'));
}

/** Joins args for display, quoting those that need it, as go's -x output does. */
export function joinUnambiguously(args: readonly string[]): string {
  return args
    .map((s) => {
      const q = goQuote(s);
      if (s === '' || /[ ()>;]/.test(s) || Buffer.byteLength(q) > Buffer.byteLength(s) + 2) return q;
      return s;
    })
    .join(' ');
}

/** Replaces old with repl where it begins a line or follows a space or tab (go's replacePrefix). */
export function replacePrefix(s: string, old: string, repl: string): string {
  if (old === '' || !s.includes(old)) return s;
  s = s.split(' ' + old).join(' ' + repl);
  s = s.split('\n' + old).join('\n' + repl);
  s = s.split('\n\t' + old).join('\n\t' + repl);
  if (s.startsWith(old)) s = repl + s.slice(old.length);
  return s;
}

/** Formats a Go-style %q of a list of strings: ["a" "b"]. */
export function goQuoteList(list: readonly string[]): string {
  return '[' + list.map(goQuote).join(' ') + ']';
}
