// The script engine: reads a script line by line, evaluates condition guards, expands
// arguments and runs commands, keeping a per-section log like cmd/internal/script.
import type { Cmd, Cond } from './cmd.js';
import { parseLine, joinRaw, ParseError, type ParsedCommand, type Condition } from './parse.js';
import type { State } from './state.js';
import { CommandError, DeadlineError, SkipError, StopError, UsageError } from './errors.js';
import { checkStatus } from './status.js';
import { waitBackground } from './cmds.js';

export class LineError extends Error {
  constructor(file: string, line: number, override readonly cause: Error) {
    super(`${file}:${line}: ${cause.message}`);
  }
}

/** The unwrapped reason a script ended early (used to spot skip). */
export function rootCause(e: Error): Error {
  let cur: Error = e;
  for (;;) {
    if (cur instanceof CommandError || cur instanceof LineError) cur = cur.cause;
    else return cur;
  }
}

export class Engine {
  constructor(
    readonly cmds: Map<string, Cmd>,
    readonly conds: Map<string, Cond>,
    /** When set, the log of sections that succeeded is dropped (only their headers are kept). */
    readonly quiet = true,
  ) {}

  /**
   * Runs script on s, appending its log to out. Returns null if the script ran to the end or
   * stopped; otherwise the error that ended it (a SkipError cause means 'skip').
   */
  async execute(s: State, file: string, script: string, out: { text: string }): Promise<Error | null> {
    const prevEngine = s.engine;
    s.engine = this;
    let sectionStart = 0;
    let lineno = 0;

    const endSection = (ok: boolean): void => {
      if (sectionStart === 0) {
        if (s.log.length > 0) out.text += s.takeLog();
      } else if (s.log.length === 0) {
        out.text += '\n';
      } else {
        out.text += ` (${((Date.now() - sectionStart) / 1000).toFixed(3)}s)\n`;
        if (!ok || !this.quiet) out.text += s.takeLog();
        else s.takeLog();
      }
      sectionStart = 0;
    };
    const lineErr = (e: Error): Error => (e instanceof CommandError ? e : new LineError(file, lineno, e));

    try {
      const lines = script.split('\n');
      if (lines[lines.length - 1] === '') lines.pop();
      for (const line of lines) {
        if (s.aborted) {
          endSection(false);
          return lineErr(new DeadlineError());
        }
        lineno++;
        if (line.startsWith('#')) {
          endSection(true);
          out.text += line;
          sectionStart = Date.now();
          continue;
        }
        let cmd: ParsedCommand | null;
        try {
          cmd = parseLine(file, lineno, line);
        } catch (e) {
          s.logf(`> ${line}\n`);
          endSection(false);
          return lineErr(e as ParseError);
        }
        if (cmd === null) continue;
        s.logf(`> ${line}\n`);

        let active: boolean;
        try {
          active = await this.conditionsActive(s, cmd.conds);
        } catch (e) {
          endSection(false);
          return lineErr(e as Error);
        }
        if (!active) {
          s.logf('[condition not met]\n');
          continue;
        }

        const impl = this.cmds.get(cmd.name);
        const regexpArgs = impl?.usage.regexpArgs ? impl.usage.regexpArgs(joinRaw(cmd.rawArgs)) : [];
        const args = cmd.rawArgs.map((frags, i) =>
          frags.map((f) => (f.quoted ? f.s : s.expandEnv(f.s, regexpArgs.includes(i)))).join(''),
        );

        const err = await this.runCommand(s, cmd, args, impl);
        if (err) {
          if (err.cause instanceof StopError) {
            endSection(true);
            s.logf(`${err.cause.message}\n`);
            return null;
          }
          endSection(false);
          return lineErr(err);
        }
      }
      endSection(true);
      return null;
    } finally {
      s.engine = prevEngine;
    }
  }

