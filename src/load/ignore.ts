// go.mod `ignore` directives: which directories of a module wildcard patterns skip (go's search.IgnorePatterns).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseModFile } from '../lib/modfile/parse-mod.js';

/** "/a/b/" form of a slash path, as go's normalizePath. */
function normalize(p: string): string {
  if (!p.startsWith('/')) p = '/' + p;
  if (!p.endsWith('/')) p += '/';
  return p;
}

/**
 * go's NewIgnorePatterns(...).ShouldIgnore: "./x" patterns match directories under x at the module
 * root, other patterns match a directory of that name (or path) anywhere in the module.
 * dir is relative to the module root, slash-separated; "" is never ignored.
 */
export function ignoreMatcher(patterns: readonly string[]): (dir: string) => boolean {
  const relative: string[] = [];
  const any: string[] = [];
  for (const pat of patterns) {
    if (pat.startsWith('./')) relative.push(normalize(pat.slice(2)));
    else any.push(normalize(pat));
  }
  return (dir) => {
    if (dir === '') return false;
    const d = normalize(dir);
    return relative.some((p) => d.startsWith(p)) || any.some((p) => d.includes(p));
  };
}

const memo = new Map<string, ((dir: string) => boolean) | undefined>();

/** Forgets the ignore matchers read so far (resident server: go.mod files may change between requests). */
export function forgetModuleIgnores(): void {
  memo.clear();
}

/** The ignore matcher of the module rooted at root (its go.mod's ignore lines); undefined when it has none. */
export function moduleIgnore(root: string): ((dir: string) => boolean) | undefined {
  if (memo.has(root)) return memo.get(root);
  let m: ((dir: string) => boolean) | undefined;
  try {
    const gomod = join(root, 'go.mod');
    const f = parseModFile(gomod, readFileSync(gomod, 'utf8'));
    if (f.ignore.length > 0) m = ignoreMatcher(f.ignore.map((i) => i.path));
  } catch {
    m = undefined;
  }
  memo.set(root, m);
  return m;
}

/** A LoadConfig.trace that writes each distinct line once (loading with modules may walk twice). */
export function traceOnce(write: (s: string) => void): (line: string) => void {
  const seen = new Set<string>();
  return (line) => {
    if (seen.has(line)) return;
    seen.add(line);
    write(line + '\n');
  };
}
