// The environment go run gives the program: go's own, with $GOROOT/bin first on PATH (base.AppendPATH).

export function runProgramEnv(env: Readonly<Record<string, string | undefined>>, goroot: string): Record<string, string | undefined> {
  if (goroot === '') return { ...env };
  const bin = goroot.replace(/\/+$/, '') + '/bin';
  const path = env['PATH'] ?? '';
  return { ...env, PATH: path === '' ? bin : `${bin}:${path}` };
}
