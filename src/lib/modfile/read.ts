// Lexer and parser for the go.mod/go.work syntax: text → FileSyntax, keeping every comment.

import { ModFileEntryError, ModFileError } from './errors.js';
import { goQuoteRune, isPrint, isSpace } from './quote.js';
import {
  afterParen,
  emptyComments,
  newFileSyntax,
  type Comment,
  type CommentBlock,
  type Comments,
  type FileSyntax,
  type Line,
  type LineBlock,
  type Position,
} from './syntax.js';

const EOF = 'EOF';
const EOLCOMMENT = 'EOLCOMMENT';
const IDENT = 'IDENT';
const STRING = 'STRING';
const COMMENT = 'COMMENT';
/** Token kinds: the named kinds above, or a punctuation character itself. */
type Kind = string;

interface Token {
  kind: Kind;
  pos: Position;
  endPos: Position;
  text: string;
}

const isComment = (k: Kind): boolean => k === COMMENT || k === EOLCOMMENT;
const isEOL = (k: Kind): boolean => k === EOF || k === EOLCOMMENT || k === '\n';

/** Thrown inside the parser to unwind on the first syntax error. */
class Abort {}

function isIdentRune(ch: string): boolean {
  switch (ch) {
    case ' ':
    case '(':
    case ')':
    case '[':
    case ']':
    case '{':
    case '}':
    case ',':
      return false;
  }
  if (ch.length === 1) {
    const c = ch.charCodeAt(0);
    if (c < 0x80) return c > 0x20 && c < 0x7f;
  }
  return ch !== '' && !isSpace(ch) && isPrint(ch);
}

class Parser {
  private rest: number; // offset of the unread input
  private tokenStart = 0;
  private token: Token;
  // The current input position, kept as numbers to avoid allocating per character.
  private line = 1;
  private lineRune = 1;
  private suffixComments: Comment[] = [];
  readonly file: FileSyntax;
  readonly errors: ModFileEntryError[] = [];

  constructor(
    private readonly filename: string,
    private readonly text: string,
  ) {
    this.rest = 0;
    this.line = 1;
    this.lineRune = 1;
    this.file = newFileSyntax(filename);
    this.token = { kind: EOF, pos: this.here(), endPos: this.here(), text: '' };
  }

  /** The current position as a Position value. */
  private here(): Position {
    return { line: this.line, lineRune: this.lineRune, offset: this.rest };
  }

  private setPos(p: Position): void {
    this.line = p.line;
    this.lineRune = p.lineRune;
    this.rest = p.offset;
  }

  private fail(msg: string): never {
    this.errors.push(new ModFileEntryError({ filename: this.filename, pos: this.here(), err: msg }));
    throw new Abort();
  }

  private eof(): boolean {
    return this.rest >= this.text.length;
  }

  private peekRune(): string {
    if (this.eof()) return '';
    const c = this.text.charCodeAt(this.rest);
    if (c < 0xd800 || c > 0xdbff) return this.text[this.rest]!;
    return String.fromCodePoint(this.text.codePointAt(this.rest)!);
  }

  private peekPrefix(p: string): boolean {
    return this.text.startsWith(p, this.rest);
  }

  private readRune(): string {
    if (this.eof()) this.fail('internal lexer error: readRune at EOF');
    const ch = this.peekRune();
    this.rest += ch.length;
    if (ch === '\n') {
      this.line++;
      this.lineRune = 1;
    } else {
      this.lineRune++;
    }
    return ch;
  }

  private startToken(): void {
    this.tokenStart = this.rest;
    const p = this.here();
    this.token = { kind: EOF, pos: p, endPos: p, text: '' };
  }

  private endToken(kind: Kind): void {
    let text = this.text.slice(this.tokenStart, this.rest);
    if (isComment(kind)) {
      if (text.endsWith('\r\n')) text = text.slice(0, -2);
      else if (text.endsWith('\n')) text = text.slice(0, -1);
    }
    this.token = { kind, pos: this.token.pos, endPos: this.here(), text };
  }

  private peek(): Kind {
    return this.token.kind;
  }

  private lex(): Token {
    const tok = this.token;
    this.readToken();
    return tok;
  }

