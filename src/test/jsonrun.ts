// go test -json: each package's run goes through its own test2json converter (go's runTestActor with testJSON).
import type { Package } from '../load/types.js';
import { pkgDesc } from '../work/printer.js';
import { Test2JSON, Timestamp } from './test2json.js';

/** What a run reports back to its converter. */
export interface RunOutcome {
  /** The run failed: the binary failed, or it could not be built (go's err for json.Exited). */
  failed?: boolean;
  /** The package whose build failure stopped the run (its Desc goes into FailedBuild). */
  failedBuild?: Package | undefined;
}

/**
 * Hands out turns so that runs begin in package order (go's prev/next channels): each run waits for the one
 * before it to have begun, so that "start" events come in the order of the packages.
 */
export class JSONRunOrder {
  private last: Promise<void> = Promise.resolve();

  /** The next turn: wait() resolves when the previous turn began; begin() lets the next one go. */
  next(): { wait: Promise<void>; begin: () => void } {
    const wait = this.last;
    let begin!: () => void;
    this.last = new Promise<void>((resolve) => { begin = resolve; });
    return { wait, begin };
  }
}

/**
 * Runs one package's test run with its output converted to JSON events on write: the start event first,
 * then the run's text, then the package result (fail carries FailedBuild unless failedBuildField is false,
 * go's GODEBUG=gotestjsonbuildtext=1). With -failfast after a failure nothing is printed at all.
 */
export async function jsonRun(
  turn: { wait: Promise<void>; begin: () => void }, failFast: () => boolean, importPath: string, write: (s: string) => void,
  failedBuildField: boolean, run: (write: (s: string | Uint8Array) => void, outcome: RunOutcome) => Promise<void>,
): Promise<void> {
  await turn.wait;
  if (failFast()) { turn.begin(); return; }
  const conv = new Test2JSON({ pkg: importPath, mode: Timestamp, onEvent: write });
  turn.begin();
  const outcome: RunOutcome = {};
  try {
    await run((s) => conv.write(s), outcome);
  } finally {
    if (outcome.failedBuild && failedBuildField) conv.setFailedBuild(pkgDesc(outcome.failedBuild));
    conv.exited(!outcome.failed);
    conv.close();
  }
}

/** go's reportSetupFailed under -json: the "[setup failed]" line as a failed package run. */
export function jsonSetupFailed(importPath: string, perr: Package, write: (s: string) => void, failedBuildField: boolean): void {
  const conv = new Test2JSON({ pkg: importPath, mode: Timestamp, onEvent: write });
  if (failedBuildField) conv.setFailedBuild(pkgDesc(perr));
  conv.write(`FAIL\t${importPath} [setup failed]\n`);
  conv.exited(false);
  conv.close();
}
