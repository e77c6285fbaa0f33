// Lexer for Go text/template source: text and actions between {{ }} (with - trim markers) → tokens.

export type TokType =
  | 'text' | 'left' | 'right' | 'space' | 'ident' | 'field' | 'variable' | 'string' | 'rawstring' | 'char' | 'number'
  | 'bool' | 'nil' | 'dot' | 'pipe' | 'lparen' | 'rparen' | 'declare' | 'assign' | 'comma' | 'keyword' | 'eof' | 'error'
  | 'comment';

export interface Token {
  type: TokType;
  val: string;
  pos: number; // byte offset in the source
  line: number;
}

const KEYWORDS = new Set(['block', 'break', 'continue', 'define', 'else', 'end', 'if', 'range', 'template', 'with']);

function isSpace(c: string): boolean { return c === ' ' || c === '\t' || c === '\r' || c === '\n'; }
function isAlnum(c: string): boolean { return c === '_' || /^[\p{L}\p{Nd}]$/u.test(c); }

/** Splits the template source into tokens; an 'error' token carries go's message and stops the stream. */
export function lex(src: string, leftDelim = '{{', rightDelim = '}}'): Token[] {
  const toks: Token[] = [];
  let pos = 0;
  let line = 1;
  let parenDepth = 0;
  const countLines = (a: number, b: number): number => {
    let n = 0;
    for (let i = a; i < b; i++) if (src[i] === '\n') n++;
    return n;
  };
  const emit = (type: TokType, start: number, end: number, val = src.slice(start, end)): void => {
    toks.push({ type, val, pos: start, line });
    line += countLines(start, end);
  };
  const fail = (msg: string, at: number): Token[] => {
    toks.push({ type: 'error', val: msg, pos: at, line });
    return toks;
  };
  const trimLeft = (s: string): boolean => s.startsWith(leftDelim + '-') && isSpace(s[leftDelim.length + 1] ?? '');
  while (pos <= src.length) {
    // text up to the next left delimiter
    const i = src.indexOf(leftDelim, pos);
    if (i < 0) {
      if (pos < src.length) emit('text', pos, src.length);
      break;
    }
    let textEnd = i;
    const trim = trimLeft(src.slice(i));
    if (trim) while (textEnd > pos && isSpace(src[textEnd - 1]!)) textEnd--;
    if (textEnd > pos) emit('text', pos, textEnd);
    line += countLines(textEnd, i);
    pos = i + leftDelim.length + (trim ? 2 : 0);
    // comment
    if (src.startsWith('/*', pos)) {
      const e = src.indexOf('*/', pos);
      if (e < 0) return fail('unclosed comment', i);
      let after = e + 2;
      let trimR = false;
      if (src.startsWith(' -' + rightDelim, after) || src.startsWith('\t-' + rightDelim, after) || src.startsWith('\n-' + rightDelim, after) || src.startsWith('\r-' + rightDelim, after)) {
        trimR = true;
        after += 2;
      }
      if (!src.startsWith(rightDelim, after)) return fail('comment ends before closing delimiter', i);
      line += countLines(i, after);
      pos = after + rightDelim.length;
      if (trimR) {
        const st = pos;
        while (pos < src.length && isSpace(src[pos]!)) pos++;
        line += countLines(st, pos);
      }
      continue;
    }
    toks.push({ type: 'left', val: leftDelim, pos: i, line });
    parenDepth = 0;
    // inside action
    for (;;) {
      // right delimiter with trim marker
      if (isSpace(src[pos] ?? '') ) {
        const st = pos;
        while (pos < src.length && isSpace(src[pos]!)) pos++;
        if (src[pos] === '-' && src.startsWith(rightDelim, pos + 1)) {
          // " -}}": trim marker
          line += countLines(st, pos);
          if (parenDepth > 0) return fail('unclosed left paren', pos);
          toks.push({ type: 'right', val: rightDelim, pos: pos + 1, line });
          pos += 1 + rightDelim.length;
          const s2 = pos;
          while (pos < src.length && isSpace(src[pos]!)) pos++;
          line += countLines(s2, pos);
          break;
        }
        emit('space', st, pos);
        continue;
      }
      if (src.startsWith(rightDelim, pos)) {
        if (parenDepth > 0) return fail('unclosed left paren', pos);
        toks.push({ type: 'right', val: rightDelim, pos, line });
        pos += rightDelim.length;
        break;
      }
      const c = src[pos];
      if (c === undefined) return fail('unclosed action', pos);
      if (c === '\n') return fail('unclosed action', pos);
      const st = pos;
      if (c === '=') { pos++; emit('assign', st, pos); continue; }
      if (c === ':') {
        if (src[pos + 1] !== '=') return fail('expected :=', pos);
        pos += 2; emit('declare', st, pos); continue;
      }
      if (c === '|') { pos++; emit('pipe', st, pos); continue; }
      if (c === ',') { pos++; emit('comma', st, pos); continue; }
      if (c === '(') { pos++; parenDepth++; emit('lparen', st, pos); continue; }
      if (c === ')') {
        pos++;
        parenDepth--;
        if (parenDepth < 0) return fail(`unexpected right paren`, st);
        emit('rparen', st, pos); continue;
      }
      if (c === '"') {
        pos++;
        for (;;) {
          const d = src[pos];
          if (d === '\\') { pos += 2; continue; }
          if (d === undefined || d === '\n') return fail('unterminated quoted string', st);
          pos++;
          if (d === '"') break;
        }
        emit('string', st, pos); continue;
      }
      if (c === '`') {
        const e = src.indexOf('`', pos + 1);
        if (e < 0) return fail('unterminated raw quoted string', st);
        pos = e + 1;
        emit('rawstring', st, pos); continue;
      }
      if (c === "'") {
        pos++;
        for (;;) {
          const d = src[pos];
          if (d === '\\') { pos += 2; continue; }
          if (d === undefined || d === '\n') return fail('unterminated character constant', st);
          pos++;
          if (d === "'") break;
        }
        emit('char', st, pos); continue;
      }
      if (c === '$') {
        pos++;
        while (pos < src.length && isAlnum(src[pos]!)) pos++;
        emit('variable', st, pos); continue;
      }
      if (c === '.') {
        if (/[0-9]/.test(src[pos + 1] ?? '')) {
          // number like .5
        } else {
          pos++;
          if (!isAlnum(src[pos] ?? '')) { emit('dot', st, pos); continue; }
          while (pos < src.length && isAlnum(src[pos]!)) pos++;
          emit('field', st, pos); continue;
        }
      }
      if (c === '+' || c === '-' || c === '.' || /[0-9]/.test(c)) {
        const m = /^[+-]?(0[xX][0-9a-fA-F_]+(\.[0-9a-fA-F_]*)?([pP][+-]?[0-9_]+)?|0[bB][01_]+|0[oO][0-7_]+|([0-9][0-9_]*)?\.?[0-9_]*([eE][+-]?[0-9_]+)?)i?/.exec(src.slice(pos));
        const s = m ? m[0] : '';
        if (s === '' || s === '+' || s === '-') return fail(`unrecognized character in action: ${goRune(c)}`, pos);
        pos += s.length;
        if (isAlnum(src[pos] ?? '')) { pos++; return fail(`bad number syntax: "${src.slice(st, pos)}"`, st); }
        emit('number', st, pos); continue;
      }
      if (isAlnum(c)) {
        while (pos < src.length && isAlnum(src[pos]!)) pos++;
        const w = src.slice(st, pos);
        if (KEYWORDS.has(w)) emit('keyword', st, pos);
        else if (w === 'true' || w === 'false') emit('bool', st, pos);
        else if (w === 'nil') emit('nil', st, pos);
        else emit('ident', st, pos);
        continue;
      }
      return fail(`unrecognized character in action: ${goRune(c)}`, pos);
    }
  }
  toks.push({ type: 'eof', val: '', pos: src.length, line });
  return toks;
}

function goRune(c: string): string {
  const cp = c.codePointAt(0) ?? 0;
  const hex = 'U+' + cp.toString(16).toUpperCase().padStart(4, '0');
  return `${hex} '${c}'`;
}
