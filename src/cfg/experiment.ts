// GOEXPERIMENT parsing (internal/buildcfg): which experiments are on, and their build tags.

/** Experiment names (internal/goexperiment.Flags fields) in declaration order. */
export const EXPERIMENTS: readonly string[] = [
  'FieldTrack', 'PreemptibleLoops', 'StaticLockRanking', 'BoringCrypto', 'RegabiWrappers', 'RegabiArgs',
  'HeapMinimum512KiB', 'Arenas', 'CgoCheck2', 'LoopVar', 'NewInliner', 'Dwarf5', 'JSONv2', 'GreenTeaGC',
  'RandomizedHeapBase64', 'RuntimeFreegc', 'SizeSpecializedMalloc', 'GoroutineLeakProfile', 'SIMD',
  'RuntimeSecret',
];

export class ExperimentError extends Error {
  override name = 'ExperimentError';
}

export interface Experiments {
  /** Enabled experiments, lower-cased, in declaration order (build tags are "goexperiment." + name). */
  enabled: string[];
  /** The baseline set for this GOOS/GOARCH. */
  baseline: string[];
  /** The minimal GOEXPERIMENT string reproducing this set (buildcfg's ExperimentFlags.String). */
  canonical: string;
}

/** buildcfg.ParseGOEXPERIMENT; throws ExperimentError with go's message. */
export function parseGOEXPERIMENT(goos: string, goarch: string, goexp: string): Experiments {
  const regabiAlwaysOn = ['amd64', 'arm64', 'loong64', 'ppc64le', 'ppc64', 'riscv64'].includes(goarch);
  const regabiSupported = regabiAlwaysOn || goarch === 's390x';
  const dwarf5Supported = goos !== 'darwin' && goos !== 'ios' && goos !== 'aix';
  const base = new Map<string, boolean>(EXPERIMENTS.map((n) => [n, false]));
  base.set('RegabiWrappers', regabiSupported);
  base.set('RegabiArgs', regabiSupported);
  base.set('Dwarf5', dwarf5Supported);
  base.set('RandomizedHeapBase64', true);
  base.set('GreenTeaGC', true);
  const flags = new Map(base);
  const byLower = new Map(EXPERIMENTS.map((n) => [n.toLowerCase(), n]));
  for (let f of goexp.split(',')) {
    if (f === '') continue;
    if (f === 'none') {
      for (const n of EXPERIMENTS) flags.set(n, false);
      continue;
    }
    let val = true;
    if (f.startsWith('no')) { f = f.slice(2); val = false; }
    if (f === 'regabi') {
      flags.set('RegabiWrappers', val);
      flags.set('RegabiArgs', val);
      continue;
    }
    const name = byLower.get(f);
    if (!name) throw new ExperimentError(`unknown GOEXPERIMENT ${f}`);
    flags.set(name, val);
  }
  if (regabiAlwaysOn) { flags.set('RegabiWrappers', true); flags.set('RegabiArgs', true); }
  if (!regabiSupported) { flags.set('RegabiWrappers', false); flags.set('RegabiArgs', false); }
  if (flags.get('RegabiArgs') && !flags.get('RegabiWrappers')) {
    throw new ExperimentError('GOEXPERIMENT regabiargs requires regabiwrappers');
  }
  const enabled = EXPERIMENTS.filter((n) => flags.get(n)).map((n) => n.toLowerCase());
  const baseline = EXPERIMENTS.filter((n) => base.get(n)).map((n) => n.toLowerCase());
  const diff: string[] = [];
  for (const n of EXPERIMENTS) {
    if (flags.get(n) !== base.get(n)) diff.push((flags.get(n) ? '' : 'no') + n.toLowerCase());
  }
  return { enabled, baseline, canonical: diff.join(',') };
}
