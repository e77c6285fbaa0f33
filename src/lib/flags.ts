// Go's `flag` package semantics: a FlagSet with typed flags and go's exact parse errors.
import { goQuote } from './goquote.js';
import { splitQuoted } from './quoted.js';

/** A flag's value: set parses text (throwing an Error whose message go would print after ": "). */
export interface FlagValue {
  set(s: string): void;
  toString(): string;
  /** A bool flag takes no argument: `-f` means `-f=true`. */
  isBoolFlag?(): boolean;
}

export interface Flag {
  name: string;
  usage: string;
  value: FlagValue;
  defValue: string;
}

/** A mutable cell holding a flag's current value. */
export interface Ref<T> {
  value: T;
}

/**
 * A command-line parse failure. `message` is the line go prints before the usage ("" for -h/-help,
 * where go prints only the usage). The driver prints it, then the usage, and exits 2.
 */
export class FlagParseError extends Error {
  override name = 'FlagParseError';
  constructor(message: string, readonly isHelp = false) {
    super(message);
  }
}

/** strconv.ParseBool. */
export function parseGoBool(s: string): boolean {
  switch (s) {
    case '1': case 't': case 'T': case 'TRUE': case 'true': case 'True': return true;
    case '0': case 'f': case 'F': case 'FALSE': case 'false': case 'False': return false;
  }
  throw new Error('parse error');
}

function underscoreOK(s: string): boolean {
  // Underscores must separate digits (a base prefix counts as a digit), as strconv requires.
  let saw = '^';
  let i = 0;
  if (s.length >= 1 && (s[0] === '-' || s[0] === '+')) s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === '0' && 'bBoOxX'.includes(s[1]!)) {
    i = 2;
    saw = '0';
    hex = s[1] === 'x' || s[1] === 'X';
  }
  for (; i < s.length; i++) {
    const c = s[i]!;
    if ((c >= '0' && c <= '9') || (hex && /[a-fA-F]/.test(c))) { saw = '0'; continue; }
    if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

/** strconv.ParseInt(s, 0, bits) with flag's error texts ("parse error", "value out of range"). */
export function parseGoInt(s0: string, bits = 64): number {
  let s = s0;
  if (s === '') throw new Error('parse error');
  let neg = false;
  if (s[0] === '+' || s[0] === '-') { neg = s[0] === '-'; s = s.slice(1); }
  let base = 10;
  let digits = s;
  let prefixed = false;
  if (s.length > 1 && s[0] === '0') {
    const p = s[1]!.toLowerCase();
    if (p === 'x') { base = 16; digits = s.slice(2); prefixed = true; }
    else if (p === 'o') { base = 8; digits = s.slice(2); prefixed = true; }
    else if (p === 'b') { base = 2; digits = s.slice(2); prefixed = true; }
    else { base = 8; digits = s.slice(1); prefixed = true; }
  }
  if (digits.includes('_')) {
    if (!prefixed && !underscoreOK(s)) throw new Error('parse error');
    if (prefixed && !underscoreOK(s)) throw new Error('parse error');
    digits = digits.replace(/_/g, '');
  }
  if (digits === '') throw new Error('parse error');
  const valid = base === 16 ? /^[0-9a-fA-F]+$/ : base === 8 ? /^[0-7]+$/ : base === 2 ? /^[01]+$/ : /^[0-9]+$/;
  if (!valid.test(digits)) throw new Error('parse error');
  const prefix = base === 16 ? '0x' : base === 8 ? '0o' : base === 2 ? '0b' : '';
  let v = BigInt(prefix + digits);
  if (neg) v = -v;
  const max = (1n << BigInt(bits - 1)) - 1n;
  const min = -(1n << BigInt(bits - 1));
  if (v > max || v < min) throw new Error('value out of range');
  return Number(v);
}

const durationUnits: Record<string, number> = {
  ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9,
};

/** time.ParseDuration, returning nanoseconds; throws on bad syntax. */
export function parseGoDuration(s0: string): number {
  let s = s0;
  let neg = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) { neg = s[0] === '-'; s = s.slice(1); }
  if (s === '0') return 0;
  if (s === '') throw new Error(`time: invalid duration ${goQuote(s0)}`);
  let total = 0;
  const re = /^([0-9]*)(\.([0-9]*))?([^0-9.]*)/;
  while (s !== '') {
    const m = re.exec(s)!;
    if (m[1] === '' && (m[3] ?? '') === '') throw new Error(`time: invalid duration ${goQuote(s0)}`);
    const u = m[4]!;
    if (u === '') throw new Error(`time: missing unit in duration ${goQuote(s0)}`);
    const scale = durationUnits[u];
    if (scale === undefined) throw new Error(`time: unknown unit ${goQuote(u)} in duration ${goQuote(s0)}`);
    total += Number(`${m[1] || '0'}.${m[3] ?? ''}0`) * scale;
    s = s.slice(m[0].length);
  }
  if (total > 2 ** 63 - 1) throw new Error(`time: invalid duration ${goQuote(s0)}`);
  return Math.round(neg ? -total : total);
}

