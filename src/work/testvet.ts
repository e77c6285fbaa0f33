// The vet run `go test` does by default: the -vet flag (go's testflag.go vetFlag) and the vet action it adds.
import { join } from 'node:path';
import type { Package } from '../load/types.js';
import type { Action, ActionGraph } from './action.js';
import { vetAction, type VetSettings } from './vet.js';
import { goQuote } from './quote.js';

/** The analyzers `go test` runs when -vet is not given (go's defaultVetFlags, high-confidence ones only). */
export const DEFAULT_TEST_VET_FLAGS: readonly string[] = [
  '-atomic', '-bool', '-buildtags', '-directive', '-errorsas', '-ifaceassert', '-nilfunc', '-printf',
  '-slog', '-stringintconv', '-tests',
];

/** The analyzers -vet may name (go's passAnalyzersToVet). */
const TEST_VET_ANALYZERS: ReadonlySet<string> = new Set([
  'appends', 'asmdecl', 'assign', 'atomic', 'bool', 'bools', 'buildtag', 'buildtags', 'cgocall', 'composites',
  'copylocks', 'defers', 'directive', 'errorsas', 'framepointer', 'hostport', 'httpresponse', 'ifaceassert',
  'loopclosure', 'lostcancel', 'methods', 'nilfunc', 'printf', 'rangeloops', 'shift', 'sigchanyzer', 'slog',
  'stdmethods', 'stdversion', 'stringintconv', 'structtag', 'testinggoroutine', 'tests', 'timeformat',
  'unmarshal', 'unreachable', 'unsafeptr', 'unusedresult', 'waitgroup',
]);

/** go test's -vet value: off, or the flags passed to vet ([] with explicit = all analyzers). */
export interface TestVetFlag {
  off: boolean;
  /** -vet was given (then GOROOT packages get these flags too, not go's std defaults). */
  explicit: boolean;
  flags: string[];
}

/** The -vet value when the flag is absent (or given as ""). */
export function defaultTestVetFlag(): TestVetFlag {
  return { off: false, explicit: false, flags: [...DEFAULT_TEST_VET_FLAGS] };
}

/**
 * Parses a -vet value as go's vetFlag.Set: "off", "all", or a comma-separated list of analyzers. Throws an
 * Error with go's message (the flag parser reports it as `invalid value "x" for flag -vet: <message>`).
 */
export function parseTestVetFlag(value: string): TestVetFlag {
  if (value === '') return defaultTestVetFlag();
  if (value.includes('=')) throw new Error('-vet argument cannot contain equal signs');
  if (value.includes(' ')) throw new Error('-vet argument is comma-separated list, cannot contain spaces');
  let f: TestVetFlag = { off: false, explicit: true, flags: [] };
  let single = '';
  for (const arg of value.split(',')) {
    if (arg === '') throw new Error('-vet argument contains empty list element');
    if (arg === 'all' || arg === 'off') {
      single = arg;
      f = { off: arg === 'off', explicit: true, flags: [] };
      continue;
    }
    if (!TEST_VET_ANALYZERS.has(arg)) throw new Error(`-vet argument must be a supported analyzer or a distinguished value; found ${arg}`);
    f.flags.push('-' + arg);
  }
  // As go: the check is on more than one analyzer ("all,printf" passes, leaving the flags of printf).
  if (f.flags.length > 1 && single !== '') throw new Error(`-vet does not accept ${goQuote(single)} in a list with other analyzers`);
  return f;
}

/** The -vet value as go's vetFlag.String prints it ("all", "off", or the analyzers with their dashes). */
export function testVetFlagString(f: TestVetFlag): string {
  if (!f.off && !f.explicit && f.flags.length === 0) return 'all';
  if (f.off) return 'off';
  return f.flags.join(',');
}

/**
 * The vet settings of a `go test` run (go's runTest: VetFlags, VetExplicit, VetTool = go tool vet): no -json,
 * so the tool prints its diagnostics itself and fails, and the vet action fails with "# pkg" and its output;
 * whatever it writes to its stdout file goes to handleStdout (go copies it to stdout). The Builder running the
 * actions must have cmdName "test" (GOROOT packages then also get -unreachable=false).
 */
export function testVetSettings(toolDir: string, f: TestVetFlag, handleStdout: (p: Package, data: Buffer) => void): VetSettings {
  const tool = join(toolDir, 'vet');
  return { tool, flags: [...f.flags], explicit: f.explicit, defaultVetTool: tool, handleStdout };
}

/**
 * go's addTestVet: unless -vet=off, adds the vet of p (a test variant "p [p.test]", or "p_test [p.test]") to
 * the graph, as a dependency of runAction (the test run waits for vet, and a vet failure fails the run as a
 * build failure does) and, when given, of installAction (which removes the objdir vet writes in). Returns the
 * vet action, or undefined when -vet=off. Dependencies of p are vetted too, for facts only (VetxOnly), and
 * all vet results are cached under go's vet action IDs.
 */
export function addTestVet(g: ActionGraph, f: TestVetFlag, s: VetSettings, p: Package, runAction: Action, installAction?: Action): Action | undefined {
  if (f.off) return undefined;
  const vet = vetAction(g, s, p, false);
  runAction.deps.push(vet);
  installAction?.deps.push(vet);
  return vet;
}
