// The warm worker's module graph memo (installed through modload/graphmemo.ts): a few graphs, by their
// inputs' key, each given back only while every file it was read from (local replacements' go.mod files,
// the module cache's .mod files) still has the inode, size and times it had when the graph was loaded.
import { statSync } from 'node:fs';
import type { Version } from '../lib/module.js';
import type { LoadedGraph } from '../lib/mvs.js';
import type { GraphMemo } from '../modload/graphmemo.js';

/** Graphs kept: a request loads one to three (expanded roots, a workspace and its modules). */
const MAX_GRAPHS = 8;

/** A file's identity and version as stat tells them; "" when it cannot be stat'ed. */
export function fileFacts(file: string): string {
  const st = statSync(file, { bigint: true, throwIfNoEntry: false });
  return st ? `${st.dev} ${st.ino} ${st.size} ${st.mtimeNs} ${st.ctimeNs}` : '';
}

interface Kept {
  loaded: LoadedGraph;
  versions: readonly Version[];
  sums: string;
  files: readonly (readonly [string, string])[];
}

export class StatGraphMemo implements GraphMemo {
  private readonly kept = new Map<string, Kept>();

  constructor(private readonly facts: (file: string) => string = fileFacts) {}

  get(key: string): { loaded: LoadedGraph; versions: readonly Version[]; sums: string } | undefined {
    const k = this.kept.get(key);
    if (!k) return undefined;
    if (!k.files.every(([f, facts]) => facts !== '' && this.facts(f) === facts)) {
      this.kept.delete(key);
      return undefined;
    }
    // Most recently used last, so the oldest goes first when the memo is full.
    this.kept.delete(key);
    this.kept.set(key, k);
    return { loaded: k.loaded, versions: k.versions, sums: k.sums };
  }

  put(key: string, loaded: LoadedGraph, versions: readonly Version[], files: readonly string[], sums: string): void {
    const facts = files.map((f) => [f, this.facts(f)] as const);
    if (facts.some(([, x]) => x === '')) return;
    this.kept.delete(key);
    this.kept.set(key, { loaded, versions, sums, files: facts });
    while (this.kept.size > MAX_GRAPHS) this.kept.delete(this.kept.keys().next().value!);
  }

  get size(): number {
    return this.kept.size;
  }
}
