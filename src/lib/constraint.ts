// Build constraint expressions: `//go:build` and legacy `// +build` lines — parse, evaluate, print.

export type Expr =
  | { kind: 'tag'; tag: string }
  | { kind: 'not'; x: Expr }
  | { kind: 'and'; x: Expr; y: Expr }
  | { kind: 'or'; x: Expr; y: Expr };

/** A syntax error in a constraint; `message` is exactly go's text. */
export class ConstraintSyntaxError extends Error {
  constructor(readonly offset: number, message: string) {
    super(message);
    this.name = 'ConstraintSyntaxError';
  }
}

export class NotConstraintError extends Error {
  constructor() {
    super('not a build constraint');
    this.name = 'NotConstraintError';
  }
}

export const errComplex = 'expression too complex for // +build lines';

const MAX_SIZE = 1000;

const tagExpr = (tag: string): Expr => ({ kind: 'tag', tag });
const notExpr = (x: Expr): Expr => ({ kind: 'not', x });
const andExpr = (x: Expr, y: Expr): Expr => ({ kind: 'and', x, y });
const orExpr = (x: Expr, y: Expr): Expr => ({ kind: 'or', x, y });

/** Evaluates x, calling ok for every tag (both sides of && and || are always evaluated). */
export function evalExpr(x: Expr, ok: (tag: string) => boolean): boolean {
  switch (x.kind) {
    case 'tag': return ok(x.tag);
    case 'not': return !evalExpr(x.x, ok);
    case 'and': { const a = evalExpr(x.x, ok); const b = evalExpr(x.y, ok); return a && b; }
    case 'or': { const a = evalExpr(x.x, ok); const b = evalExpr(x.y, ok); return a || b; }
  }
}

/** Prints x in //go:build syntax with minimal parentheses. */
export function exprString(x: Expr): string {
  switch (x.kind) {
    case 'tag': return x.tag;
    case 'not': {
      const s = exprString(x.x);
      return '!' + (x.x.kind === 'and' || x.x.kind === 'or' ? `(${s})` : s);
    }
    case 'and': return wrapIf(x.x, 'or') + ' && ' + wrapIf(x.y, 'or');
    case 'or': return wrapIf(x.x, 'and') + ' || ' + wrapIf(x.y, 'and');
  }
}

function wrapIf(x: Expr, kind: Expr['kind']): string {
  const s = exprString(x);
  return x.kind === kind ? `(${s})` : s;
}

function isTagChar(c: string): boolean {
  return /^[\p{L}\p{Nd}\p{Nl}\p{No}_.]$/u.test(c);
}

/** Reports whether word is a valid build tag (letters, digits, '_' and '.'). */
export function isValidTag(word: string): boolean {
  if (word === '') return false;
  for (const c of word) if (!isTagChar(c)) return false;
  return true;
}

/** Strips go's (ASCII + Unicode) white space from both ends, like strings.TrimSpace. */
function trimSpace(s: string): string {
  let i = 0;
  let j = s.length;
  while (i < j && isSpaceChar(s.charCodeAt(i))) i++;
  while (j > i && isSpaceChar(s.charCodeAt(j - 1))) j--;
  return s.slice(i, j);
}

function isSpaceChar(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0x85) return false;
  return c === 0x85 || c === 0xa0 || /\s/u.test(String.fromCharCode(c));
}

function singleLine(line: string): string | undefined {
  if (line.endsWith('\n')) line = line.slice(0, -1);
  return line.includes('\n') ? undefined : line;
}

/** The expression text of a //go:build line, or undefined if line is not one. */
export function splitGoBuild(line: string): string | undefined {
  const l = singleLine(line);
  if (l === undefined || !l.startsWith('//go:build')) return undefined;
  const rest = trimSpace(l).slice('//go:build'.length);
  const trim = trimSpace(rest);
  if (rest.length === trim.length && rest !== '') return undefined;
  return trim;
}

/** The expression text of a // +build line, or undefined if line is not one. */
export function splitPlusBuild(line: string): string | undefined {
  const l = singleLine(line);
  if (l === undefined || !l.startsWith('//')) return undefined;
  let rest = trimSpace(l.slice(2));
  if (!rest.startsWith('+build')) return undefined;
  rest = rest.slice('+build'.length);
  const trim = trimSpace(rest);
  if (rest.length === trim.length && rest !== '') return undefined;
  return trim;
}

export function isGoBuild(line: string): boolean {
  return splitGoBuild(line) !== undefined;
}

export function isPlusBuild(line: string): boolean {
  return splitPlusBuild(line) !== undefined;
}

/** Parses a //go:build or // +build line. Throws ConstraintSyntaxError / NotConstraintError / Error(errComplex). */
export function parseConstraint(line: string): Expr {
  const gb = splitGoBuild(line);
  if (gb !== undefined) return parseGoBuildExpr(gb);
  const pb = splitPlusBuild(line);
  if (pb !== undefined) return parsePlusBuildExpr(pb);
  throw new NotConstraintError();
}

/** Parses the expression of a //go:build line. */
export function parseGoBuildExpr(text: string): Expr {
  const p = new ExprParser(text);
  const x = p.or();
  if (p.tok !== '') throw new ConstraintSyntaxError(p.pos, 'unexpected token ' + p.tok);
  return x;
}

class ExprParser {
  i = 0;
  tok = '';
  isTag = false;
  pos = 0;
  size = 0;
  constructor(readonly s: string) {}

  or(): Expr {
    let x = this.and();
    while (this.tok === '||') x = orExpr(x, this.and());
    return x;
  }

