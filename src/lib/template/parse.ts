// Parser for Go text/template: tokens → a tree of nodes (text, actions, if/range/with, pipelines, operands).
import { lex, type Token } from './lex.js';
import { unquoteGo } from './strconv.js';

export type Node =
  | { kind: 'text'; pos: number; text: string }
  | { kind: 'action'; pos: number; line: number; pipe: PipeNode }
  | ControlNode
  | { kind: 'template'; pos: number; line: number; name: string; pipe?: PipeNode }
  | { kind: 'break' | 'continue'; pos: number; line: number };

export interface ControlNode { kind: 'if' | 'range' | 'with'; pos: number; line: number; pipe: PipeNode; list: Node[]; elseList?: Node[] }

export interface PipeNode {
  kind: 'pipe';
  pos: number;
  isAssign: boolean;
  decl: VarNode[];
  cmds: CommandNode[];
}
export interface CommandNode { kind: 'command'; pos: number; args: Arg[] }
export interface VarNode { kind: 'variable'; pos: number; ident: string[] }
export type Arg =
  | { kind: 'field'; pos: number; ident: string[] }
  | VarNode
  | { kind: 'identifier'; pos: number; name: string }
  | { kind: 'chain'; pos: number; node: Arg; field: string[] }
  | { kind: 'dot'; pos: number }
  | { kind: 'nil'; pos: number }
  | { kind: 'bool'; pos: number; val: boolean }
  | { kind: 'number'; pos: number; text: string; int?: number; float?: number; isChar?: boolean }
  | { kind: 'string'; pos: number; quoted: string; text: string }
  | PipeNode;

/** A parsed template set: the main tree and any {{define}}d ones. */
export interface Trees {
  [name: string]: Node[];
}

export class TemplateParseError extends Error {}

/** Node → source-like text, as go's Node.String (used in error contexts). */
export function nodeString(n: Arg | CommandNode): string {
  switch (n.kind) {
    case 'field': return '.' + n.ident.join('.');
    case 'variable': return n.ident.join('.');
    case 'identifier': return n.name;
    case 'chain': {
      const inner = n.node.kind === 'pipe' ? '(' + nodeString(n.node) + ')' : nodeString(n.node);
      return inner + '.' + n.field.join('.');
    }
    case 'dot': return '.';
    case 'nil': return 'nil';
    case 'bool': return String(n.val);
    case 'number': return n.text;
    case 'string': return n.quoted;
    case 'command': return n.args.map((a) => (a.kind === 'pipe' ? '(' + nodeString(a) + ')' : nodeString(a))).join(' ');
    case 'pipe': {
      let s = '';
      if (n.decl.length) s = n.decl.map((d) => d.ident.join('.')).join(', ') + (n.isAssign ? ' = ' : ' := ');
      return s + n.cmds.map((c) => nodeString(c)).join(' | ');
    }
  }
}

/** Parses src as the template `name` with the given function names; throws TemplateParseError with go's text. */
export function parseTemplate(name: string, src: string, funcs: ReadonlySet<string>): Trees {
  return new Parser(name, src, funcs).run();
}

class Parser {
  private toks: Token[];
  private i = 0;
  private vars: string[][] = [['$']];
  private trees: Trees = {};
  private rangeDepth = 0;

  constructor(private name: string, private src: string, private funcs: ReadonlySet<string>) {
    this.toks = lex(src);
  }

  private fail(msg: string, tok?: Token): never {
    const t = tok ?? this.toks[Math.min(this.i, this.toks.length - 1)]!;
    throw new TemplateParseError(`template: ${this.name}:${t.line}: ${msg}`);
  }

  private next(): Token {
    const t = this.toks[this.i++] ?? this.toks[this.toks.length - 1]!;
    if (t.type === 'error') this.fail(t.val, t);
    return t;
  }
  private peek(): Token {
    const t = this.toks[this.i] ?? this.toks[this.toks.length - 1]!;
    return t;
  }
  private nextNonSpace(): Token {
    let t = this.next();
    while (t.type === 'space') t = this.next();
    return t;
  }
  private peekNonSpace(): Token {
    const save = this.i;
    const t = this.nextNonSpace();
    this.i = save;
    return t;
  }
  private backup(): void { this.i--; }

