// The default script commands (cat, cd, chmod, cmp, cmpenv, cp, echo, env, exec, exists, grep,
// help, mkdir, mv, replace, rm, skip, sleep, stderr, stdout, stop, symlink, wait).
import { chmodSync, readFileSync, renameSync, rmSync, statSync, lstatSync, mkdirSync, symlinkSync, writeFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Stats } from 'node:fs';
import type { Cmd, CmdUsage } from './cmd.js';
import { output } from './cmd.js';
import type { State, WaitFunc } from './state.js';
import { CommandError, DeadlineError, SkipError, StopError, UsageError, WaitError, goLinkError, goPathError } from './errors.js';
import { lookPath, startCommand } from './exec.js';
import { compileRegexp } from './regexp.js';
import { lineDiff } from './diff.js';
import { parseDuration, parseUintBase0, replaceAllPairs, unquoteGo } from './gostrings.js';
import { quoteArgs } from './parse.js';
import { checkStatus } from './status.js';

function command(usage: CmdUsage, run: (s: State, args: string[]) => Promise<WaitFunc | null> | WaitFunc | null): Cmd {
  return { usage, run: async (s, args) => run(s, args) };
}

/** Index of the first argument that is not a flag (the regexp of stdout/stderr/grep). */
export function firstNonFlag(rawArgs: string[]): number[] {
  for (let i = 0; i < rawArgs.length; i++) {
    const a = rawArgs[i]!;
    if (!a.startsWith('-')) return [i];
    if (a === '--') return [i + 1];
  }
  return [];
}

function readFile(s: State, name: string): string {
  const p = s.path(name);
  try {
    return readFileSync(p, 'utf8');
  } catch (e) {
    throw goPathError((e as NodeJS.ErrnoException).code === 'EISDIR' ? 'read' : 'open', p, e);
  }
}

function stat(p: string): Stats {
  try {
    return statSync(p);
  } catch (e) {
    throw goPathError('stat', p, e);
  }
}

function doCompare(s: State, env: boolean, args: string[]): void {
  let quiet = false;
  if (args[0] === '-q') {
    quiet = true;
    args = args.slice(1);
  }
  if (args.length !== 2) throw new UsageError();
  const [name1, name2] = args as [string, string];
  let text1 = name1 === 'stdout' ? s.stdout : name1 === 'stderr' ? s.stderr : readFile(s, name1);
  let text2 = readFile(s, name2);
  if (env) {
    text1 = s.expandEnv(text1, false);
    text2 = s.expandEnv(text2, false);
  }
  if (text1 !== text2) {
    if (!quiet) s.logf(lineDiff(name1, text1, name2, text2) + '\n');
    throw new Error(`${name1} and ${name2} differ`);
  }
}

const MATCH_USAGE = "[-count=N] [-q] 'pattern'";

/** Implements stdout, stderr and grep. */
function match(s: State, args: string[], text: string, name: string): void {
  let n = 0;
  if (args.length >= 1 && args[0]!.startsWith('-count=')) {
    const v = args[0]!.slice('-count='.length);
    if (!/^[+-]?\d+$/.test(v)) throw new Error(`bad -count=: strconv.Atoi: parsing ${JSON.stringify(v)}: invalid syntax`);
    n = parseInt(v, 10);
    if (n < 1) throw new Error('bad -count=: must be at least 1');
    args = args.slice(1);
  }
  let quiet = false;
  if (args.length >= 1 && args[0] === '-q') {
    quiet = true;
    args = args.slice(1);
  }
  const isGrep = name === 'grep';
  if (args.length !== (isGrep ? 2 : 1)) throw new UsageError();
  const pattern = '(?m)' + args[0]!;
  const re = compileRegexp(pattern);
  if (isGrep) {
    name = args[1]!;
    text = readFile(s, args[1]!);
  }
  if (n > 0) {
    const count = re.count(text);
    if (count !== n) throw new Error(`found ${count} matches for ${backquote(pattern)} in ${name}`);
    return;
  }
  const loc = re.find(text);
  if (!loc) throw new Error(`no match for ${backquote(pattern)} in ${name}`);
  if (!quiet) {
    let [a, b] = loc;
    while (a > 0 && text[a - 1] !== '\n') a--;
    while (b < text.length && text[b] !== '\n') b++;
    s.logf(`matched: ${text.slice(a, b).replace(/\n$/, '')}\n`);
  }
}

