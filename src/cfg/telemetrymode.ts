// The telemetry mode file (<UserConfigDir>/go/telemetry/mode) as golang.org/x/telemetry writes it:
// "<mode> <YYYY-MM-DD>", the date in UTC recording when the mode took effect.
import { join } from 'node:path';
import { mkdirSync, writeFileSync } from 'node:fs';

export const TELEMETRY_MODES = ['off', 'local', 'on'] as const;

export function isTelemetryMode(s: string): boolean {
  return (TELEMETRY_MODES as readonly string[]).includes(s);
}

/** The mode file's contents for mode set at now. */
export function modeFileText(mode: string, now: Date): string {
  return `${mode} ${now.toISOString().slice(0, 10)}`;
}

/**
 * Writes the mode file under the telemetry directory as x/telemetry does: the directory made with
 * mode 0755 whatever the umask allows beyond it, the file rewritten in place (a symlink stays one).
 */
export function writeTelemetryMode(telemetryDir: string, mode: string, now = new Date()): void {
  mkdirSync(telemetryDir, { recursive: true, mode: 0o755 });
  writeFileSync(join(telemetryDir, 'mode'), modeFileText(mode, now), { mode: 0o666 });
}