  run(): Trees {
    const { list, end } = this.itemList(true);
    if (end) this.fail(`unexpected ${end.what}`, end.tok);
    this.trees[this.name] = list;
    return this.trees;
  }

  /** Parses nodes until EOF (top) or {{end}} / {{else}}. */
  private itemList(top: boolean): { list: Node[]; end?: { what: string; tok: Token; elseTok?: Token } } {
    const list: Node[] = [];
    for (;;) {
      const t = this.next();
      if (t.type === 'eof') {
        if (!top) this.fail('unexpected EOF', t);
        return { list };
      }
      if (t.type === 'text') { list.push({ kind: 'text', pos: t.pos, text: t.val }); continue; }
      if (t.type === 'left') {
        const k = this.peekNonSpace();
        if (k.type === 'keyword' && (k.val === 'end' || k.val === 'else')) {
          this.nextNonSpace();
          if (top) this.fail(`unexpected {{${k.val}}}`, k);
          if (k.val === 'end') {
            this.expectRight('end');
            return { list, end: { what: '{{end}}', tok: k } };
          }
          return { list, end: { what: '{{else}}', tok: k, elseTok: k } };
        }
        const n = this.action();
        if (n) list.push(n);
        continue;
      }
      this.fail(`unexpected ${describe(t)} in input`, t);
    }
  }

  private expectRight(ctx: string): void {
    const t = this.nextNonSpace();
    if (t.type !== 'right') this.fail(`unexpected ${describe(t)} in ${ctx}`, t);
  }

  private action(): Node | undefined {
    const t = this.nextNonSpace();
    if (t.type === 'keyword') {
      switch (t.val) {
        case 'if': case 'range': case 'with': return this.control(t.val, t);
        case 'break': case 'continue': {
          if (this.rangeDepth === 0) this.fail(`{{${t.val}}} outside {{range}}`, t);
          this.expectRight(t.val);
          return { kind: t.val, pos: t.pos, line: t.line };
        }
        case 'template': return this.templateControl(t);
        case 'define': case 'block': return this.define(t);
      }
    }
    this.backup();
    const pipe = this.pipeline('command', 'right');
    return { kind: 'action', pos: t.pos, line: t.line, pipe };
  }

  private control(kind: 'if' | 'range' | 'with', t: Token): Node {
    const saveVars = this.vars.length;
    this.vars.push([]);
    const pipe = this.pipeline(kind, 'right');
    if (kind === 'range') this.rangeDepth++;
    const body = this.itemList(false);
    if (kind === 'range') this.rangeDepth--;
    let elseList: Node[] | undefined;
    if (body.end?.what === '{{else}}') {
      // {{else if ...}} / {{else with ...}} chains
      const nx = this.peekNonSpace();
      if ((kind === 'if' && nx.type === 'keyword' && nx.val === 'if') || (kind === 'with' && nx.type === 'keyword' && nx.val === 'with')) {
        this.nextNonSpace();
        const inner = this.control(kind, nx);
        elseList = [inner];
      } else {
        this.expectRight('else');
        const e = this.itemList(false);
        if (e.end?.what !== '{{end}}') this.fail(`expected end; found ${e.end?.what ?? 'EOF'}`, e.end?.tok);
        elseList = e.list;
      }
    }
    this.vars.length = saveVars;
    const n: Node = { kind, pos: pipe.pos, line: t.line, pipe, list: body.list };
    if (elseList) n.elseList = elseList;
    return n;
  }

