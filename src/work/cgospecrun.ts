// The speculative cgo runs of one build (see cgospec.ts): which build actions get one, when each starts
// (a dependency of the package turns out not to be cached, so the package most likely is not either),
// and what becomes of it: adopted by the package's build, or stopped and thrown away when the package is
// cached after all (or the build ends without it), leaving nothing printed.
import type { Action } from './action.js';
import type { CgoFront } from './cgo.js';
import { speculationCandidate } from './cgospec.js';
import type { Shell } from './shell.js';

/** What the Builder starts for one action: its own shell, its kept-aside output, and the run itself. */
export interface SpeculativeRun {
  sh: Shell;
  buf: { output: string; cmds: string[][] };
  /** Runs the cgo front; calls holdSlot first, which waits for the slot its first process runs in. */
  run: (holdSlot: () => Promise<void>) => Promise<CgoFront>;
}

interface Started {
  buf: { output: string; cmds: string[][] };
  /** The front, or undefined when it failed or was stopped (the build then runs the step itself). */
  result: Promise<CgoFront | undefined>;
  /** The package's build action now runs: its own slot stands for the speculative one from here on. */
  handOver(): void;
  /** Stops the run: its tools are killed, and one still waiting for its slot starts none. */
  cancel(): void;
}

export class CgoSpeculations {
  private waiting: { a: Action; deps: Set<Action> }[] = [];
  private readonly started = new Map<Action, Started>();

  constructor(all: Action[], private readonly start: (a: Action) => SpeculativeRun, private readonly acquireSlot: () => Promise<() => void>,
    candidate: (a: Action) => boolean = defaultCandidate) {
    for (const a of all) if (candidate(a)) this.waiting.push({ a, deps: transitiveDeps(a) });
  }

  /** How many speculative runs started (for tests). */
  get startedCount(): number { return this.startedTotal; }
  private startedTotal = 0;

  /** d's package is being compiled (not cached): the candidates depending on d start now. */
  dependencyCompiling(d: Action): void {
    if (this.waiting.length === 0) return;
    const now = this.waiting.filter((w) => w.deps.has(d));
    if (now.length === 0) return;
    this.waiting = this.waiting.filter((w) => !w.deps.has(d));
    for (const w of now) this.begin(w.a);
  }

  private begin(a: Action): void {
    const { sh, buf, run } = this.start(a);
    this.startedTotal++;
    let release: (() => void) | undefined;
    let handedOver = false;
    let cancelled = false;
    let wake!: () => void;
    const handed = new Promise<undefined>((r) => { wake = () => r(undefined); });
    const holdSlot = async (): Promise<void> => {
      if (handedOver) return;
      const slot = this.acquireSlot();
      const got = await Promise.race([slot, handed]);
      if (got === undefined) {
        // Handed over (or stopped) while waiting: a slot granted later goes straight back.
        void slot.then((give) => give());
      } else if (handedOver) {
        got();
      } else {
        release = got;
      }
      if (cancelled) throw new Error('speculative cgo run stopped');
    };
    const result = run(holdSlot).then((f) => f, () => undefined).finally(() => {
      release?.();
      release = undefined;
    });
    const handOver = (): void => {
      handedOver = true;
      wake();
      release?.();
      release = undefined;
    };
    const cancel = (): void => {
      cancelled = true;
      sh.stop();
      handOver();
    };
    this.started.set(a, { buf, result, handOver, cancel });
  }

  /**
   * The build of a runs its cgo step now: the speculative front, once done, with its output added to
   * buf's; undefined when there was none or it failed (the caller then runs the step as go does).
   */
  async adopt(a: Action, buf: { output: string | null; cmds?: string[][] }): Promise<CgoFront | undefined> {
    this.waiting = this.waiting.filter((w) => w.a !== a);
    const s = this.started.get(a);
    if (!s) return undefined;
    this.started.delete(a);
    s.handOver();
    const front = await s.result;
    if (!front) return undefined;
    if (s.buf.output !== '') buf.output = (buf.output ?? '') + s.buf.output;
    buf.cmds?.push(...s.buf.cmds);
    return front;
  }

  /** a's package is cached (or no longer built): its speculative run, if any, is stopped and forgotten. */
  async discard(a: Action): Promise<void> {
    this.waiting = this.waiting.filter((w) => w.a !== a);
    const s = this.started.get(a);
    if (!s) return;
    this.started.delete(a);
    await stop(s);
  }

  /** The build is over: every run not adopted is stopped, and waited for (its tools write in $WORK). */
  async discardAll(): Promise<void> {
    this.waiting = [];
    const all = [...this.started.values()];
    this.started.clear();
    await Promise.all(all.map(stop));
  }
}

async function stop(s: Started): Promise<void> {
  s.cancel();
  await s.result;
}

/** A package build whose cgo step may run ahead (speculationCandidate), unless -cover rewrites its files. */
function defaultCandidate(a: Action): boolean {
  return a.mode === 'build' && a.needBuild && a.pkg !== undefined && !a.pkg.internal.cover?.mode && speculationCandidate(a.pkg);
}

function transitiveDeps(a: Action): Set<Action> {
  const seen = new Set<Action>();
  const stack = [...a.deps];
  while (stack.length > 0) {
    const d = stack.pop()!;
    if (seen.has(d)) continue;
    seen.add(d);
    stack.push(...d.deps);
  }
  return seen;
}
