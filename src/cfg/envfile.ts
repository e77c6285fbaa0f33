// The go env file format: parsing (as go reads it) and rewriting (as `go env -w`/`-u` do).
import { readFileSync } from 'node:fs';

/**
 * Parses an env file: KEY=VALUE lines; lines without '=' or not starting with A–Z are ignored.
 * Later lines win. Returns entries in file order of last assignment.
 */
export function parseEnvFile(text: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const line of text.split('\n')) {
    const i = line.indexOf('=');
    if (i < 0 || line.length === 0 || line[0]! < 'A' || line[0]! > 'Z') continue;
    m.set(line.slice(0, i), line.slice(i + 1));
  }
  return m;
}

/** Reads and parses an env file; a missing or unreadable file is empty. */
export function readEnvFile(file: string): Map<string, string> {
  if (!file) return new Map();
  try {
    return parseEnvFile(readFileSync(file, 'utf8'));
  } catch {
    return new Map();
  }
}

/** The KEY of a KEY=VALUE line, or "" for comments, blank and invalid lines. */
export function lineToKey(line: string): string {
  const i = line.indexOf('=');
  if (i < 0 || line.slice(0, i).includes('#')) return '';
  return line.slice(0, i);
}

/** Splits file text into lines that each end in "\n" (a final unterminated line gets one). */
export function splitEnvLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/(?<=\n)/);
  const last = lines.length - 1;
  if (!lines[last]!.endsWith('\n')) lines[last] += '\n';
  return lines;
}

/**
 * Applies `go env -w` additions and `go env -u` deletions to the file's lines: duplicates collapse to
 * the last one, updated keys stay in place, new keys are appended, and each run of KEY=VALUE lines
 * is sorted by key. Pure.
 */
export function updateEnvLines(
  lines0: readonly string[],
  add: ReadonlyMap<string, string>,
  del: ReadonlySet<string>,
): string[] {
  const lines = [...lines0];
  const prev = new Map<string, number>();
  lines.forEach((line, l) => {
    const key = lineToKey(line);
    if (key !== '') {
      const p = prev.get(key);
      if (p !== undefined) lines[p] = '';
      prev.set(key, l);
    }
  });
  const remaining = new Map(add);
  for (const [key, val] of add) {
    const p = prev.get(key);
    if (p !== undefined) {
      lines[p] = `${key}=${val}\n`;
      remaining.delete(key);
    }
  }
  // Go appends the new keys in map order; the block sort below makes the order deterministic anyway
  // unless a comment separates them, so append sorted.
  for (const key of [...remaining.keys()].sort()) lines.push(`${key}=${remaining.get(key)}\n`);
  for (const key of del) {
    const p = prev.get(key);
    if (p !== undefined) lines[p] = '';
  }
  let start = 0;
  for (let i = 0; i <= lines.length; i++) {
    if (i === lines.length || lineToKey(lines[i]!) === '') {
      const run = lines.slice(start, i);
      // Stable sort by key, like sort.Slice on keys (ties keep no particular order in go).
      run.sort((a, b) => {
        const ka = lineToKey(a), kb = lineToKey(b);
        return ka < kb ? -1 : ka > kb ? 1 : 0;
      });
      lines.splice(start, run.length, ...run);
      start = i + 1;
    }
  }
  return lines;
}
