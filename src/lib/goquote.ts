// Go's strconv.Quote / QuoteRune / Unquote (fmt's %q), byte-exact, for go-identical messages and
// build info. The one implementation for all rooms: strings are quoted as their UTF-8 bytes.

/** Decodes one UTF-8 rune at b[i]; invalid or truncated sequences yield {rune: -1, size: 1} as Go's RuneError. */
export function decodeRune(b: Uint8Array, i: number): { rune: number; size: number } {
  const c0 = b[i]!;
  if (c0 < 0x80) return { rune: c0, size: 1 };
  const bad = { rune: -1, size: 1 };
  const cont = (k: number): number => {
    const c = b[i + k];
    return c !== undefined && (c & 0xc0) === 0x80 ? c & 0x3f : -1;
  };
  if (c0 >= 0xc2 && c0 <= 0xdf) {
    const c1 = cont(1);
    return c1 < 0 ? bad : { rune: ((c0 & 0x1f) << 6) | c1, size: 2 };
  }
  if (c0 >= 0xe0 && c0 <= 0xef) {
    const c1 = cont(1);
    const c2 = cont(2);
    if (c1 < 0 || c2 < 0) return bad;
    const r = ((c0 & 0x0f) << 12) | (c1 << 6) | c2;
    if (r < 0x800 || (r >= 0xd800 && r <= 0xdfff)) return bad;
    return { rune: r, size: 3 };
  }
  if (c0 >= 0xf0 && c0 <= 0xf4) {
    const c1 = cont(1);
    const c2 = cont(2);
    const c3 = cont(3);
    if (c1 < 0 || c2 < 0 || c3 < 0) return bad;
    const r = ((c0 & 0x07) << 18) | (c1 << 12) | (c2 << 6) | c3;
    if (r < 0x10000 || r > 0x10ffff) return bad;
    return { rune: r, size: 4 };
  }
  return bad;
}

const printable = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

/** Go's strconv.IsPrint: letters, marks, numbers, punctuation, symbols and ASCII space. */
export function isPrint(r: number): boolean {
  if (r < 0x80) return r >= 0x20 && r < 0x7f;
  return printable.test(String.fromCodePoint(r));
}

const hex2 = (n: number): string => n.toString(16).padStart(2, '0');

/** In u-mode a surrogate class matches only unpaired surrogates. */
const LONE_SURROGATE = /[\ud800-\udfff]/u;

/** Any character outside ASCII (the general path decodes UTF-8 bytes). */
const NON_ASCII = /[^\x00-\x7f]/;

/** The escape of an ASCII control character, quote or backslash, as strconv writes it. */
function asciiEscape(c: number, q: number): string {
  if (c === q) return '\\' + String.fromCharCode(q);
  switch (c) {
    case 0x07: return '\\a';
    case 0x08: return '\\b';
    case 0x0c: return '\\f';
    case 0x0a: return '\\n';
    case 0x0d: return '\\r';
    case 0x09: return '\\t';
    case 0x0b: return '\\v';
    case 0x5c: return '\\\\';
  }
  return c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : '\\x' + hex2(c);
}

/**
 * quoteWith for an all-ASCII string: runs of printable characters are copied whole. Action IDs quote
 * an import path, flags and a main package's whole build info per package; decoding each character as
 * a UTF-8 rune (an object each) was most of their quoting's cost.
 */
function quoteASCII(s: string, q: 0x22 | 0x27): string {
  let out = String.fromCharCode(q);
  let run = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f && c !== q && c !== 0x5c) continue;
    out += s.slice(run, i) + asciiEscape(c, q);
    run = i + 1;
  }
  return out + s.slice(run) + String.fromCharCode(q);
}