  private templateControl(t: Token): Node {
    const nt = this.nextNonSpace();
    if (nt.type !== 'string' && nt.type !== 'rawstring') this.fail(`unexpected ${describe(nt)} in template clause`, nt);
    const name = unquoteGo(nt.val);
    let pipe: PipeNode | undefined;
    if (this.peekNonSpace().type !== 'right') pipe = this.pipeline('template clause', 'right');
    else this.nextNonSpace();
    const n: Node = { kind: 'template', pos: t.pos, line: t.line, name };
    if (pipe) n.pipe = pipe;
    return n;
  }

  private define(t: Token): Node | undefined {
    const nt = this.nextNonSpace();
    if (nt.type !== 'string' && nt.type !== 'rawstring') this.fail(`unexpected ${describe(nt)} in ${t.val} clause`, nt);
    const name = unquoteGo(nt.val);
    let pipe: PipeNode | undefined;
    if (t.val === 'block') pipe = this.pipeline('block clause', 'right');
    else this.expectRight('define clause');
    const saveVars = this.vars;
    this.vars = [['$']];
    const body = this.itemList(false);
    this.vars = saveVars;
    if (body.end?.what !== '{{end}}') this.fail(`unexpected ${body.end?.what ?? 'EOF'} in ${t.val} clause`, body.end?.tok);
    this.trees[name] = body.list;
    if (t.val === 'block') {
      const n: Node = { kind: 'template', pos: t.pos, line: t.line, name };
      if (pipe) n.pipe = pipe;
      return n;
    }
    return undefined;
  }

  private declared(name: string): boolean {
    return this.vars.some((s) => s.includes(name));
  }

  private pipeline(context: string, end: 'right' | 'rparen'): PipeNode {
    const start = this.peekNonSpace();
    const pipe: PipeNode = { kind: 'pipe', pos: start.pos, isAssign: false, decl: [], cmds: [] };
    // declarations
    decls: for (;;) {
      const save = this.i;
      const v = this.nextNonSpace();
      if (v.type !== 'variable') { this.i = save; break; }
      const op = this.nextNonSpace();
      if (op.type === 'declare' || op.type === 'assign') {
        pipe.isAssign = op.type === 'assign';
        pipe.decl.push({ kind: 'variable', pos: v.pos, ident: [v.val] });
        if (op.type === 'declare') this.vars[this.vars.length - 1]!.push(v.val);
        else if (!this.declared(v.val)) this.fail(`undefined variable "${v.val}"`, v);
        break decls;
      }
      if (op.type === 'comma' && context === 'range' && pipe.decl.length === 0) {
        pipe.decl.push({ kind: 'variable', pos: v.pos, ident: [v.val] });
        this.vars[this.vars.length - 1]!.push(v.val);
        continue;
      }
      if (op.type === 'comma') this.fail(`too many declarations in ${context}`, op);
      this.i = save;
      break;
    }
    for (;;) {
      const t = this.nextNonSpace();
      if (t.type === end) {
        if (pipe.cmds.length === 0) this.fail(`missing value for ${context}`, t);
        return pipe;
      }
      switch (t.type) {
        case 'bool': case 'char': case 'dot': case 'field': case 'ident': case 'number': case 'nil':
        case 'rawstring': case 'string': case 'variable': case 'lparen':
          this.backup();
          pipe.cmds.push(this.command());
          break;
        default:
          this.fail(`unexpected ${describe(t)} in ${context}`, t);
      }
    }
  }

  private command(): CommandNode {
    const first = this.peekNonSpace();
    const cmd: CommandNode = { kind: 'command', pos: first.pos, args: [] };
    for (;;) {
      while (this.peek().type === 'space') this.next();
      const op = this.operand();
      if (op) cmd.args.push(op);
      const t = this.next();
      switch (t.type) {
        case 'space': continue;
        case 'right': case 'rparen': this.backup(); break;
        case 'pipe': break;
        default: this.fail(`unexpected ${describe(t)} in operand`, t);
      }
      break;
    }
    if (cmd.args.length === 0) this.fail('empty command');
    return cmd;
  }

