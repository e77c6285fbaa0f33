// Asking the C compiler whether it accepts a flag (go's gccSupportsFlag), for GOGCCFLAGS and cgo.
import { goQuote } from '../lib/goquote.js';

// node:child_process is loaded on first use (process.getBuiltinModule, not node:module's createRequire,
// which is itself start-up time): most commands never probe the C compiler.
function spawnSync(...args: Parameters<typeof import('node:child_process').spawnSync>): ReturnType<typeof import('node:child_process').spawnSync> {
  return process.getBuiltinModule('node:child_process').spawnSync(...args);
}

/** go's joinUnambiguously: a command line for -x/-n output, quoting args that need it. */
export function joinUnambiguously(args: readonly string[]): string {
  return args
    .map((s) => {
      const q = goQuote(s);
      return s === '' || /[ ()>;]/.test(s) || q.length > s.length + 2 ? q : s;
    })
    .join(' ');
}

export interface ProbeOptions {
  /** Directory to run the compiler in (go's $WORK). */
  workDir: string;
  /** Environment for the compiler (LC_ALL=C is added). */
  env: Record<string, string>;
  /** CGO_CFLAGS / CGO_LDFLAGS as words (defaults applied). */
  cflags: string[];
  ldflags: string[];
  /** -n: print the probe commands and assume no flag is supported. */
  dryRun?: boolean;
  /** -x / -n output sink: receives "cd $WORK"-style lines (already relative to $WORK). */
  show?: (line: string) => void;
}

const memo = new Map<string, boolean>();
/**
 * The directory each -x sink was last shown a "cd" to. Kept per sink (one command's), not per process: the
 * resident server answers many `go env -n` in one process, and each must print its "cd $WORK" as a plain run does.
 */
const shownDir = new WeakMap<(line: string) => void, string>();

/** Forgets the probes' answers (resident server: CC and its flags may change between requests). */
export function forgetCompilerProbes(): void {
  memo.clear();
}

/**
 * Reports whether compiler accepts flag: it is run on empty C input, and the flag counts as
 * supported unless the output mentions it is unknown/unsupported (a compiler that cannot be run
 * at all "supports" everything, as in go). Results are memoized per process.
 */
export function gccSupportsFlag(compiler: readonly string[], flag: string, o: ProbeOptions): boolean {
  const args = [...compiler, flag];
  if (flag.startsWith('-Wl,')) args.push(...o.ldflags);
  else args.push(...o.cflags, '-c');
  args.push('-x', 'c', '-', '-o', '/dev/null');
  const showCmd = (): void => {
    if (!o.show) return;
    if (shownDir.get(o.show) !== o.workDir) {
      o.show('cd $WORK');
      shownDir.set(o.show, o.workDir);
    }
    o.show(`${joinUnambiguously(args)} || true`);
  };
  if (o.dryRun) {
    showCmd();
    return false;
  }
  const key = `${compiler[0]}\0${flag}`;
  const hit = memo.get(key);
  if (hit !== undefined) return hit;
  showCmd();
  const r = spawnSync(args[0]!, args.slice(1), {
    cwd: o.workDir,
    env: { ...o.env, LC_ALL: 'C' },
    input: '',
    encoding: 'utf8',
  });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  const supported = !/unrecognized|unknown|unrecognised|is not supported|not recognized|unsupported/.test(out);
  memo.set(key, supported);
  return supported;
}