function quoteWith(s: string | Uint8Array, q: 0x22 | 0x27): string {
  if (typeof s === 'string' && !NON_ASCII.test(s)) return quoteASCII(s, q);
  // A JS string cannot hold invalid UTF-8; a lone surrogate is the nearest thing and is shown
  // as \udxxx (Buffer.from would silently turn it into U+FFFD).
  if (typeof s === 'string' && LONE_SURROGATE.test(s)) {
    let body = '';
    for (const ch of s) {
      const cp = ch.codePointAt(0)!;
      body += cp >= 0xd800 && cp <= 0xdfff ? '\\u' + cp.toString(16) : quoteWith(ch, q).slice(1, -1);
    }
    return String.fromCharCode(q) + body + String.fromCharCode(q);
  }
  const b = typeof s === 'string' ? Buffer.from(s, 'utf8') : s;
  let out = String.fromCharCode(q);
  for (let i = 0; i < b.length; ) {
    const { rune, size } = decodeRune(b, i);
    if (rune < 0) {
      out += '\\x' + hex2(b[i]!);
      i += 1;
      continue;
    }
    i += size;
    if (rune === q) { out += '\\' + String.fromCharCode(q); continue; }
    switch (rune) {
      case 0x07: out += '\\a'; continue;
      case 0x08: out += '\\b'; continue;
      case 0x0c: out += '\\f'; continue;
      case 0x0a: out += '\\n'; continue;
      case 0x0d: out += '\\r'; continue;
      case 0x09: out += '\\t'; continue;
      case 0x0b: out += '\\v'; continue;
      case 0x5c: out += '\\\\'; continue;
    }
    if (isPrint(rune)) out += String.fromCodePoint(rune);
    else if (rune < 0x80) out += '\\x' + hex2(rune);
    else if (rune < 0x10000) out += '\\u' + rune.toString(16).padStart(4, '0');
    else out += '\\U' + rune.toString(16).padStart(8, '0');
  }
  return out + String.fromCharCode(q);
}

/** strconv.Quote of the bytes (or UTF-8 of the string) `s`: fmt's %q of a string. */
export function goQuote(s: string | Uint8Array): string {
  return quoteWith(s, 0x22);
}

/** strconv.QuoteRune: fmt's %q of a rune (pass a one-character string). */
export function goQuoteRune(r: string): string {
  return quoteWith(r, 0x27);
}

/** strconv.Unquote for a double-quoted or back-quoted Go string literal; undefined if malformed. Returns raw bytes. */
export function goUnquoteBytes(q: string | Uint8Array): Buffer | undefined {
  const b = typeof q === 'string' ? Buffer.from(q, 'utf8') : Buffer.from(q);
  if (b.length < 2) return undefined;
  const quote = b[0]!;
  if (b[b.length - 1] !== quote) return undefined;
  const body = b.subarray(1, b.length - 1);
  if (quote === 0x60) {
    if (body.includes(0x60)) return undefined;
    return Buffer.from(body.filter((c) => c !== 0x0d));
  }
  if (quote !== 0x22) return undefined;
  const out: number[] = [];
  for (let i = 0; i < body.length; ) {
    const c = body[i]!;
    if (c === 0x22 || c === 0x0a) return undefined;
    if (c !== 0x5c) {
      out.push(c);
      i++;
      continue;
    }
    const e = body[i + 1];
    if (e === undefined) return undefined;
    i += 2;
    const simple: Record<number, number> = { 0x61: 7, 0x62: 8, 0x66: 12, 0x6e: 10, 0x72: 13, 0x74: 9, 0x76: 11, 0x5c: 0x5c, 0x22: 0x22 };
    if (simple[e] !== undefined) {
      out.push(simple[e]!);
      continue;
    }
    const hexDigits = (n: number): number | undefined => {
      const t = body.subarray(i, i + n).toString('latin1');
      if (t.length !== n || !/^[0-9a-fA-F]+$/.test(t)) return undefined;
      i += n;
      return parseInt(t, 16);
    };
    if (e === 0x78) {
      const v = hexDigits(2);
      if (v === undefined) return undefined;
      out.push(v);
    } else if (e === 0x75 || e === 0x55) {
      const v = hexDigits(e === 0x75 ? 4 : 8);
      if (v === undefined || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) return undefined;
      out.push(...Buffer.from(String.fromCodePoint(v), 'utf8'));
    } else if (e >= 0x30 && e <= 0x37) {
      const t = body.subarray(i - 1, i + 2).toString('latin1');
      if (!/^[0-7]{3}$/.test(t)) return undefined;
      const v = parseInt(t, 8);
      if (v > 255) return undefined;
      i += 2;
      out.push(v);
    } else {
      return undefined;
    }
  }
  return Buffer.from(out);
}

/** strconv.Unquote returning a JS string (bytes decoded as UTF-8). */
export function goUnquote(q: string): string | undefined {
  const b = goUnquoteBytes(q);
  return b === undefined ? undefined : b.toString('utf8');
}
