// Go fmt formatting of template values: Sprint, Sprintln and Sprintf with go's verbs, flags and errors.
import { goQuote, goQuoteRune } from '../goquote.js';
import { GoFloat, GoNil, GoStruct, sortedKeys, typeOf } from './value.js';

interface Flags {
  minus: boolean;
  plus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  width?: number;
  prec?: number;
}

const NOFLAGS: Flags = { minus: false, plus: false, sharp: false, space: false, zero: false };

/** fmt.Sprint: spaces between operands when neither side is a string. */
export function sprint(args: unknown[]): string {
  let out = '';
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (i > 0 && typeof a !== 'string' && typeof args[i - 1] !== 'string') out += ' ';
    out += formatValue(a, 'v', NOFLAGS, 0);
  }
  return out;
}

/** fmt.Sprintln: spaces between all operands and a final newline. */
export function sprintln(args: unknown[]): string {
  return args.map((a) => formatValue(a, 'v', NOFLAGS, 0)).join(' ') + '\n';
}

/** fmt's float %v/%g with shortest precision. */
function formatFloatG(f: number, shortestExpLimit = 6): string {
  if (Number.isNaN(f)) return 'NaN';
  if (f === Infinity) return '+Inf';
  if (f === -Infinity) return '-Inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const e = f.toExponential(); // shortest digits
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(e)!;
  const exp = Number(m[4]);
  const digits = m[2]! + (m[3] ?? '');
  if (exp < -4 || exp >= shortestExpLimit) {
    const mant = digits.length > 1 ? digits[0] + '.' + digits.slice(1) : digits;
    const ae = Math.abs(exp);
    return `${m[1]}${mant}e${exp < 0 ? '-' : '+'}${ae < 10 ? '0' + ae : ae}`;
  }
  return String(f);
}

function pad(s: string, f: Flags, numeric = false): string {
  if (f.width === undefined) return s;
  const n = [...s].length;
  if (n >= f.width) return s;
  const fill = f.width - n;
  if (f.minus) return s + ' '.repeat(fill);
  if (f.zero && numeric) {
    const sign = /^[+\- ]/.test(s) ? s[0]! : '';
    return sign + '0'.repeat(fill) + s.slice(sign.length);
  }
  if (f.zero && !numeric) return '0'.repeat(fill) + s;
  return ' '.repeat(fill) + s;
}

function badVerb(v: unknown, verb: string): string {
  if (v === null || v === undefined) return `%!${verb}(<nil>)`;
  return `%!${verb}(${typeOf(v)}=${formatValue(v, 'v', NOFLAGS, 0)})`;
}

function fmtInt(n: number, verb: string, f: Flags): string | undefined {
  const neg = n < 0;
  const a = Math.abs(n);
  let s: string;
  switch (verb) {
    case 'v': case 'd': s = String(a); break;
    case 'x': s = a.toString(16); if (f.sharp) s = '0x' + s; break;
    case 'X': s = a.toString(16).toUpperCase(); if (f.sharp) s = '0X' + s; break;
    case 'o': s = a.toString(8); if (f.sharp) s = '0' + s; break;
    case 'O': s = '0o' + a.toString(8); break;
    case 'b': s = a.toString(2); break;
    case 'c': return pad(String.fromCodePoint(n), f);
    case 'q': return pad(goQuoteRune(String.fromCodePoint(n)), f);
    case 'U': s = 'U+' + a.toString(16).toUpperCase().padStart(4, '0'); break;
    case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': return undefined;
    default: return undefined;
  }
  if (f.prec !== undefined && verb !== 'U') s = s.padStart(f.prec, '0');
  if (neg) s = '-' + s;
  else if (f.plus) s = '+' + s;
  else if (f.space) s = ' ' + s;
  return pad(s, f, f.prec === undefined);
}

function fmtFloat(x: number, verb: string, f: Flags): string | undefined {
  let s: string;
  switch (verb) {
    case 'v': case 'g': case 'G':
      s = f.prec !== undefined ? trimG(x.toPrecision(Math.max(f.prec, 1)), f.prec) : formatFloatG(x);
      if (verb === 'G') s = s.toUpperCase();
      break;
    case 'e': case 'E': {
      s = x.toExponential(f.prec ?? 6).replace(/e([+-])(\d)$/, 'e$10$2');
      if (verb === 'E') s = s.toUpperCase();
      break;
    }
    case 'f': case 'F': s = x.toFixed(f.prec ?? 6); break;
    default: return undefined;
  }
  if (x >= 0 && f.plus) s = '+' + s;
  else if (x >= 0 && f.space) s = ' ' + s;
  return pad(s, f, true);
}

function trimG(s: string, prec: number): string {
  // toPrecision → go's %.Ng: exponent form when exp < -4 || exp >= prec, trailing zeros removed
  const x = Number(s);
  const e = x === 0 ? 0 : Math.floor(Math.log10(Math.abs(x)));
  if (e < -4 || e >= prec) {
    let t = x.toExponential(Math.max(prec - 1, 0));
    t = t.replace(/\.?0+e/, 'e').replace(/e([+-])(\d)$/, 'e$10$2');
    return t;
  }
  if (s.includes('.')) s = s.replace(/\.?0+$/, '');
  return s;
}

function fmtString(s: string, verb: string, f: Flags): string | undefined {
  switch (verb) {
    case 'v': case 's': {
      if (f.prec !== undefined) s = [...s].slice(0, f.prec).join('');
      return pad(s, f);
    }
    case 'q': return pad(f.sharp && !s.includes('`') ? '`' + s + '`' : goQuote(s), f);
    case 'x': case 'X': {
      let h = Buffer.from(s, 'utf8').toString('hex');
      if (verb === 'X') h = h.toUpperCase();
      return pad(h, f);
    }
    default: return undefined;
  }
}

