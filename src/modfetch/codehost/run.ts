// Running version control tools as go's codehost.Run does: one command at a time per directory,
// go's RunError text, and -x trace lines.
import { spawn } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

type Env = Readonly<Record<string, string | undefined>>;

/** A failed command: "<cmd> in <dir>: <err>" with its stderr indented below (go's RunError). */
export class RunError extends Error {
  helpText = '';
  constructor(
    readonly cmd: string,
    readonly errText: string,
    readonly stderr: Buffer,
    /** The exit status, or -1 when the command did not run or died of a signal. */
    readonly exitCode: number,
  ) {
    super('');
    this.name = 'RunError';
    this.message = this.text();
  }

  private text(): string {
    let t = `${this.cmd}: ${this.errText}`;
    const s = this.stderr.toString('utf8').replace(/\n+$/, '');
    if (s !== '') t += ':\n\t' + s.replaceAll('\n', '\n\t');
    if (this.helpText !== '') t += '\n' + this.helpText;
    return t;
  }

  setHelpText(h: string): void {
    this.helpText = h;
    this.message = this.text();
  }
}

export interface RunOptions {
  dir: string;
  /** Variables set on top of the process environment. */
  env?: Record<string, string>;
  baseEnv: Env;
  /** -x: receives the command line before and the time after. */
  trace?: (line: string) => void;
}

/** exec.LookPath over PATH: the executable's path, or go's error text. */
export function lookPath(name: string, env: Env): { path?: string; err?: string } {
  if (name.includes('/')) return { path: name };
  for (const d of (env.PATH ?? '').split(delimiter)) {
    const p = join(d === '' ? '.' : d, name);
    try {
      if (!statSync(p).isDirectory()) {
        accessSync(p, constants.X_OK);
        return { path: p };
      }
    } catch {
      // next
    }
  }
  return { err: `exec: ${JSON.stringify(name)}: executable file not found in $PATH` };
}

const bashQuote = (s: string): string => s.replace(/["$`\\]/g, (c) => '\\' + c);

/** The command line as go's -x shows it. */
export function traceText(dir: string, args: string[]): string {
  let t = dir !== '' ? `cd ${dir}; ` : '';
  t += args
    .map((a) => {
      if (a.includes("'")) return `"${bashQuote(a)}"`;
      if (/[$`\\*?["\t\n\v\f\r \u0085\u00a0]/.test(a)) return `'${a}'`;
      return a;
    })
    .join(' ');
  return t;
}

const dirLocks = new Map<string, Promise<void>>();

/** Runs args in dir (one command at a time per directory); resolves to stdout or rejects with RunError. */
export async function run(args: string[], o: RunOptions): Promise<Buffer> {
  const prev = dirLocks.get(o.dir) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((r) => (release = r));
  const chained = prev.then(() => mine);
  dirLocks.set(o.dir, chained);
  await prev;
  try {
    return await runUnlocked(args, o);
  } finally {
    release();
    if (dirLocks.get(o.dir) === chained) dirLocks.delete(o.dir);
  }
}

async function runUnlocked(args: string[], o: RunOptions): Promise<Buffer> {
  const text = traceText(o.dir, args);
  const start = Date.now();
  o.trace?.(text);
  const cmdText = `${args.join(' ')} in ${o.dir}`;
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(o.baseEnv)) if (v !== undefined) env[k] = v;
  Object.assign(env, o.env ?? {});
  try {
    const found = lookPath(args[0]!, env);
    if (found.err !== undefined) throw new RunError(cmdText, found.err, Buffer.alloc(0), -1);
    return await new Promise<Buffer>((resolve, reject) => {
      const child = spawn(found.path!, args.slice(1), { cwd: o.dir || undefined, env, stdio: ['ignore', 'pipe', 'pipe'] });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (b: Buffer) => out.push(b));
      child.stderr.on('data', (b: Buffer) => err.push(b));
      child.on('error', (e) => reject(new RunError(cmdText, e.message, Buffer.concat(err), -1)));
      child.on('close', (code, signal) => {
        if (code === 0) resolve(Buffer.concat(out));
        else if (signal) reject(new RunError(cmdText, `signal: ${signalName(signal)}`, Buffer.concat(err), -1));
        else reject(new RunError(cmdText, `exit status ${code}`, Buffer.concat(err), code ?? -1));
      });
    });
  } finally {
    o.trace?.(`${((Date.now() - start) / 1000).toFixed(3)}s # ${text}`);
  }
}

/** Go's names for the signals a tool usually dies of. */
function signalName(s: NodeJS.Signals): string {
  const names: Record<string, string> = { SIGKILL: 'killed', SIGTERM: 'terminated', SIGINT: 'interrupt', SIGSEGV: 'segmentation fault', SIGPIPE: 'broken pipe', SIGABRT: 'aborted', SIGQUIT: 'quit' };
  return names[s] ?? s;
}
