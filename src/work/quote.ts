// go's command-line display helpers (-x lines, %q lists) on top of strconv.Quote.
import { goQuote } from '../lib/goquote.js';

// strconv.Quote itself is lib/goquote's (byte-exact unicode.IsPrint); re-exported for the work room.
export { goQuote };

/** Joins args for display, quoting those that need it, as go's -x output does. */
export function joinUnambiguously(args: readonly string[]): string {
  return args
    .map((s) => {
      const q = goQuote(s);
      if (s === '' || /[ ()>;]/.test(s) || Buffer.byteLength(q) > Buffer.byteLength(s) + 2) return q;
      return s;
    })
    .join(' ');
}

/** Replaces old with repl where it begins a line or follows a space or tab (go's replacePrefix). */
export function replacePrefix(s: string, old: string, repl: string): string {
  if (old === '' || !s.includes(old)) return s;
  s = s.split(' ' + old).join(' ' + repl);
  s = s.split('\n' + old).join('\n' + repl);
  s = s.split('\n\t' + old).join('\n\t' + repl);
  if (s.startsWith(old)) s = repl + s.slice(old.length);
  return s;
}

/** Formats a Go-style %q of a list of strings: ["a" "b"]. */
export function goQuoteList(list: readonly string[]): string {
  return '[' + list.map(goQuote).join(' ') + ']';
}
