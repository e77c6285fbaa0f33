// go/build's import comment (`package x // import "path"`), read only in GOPATH mode.

function skipSpaceOrComment(s: string, i: number): number {
  while (i < s.length) {
    const c = s[i]!;
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') { i++; continue; }
    if (s.startsWith('//', i)) {
      const nl = s.indexOf('\n', i);
      if (nl < 0) return s.length;
      i = nl + 1;
      continue;
    }
    if (s.startsWith('/*', i)) {
      const end = s.indexOf('*/', i + 2);
      if (end < 0) return s.length;
      i = end + 2;
      continue;
    }
    break;
  }
  return i;
}

const WORD_CHAR = /[\p{L}0-9_]/u;

/** go/build's parseWord: [start, end) of the word after spaces and comments from i; start === end when there is none. */
function parseWord(s: string, i: number): { start: number; end: number } {
  const start = skipSpaceOrComment(s, i);
  let end = start;
  for (;;) {
    const cp = s.codePointAt(end);
    if (cp === undefined || !WORD_CHAR.test(String.fromCodePoint(cp))) break;
    end += cp > 0xffff ? 2 : 1;
  }
  return { start, end };
}

/**
 * The quoted path of a file's import comment and its line as go/build counts it (from just after
 * the package name, so 1 in practice), or undefined when the file has none. src is the file's text.
 */
export function findImportComment(src: string): { quoted: string; line: number } | undefined {
  const kw = parseWord(src, 0);
  if (src.slice(kw.start, kw.end) !== 'package') return undefined;
  let i = parseWord(src, kw.end).end;
  while (i < src.length && (src[i] === ' ' || src[i] === '\t' || src[i] === '\r')) i++;
  const data = i;
  let comment = '';
  let commentStart = data;
  if (src.startsWith('//', data)) {
    commentStart = data + 2;
    const nl = src.indexOf('\n', commentStart);
    comment = src.slice(commentStart, nl < 0 ? src.length : nl);
  } else if (src.startsWith('/*', data)) {
    commentStart = data + 2;
    const end = src.indexOf('*/', commentStart);
    if (end < 0) return undefined;
    comment = src.slice(commentStart, end);
    if (comment.includes('\n')) return undefined;
  }
  const lead = comment.length - comment.trimStart().length;
  const trimmed = comment.trim();
  const w = parseWord(trimmed, 0);
  if (w.start === w.end || trimmed.slice(w.start, w.end) !== 'import') return undefined;
  const argOff = commentStart + lead + w.end;
  const line = 1 + (src.slice(data, argOff).match(/\n/g)?.length ?? 0);
  return { quoted: trimmed.slice(w.end).trim(), line };
}

/** strconv.Unquote for the import comment's path: a "..." or `...` literal, or undefined when malformed. */
export function unquoteImportComment(q: string): string | undefined {
  if (q.length >= 2 && q.startsWith('`') && q.endsWith('`') && !q.slice(1, -1).includes('`')) return q.slice(1, -1);
  if (q.length < 2 || !q.startsWith('"') || !q.endsWith('"')) return undefined;
  try {
    const v: unknown = JSON.parse(q);
    return typeof v === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}