  readToken(): void {
    while (!this.eof()) {
      const c = this.peekRune();
      if (c === ' ' || c === '\t' || c === '\r') {
        this.readRune();
        continue;
      }
      if (this.peekPrefix('//')) {
        this.startToken();
        const lineStart = this.text.lastIndexOf('\n', this.rest - 1) + 1;
        const suffix = this.text.slice(lineStart, this.rest).trim() !== '';
        this.readRune();
        this.readRune();
        while (!this.eof() && this.readRune() !== '\n') {
          // consume the comment through its newline
        }
        if (!suffix) {
          this.endToken(COMMENT);
          return;
        }
        this.endToken(EOLCOMMENT);
        this.suffixComments.push({ start: this.token.pos, token: this.token.text, suffix: true });
        return;
      }
      if (this.peekPrefix('/*')) this.fail('mod files must use // comments (not /* */ comments)');
      break;
    }

    this.startToken();
    if (this.eof()) {
      this.endToken(EOF);
      return;
    }

    const c = this.peekRune();
    switch (c) {
      case '\n':
      case '(':
      case ')':
      case '[':
      case ']':
      case '{':
      case '}':
      case ',':
        this.readRune();
        this.endToken(c);
        return;
      case '"':
      case '`': {
        const quote = c;
        this.readRune();
        for (;;) {
          if (this.eof()) {
            this.setPos(this.token.pos);
            this.fail('unexpected EOF in string');
          }
          if (this.peekRune() === '\n') this.fail('unexpected newline in string');
          const r = this.readRune();
          if (r === quote) break;
          if (r === '\\' && quote !== '`') {
            if (this.eof()) {
              this.setPos(this.token.pos);
              this.fail('unexpected EOF in string');
            }
            this.readRune();
          }
        }
        this.endToken(STRING);
        return;
      }
    }

    if (!isIdentRune(c)) this.fail(`unexpected input character ${goQuoteRune(c)}`);
    while (isIdentRune(this.peekRune())) {
      if (this.peekPrefix('//')) break;
      if (this.peekPrefix('/*')) this.fail('mod files must use // comments (not /* */ comments)');
      this.readRune();
    }
    this.endToken(IDENT);
  }

  parseFile(): void {
    let cb: CommentBlock | undefined;
    for (;;) {
      switch (this.peek()) {
        case '\n':
          this.lex();
          if (cb) {
            this.file.stmts.push(cb);
            cb = undefined;
          }
          break;
        case COMMENT: {
          const tok = this.lex();
          if (!cb) cb = { kind: 'comments', com: emptyComments(), start: tok.pos };
          cb.com.before.push({ start: tok.pos, token: tok.text, suffix: false });
          break;
        }
        case EOF:
          if (cb) this.file.stmts.push(cb);
          return;
        default:
          this.parseStmt();
          if (cb) {
            this.file.stmts[this.file.stmts.length - 1]!.com.before = cb.com.before;
            cb = undefined;
          }
      }
    }
  }

  private parseStmt(): void {
    const first = this.lex();
    const start = first.pos;
    let end = first.endPos;
    const tokens = [first.text];
    for (;;) {
      const tok = this.lex();
      if (isEOL(tok.kind)) {
        this.file.stmts.push({ kind: 'line', com: emptyComments(), start, end, tokens, inBlock: false });
        return;
      }
      if (tok.kind === '(') {
        const next = this.peek();
        if (isEOL(next)) {
          this.file.stmts.push(this.parseLineBlock(start, tokens, tok));
          return;
        }
        if (next === ')') {
          const rparen = this.lex();
          if (isEOL(this.peek())) {
            this.lex();
            this.file.stmts.push({
              kind: 'block',
              com: emptyComments(),
              start,
              tokens,
              lparen: { com: emptyComments(), pos: tok.pos },
              lines: [],
              rparen: { com: emptyComments(), pos: rparen.pos },
            });
            return;
          }
          tokens.push(tok.text, rparen.text);
        } else {
          tokens.push(tok.text);
        }
        continue;
      }
      tokens.push(tok.text);
      end = tok.endPos;
    }
  }