/** Go's %#q: a raw backquoted string when possible, else a quoted one. */
export function backquote(s: string): string {
  if (!s.includes('`') && !/[\x00-\x08\x0a-\x1f\x7f]/.test(s)) return '`' + s + '`';
  return JSON.stringify(s);
}

/** rm -rf that first makes directories writable (the module cache has read-only ones). */
export function removeAll(p: string): void {
  const makeWritable = (q: string): void => {
    let st;
    try {
      st = lstatSync(q);
    } catch {
      return;
    }
    if (!st.isDirectory()) return;
    try {
      chmodSync(q, 0o777);
    } catch {
      // ignore
    }
    let names: string[] = [];
    try {
      names = readdirSync(q);
    } catch {
      return;
    }
    for (const n of names) makeWritable(join(q, n));
  };
  makeWritable(p);
  try {
    rmSync(p, { recursive: true, force: true, maxRetries: 3 });
  } catch (e) {
    throw goPathError('unlinkat', p, e);
  }
}

export interface ExecOptions {
  graceMs: number;
}

export function execCmd(opts: ExecOptions): Cmd {
  return command(
    { summary: 'run an executable program with arguments', args: 'program [args...]', async: true, detail: ["Note that 'exec' does not terminate the script (unlike Unix shells)."] },
    async (s, args) => {
      if (args.length < 1) throw new UsageError();
      const name = args[0]!;
      const path = name.includes('/') ? name : lookPath(s, name);
      return startCommand(s, name, path, args.slice(1), { graceMs: opts.graceMs });
    },
  );
}

