// Scheduler: runs ready actions by priority on a bounded pool; failures propagate to dependents.
import type { Action } from './action.js';

/** A binary min-heap of actions ordered by priority. */
class ReadyQueue {
  private readonly h: Action[] = [];
  get length(): number { return this.h.length; }
  peek(): Action { return this.h[0]!; }
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
  /** Running actions plus slots lent out by acquireSlot: never more than parallel. */
  private running = 0;
  /** Waiting acquireSlot calls, served before ready actions of a later priority. */
  private readonly borrowers: { priority: number; grant: () => void }[] = [];

  /**
   * Waits for one more slot of the pool for work inside a running action (the C compiles of a cgo
   * package, which go schedules as actions of their own), so that the build never runs more than -p
   * processes at once. The slot goes to whichever waits first by priority, the borrower or a ready
   * action. Resolves with the function that gives it back.
   */
  acquireSlot(priority: number): Promise<() => void> {
    return new Promise((resolve) => {
      const grant = (): void => {
        let given = false;
        resolve(() => {
          if (given) return;
          given = true;
          this.running--;
          this.wake();
        });
      };
      let i = this.borrowers.length;
      while (i > 0 && this.borrowers[i - 1]!.priority > priority) i--;
      this.borrowers.splice(i, 0, { priority, grant });
      this.wake();
    });
  }

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
    let done = false;
    let rootDone = false;
    return await new Promise<boolean>((resolve) => {
      const pump = (): void => {
        if (this.stopped && !done) {
          done = true;
          anyFailed = true;
        }
        while (this.running < this.parallel) {
          // A borrower belongs to an action already running: it is served even once the run is stopping.
          const b = this.borrowers[0];
          if (b && (done || ready.length === 0 || b.priority <= ready.peek().priority)) {
            this.borrowers.shift();
            this.running++;
            b.grant();
            continue;
          }
          if (done || ready.length === 0) break;
          const a = ready.pop();
          this.running++;
          void this.handle(a).then((err) => {
            this.running--;
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
            if (a === root) { done = true; rootDone = true; }
            if (done && this.running === 0) resolve(!anyFailed && !root.failed);
            else pump();
          });
        }
        if (!done && this.running === 0 && ready.length === 0) {
          // Nothing runnable and root not reached: a cycle (should not happen).
          done = true;
          resolve(false);
        } else if (done && this.running === 0) {
          resolve(rootDone && !anyFailed && !root.failed);
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