  private parseLineBlock(start: Position, tokens: string[], lparen: Token): LineBlock {
    const x: LineBlock = {
      kind: 'block',
      com: emptyComments(),
      start,
      tokens,
      lparen: { com: emptyComments(), pos: lparen.pos },
      lines: [],
      rparen: { com: emptyComments(), pos: lparen.pos },
    };
    let comments: Comment[] = [];
    for (;;) {
      switch (this.peek()) {
        case EOLCOMMENT:
          this.lex(); // attached later by assignComments
          break;
        case '\n': {
          // A blank line: keep it as an empty comment, but never two in a row.
          this.lex();
          const last = comments[comments.length - 1];
          if ((comments.length === 0 && x.lines.length > 0) || (last !== undefined && last.token !== '')) {
            comments.push(blankComment());
          }
          break;
        }
        case COMMENT: {
          const tok = this.lex();
          comments.push({ start: tok.pos, token: tok.text, suffix: false });
          break;
        }
        case EOF:
          this.fail(`syntax error (unterminated block started at ${this.filename}:${x.start.line}:${x.start.lineRune})`);
        // falls through (fail never returns)
        case ')': {
          const rparen = this.lex();
          // A lone blank line right before ")" is not kept.
          if (comments.length === 1 && comments[0]!.token === '' && comments[0]!.start.line === 0) comments = [];
          x.rparen.com.before = comments;
          x.rparen.pos = rparen.pos;
          if (!isEOL(this.peek())) this.fail('syntax error (expected newline after closing paren)');
          this.lex();
          return x;
        }
        default: {
          const l = this.parseLine();
          x.lines.push(l);
          l.com.before = comments;
          comments = [];
        }
      }
    }
  }

  private parseLine(): Line {
    const first = this.lex();
    if (isEOL(first.kind)) this.fail('internal parse error: parseLine at end of line');
    const start = first.pos;
    let end = first.endPos;
    const tokens = [first.text];
    for (;;) {
      const tok = this.lex();
      if (isEOL(tok.kind)) return { kind: 'line', com: emptyComments(), start, end, tokens, inBlock: true };
      tokens.push(tok.text);
      end = tok.endPos;
    }
  }

  /** Attaches each end-of-line comment to the last single-line node ending before it. */
  assignComments(): void {
    const post: { start: Position; end: Position; com: Comments }[] = [];
    for (const s of this.file.stmts) {
      if (s.kind === 'block') {
        post.push({ start: s.lparen.pos, end: afterParen(s.lparen.pos), com: s.lparen.com });
        for (const l of s.lines) post.push({ start: l.start, end: l.end, com: l.com });
        post.push({ start: s.rparen.pos, end: afterParen(s.rparen.pos), com: s.rparen.com });
        post.push({ start: s.start, end: afterParen(s.rparen.pos), com: s.com });
      } else if (s.kind === 'line') {
        post.push({ start: s.start, end: s.end, com: s.com });
      } else {
        post.push({ start: s.start, end: s.start, com: s.com });
      }
    }
    const suffix = this.suffixComments.slice();
    for (let i = post.length - 1; i >= 0; i--) {
      const x = post[i]!;
      if (x.start.line !== x.end.line) continue;
      const found: Comment[] = [];
      while (suffix.length > 0 && x.end.offset <= suffix[suffix.length - 1]!.start.offset) {
        found.unshift(suffix.pop()!);
      }
      if (found.length > 0) x.com.suffix.push(...found);
    }
    this.file.com.before.push(...suffix);
  }
}

/** The empty comment that stands for a blank line inside a block. */
function blankComment(): Comment {
  return { start: { line: 0, lineRune: 0, offset: 0 }, token: '', suffix: false };
}

/** Parses go.mod/go.work syntax; throws ModFileError on the first syntax error. */
export function parseSyntax(filename: string, text: string): FileSyntax {
  const p = new Parser(filename, text);
  try {
    p.readToken();
    p.parseFile();
  } catch (e) {
    if (e instanceof Abort) throw new ModFileError(p.errors);
    throw e;
  }
  p.assignComments();
  return p.file;
}
