// go test's command line: its own flags, build flags, and everything else for the test binary (go's testFlags).
import { addBuildFlags, type BuildFlags } from '../cfg/buildflags.js';
import { FlagParseError, FlagSet, addChdirFlag, formatGoDuration, parseGoBool, parseGoDuration, parseGoInt, type FlagValue } from '../lib/flags.js';
import { applyGOFLAGS, parseGOFLAGS } from '../cfg/goflags.js';
import { splitQuoted } from '../lib/quoted.js';
import { resolve as resolvePath } from 'node:path';

/** Flags go test passes on to the test binary as -test.NAME=VALUE (go's passFlagToTest). */
export const PASS_FLAG_TO_TEST = new Set([
  'artifacts', 'bench', 'benchmem', 'benchtime', 'blockprofile', 'blockprofilerate', 'count', 'coverprofile', 'cpu',
  'cpuprofile', 'failfast', 'fullpath', 'fuzz', 'fuzzminimizetime', 'fuzztime', 'list', 'memprofile', 'memprofilerate',
  'mutexprofile', 'mutexprofilefraction', 'outputdir', 'parallel', 'run', 'short', 'shuffle', 'skip', 'timeout', 'trace', 'v',
]);

const VET_ANALYZERS = new Set([
  'appends', 'asmdecl', 'assign', 'atomic', 'bool', 'bools', 'buildtag', 'buildtags', 'cgocall', 'composites', 'copylocks',
  'defers', 'directive', 'errorsas', 'framepointer', 'hostport', 'httpresponse', 'ifaceassert', 'loopclosure', 'lostcancel',
  'methods', 'nilfunc', 'printf', 'rangeloops', 'shift', 'sigchanyzer', 'slog', 'stdmethods', 'stdversion', 'stringintconv',
  'structtag', 'testinggoroutine', 'tests', 'timeformat', 'unmarshal', 'unreachable', 'unsafeptr', 'unusedresult', 'waitgroup',
]);

/** The parsed go test command line. */
export interface TestFlags {
  bf: BuildFlags;
  c: boolean;
  o: string;
  exec: string[];
  json: boolean;
  vetOff: boolean;
  vetExplicit: boolean;
  /** The last -vet value given ("" when absent), for the analyzer list. */
  vetValue: string;
  bench: string;
  fuzz: string;
  list: string;
  v: boolean;
  /** -v=test2json */
  vJSON: boolean;
  failfast: boolean;
  timeoutNs: number;
  coverprofile: string;
  /** -outputdir made absolute ("" for the go command's directory). */
  outputdir: string;
  /** Set profiling flag names (-cpuprofile, ...), for go's single-package checks. */
  profile: string;
  /** The package arguments (go's pkgArgs). */
  pkgArgs: string[];
  /** Arguments for the test binary (go's testArgs). */
  testArgs: string[];
  /** -h / -help passed on to the test. */
  help: boolean;
  /** Flags that are set (names as defined). */
  isSet(name: string): boolean;
}

class Val implements FlagValue {
  constructor(private readonly setter: (s: string) => void, private readonly show: () => string, private readonly bool = false) {}
  set(s: string): void { this.setter(s); }
  toString(): string { return this.show(); }
  isBoolFlag(): boolean { return this.bool; }
}

/** Thrown for a usage error: the message (may be "") is printed, then go test's usage, exit 2. */
export class TestUsageError extends Error {}