  private operand(): Arg | undefined {
    const node = this.term();
    if (!node) return undefined;
    if (this.peek().type === 'field') {
      const cpos = this.peek().pos;
      const fields: string[] = [];
      while (this.peek().type === 'field') fields.push(this.next().val.slice(1));
      switch (node.kind) {
        case 'field': return { kind: 'field', pos: cpos, ident: [...node.ident, ...fields] };
        case 'variable': return { kind: 'variable', pos: cpos, ident: [...node.ident, ...fields] };
        case 'bool': case 'string': case 'number': case 'nil': case 'dot':
          this.fail(`unexpected . after term "${nodeString(node)}"`);
          break;
        default: return { kind: 'chain', pos: cpos, node, field: fields };
      }
    }
    return node;
  }

  private term(): Arg | undefined {
    const t = this.nextNonSpace();
    switch (t.type) {
      case 'ident':
        if (!this.funcs.has(t.val)) this.fail(`function "${t.val}" not defined`, t);
        return { kind: 'identifier', pos: t.pos, name: t.val };
      case 'dot': return { kind: 'dot', pos: t.pos };
      case 'nil': return { kind: 'nil', pos: t.pos };
      case 'variable': {
        if (!this.declared(t.val)) this.fail(`undefined variable "${t.val}"`, t);
        return { kind: 'variable', pos: t.pos, ident: [t.val] };
      }
      case 'field': return { kind: 'field', pos: t.pos, ident: [t.val.slice(1)] };
      case 'bool': return { kind: 'bool', pos: t.pos, val: t.val === 'true' };
      case 'char': case 'number': return this.number(t);
      case 'lparen': {
        const p = this.pipeline('parenthesized pipeline', 'rparen');
        return p;
      }
      case 'string': case 'rawstring': {
        let text: string;
        try { text = unquoteGo(t.val); } catch { this.fail(`invalid syntax`, t); }
        return { kind: 'string', pos: t.pos, quoted: t.val, text };
      }
    }
    this.backup();
    return undefined;
  }

  private number(t: Token): Arg {
    if (t.type === 'char') {
      let s: string;
      try { s = unquoteGo('"' + t.val.slice(1, -1).replace(/"/g, '\\"') + '"'); } catch { this.fail(`malformed character constant: ${t.val}`, t); }
      const cp = s.codePointAt(0) ?? 0;
      return { kind: 'number', pos: t.pos, text: t.val, int: cp, float: cp, isChar: true };
    }
    const text = t.val.replace(/_/g, '');
    if (text.endsWith('i')) this.fail(`complex numbers are not supported: ${t.val}`, t);
    let v: number;
    const neg = text.startsWith('-');
    const body = text.replace(/^[+-]/, '');
    if (/^0[xX][0-9a-fA-F]+$/.test(body)) v = parseInt(body.slice(2), 16);
    else if (/^0[bB][01]+$/.test(body)) v = parseInt(body.slice(2), 2);
    else if (/^0[oO][0-7]+$/.test(body)) v = parseInt(body.slice(2), 8);
    else if (/^0[0-7]+$/.test(body)) v = parseInt(body, 8);
    else v = Number(body);
    if (Number.isNaN(v)) this.fail(`illegal number syntax: "${t.val}"`, t);
    if (neg) v = -v;
    const isInt = /^[+-]?(0[xXbBoO][0-9a-fA-F]+|[0-9]+)$/.test(text);
    const n: Arg = { kind: 'number', pos: t.pos, text: t.val, float: v };
    if (isInt || Number.isInteger(v)) n.int = v;
    if (!isInt && !Number.isInteger(v)) delete n.int;
    return n;
  }
}

function describe(t: Token): string {
  switch (t.type) {
    case 'eof': return 'EOF';
    case 'right': return '"}}"';
    case 'left': return '"{{"';
    case 'rparen': return '")"';
    case 'keyword': return `<${t.val}>`;
    default: return JSON.stringify(t.val);
  }
}
