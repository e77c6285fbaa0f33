// Require-line edits: "// indirect" markers, version updates, and splitting direct/indirect blocks.

import { autoQuote } from './quote.js';
import { markRemoved, newBlock, newLine, type Comments, type FileSyntax, type Line, type LineBlock } from './syntax.js';
import type { Require } from './types.js';

const stripSlashes = (s: string): string => (s.startsWith('//') ? s.slice(2) : s);

/** Whether the line's first end-of-line comment is "// indirect" or starts "// indirect;". */
export function isIndirect(line: Line): boolean {
  const first = line.com.suffix[0];
  if (!first) return false;
  const f = stripSlashes(first.token).trim().split(/\s+/).filter((w) => w !== '');
  return (f.length === 1 && f[0] === 'indirect') || (f.length > 1 && f[0] === 'indirect;');
}

/** Adds or removes the "// indirect" marker, keeping any other comment text. */
export function setIndirect(r: Require, indirect: boolean): void {
  r.indirect = indirect;
  const line = r.syntax;
  if (!line || isIndirect(line) === indirect) return;
  if (indirect) {
    if (line.com.suffix.length === 0) {
      line.com.suffix = [{ start: { line: 0, lineRune: 0, offset: 0 }, token: '// indirect', suffix: true }];
      return;
    }
    const com = line.com.suffix[0]!;
    const text = stripSlashes(com.token).trim();
    com.token = text === '' ? '// indirect' : '// indirect; ' + text;
    return;
  }
  const com = line.com.suffix[0]!;
  if (stripSlashes(com.token).trim() === 'indirect') {
    line.com.suffix = [];
    return;
  }
  const i = com.token.indexOf('indirect;');
  com.token = '//' + com.token.slice(i + 'indirect;'.length);
}

/** Sets the version on a requirement and its line (dropping a lone blank line above it). */
export function setVersion(r: Require, v: string): void {
  r.version = v;
  const line = r.syntax;
  if (!line || line.tokens.length === 0) return;
  if (line.inBlock) {
    const before = line.com.before;
    if (before.length === 1 && before[0]!.token.length === 0) line.com.before = [];
    if (line.tokens.length >= 2) line.tokens[1] = v;
  } else if (line.tokens.length >= 3) {
    line.tokens[2] = v;
  }
}

/** Deletes a requirement's line and clears the entry (Cleanup drops it from the list). */
export function removeRequire(r: Require): void {
  if (r.syntax) markRemoved(r.syntax);
  r.path = '';
  r.version = '';
  r.indirect = false;
}

/** Whether a line or block has comments other than a bare "// indirect". */
function hasComments(c: Comments): boolean {
  return (
    c.before.length > 0 ||
    c.after.length > 0 ||
    c.suffix.length > 1 ||
    (c.suffix.length === 1 && stripSlashes(c.suffix[0]!.token).trim() !== 'indirect')
  );
}

/**
 * Makes the file require exactly req, with direct and indirect requirements kept in separate
 * blocks (modfile.SetRequireSeparateIndirect). The caller sorts and cleans up afterwards.
 * Returns the new list of requirements.
 */
