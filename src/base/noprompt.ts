// The environment go gives git and its tools so that nothing asks for a password (go's modload.Init).
/**
 * GIT_TERMINAL_PROMPT=0 and GCM_INTERACTIVE=never where env leaves them empty: go sets these in its own
 * environment when it starts module mode, so git (run to fetch modules, or by GOAUTH=git) fails rather than
 * asks for a password on the terminal, and every tool it runs inherits them. Programs the user runs
 * (`go run`, test binaries, `go generate`, `go tool`) get the environment as it was instead.
 */
export function noPromptEnv(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  if ((env['GIT_TERMINAL_PROMPT'] ?? '') === '') out['GIT_TERMINAL_PROMPT'] = '0';
  if ((env['GCM_INTERACTIVE'] ?? '') === '') out['GCM_INTERACTIVE'] = 'never';
  return out;
}
