// Process signals: go's names for them, $WORK and child-process cleanup on SIGINT/SIGTERM/SIGHUP, and handing signals to a foreground program.
import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { constants } from 'node:os';

/** go's text for a signal (syscall.Signal.String on unix), e.g. "terminated" for SIGTERM. */
export function signalText(sig: string): string {
  return SIGNAL_TEXT[sig] ?? (sig.startsWith('SIG') ? `signal ${signalNumber(sig)}` : sig);
}

const SIGNAL_TEXT: Readonly<Record<string, string>> = {
  SIGHUP: 'hangup', SIGINT: 'interrupt', SIGQUIT: 'quit', SIGILL: 'illegal instruction', SIGTRAP: 'trace/breakpoint trap',
  SIGABRT: 'aborted', SIGBUS: 'bus error', SIGFPE: 'floating point exception', SIGKILL: 'killed',
  SIGUSR1: 'user defined signal 1', SIGSEGV: 'segmentation fault', SIGUSR2: 'user defined signal 2', SIGPIPE: 'broken pipe',
  SIGALRM: 'alarm clock', SIGTERM: 'terminated', SIGSTKFLT: 'stack fault', SIGCHLD: 'child exited', SIGCONT: 'continued',
  SIGSTOP: 'stopped (signal)', SIGTSTP: 'stopped', SIGTTIN: 'stopped (tty input)', SIGTTOU: 'stopped (tty output)',
  SIGURG: 'urgent I/O condition', SIGXCPU: 'CPU time limit exceeded', SIGXFSZ: 'file size limit exceeded',
  SIGVTALRM: 'virtual timer expired', SIGPROF: 'profiling timer expired', SIGWINCH: 'window changed',
  SIGIO: 'I/O possible', SIGPWR: 'power failure', SIGSYS: 'bad system call',
};

/** The number of a signal name (0 when unknown). */
export function signalNumber(sig: string): number {
  return (constants.signals as Record<string, number | undefined>)[sig] ?? 0;
}

