// `go install/run pkg@version` before flag parsing (go's maybeSwitchForGoInstallVersion): a best-effort
// read of the command line for the pkg@version argument and -modcacherw, which must be known before
// the module is fetched to learn which Go it needs. Pure.

/** What the best-effort parse found. */
export interface InstallVersionArg {
  /** The package argument ("example.com/cmd@v1.0.0"). */
  pkgArg: string;
  /** -modcacherw's value when given on the command line. */
  modcacherw?: boolean;
}

/** Go's strconv.ParseBool, as flag.boolValue.Set uses it; undefined for bad text. */
function parseBool(s: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false;
  return undefined;
}

/**
 * Reads argv (the words after `go`: "install" or "run" first). isBool says whether a flag of go run
 * is boolean (undefined: no such flag). Returns undefined when no pkg@version argument is found,
 * or when the command line cannot be read reliably.
 */
export function installVersionArg(argv: readonly string[], isBool: (name: string) => boolean | undefined): InstallVersionArg | undefined {
  const cmd = argv[0];
  if (argv.length < 2 || (cmd !== 'install' && cmd !== 'run')) return undefined;
  let pkgArg = '';
  let modcacherw: boolean | undefined;
  let args = argv.slice(1);
  while (args.length > 0) {
    let a = args[0]!;
    args = args.slice(1);
    if (a === '--') {
      if (args.length === 0) return undefined;
      pkgArg = args[0]!;
      break;
    }
    if (!a.startsWith('-')) {
      pkgArg = a;
      break;
    }
    a = a.slice(1);
    if (a.startsWith('-')) a = a.slice(1);
    const eq = a.indexOf('=');
    const name = eq >= 0 ? a.slice(0, eq) : a;
    if (name === 'modcacherw') {
      const v = parseBool(eq >= 0 ? a.slice(eq + 1) : 'true');
      if (v === undefined) return undefined;
      modcacherw = v;
      continue;
    }
    if (eq >= 0) continue;
    const bool = isBool(a);
    if (bool === undefined) {
      // An unknown flag may or may not take a value. go run's package can be anywhere, so give up;
      // go install's is taken to be the last argument, unless a -modcacherw comes first.
      if (cmd === 'run') return undefined;
      while (args.length > 0) {
        const b = args[0]!;
        const bn = b.includes('=') ? b.slice(0, b.indexOf('=')) : b;
        if (bn === '-modcacherw' || bn === '--modcacherw') break;
        if (args.length === 1 && !b.startsWith('-')) pkgArg = b;
        args = args.slice(1);
      }
      continue;
    }
    if (!bool) args = args.slice(1);
  }
  if (pkgArg === '') return undefined;
  return modcacherw === undefined ? { pkgArg } : { pkgArg, modcacherw };
}

/** -modcacherw's value from $GOFLAGS entries (the last one wins), or undefined when absent or bad. */
export function modcacherwFromGOFLAGS(goflags: readonly string[]): boolean | undefined {
  let v: boolean | undefined;
  for (const g of goflags) {
    const f = g.startsWith('--') ? g.slice(2) : g.startsWith('-') ? g.slice(1) : g;
    const eq = f.indexOf('=');
    const name = eq >= 0 ? f.slice(0, eq) : f;
    if (name !== 'modcacherw') continue;
    const b = parseBool(eq >= 0 ? f.slice(eq + 1) : 'true');
    if (b !== undefined) v = b;
  }
  return v;
}
