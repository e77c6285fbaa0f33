// cmd/internal/quoted semantics: split and join argument lists with simple '…' / "…" quoting.

import { goQuote } from './goquote.js';

/** Error from splitQuoted, with go's message text. */
export class QuotedError extends Error {
  override name = 'QuotedError';
}

const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';

/**
 * Splits s into fields separated by space, tab, CR or LF. A field may be wrapped in single or
 * double quotes (no escapes inside); an unterminated quote throws `unterminated ' string`.
 */
export function splitQuoted(s: string): string[] {
  const f: string[] = [];
  let i = 0;
  while (i < s.length) {
    while (i < s.length && isSpace(s[i]!)) i++;
    if (i >= s.length) break;
    const c = s[i]!;
    if (c === '"' || c === "'") {
      const end = s.indexOf(c, i + 1);
      if (end < 0) throw new QuotedError(`unterminated ${c} string`);
      f.push(s.slice(i + 1, end));
      i = end + 1;
      continue;
    }
    let j = i;
    while (j < s.length && !isSpace(s[j]!)) j++;
    f.push(s.slice(i, j));
    i = j;
  }
  return f;
}

/** Joins args so that splitQuoted recovers them; throws if an arg has both quote kinds. */
export function joinQuoted(args: readonly string[]): string {
  const parts: string[] = [];
  for (const arg of args) {
    let sawSpace = false, sawSingle = false, sawDouble = false;
    for (const c of arg) {
      if (c.codePointAt(0)! > 0x7f) continue;
      if (isSpace(c)) sawSpace = true;
      else if (c === "'") sawSingle = true;
      else if (c === '"') sawDouble = true;
    }
    if (!sawSpace && !sawSingle && !sawDouble) parts.push(arg);
    else if (!sawSingle) parts.push(`'${arg}'`);
    else if (!sawDouble) parts.push(`"${arg}"`);
    else throw new QuotedError(`argument ${goQuote(arg)} contains both single and double quotes and cannot be quoted`);
  }
  return parts.join(' ');
}

/** joinQuoted, falling back to a plain space join as go's env printing does. */
export function joinQuotedOrPlain(args: readonly string[]): string {
  try {
    return joinQuoted(args);
  } catch {
    return args.join(' ');
  }
}
