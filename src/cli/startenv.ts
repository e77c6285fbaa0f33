// Start-up: put back NODE_EXTRA_CA_CERTS, which bin/gocmd keeps from node's eager CA load, and take the
// launcher's path out of the environment; imported first by main.ts.
import { adoptSelfExecutable } from '../cfg/selfexe.js';

/** The variable bin/gocmd moves NODE_EXTRA_CA_CERTS to. */
export const DEFERRED_CA_VAR = 'GOCMD_NODE_EXTRA_CA_CERTS';

/**
 * Restores NODE_EXTRA_CA_CERTS from its deferred name so that gocmd's configuration, the programs it runs
 * (`go run`, tools) and its own HTTPS client (modfetch/web.ts reads the file itself) all see it unchanged.
 */
export function restoreDeferredEnv(env: NodeJS.ProcessEnv): void {
  const v = env[DEFERRED_CA_VAR];
  if (v === undefined) return;
  delete env[DEFERRED_CA_VAR];
  if (env.NODE_EXTRA_CA_CERTS === undefined) env.NODE_EXTRA_CA_CERTS = v;
}

restoreDeferredEnv(process.env);
adoptSelfExecutable(process.env, process.cwd());
