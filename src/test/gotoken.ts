// A Go tokenizer: just enough of go/scanner to find top-level declarations and comment groups in test files.

export type TokKind = 'ident' | 'op' | 'string' | 'char' | 'number' | 'comment';

/** One token; offsets are UTF-16 indexes into the source, lines are 1-based. */
export interface Token {
  kind: TokKind;
  text: string;
  offset: number;
  end: number;
  line: number;
  /** The line the token ends on (a raw string or block comment can span several). */
  endLine: number;
}

/** A malformed source (an unterminated literal or comment): go's parser would reject the file. */
export class TokenizeError extends Error {
  constructor(readonly offset: number, message: string) {
    super(message);
  }
}

const OPS3 = ['<<=', '>>=', '&^=', '...', '&&=', '||='];
const OPS2 = ['<<', '>>', '&^', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '&&', '||', '<-', '++', '--', '==', '!=', '<=', '>=', ':='];

function isLetter(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || (c > '\x7f' && /[\p{L}]/u.test(c));
}

function isDigit(c: string): boolean {
  return (c >= '0' && c <= '9') || (c > '\x7f' && /\p{Nd}/u.test(c));
}

/** Splits Go source into tokens (comments included, no automatic semicolons). */
export function tokenize(src: string): Token[] {
  const toks: Token[] = [];
  let i = 0;
  let line = 1;
  const n = src.length;
  const countLines = (from: number, to: number): number => {
    let k = 0;
    for (let j = from; j < to; j++) if (src.charCodeAt(j) === 10) k++;
    return k;
  };
  while (i < n) {
    const c = src[i]!;
    if (c === '\n') { line++; i++; continue; }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\ufeff') { i++; continue; }
    const start = i;
    const startLine = line;
    let kind: TokKind;
    if (c === '/' && src[i + 1] === '/') {
      const e = src.indexOf('\n', i);
      i = e < 0 ? n : e;
      kind = 'comment';
    } else if (c === '/' && src[i + 1] === '*') {
      const e = src.indexOf('*/', i + 2);
      if (e < 0) throw new TokenizeError(start, 'comment not terminated');
      i = e + 2;
      line += countLines(start, i);
      kind = 'comment';
    } else if (c === '"' || c === "'") {
      i++;
      while (i < n && src[i] !== c) {
        if (src[i] === '\n') throw new TokenizeError(start, c === '"' ? 'string literal not terminated' : 'rune literal not terminated');
        if (src[i] === '\\') i++;
        i++;
      }
      if (i >= n) throw new TokenizeError(start, c === '"' ? 'string literal not terminated' : 'rune literal not terminated');
      i++;
      kind = c === '"' ? 'string' : 'char';
    } else if (c === '`') {
      const e = src.indexOf('`', i + 1);
      if (e < 0) throw new TokenizeError(start, 'raw string literal not terminated');
      i = e + 1;
      line += countLines(start, i);
      kind = 'string';
    } else if (isLetter(c)) {
      // A surrogate pair is one letter: step over code points, not UTF-16 units.
      while (i < n) {
        const cp = src.codePointAt(i)!;
        const ch = String.fromCodePoint(cp);
        if (!isLetter(ch) && !isDigit(ch)) break;
        i += ch.length;
      }
      kind = 'ident';
    } else if (isDigit(c) || (c === '.' && isDigit(src[i + 1] ?? ''))) {
      // Numbers: digits, letters (hex, exponents, suffixes), '_', '.', and a sign right after an exponent.
      i++;
      while (i < n) {
        const d = src[i]!;
        if (/[0-9a-zA-Z_.]/.test(d)) { i++; continue; }
        if ((d === '+' || d === '-') && /[eEpP]/.test(src[i - 1]!) && !/^0[xX][0-9a-fA-F_]*[eE]$/.test(src.slice(start, i))) { i++; continue; }
        break;
      }
      kind = 'number';
    } else {
      const three = src.slice(i, i + 3), two = src.slice(i, i + 2);
      if (OPS3.includes(three)) i += 3;
      else if (OPS2.includes(two)) i += 2;
      else i += 1;
      kind = 'op';
    }
    toks.push({ kind, text: src.slice(start, i), offset: start, end: i, line: startLine, endLine: line });
  }
  return toks;
}

/** A run of adjacent comments, as go/parser groups them. */
export interface CommentGroup {
  comments: Token[];
  offset: number;
  end: number;
}

/**
 * Groups comments as go/parser does: a comment on the same line as the preceding token starts a group
 * that takes only the comments beginning on its last line; otherwise a group takes comments that start
 * at most one line after the previous one ended (no blank line between).
 */
export function commentGroups(toks: Token[]): CommentGroup[] {
  const groups: CommentGroup[] = [];
  let lastLine = 0; // end line of the last non-comment token (0: none yet)
  let i = 0;
  const take = (slack: number): void => {
    const list: Token[] = [];
    let endline = toks[i]!.line;
    while (i < toks.length && toks[i]!.kind === 'comment' && toks[i]!.line <= endline + slack) {
      list.push(toks[i]!);
      endline = toks[i]!.endLine;
      i++;
    }
    groups.push({ comments: list, offset: list[0]!.offset, end: list[list.length - 1]!.end });
  };
  while (i < toks.length) {
    const t = toks[i]!;
    if (t.kind !== 'comment') {
      lastLine = t.endLine;
      i++;
      continue;
    }
    if (lastLine !== 0 && t.line === lastLine) take(0);
    while (i < toks.length && toks[i]!.kind === 'comment') take(1);
  }
  return groups;
}

/** go/ast's CommentGroup.Text: the comment text without markers, directives and surrounding blank lines. */
export function commentText(g: CommentGroup): string {
  const lines: string[] = [];
  for (const tok of g.comments) {
    let c = tok.text;
    if (c[1] === '/') {
      c = c.slice(2);
      if (c.length > 0) {
        if (c[0] === ' ') c = c.slice(1);
        else if (isDirective(c)) continue;
      }
    } else {
      c = c.slice(2, -2);
    }
    for (const l of c.split('\n')) lines.push(l.replace(/[ \t\n\v\f\r]+$/, ''));
  }
  // Drop leading blank lines; runs of blank lines become one.
  const out: string[] = [];
  for (const l of lines) {
    if (l !== '' || (out.length > 0 && out[out.length - 1] !== '')) out.push(l);
  }
  if (out.length > 0 && out[out.length - 1] !== '') out.push('');
  return out.join('\n');
}

/** go/ast's isDirective for a "//" comment without its slashes: //line, //extern, //export, //[a-z0-9]+:[a-z0-9]. */
function isDirective(c: string): boolean {
  if (c.startsWith('line ') || c.startsWith('extern ') || c.startsWith('export ')) return true;
  const colon = c.indexOf(':');
  if (colon <= 0 || colon + 1 >= c.length) return false;
  for (let i = 0; i <= colon + 1; i++) {
    if (i === colon) continue;
    const b = c[i]!;
    if (!((b >= 'a' && b <= 'z') || (b >= '0' && b <= '9'))) return false;
  }
  return true;
}
