// `go bug`: a new-issue URL pre-filled with this system's details, opened in the browser (or printed).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from './command.js';
import { ExitError } from './command.js';
import type { FlagSet, Ref } from '../lib/flags.js';
import type { Config } from '../cfg/config.js';
import { queryEscape } from '../lib/template/index.js';
import { costlyEnv, formatEnvShell } from './env.js';
import { openBrowser } from './browser.js';

let bugV: Ref<boolean>;

const HEADER = '<!-- Please answer these questions before submitting your issue. Thanks! -->\n\n';
const FOOTER = '### What did you do?\n\n<!--\nIf possible, provide a recipe for reproducing the error.\n' +
  'A complete runnable program is good.\nA link on go.dev/play is best.\n-->\n\n\n\n' +
  '### What did you expect to see?\n\n\n\n### What did you see instead?\n\n';

/** The first line of a command's output, trimmed. */
export function firstLine(s: string): string {
  const i = s.indexOf('\n');
  return (i > 0 ? s.slice(0, i) : s).trim();
}

/** Where ldd says the C library is ("libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x...)"). */
export function libcPath(ldd: string): string | undefined {
  return /libc\.so[^ ]* => ([^ ]+)/.exec(ldd)?.[1];
}

/** os/exec's text for a failed run: a missing program or its exit status. */
export function execErrorText(file: string, e: unknown): string {
  const err = e as NodeJS.ErrnoException & { status?: number | null; signal?: string | null };
  if (err.code === 'ENOENT') return file.includes('/') ? `fork/exec ${file}: no such file or directory` : `exec: "${file}": executable file not found in $PATH`;
  if (typeof err.status === 'number') return `exit status ${err.status}`;
  if (err.signal) return `signal: ${err.signal}`;
  return err.message.split('\n')[0]!;
}

/** Runs a best-effort probe; failures are reported only under -v, on stdout as go does. */
class Probe {
  constructor(private readonly env: NodeJS.ProcessEnv, private readonly verbose: (s: string) => void) {}

  output(file: string, args: string[], combined = false, failPrefix = `${file} ${args.join(' ')}: `): string | undefined {
    try {
      return execFileSync(file, args, { env: this.env, stdio: ['ignore', 'pipe', combined ? 'pipe' : 'ignore'], encoding: 'utf8', timeout: 60_000 });
    } catch (e) {
      this.verbose(`${failPrefix}${execErrorText(file, e)}\n`);
      return undefined;
    }
  }

  /** go's printCmdOut: "<prefix><trimmed output>" when the command succeeds. */
  line(prefix: string, file: string, ...args: string[]): string {
    const out = this.output(file, args);
    return out === undefined ? '' : `${prefix}${out.trim()}\n`;
  }
}

/** The C library's own version banner, found through a throwaway C program linked against it. */
function glibcVersion(p: Probe): string {
  let dir: string;
  try {
    dir = mkdtempSync(join(tmpdir(), 'go-bug'));
  } catch {
    return '';
  }
  try {
    const src = join(dir, 'go-bug.c');
    const exe = join(dir, 'go-bug');
    writeFileSync(src, 'int main() {}');
    if (p.output('gcc', ['-o', exe, src], true) === undefined) return '';
    const ldd = p.output('ldd', [exe], true);
    const libc = ldd === undefined ? undefined : libcPath(ldd);
    if (!libc) return '';
    const out = p.output(libc, []);
    if (out === undefined) return '';
    let s = `${libc}: ${firstLine(out)}\n`;
    const nl = out.indexOf('\n');
    if (out.includes('musl') && nl > -1) s += firstLine(out.slice(nl + 1)) + '\n';
    return s;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function osDetails(config: Config, p: Probe): string {
  switch (config.gohostos) {
    case 'darwin': case 'ios':
      return p.line('uname -v: ', 'uname', '-v') + p.line('', 'sw_vers');
    case 'linux':
      return p.line('uname -sr: ', 'uname', '-sr') + p.line('', 'lsb_release', '-a') + glibcVersion(p);
    case 'openbsd': case 'netbsd': case 'freebsd': case 'dragonfly':
      return p.line('uname -v: ', 'uname', '-v');
  }
  return '';
}

function bugBody(config: Config, p: Probe): string {
  const version = `go version ${config.runtimeVersion} ${config.gohostos}/${config.gohostarch}`;
  let b = HEADER;
  b += '### What version of Go are you using (`go version`)?\n\n<pre>\n$ go version\n' + version + '\n</pre>\n\n';
  b += '### Does this issue reproduce with the latest release?\n\n\n';
  b += '### What operating system and processor architecture are you using (`go env`)?\n\n';
  b += '<details><summary><code>go env</code> Output</summary><br><pre>\n$ go env\n';
  b += formatEnvShell([...config.envVars(), ...config.modEnvVars(), ...costlyEnv(config)], false, config.gohostos);
  // gocmd is GOROOT's go command: its version is the line above; the compiler is asked directly.
  b += `GOROOT/bin/go version: ${version}\n`;
  b += p.line('GOROOT/bin/go tool compile -V: ', config.tool('compile'), '-V');
  b += osDetails(config, p);
  b += p.line('lldb --version: ', 'lldb', '--version');
  const gdb = p.output('gdb', ['--version'], false, 'failed to run gdb --version: ');
  if (gdb !== undefined) b += `gdb --version: ${firstLine(gdb)}\n`;
  b += '</pre></details>\n\n';
  return b + FOOTER;
}

export const command: Command = {
  name: 'bug',
  usageLine: 'go bug',
  short: 'start a bug report',
  long: '\nBug opens a new issue in the browser, filled in with the details of this system.\n',
  flags(fs: FlagSet) {
    bugV = fs.bool('v');
  },
  async run(ctx, args) {
    if (args.length > 0) throw new ExitError('go: bug takes no arguments');
    const { config } = ctx;
    const verbose = (s: string): void => { if (bugV.value) ctx.stdout.write(s); };
    const body = bugBody(config, new Probe(config.osEnv, verbose));
    const url = 'https://github.com/golang/go/issues/new?body=' + queryEscape(body);
    if (!(await openBrowser(url, (k) => config.osEnv[k] ?? '', config.gohostos, config.osEnv))) {
      ctx.stdout.write('Please file a new issue at golang.org/issue/new using this template:\n\n' + body);
    }
    return 0;
  },
};
