// Edit helpers shared by go.mod and go.work: replace, godebug, de-duplication, line ordering.

import { autoQuote } from './quote.js';
import { addLine, appendLine, markRemoved, updateLine, type FileSyntax, type Line } from './syntax.js';
import type { Exclude, Godebug, Ignore, ModVersion, Replace, Tool } from './types.js';

/** Byte-order (code point) string comparison, as Go compares strings. */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (astral code points) sort after all other BMP characters in UTF-8 order.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x < y ? -1 : 1;
  }
  return a.length < b.length ? -1 : 1;
}

/** Lexicographic order of lines by their tokens. */
export function compareLine(a: Line, b: Line): number {
  const n = Math.min(a.tokens.length, b.tokens.length);
  for (let k = 0; k < n; k++) {
    const c = compareStrings(a.tokens[k]!, b.tokens[k]!);
    if (c !== 0) return c;
  }
  return a.tokens.length - b.tokens.length;
}

/**
 * Sets old to be replaced by new: updates the first matching replace line (an empty oldVers
 * matches every version of oldPath), deletes other matches, or adds a new line after the last
 * replace of oldPath (at the end of the file when there is none).
 */
export function addReplaceTo(
  syntax: FileSyntax,
  list: Replace[],
  oldPath: string,
  oldVers: string,
  newPath: string,
  newVers: string,
): void {
  let need = true;
  const old: ModVersion = oldVers === '' ? { path: oldPath } : { path: oldPath, version: oldVers };
  const nw: ModVersion = newVers === '' ? { path: newPath } : { path: newPath, version: newVers };
  const tokens = ['replace', autoQuote(oldPath)];
  if (oldVers !== '') tokens.push(oldVers);
  tokens.push('=>', autoQuote(newPath));
  if (newVers !== '') tokens.push(newVers);

  let hint: Line | undefined;
  for (const r of list) {
    if (r.old.path === '') continue; // already removed
    if (r.old.path === oldPath && (oldVers === '' || (r.old.version ?? '') === oldVers)) {
      if (need) {
        r.new = { ...nw };
        updateLine(r.syntax, tokens);
        need = false;
        continue;
      }
      markRemoved(r.syntax);
      r.old = { path: '' };
      r.new = { path: '' };
    }
    if (r.old.path === oldPath) hint = r.syntax;
  }
  if (need) {
    // Go passes a typed nil hint here, so a first replacement for a path goes to the end of file.
    const line = hint ? addLine(syntax, hint, tokens) : appendLine(syntax, tokens);
    list.push({ old, new: nw, syntax: line });
  }
}

/** Removes the replace lines for exactly oldPath@oldVers ("" = the all-versions form). */
export function dropReplaceFrom(list: Replace[], oldPath: string, oldVers: string): void {
  for (const r of list) {
    if (r.old.path !== '' && r.old.path === oldPath && (r.old.version ?? '') === oldVers) {
      markRemoved(r.syntax);
      r.old = { path: '' };
      r.new = { path: '' };
    }
  }
}

/** Sets key=value on the first godebug line for key, deleting the others, or adds a line. */
export function addGodebugTo(syntax: FileSyntax, list: Godebug[], key: string, value: string): void {
  let need = true;
  for (const g of list) {
    if (g.key === '' || g.key !== key) continue;
    if (need) {
      g.value = value;
      updateLine(g.syntax, ['godebug', `${key}=${value}`]);
      need = false;
    } else {
      markRemoved(g.syntax);
      g.key = '';
      g.value = '';
    }
  }
  if (need) list.push({ key, value, syntax: addLine(syntax, undefined, ['godebug', `${key}=${value}`]) });
}

export function dropGodebugFrom(list: Godebug[], key: string): void {
  for (const g of list) {
    if (g.key !== '' && g.key === key) {
      markRemoved(g.syntax);
      g.key = '';
      g.value = '';
    }
  }
}

/**
 * Removes duplicate exclude, tool and ignore lines (the first one wins) and duplicate replace
 * lines (the last one wins), then drops emptied statements and empty blocks from the syntax.
 */
export function removeDups(
  syntax: FileSyntax,
  lists: { exclude?: Exclude[]; replace: Replace[]; tool?: Tool[]; ignore?: Ignore[] },
): { exclude?: Exclude[]; replace: Replace[]; tool?: Tool[]; ignore?: Ignore[] } {
  const kill = new Set<Line>();
  const firstWins = <T extends { syntax: Line }>(list: T[] | undefined, key: (x: T) => string | undefined) => {
    if (!list) return undefined;
    const seen = new Set<string>();
    for (const x of list) {
      const k = key(x);
      if (k === undefined) continue;
      if (seen.has(k)) kill.add(x.syntax);
      else seen.add(k);
    }
    return list.filter((x) => key(x) === undefined || !kill.has(x.syntax));
  };
  const exclude = firstWins(lists.exclude, (x) => (x.path === '' ? undefined : `${x.path}@${x.version}`));

  const seenReplace = new Set<string>();
  for (let i = lists.replace.length - 1; i >= 0; i--) {
    const r = lists.replace[i]!;
    if (r.old.path === '') continue;
    const k = `${r.old.path}@${r.old.version ?? ''}`;
    if (seenReplace.has(k)) kill.add(r.syntax);
    else seenReplace.add(k);
  }
  const replace = lists.replace.filter((r) => r.old.path === '' || !kill.has(r.syntax));
  const tool = firstWins(lists.tool, (t) => (t.path === '' ? undefined : t.path));
  const ignore = firstWins(lists.ignore, (t) => (t.path === '' ? undefined : t.path));

  const stmts = [];
  for (const s of syntax.stmts) {
    if (s.kind === 'line' && kill.has(s)) continue;
    if (s.kind === 'block') {
      s.lines = s.lines.filter((l) => !kill.has(l));
      if (s.lines.length === 0) continue;
    }
    stmts.push(s);
  }
  syntax.stmts = stmts;
  return { exclude, replace, tool, ignore };
}
