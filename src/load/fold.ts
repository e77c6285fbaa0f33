// Case-insensitive collisions of import paths and file names (go's str.ToFold / str.FoldDup).

/** A key equal for two strings exactly when they are equal under simple Unicode case folding. */
export function toFold(s: string): string {
  // Upper then lower maps every case variant of a letter to one form (as go's ToFold approximates).
  return s.toUpperCase().toLowerCase();
}

/** go's FoldDup: the first pair of names in list that differ only in case, smaller first; undefined when none. */
export function foldDup(list: readonly string[]): [string, string] | undefined {
  const clash = new Map<string, string>();
  for (const s of list) {
    const f = toFold(s);
    const t = clash.get(f);
    if (t !== undefined) return s > t ? [t, s] : [s, t];
    clash.set(f, s);
  }
  return undefined;
}
