// The resident server's two clients (src/server/client: client.c, the one `npm run build` ships, and the Go
// fallback), built into a test's directory so a test can run each in turn from a shipped copy of gocmd.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../../..');
const CLIENT_SRC = join(ROOT, 'src', 'server', 'client');

/**
 * Builds both clients into dir: kind ("C", "Go") → binary. C is left out when there is no C compiler;
 * a compiler that fails, or a Go client that does not build, is an error.
 */
export function buildClients(dir: string): Map<string, string> {
  const clients = new Map<string, string>();
  const c = spawnSync(process.env['CC'] || 'cc', ['-O2', '-o', join(dir, 'client-c'), join(CLIENT_SRC, 'client.c')], { encoding: 'utf8' });
  if (c.status === 0) clients.set('C', join(dir, 'client-c'));
  else if (c.error === undefined) throw new Error(`building client.c: ${c.stderr}`);
  const g = spawnSync(process.execPath, [join(ROOT, 'build', 'src', 'main.js'), 'build', '-o', join(dir, 'client-go'), '.'], {
    cwd: CLIENT_SRC, encoding: 'utf8',
    env: { ...process.env, CGO_ENABLED: '0', GOFLAGS: '-buildvcs=false', GOWORK: 'off', GOCMD_SPAWNER: 'off' },
  });
  if (g.status !== 0) throw new Error(`building the Go client: ${g.stderr}`);
  clients.set('Go', join(dir, 'client-go'));
  return clients;
}

/** Puts client in the shipped copy's dist/ (ship as shippedCLI made it), where bin/gocmd and links find it. */
export function installClient(ship: string, client: string): string {
  const dest = join(ship, 'dist', 'gocmd-client');
  rmSync(dest, { force: true });
  copyFileSync(client, dest);
  chmodSync(dest, 0o755);
  return dest;
}
