// For tests: the gocmd-spawner binary, as `npm run build` leaves it in dist/, or built once per test process with the compiled CLI.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
let built: string | undefined;

/** Path of a gocmd-spawner binary; throws when it cannot be built. */
export function testSpawner(): string {
  const dist = join(ROOT, 'dist', 'gocmd-spawner');
  if (existsSync(dist)) return dist;
  if (built) return built;
  const bin = join(mkdtempSync(join(tmpdir(), 'gocmd-spawner-')), 'gocmd-spawner');
  const r = spawnSync(process.execPath, [join(ROOT, 'build', 'src', 'main.js'), 'build', '-o', bin, '.'], {
    cwd: join(ROOT, 'src', 'base', 'spawner'), encoding: 'utf8',
    env: { ...process.env, CGO_ENABLED: '0', GOFLAGS: '-buildvcs=false', GOWORK: 'off', GOCMD_SPAWNER: 'off' },
  });
  if (r.status !== 0) throw new Error(`building gocmd-spawner: ${r.stderr}`);
  built = bin;
  return bin;
}
