// Runs one script file: makes its work directory and environment, extracts its files, executes
// it with a time limit, stops its background commands and reports PASS, FAIL or SKIP.
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parse as parseTxtar } from '../src/lib/txtar.js';
import { Engine, rootCause } from './engine/engine.js';
import { State } from './engine/state.js';
import { CommandError, SkipError } from './engine/errors.js';
import { removeAll } from './engine/cmds.js';
import { initScriptDirs } from './env.js';
import { skipReason } from './skips.js';

export type Verdict = 'PASS' | 'FAIL' | 'SKIP';

export interface ScriptResult {
  name: string;
  category: string;
  result: Verdict;
  /** For FAIL: the failing line and what was expected; for SKIP: why. */
  reason: string;
  seconds: number;
  /** The script log (failing section in full, earlier sections as headers). */
  log: string;
}

export interface RunOptions {
  engine: Engine;
  env: [string, string][];
  /** Parent of the per-script work directories. */
  tmpRoot: string;
  timeoutMs: number;
  keepWork: boolean;
  /** The vcs-test servers are running (scripts using them need not skip). */
  vcsTest?: boolean;
}

/** The category of a script: its file-name prefix before the first '_'. */
export function category(name: string): string {
  const i = name.indexOf('_');
  return i < 0 ? name : name.slice(0, i);
}

export async function runScript(file: string, opts: RunOptions): Promise<ScriptResult> {
  const name = basename(file).replace(/\.txt$/, '');
  const start = Date.now();
  const done = (result: Verdict, reason: string, log: string): ScriptResult => ({
    name,
    category: category(name),
    result,
    reason,
    seconds: (Date.now() - start) / 1000,
    log,
  });

  const raw = readFileSync(file);
  const archive = parseTxtar(raw);
  const script = archive.comment.toString('utf8');
  const why = skipReason(script, raw.toString('utf8'), opts.vcsTest ?? false);
  if (why) return done('SKIP', why, '');

  mkdirSync(opts.tmpRoot, { recursive: true });
  const workdir = mkdtempSync(join(opts.tmpRoot, name));
  const s = new State(workdir, opts.env);
  const out = { text: '' };
  try {
    initScriptDirs(s);
    for (const f of archive.files) {
      const p = s.path(s.expandEnv(f.name, false));
      if (!p.startsWith(s.workdir + '/')) return done('FAIL', `file \`${f.name}\` is outside working directory`, '');
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, f.data, { mode: 0o666 });
    }

    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      s.abort.abort();
    }, opts.timeoutMs);
    let err: Error | null;
    try {
      err = await opts.engine.execute(s, `testdata/script/${name}.txt`, script, out);
    } finally {
      clearTimeout(timer);
    }
    const closeErr = await opts.engine.closeAndWait(s, out);
    if (err === null) err = closeErr;
    if (err) {
      const cause = rootCause(err);
      if (cause instanceof SkipError) {
        const where = err instanceof CommandError ? ` (${err.file}:${err.line})` : '';
        return done('SKIP', (cause.msg === '' ? 'SKIP' : `SKIP: ${cause.msg}`) + where, out.text);
      }
      const prefix = timedOut ? `timed out after ${opts.timeoutMs / 1000}s: ` : '';
      return done('FAIL', prefix + err.message, out.text);
    }
    return done('PASS', '', out.text);
  } catch (e) {
    s.abort.abort();
    return done('FAIL', `harness error: ${(e as Error).message}`, out.text);
  } finally {
    if (!opts.keepWork) {
      try {
        removeAll(workdir);
      } catch {
        // best effort
      }
    }
  }
}
