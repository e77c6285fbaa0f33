// Reads the GODEBUG settings the cache honours (gocachehash, gocacheverify, gocachetest), later keys winning as in go.

/** Parses a GODEBUG string "k=v,k2=v2"; later settings override earlier ones; "v#pattern" keeps only v. */
export function parseGODEBUG(s: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const part of s.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    let v = part.slice(eq + 1);
    const h = v.indexOf('#');
    if (h >= 0) v = v.slice(0, h);
    m.set(part.slice(0, eq), v);
  }
  return m;
}

export interface CacheDebug {
  /** GODEBUG=gocachehash=1: print every hash input to stderr. */
  hash: boolean;
  /** GODEBUG=gocacheverify=1: Get always misses; Put checks reproducibility. */
  verify: boolean;
  /** GODEBUG=gocachetest=1: explain test cache decisions. */
  test: boolean;
}

export function cacheDebugFromEnv(env: NodeJS.ProcessEnv = process.env): CacheDebug {
  const m = parseGODEBUG(env['GODEBUG'] ?? '');
  return { hash: m.get('gocachehash') === '1', verify: m.get('gocacheverify') === '1', test: m.get('gocachetest') === '1' };
}

let current: CacheDebug | undefined;

/** The process-wide debug settings (read from the environment once, overridable for tests). */
export function cacheDebug(): CacheDebug {
  current ??= cacheDebugFromEnv();
  return current;
}

/** Forgets the settings, so the next use reads GODEBUG again (resident server). */
export function forgetCacheDebug(): void {
  current = undefined;
}

export function setCacheDebug(d: Partial<CacheDebug>): void {
  current = { ...cacheDebug(), ...d };
}