  and(): Expr {
    let x = this.not();
    while (this.tok === '&&') x = andExpr(x, this.not());
    return x;
  }

  not(): Expr {
    if (++this.size > MAX_SIZE) throw new ConstraintSyntaxError(this.pos, 'build expression too large');
    this.lex();
    if (this.tok === '!') {
      this.lex();
      if (this.tok === '!') throw new ConstraintSyntaxError(this.pos, 'double negation not allowed');
      return notExpr(this.atom());
    }
    return this.atom();
  }

  atom(): Expr {
    if (this.tok === '(') {
      const pos = this.pos;
      let x: Expr;
      try {
        x = this.or();
      } catch (e) {
        if (e instanceof ConstraintSyntaxError && e.message === 'unexpected end of expression') {
          throw new ConstraintSyntaxError(e.offset, 'missing close paren');
        }
        throw e;
      }
      if ((this.tok as string) !== ')') throw new ConstraintSyntaxError(pos, 'missing close paren');
      this.lex();
      return x;
    }
    if (!this.isTag) {
      if (this.tok === '') throw new ConstraintSyntaxError(this.pos, 'unexpected end of expression');
      throw new ConstraintSyntaxError(this.pos, 'unexpected token ' + this.tok);
    }
    const t = this.tok;
    this.lex();
    return tagExpr(t);
  }

  lex(): void {
    const s = this.s;
    this.isTag = false;
    while (this.i < s.length && (s[this.i] === ' ' || s[this.i] === '\t')) this.i++;
    if (this.i >= s.length) {
      this.tok = '';
      this.pos = this.i;
      return;
    }
    const c = s[this.i]!;
    if (c === '(' || c === ')' || c === '!') {
      this.pos = this.i++;
      this.tok = c;
      return;
    }
    if (c === '&' || c === '|') {
      if (s[this.i + 1] !== c) throw new ConstraintSyntaxError(this.i, 'invalid syntax at ' + c);
      this.pos = this.i;
      this.i += 2;
      this.tok = c + c;
      return;
    }
    let j = this.i;
    for (const ch of s.slice(this.i)) {
      if (!isTagChar(ch)) break;
      j += ch.length;
    }
    if (j === this.i) {
      const ch = String.fromCodePoint(s.codePointAt(this.i)!);
      throw new ConstraintSyntaxError(this.i, 'invalid syntax at ' + ch);
    }
    this.pos = this.i;
    this.tok = s.slice(this.i, j);
    this.i = j;
    this.isTag = true;
  }
}

/** Parses the expression of a legacy // +build line (space = OR, comma = AND, ! = NOT). */
export function parsePlusBuildExpr(text: string): Expr {
  const maxOld = 100;
  let size = 0;
  let x: Expr | undefined;
  for (const clause of text.split(/[\s\u0085]+/u).filter((f) => f !== '')) {
    let y: Expr | undefined;
    for (let lit of clause.split(',')) {
      let z: Expr;
      if (lit.startsWith('!!') || lit === '!') {
        z = tagExpr('ignore');
      } else {
        const neg = lit.startsWith('!');
        if (neg) lit = lit.slice(1);
        z = isValidTag(lit) ? tagExpr(lit) : tagExpr('ignore');
        if (neg) z = notExpr(z);
      }
      if (y === undefined) {
        y = z;
      } else {
        if (++size > maxOld) throw new Error(errComplex);
        y = andExpr(y, z);
      }
    }
    if (x === undefined) {
      x = y!;
    } else {
      if (++size > maxOld) throw new Error(errComplex);
      x = orExpr(x, y!);
    }
  }
  return x ?? tagExpr('ignore');
}

function pushNot(x: Expr, not: boolean): Expr {
  switch (x.kind) {
    case 'tag': return not ? notExpr(x) : x;
    case 'not':
      if (x.x.kind === 'tag' && !not) return x;
      return pushNot(x.x, !not);
    case 'and': {
      const a = pushNot(x.x, not);
      const b = pushNot(x.y, not);
      if (not) return orExpr(a, b);
      return a === x.x && b === x.y ? x : andExpr(a, b);
    }
    case 'or': {
      const a = pushNot(x.x, not);
      const b = pushNot(x.y, not);
      if (not) return andExpr(a, b);
      return a === x.x && b === x.y ? x : orExpr(a, b);
    }
  }
}

function splitKind(x: Expr, kind: 'and' | 'or', out: Expr[] = []): Expr[] {
  if (x.kind === kind) {
    splitKind(x.x, kind, out);
    splitKind(x.y, kind, out);
  } else {
    out.push(x);
  }
  return out;
}

/** The // +build lines equivalent to x; throws Error(errComplex) when x cannot be expressed. */
export function plusBuildLines(x: Expr): string[] {
  x = pushNot(x, false);
  let split: Expr[][][] = [];
  for (const o of splitKind(x, 'and')) {
    const ands: Expr[][] = [];
    for (const a of splitKind(o, 'or')) {
      const lits: Expr[] = [];
      for (const lit of splitKind(a, 'and')) {
        if (lit.kind !== 'tag' && lit.kind !== 'not') throw new Error(errComplex);
        lits.push(lit);
      }
      ands.push(lits);
    }
    split.push(ands);
  }
  const maxOr = Math.max(0, ...split.map((o) => o.length));
  if (maxOr === 1) split = [[split.flatMap((o) => o[0]!)]];
  return split.map((o) => '// +build' + o.map((and) => ' ' + and.map(exprString).join(',')).join(''));
}
