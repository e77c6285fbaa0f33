// go get's summary of what changed ("go: added/upgraded/downgraded/removed ..."), in go's order. Pure.
import * as gover from '../lib/gover.js';
import type { Version } from '../lib/module.js';

interface Change {
  path: string;
  old: string;
  new: string;
}

/**
 * go's reportChanges: changes of modules the arguments resolved, of go.mod's requirements (old
 * against the final build list, new against the initial one), and of the go and toolchain lines;
 * go first, toolchain second, then by path. Each line ends in "\n".
 */
export function reportChanges(o: {
  resolved: ReadonlyMap<string, string>;
  initial: ReadonlyMap<string, string>;
  final: ReadonlyMap<string, string>;
  oldReqs: readonly Version[];
  newReqs: readonly Version[];
}): string {
  const changes = new Map<string, Change>();
  for (const [path, v] of o.resolved) {
    if (gover.isToolchain(path)) continue;
    const old = o.initial.get(path) ?? '';
    if (old !== v && (old !== '' || v !== 'none')) changes.set(path, { path, old, new: v });
  }
  for (const r of o.oldReqs) {
    if (gover.isToolchain(r.path)) continue;
    const nv = o.final.get(r.path) ?? '';
    if (r.version !== nv) changes.set(r.path, { path: r.path, old: r.version, new: nv });
  }
  for (const r of o.newReqs) {
    if (gover.isToolchain(r.path)) continue;
    const old = o.initial.get(r.path) ?? '';
    if (old !== r.version) changes.set(r.path, { path: r.path, old, new: r.version });
  }
  const tv = (reqs: readonly Version[]): { go: string; toolchain: string } => ({
    go: reqs.find((r) => r.path === 'go')?.version ?? '',
    toolchain: reqs.find((r) => r.path === 'toolchain')?.version ?? '',
  });
  const a = tv(o.oldReqs);
  const b = tv(o.newReqs);
  if (a.go !== b.go) changes.set('go', { path: 'go', old: a.go, new: b.go });
  if (a.toolchain !== b.toolchain) changes.set('toolchain', { path: 'toolchain', old: a.toolchain, new: b.toolchain });
  const rank = (p: string): number => (p === 'go' ? 0 : p === 'toolchain' ? 1 : 2);
  const sorted = [...changes.values()].sort((x, y) => rank(x.path) - rank(y.path) || (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
  let out = '';
  for (const c of sorted) {
    if (c.old === '') {
      out += `go: added ${c.path} ${c.new}\n`;
    } else if (c.new === 'none' || c.new === '') {
      out += `go: removed ${c.path} ${c.old}\n`;
    } else if (gover.modCompare(c.path, c.new, c.old) > 0) {
      out += `go: upgraded ${c.path} ${c.old} => ${c.new}\n`;
      if (c.path === 'go' && gover.compare(c.old, gover.EXPLICIT_INDIRECT_VERSION) < 0 && gover.compare(c.new, gover.EXPLICIT_INDIRECT_VERSION) >= 0) {
        out += `\tnote: expanded dependencies to upgrade to go ${gover.EXPLICIT_INDIRECT_VERSION} or higher; run 'go mod tidy' to clean up\n`;
      }
    } else {
      out += `go: downgraded ${c.path} ${c.old} => ${c.new}\n`;
    }
  }
  return out;
}
