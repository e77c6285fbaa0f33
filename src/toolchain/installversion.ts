// `go install/run pkg@version` before flag parsing (go's maybeSwitchForGoInstallVersion): a best-effort
// scan of the command line finds the pkg@version argument and -modcacherw, and the module providing the
// package is fetched then, with that setting, so a newer toolchain it asks for could be chosen even when
// this one does not know some of the flags. Real flag parsing (and its errors) comes later.
import { isAbsolute } from 'node:path';
import type { Config } from '../cfg/config.js';
import { parseGOFLAGS } from '../cfg/goflags.js';
import { isLocalImport } from '../load/pkgpattern.js';
import { openFetcher } from '../modload/init.js';
import { fetcherQueryRepo, Querier } from '../modload/query.js';
import { queryPackages } from '../modload/queryimport.js';
import { isRevisionQuery } from '../modload/querymatch.js';

/** What the scan found: the pkg@version argument and -modcacherw's value when the command line set it. */
export interface InstallVersionScan {
  pkgArg: string;
  modcacherw?: boolean;
}

/** strconv.ParseBool; undefined for a malformed value. */
export function parseGoBool(s: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false;
  return undefined;
}

/**
 * Scans `go install|run` arguments as go's best effort does. isBool tells whether a flag of go run
 * is boolean (undefined: not a flag go run knows). Returns undefined when there is no usable
 * pkg@version argument (or, for run, when an unknown flag hides where it is).
 */
export function scanInstallVersionArgs(
  cmd: string,
  args: readonly string[],
  isBool: (name: string) => boolean | undefined,
): InstallVersionScan | undefined {
  let pkgArg = '';
  let modcacherw: boolean | undefined;
  let rest = args.slice();
  while (rest.length > 0) {
    const a0 = rest.shift()!;
    if (a0 === '--') {
      if (rest.length === 0) return undefined;
      pkgArg = rest[0]!;
      break;
    }
    if (!a0.startsWith('-')) {
      pkgArg = a0;
      break;
    }
    let a = a0.slice(1);
    if (a.startsWith('-')) a = a.slice(1);
    const eq = a.indexOf('=');
    const name = eq >= 0 ? a.slice(0, eq) : a;
    if (name === 'modcacherw') {
      const v = parseGoBool(eq >= 0 ? a.slice(eq + 1) : 'true');
      if (v === undefined) return undefined;
      modcacherw = v;
      continue;
    }
    if (eq >= 0) continue;
    const bool = isBool(a);
    if (bool === undefined) {
      // go run's arguments follow its package, so an unknown flag leaves no way to find it.
      if (cmd === 'run') return undefined;
      // go install: take the last argument as the package, unless a -modcacherw comes first.
      while (rest.length > 0) {
        const next = rest[0]!;
        const n = next.split('=', 1)[0]!;
        if (n === '-modcacherw' || n === '--modcacherw') break;
        if (rest.length === 1 && !next.startsWith('-')) pkgArg = next;
        rest = rest.slice(1);
      }
      continue;
    }
    if (!bool) rest = rest.slice(1);
  }
  if (!pkgArg.includes('@') || isLocalImport(pkgArg) || isAbsolute(pkgArg)) return undefined;
  return modcacherw === undefined ? { pkgArg } : { pkgArg, modcacherw };
}

/** -modcacherw as $GOFLAGS sets it (the last setting wins), or undefined. */
export function goflagsModcacherw(goflags: string): boolean | undefined {
  let v: boolean | undefined;
  for (const f of parseGOFLAGS(goflags, true)) {
    const name = f.replace(/^--?/, '');
    const eq = name.indexOf('=');
    if ((eq >= 0 ? name.slice(0, eq) : name) !== 'modcacherw') continue;
    v = parseGoBool(eq >= 0 ? name.slice(eq + 1) : 'true') ?? v;
  }
  return v;
}

/**
 * Fetches the module that provides pkg@version, as go does before parsing the flags of
 * `go install|run pkg@version`. Failures are left for the command itself to report.
 */
export async function prefetchInstallVersion(config: Config, scan: InstallVersionScan): Promise<void> {
  const at = scan.pkgArg.indexOf('@');
  const path = scan.pkgArg.slice(0, at);
  const version = scan.pkgArg.slice(at + 1);
  if (path === '' || version === '' || path === 'go' || path === 'toolchain') return;
  const modcacherw = scan.modcacherw ?? goflagsModcacherw(config.getenv('GOFLAGS')) ?? false;
  try {
    const fetcher = openFetcher(config, { cmdName: 'install', modcacherw, stderr: () => {} }, '');
    const q = new Querier({ repo: fetcherQueryRepo(fetcher), mainPaths: new Set() });
    const allowed = isRevisionQuery(path, version) ? undefined : q.checkAllowed;
    await queryPackages(q, {
      mainPath: 'command-line-arguments',
      fetch: async (m) => ({ dir: await fetcher.download(m), isLocal: false }),
      replacement: () => undefined,
    }, path, version, () => 'none', allowed);
  } catch {
    // go only acts on a "requires newer go" error here; gocmd's switch for it happens when the command loads the module.
  }
}