export function setRequireSeparateIndirect(syntax: FileSyntax, have: Require[], req: Require[]): Require[] {
  const moveReq = (r: Require, block: LineBlock): void => {
    let line: Line;
    if (!r.syntax) {
      line = newLine([autoQuote(r.path), r.version]);
      r.syntax = line;
      if (r.indirect) setIndirect(r, true);
    } else {
      const old = r.syntax;
      line = { ...old, com: { before: old.com.before, suffix: old.com.suffix, after: old.com.after } };
      line.tokens = old.tokens.slice();
      if (!line.inBlock && line.tokens.length > 0 && line.tokens[0] === 'require') line.tokens = line.tokens.slice(1);
      old.tokens = []; // cleanup deletes the old line
      r.syntax = line;
    }
    line.inBlock = true;
    block.lines.push(line);
  };

  let lastDirectIndex = -1;
  let lastIndirectIndex = -1;
  let lastRequireIndex = -1;
  let requireLineOrBlockCount = 0;
  const lineToBlock = new Map<Line, LineBlock>();

  syntax.stmts.forEach((stmt, i) => {
    if (stmt.kind === 'line') {
      if (stmt.tokens.length === 0 || stmt.tokens[0] !== 'require') return;
      lastRequireIndex = i;
      requireLineOrBlockCount++;
      if (!hasComments(stmt.com)) {
        if (isIndirect(stmt)) lastIndirectIndex = i;
        else lastDirectIndex = i;
      }
    } else if (stmt.kind === 'block') {
      if (stmt.tokens.length === 0 || stmt.tokens[0] !== 'require') return;
      lastRequireIndex = i;
      requireLineOrBlockCount++;
      let allDirect = stmt.lines.length > 0 && !hasComments(stmt.com);
      let allIndirect = allDirect;
      for (const line of stmt.lines) {
        lineToBlock.set(line, stmt);
        if (hasComments(line.com)) {
          allDirect = false;
          allIndirect = false;
        } else if (isIndirect(line)) {
          allDirect = false;
        } else {
          allIndirect = false;
        }
      }
      if (allDirect) lastDirectIndex = i;
      if (allIndirect) lastIndirectIndex = i;
    }
  });

  const oneFlatUncommentedBlock =
    requireLineOrBlockCount === 1 && !hasComments(syntax.stmts[lastRequireIndex]!.com);

  const insertBlock = (i: number): LineBlock => {
    const block = newBlock(['require']);
    syntax.stmts.splice(i, 0, block);
    return block;
  };
  const ensureBlock = (i: number): LineBlock => {
    const stmt = syntax.stmts[i]!;
    if (stmt.kind === 'block') return stmt;
    if (stmt.kind === 'comments') throw new Error('unexpected statement: comment block');
    const block = newBlock(['require'], [stmt]);
    stmt.tokens = stmt.tokens.slice(1);
    stmt.inBlock = true;
    syntax.stmts[i] = block;
    return block;
  };

  let lastDirectBlock: LineBlock;
  if (lastDirectIndex < 0) {
    if (lastIndirectIndex >= 0) {
      lastDirectIndex = lastIndirectIndex;
      lastIndirectIndex++;
    } else if (lastRequireIndex >= 0) {
      lastDirectIndex = lastRequireIndex + 1;
    } else {
      lastDirectIndex = syntax.stmts.length;
    }
    lastDirectBlock = insertBlock(lastDirectIndex);
  } else {
    lastDirectBlock = ensureBlock(lastDirectIndex);
  }

  let lastIndirectBlock: LineBlock;
  if (lastIndirectIndex < 0) {
    lastIndirectIndex = lastDirectIndex + 1;
    lastIndirectBlock = insertBlock(lastIndirectIndex);
  } else {
    lastIndirectBlock = ensureBlock(lastIndirectIndex);
  }

  const need = new Map<string, Require>();
  for (const r of req) need.set(r.path, r);
  const kept = new Map<string, Require>();
  for (const r of have) {
    if (r.path === '') continue;
    const want = need.get(r.path);
    if (!want || kept.has(r.path)) {
      removeRequire(r);
      continue;
    }
    kept.set(r.path, r);
    setVersion(r, want.version);
    setIndirect(r, want.indirect);
    const block = r.syntax ? lineToBlock.get(r.syntax) : undefined;
    if (want.indirect && (oneFlatUncommentedBlock || block === lastDirectBlock)) moveReq(r, lastIndirectBlock);
    else if (!want.indirect && (oneFlatUncommentedBlock || block === lastIndirectBlock)) moveReq(r, lastDirectBlock);
  }

  const out = have.slice();
  for (const [path, r] of need) {
    if (kept.has(path)) continue;
    moveReq(r, r.indirect ? lastIndirectBlock : lastDirectBlock);
    out.push(r);
  }
  return out;
}
