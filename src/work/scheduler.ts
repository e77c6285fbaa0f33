// Scheduler: runs ready actions by priority on a bounded pool; failures propagate to dependents.
import type { Action } from './action.js';

/** A binary min-heap of actions ordered by priority. */
class ReadyQueue {
  private readonly h: Action[] = [];
  get length(): number { return this.h.length; }
  push(a: Action): void {
    const h = this.h;
    h.push(a);
    let i = h.length - 1;
    while (i > 0) {
      const j = (i - 1) >> 1;
      if (h[j]!.priority <= h[i]!.priority) break;
      [h[i], h[j]] = [h[j]!, h[i]!];
      i = j;
    }
  }
  pop(): Action {
    const h = this.h;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < h.length && h[l]!.priority < h[m]!.priority) m = l;
        if (r < h.length && h[r]!.priority < h[m]!.priority) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}

export class Scheduler {
  constructor(
    private readonly parallel: number,
    private readonly act: (a: Action) => Promise<void>,
    private readonly onError: (a: Action, err: Error) => void,
    /** Told of each batch of actions that became ready together (a level of the graph), before any runs. */
    private readonly onReady: (ready: Action[]) => void = () => {},
  ) {}

  private stopped = false;
  private wake = (): void => {};

  /** Starts no further actions: run resolves false once the running ones are over. */
  stop(): void {
    this.stopped = true;
    this.wake();
  }

  /** Runs all actions (a closed set containing root). Resolves true when none failed. */
  async run(all: Action[], root: Action): Promise<boolean> {
    const ready = new ReadyQueue();
    for (const a of all) { a.triggers = []; }
    const first: Action[] = [];
    for (const a of all) {
      for (const d of a.deps) d.triggers.push(a);
      a.pending = a.deps.length;
      if (a.pending === 0) { a.timeReady = new Date(); ready.push(a); first.push(a); }
    }
    this.onReady(first);
    let anyFailed = false;
    let running = 0;
    let done = false;
    return await new Promise<boolean>((resolve) => {
      const pump = (): void => {
        if (this.stopped && !done) {
          done = true;
          anyFailed = true;
        }
        while (!done && running < this.parallel && ready.length > 0) {
          const a = ready.pop();
          running++;
          void this.handle(a).then((err) => {
            running--;
            if (err) {
              anyFailed = true;
              this.onError(a, err);
              a.failed ??= a;
            }
            const now: Action[] = [];
            for (const t of a.triggers) {
              // A test barrier passes a failure on to its test run only, not to the next barrier (go's exec.go).
              if (a.failed && t.mode === 'test barrier') {
                for (const bt of t.triggers) if (bt.mode !== 'test barrier') bt.failed = a.failed;
              } else if (a.failed) t.failed = a.failed;
              if (--t.pending === 0) { t.timeReady = new Date(); ready.push(t); now.push(t); }
            }
            if (now.length > 0) this.onReady(now);
            if (a === root) done = true;
            if (done && running === 0) resolve(!anyFailed && !root.failed);
            else pump();
          });
        }
        if (!done && running === 0 && ready.length === 0) {
          // Nothing runnable and root not reached: a cycle (should not happen).
          done = true;
          resolve(false);
        } else if (done && running === 0) {
          resolve(false);
        }
      };
      this.wake = pump;
      pump();
    });
  }

  private async handle(a: Action): Promise<Error | undefined> {
    if (a.failed && !a.ignoreFail) return undefined;
    a.timeStart = new Date();
    try {
      await this.act(a);
      return undefined;
    } catch (e) {
      return e instanceof Error ? e : new Error(String(e));
    } finally {
      a.timeDone = new Date();
    }
  }
}
