// Executes a parsed Go text/template over Go-modelled values (value.ts), with go's error messages.
import { formatValue } from './fmt.js';
import { BUILTINS, FuncError, type ParamType, type TemplateFunc } from './funcs.js';
import { nodeString, parseTemplate, type Arg, type CommandNode, type ControlNode, type Node, type PipeNode, type Trees } from './parse.js';
import { GoFloat, GoNil, GoStruct, isTrue, sortedKeys, typeOf } from './value.js';

/** A template execution (or parse) error with go's full message ("template: main:1:2: executing …"). */
export class TemplateError extends Error {}

const MISSING = Symbol('missing');
type Final = unknown | typeof MISSING;
class BreakSignal {}
class ContinueSignal {}

const SPECIAL = new Set(['and', 'or', 'call']);

/** A compiled template: parse once, execute over many values. */
export class Template {
  private trees: Trees;
  private funcs: Record<string, TemplateFunc>;

  constructor(readonly name: string, readonly src: string, funcs: Record<string, TemplateFunc> = {}) {
    this.funcs = { ...BUILTINS, ...funcs };
    const names = new Set([...Object.keys(this.funcs), ...SPECIAL]);
    try {
      this.trees = parseTemplate(name, src, names);
    } catch (e) {
      throw new TemplateError((e as Error).message);
    }
  }

  /** Runs the template with dot = data; returns the output (throws TemplateError after partial output is set on .partial). */
  execute(data: unknown): string {
    const st = new State(this, data);
    try {
      st.walkList(data, this.trees[this.name] ?? []);
    } catch (e) {
      if (e instanceof TemplateError) {
        (e as TemplateError & { partial?: string }).partial = st.out;
        throw e;
      }
      throw e;
    }
    return st.out;
  }

  /** @internal */
  tree(name: string): Node[] | undefined { return this.trees[name]; }
  /** @internal */
  func(name: string): TemplateFunc | undefined { return this.funcs[name]; }
}

class State {
  out = '';
  private vars: { name: string; value: unknown }[];
  private node: { pos: number; text: string } | undefined;
  private depth = 0;
  private tmplName: string;

  constructor(private t: Template, data: unknown) {
    this.vars = [{ name: '$', value: data }];
    this.tmplName = t.name;
  }

  private at(n: Arg | CommandNode): void {
    this.node = { pos: n.pos, text: nodeString(n) };
  }

  private errorf(msg: string): never {
    if (!this.node) throw new TemplateError(`template: ${this.tmplName}: ${msg}`);
    const src = this.t.src.slice(0, this.node.pos);
    const nl = src.lastIndexOf('\n');
    const col = nl < 0 ? this.node.pos : this.node.pos - (nl + 1);
    const line = 1 + (src.match(/\n/g)?.length ?? 0);
    throw new TemplateError(`template: ${this.t.name}:${line}:${col}: executing "${this.tmplName}" at <${this.node.text}>: ${msg}`);
  }

  walkList(dot: unknown, list: Node[]): void {
    for (const n of list) this.walk(dot, n);
  }

  private walk(dot: unknown, n: Node): void {
    switch (n.kind) {
      case 'text': this.out += n.text; return;
      case 'action': {
        const v = this.evalPipeline(dot, n.pipe);
        if (n.pipe.decl.length === 0) this.printValue(n.pipe, v);
        return;
      }
      case 'if': case 'with': {
        const mark = this.vars.length;
        const v = this.evalPipeline(dot, n.pipe);
        const { truth, ok } = isTrue(v);
        if (!ok) this.errorf(`if/with can't use ${formatValue(v, 'v', noFlags, 0)}`);
        if (truth) this.walkList(n.kind === 'with' ? v : dot, n.list);
        else if (n.elseList) this.walkList(dot, n.elseList);
        this.vars.length = mark;
        return;
      }
      case 'range': return this.walkRange(dot, n);
      case 'break': throw new BreakSignal();
      case 'continue': throw new ContinueSignal();
      case 'template': {
        const tree = this.t.tree(n.name);
        if (!tree) this.errorf(`template "${n.name}" not defined`);
        if (this.depth >= 100000) this.errorf('exceeded maximum template depth (100000)');
        const d = n.pipe ? this.evalPipeline(dot, n.pipe) : undefined;
        const saveVars = this.vars, saveName = this.tmplName;
        this.vars = [{ name: '$', value: d }];
        this.tmplName = n.name;
        this.depth++;
        try { this.walkList(d, tree); } finally {
          this.depth--;
          this.vars = saveVars;
          this.tmplName = saveName;
        }
        return;
      }
    }
  }

