// The warm worker's module graph memo (installed through modload/graphmemo.ts): a few graphs, by their
// inputs' key, each given back only while every file it was read from (local replacements' go.mod files,
// the module cache's .mod files) still has the inode, size and times it had when the graph was loaded.
import { fileFacts } from '../base/filefacts.js';
import type { GraphMemo, KeptGraph } from '../modload/graphmemo.js';

/** Graphs kept: a request loads one to three (expanded roots, a workspace and its modules). */
const MAX_GRAPHS = 8;

interface Kept {
  kept: KeptGraph;
  files: readonly (readonly [string, string])[];
}

export class StatGraphMemo implements GraphMemo {
  private readonly kept = new Map<string, Kept>();

  constructor(private readonly facts: (file: string) => string = fileFacts) {}

  get(key: string): KeptGraph | undefined {
    const k = this.kept.get(key);
    if (!k) return undefined;
    if (!k.files.every(([f, facts]) => facts !== '' && this.facts(f) === facts)) {
      this.kept.delete(key);
      return undefined;
    }
    // Most recently used last, so the oldest goes first when the memo is full.
    this.kept.delete(key);
    this.kept.set(key, k);
    return k.kept;
  }

  put(key: string, kept: KeptGraph, files: readonly string[]): void {
    const facts = files.map((f) => [f, this.facts(f)] as const);
    if (facts.some(([, x]) => x === '')) return;
    this.kept.delete(key);
    this.kept.set(key, { kept, files: facts });
    while (this.kept.size > MAX_GRAPHS) this.kept.delete(this.kept.keys().next().value!);
  }

  get size(): number {
    return this.kept.size;
  }
}
