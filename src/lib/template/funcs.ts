// text/template's builtin functions (and/or are special forms in exec) and the function-table entry type.
import { formatValue, sprint, sprintf, sprintln } from './fmt.js';
import { GoFloat, GoNil, GoStruct, kindOf, isTrue, typeOf } from './value.js';

/** A parameter type the executor checks arguments against. */
export type ParamType = 'any' | 'string' | 'int' | 'bool' | '[]string';

/** A template function: params (the last repeats when variadic) and the implementation. */
export interface TemplateFunc {
  params: ParamType[];
  variadic?: boolean;
  fn: (...args: unknown[]) => unknown;
}

/** Thrown by a function to report `error calling NAME: msg`. */
export class FuncError extends Error {}

function length(v: unknown): number {
  if (typeof v === 'string') return Buffer.byteLength(v, 'utf8');
  if (Array.isArray(v)) return v.length;
  if (v instanceof Map) return v.size;
  if (v instanceof GoNil && (v.type.startsWith('[]') || v.type.startsWith('map['))) return 0;
  if (v === null || v === undefined) throw new FuncError('len of nil pointer');
  throw new FuncError(`len of type ${typeOf(v)}`);
}

function indexArg(i: unknown, cap: number): number {
  if (typeof i !== 'number') {
    if (i === null || i === undefined) throw new FuncError('cannot index slice/array with nil');
    throw new FuncError(`cannot index slice/array with type ${typeOf(i)}`);
  }
  if (i < 0 || i >= cap) throw new FuncError(`index out of range: ${i}`);
  return i;
}

function index(item: unknown, ...indexes: unknown[]): unknown {
  let v = item;
  if (v === null || v === undefined) throw new FuncError('index of untyped nil');
  for (const ix of indexes) {
    if (Array.isArray(v)) v = v[indexArg(ix, v.length)];
    else if (typeof v === 'string') v = Buffer.from(v, 'utf8')[indexArg(ix, Buffer.byteLength(v))];
    else if (v instanceof Map) {
      if (typeof ix !== 'string') throw new FuncError(`value has type ${typeOf(ix)}; should be string`);
      v = v.has(ix) ? v.get(ix) : zeroOfMapElem(v);
    } else if (v instanceof GoNil && v.type.startsWith('map[')) v = undefined;
    else if (v === null || v === undefined) throw new FuncError('index of untyped nil');
    else throw new FuncError(`can't index item of type ${typeOf(v)}`);
  }
  return v;
}

function zeroOfMapElem(m: Map<string, unknown>): unknown {
  const first = m.values().next().value;
  if (typeof first === 'string') return '';
  if (typeof first === 'number') return 0;
  if (typeof first === 'boolean') return false;
  return undefined;
}

function slice(item: unknown, ...idx: unknown[]): unknown {
  if (item === null || item === undefined) throw new FuncError('slice of untyped nil');
  if (idx.length > 3) throw new FuncError(`too many slice indexes: ${idx.length}`);
  let len: number;
  if (typeof item === 'string') {
    if (idx.length === 3) throw new FuncError('cannot 3-index slice a string');
    len = Buffer.byteLength(item);
  } else if (Array.isArray(item)) len = item.length;
  else throw new FuncError(`can't slice item of type ${typeOf(item)}`);
  const ix = [0, len];
  for (let i = 0; i < idx.length; i++) ix[i] = indexArg(idx[i], len + 1);
  if (ix[0]! > ix[1]!) throw new FuncError(`invalid slice index: ${ix[0]} > ${ix[1]}`);
  if (typeof item === 'string') return Buffer.from(item, 'utf8').subarray(ix[0], ix[1]).toString('utf8');
  return item.slice(ix[0], ix[1]);
}

function basic(v: unknown): { k: string; v: unknown } {
  const k = kindOf(v);
  return { k, v: v instanceof GoFloat ? v.v : v };
}

function isNilValue(v: unknown): boolean {
  return v === null || v === undefined || v instanceof GoNil;
}

