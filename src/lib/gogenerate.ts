// The pure parts of `go generate`: recognising //go:generate lines, splitting one into words
// (Go-quoted strings, -command aliases), os.Expand-style $VAR expansion, and the package clause
// go generate reads from each file (go/parser's PackageClauseOnly mode).
import { goUnquote } from './goquote.js';

/** Reports whether a source line is a directive: "//go:generate" followed by a space or a tab. */
export function isGoGenerate(line: string): boolean {
  return line.startsWith('//go:generate ') || line.startsWith('//go:generate\t');
}

/** A directive that cannot be split; the message is what go prints after "file:line: ". */
export class DirectiveError extends Error {}

/**
 * Splits a directive line (with its final newline, as read) into words: space/tab separated tokens or
 * Go double-quoted strings; a first word naming a -command alias is replaced by the alias's words; then
 * each word has its $VARs expanded by lookup.
 */
export function splitDirective(line: string, aliases: ReadonlyMap<string, readonly string[]>, lookup: (name: string) => string): string[] {
  let rest = line.slice('//go:generate '.length, line.length - 1); // the preamble and the final newline
  if (rest.endsWith('\r')) rest = rest.slice(0, -1);
  let words: string[] = [];
  for (;;) {
    rest = rest.replace(/^[ \t]+/, '');
    if (rest === '') break;
    if (rest[0] === '"') {
      let end = -1;
      for (let i = 1; i < rest.length; i++) {
        const c = rest[i];
        if (c === '\\') {
          if (i + 1 === rest.length) throw new DirectiveError('bad backslash');
          i++;
        } else if (c === '"') {
          end = i;
          break;
        }
      }
      if (end < 0) throw new DirectiveError('mismatched quoted string');
      const word = goUnquote(rest.slice(0, end + 1));
      if (word === undefined) throw new DirectiveError('bad quoted string');
      words.push(word);
      rest = rest.slice(end + 1);
      if (rest !== '' && rest[0] !== ' ' && rest[0] !== '\t') throw new DirectiveError('expect space after quoted argument');
      continue;
    }
    const m = /[ \t]/.exec(rest);
    const i = m ? m.index : rest.length;
    words.push(rest.slice(0, i));
    rest = rest.slice(i);
  }
  const alias = words.length > 0 ? aliases.get(words[0]!) : undefined;
  if (alias !== undefined) words = [...alias, ...words.slice(1)];
  return words.map((w) => expandVars(w, lookup));
}

/** os.Expand: replaces $NAME and ${NAME} (and the special one-character names $*, $#, $$, $@, $!, $?, $-, $0-$9). */
export function expandVars(s: string, lookup: (name: string) => string): string {
  let out = '';
  let i = 0;
  for (let j = 0; j < s.length; j++) {
    if (s[j] !== '$' || j + 1 >= s.length) continue;
    out += s.slice(i, j);
    const { name, width } = shellName(s.slice(j + 1));
    if (name === '' && width > 0) {
      // Bad syntax ("${}" or an unclosed "${"): go's os.Expand eats the characters.
    } else if (name === '') {
      out += s[j]; // a lone "$" before a character that starts no name stays
    } else {
      out += lookup(name);
    }
    j += width;
    i = j + 1;
  }
  return i === 0 ? s : out + s.slice(i);
}

function isShellSpecial(c: string): boolean {
  return '*#$@!?-'.includes(c) || (c >= '0' && c <= '9');
}

function isAlphaNum(c: string): boolean {
  return c === '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/** os.getShellName: the name after a "$" and how many bytes it used. */
function shellName(s: string): { name: string; width: number } {
  if (s[0] === '{') {
    if (s.length > 2 && isShellSpecial(s[1]!) && s[2] === '}') return { name: s[1]!, width: 3 };
    for (let i = 1; i < s.length; i++) {
      if (s[i] === '}') {
        if (i === 1) return { name: '', width: 2 }; // "${}" is bad syntax
        return { name: s.slice(1, i), width: i + 1 };
      }
    }
    return { name: '', width: 1 }; // no closing brace
  }
  if (isShellSpecial(s[0]!)) return { name: s[0]!, width: 1 };
  let i = 0;
  while (i < s.length && isAlphaNum(s[i]!)) i++;
  return { name: s.slice(0, i), width: i };
}

/**
 * The package name of a Go source file as go/parser reads it in PackageClauseOnly mode (comments and
 * white space, "package", an identifier, then the end of the clause), or undefined when that fails.
 */
export function packageClauseName(src: string): string | undefined {
  let i = src.charCodeAt(0) === 0xfeff ? 1 : 0;
  // Skips white space and comments; reports whether a newline was crossed, or undefined for an unclosed comment.
  const skip = (): boolean | undefined => {
    let nl = false;
    while (i < src.length) {
      const c = src[i]!;
      if (c === ' ' || c === '\t' || c === '\r') i++;
      else if (c === '\n') { nl = true; i++; }
      else if (src.startsWith('//', i)) {
        const e = src.indexOf('\n', i);
        i = e < 0 ? src.length : e;
      } else if (src.startsWith('/*', i)) {
        const e = src.indexOf('*/', i + 2);
        if (e < 0) return undefined;
        if (src.slice(i, e).includes('\n')) nl = true;
        i = e + 2;
      } else break;
    }
    return nl;
  };
  const ident = (): string => {
    const m = /^[\p{L}_][\p{L}\p{Nd}_]*/u.exec(src.slice(i));
    if (!m) return '';
    i += m[0].length;
    return m[0];
  };
  if (skip() === undefined) return undefined;
  if (ident() !== 'package') return undefined;
  if (skip() === undefined) return undefined;
  const name = ident();
  if (name === '' || name === 'package' || GO_KEYWORDS.has(name)) return undefined;
  const nl = skip();
  if (nl === undefined) return undefined;
  // The clause ends with a semicolon: written, implied by a newline or the end of the file, or before ")" or "}".
  if (nl || i >= src.length || ';)}'.includes(src[i]!)) return name;
  return undefined;
}

const GO_KEYWORDS = new Set([
  'break', 'case', 'chan', 'const', 'continue', 'default', 'defer', 'else', 'fallthrough', 'for', 'func',
  'go', 'goto', 'if', 'import', 'interface', 'map', 'package', 'range', 'return', 'select', 'struct',
  'switch', 'type', 'var',
]);
