// The vet step of go test (go's builderTest / addTestVet): which packages are vetted, and which actions wait for it.
import type { Package } from '../load/types.js';
import type { Action, ActionGraph } from '../work/action.js';
import { addTestVet, parseTestVetFlag, testVetSettings, type TestVetFlag } from '../work/testvet.js';
import type { VetSettings } from '../work/vet.js';
import type { TestPackages } from './testpkgs.js';

/** The test actions of one package, as the runner made them. */
export interface TestActions {
  run: Action;
  print: Action;
}

export class TestVetPlan {
  readonly flag: TestVetFlag;
  private readonly settings: VetSettings;

  /** vetValue is the -vet flag as given ("" when absent); write receives what the tool prints on its stdout. */
  constructor(toolDir: string, vetValue: string, write: (data: Buffer) => void) {
    this.flag = parseTestVetFlag(vetValue);
    this.settings = testVetSettings(toolDir, this.flag, (_p, data) => write(data));
  }

  /**
   * Adds the vet of a package's test variants (ptest when it has Go files, pxtest), or of p itself when it has
   * no test files, before the action go makes wait for it: the test run, or with -c the (no-op) print and the
   * install of the binary.
   */
  add(g: ActionGraph, p: Package, tp: TestPackages | undefined, acts: TestActions, testC: boolean): void {
    if (this.flag.off) return;
    if (!tp) {
      addTestVet(g, this.flag, this.settings, p, acts.run);
      return;
    }
    const waiter = testC ? acts.print : acts.run;
    const install = testC && acts.run.mode === 'test build' ? acts.run : undefined;
    const vetted: Package[] = [];
    if (tp.ptest.goFiles.length + tp.ptest.cgoFiles.length > 0) vetted.push(tp.ptest);
    if (tp.pxtest) vetted.push(tp.pxtest);
    for (const q of vetted) addTestVet(g, this.flag, this.settings, q, waiter, install);
  }
}