/** Formats nanoseconds as Go's Duration.String (e.g. "10m0s", "1.5s", "0s"). */
export function formatGoDuration(ns: number): string {
  if (ns === 0) return '0s';
  const neg = ns < 0;
  let u = Math.abs(ns);
  let out: string;
  if (u < 1e9) {
    const [div, unit] = u < 1e3 ? [1, 'ns'] : u < 1e6 ? [1e3, 'µs'] : [1e6, 'ms'];
    out = trimFrac(u / div) + unit;
  } else {
    const h = Math.floor(u / 3600e9);
    u -= h * 3600e9;
    const m = Math.floor(u / 60e9);
    u -= m * 60e9;
    out = (h ? `${h}h` : '') + (h || m ? `${m}m` : '') + trimFrac(u / 1e9) + 's';
  }
  return neg ? '-' + out : out;
}

function trimFrac(x: number): string {
  return String(Number(x.toFixed(9)));
}

class BoolValue implements FlagValue {
  constructor(private readonly ref: Ref<boolean>) {}
  set(s: string): void { this.ref.value = parseGoBool(s); }
  toString(): string { return String(this.ref.value); }
  isBoolFlag(): boolean { return true; }
}

class StringValue implements FlagValue {
  constructor(private readonly ref: Ref<string>) {}
  set(s: string): void { this.ref.value = s; }
  toString(): string { return this.ref.value; }
}

class IntValue implements FlagValue {
  constructor(private readonly ref: Ref<number>) {}
  set(s: string): void { this.ref.value = parseGoInt(s); }
  toString(): string { return String(this.ref.value); }
}

class DurationValue implements FlagValue {
  constructor(private readonly ref: Ref<number>) {}
  set(s: string): void {
    try {
      this.ref.value = parseGoDuration(s);
    } catch {
      throw new Error('parse error');
    }
  }
  toString(): string { return formatGoDuration(this.ref.value); }
}

/** base.StringsFlag: the value is split with go's quoting rules, replacing any previous list. */
class StringListValue implements FlagValue {
  constructor(private readonly ref: Ref<string[]>) {}
  set(s: string): void { this.ref.value = splitQuoted(s); }
  toString(): string { return '<StringsFlag>'; }
}

class FuncValue implements FlagValue {
  constructor(private readonly fn: (s: string) => void, private readonly bool: boolean) {}
  set(s: string): void { this.fn(s); }
  toString(): string { return ''; }
  isBoolFlag(): boolean { return this.bool; }
}

/** A set of defined flags, parsed the way Go's flag.FlagSet parses (ContinueOnError). */
export class FlagSet {
  private readonly formal = new Map<string, Flag>();
  private readonly actual = new Map<string, Flag>();
  private rest: string[] = [];
  private parsedFlag = false;

  constructor(readonly name = '') {}

  /** Defines a flag with a custom value. Redefinition throws (a programming error, as in go). */
  var(value: FlagValue, name: string, usage = ''): void {
    if (this.formal.has(name)) throw new Error(`${this.name} flag redefined: ${name}`);
    this.formal.set(name, { name, usage, value, defValue: value.toString() });
  }

  bool(name: string, def = false, usage = ''): Ref<boolean> {
    const ref = { value: def };
    this.var(new BoolValue(ref), name, usage);
    return ref;
  }

  string(name: string, def = '', usage = ''): Ref<string> {
    const ref = { value: def };
    this.var(new StringValue(ref), name, usage);
    return ref;
  }

  int(name: string, def = 0, usage = ''): Ref<number> {
    const ref = { value: def };
    this.var(new IntValue(ref), name, usage);
    return ref;
  }

  /** A time.Duration flag; the value is in nanoseconds. */
  duration(name: string, defNs = 0, usage = ''): Ref<number> {
    const ref = { value: defNs };
    this.var(new DurationValue(ref), name, usage);
    return ref;
  }

