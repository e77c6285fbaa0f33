// Printer: FileSyntax → text in go's canonical go.mod layout (what `go mod edit -fmt` writes).

import type { Comment, Comments, FileSyntax, Line, LineBlock, Stmt } from './syntax.js';

class Printer {
  private done: string[] = []; // finished lines, without their newlines
  private cur = ''; // the line being built
  private pending: Comment[] = []; // end-of-line comments waiting for the end of the line
  private margin = 0;

  private tabs(): string {
    return '\t'.repeat(this.margin);
  }

  private write(s: string): void {
    this.cur += s;
  }

  private endLine(): void {
    this.done.push(this.cur);
    this.cur = '';
  }

  /** Removes trailing spaces and tabs from the current line. */
  private trim(): void {
    let n = this.cur.length;
    while (n > 0 && (this.cur[n - 1] === ' ' || this.cur[n - 1] === '\t')) n--;
    if (n < this.cur.length) this.cur = this.cur.slice(0, n);
  }

  /** Everything printed so far. */
  text(): string {
    return this.done.length === 0 ? this.cur : this.done.join('\n') + '\n' + this.cur;
  }

  /** Ends the current line, flushing pending end-of-line comments. */
  newline(): void {
    if (this.pending.length > 0) {
      this.write(' ');
      this.pending.forEach((com, i) => {
        if (i > 0) {
          this.trim();
          this.endLine();
          this.write(this.tabs());
        }
        this.write(com.token.trim());
      });
      this.pending = [];
    }
    this.trim();
    // No blank line at the top of the file or right after another blank line.
    const atTop = this.done.length === 0 && this.cur === '';
    const afterBlank = this.cur === '' && this.done.length >= 2 && this.done[this.done.length - 1] === '';
    if (!atTop && !afterBlank) this.endLine();
    this.write(this.tabs());
  }

  file(f: FileSyntax): void {
    for (const com of f.com.before) {
      this.write(com.token.trim());
      this.newline();
    }
    f.stmts.forEach((stmt, i) => {
      this.expr(stmt);
      if (stmt.kind !== 'comments') this.newline();
      for (const com of stmt.com.after) {
        this.write(com.token.trim());
        this.newline();
      }
      if (i + 1 < f.stmts.length) this.newline();
    });
  }

  private comments(c: Comments): void {
    if (c.before.length > 0) {
      this.trim();
      if (this.cur.length > 0) this.endLine();
      this.write(this.tabs());
      for (const com of c.before) {
        this.write(com.token.trim());
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
        this.write(tokensText(x.tokens));
        break;
      case 'block':
        this.block(x);
        break;
    }
    this.pending.push(...x.com.suffix);
  }

  private block(x: LineBlock): void {
    this.write(tokensText(x.tokens) + ' ');
    this.comments(x.lparen.com);
    this.write('(');
    this.pending.push(...x.lparen.com.suffix);
    this.margin++;
    for (const l of x.lines) {
      this.newline();
      this.expr(l);
    }
    this.margin--;
    this.newline();
    this.comments(x.rparen.com);
    this.write(')');
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
  let b = p.text();
  while (b.length > 0 && b.endsWith('\n') && (b.length === 1 || b[b.length - 2] === '\n')) b = b.slice(0, -1);
  return b;
}
