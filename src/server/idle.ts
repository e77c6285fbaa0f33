// How long the server waits without requests before it exits: GOCMD_SERVER_IDLE. Pure.

/** The default idle time: 10 minutes. */
export const DEFAULT_IDLE_MS = 10 * 60 * 1000;

/**
 * GOCMD_SERVER_IDLE as milliseconds: a number of seconds ("90") or a Go-style duration of h/m/s/ms parts
 * ("10m", "1m30s", "500ms"); the default when unset, malformed or not positive.
 */
export function parseIdle(v: string | undefined): number {
  if (v === undefined || v === '') return DEFAULT_IDLE_MS;
  if (/^\d+(\.\d+)?$/.test(v)) {
    const s = Number(v);
    return s > 0 ? s * 1000 : DEFAULT_IDLE_MS;
  }
  const unit: Record<string, number> = { h: 3600e3, m: 60e3, s: 1e3, ms: 1 };
  let total = 0;
  let rest = v;
  while (rest !== '') {
    const m = /^(\d+(?:\.\d+)?)(ms|h|m|s)/.exec(rest);
    if (!m) return DEFAULT_IDLE_MS;
    total += Number(m[1]) * unit[m[2]!]!;
    rest = rest.slice(m[0].length);
  }
  return total > 0 ? total : DEFAULT_IDLE_MS;
}