export function defaultCmds(opts: ExecOptions): Map<string, Cmd> {
  const cmds = new Map<string, Cmd>();

  cmds.set(
    'cat',
    command({ summary: "concatenate files and print to the script's stdout buffer", args: 'files...' }, (s, args) => {
      if (args.length === 0) throw new UsageError();
      let buf = '';
      let err: Error | null = null;
      for (const a of args) {
        try {
          buf += readFile(s, a);
        } catch (e) {
          err = e as Error;
          break;
        }
      }
      return async () => ({ stdout: buf, stderr: '', err });
    }),
  );

  cmds.set(
    'cd',
    command({ summary: 'change the working directory', args: 'dir' }, (s, args) => {
      if (args.length !== 1) throw new UsageError();
      s.chdir(args[0]!);
      return null;
    }),
  );

  cmds.set(
    'chmod',
    command({ summary: 'change file mode bits', args: 'perm paths...' }, (s, args) => {
      if (args.length < 2) throw new UsageError();
      const perm = parseUintBase0(args[0]!);
      if (perm === null || (perm & 0o777) !== perm) throw new Error(`invalid mode: ${args[0]}`);
      for (const a of args.slice(1)) {
        const p = s.path(a);
        try {
          chmodSync(p, perm);
        } catch (e) {
          throw goPathError('chmod', p, e);
        }
      }
      return null;
    }),
  );

  cmds.set(
    'cmp',
    command({ summary: 'compare files for differences', args: '[-q] file1 file2' }, (s, args) => {
      doCompare(s, false, args);
      return null;
    }),
  );

  cmds.set(
    'cmpenv',
    command({ summary: 'compare files for differences, with environment expansion', args: '[-q] file1 file2' }, (s, args) => {
      doCompare(s, true, args);
      return null;
    }),
  );

  cmds.set(
    'cp',
    command({ summary: 'copy files to a target file or directory', args: 'src... dst' }, (s, args) => {
      if (args.length < 2) throw new UsageError();
      const dst = s.path(args[args.length - 1]!);
      let dstDir = false;
      try {
        dstDir = statSync(dst).isDirectory();
      } catch {
        // does not exist
      }
      if (args.length > 2 && !dstDir) throw new Error(`cp ${dst}: destination is not a directory`);
      for (const a of args.slice(0, -1)) {
        let src: string;
        let data: Buffer;
        let mode: number;
        if (a === 'stdout' || a === 'stderr') {
          src = a;
          data = Buffer.from(a === 'stdout' ? s.stdout : s.stderr);
          mode = 0o666;
        } else {
          src = s.path(a);
          mode = Number(stat(src).mode) & 0o777;
          try {
            data = readFileSync(src);
          } catch (e) {
            throw goPathError('read', src, e);
          }
        }
        const targ = dstDir ? join(dst, basename(src)) : dst;
        try {
          writeFileSync(targ, data, { mode });
        } catch (e) {
          throw goPathError('open', targ, e);
        }
      }
      return null;
    }),
  );

  cmds.set(
    'echo',
    command({ summary: 'display a line of text', args: 'string...' }, (_s, args) => output(args.join(' ') + '\n')),
  );

  cmds.set(
    'env',
    command({ summary: 'set or log the values of environment variables', args: '[key[=value]...]' }, (s, args) => {
      let out = '';
      if (args.length === 0) {
        for (const kv of s.environ()) out += kv + '\n';
        return output(out);
      }
      for (const a of args) {
        const i = a.indexOf('=');
        if (i < 0) {
          out += `${a}=${s.lookupEnv(a) ?? ''}\n`;
          continue;
        }
        s.setenv(a.slice(0, i), a.slice(i + 1));
      }
      return out.length > 0 ? output(out) : null;
    }),
  );

  cmds.set('exec', execCmd(opts));

  cmds.set(
    'exists',
    command({ summary: 'check that files exist', args: '[-readonly] [-exec] file...' }, (s, args) => {
      let readonly = false;
      let exec = false;
      while (args.length > 0 && (args[0] === '-readonly' || args[0] === '-exec')) {
        if (args[0] === '-readonly') readonly = true;
        else exec = true;
        args = args.slice(1);
      }
      if (args.length === 0) throw new UsageError();
      for (const f of args) {
        const p = s.path(f);
        const st = stat(p);
        if (readonly && (Number(st.mode) & 0o222) !== 0) throw new Error(`${p} exists but is writable`);
        if (exec && (Number(st.mode) & 0o111) === 0) throw new Error(`${p} exists but is not executable`);
      }
      return null;
    }),
  );

  cmds.set(
    'grep',
    command({ summary: 'find lines in a file that match a pattern', args: MATCH_USAGE + ' file', regexpArgs: firstNonFlag }, (s, args) => {
      match(s, args, '', 'grep');
      return null;
    }),
  );

  cmds.set(
    'help',
    command({ summary: 'log help text for commands and conditions', args: '[-v] name...' }, (s, args) => {
      const engine = s.engine as { listCmds?: (names: string[]) => string; listConds?: (s: State, tags: string[]) => string } | null;
      if (!engine?.listCmds || !engine.listConds) throw new Error('no engine configured');
      const names = args.filter((a) => a !== '-v');
      const conds = names.filter((a) => a.startsWith('[') && a.endsWith(']')).map((a) => a.slice(1, -1));
      const cmdNames = names.filter((a) => !(a.startsWith('[') && a.endsWith(']')));
      let out = '';
      if (conds.length > 0 || args.length === 0) {
        if (conds.length === 0) out += 'conditions:\n\n';
        out += engine.listConds(s, conds);
      }
      if (cmdNames.length > 0 || args.length === 0) {
        if (args.length === 0) out += '\ncommands:\n\n';
        out += engine.listCmds(cmdNames);
      }
      return output(out);
    }),
  );

  cmds.set(
    'mkdir',
    command({ summary: 'create directories, if they do not already exist', args: 'path...' }, (s, args) => {
      if (args.length < 1) throw new UsageError();
      for (const a of args) {
        const p = s.path(a);
        try {
          mkdirSync(p, { recursive: true, mode: 0o777 });
        } catch (e) {
          throw goPathError('mkdir', p, e);
        }
      }
      return null;
    }),
  );

  cmds.set(
    'mv',
    command({ summary: 'rename a file or directory to a new path', args: 'old new' }, (s, args) => {
      if (args.length !== 2) throw new UsageError();
      const a = s.path(args[0]!);
      const b = s.path(args[1]!);
      try {
        renameSync(a, b);
      } catch (e) {
        throw goLinkError('rename', a, b, e);
      }
      return null;
    }),
  );

  cmds.set(
    'replace',
    command({ summary: 'replace strings in a file', args: '[old new]... file' }, (s, args) => {
      if (args.length % 2 !== 1) throw new UsageError();
      const oldNew = args.slice(0, -1).map((a) => unquoteGo(a));
      const file = s.path(args[args.length - 1]!);
      let data: string;
      try {
        data = readFileSync(file, 'utf8');
      } catch (e) {
        throw goPathError('open', file, e);
      }
      writeFileSync(file, replaceAllPairs(data, oldNew));
      return null;
    }),
  );

  cmds.set(
    'rm',
    command({ summary: 'remove a file or directory', args: 'path...' }, (s, args) => {
      if (args.length < 1) throw new UsageError();
      for (const a of args) removeAll(s.path(a));
      return null;
    }),
  );

  cmds.set(
    'skip',
    command({ summary: 'skip the current test', args: '[msg]' }, (_s, args) => {
      if (args.length > 1) throw new UsageError();
      throw new SkipError(args[0] ?? '');
    }),
  );

  cmds.set(
    'sleep',
    command({ summary: 'sleep for a specified duration', args: 'duration', async: true }, (s, args) => {
      if (args.length !== 1) throw new UsageError();
      const ms = parseDuration(args[0]!);
      const timer = new Promise<boolean>((res) => {
        const t = setTimeout(() => res(true), Math.max(0, ms));
        s.abort.signal.addEventListener('abort', () => {
          clearTimeout(t);
          res(false);
        }, { once: true });
      });
      return async () => ({ stdout: '', stderr: '', err: (await timer) ? null : new DeadlineError() });
    }),
  );

  cmds.set(
    'stderr',
    command({ summary: 'find lines in the stderr buffer that match a pattern', args: MATCH_USAGE + ' file', regexpArgs: firstNonFlag }, (s, args) => {
      match(s, args, s.stderr, 'stderr');
      return null;
    }),
  );

  cmds.set(
    'stdout',
    command({ summary: 'find lines in the stdout buffer that match a pattern', args: MATCH_USAGE + ' file', regexpArgs: firstNonFlag }, (s, args) => {
      match(s, args, s.stdout, 'stdout');
      return null;
    }),
  );

  cmds.set(
    'stop',
    command({ summary: 'stop execution of the script', args: '[msg]' }, (_s, args) => {
      if (args.length > 1) throw new UsageError();
      throw new StopError(args[0] ?? '');
    }),
  );

  cmds.set(
    'symlink',
    command({ summary: 'create a symlink', args: 'path -> target' }, (s, args) => {
      if (args.length !== 3 || args[1] !== '->') throw new UsageError();
      const p = s.path(args[0]!);
      try {
        symlinkSync(args[2]!, p);
      } catch (e) {
        throw goLinkError('symlink', args[2]!, p, e);
      }
      return null;
    }),
  );

  cmds.set(
    'wait',
    command({ summary: 'wait for completion of background commands', args: '' }, async (s, args) => {
      if (args.length > 0) throw new UsageError();
      await waitBackground(s);
      return null;
    }),
  );

  return cmds;
}

/** Waits for every background command, logging each one's output; sets stdout/stderr to their concatenation. */
export async function waitBackground(s: State): Promise<void> {
  const stdouts: string[] = [];
  const stderrs: string[] = [];
  const errs: CommandError[] = [];
  const bgs = s.background;
  s.background = [];
  for (const bg of bgs) {
    const { stdout, stderr, err } = await bg.wait(s);
    s.logf(`[background] ${bg.cmd.name}${bg.args.length > 0 ? ' ' : ''}${quoteArgs(bg.args)}\n`);
    if (stdout !== '') {
      s.logf(`[stdout]\n${stdout}`);
      stdouts.push(stdout);
    }
    if (stderr !== '') {
      s.logf(`[stderr]\n${stderr}`);
      stderrs.push(stderr);
    }
    if (err) s.logf(`[${err.message}]\n`);
    const cmdErr = checkStatus(bg.cmd, bg.args, err);
    if (cmdErr) errs.push(cmdErr);
  }
  s.stdout = stdouts.join('');
  s.stderr = stderrs.join('');
  if (errs.length > 0) throw new WaitError(errs);
}