/** Formats one operand with a verb (depth > 0 inside composite values). */
export function formatValue(v: unknown, verb: string, f: Flags, depth: number): string {
  if (verb === 'T') return pad(typeOf(v), f);
  if (v === null || v === undefined) {
    return verb === 'v' || verb === 's' ? pad('<nil>', f) : badVerb(v, verb);
  }
  if (v instanceof GoStruct && v.methods['String'] && (verb === 'v' || verb === 's' || verb === 'q' || verb === 'x' || verb === 'X')) {
    return formatValue(String(v.methods['String']()), verb, f, depth);
  }
  if (typeof v === 'string') return fmtString(v, verb, f) ?? badVerb(v, verb);
  if (typeof v === 'boolean') return verb === 'v' || verb === 't' ? pad(String(v), f) : badVerb(v, verb);
  if (typeof v === 'number') {
    const r = fmtInt(v, verb, f) ?? (['e', 'E', 'f', 'F', 'g', 'G'].includes(verb) ? undefined : undefined);
    return r ?? badVerb(v, verb);
  }
  if (v instanceof GoFloat) return fmtFloat(v.v, verb, f) ?? badVerb(v, verb);
  if (v instanceof GoNil) {
    // fmt calls Error/String on a nil pointer, which panics; fmt recovers and prints "<nil>".
    if (v.stringer && 'vsxXq'.includes(verb)) return pad('<nil>', f);
    if (v.type.startsWith('[]')) return verb === 'v' || verb === 's' || verb === 'd' || verb === 'q' ? '[]' : badVerb(v, verb);
    if (v.type.startsWith('map[')) return 'map[]';
    return verb === 'v' || verb === 's' ? pad('<nil>', f) : badVerb(v, verb);
  }
  if (Array.isArray(v)) {
    return '[' + v.map((e) => formatValue(e, verb, f, depth + 1)).join(' ') + ']';
  }
  if (v instanceof Map) {
    return 'map[' + sortedKeys(v).map((k) => formatValue(k, verb, f, depth + 1) + ':' + formatValue(v.get(k), verb, f, depth + 1)).join(' ') + ']';
  }
  if (v instanceof GoStruct) {
    if (v.ptr && depth > 0) return '0xc000000000';
    const parts: string[] = [];
    for (const [k, x] of v.fields) parts.push((f.plus && verb === 'v' ? k + ':' : '') + formatValue(x, verb, f, depth + 1));
    return (v.ptr ? '&' : '') + '{' + parts.join(' ') + '}';
  }
  if (typeof v === 'function') return '0x0';
  return badVerb(v, verb);
}

/** fmt.Sprintf with go's verbs, flags, width/precision (incl. *), argument indexes and error forms. */
export function sprintf(format: string, args: unknown[]): string {
  let out = '';
  let argNum = 0;
  let reordered = false;
  const n = format.length;
  let i = 0;
  while (i < n) {
    const pct = format.indexOf('%', i);
    if (pct < 0) { out += format.slice(i); break; }
    out += format.slice(i, pct);
    i = pct + 1;
    const f: Flags = { minus: false, plus: false, sharp: false, space: false, zero: false };
    flags: for (; i < n; i++) {
      switch (format[i]) {
        case '-': f.minus = true; f.zero = false; break;
        case '+': f.plus = true; break;
        case '#': f.sharp = true; break;
        case ' ': f.space = true; break;
        case '0': f.zero = !f.minus; break;
        default: break flags;
      }
    }
    const argIndex = (): void => {
      if (format[i] !== '[') return;
      const e = format.indexOf(']', i);
      if (e < 0) return;
      const k = Number(format.slice(i + 1, e));
      if (Number.isInteger(k) && k >= 1) { argNum = k - 1; reordered = true; }
      i = e + 1;
    };
    argIndex();
    if (format[i] === '*') {
      i++;
      const w = args[argNum++];
      if (typeof w === 'number') { f.width = Math.abs(w); if (w < 0) { f.minus = true; f.zero = false; } } else out += '%!(BADWIDTH)';
    } else {
      const m = /^\d+/.exec(format.slice(i));
      if (m) { f.width = Number(m[0]); i += m[0].length; }
    }
    if (format[i] === '.') {
      i++;
      argIndex();
      if (format[i] === '*') {
        i++;
        const p = args[argNum++];
        if (typeof p === 'number' && p >= 0) f.prec = p; else out += '%!(BADPREC)';
      } else {
        const m = /^\d+/.exec(format.slice(i));
        f.prec = m ? Number(m[0]) : 0;
        if (m) i += m[0].length;
      }
    }
    argIndex();
    if (i >= n) { out += '%!(NOVERB)'; break; }
    const verb = String.fromCodePoint(format.codePointAt(i)!);
    i += verb.length;
    if (verb === '%') { out += '%'; continue; }
    if (argNum >= args.length) { out += `%!${verb}(MISSING)`; continue; }
    const a = args[argNum++];
    if (verb === 'v' && f.sharp) { out += formatValue(a, 'v', f, 0); continue; }
    out += formatValue(a, verb, f, 0);
  }
  if (!reordered && argNum < args.length) {
    out += '%!(EXTRA ' + args.slice(argNum).map((a) => (a === null || a === undefined ? '<nil>' : typeOf(a) + '=' + formatValue(a, 'v', NOFLAGS, 0))).join(', ') + ')';
  }
  return out;
}
