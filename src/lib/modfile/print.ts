// Printer: FileSyntax → text in go's canonical go.mod layout (what `go mod edit -fmt` writes).

import type { Comment, Comments, FileSyntax, Line, LineBlock, Stmt } from './syntax.js';

class Printer {
  out = '';
  private pending: Comment[] = []; // end-of-line comments waiting for the end of the line
  private margin = 0;

  private tabs(): string {
    return '\t'.repeat(this.margin);
  }

  /** Removes trailing spaces and tabs from the current line. */
  private trim(): void {
    this.out = this.out.replace(/[ \t]+$/, '');
  }

  /** Column of the output position within the current line. */
  private indent(): number {
    return this.out.length - (this.out.lastIndexOf('\n') + 1);
  }

  /** Ends the current line, flushing pending end-of-line comments. */
  newline(): void {
    if (this.pending.length > 0) {
      this.out += ' ';
      this.pending.forEach((com, i) => {
        if (i > 0) {
          this.trim();
          this.out += '\n' + this.tabs();
        }
        this.out += com.token.trim();
      });
      this.pending = [];
    }
    this.trim();
    const b = this.out;
    // No blank line at the top of the file or right after another blank line.
    if (!(b.length === 0 || (b.length >= 2 && b.endsWith('\n\n')))) this.out += '\n';
    this.out += this.tabs();
  }

  file(f: FileSyntax): void {
    for (const com of f.com.before) {
      this.out += com.token.trim();
      this.newline();
    }
    f.stmts.forEach((stmt, i) => {
      this.expr(stmt);
      if (stmt.kind !== 'comments') this.newline();
      for (const com of stmt.com.after) {
        this.out += com.token.trim();
        this.newline();
      }
      if (i + 1 < f.stmts.length) this.newline();
    });
  }

  private comments(c: Comments): void {
    if (c.before.length > 0) {
      this.trim();
      if (this.indent() > 0) this.out += '\n';
      this.out += this.tabs();
      for (const com of c.before) {
        this.out += com.token.trim();
        this.newline();
      }
    }
  }

  private expr(x: Stmt | Line): void {
    this.comments(x.com);
    switch (x.kind) {
      case 'comments':
        break;
      case 'line':
        this.out += tokensText(x.tokens);
        break;
      case 'block':
        this.block(x);
        break;
    }
    this.pending.push(...x.com.suffix);
  }

  private block(x: LineBlock): void {
    this.out += tokensText(x.tokens) + ' ';
    this.comments(x.lparen.com);
    this.out += '(';
    this.pending.push(...x.lparen.com.suffix);
    this.margin++;
    for (const l of x.lines) {
      this.newline();
      this.expr(l);
    }
    this.margin--;
    this.newline();
    this.comments(x.rparen.com);
    this.out += ')';
    this.pending.push(...x.rparen.com.suffix);
  }
}

/** Joins tokens with single spaces, except around brackets and before commas. */
export function tokensText(tokens: string[]): string {
  let out = '';
  let sep = '';
  for (const t of tokens) {
    if (t === ',' || t === ')' || t === ']' || t === '}') sep = '';
    out += sep + t;
    sep = t === '(' || t === '[' || t === '{' ? '' : ' ';
  }
  return out;
}

/** Formats a file in go's standard style. */
export function formatSyntax(f: FileSyntax): string {
  const p = new Printer();
  p.file(f);
  // Drop trailing blank lines, keeping a single final newline.
  let b = p.out;
  while (b.length > 0 && b.endsWith('\n') && (b.length === 1 || b[b.length - 2] === '\n')) b = b.slice(0, -1);
  return b;
}
