// go list's Deps and DepsErrors: what each package imports directly or not, and those packages' errors.
import type { Package, PackageError } from '../load/types.js';

/**
 * go's collectDeps: for each package of a post-order list, the sorted import paths of everything it
 * imports, directly or not: its imports joined with their own sets. The sets are bitsets over the import
 * paths numbered in sorted order, so a join is a few dozen word ORs and a set comes out sorted (over a
 * large module the joins touch ~1M elements: string sets cost ~30 ms there).
 */
export function collectDeps(all: readonly Package[]): string[][] {
  // Rank: the position of a package's import path among all paths (equal paths share a rank).
  const paths = new Set<string>();
  for (const p of all) {
    paths.add(p.importPath);
    for (const q of p.internal.imports) paths.add(q.importPath);
  }
  const sorted = [...paths].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const rankOf = new Map<string, number>();
  sorted.forEach((path, i) => rankOf.set(path, i));
  const words = (sorted.length + 31) >>> 5;
  const bits = new Int32Array(all.length * words);
  // A package's set joins only the sets already complete, as go's does (an import cycle's later member has none yet).
  const done = new Map<Package, number>();
  const out: string[][] = [];
  all.forEach((p, i) => {
    const row = i * words;
    for (const q of p.internal.imports) {
      const r = rankOf.get(q.importPath)!;
      bits[row + (r >>> 5)]! |= 1 << (r & 31);
      const j = done.get(q);
      if (j !== undefined) for (let w = 0, from = j * words; w < words; w++) bits[row + w]! |= bits[from + w]!;
    }
    done.set(p, i);
    const names: string[] = [];
    for (let w = 0; w < words; w++) {
      for (let x = bits[row + w]!; x !== 0; x &= x - 1) names.push(sorted[(w << 5) + 31 - Math.clz32(x & -x)]!);
    }
    out.push(names);
  });
  return out;
}

/** go's collectDepsErrors: for each package of a post-order list, the errors of the packages it imports, directly or not, sorted as go sorts them. */
export function collectDepsErrors(all: readonly Package[]): Map<Package, PackageError[]> {
  const depsErrs = new Map<Package, PackageError[]>();
  for (const p of all) {
    const set = new Set<PackageError>();
    for (const q of p.internal.imports) {
      if (q.error) set.add(q.error);
      for (const e of depsErrs.get(q) ?? []) set.add(e);
    }
    const list = [...set].sort((a, b) => {
      const sa = a.importStack, sb = b.importStack;
      if (sa.length === 0) return sb.length !== 0 ? -1 : a.err < b.err ? -1 : a.err > b.err ? 1 : 0;
      if (sb.length === 0) return 1;
      const pa = sa[sa.length - 1]!, pb = sb[sb.length - 1]!;
      return pa < pb ? -1 : pa > pb ? 1 : 0;
    });
    depsErrs.set(p, list);
  }
  return depsErrs;
}
