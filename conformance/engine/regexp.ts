// Go (RE2) regular expressions for stdout/stderr/grep, via the pure-JS RE2 port re2js.
import { RE2JS } from 're2js';

export interface GoRegexp {
  /** Whether the pattern matches anywhere in text. */
  test(text: string): boolean;
  /** Start and end of the leftmost match, or null. */
  find(text: string): [number, number] | null;
  /** The number of non-overlapping matches, counted as Go's FindAllString does. */
  count(text: string): number;
}

/** Compiles pattern with Go's syntax; throws Error("error parsing regexp: ...") on bad syntax. */
export function compileRegexp(pattern: string): GoRegexp {
  let re: RE2JS;
  try {
    re = RE2JS.compile(pattern);
  } catch (e) {
    throw new Error(e instanceof Error ? e.message : String(e));
  }
  return {
    test: (text) => re.matcher(text).find(),
    find: (text) => {
      const m = re.matcher(text);
      return m.find() ? [m.start(), m.end()] : null;
    },
    count: (text) => {
      // Go's FindAll: an empty match right after the previous match is not counted.
      let n = 0;
      let pos = 0;
      let prevEnd = -1;
      const m = re.matcher(text);
      while (pos <= text.length) {
        if (!m.find(pos)) break;
        const start = m.start();
        const end = m.end();
        let accept = true;
        if (end === pos) {
          if (start === prevEnd) accept = false;
          const cp = text.codePointAt(pos);
          pos += cp !== undefined && cp > 0xffff ? 2 : 1;
        } else {
          pos = end;
        }
        prevEnd = end;
        if (accept) n++;
      }
      return n;
    },
  };
}
