// A small Go tokenizer over a byte string (latin1-decoded, so offsets and columns are byte counts).

export type TokKind =
  | 'IDENT' | 'INT' | 'FLOAT' | 'IMAG' | 'CHAR' | 'STRING' | 'COMMENT' | 'KEYWORD' | 'OP' | ';' | 'EOF' | 'ILLEGAL';

export interface Token {
  kind: TokKind;
  /** Source text (for ';' inserted at a newline or EOF it is "\n"). */
  lit: string;
  off: number;
}

export const KEYWORDS: ReadonlySet<string> = new Set([
  'break', 'case', 'chan', 'const', 'continue', 'default', 'defer', 'else', 'fallthrough', 'for', 'func',
  'go', 'goto', 'if', 'import', 'interface', 'map', 'package', 'range', 'return', 'select', 'struct',
  'switch', 'type', 'var',
]);

function isLetter(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c >= 0x80;
}
function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** Length in bytes of the UTF-8 letter (or digit, when digits) at off in a latin1 byte string; 0 if none. */
function identRuneLen(s: string, off: number, digits: boolean): number {
  const b = s.charCodeAt(off);
  const n = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
  if (n === 1) return 0;
  const ch = Buffer.from(s.slice(off, off + n), 'latin1').toString('utf8');
  if (ch.length === 0 || ch.includes('\ufffd')) return 0;
  if (/^\p{L}$/u.test(ch)) return n;
  if (digits && /^\p{Nd}$/u.test(ch)) return n;
  return 0;
}

/** The single bytes that start an operator or delimiter (go/scanner's switch); any other is illegal. */
const OPERATOR_BYTES = new Set([...':.,;()[]{}+-*/%^<>=!&|~'].map((x) => x.charCodeAt(0)));

/** fmt's %#U: U+0040 '@', or just U+007F for a character that does not print (bytes: its UTF-8, as a byte string). */
function formatU(r: number, bytes: string): string {
  const hex = 'U+' + r.toString(16).toUpperCase().padStart(4, '0');
  return /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u.test(String.fromCodePoint(r)) ? `${hex} '${bytes}'` : hex;
}

/** Tokenizer with Go's automatic semicolon insertion. Comments are returned as tokens. */
export class GoScanner {
  private i = 0;
  private insertSemi = false;
  /** Offsets where lines start, for position computation. */
  private lineStarts: number[] | undefined;
  private scanned = 0;

  /** Scanner errors (go/scanner messages) with their offsets. */
  readonly errors: { off: number; msg: string }[] = [];
  onError?: (off: number, msg: string) => void;

  private error(off: number, msg: string): void {
    this.errors.push({ off, msg });
    this.onError?.(off, msg);
  }

  constructor(readonly src: string) {
    if (src.startsWith('\xef\xbb\xbf')) this.i = 3; // UTF-8 BOM
  }

  /** 1-based line and byte column of an offset. */
  position(off: number): { line: number; col: number } {
    const k = this.lineIndex(off);
    return { line: k + 1, col: off - this.lineStarts![k]! + 1 };
  }

  line(off: number): number {
    return this.lineIndex(off) + 1;
  }