function eq(arg1: unknown, ...arg2: unknown[]): boolean {
  if (arg2.length === 0) throw new FuncError('missing argument for comparison');
  const a = basic(arg1);
  for (const x of arg2) {
    const b = basic(x);
    const k1 = a.k === 'nil' ? 'invalid' : a.k, k2 = b.k === 'nil' ? 'invalid' : b.k;
    if (k1 !== k2) {
      if (arg1 !== null && arg1 !== undefined && x !== null && x !== undefined) {
        throw new FuncError(`incompatible types for comparison: ${typeOf(arg1)} and ${typeOf(x)}`);
      }
      continue;
    }
    if (k1 !== 'other' && k1 !== 'invalid') {
      if (a.v === b.v) return true;
      continue;
    }
    if (isNilValue(arg1) || isNilValue(x)) {
      if (isNilValue(arg1) === isNilValue(x)) return true;
      continue;
    }
    if (Array.isArray(x) || x instanceof Map) throw new FuncError(`non-comparable type ${formatValue(x, 'v', NOFL, 0)}: ${typeOf(x)}`);
    if (arg1 === x) return true;
  }
  return false;
}

function lt(a1: unknown, a2: unknown): boolean {
  const a = basic(a1), b = basic(a2);
  if (a.k === 'other' || a.k === 'nil' || b.k === 'other' || b.k === 'nil') throw new FuncError('invalid type for comparison');
  if (a.k !== b.k) throw new FuncError(`incompatible types for comparison: ${typeOf(a1)} and ${typeOf(a2)}`);
  if (a.k === 'bool') throw new FuncError('invalid type for comparison');
  return (a.v as number | string) < (b.v as number | string);
}

const NOFL = { minus: false, plus: false, sharp: false, space: false, zero: false };

/** template.HTMLEscapeString. */
export function htmlEscape(s: string): string {
  return s.replace(/[<>&'"\0]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&#39;', '"': '&#34;', '\0': '\uFFFD' })[c]!);
}

/** template.JSEscapeString. */
export function jsEscape(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    switch (ch) {
      case '\\': out += '\\\\'; continue;
      case "'": out += "\\'"; continue;
      case '"': out += '\\"'; continue;
      case '<': out += '\\u003C'; continue;
      case '>': out += '\\u003E'; continue;
      case '&': out += '\\u0026'; continue;
      case '=': out += '\\u003D'; continue;
    }
    if (c < 0x20 || c === 0x7f) out += '\\u' + c.toString(16).toUpperCase().padStart(4, '0');
    else if (c >= 0x80 && !/^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u.test(ch)) out += '\\u' + c.toString(16).toUpperCase().padStart(4, '0');
    else out += ch;
  }
  return out;
}

/** url.QueryEscape. */
export function queryEscape(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** The argument list of html/js/urlquery as one string (evalArgs). */
function evalArgs(args: unknown[]): string {
  if (args.length === 1 && typeof args[0] === 'string') return args[0];
  return sprint(args);
}

/** text/template's builtins other than and/or/call (which the executor evaluates itself). */
export const BUILTINS: Record<string, TemplateFunc> = {
  not: { params: ['any'], fn: (a) => !isTrue(a).truth },
  len: { params: ['any'], fn: length },
  index: { params: ['any', 'any'], variadic: true, fn: index },
  slice: { params: ['any', 'any'], variadic: true, fn: slice },
  print: { params: ['any'], variadic: true, fn: (...a) => sprint(a) },
  printf: { params: ['string', 'any'], variadic: true, fn: (f, ...a) => sprintf(f as string, a) },
  println: { params: ['any'], variadic: true, fn: (...a) => sprintln(a) },
  html: { params: ['any'], variadic: true, fn: (...a) => htmlEscape(evalArgs(a)) },
  js: { params: ['any'], variadic: true, fn: (...a) => jsEscape(evalArgs(a)) },
  urlquery: { params: ['any'], variadic: true, fn: (...a) => queryEscape(evalArgs(a)) },
  eq: { params: ['any', 'any'], variadic: true, fn: (a, ...b) => eq(a, ...b) },
  ne: { params: ['any', 'any'], fn: (a, b) => !eq(a, b) },
  lt: { params: ['any', 'any'], fn: lt },
  le: { params: ['any', 'any'], fn: (a, b) => lt(a, b) || eq(a, b) },
  gt: { params: ['any', 'any'], fn: (a, b) => !lt(a, b) && !eq(a, b) },
  ge: { params: ['any', 'any'], fn: (a, b) => !lt(a, b) },
};
