// The comment-preserving syntax tree shared by go.mod and go.work files, and its low-level edits.

/** A position in the input: 1-based line and rune-in-line, 0-based offset into the text. */
export interface Position {
  line: number;
  lineRune: number;
  offset: number;
}

/** A single "//" comment; `suffix` marks an end-of-line comment rather than a whole-line one. */
export interface Comment {
  start: Position;
  token: string; // without the trailing newline; "" stands for a preserved blank line
  suffix: boolean;
}

/** Comments attached to a syntax node. */
export interface Comments {
  before: Comment[]; // whole-line comments above the node
  suffix: Comment[]; // end-of-line comments after the node
  after: Comment[]; // whole-line comments after a top-level node
}

/** One line of tokens, either a top-level statement or a line inside a block. */
export interface Line {
  kind: 'line';
  com: Comments;
  start: Position;
  end: Position;
  /** The tokens; an empty array marks a line removed by an edit (dropped by cleanup). */
  tokens: string[];
  inBlock: boolean;
}

/** A parenthesised block such as `require ( ... )`. */
export interface LineBlock {
  kind: 'block';
  com: Comments;
  start: Position;
  tokens: string[]; // the tokens before "(", normally just the verb
  lparen: { com: Comments; pos: Position };
  lines: Line[];
  rparen: { com: Comments; pos: Position };
}

/** A run of whole-line comments at top level that belongs to no statement. */
export interface CommentBlock {
  kind: 'comments';
  com: Comments;
  start: Position;
}

export type Stmt = Line | LineBlock | CommentBlock;

/** A whole parsed file. */
export interface FileSyntax {
  name: string;
  com: Comments;
  stmts: Stmt[];
}

export const noPos: Position = Object.freeze({ line: 0, lineRune: 0, offset: 0 }) as Position;

export function emptyComments(): Comments {
  return { before: [], suffix: [], after: [] };
}

export function newLine(tokens: string[], inBlock = false): Line {
  return { kind: 'line', com: emptyComments(), start: noPos, end: noPos, tokens, inBlock };
}

export function newBlock(tokens: string[], lines: Line[] = []): LineBlock {
  return {
    kind: 'block',
    com: emptyComments(),
    start: noPos,
    tokens,
    lparen: { com: emptyComments(), pos: noPos },
    lines,
    rparen: { com: emptyComments(), pos: noPos },
  };
}

export function newFileSyntax(name = ''): FileSyntax {
  return { name, com: emptyComments(), stmts: [] };
}

/** Marks a line as removed (with its end-of-line comments); cleanupSyntax drops it later. */
export function markRemoved(line: Line): void {
  line.tokens = [];
  line.com.suffix = [];
}

/** Replaces the tokens of a line; `tokens` always starts with the verb. */
export function updateLine(line: Line, tokens: string[]): void {
  line.tokens = line.inBlock ? tokens.slice(1) : tokens.slice();
}

/**
 * Adds a line with the given tokens (verb first) and returns it.
 *
 * With a hint whose verb matches, the line joins the hint's block (turning a lone hint line into a
 * block), placed right after the hint when the hint is a line inside a block. With a hint whose
 * verb differs, the line is placed after the hint's statement. Without a hint, it joins the last
 * statement with the same verb, or is appended to the file.
 */
export function addLine(x: FileSyntax, hint: Line | LineBlock | undefined, tokens: string[]): Line {
  const verb = tokens[0];
  if (hint === undefined) {
    for (let i = x.stmts.length - 1; i >= 0; i--) {
      const s = x.stmts[i]!;
      if (s.kind !== 'comments' && s.tokens.length > 0 && s.tokens[0] === verb) {
        hint = s;
        break;
      }
    }
  }
  const insertAfter = (i: number): Line => {
    const nl = newLine(tokens);
    x.stmts.splice(i + 1, 0, nl);
    return nl;
  };
  if (hint !== undefined) {
    for (let i = 0; i < x.stmts.length; i++) {
      const s = x.stmts[i]!;
      if (s.kind === 'line' && s === hint) {
        if (s.tokens.length === 0 || s.tokens[0] !== verb) return insertAfter(i);
        const block = newBlock(s.tokens.slice(0, 1), [s]);
        s.inBlock = true;
        s.tokens = s.tokens.slice(1);
        x.stmts[i] = block;
        const nl = newLine(tokens.slice(1), true);
        block.lines.push(nl);
        return nl;
      }
      if (s.kind === 'block') {
        if (s === hint) {
          if (s.tokens[0] !== verb) return insertAfter(i);
          const nl = newLine(tokens.slice(1), true);
          s.lines.push(nl);
          return nl;
        }
        const j = s.lines.indexOf(hint as Line);
        if (j >= 0) {
          if (s.tokens[0] !== verb) return insertAfter(i);
          const nl = newLine(tokens.slice(1), true);
          s.lines.splice(j + 1, 0, nl);
          return nl;
        }
      }
    }
  }
  const nl = newLine(tokens);
  x.stmts.push(nl);
  return nl;
}

/** Appends a new top-level line at the end of the file. */
export function appendLine(x: FileSyntax, tokens: string[]): Line {
  const nl = newLine(tokens);
  x.stmts.push(nl);
  return nl;
}

/**
 * Drops removed lines and empty blocks. A block left with one line (and no comments before its
 * closing paren) collapses into a single statement, keeping the same Line object.
 */
export function cleanupSyntax(x: FileSyntax): void {
  const out: Stmt[] = [];
  for (const s of x.stmts) {
    if (s.kind === 'line') {
      if (s.tokens.length === 0) continue;
    } else if (s.kind === 'block') {
      s.lines = s.lines.filter((l) => l.tokens.length > 0);
      if (s.lines.length === 0) continue;
      if (s.lines.length === 1 && s.rparen.com.before.length === 0) {
        const only = s.lines[0]!;
        only.com = {
          before: [...s.com.before, ...only.com.before],
          suffix: [...only.com.suffix, ...s.com.suffix],
          after: [...only.com.after, ...s.com.after],
        };
        only.tokens = [...s.tokens, ...only.tokens];
        only.inBlock = false;
        only.start = noPos;
        only.end = noPos;
        out.push(only);
        continue;
      }
    }
    out.push(s);
  }
  x.stmts = out;
}

/** The start and end of a node, as used to attach comments. */
export function spanOf(x: Stmt | FileSyntax): [Position, Position] {
  if ('stmts' in x) {
    if (x.stmts.length === 0) return [noPos, noPos];
    return [spanOf(x.stmts[0]!)[0], spanOf(x.stmts[x.stmts.length - 1]!)[1]];
  }
  switch (x.kind) {
    case 'line':
      return [x.start, x.end];
    case 'block':
      return [x.start, afterParen(x.rparen.pos)];
    case 'comments':
      return [x.start, x.start];
  }
}

/** The position just after a one-character paren at p. */
export function afterParen(p: Position): Position {
  return { line: p.line, lineRune: p.lineRune + 1, offset: p.offset + 1 };
}
