// `go tool dist list` without a dist tool: go answers it itself from its own table of ports.
import { FlagParseError, FlagSet } from '../lib/flags.js';
import { BROKEN_PORTS, PORTS, cgoSupported } from '../cfg/platform.js';

/** Ports the Go project treats as first class (cmd/dist's firstClass table). */
const FIRST_CLASS: ReadonlySet<string> = new Set([
  'darwin/amd64', 'darwin/arm64', 'linux/386', 'linux/amd64', 'linux/arm', 'linux/arm64', 'windows/386', 'windows/amd64',
]);

/** What go's flag package prints for the impersonation's flags after a bad one (or -h). */
const DIST_LIST_USAGE = 'Usage of go tool dist list:\n  -broken\n    \tinclude broken ports\n  -json\n    \tproduce JSON output\n  -v\temit extra information\n';

/**
 * go's impersonateDistList: the output of `dist list [-json] [-broken] [-v]`, or undefined when
 * the arguments are anything else (then the dist tool itself is tried). A flag error is reported
 * first, as go's flag package does, in complaint.
 */
export function distListOutput(args: readonly string[], complaint: (s: string) => void = () => {}): string | undefined {
  const fs = new FlagSet('go tool dist list');
  const json = fs.bool('json');
  const broken = fs.bool('broken');
  fs.bool('v'); // accepted; dist list prints nothing more with it
  try {
    fs.parse(args);
  } catch (e) {
    const help = e instanceof FlagParseError && e.isHelp;
    complaint((help ? '' : (e as Error).message + '\n') + DIST_LIST_USAGE);
    return undefined;
  }
  if (fs.args().length > 0) return undefined;
  const ports = PORTS.filter((p) => broken.value || !BROKEN_PORTS.has(p));
  if (!json.value) return ports.map((p) => p + '\n').join('');
  const results = ports.map((p) => {
    const [goos, goarch] = p.split('/') as [string, string];
    const r: Record<string, string | boolean> = { GOOS: goos, GOARCH: goarch, CgoSupported: cgoSupported(goos, goarch), FirstClass: FIRST_CLASS.has(p) };
    if (BROKEN_PORTS.has(p)) r['Broken'] = true;
    return r;
  });
  // json.MarshalIndent with a tab and no trailing newline, as go writes it.
  return JSON.stringify(results, null, '\t');
}
