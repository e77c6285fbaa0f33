// One flag at a time, as go's cmdflag.ParseOne parses for the commands that split their arguments
// between themselves and a tool (vet, fix, test).
import { goQuote } from '../lib/goquote.js';
import { errText, type Flag, type FlagSet } from '../lib/flags.js';

/** The outcome of parsing args[0] (and perhaps args[1]). */
export type ParseOneResult =
  /** A flag was set; rest are the arguments after the ones it used. */
  | { kind: 'flag'; flag: Flag; rest: string[] }
  /** "--": everything after it is a non-flag argument. */
  | { kind: 'terminator'; rest: string[] }
  /** -h, -help or -?. */
  | { kind: 'help'; rest: string[] }
  /** args[0] is not a flag: it and everything after are non-flag arguments. */
  | { kind: 'nonflag'; rest: string[] }
  /** An unknown flag or a bad value; message as go prints it. flag is set when the flag exists. */
  | { kind: 'error'; message: string; flag?: Flag; rest: string[] };

/** Parses args[0] (args must not be empty) against fs, setting the flag it names. */
export function parseOne(fs: FlagSet, args: readonly string[]): ParseOneResult {
  const raw = args[0]!;
  let rest = args.slice(1);
  let arg = raw;
  if (arg.startsWith('--')) {
    if (arg === '--') return { kind: 'terminator', rest };
    arg = arg.slice(1);
  }
  if (arg === '-?' || arg === '-h' || arg === '-help') return { kind: 'help', rest };
  if (arg.length < 2 || arg[0] !== '-' || arg[1] === '-' || arg[1] === '=') return { kind: 'nonflag', rest };
  const eq = arg.indexOf('=', 1);
  const name = eq < 0 ? arg.slice(1) : arg.slice(1, eq);
  let value = eq < 0 ? '' : arg.slice(eq + 1);
  let hasValue = eq >= 0;
  const f = fs.lookup(name);
  if (!f) return { kind: 'error', message: `flag provided but not defined: -${name}`, rest };
  const fail = (message: string): ParseOneResult => ({ kind: 'error', message, flag: f, rest });
  if (f.value.isBoolFlag?.()) {
    try {
      fs.set(name, hasValue ? value : 'true');
    } catch (e) {
      return fail(hasValue ? `invalid boolean value ${goQuote(value)} for -${name}: ${errText(e)}` : `invalid boolean flag ${name}: ${errText(e)}`);
    }
  } else {
    if (!hasValue && rest.length > 0) {
      hasValue = true;
      value = rest[0]!;
      rest = rest.slice(1);
    }
    if (!hasValue) return fail(`flag needs an argument: -${name}`);
    try {
      fs.set(name, value);
    } catch (e) {
      return fail(`invalid value ${goQuote(value)} for flag -${name}: ${errText(e)}`);
    }
  }
  return { kind: 'flag', flag: f, rest };
}
