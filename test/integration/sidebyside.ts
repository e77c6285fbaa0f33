// Side-by-side runs of go and gocmd from twin copies of one starting tree: making the twins, and comparing
// two runs (exit status, stdout, stderr with each tree's path masked) and the files they leave.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Result } from './cliharness.js';

/** The go copy and the gocmd copy of one tree. */
export interface Twin { go: string; gocmd: string }

/** base/go and base/gocmd, each filled from an optional fixture directory, then with files (name → text). */
export function makeTwin(base: string, fixture?: string, files: Record<string, string> = {}): Twin {
  const t = { go: join(base, 'go'), gocmd: join(base, 'gocmd') };
  for (const d of [t.go, t.gocmd]) {
    mkdirSync(d, { recursive: true });
    if (fixture) cpSync(fixture, d, { recursive: true });
    writeFiles(d, files);
  }
  return t;
}

/** Writes files (name → text, names may have directories) below dir. */
export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

export const readIfExists = (f: string): string | undefined => (existsSync(f) ? readFileSync(f, 'utf8') : undefined);

export interface CompareOptions {
  /** Names the step in assertion messages. */
  what: string;
  /** stderr lines with these prefixes are compared as a sorted set (go does that work in parallel). */
  unordered?: string[];
  /** stderr lines with these prefixes are left out (they depend on what the other side already fetched). */
  ignored?: string[];
  /** Files (relative to each twin) that must have the same contents afterwards. */
  files?: string[];
}

/** Asserts that gocmd's run c matches go's run g, each tree's path masked as $DIR. */
export function assertSameRuns(t: Twin, g: Result, c: Result, o: CompareOptions): void {
  const norm = (s: string, d: string): string => s.split(d).join('$DIR');
  assert.equal(c.code, g.code, `${o.what}: exit status\ngo stderr:\n${g.stderr}\ngocmd stderr:\n${c.stderr}`);
  assert.equal(norm(c.stdout, t.gocmd), norm(g.stdout, t.go), `${o.what}: stdout`);
  const has = (l: string, prefixes: string[] | undefined): boolean => (prefixes ?? []).some((p) => l.startsWith(p));
  const split = (s: string): { rest: string; unordered: string } => {
    const lines = s.split('\n').filter((l) => !has(l, o.ignored));
    return {
      rest: lines.filter((l) => !has(l, o.unordered)).join('\n'),
      unordered: lines.filter((l) => has(l, o.unordered)).sort().join('\n'),
    };
  };
  const gs = split(norm(g.stderr, t.go));
  const cs = split(norm(c.stderr, t.gocmd));
  assert.equal(cs.rest, gs.rest, `${o.what}: stderr`);
  assert.equal(cs.unordered, gs.unordered, `${o.what}: stderr lines in any order`);
  assertSameFiles(t, o.files ?? [], o.what);
}

export function assertSameFiles(t: Twin, files: string[], what = ''): void {
  for (const f of files) assert.equal(readIfExists(join(t.gocmd, f)), readIfExists(join(t.go, f)), `${what ? what + ': ' : ''}${f} differs`);
}