/** Signals that end the go command; gocmd cleans up first, then dies of the same signal. */
export const FATAL_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Signals handed to a foreground tool (go's signal.Notify(c) in `go tool`), beyond the fatal ones. */
const FORWARDED_SIGNALS: readonly NodeJS.Signals[] = [...FATAL_SIGNALS, 'SIGQUIT', 'SIGUSR2', 'SIGWINCH', 'SIGALRM'];

/** What to do with a signal while a foreground program runs. */
export type ForegroundMode =
  /** `go tool`: every catchable signal is passed to the program; gocmd keeps waiting for it. */
  | 'forward'
  /** `go run`: SIGINT and SIGQUIT are the program's business (the terminal sends them to it too); gocmd keeps waiting. */
  | 'ignore-interrupt';

/** A running tool as signal handling sees it (see spawn.ts's ToolProcess). */
export interface TrackedProcess {
  kill(sig: NodeJS.Signals): void;
  running(): boolean;
  readonly ended: Promise<unknown>;
}

interface State {
  children: Set<TrackedProcess>;
  workDirs: Set<string>;
  foreground?: { child: ChildProcess; mode: ForegroundMode };
  /** A signal arrived while a foreground program ran and was not fatal. */
  interrupted: boolean;
  installed: Map<NodeJS.Signals, () => void>;
  exitHook: boolean;
  dying: boolean;
  deathHooks: Set<() => void>;
}

const state: State = { children: new Set(), workDirs: new Set(), interrupted: false, installed: new Map(), exitHook: false, dying: false, deathHooks: new Set() };

/** Tracks a running tool so that a fatal signal kills it; returns the function that forgets it. */
export function trackChild(child: TrackedProcess): () => void {
  state.children.add(child);
  install();
  return () => { state.children.delete(child); };
}

/**
 * Registers a work directory ($WORK) to remove when the process exits or dies of SIGINT, SIGTERM or
 * SIGHUP; returns the function that forgets it (after the Builder removed it or kept it for -work).
 */
export function registerWorkDir(dir: string): () => void {
  state.workDirs.add(dir);
  if (!state.exitHook) {
    state.exitHook = true;
    process.on('exit', removeWorkDirs);
  }
  install();
  return () => { state.workDirs.delete(dir); };
}

/**
 * Runs f first when a fatal signal ends gocmd (the progress line erases itself); returns the function that
 * forgets it. Installs the handlers, so that such a signal passes through die() even before any tool runs.
 */
export function atDeath(f: () => void): () => void {
  state.deathHooks.add(f);
  install();
  return () => { state.deathHooks.delete(f); };
}

/** Makes child the foreground program until the returned function is called. */
export function setForeground(child: ChildProcess, mode: ForegroundMode): () => void {
  const fg = { child, mode };
  state.foreground = fg;
  install(mode === 'forward' ? FORWARDED_SIGNALS : [...FATAL_SIGNALS, 'SIGQUIT']);
  return () => { if (state.foreground === fg) state.foreground = undefined; };
}

/** Whether gocmd is stopping because of a fatal signal (results of killed tools are then not reported). */
export function dying(): boolean {
  return state.dying;
}

/** Whether a signal was delivered to (or ignored for) a foreground program. */
export function wasInterrupted(): boolean {
  return state.interrupted;
}

function install(signals: readonly NodeJS.Signals[] = FATAL_SIGNALS): void {
  for (const sig of signals) {
    if (state.installed.has(sig)) continue;
    const h = (): void => { onSignal(sig); };
    state.installed.set(sig, h);
    process.on(sig, h);
  }
}

function removeWorkDirs(): void {
  for (const d of state.workDirs) {
    try { rmSync(d, { recursive: true, force: true }); } catch { /* best effort, as go's RemoveAll at exit */ }
  }
  state.workDirs.clear();
}

/** The decision for one signal: hand it to the foreground program, note and ignore it, or die of it. */
export function signalAction(sig: NodeJS.Signals, fg: ForegroundMode | undefined): 'forward' | 'ignore' | 'die' {
  if (fg === 'forward') return 'forward';
  if (fg === 'ignore-interrupt' && (sig === 'SIGINT' || sig === 'SIGQUIT')) return 'ignore';
  return FATAL_SIGNALS.includes(sig) ? 'die' : 'ignore';
}

function onSignal(sig: NodeJS.Signals): void {
  const fg = state.foreground;
  const action = signalAction(sig, fg?.mode);
  if (action === 'forward') {
    state.interrupted = true;
    try { fg!.child.kill(sig); } catch { /* already gone */ }
    return;
  }
  if (action === 'ignore') {
    state.interrupted = true;
    return;
  }
  if (state.dying) return;
  state.dying = true;
  void die(sig);
}

/** Stops running tools, removes $WORK, then dies of sig so the parent sees what it sees with go. */
async function die(sig: NodeJS.Signals): Promise<void> {
  for (const f of state.deathHooks) {
    try { f(); } catch { /* best effort: the signal still ends the process */ }
  }
  state.deathHooks.clear();
  const live = [...state.children].filter((c) => c.running());
  for (const c of live) {
    try { c.kill(sig); } catch { /* already gone */ }
  }
  // Give the tools a moment to stop writing into $WORK before removing it.
  await Promise.race([
    Promise.all(live.map((c) => c.ended)),
    new Promise<void>((r) => setTimeout(r, 1000).unref()),
  ]);
  for (const c of live) {
    if (c.running()) {
      try { c.kill('SIGKILL'); } catch { /* already gone */ }
    }
  }
  removeWorkDirs();
  for (const [s, h] of state.installed) process.removeListener(s, h);
  state.installed.clear();
  process.kill(process.pid, sig);
  // Should the signal not end the process (blocked by someone else), exit as a shell reports it.
  setTimeout(() => process.exit(128 + signalNumber(sig)), 200).unref();
}
