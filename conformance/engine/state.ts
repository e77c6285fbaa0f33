// The state of one running script: working directory, environment, output buffers, log,
// background commands and the deadline that cancels them.
import { statSync } from 'node:fs';
import { isAbsolute, join, normalize, sep, delimiter } from 'node:path';
import { expand, quoteMeta } from './expand.js';
import { goPathError } from './errors.js';
import type { ParsedCommand } from './parse.js';

/** The result of a finished command. */
export interface Outcome {
  stdout: string;
  stderr: string;
  err: Error | null;
}

/** Collects the outcome of a started command. */
export type WaitFunc = (s: State) => Promise<Outcome>;

export interface BackgroundCmd {
  cmd: ParsedCommand;
  args: string[];
  wait: WaitFunc;
}

export class State {
  readonly workdir: string;
  pwd: string;
  stdout = '';
  stderr = '';
  log = '';
  background: BackgroundCmd[] = [];
  /** Aborted when the script's time is up or the script has ended. */
  readonly abort = new AbortController();
  /** Set by the engine while it executes a script (for 'help'). */
  engine: unknown = null;
  private readonly env = new Map<string, string>();
  private readonly pseudo = new Map<string, string>([
    ['/', sep],
    [':', delimiter],
  ]);

  constructor(workdir: string, initialEnv: Iterable<[string, string]>) {
    this.workdir = normalize(workdir);
    this.pwd = this.workdir;
    for (const [k, v] of initialEnv) this.setenv(k, v);
    this.setenv('PWD', this.workdir);
  }

  /** The environment given to subprocesses, in Go's "key=value" order. */
  environ(): string[] {
    return [...this.env].map(([k, v]) => `${k}=${v}`);
  }

  /** The environment as an object for child_process. */
  envObject(): Record<string, string> {
    return Object.fromEntries(this.env);
  }

  lookupEnv(key: string): string | undefined {
    return this.env.get(key) ?? this.pseudo.get(key);
  }

  setenv(key: string, value: string): void {
    // Re-setting moves the key to the end, like Go's dedup-keeping-last.
    this.env.delete(key);
    this.env.set(key, value);
  }

  /** Replaces ${var} and $var; in regexps, the values are quoted as literals. */
  expandEnv(s: string, inRegexp: boolean): string {
    return expand(s, (name) => {
      const v = this.lookupEnv(name) ?? '';
      return inRegexp ? quoteMeta(v) : v;
    });
  }

  /** The host path for a script path (relative paths are relative to the current directory). */
  path(p: string): string {
    if (isAbsolute(p)) return normalize(p).replace(/(.)\/+$/, '$1');
    return normalize(join(this.pwd, p)).replace(/(.)\/+$/, '$1');
  }

  chdir(p: string): void {
    const dir = this.path(p);
    try {
      statSync(dir);
    } catch (e) {
      throw goPathError('Chdir', dir, e);
    }
    this.pwd = dir;
    this.setenv('PWD', dir);
  }

  logf(text: string): void {
    this.log += text;
  }

  /** Returns the log so far and clears it. */
  takeLog(): string {
    const l = this.log;
    this.log = '';
    return l;
  }

  get aborted(): boolean {
    return this.abort.signal.aborted;
  }
}
