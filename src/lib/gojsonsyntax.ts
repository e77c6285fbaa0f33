// The first syntax error of a JSON text in the words of Go's encoding/json (its scanner's
// "invalid character 'x' looking for beginning of value", "unexpected end of JSON input"):
// JSON.parse accepts and rejects the same texts but words its errors differently.
import { goQuote } from './goquote.js';

class SyntaxStop extends Error {}

/** Go's quoteChar: a character shown in a scanner error. */
function quoteChar(c: string): string {
  if (c === "'") return `'\\''`;
  if (c === '"') return `'"'`;
  const q = goQuote(c);
  return "'" + q.slice(1, -1) + "'";
}

const isWS = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isHex = (c: string | undefined): boolean => c !== undefined && /^[0-9a-fA-F]$/.test(c);

/** Go's error message for the first syntax error in text, or undefined when text is valid JSON. */
export function goJSONSyntaxError(text: string): string | undefined {
  let i = 0;
  const end = (): never => { throw new SyntaxStop('unexpected end of JSON input'); };
  const bad = (c: string, context: string): never => { throw new SyntaxStop(`invalid character ${quoteChar(c)} ${context}`); };
  const peek = (): string | undefined => text[i];
  const skipWS = (): void => { while (isWS(text[i])) i++; };

  const literal = (word: string): void => {
    for (let k = 1; k < word.length; k++) {
      const c = text[i + k];
      if (c === undefined) { i += k; end(); }
      if (c !== word[k]) bad(c!, `in literal ${word} (expecting ${quoteChar(word[k]!)})`);
    }
    i += word.length;
  };

  const string = (): void => {
    i++; // opening quote
    for (;;) {
      const c = text[i];
      if (c === undefined) end();
      if (c === '"') { i++; return; }
      if (c === '\\') {
        i++;
        const e = text[i];
        if (e === undefined) end();
        if ('"\\/bfnrt'.includes(e!)) { i++; continue; }
        if (e !== 'u') bad(e!, 'in string escape code');
        i++;
        for (let k = 0; k < 4; k++, i++) {
          const h = text[i];
          if (h === undefined) end();
          if (!isHex(h)) bad(h!, 'in \\u hexadecimal character escape');
        }
        continue;
      }
      if (c! < ' ') bad(c!, 'in string literal');
      i++;
    }
  };

  const number = (): void => {
    if (text[i] === '-') {
      i++;
      if (text[i] === undefined) end();
      if (!isDigit(text[i])) bad(text[i]!, 'in numeric literal');
    }
    if (text[i] === '0') i++;
    else while (isDigit(text[i])) i++;
    if (text[i] === '.') {
      i++;
      if (text[i] === undefined) end();
      if (!isDigit(text[i])) bad(text[i]!, 'after decimal point in numeric literal');
      while (isDigit(text[i])) i++;
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      if (text[i] === undefined) end();
      if (!isDigit(text[i])) bad(text[i]!, 'in exponent of numeric literal');
      while (isDigit(text[i])) i++;
    }
  };

  const value = (): void => {
    skipWS();
    const c = peek();
    if (c === undefined) end();
    if (c === '{') {
      i++;
      skipWS();
      if (peek() === '}') { i++; return; }
      for (;;) {
        skipWS();
        const k = peek();
        if (k === undefined) end();
        if (k !== '"') bad(k!, 'looking for beginning of object key string');
        string();
        skipWS();
        const colon = peek();
        if (colon === undefined) end();
        if (colon !== ':') bad(colon!, 'after object key');
        i++;
        value();
        skipWS();
        const n = peek();
        if (n === undefined) end();
        if (n === '}') { i++; return; }
        if (n !== ',') bad(n!, 'after object key:value pair');
        i++;
      }
    }
    if (c === '[') {
      i++;
      skipWS();
      if (peek() === ']') { i++; return; }
      for (;;) {
        value();
        skipWS();
        const n = peek();
        if (n === undefined) end();
        if (n === ']') { i++; return; }
        if (n !== ',') bad(n!, 'after array element');
        i++;
      }
    }
    if (c === '"') return string();
    if (c === '-' || isDigit(c)) return number();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    bad(c!, 'looking for beginning of value');
  };

  try {
    value();
    skipWS();
    if (i < text.length) bad(text[i]!, 'after top-level value');
    return undefined;
  } catch (e) {
    if (e instanceof SyntaxStop) return e.message;
    throw e;
  }
}
