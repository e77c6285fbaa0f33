// Applying $GOFLAGS to a command's FlagSet (splitting and validation live in cfg/goflags.ts).
import { goQuote } from './goquote.js';
import { FlagParseError, errText, type FlagSet } from './flags.js';

export { parseGOFLAGS, inGOFLAGS } from '../cfg/goflags.js';

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
