// Go-compatible string quoting for go.mod tokens: %q / strconv.Quote, Unquote, and AutoQuote.

import { goQuote, goQuoteRune } from '../goquote.js';

const printRe = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;
const spaceRe = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/u;

/**
 * unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. ASCII is answered
 * without the regexp: go.mod text is almost all ASCII, and compiling the Unicode property classes costs
 * ~2 ms of every command that reads a go.mod (mustQuote asks for each character of each path).
 */
export function isPrint(ch: string): boolean {
  if (ch.length === 1) {
    const c = ch.charCodeAt(0);
    if (c < 0x80) return c >= 0x20 && c < 0x7f;
  }
  return printRe.test(ch);
}

/** unicode.IsSpace. */
export function isSpace(ch: string): boolean {
  if (ch.length === 1) {
    const c = ch.charCodeAt(0);
    if (c < 0x80) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  }
  return spaceRe.test(ch);
}

export { goQuote, goQuoteRune };

/** The error strconv.Unquote reports for malformed literals. */
export class QuoteSyntaxError extends Error {
  constructor() {
    super('invalid syntax');
    this.name = 'QuoteSyntaxError';
  }
}

const simpleEscapes: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
};

/** strconv.Unquote for "..." and `...` literals; throws QuoteSyntaxError ("invalid syntax"). */
export function goUnquote(s: string): string {
  const n = s.length;
  if (n < 2) throw new QuoteSyntaxError();
  const q = s[0]!;
  if (q !== s[n - 1]) throw new QuoteSyntaxError();
  const body = s.slice(1, n - 1);
  if (q === '`') {
    if (body.includes('`')) throw new QuoteSyntaxError();
    return body.replace(/\r/g, '');
  }
  if (q !== '"') throw new QuoteSyntaxError();
  let out = '';
  let i = 0;
  while (i < body.length) {
    const c = body[i]!;
    if (c === '"' || c === '\n') throw new QuoteSyntaxError();
    if (c !== '\\') {
      out += c;
      i++;
      continue;
    }
    const e = body[i + 1];
    if (e === undefined) throw new QuoteSyntaxError();
    i += 2;
    if (e in simpleEscapes) {
      out += simpleEscapes[e]!;
      continue;
    }
    if (e === '"') {
      out += '"';
      continue;
    }
    if (e === 'x' || e === 'u' || e === 'U') {
      const w = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const digits = body.slice(i, i + w);
      if (digits.length !== w || !/^[0-9a-fA-F]+$/.test(digits)) throw new QuoteSyntaxError();
      const v = parseInt(digits, 16);
      if (e !== 'x' && (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))) throw new QuoteSyntaxError();
      out += String.fromCodePoint(v);
      i += w;
      continue;
    }
    if (e >= '0' && e <= '7') {
      const digits = body.slice(i - 1, i + 2);
      if (!/^[0-7]{3}$/.test(digits)) throw new QuoteSyntaxError();
      const v = parseInt(digits, 8);
      if (v > 255) throw new QuoteSyntaxError();
      out += String.fromCodePoint(v);
      i += 2;
      continue;
    }
    throw new QuoteSyntaxError();
  }
  return out;
}

/** Whether s must be quoted to be a single token in a go.mod line (modfile.MustQuote). */
export function mustQuote(s: string): boolean {
  for (const ch of s) {
    switch (ch) {
      case ' ':
      case '"':
      case "'":
      case '`':
        return true;
      case '(':
      case ')':
      case '[':
      case ']':
      case '{':
      case '}':
      case ',':
        if (s.length > 1) return true;
        break;
      default:
        if (!isPrint(ch)) return true;
    }
  }
  return s === '' || s.includes('//') || s.includes('/*');
}

/** s, or its quoted form when it must be quoted (modfile.AutoQuote). */
export function autoQuote(s: string): string {
  return mustQuote(s) ? goQuote(s) : s;
}

/**
 * Interprets a path/version token: a "..." token is unquoted; other tokens may not contain
 * quote characters. Returns the value and the token in canonical (auto-quoted) form.
 */
export function parseStringToken(tok: string): { value: string; token: string } {
  let value = tok;
  if (tok.startsWith('"')) {
    value = goUnquote(tok);
  } else if (/["'`]/.test(tok)) {
    throw new Error('unquoted string cannot contain quote');
  }
  return { value, token: autoQuote(value) };
}
