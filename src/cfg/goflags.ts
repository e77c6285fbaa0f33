// $GOFLAGS: splitting, validating against every flag some go command defines, and applying to a command's flags.
import { splitQuoted } from '../lib/quoted.js';
import { goQuote } from '../lib/goquote.js';
import { FlagParseError, errText, type FlagSet } from '../lib/flags.js';
import { ExitError } from '../base/errors.js';

/**
 * Every flag name some go command defines, for validating $GOFLAGS (go rejects names no command
 * knows, and each command then takes only the ones it defines).
 */
export const ALL_FLAG_NAMES: ReadonlySet<string> = new Set(
  (
    'C a artifacts asan asmflags bench benchmem benchtime blockprofile blockprofilerate buildmode buildvcs ' +
    'c cache changed compat compiled compiler count cover covermode coverpkg coverprofile cpu cpuprofile d ' +
    'debug-actiongraph debug-runtime-trace debug-trace deps diff dropexclude dropgodebug dropignore ' +
    'dropreplace droprequire dropretract droptool dropuse e exclude exec export f failfast find fix ' +
    'fixtool fmt fullpath fuzz fuzzcache fuzzminimizetime fuzztime gccgoflags gcflags go godebug i ' +
    'ignore insecure installsuffix json ldflags linkshared list m memprofile memprofilerate modcache ' +
    'mod modcacherw modfile module msan mutexprofile mutexprofilefraction n o outputdir overlay p parallel ' +
    'pgo pkgdir print r race replace require retract retracted reuse run short shuffle skip t tags test ' +
    'testcache timeout tool toolchain toolexec trace trimpath u use v vendor versions vet vettool w work x ' +
    'test.artifacts test.bench test.benchmem test.benchtime test.blockprofile ' +
    'test.blockprofilerate test.count test.coverprofile test.cpu test.cpuprofile test.failfast ' +
    'test.fullpath test.fuzz test.fuzzminimizetime test.fuzztime test.list test.memprofile ' +
    'test.memprofilerate test.mutexprofile test.mutexprofilefraction test.outputdir ' +
    'test.parallel test.run test.short test.shuffle test.skip test.timeout test.trace test.v'
  ).split(' '),
);

/**
 * Splits and checks $GOFLAGS as go's InitGOFLAGS does. Errors ("go: parsing $GOFLAGS: …", exit 1)
 * are ignored for `go env` and `go bug` (hideErrors), so a bad GOFLAGS can still be inspected/fixed.
 */
export function parseGOFLAGS(value: string, hideErrors: boolean, known: ReadonlySet<string> = ALL_FLAG_NAMES): string[] {
  let flags: string[];
  try {
    flags = splitQuoted(value);
  } catch (e) {
    if (hideErrors) return [];
    throw new ExitError(`go: parsing $GOFLAGS: ${(e as Error).message}`);
  }
  const out: string[] = [];
  for (const f of flags) {
    if (!f.startsWith('-') || f === '-' || f === '--' || f.startsWith('---') || f.startsWith('-=') || f.startsWith('--=')) {
      if (hideErrors) continue;
      throw new ExitError(`go: parsing $GOFLAGS: non-flag ${goQuote(f)}`);
    }
    let name = f.slice(1);
    if (name[0] === '-') name = name.slice(1);
    const eq = name.indexOf('=');
    if (eq >= 0) name = name.slice(0, eq);
    if (!known.has(name)) {
      if (hideErrors) continue;
      throw new ExitError(`go: parsing $GOFLAGS: unknown flag -${name}`);
    }
    out.push(f);
  }
  return out;
}

/** Reports whether flag (e.g. "-modfile") appears in goflags (go's InGOFLAGS). */
export function inGOFLAGS(goflags: readonly string[], flag: string): boolean {
  return goflags.some((g) => {
    let name = g.startsWith('--') ? g.slice(1) : g;
    const i = name.indexOf('=');
    if (i >= 0) name = name.slice(0, i);
    return name === flag;
  });
}

/**
 * Sets each GOFLAGS entry the command defines (others are skipped), as go's SetFromGOFLAGS.
 * Throws FlagParseError with go's "(from $GOFLAGS)" message; the driver prints usage and exits 2.
 */
export function applyGOFLAGS(fs: FlagSet, goflags: readonly string[], where = '$GOFLAGS'): void {
  for (const goflag of goflags) {
    let name = goflag;
    let value = '';
    let hasValue = false;
    const i = goflag.indexOf('=');
    if (i === 0) continue;
    if (i > 0) {
      name = goflag.slice(0, i);
      value = goflag.slice(i + 1);
      hasValue = true;
    }
    if (name.startsWith('--')) name = name.slice(1);
    const f = fs.lookup(name.slice(1));
    if (!f) continue;
    if (f.value.isBoolFlag?.()) {
      try {
        fs.set(f.name, hasValue ? value : 'true');
      } catch (e) {
        throw new FlagParseError(hasValue
          ? `go: invalid boolean value ${goQuote(value)} for flag ${name} (from ${where}): ${errText(e)}`
          : `go: invalid boolean flag ${name} (from ${where}): ${errText(e)}`);
      }
    } else {
      if (!hasValue) throw new FlagParseError(`go: flag needs an argument: ${name} (from ${where})`);
      try {
        fs.set(f.name, value);
      } catch (e) {
        throw new FlagParseError(`go: invalid value ${goQuote(value)} for flag ${name} (from ${where}): ${errText(e)}`);
      }
    }
  }
}
