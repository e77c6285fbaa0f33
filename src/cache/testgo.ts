// Test support: locating and running the real go command (for comparisons only; never used by gocmd itself).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { mkdirAll } from '../base/mkdirall.js';

export const GOROOT = process.env['GOROOT'] || '/usr/local/go';
export const GO = join(GOROOT, 'bin', 'go');
export const haveGo = existsSync(GO);

/** Runs real go with a clean, local-only environment; returns stdout, stderr and status. */
export function runGo(args: string[], opts: { cwd: string; env?: Record<string, string> }): { stdout: string; stderr: string; status: number } {
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: process.env['HOME'] ?? tmpdir(),
    GOROOT,
    GOTOOLCHAIN: 'local',
    GOFLAGS: '',
    GOPROXY: 'off',
    GOENV: 'off',
    GO111MODULE: 'on',
    ...opts.env,
  };
  const r = spawnSync(GO, args, { cwd: opts.cwd, env, encoding: 'utf8', maxBuffer: 256 << 20 });
  return { stdout: r.stdout ?? '', stderr: r.stderr ?? '', status: r.status ?? -1 };
}

/** Writes a txtar-like map of files into a fresh temp dir and returns it. */
export function writeTree(files: Record<string, string>, prefix = 'gocmd-h5-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const [name, text] of Object.entries(files)) {
    mkdirAll(dirname(join(dir, name)));
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** The shared GOCACHE for tests that need the standard library compiled (see scripts/run-tests.mjs). */
export function sharedGocache(): string {
  const d = process.env['GOCMD_TEST_GOCACHE'] || join(tmpdir(), 'gocmd-test-gocache');
  mkdirAll(d);
  return d;
}
