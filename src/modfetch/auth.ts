// GOAUTH credentials for HTTPS requests (go 1.24+): off, netrc, git DIR and custom commands, cached per URL prefix.
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { splitQuoted } from '../lib/quoted.js';
import { basicAuth, credentialKey, formatResponseForCommand, parseGitAuth, parseUserAuth, type HeaderList } from './authparse.js';
import { FatalError, errText } from './errors.js';
import { readNetrc } from './netrc.js';

type Env = Readonly<Record<string, string | undefined>>;

/** The failed response a retry passes to GOAUTH commands on stdin. */
export interface AuthResponse {
  status: string;
  rawHeaders: readonly string[];
}

export interface AuthOptions {
  goauth: string;
  env: Env;
  /** -x: where "GOAUTH encountered errors" lines go. */
  log?: (line: string) => void;
  /** Sends a HEAD request with headers and resolves to its status (to approve or reject git credentials). */
  head?: (u: URL, headers: HeaderList) => Promise<number>;
}

interface CmdResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  spawnErr?: Error;
}

/** Runs argv[0] with args, feeding stdin (or nothing), collecting output. */
function run(argv: readonly string[], o: { stdin?: string; cwd?: string; env: Env; combined?: boolean }): Promise<CmdResult> {
  return new Promise((resolve) => {
    let out = '';
    let err = '';
    const p = spawn(argv[0]!, argv.slice(1), { cwd: o.cwd, env: o.env as NodeJS.ProcessEnv, stdio: ['pipe', 'pipe', 'pipe'] });
    p.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    p.stderr.setEncoding('utf8').on('data', (d: string) => (o.combined ? (out += d) : (err += d)));
    p.stdin.on('error', () => {});
    p.stdin.end(o.stdin ?? '');
    p.on('error', (e) => resolve({ code: null, signal: null, stdout: out, stderr: err, spawnErr: e }));
    p.on('close', (code, signal) => resolve({ code, signal, stdout: out, stderr: err }));
  });
}