/** Parses go test's arguments (after GOFLAGS) as go's testFlags does. */
export function parseTestFlags(args: string[], goflags: string, cwd: string): TestFlags {
  const fs = new FlagSet('test');
  const bf = addBuildFlags(fs, 'test');
  // -C is every command's flag; the driver takes it only as the first one, so here it is an error.
  addChdirFlag(fs);
  const st = {
    c: false, exec: [] as string[], json: false, vetOff: false, vetExplicit: false, vetValue: '', bench: '', fuzz: '', list: '',
    v: false, vJSON: false, failfast: false, timeoutNs: 10 * 60 * 1e9, coverprofile: '', outputdir: '',
    profiles: {} as Record<string, string>,
  };
  const plain: Record<string, string> = {};
  const boolVal = (name: string, get: () => boolean, set: (b: boolean) => void): void =>
    fs.var(new Val((s) => set(parseGoBool(s)), () => String(get()), true), name);
  const strVal = (name: string, onSet?: (s: string) => void): void => {
    plain[name] = '';
    fs.var(new Val((s) => { plain[name] = s; onSet?.(s); }, () => plain[name]!), name);
  };
  boolVal('c', () => st.c, (b) => { st.c = b; });
  fs.var(new Val((s) => { st.exec = splitQuoted(s); }, () => st.exec.join(' ')), 'exec');
  boolVal('json', () => st.json, (b) => { st.json = b; });
  fs.var(new Val((s) => setVet(st, s), () => (st.vetOff ? 'off' : 'all')), 'vet');
  // -coverprofile implies -cover (go's coverFlag).
  fs.var(new Val((s) => { st.coverprofile = s; bf.cover = true; }, () => st.coverprofile), 'coverprofile');
  // Flags for the test binary.
  const plainBools: Record<string, boolean> = {};
  const pbool = (name: string, onSet?: (b: boolean) => void): void => {
    plainBools[name] = false;
    fs.var(new Val((s) => { const b = parseGoBool(s); plainBools[name] = b; onSet?.(b); }, () => String(plainBools[name]), true), name);
  };
  pbool('artifacts');
  strVal('bench', (s) => { st.bench = s; });
  pbool('benchmem');
  strVal('benchtime');
  strVal('blockprofile', (s) => { st.profiles['blockprofile'] = s; });
  strVal('blockprofilerate');
  const ints: Record<string, number> = { count: 0, parallel: 0 };
  for (const name of ['count', 'parallel']) fs.var(new Val((s) => { ints[name] = parseGoInt(s); }, () => String(ints[name])), name);
  strVal('cpu');
  strVal('cpuprofile', (s) => { st.profiles['cpuprofile'] = s; });
  pbool('failfast', (b) => { st.failfast = b; });
  strVal('fuzz', (s) => { st.fuzz = s; });
  pbool('fullpath');
  strVal('list', (s) => { st.list = s; });
  strVal('memprofile', (s) => { st.profiles['memprofile'] = s; });
  strVal('memprofilerate');
  strVal('mutexprofile', (s) => { st.profiles['mutexprofile'] = s; });
  strVal('mutexprofilefraction');
  fs.var(new Val((s) => { st.outputdir = s === '' ? '' : resolvePath(cwd, s); }, () => st.outputdir), 'outputdir');
  strVal('run');
  pbool('short');
  strVal('skip');
  fs.var(new Val((s) => {
    try { st.timeoutNs = parseGoDuration(s); } catch { throw new Error('parse error'); }
  }, () => formatGoDuration(st.timeoutNs)), 'timeout');
  strVal('fuzztime');
  strVal('fuzzminimizetime');
  strVal('trace', (s) => { st.profiles['trace'] = s; });
  fs.var(new Val((s) => {
    if (s === 'test2json') { st.v = true; st.vJSON = true; return; }
    try { st.v = parseGoBool(s); } catch { throw new Error(`invalid flag -test.v=${s}`); }
    st.vJSON = false;
  }, () => (st.vJSON ? 'test2json' : String(st.v)), true), 'v');
  let shuffle = 'off';
  fs.var(new Val((s) => {
    if (s === 'off' || s === 'on') { shuffle = s; return; }
    if (!/^[+-]?\d+$/.test(s)) throw new Error(`-shuffle argument must be "on", "off", or an int64: strconv.ParseInt: parsing ${JSON.stringify(s)}: invalid syntax`);
    shuffle = String(BigInt(s));
  }, () => shuffle), 'shuffle');
  for (const name of PASS_FLAG_TO_TEST) {
    const f = fs.lookup(name);
    if (f) fs.var(f.value, 'test.' + name);
  }

  try {
    applyGOFLAGS(fs, parseGOFLAGS(goflags, false));
  } catch (e) {
    if (e instanceof FlagParseError) throw new TestUsageError(e.message);
    throw e;
  }
  const addFromGOFLAGS = new Set<string>();
  for (const name of fs.setNames()) if (PASS_FLAG_TO_TEST.has(name.replace(/^test\./, ''))) addFromGOFLAGS.add(name);

  let firstUnknown = '';
  const explicit: string[] = [];
  let pkgNames: string[] | undefined;
  let inPkgList = false;
  let afterFlagWithoutValue = false;
  let rest = [...args];
  while (rest.length > 0) {
    const raw = rest[0]!;
    rest = rest.slice(1);
    const was = afterFlagWithoutValue;
    afterFlagWithoutValue = false;
    let arg = raw;
    if (arg.startsWith('--')) {
      if (arg === '--') { explicit.push(raw, ...rest); break; }
      arg = arg.slice(1);
    }
    if (arg === '-?' || arg === '-h' || arg === '-help') throw new TestUsageError('');
    if (arg.length < 2 || arg[0] !== '-' || arg[1] === '-' || arg[1] === '=') {
      // Not a flag.
      if (!inPkgList && pkgNames !== undefined) {
        if (was) { explicit.push(raw); continue; }
        explicit.push(raw, ...rest);
        break;
      }
      inPkgList = true;
      (pkgNames ??= []).push(raw);
      continue;
    }
    inPkgList = false;
    const eq = arg.indexOf('=', 1);
    const name = eq < 0 ? arg.slice(1) : arg.slice(1, eq);
    let value = eq < 0 ? '' : arg.slice(eq + 1);
    let hasValue = eq >= 0;
    const f = fs.lookup(name);
    if (!f) {
      pkgNames ??= [];
      if (raw === '-args' || raw === '--args') { explicit.push(...rest); break; }
      if (firstUnknown === '') firstUnknown = raw;
      explicit.push(raw);
      if (!hasValue) afterFlagWithoutValue = true;
      continue;
    }
    try {
      if (f.value.isBoolFlag?.()) {
        try {
          fs.set(name, hasValue ? value : 'true');
        } catch (e) {
          throw new Error(hasValue ? `invalid boolean value ${JSON.stringify(value)} for -${name}: ${(e as Error).message}` : `invalid boolean flag ${name}: ${(e as Error).message}`);
        }
      } else {
        if (!hasValue && rest.length > 0) { hasValue = true; value = rest[0]!; rest = rest.slice(1); }
        if (!hasValue) throw new Error(`flag needs an argument: -${name}`);
        try {
          fs.set(name, value);
        } catch (e) {
          throw new Error(`invalid value ${JSON.stringify(value)} for flag -${name}: ${(e as Error).message}`);
        }
      }
    } catch (e) {
      throw new TestUsageError((e as Error).message);
    }
    const short = name.replace(/^test\./, '');
    if (PASS_FLAG_TO_TEST.has(short)) {
      explicit.push(`-test.${short}=${f.value.toString()}`);
      addFromGOFLAGS.delete(short);
      addFromGOFLAGS.delete('test.' + short);
    }
  }
  if (firstUnknown !== '' && st.c) throw new TestUsageError(`go: unknown flag ${firstUnknown} cannot be used with -c`);

  const injected: string[] = [];
  if (st.json) {
    injected.push('-test.v=test2json');
    addFromGOFLAGS.delete('v');
    addFromGOFLAGS.delete('test.v');
  }
  let timeoutSet = false, outputDirSet = false;
  for (const name of fs.setNames()) {
    const short = name.replace(/^test\./, '');
    if (addFromGOFLAGS.has(name)) injected.push(`-test.${short}=${fs.lookup(name)!.value.toString()}`);
    if (short === 'timeout') timeoutSet = true;
    if (short === 'outputdir') outputDirSet = true;
  }
  if (st.timeoutNs > 0 && !timeoutSet) injected.push(`-test.timeout=${formatGoDuration(st.timeoutNs)}`);
  const profile = ['blockprofile', 'cpuprofile', 'memprofile', 'mutexprofile', 'trace'].find((k) => (st.profiles[k] ?? '') !== '') ?? '';
  if ((profile !== '' || plainBools['artifacts']) && !outputDirSet) injected.push('-test.outputdir=' + (st.outputdir || cwd));
  let help = false;
  for (const a of explicit) {
    if (a === '--') break;
    if (a === '-h' || a === '-help' || a === '--help') { help = true; break; }
  }
  return {
    bf, c: st.c, o: bf.o, exec: st.exec, json: st.json, vetOff: st.vetOff, vetExplicit: st.vetExplicit, vetValue: st.vetValue, bench: st.bench,
    fuzz: st.fuzz, list: st.list, v: st.v, vJSON: st.vJSON, failfast: st.failfast, timeoutNs: st.timeoutNs,
    coverprofile: st.coverprofile, outputdir: st.outputdir, profile: profile ? '-' + profile : '', pkgArgs: pkgNames ?? [], testArgs: [...injected, ...explicit],
    help, isSet: (n) => fs.isSet(n),
  };
}

function setVet(st: { vetOff: boolean; vetExplicit: boolean; vetValue: string }, value: string): void {
  st.vetValue = value;
  if (value === '') { st.vetOff = false; st.vetExplicit = false; return; }
  if (value.includes('=')) throw new Error('-vet argument cannot contain equal signs');
  if (value.includes(' ')) throw new Error('-vet argument is comma-separated list, cannot contain spaces');
  st.vetExplicit = true;
  st.vetOff = false;
  let single = '';
  let n = 0;
  for (const arg of value.split(',')) {
    if (arg === '') throw new Error('-vet argument contains empty list element');
    if (arg === 'all' || arg === 'off') { single = arg; st.vetOff = arg === 'off'; n = 0; continue; }
    if (!VET_ANALYZERS.has(arg)) throw new Error(`-vet argument must be a supported analyzer or a distinguished value; found ${arg}`);
    n++;
  }
  if (n > 1 && single !== '') throw new Error(`-vet does not accept ${JSON.stringify(single)} in a list with other analyzers`);
}
