// The -overlay decisions of the cgo and C steps (go's computeNonGoOverlay and runCgo's rewrite):
// which non-Go files to copy into the object directory and which cgo inputs to hand over as
// their replacements. Pure but for the overlay lookups (base/fsys).
import { basename, isAbsolute, join } from 'node:path';
import { actual, overlay, replaced } from '../base/fsys.js';

/** One file to copy into objdir: the package file `from`, its content at `src`, copied to `dst`. */
export interface OverlayCopy {
  from: string;
  src: string;
  dst: string;
}

const abs = (dir: string, f: string): string => (isAbsolute(f) ? f : join(dir, f));

/**
 * go's computeNonGoOverlay: when the overlay replaces any file of the lists (C, .s, C++, .h,
 * Fortran for cgo; C files otherwise), every file of the lists is copied into objdir (ending in
 * "/") under its base name, so the C compiler sees replacements and their neighbours side by side.
 * Undefined when nothing listed is replaced. The caller copies src to dst and, compiling a file
 * (go's gccompile), runs the compiler in dirname(dst) on basename(dst) for files in the map.
 */
export function nonGoOverlayPlan(dir: string, objdir: string, lists: readonly (readonly string[])[]): OverlayCopy[] | undefined {
  if (!overlay()) return undefined;
  if (!lists.some((l) => l.some((f) => replaced(abs(dir, f))))) return undefined;
  const plan: OverlayCopy[] = [];
  for (const l of lists) {
    for (const f of l) {
      const from = abs(dir, f);
      plan.push({ from, src: actual(from), dst: objdir + basename(f) });
    }
  }
  return plan;
}

/**
 * runCgo's overlay step: replaced cgo files are passed to cgo as their replacements, with
 * "-trimpath replacement=>original;…" so that the //line directives cgo writes name the originals.
 * trimpath is "" when no cgo file is replaced (then no -trimpath flag is added).
 */
export function cgoOverlayFiles(dir: string, cgofiles: readonly string[]): { files: string[]; trimpath: string } {
  const files = [...cgofiles];
  const rules: string[] = [];
  if (overlay()) {
    for (let i = 0; i < files.length; i++) {
      const path = abs(dir, files[i]!);
      if (!replaced(path)) continue;
      const a = actual(path);
      files[i] = a;
      rules.push(`${a}=>${path}`);
    }
  }
  return { files, trimpath: rules.join(';') };
}