  private async runCommand(s: State, cmd: ParsedCommand, args: string[], impl: Cmd | undefined): Promise<CommandError | null> {
    const wrap = (e: Error): CommandError => new CommandError(cmd.file, cmd.line, cmd.name, args, e);
    if (!impl) return wrap(new Error('unknown command'));
    const async = impl.usage.async === true;
    if (cmd.background && !async) return wrap(new Error('command cannot be run in background'));

    let wait;
    try {
      wait = await impl.run(s, args);
    } catch (e) {
      let err = e instanceof Error ? e : new Error(String(e));
      if (err instanceof UsageError) err = new Error(`usage: ${cmd.name} ${impl.usage.args}${async ? ' [&]' : ''}`);
      if (err instanceof SkipError) return wrap(err);
      return checkStatus(cmd, args, err);
    }
    if (!wait) {
      if (async) return wrap(new Error('internal error: async command returned a nil WaitFunc'));
      return checkStatus(cmd, args, null);
    }
    if (cmd.background) {
      s.background.push({ cmd, args, wait });
      s.stdout = '';
      s.stderr = '';
      return null;
    }
    const { stdout, stderr, err } = await wait(s);
    s.stdout = stdout;
    s.stderr = stderr;
    if (stdout !== '') s.logf(`[stdout]\n${stdout}`);
    if (stderr !== '') s.logf(`[stderr]\n${stderr}`);
    const cmdErr = checkStatus(cmd, args, err);
    if (cmdErr) return cmdErr;
    if (err) s.logf(`[${err.message}]\n`);
    return null;
  }

  /** Whether all guards hold; throws for unknown conditions or misuse of suffixes. */
  async conditionsActive(s: State, conds: Condition[]): Promise<boolean> {
    for (const c of conds) {
      const colon = c.tag.indexOf(':');
      let impl: Cond | undefined;
      let suffix = '';
      if (colon >= 0) {
        const prefix = c.tag.slice(0, colon);
        suffix = c.tag.slice(colon + 1);
        impl = this.conds.get(prefix);
        if (!impl) throw new Error(`unknown condition prefix ${JSON.stringify(prefix)}; known: [${[...this.conds.keys()].join(' ')}]`);
        if (!impl.prefix) throw new Error(`condition ${JSON.stringify(prefix)} cannot be used with a suffix`);
      } else {
        impl = this.conds.get(c.tag);
        if (!impl) throw new Error(`unknown condition ${JSON.stringify(c.tag)}`);
        if (impl.prefix) throw new Error(`condition ${JSON.stringify(c.tag)} requires a suffix`);
      }
      let active: boolean;
      try {
        active = await impl.eval(s, suffix);
      } catch (e) {
        throw new Error(`evaluating condition ${JSON.stringify(c.tag)}: ${(e as Error).message}`);
      }
      if (active !== c.want) return false;
    }
    return true;
  }

  /** Cancels the script's remaining work and waits for its background commands, logging them. */
  async closeAndWait(s: State, out: { text: string }): Promise<Error | null> {
    s.abort.abort();
    let err: Error | null = null;
    try {
      await waitBackground(s);
    } catch (e) {
      err = e as Error;
    }
    out.text += s.takeLog();
    return err;
  }

  listCmds(names: string[]): string {
    const list = names.length > 0 ? names : [...this.cmds.keys()].sort();
    let out = '';
    for (const n of list) {
      const c = this.cmds.get(n);
      if (!c) continue;
      out += `${n} ${c.usage.args}${c.usage.async ? ' [&]' : ''}\n\t${c.usage.summary}\n`;
    }
    return out;
  }

  listConds(_s: State, tags: string[]): string {
    const list = tags.length > 0 ? tags : [...this.conds.keys()].sort();
    let out = '';
    for (const t of list) {
      const c = this.conds.get(t.split(':')[0]!);
      if (!c) continue;
      out += c.prefix && !t.includes(':') ? `[${t}:*]\n\t${c.summary}\n` : `[${t}]\n\t${c.summary}\n`;
    }
    return out;
  }
}
