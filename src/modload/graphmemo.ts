// The hook through which a long-lived process (the resident server's warm worker) keeps module graphs
// between commands. A plain run installs nothing and loads every graph. A graph is kept only when its
// load read nothing but files that can be checked again cheaply: it had no error, and every module
// version's go.mod was vouched for by go.sum as read (so the load added no sum and would write nothing).
// Its key holds everything else the load depends on: the roots and pruning, the main modules' own
// requirements (workspace), the replacements and exclusions, whether go.sum must list go.mod hashes, the
// running Go version and GOTOOLCHAIN, and GOMODCACHE. The files it read (local replacements' go.mod files
// and the module cache's .mod files) are the memo's to revalidate; the go.sum entries are checked here.
// The summaries of those .mod files are kept with the graph and handed to the run that reuses it, so
// what asks for a module's go line afterwards (go list -m's GoVersion) reads and hashes no .mod file.
import { join } from 'node:path';
import * as gover from '../lib/gover.js';
import { haveSum, lookupSums } from '../lib/gosum.js';
import { escapePath, escapeVersion, type Version } from '../lib/module.js';
import type { LoadedGraph, ModSummary } from '../lib/mvs.js';
import { overlay } from '../base/fsys.js';
import type { ModFileSummary, Summaries } from './summary.js';

/**
 * A store of loaded graphs; an entry is given back only while the files it was read from are unchanged.
 * sums is the text of go.sum's go.mod hashes for versions when the graph was loaded (this module checks it).
 */
export interface GraphMemo {
  get(key: string): KeptGraph | undefined;
  put(key: string, kept: KeptGraph, files: readonly string[]): void;
}

/**
 * A loaded graph as kept: the module versions whose .mod files it read, go.sum's text for their go.mod
 * hashes, and the summaries read from those files (undefined for one the load did not read itself).
 */
export interface KeptGraph {
  loaded: LoadedGraph;
  versions: readonly Version[];
  sums: string;
  summaries: readonly (ModFileSummary | undefined)[];
}

let memo: GraphMemo | undefined;

/** Installs (or, with undefined, removes) the process's graph memo. */
export function installGraphMemo(m: GraphMemo | undefined): void {
  memo = m;
}

/** What a graph load depends on apart from the summaries' files. */
export interface GraphKeyParts {
  graphRoots: readonly Version[];
  roots: readonly Version[];
  pruning: string;
  /** Workspace main modules' requirements and go versions, as graphSummary reads them. */
  mains?: readonly { path: string; goVersion: string; require: readonly Version[] }[];
}

/**
 * The graph load (through load, whose summary function is given) or the kept graph for the same inputs.
 * Without a memo (a plain run), or under an overlay (which may replace any go.mod), it is just load.
 */
export async function keptGraph(
  parts: GraphKeyParts,
  summaries: Summaries,
  summary: (m: Version) => Promise<ModSummary>,
  load: (summary: (m: Version) => Promise<ModSummary>) => Promise<LoadedGraph>,
): Promise<LoadedGraph> {
  const o = summaries.o;
  if (!memo || overlay() || !o.goSum || o.gomodcache === undefined) return load(summary);
  const goSum = o.goSum;
  const key = JSON.stringify([
    parts.graphRoots, parts.roots, parts.pruning, parts.mains ?? null,
    o.replace.keyText(), o.exclude.keyText(), o.requireSums !== undefined,
    o.localGo, o.gotoolchain, o.gomodcache,
  ]);
  const sumListed = (v: Version): boolean => haveSum(goSum, { path: v.path, version: v.version + '/go.mod' });
  // go.sum's go.mod hashes as they stand: a kept graph is reused only while go.sum lists exactly the
  // hashes its go.mod files were checked against (another hash there must fail as a checksum mismatch).
  const sumsText = (vs: readonly Version[]): string => vs.map((v) => lookupSums(goSum, { path: v.path, version: v.version + '/go.mod' }).join(' ')).join('\n');
  const kept = memo.get(key);
  if (kept && kept.versions.every(sumListed) && sumsText(kept.versions) === kept.sums) {
    kept.versions.forEach((v, i) => {
      const s = kept.summaries[i];
      if (s) summaries.adoptSummary(v, { ...s });
    });
    return kept.loaded;
  }
  const visited: Version[] = [];
  const loaded = await load((m) => {
    visited.push(m);
    return summary(m);
  });
  if (loaded.error) return loaded;
  const versions: Version[] = [];
  const files: string[] = [];
  try {
    collect();
  } catch {
    return loaded; // a path the cache cannot name: not kept
  }
  // Only summaries without a verdict of the running toolchain (too new a go line) are kept: that verdict's
  // text names the go.mod or go.work that chose the toolchain, which the key does not hold.
  const kept2 = versions.map((v) => {
    const s = summaries.readSummary(v);
    return s && !s.tooNew ? { ...s } : undefined;
  });
  memo.put(key, { loaded, versions, sums: sumsText(versions), summaries: kept2 }, files);
  return loaded;

  function collect(): void {
  for (const m of visited) {
    if (gover.isToolchain(m.path)) continue;
    if (m.version === '' && parts.mains?.some((mm) => mm.path === m.path)) continue;
    const actual = o.replace.resolve(m);
    if (actual.version === '') {
      files.push(join(o.replace.dir(actual), 'go.mod'));
      continue;
    }
    if (!sumListed(actual)) throw new Error('not vouched for');
    versions.push(actual);
    files.push(join(o.gomodcache!, 'cache', 'download', escapePath(actual.path), '@v', escapeVersion(actual.version) + '.mod'));
  }
  }
}