  private walkRange(dot: unknown, n: ControlNode): void {
    const mark = this.vars.length;
    const v = this.evalPipeline(dot, n.pipe);
    const mark2 = this.vars.length;
    const one = (k: unknown, e: unknown): boolean => {
      if (n.pipe.decl.length > 0) {
        if (n.pipe.isAssign) {
          if (n.pipe.decl.length > 1) { this.setVar(n.pipe.decl[0]!.ident[0]!, k); this.setVar(n.pipe.decl[1]!.ident[0]!, e); } else this.setVar(n.pipe.decl[0]!.ident[0]!, e);
        } else if (n.pipe.decl.length > 1) {
          this.vars[mark2 - 2]!.value = k;
          this.vars[mark2 - 1]!.value = e;
        } else this.vars[mark2 - 1]!.value = e;
      }
      const m3 = this.vars.length;
      try {
        this.walkList(e, n.list);
      } catch (x) {
        if (x instanceof BreakSignal) return false;
        if (!(x instanceof ContinueSignal)) throw x;
      } finally {
        this.vars.length = m3;
      }
      return true;
    };
    let any = false;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) { any = true; if (!one(i, v[i])) break; }
    } else if (v instanceof Map) {
      for (const k of sortedKeys(v)) { any = true; if (!one(k, v.get(k))) break; }
    } else if (typeof v === 'number') {
      if (n.pipe.decl.length > 1) this.errorf(`can't use ${v} to iterate over more than one variable`);
      for (let i = 0; i < v; i++) { any = true; if (!one(i, i)) break; }
    } else if (v === null || v === undefined || (v instanceof GoNil && (v.type.startsWith('[]') || v.type.startsWith('map[')))) {
      // nothing
    } else if (v instanceof GoNil) {
      // nil pointer: go indirects then finds no value
      this.errorf(`range can't iterate over ${formatValue(v, 'v', noFlags, 0)}`);
    } else {
      this.errorf(`range can't iterate over ${formatValue(v, 'v', noFlags, 0)}`);
    }
    if (!any && n.elseList) this.walkList(dot, n.elseList);
    this.vars.length = mark;
  }

  private setVar(name: string, value: unknown): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i]!.name === name) { this.vars[i]!.value = value; return; }
    }
    this.errorf(`undefined variable: ${name}`);
  }

  private varValue(name: string): unknown {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i]!.name === name) return this.vars[i]!.value;
    this.errorf(`undefined variable: ${name}`);
  }

  private evalPipeline(dot: unknown, pipe: PipeNode): unknown {
    this.at(pipe);
    let value: Final = MISSING;
    for (const c of pipe.cmds) {
      value = this.evalCommand(dot, c, value);
    }
    for (const v of pipe.decl) {
      if (pipe.isAssign) this.setVar(v.ident[0]!, value);
      else this.vars.push({ name: v.ident[0]!, value });
    }
    return value;
  }

  private notAFunction(args: Arg[], final: Final): void {
    if (args.length > 1 || final !== MISSING) this.errorf(`can't give argument to non-function ${nodeString(args[0]!)}`);
  }

  private evalCommand(dot: unknown, cmd: CommandNode, final: Final): unknown {
    const first = cmd.args[0]!;
    switch (first.kind) {
      case 'field': return this.evalFieldChain(dot, dot, first, first.ident, cmd.args, final);
      case 'chain': {
        const recv = this.evalArgValue(dot, first.node);
        this.at(first);
        return this.evalFieldChain(dot, recv, first, first.field, cmd.args, final);
      }
      case 'identifier': return this.evalFunction(dot, first, cmd, cmd.args, final);
      case 'pipe':
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first);
      case 'variable': {
        this.at(first);
        const v = this.varValue(first.ident[0]!);
        if (first.ident.length === 1) { this.notAFunction(cmd.args, final); return v; }
        return this.evalFieldChain(dot, v, first, first.ident.slice(1), cmd.args, final);
      }
    }
    this.at(first);
    this.notAFunction(cmd.args, final);
    switch (first.kind) {
      case 'bool': return first.val;
      case 'dot': return dot;
      case 'nil': this.errorf('nil is not a command');
      // falls through (errorf throws)
      case 'number': return numberValue(first);
      case 'string': return first.text;
    }
    this.errorf(`can't evaluate command ${JSON.stringify(nodeString(first))}`);
  }

  private evalArgValue(dot: unknown, n: Arg): unknown {
    this.at(n);
    switch (n.kind) {
      case 'dot': return dot;
      case 'nil': return null;
      case 'field': return this.evalFieldChain(dot, dot, n, n.ident, [n], MISSING);
      case 'variable': {
        const v = this.varValue(n.ident[0]!);
        return n.ident.length === 1 ? v : this.evalFieldChain(dot, v, n, n.ident.slice(1), [n], MISSING);
      }
      case 'pipe': return this.evalPipeline(dot, n);
      case 'identifier': return this.evalFunction(dot, n, n, [n], MISSING);
      case 'chain': {
        const recv = this.evalArgValue(dot, n.node);
        this.at(n);
        return this.evalFieldChain(dot, recv, n, n.field, [n], MISSING);
      }
      case 'bool': return n.val;
      case 'number': return numberValue(n);
      case 'string': return n.text;
    }
  }

  private evalFieldChain(dot: unknown, receiver: unknown, node: Arg, ident: string[], args: Arg[], final: Final): unknown {
    const n = ident.length;
    for (let i = 0; i < n - 1; i++) receiver = this.evalField(dot, ident[i]!, node, [], MISSING, receiver);
    return this.evalField(dot, ident[n - 1]!, node, args, final, receiver);
  }

  private evalField(dot: unknown, name: string, node: Arg, args: Arg[], final: Final, receiver: unknown): unknown {
    this.at(node);
    if (receiver === null || receiver === undefined) this.errorf(`nil data; no entry for key "${name}"`);
    const hasArgs = args.length > 1 || final !== MISSING;
    if (receiver instanceof GoStruct) {
      const m = receiver.methods[name];
      if (m) {
        const f: TemplateFunc = { params: [], variadic: false, fn: m };
        return this.evalCall(dot, f, node, name, args, final);
      }
      if (receiver.fields.has(name)) {
        if (hasArgs) this.errorf(`${name} has arguments but cannot be invoked as function`);
        return receiver.fields.get(name);
      }
      this.errorf(`can't evaluate field ${name} in type ${receiver.type}`);
    }
    if (receiver instanceof Map) {
      if (hasArgs) this.errorf(`${name} is not a method but has arguments`);
      return receiver.has(name) ? receiver.get(name) : undefined;
    }
    if (receiver instanceof GoNil) {
      if (receiver.type.startsWith('*')) this.errorf(`nil pointer evaluating ${receiver.type}.${name}`);
      if (receiver.type.startsWith('map[')) return undefined;
    }
    this.errorf(`can't evaluate field ${name} in type ${typeOf(receiver)}`);
  }

  private evalFunction(dot: unknown, node: Extract<Arg, { kind: 'identifier' }>, cmd: Arg | CommandNode, args: Arg[], final: Final): unknown {
    this.at(node);
    const name = node.name;
    if (name === 'and' || name === 'or') {
      const rest = args.slice(1);
      if (rest.length === 0 && final === MISSING) this.errorf(`wrong number of args for ${name}: want at least 1 got 0`);
      let v: unknown;
      const vals: (() => unknown)[] = rest.map((a) => () => this.evalArgValue(dot, a));
      if (final !== MISSING) vals.push(() => final);
      for (let i = 0; i < vals.length; i++) {
        v = vals[i]!();
        const t = isTrue(v).truth;
        if (name === 'and' ? !t : t) return v;
      }
      return v;
    }
    if (name === 'call') {
      const fnv = args.length > 1 ? this.evalArgValue(dot, args[1]!) : final;
      this.at(node);
      if (typeof fnv !== 'function') this.errorf(`error calling call: non-function ${args.length > 1 ? nodeString(args[1]!) : ''} of type ${typeOf(fnv)}`);
      const f: TemplateFunc = { params: ['any'], variadic: true, fn: fnv as (...a: unknown[]) => unknown };
      return this.evalCall(dot, f, cmd, name, [args[0]!, ...args.slice(2)], args.length > 1 ? final : MISSING);
    }
    const f = this.t.func(name);
    if (!f) this.errorf(`"${name}" is not a defined function`);
    return this.evalCall(dot, f, cmd, name, args, final);
  }

  private evalCall(dot: unknown, f: TemplateFunc, node: Arg | CommandNode, name: string, args: Arg[], final: Final): unknown {
    const argNodes = args.slice(1);
    let numIn = argNodes.length + (final !== MISSING ? 1 : 0);
    const nParams = f.params.length;
    if (f.variadic) {
      if (numIn < nParams - 1) this.errorf(`wrong number of args for ${name}: want at least ${nParams - 1} got ${numIn}`);
    } else if (numIn !== nParams && f.fn.length !== numIn && nParams > 0) {
      this.errorf(`wrong number of args for ${name}: want ${nParams} got ${numIn}`);
    }
    const vals: unknown[] = [];
    for (let i = 0; i < argNodes.length; i++) {
      const pt = f.params[Math.min(i, nParams - 1)] ?? 'any';
      vals.push(this.evalTypedArg(dot, argNodes[i]!, pt));
    }
    if (final !== MISSING) {
      const pt = f.params[Math.min(vals.length, nParams - 1)] ?? 'any';
      this.checkType(final, pt);
      vals.push(final);
    }
    numIn = vals.length;
    this.at(node);
    try {
      return f.fn(...vals);
    } catch (e) {
      if (e instanceof TemplateError) throw e;
      this.at(node);
      this.errorf(`error calling ${name}: ${(e as Error).message}`);
    }
  }

  private evalTypedArg(dot: unknown, n: Arg, pt: ParamType): unknown {
    this.at(n);
    if (pt !== 'any') {
      switch (n.kind) {
        case 'bool': if (pt !== 'bool') this.errorf(`expected ${goParam(pt)}; found ${nodeString(n)}`); return n.val;
        case 'string': if (pt !== 'string') this.errorf(`expected ${goParam(pt)}; found ${nodeString(n)}`); return n.text;
        case 'number': if (pt !== 'int' || n.int === undefined) this.errorf(`expected ${goParam(pt)}; found ${nodeString(n)}`); return n.int;
        case 'nil': this.errorf(`cannot assign nil to ${goParam(pt)}`);
      }
    }
    const v = this.evalArgValue(dot, n);
    this.checkType(v, pt);
    return v;
  }

  private checkType(v: unknown, pt: ParamType): void {
    if (pt === 'any') return;
    const t = typeOf(v);
    const ok = pt === '[]string' ? Array.isArray(v) || (v instanceof GoNil && v.type === '[]string') : t === pt;
    if (!ok) {
      if (v === undefined) this.errorf(`invalid value; expected ${goParam(pt)}`);
      this.errorf(`wrong type for value; expected ${goParam(pt)}; got ${t}`);
    }
  }

  private printValue(n: PipeNode, v: unknown): void {
    this.at(n);
    if (v === MISSING || v === undefined) { this.out += '<no value>'; return; }
    if (typeof v === 'function') this.errorf(`can't print ${nodeString(n)} of type ${typeOf(v)}`);
    if (v instanceof GoStruct && v.ptr && !v.methods['String']) v = new GoStruct(v.typeName, v.fields, false, v.methods);
    this.out += formatValue(v, 'v', noFlags, 0);
  }
}

const noFlags = { minus: false, plus: false, sharp: false, space: false, zero: false };

function goParam(p: ParamType): string {
  return p === 'int' ? 'int' : p;
}

function numberValue(n: Extract<Arg, { kind: 'number' }>): unknown {
  if (n.int !== undefined && (n.isChar || /^[+-]?(0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|[0-9_]+)$/.test(n.text))) return n.int;
  return new GoFloat(n.float ?? 0);
}