/** go's text for an exec failure: "exit status N", "signal: killed", `exec: "x": executable file not found in $PATH`. */
function execErrText(r: CmdResult, name: string): string {
  if (r.spawnErr) {
    const code = (r.spawnErr as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return name.includes('/') ? `fork/exec ${name}: no such file or directory` : `exec: ${JSON.stringify(name)}: executable file not found in $PATH`;
    if (code === 'EACCES') return `fork/exec ${name}: permission denied`;
    return r.spawnErr.message;
  }
  if (r.signal) return `signal: ${signalName(r.signal)}`;
  return `exit status ${r.code}`;
}

function signalName(s: NodeJS.Signals): string {
  const names: Record<string, string> = { SIGKILL: 'killed', SIGTERM: 'terminated', SIGINT: 'interrupt', SIGSEGV: 'segmentation fault', SIGABRT: 'aborted', SIGPIPE: 'broken pipe', SIGHUP: 'hangup' };
  return names[s] ?? s;
}

/** The credential provider for one command run (go keeps one process-wide cache). */
export class Auth {
  private readonly cache = new Map<string, HeaderList>();
  private first?: Promise<void>;
  constructor(private readonly opts: AuthOptions) {}

  /**
   * The headers to send with a GET of u (https only). With failed set, the first try was answered
   * with a 4xx: the GOAUTH commands run again with u's text and that response.
   */
  async credentials(u: URL, failed?: AuthResponse): Promise<HeaderList | undefined> {
    if (u.protocol !== 'https:') throw new Error('GOAUTH called without https');
    if (this.opts.goauth === 'off') return undefined;
    this.first ??= this.runAll(undefined, '');
    await this.first;
    if (failed) await this.runAll(failed, u.href);
    return this.load(u.href);
  }

  /** loadCredential: the headers stored for the longest stored prefix of url. */
  load(url: string): HeaderList | undefined {
    let p = credentialKey(url);
    for (;;) {
      const h = this.cache.get(p);
      if (h) return h;
      const i = p.lastIndexOf('/');
      if (i < 0) return undefined;
      p = p.slice(0, i);
    }
  }

  private store(prefix: string, header: HeaderList): void {
    const k = credentialKey(prefix);
    if (header.length === 0) this.cache.delete(k);
    else this.cache.set(k, header);
  }

  /** runGoAuth: every GOAUTH method, last first, so that earlier ones take precedence. */
  private async runAll(res: AuthResponse | undefined, url: string): Promise<void> {
    const goauth = this.opts.goauth;
    const cmds = goauth.split(';').reverse();
    const errs: string[] = [];
    for (const raw of cmds) {
      const command = raw.trim();
      const words = command.split(/\s+/).filter((w) => w !== '');
      if (words.length === 0) throw new FatalError(`go: GOAUTH encountered an empty command (GOAUTH=${goauth})`);
      switch (words[0]) {
        case 'off':
          if (cmds.length !== 1) throw new FatalError(`go: GOAUTH=off cannot be combined with other authentication commands (GOAUTH=${goauth})`);
          return;
        case 'netrc': {
          let lines;
          try {
            lines = readNetrc(this.opts.env, true);
          } catch (e) {
            errs.push(`GOAUTH=${command}: ${errText(e)}`);
            continue;
          }
          for (let i = lines.length - 1; i >= 0; i--) this.store(lines[i]!.machine, [['Authorization', basicAuth(lines[i]!.login, lines[i]!.password)]]);
          break;
        }
        case 'git': {
          const dir = checkGitDir(words);
          if (url === '') continue; // git needs an explicit URL: only on a retry
          try {
            const { prefix, header } = await this.gitAuth(dir, url);
            this.store(prefix, header);
          } catch (e) {
            errs.push(`GOAUTH=${command}: ${errText(e)}`);
          }
          break;
        }
        default:
          try {
            for (const [prefix, header] of await this.runCommand(command, url, res)) this.store(prefix, header);
          } catch (e) {
            errs.push(`GOAUTH=${command}: ${errText(e)}`);
          }
      }
    }
    if (this.opts.log && url !== '' && errs.length > 0 && !this.load(url)) {
      this.opts.log(`GOAUTH encountered errors for ${url}:`);
      for (const e of errs) this.opts.log(`  ${e}`.replace(/\n$/, '')); // log.Printf ends a line once
    }
  }

  /** A custom command: URL as its last argument on retries, the failed response on stdin. */
  private async runCommand(command: string, url: string, res: AuthResponse | undefined): Promise<Map<string, HeaderList>> {
    let argv: string[];
    try {
      argv = splitQuoted(command);
    } catch (e) {
      throw new Error(`cannot parse GOAUTH command ${command}: ${errText(e)}`);
    }
    if (url !== '') argv.push(url);
    const r = await run(argv, { stdin: res ? formatResponseForCommand(res) : undefined, env: this.opts.env });
    if (r.spawnErr || r.code !== 0) throw new Error(`could not run command ${command}: ${execErrText(r, argv[0]!)}\n${r.stderr}`);
    try {
      return parseUserAuth(r.stdout);
    } catch (e) {
      throw new Error(`cannot parse output of GOAUTH command ${command}: ${errText(e)}`);
    }
  }

  /** `git credential fill` in dir for url; approves or rejects the credential in the background. */
  private async gitAuth(dir: string, url: string): Promise<{ prefix: string; header: HeaderList }> {
    const r = await run(['git', 'credential', 'fill'], { cwd: dir, stdin: `url=${url}\n`, env: this.opts.env, combined: true });
    if (r.spawnErr || r.code !== 0) throw new Error(`'git credential fill' failed (url=${url}): ${execErrText(r, 'git')}\n${r.stdout}`);
    const { prefix, username, password } = parseGitAuth(r.stdout);
    if (prefix === '') throw new Error(`'git credential fill' failed for url=${url}, could not parse url\n`);
    if (!url.startsWith(prefix)) throw new Error(`requested a credential for ${url}, but 'git credential fill' provided one for ${prefix}\n`);
    const header: HeaderList = [['Authorization', basicAuth(username, password)]];
    const head = this.opts.head;
    if (head) {
      // Tell git's credential helper whether the credential works (go does this in a goroutine, at most 3 tries).
      void (async () => {
        for (let i = 0; i < 3; i++) {
          let status: number;
          try {
            status = await head(new URL(prefix), header);
          } catch {
            continue;
          }
          if (status === 200 || status === 401) {
            await run(['git', 'credential', status === 200 ? 'approve' : 'reject'], { cwd: dir, stdin: r.stdout, env: this.opts.env });
            return;
          }
        }
      })().catch(() => {});
    }
    return { prefix, header };
  }
}

/** Checks a "git DIR" GOAUTH method as go does (fatal errors) and returns DIR. */
function checkGitDir(words: readonly string[]): string {
  if (words.length !== 2) throw new FatalError('go: GOAUTH=git dir method requires an absolute path to the git working directory');
  const dir = words[1]!;
  if (!isAbsolute(dir)) throw new FatalError('go: GOAUTH=git dir method requires an absolute path to the git working directory, dir is not absolute');
  let isDir: boolean;
  try {
    isDir = statSync(dir).isDirectory();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : code === 'ENOTDIR' ? 'not a directory' : errText(e);
    throw new FatalError(`go: GOAUTH=git encountered an error; cannot stat ${dir}: stat ${dir}: ${why}`);
  }
  if (!isDir) throw new FatalError('go: GOAUTH=git dir method requires an absolute path to the git working directory, dir is not a directory');
  return dir;
}
