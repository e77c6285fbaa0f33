// Variable expansion with the exact rules of Go's os.Expand ($NAME, ${NAME}, $1, ${/} ...).

function isShellSpecial(c: string): boolean {
  return '*#$@!?-0123456789'.includes(c);
}

function isAlphaNum(c: string): boolean {
  return c === '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/** Returns the variable name after a '$' and how many characters it spans ('' name: see expand). */
function shellName(s: string): [string, number] {
  if (s[0] === '{') {
    if (s.length > 2 && isShellSpecial(s[1]!) && s[2] === '}') return [s.slice(1, 2), 3];
    for (let i = 1; i < s.length; i++) {
      if (s[i] === '}') {
        if (i === 1) return ['', 2]; // "${}" is bad syntax: eaten
        return [s.slice(1, i), i + 1];
      }
    }
    return ['', 1]; // unterminated "${": eaten
  }
  if (isShellSpecial(s[0]!)) return [s.slice(0, 1), 1];
  let i = 0;
  while (i < s.length && isAlphaNum(s[i]!)) i++;
  return [s.slice(0, i), i];
}

/** Expands $var and ${var} in s using mapping, as os.Expand does. */
export function expand(s: string, mapping: (name: string) => string): string {
  let out = '';
  let i = 0;
  let changed = false;
  for (let j = 0; j < s.length; j++) {
    if (s[j] === '$' && j + 1 < s.length) {
      changed = true;
      out += s.slice(i, j);
      const [name, w] = shellName(s.slice(j + 1));
      if (name === '' && w > 0) {
        // invalid syntax: characters are dropped
      } else if (name === '') {
        out += '$';
      } else {
        out += mapping(name);
      }
      j += w;
      i = j + 1;
    }
  }
  return changed ? out + s.slice(i) : s;
}

/** Escapes RE2 metacharacters, like Go's regexp.QuoteMeta. */
export function quoteMeta(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, (c) => '\\' + c);
}
