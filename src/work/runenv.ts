// The environment go run and go test give the program: the one gocmd started with (go's cfg.OrigEnv,
// not the tools' environment with GOROOT/GOOS/... filled in, which could hide a program's reliance on
// them), less the toolchain-switch counter, with $GOROOT/bin first on PATH (base.AppendPATH).

/** Set by a toolchain switch for the switched-to go only; go's toolchain.FilterEnv drops it. */
const SWITCH_COUNT_ENV = 'GOTOOLCHAIN_INTERNAL_SWITCH_COUNT';

export function runProgramEnv(env: Readonly<Record<string, string | undefined>>, goroot: string): Record<string, string | undefined> {
  const out = { ...env };
  delete out[SWITCH_COUNT_ENV];
  if (goroot === '') return out;
  const bin = goroot.replace(/\/+$/, '') + '/bin';
  const path = env['PATH'] ?? '';
  return { ...out, PATH: path === '' ? bin : `${bin}:${path}` };
}