  /** A quoted string-list flag (go's base.StringsFlag), e.g. -toolexec, -exec. */
  stringList(name: string, def: string[] = [], usage = ''): Ref<string[]> {
    const ref = { value: def };
    this.var(new StringListValue(ref), name, usage);
    return ref;
  }

  /** flag.Func: fn is called with each value; a thrown Error's message is reported. */
  func(name: string, usage: string, fn: (s: string) => void): void {
    this.var(new FuncValue(fn, false), name, usage);
  }

  /** flag.BoolFunc: like func, but the flag takes no argument (fn gets "true"). */
  boolFunc(name: string, usage: string, fn: (s: string) => void): void {
    this.var(new FuncValue(fn, true), name, usage);
  }

  lookup(name: string): Flag | undefined {
    return this.formal.get(name);
  }

  /** Whether the flag was set (on the command line, from GOFLAGS, or with set()). */
  isSet(name: string): boolean {
    return this.actual.has(name);
  }

  /** Names of the flags that were set, in lexical order (flag.Visit). */
  setNames(): string[] {
    return [...this.actual.keys()].sort();
  }

  /** All defined flags in lexical order (flag.VisitAll). */
  all(): Flag[] {
    return [...this.formal.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** flag.FlagSet.Set: sets a flag by name; throws Error("no such flag -x") or the value's error. */
  set(name: string, value: string): void {
    const f = this.formal.get(name);
    if (!f) throw new Error(`no such flag -${name}`);
    f.value.set(value);
    this.actual.set(name, f);
  }

  parsed(): boolean {
    return this.parsedFlag;
  }

  /** Arguments remaining after the flags. */
  args(): string[] {
    return this.rest;
  }

  /** Parses args; throws FlagParseError with go's message on failure. */
  parse(args: readonly string[]): void {
    this.parsedFlag = true;
    this.rest = [...args];
    while (this.parseOne()) {
      // keep going
    }
  }

  private parseOne(): boolean {
    if (this.rest.length === 0) return false;
    const s = this.rest[0]!;
    if (s.length < 2 || s[0] !== '-') return false;
    let minuses = 1;
    if (s[1] === '-') {
      minuses++;
      if (s.length === 2) {
        this.rest = this.rest.slice(1);
        return false;
      }
    }
    let name = s.slice(minuses);
    if (name.length === 0 || name[0] === '-' || name[0] === '=') {
      throw new FlagParseError(`bad flag syntax: ${s}`);
    }
    this.rest = this.rest.slice(1);
    let hasValue = false;
    let value = '';
    const eq = name.indexOf('=', 1);
    if (eq > 0) {
      value = name.slice(eq + 1);
      hasValue = true;
      name = name.slice(0, eq);
    }
    const f = this.formal.get(name);
    if (!f) {
      if (name === 'help' || name === 'h') throw new FlagParseError('', true);
      throw new FlagParseError(`flag provided but not defined: -${name}`);
    }
    if (f.value.isBoolFlag?.()) {
      if (hasValue) {
        try {
          f.value.set(value);
        } catch (e) {
          throw new FlagParseError(`invalid boolean value ${goQuote(value)} for -${name}: ${errText(e)}`);
        }
      } else {
        try {
          f.value.set('true');
        } catch (e) {
          throw new FlagParseError(`invalid boolean flag ${name}: ${errText(e)}`);
        }
      }
    } else {
      if (!hasValue && this.rest.length > 0) {
        hasValue = true;
        value = this.rest[0]!;
        this.rest = this.rest.slice(1);
      }
      if (!hasValue) throw new FlagParseError(`flag needs an argument: -${name}`);
      try {
        f.value.set(value);
      } catch (e) {
        throw new FlagParseError(`invalid value ${goQuote(value)} for flag -${name}: ${errText(e)}`);
      }
    }
    this.actual.set(name, f);
    return true;
  }
}

/**
 * Defines -C the way every go command has it: accepted only as the first flag (the driver
 * handles that case before parsing), an error anywhere else. Custom-flag commands (test, vet)
 * call this on their own FlagSet.
 */
export function addChdirFlag(fs: FlagSet): void {
  fs.func('C', 'AddChdirFlag', () => {
    throw new Error('-C flag must be first flag on command line');
  });
}

/** The text go prints for an error value. */
export function errText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