  /** The 0-based index in lineStarts of the line holding off. */
  private lineIndex(off: number): number {
    const ls = (this.lineStarts ??= [0]);
    // Extend the line table lazily, only as far as needed.
    while (this.scanned <= off && this.scanned < this.src.length) {
      const nl = this.src.indexOf('\n', this.scanned);
      if (nl < 0) { this.scanned = this.src.length; break; }
      // Like token.File, a line starting at EOF is not recorded.
      if (nl + 1 < this.src.length) ls.push(nl + 1);
      this.scanned = nl + 1;
    }
    // Offsets arrive mostly in order: try the last line first.
    let hi = ls.length - 1;
    if (ls[hi]! <= off) return hi;
    let lo = 0;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ls[mid]! <= off) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  next(): Token {
    const s = this.src;
    // Skip white space; a newline ends a statement when a semicolon is pending.
    for (;;) {
      const c = s.charCodeAt(this.i);
      if (c === 0x20 || c === 0x09 || c === 0x0d) { this.i++; continue; }
      if (c === 0x0a) {
        if (this.insertSemi) {
          this.insertSemi = false;
          return { kind: ';', lit: '\n', off: this.i++ };
        }
        this.i++;
        continue;
      }
      break;
    }
    const off = this.i;
    if (off >= s.length) {
      if (this.insertSemi) {
        this.insertSemi = false;
        return { kind: ';', lit: '\n', off };
      }
      return { kind: 'EOF', lit: '', off };
    }
    const c = s.charCodeAt(off);
    if (c < 0x80 ? isLetter(c) : identRuneLen(s, off, false) > 0) {
      let j = off;
      for (;;) {
        const d = s.charCodeAt(j);
        if (j >= s.length) break;
        if (d < 0x80) {
          if (isLetter(d) || isDigit(d)) { j++; continue; }
          break;
        }
        const n = identRuneLen(s, j, true);
        if (n === 0) break;
        j += n;
      }
      this.i = j;
      const lit = s.slice(off, j);
      if (KEYWORDS.has(lit)) {
        this.insertSemi = lit === 'break' || lit === 'continue' || lit === 'fallthrough' || lit === 'return';
        return { kind: 'KEYWORD', lit, off };
      }
      this.insertSemi = true;
      return { kind: 'IDENT', lit, off };
    }
    if (isDigit(c) || (c === 0x2e && isDigit(s.charCodeAt(off + 1)))) {
      let j = off;
      let prev = 0;
      for (; j < s.length; j++) {
        const d = s.charCodeAt(j);
        if (isLetter(d) || isDigit(d) || d === 0x2e) { prev = d; continue; }
        if ((d === 0x2b || d === 0x2d) && (prev === 0x65 || prev === 0x45 || prev === 0x70 || prev === 0x50)) { prev = d; continue; }
        break;
      }
      this.i = j;
      this.insertSemi = true;
      const lit = s.slice(off, j);
      const kind: TokKind = lit.endsWith('i') ? 'IMAG' : /[.eEpP]/.test(lit) && !/^0[xX][0-9a-fA-F_]*$/.test(lit) ? 'FLOAT' : 'INT';
      return { kind, lit, off };
    }
    switch (c) {
      case 0x22: // "
      case 0x27: { // '
        let j = off + 1;
        let closed = false;
        while (j < s.length) {
          const d = s.charCodeAt(j);
          if (d === 0x5c) { j += 2; continue; }
          if (d === c) { j++; closed = true; break; }
          if (d === 0x0a) break; // unterminated
          j++;
        }
        if (!closed) this.error(off, c === 0x22 ? 'string literal not terminated' : 'rune literal not terminated');
        this.i = Math.min(j, s.length);
        this.insertSemi = true;
        return { kind: c === 0x22 ? 'STRING' : 'CHAR', lit: s.slice(off, this.i), off };
      }
      case 0x60: { // `
        const end = s.indexOf('`', off + 1);
        if (end < 0) this.error(off, 'raw string literal not terminated');
        this.i = end < 0 ? s.length : end + 1;
        this.insertSemi = true;
        return { kind: 'STRING', lit: s.slice(off, this.i), off };
      }
      case 0x2f: { // /
        const d = s.charCodeAt(off + 1);
        if (d === 0x2f || d === 0x2a) {
          let end: number;
          if (d === 0x2f) {
            end = s.indexOf('\n', off);
            if (end < 0) end = s.length;
          } else {
            const e = s.indexOf('*/', off + 2);
            if (e < 0) this.error(off, 'comment not terminated');
            end = e < 0 ? s.length : e + 2;
          }
          const lit = s.slice(off, end);
          if (this.insertSemi && (d === 0x2f || lit.includes('\n') || end >= s.length)) {
            // The comment acts like a newline: emit the pending semicolon first.
            this.insertSemi = false;
            return { kind: ';', lit: '\n', off };
          }
          this.i = end;
          return { kind: 'COMMENT', lit: d === 0x2f && s.charCodeAt(end - 1) === 0x0d ? lit.slice(0, -1) : lit, off };
        }
        break;
      }
    }
    // Operators and punctuation: we only need single characters to be classified correctly.
    if (!OPERATOR_BYTES.has(c)) return this.illegal(off, c);
    this.i = off + 1;
    const ch = s[off]!;
    this.insertSemi = ch === ')' || ch === ']' || ch === '}';
    if (ch === ';') return { kind: ';', lit: ';', off };
    if (ch === '+' || ch === '-') {
      if (s[off + 1] === ch) { this.i++; this.insertSemi = true; return { kind: 'OP', lit: ch + ch, off }; }
    }
    return { kind: 'OP', lit: ch, off };
  }

  /** go/scanner's default case: a character that starts no token, named as %#U names it. */
  private illegal(off: number, c: number): Token {
    const s = this.src;
    let r = c;
    let n = 1;
    if (c >= 0x80) {
      n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
      const ch = Buffer.from(s.slice(off, off + n), 'latin1').toString('utf8');
      const cp = ch.codePointAt(0);
      if (n === 1 || cp === undefined || ch.includes('\ufffd') || [...ch].length !== 1) {
        this.i = off + 1;
        this.error(off, 'illegal UTF-8 encoding');
        return { kind: 'ILLEGAL', lit: s[off]!, off };
      }
      r = cp;
    }
    this.i = off + n; // insertSemi stays as the previous token left it, as in go/scanner
    let msg: string;
    if (r === 0) msg = 'illegal character NUL';
    // Messages are byte strings like the source (the parser's reader turns them into UTF-8): the
    // character is shown as its bytes.
    else if (r === 0x201c || r === 0x201d) msg = `curly quotation mark '${s.slice(off, off + n)}' (use neutral '"')`;
    else msg = `illegal character ${formatU(r, s.slice(off, off + n))}`;
    this.error(off, msg);
    return { kind: 'ILLEGAL', lit: s.slice(off, off + n), off };
  }
}
