// Test helpers: locating the real go binary and running it, for side-by-side comparisons.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { findGOROOT } from './goroot.js';

/** The real go binary of the toolchain gocmd uses, or undefined when there is none. */
export function realGo(): string | undefined {
  const goroot = findGOROOT(process.env.GOROOT, process.env.PATH);
  const p = goroot ? join(goroot, 'bin', 'go') : '';
  return p && existsSync(p) ? p : undefined;
}

export interface Ran {
  stdout: string;
  stderr: string;
  code: number;
}

/** Runs the real go with args in env (which replaces the process environment) and cwd. */
export function runRealGo(args: string[], env: Record<string, string | undefined>, cwd: string): Ran {
  const go = realGo();
  if (!go) throw new Error('no go binary');
  const clean: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) clean[k] = v;
  const r = spawnSync(go, args, { env: clean, cwd, encoding: 'utf8', input: '' });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status ?? -1 };
}

/** A fresh temporary directory. */
export function tempDir(prefix = 'gocmd-cfg-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Replaces go's random $WORK names (go-build123456) so outputs compare equal. */
export function normWork(s: string): string {
  return s.replace(/go-build\d+/g, 'go-buildN');
}

import { Writable } from 'node:stream';

/** A Writable that keeps what is written. */
export class Collect extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.text += chunk.toString();
    cb();
  }
}
