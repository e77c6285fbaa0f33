// go's -C dir may come before the command word (go -C dir list ...): where the rest of a command line starts.
// Its own small module: the launcher (codecache.ts) needs it before anything else of the CLI loads.

/** args without a leading `-C dir` or `-C=dir` (one dash or two, as go's flags take them). */
export function skipLeadingChdir(args: readonly string[]): readonly string[] {
  const a = args[0];
  if (a === '-C' || a === '--C') return args.slice(2);
  if (a !== undefined && (a.startsWith('-C=') || a.startsWith('--C='))) return args.slice(1);
  return args;
}
