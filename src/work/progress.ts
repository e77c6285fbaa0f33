// Where the command's builds are, for the progress line on a terminal (beyond go; cmd/progress.ts draws it).
// The command layer sets a tracker before it builds; every Builder of the command reports its actions to
// it. Without one (no terminal, a served run, go's own trace flags) the builders report nothing.
import type { Action } from './action.js';
import type { BuildStatus } from '../lib/statusline.js';
import { packageDesc } from '../load/pgo.js';

/** What a running action is doing, as the line names it; undefined for bookkeeping actions. */
export function actionLabel(a: Action): string | undefined {
  const p = a.pkg?.importPath;
  if (p === undefined) return undefined;
  switch (a.mode) {
    case 'build': return `compile ${p}`;
    case 'link': return `link ${p}`;
    case 'test run': return `test ${p}`;
    case 'vet': return `vet ${p}`;
    case 'run': return `run ${p}`;
    default: return undefined;
  }
}

export class BuildProgress {
  /**
   * The work counted, by what it does: the early runtime build's Builder and the command's main Builder
   * hold distinct Action objects for the same package step (the second waits on the first's result), so
   * an action with a package counts once per mode and package; bookkeeping actions count by identity.
   */
  private readonly seen = new Set<Action | string>();
  private readonly finished = new Set<Action | string>();
  /** The running actions with a label, in the order they started. */
  private readonly running = new Map<Action, string>();
  private quietHook: (() => void) | undefined;

  private key(a: Action): Action | string {
    return a.pkg ? `${a.mode}\0${packageDesc(a.pkg)}` : a;
  }

  /** A builder is about to run these actions. */
  add(actions: readonly Action[]): void {
    for (const a of actions) this.seen.add(this.key(a));
  }

  start(a: Action): void {
    const l = actionLabel(a);
    if (l !== undefined) this.running.set(a, l);
  }

  finish(a: Action): void {
    this.running.delete(a);
    this.finished.add(this.key(a));
  }

  status(): BuildStatus {
    return { done: this.finished.size, total: this.seen.size, running: [...this.running.values()] };
  }

  /** Called (once) when the terminal passes to a program the command runs with its own stdio. */
  onQuiet(f: () => void): void { this.quietHook = f; }

  /** A program is about to write to the terminal itself (go run's): the line goes away for good. */
  quiet(): void {
    const f = this.quietHook;
    this.quietHook = undefined;
    f?.();
  }
}

let current: BuildProgress | undefined;

/** The tracker builders report to; undefined when no progress is shown. */
export function currentProgress(): BuildProgress | undefined {
  return current;
}

/** Sets (or, with undefined, removes) the tracker; one command at a time in a plain run sets one. */
export function setProgress(p: BuildProgress | undefined): void {
  current = p;
}
