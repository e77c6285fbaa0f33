// The main module and its build list for go mod download / verify, through modload (replacements applied).
import * as gover from '../../lib/gover.js';
import type { Version } from '../../lib/module.js';
import type { Graph } from '../../lib/mvs.js';
import type { ModFile } from '../../lib/modfile/index.js';
import type { Replacements } from '../../modload/replace.js';
import { errorAs } from '../../lib/module.js';
import type { Fetcher } from '../../modfetch/fetcher.js';
import { FatalError } from '../../modfetch/errors.js';
import { fatalModError } from '../../modload/forload.js';
import { openModState } from '../../modload/init.js';
import type { ModState } from '../../modload/state.js';
import type { CommandContext } from '../command.js';
import { ExitError } from '../command.js';

/** Opens the main module (go's LoadModFile): go.mod read and checked as go does, errors fatal. */
export function openMainModule(
  ctx: CommandContext,
  o: { cmdName: string; modFile: string; modcacherw: boolean; trace?: boolean },
): { st: ModState; fetcher: Fetcher } {
  try {
    const { st, fetcher } = openModState(ctx.config, ctx.cwd, {
      cmdName: o.cmdName, modFile: o.modFile, modcacherw: o.modcacherw, stderr: (s) => void ctx.stderr.write(s),
      ...(o.trace !== undefined ? { trace: o.trace } : {}),
    });
    return { st, fetcher: fetcher! };
  } catch (e) {
    fatalModError(e);
  }
}

/** go's LoadModGraph(...).BuildList(): the main module first, then the selected versions; errors fatal. */
export async function moduleBuildList(st: ModState): Promise<Version[]> {
  return (await moduleGraph(st)).buildList();
}

/** go's LoadModGraph: the module graph with replacements applied; errors fatal. */
export async function moduleGraph(st: ModState): Promise<Graph> {
  try {
    const { graph, error } = await st.reqs.expandedGraph();
    if (error) throw error;
    return graph;
  } catch (e) {
    const fatal = errorAs(e, FatalError);
    if (fatal) throw new ExitError(fatal.message, 1);
    if (e instanceof ExitError) throw e;
    try {
      fatalModError(e);
    } catch (e2) {
      if (e2 instanceof ExitError) throw e2;
      throw new ExitError(`go: ${(e2 as Error).message}`, 1);
    }
  }
}

/**
 * Raises each requirement of go.mod to the version the graph selects (go's root update when
 * WriteGoMod runs after loading the graph); returns the roots after the update and whether
 * the file changed.
 */
export function updateRootsToSelected(file: ModFile, graph: Graph): { roots: Version[]; changed: boolean } {
  let changed = false;
  for (const r of [...file.require]) {
    const sel = graph.selected(r.path);
    if (sel !== 'none' && sel !== r.version) {
      file.addRequire(r.path, sel);
      changed = true;
    }
  }
  // The go root rises to the graph's go too (a dependency needing a newer Go); a toolchain line
  // no newer than the new go line says nothing more and goes.
  const goSel = graph.selected('go');
  if (file.go && goSel !== 'none' && gover.compare(goSel, file.go.version) > 0) {
    file.addGoStmt(goSel);
    const tc = file.toolchain?.name;
    if (tc !== undefined && gover.compare(gover.fromToolchain(tc), goSel) <= 0) file.dropToolchainStmt();
    changed = true;
  }
  return { roots: file.require.map((r) => ({ path: r.path, version: r.version })), changed };
}

/**
 * The go.mod sums go keeps once the graph is loaded (keepSums): every module reachable from the
 * roots whose go.mod was read, as its replacement.
 */
export function graphGoModSums(graph: Graph, mainPath: string, roots: Version[], replace: Replacements): Set<string> {
  const keep = new Set<string>();
  const seen = new Set<string>();
  const queue: Version[] = [...roots];
  for (let i = 0; i < queue.length; i++) {
    const m = queue[i]!;
    const k = `${m.path}@${m.version}`;
    if (seen.has(k) || m.version === 'none' || m.path === mainPath) continue;
    seen.add(k);
    const reqs = graph.requiredBy(m);
    if (reqs === undefined) continue;
    const r = replace.resolve(m);
    keep.add(`${r.path}@${r.version}/go.mod`);
    queue.push(...reqs);
  }
  return keep;
}
