// `go telemetry [off|local|on]`: print or set the telemetry mode shared with every Go tool.
import type { Command } from './command.js';
import { ExitError } from './command.js';
import { commandUsage } from '../base/table.js';
import { isTelemetryMode, writeTelemetryMode } from '../cfg/telemetrymode.js';

/** What go prints on stderr once uploading is turned on. */
const ON_MESSAGE = `Telemetry uploading is now enabled and data will be periodically sent to
https://telemetry.go.dev/. Uploaded data is used to help improve the Go
toolchain and related tools, and it will be published as part of a public
dataset.

For more details, see https://telemetry.go.dev/privacy.
This data is collected in accordance with the Google Privacy Policy
(https://policies.google.com/privacy).

To disable telemetry uploading, but keep local data collection, run
\u201cgo telemetry local\u201d.
To disable both collection and uploading, run \u201cgo telemetry off\u201c.
`;

export const command: Command = {
  name: 'telemetry',
  usageLine: 'go telemetry [off|local|on]',
  short: 'manage telemetry data and settings',
  long: `
Telemetry prints the telemetry mode (off, local or on) with no argument, and sets it with one.
"local" keeps usage counters on this machine only; "on" also uploads them; "off" does neither.
'go env GOTELEMETRY' and 'go env GOTELEMETRYDIR' show the mode and where the data lives.
`,
  async run(ctx, args) {
    const { config } = ctx;
    const tel = config.telemetry();
    if (args.length === 0) {
      ctx.stdout.write(tel.mode + '\n');
      return 0;
    }
    if (args.length !== 1 || !isTelemetryMode(args[0]!)) {
      ctx.stderr.write(commandUsage('telemetry'));
      return 2;
    }
    const mode = args[0]!;
    if (tel.mode === mode) return 0;
    if (tel.dir === '') throw new ExitError(`go: failed to set the telemetry mode to ${mode}: cannot determine telemetry mode file name`);
    try {
      writeTelemetryMode(tel.dir, mode);
    } catch (e) {
      throw new ExitError(`go: failed to set the telemetry mode to ${mode}: ${(e as Error).message}`);
    }
    if (mode === 'on') ctx.stderr.write(ON_MESSAGE);
    return 0;
  },
};
