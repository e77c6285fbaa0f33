// `go help`: the command list, per-command usage and help topics, formatted as go formats them.
import type { CommandInfo, GroupInfo } from '../base/table.js';

/** What help needs to know about the command table (passed in by the driver). */
export interface HelpTable {
  commands: (CommandInfo | GroupInfo)[];
  topics: [string, string][];
  /** Long text for a command or topic long name ("build", "mod tidy", "environment"). */
  long(longName: string): string;
}

function isGroup(x: CommandInfo | GroupInfo): x is GroupInfo {
  return 'commands' in x;
}

function lastWord(s: string): string {
  return s.slice(s.lastIndexOf(' ') + 1);
}

const trim = (s: string): string => s.trim();

/** The usage page of `go` (for `go help`, and on stderr for usage errors). */
export function mainUsage(t: HelpTable): string {
  let out = 'Go is a tool for managing Go source code.\n\nUsage:\n\n\tgo <command> [arguments]\n\nThe commands are:\n\n';
  for (const c of t.commands) out += `\t${lastWord(c.longName).padEnd(11)} ${c.short}\n`;
  out += '\nUse "go help <command>" for more information about a command.\n\nAdditional help topics:\n\n';
  for (const [name, short] of t.topics) out += `\t${name.padEnd(15)} ${short}\n`;
  out += '\nUse "go help <topic>" for more information about that topic.\n\n';
  return out;
}

/** The usage page of a command group (`go help mod`). */
export function groupUsage(g: GroupInfo): string {
  let out = `${trim(g.intro)}\n\nUsage:\n\n\tgo ${g.longName} <command> [arguments]\n\nThe commands are:\n\n`;
  for (const c of g.commands) out += `\t${lastWord(c.longName).padEnd(11)} ${c.short}\n`;
  out += `\nUse "go help ${g.longName} <command>" for more information about a command.\n\n`;
  return out;
}

/** `go help <cmd>` for a runnable command. */
export function commandHelp(c: CommandInfo, long: string): string {
  return `usage: ${c.usageLine}\n\n${trim(long)}\n`;
}

/** The two-line usage go prints on stderr after a flag error. */
export function shortUsage(usageLine: string, longName: string): string {
  return `usage: ${usageLine}\nRun 'go help ${longName}' for details.\n`;
}

export interface HelpResult {
  stdout: string;
  stderr: string;
  code: number;
}

/** Runs `go help args...`. */
export function help(t: HelpTable, args: readonly string[]): HelpResult {
  if (args.length === 0) return { stdout: mainUsage(t), stderr: '', code: 0 };
  let list: (CommandInfo | GroupInfo)[] = t.commands;
  let cur: CommandInfo | GroupInfo | undefined;
  let topic: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const next = list.find((c) => lastWord(c.longName) === arg);
    const isTopic = i === 0 && !next && t.topics.some(([n]) => n === arg);
    if (next || isTopic) {
      if (next) {
        cur = next;
        list = isGroup(next) ? next.commands : [];
      } else {
        topic = arg;
        list = [];
      }
      continue;
    }
    const ok = 'go help' + (i > 0 ? ' ' + args.slice(0, i).join(' ') : '');
    return { stdout: '', stderr: `go help ${args.join(' ')}: unknown help topic. Run '${ok}'.\n`, code: 2 };
  }
  if (topic !== undefined) return { stdout: `${trim(t.long(topic))}\n`, stderr: '', code: 0 };
  if (cur && isGroup(cur)) {
    const intro = t.long(cur.longName);
    return { stdout: groupUsage(intro ? { ...cur, intro } : cur), stderr: '', code: 0 };
  }
  return { stdout: commandHelp(cur as CommandInfo, t.long(cur!.longName)), stderr: '', code: 0 };
}
