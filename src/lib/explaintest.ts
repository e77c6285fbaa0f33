// Why a test ran again instead of printing "(cached)" (GOCMD_EXPLAIN=1): go's test cache looks a result up by
// the test ID (the test binary's ID, the cacheable flags, -exec), then by the inputs the last run with that
// ID read (environment variables, files, directories: its test log). A record keeps both as labelled lines;
// this compares the last stored run's record with the run now, in a Go developer's words. Pure.
import { namedReasons } from './explaindiff.js';

/**
 * What a run's record holds, one input a line: "binary ID", "arg -test.NAME=VALUE" (each cacheable flag),
 * "execcmd [..]", then the test inputs as go's computeTestInputsID hashes them: "env NAME HASH",
 * "chdir DIR HASH", "stat PATH HASH", "open PATH HASH" (paths absolute, hashes of what was read).
 */
export interface TestRunInputs {
  binary: string;
  /** The cacheable -test.* arguments, in command-line order. */
  args: string[];
  execCmd: string;
  /** The test-input lines, as testcache.ts computeTestInputsID captures them. */
  inputs: string[];
  /** The run failed: go stored no result (a record says "result failed"). */
  failed?: boolean;
}

/** The record's text for a run's inputs. */
export function formatTestRecord(r: TestRunInputs): string {
  const lines = [`binary ${r.binary}`, ...r.args.map((a) => `arg ${a}`), `execcmd ${r.execCmd}`, ...(r.failed ? ['result failed'] : []), ...r.inputs];
  return lines.join('\n') + '\n';
}

/** A record read back; undefined when it is not one (an older format, a torn file). */
export function parseTestRecord(text: string): TestRunInputs | undefined {
  const r: TestRunInputs = { binary: '', args: [], execCmd: '', inputs: [] };
  let sawBinary = false, sawExec = false;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const sp = line.indexOf(' ');
    const word = sp < 0 ? line : line.slice(0, sp);
    const rest = sp < 0 ? '' : line.slice(sp + 1);
    switch (word) {
      case 'binary': r.binary = rest; sawBinary = true; break;
      case 'arg': r.args.push(rest); break;
      case 'execcmd': r.execCmd = rest; sawExec = true; break;
      case 'result': if (rest === 'failed') r.failed = true; break;
      case 'env': case 'chdir': case 'stat': case 'open': r.inputs.push(line); break;
      default: return undefined;
    }
  }
  return sawBinary && sawExec ? r : undefined;
}

/**
 * The test log that names a record's inputs again ("getenv NAME", "open PATH", ...), so that hashing it now
 * (computeTestInputsID) gives lines to compare with the recorded ones. GODEBUG is always hashed: not listed.
 */
export function inputsAsTestLog(inputs: readonly string[]): string {
  const out: string[] = [];
  for (const line of inputs) {
    const { op, name } = splitInput(line);
    if (op === 'env') {
      if (name !== 'GODEBUG') out.push(`getenv ${name}`);
    } else out.push(`${op} ${name}`);
  }
  return out.map((l) => l + '\n').join('');
}

/** An input line's operation, name and hash ("open /m/testdata/x.json HASH"; the name may hold spaces). */
function splitInput(line: string): { op: string; name: string; hash: string } {
  const sp = line.indexOf(' ');
  const last = line.lastIndexOf(' ');
  return { op: line.slice(0, sp), name: line.slice(sp + 1, last), hash: line.slice(last + 1) };
}

/** A -test.NAME=VALUE argument as the user wrote it: -NAME and VALUE. */
function flagOf(arg: string): { name: string; value: string } {
  const eq = arg.indexOf('=');
  const name = eq < 0 ? arg : arg.slice(0, eq);
  return { name: '-' + name.replace(/^-test\./, ''), value: eq < 0 ? '' : arg.slice(eq + 1) };
}

/** "(was X, now Y)" when both are short. */
function wasNow(old: string | undefined, now: string | undefined): string {
  const o = old === undefined || old === '' ? 'none' : old, n = now === undefined || now === '' ? 'none' : now;
  return o.length + n.length <= 80 ? ` (was ${o}, now ${n})` : '';
}

/** A path as the package's author sees it: relative to the package directory when inside it. */
export function showPath(path: string, pkgDir: string): string {
  const dir = pkgDir.endsWith('/') ? pkgDir : pkgDir + '/';
  if (path === pkgDir || path + '/' === dir) return '.';
  return path.startsWith(dir) ? path.slice(dir.length) : path;
}

/** What the tests did with an input, for its reason. */
const DID: Record<string, string> = {
  env: 'the tests read it', chdir: 'the tests changed into it', stat: 'the tests checked it', open: 'the tests opened it',
};

/**
 * The reasons the run now differs from the recorded one. inputsNow are the recorded inputs hashed again now
 * (undefined when that failed: a file too new to trust). binaryWhy names what changed in the binary (the
 * build's own explanations), when known.
 */
export function explainTestRun(recorded: TestRunInputs, now: TestRunInputs, inputsNow: readonly string[] | undefined, pkgDir: string, binaryWhy: readonly string[]): string[] {
  const reasons: string[] = [];
  if (recorded.binary !== now.binary) {
    reasons.push(binaryWhy.length > 0 ? `test binary changed (${binaryWhy.join(', ')})` : 'test binary changed');
  }
  // Flags: by name, in the order the run now gives them, then the ones dropped.
  const before = new Map(recorded.args.map((a) => [flagOf(a).name, flagOf(a).value]));
  const after = new Map(now.args.map((a) => [flagOf(a).name, flagOf(a).value]));
  for (const [name, value] of after) {
    const old = before.get(name);
    if (old === value) continue;
    reasons.push(`${name} changed${wasNow(old, value)}`);
  }
  for (const [name, value] of before) if (!after.has(name)) reasons.push(`${name} changed${wasNow(value, undefined)}`);
  if (recorded.execCmd !== now.execCmd) reasons.push('-exec changed');
  if (inputsNow !== undefined) {
    const then = new Map(recorded.inputs.map((l) => { const s = splitInput(l); return [`${s.op} ${s.name}`, s.hash]; }));
    for (const line of inputsNow) {
      const { op, name, hash } = splitInput(line);
      const old = then.get(`${op} ${name}`);
      if (old === undefined || old === hash) continue;
      // go hashes GODEBUG for every run, read or not.
      if (op === 'env' && name === 'GODEBUG') reasons.push('$GODEBUG changed');
      else reasons.push(`${op === 'env' ? `$${name}` : showPath(name, pkgDir)} changed (${DID[op] ?? op})`);
    }
  }
  return reasons;
}

/** The line GOCMD_EXPLAIN prints before a test that runs: "gocmd: rerunning tests of PKG: WHY". */
export function testExplainLine(desc: string, reasons: readonly string[]): string {
  return `gocmd: rerunning tests of ${desc}: ${namedReasons(reasons)}\n`;
}

/** Why a run that go never caches was not cached, from the flags that rule it out (-test.NAME=VALUE). */
export function uncacheableReason(uncacheable: readonly string[]): string {
  const count = uncacheable.find((a) => a.startsWith('-test.count='));
  if (count !== undefined) return `-count=${flagOf(count).value} asks for a fresh run`;
  const names = [...new Set(uncacheable.map((a) => flagOf(a).name))];
  return `flags that are not cacheable (${names.join(' ')})`;
}
