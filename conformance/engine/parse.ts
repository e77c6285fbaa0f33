// Script line parsing: splits one line into prefixes (!, ?, [cond]), a command name and raw arguments.
//
// Words are separated by spaces, tabs, CR, LF or '#' (which starts a comment). Single quotes
// group text into one word and disable $-expansion; a doubled quote inside quotes is a literal
// quote. A final unquoted '&' runs the command in the background.

export type Want = 'success' | 'failure' | 'either';

export interface Fragment {
  s: string;
  quoted: boolean;
}

export interface Condition {
  want: boolean;
  tag: string;
}

export interface ParsedCommand {
  file: string;
  line: number;
  want: Want;
  conds: Condition[];
  name: string;
  rawArgs: Fragment[][];
  background: boolean;
}

export class ParseError extends Error {}

const SEP = ' \t\r\n#';

/** Parses one script line. Returns null for a blank or comment-only line. */
export function parseLine(file: string, lineno: number, line: string): ParsedCommand | null {
  const cmd: ParsedCommand = { file, line: lineno, want: 'success', conds: [], name: '', rawArgs: [], background: false };
  let wantSet = false;
  let raw: Fragment[] = [];
  let start = -1;
  let quoted = false;

  const flush = (): void => {
    if (raw.length === 0) return;
    const frags = raw;
    raw = [];
    if (cmd.name === '' && frags.length === 1 && !frags[0]!.quoted) {
      let arg = frags[0]!.s;
      if (arg === '!' || arg === '?') {
        if (wantSet) throw new ParseError("duplicated '!' or '?' token");
        cmd.want = arg === '!' ? 'failure' : 'either';
        wantSet = true;
        return;
      }
      if (arg.startsWith('[') && arg.endsWith(']')) {
        let want = true;
        arg = arg.slice(1, -1).trim();
        if (arg.startsWith('!')) {
          want = false;
          arg = arg.slice(1).trim();
        }
        if (arg === '') throw new ParseError('empty condition');
        cmd.conds.push({ want, tag: arg });
        return;
      }
      if (arg === '') throw new ParseError('empty command');
      cmd.name = arg;
      return;
    }
    cmd.rawArgs.push(frags);
  };

  for (let i = 0; ; i++) {
    if (!quoted && (i >= line.length || SEP.includes(line[i]!))) {
      if (start >= 0) {
        raw.push({ s: line.slice(start, i), quoted: false });
        start = -1;
      }
      flush();
      if (i >= line.length || line[i] === '#') break;
      continue;
    }
    if (i >= line.length) throw new ParseError('unterminated quoted argument');
    if (line[i] === "'") {
      if (!quoted) {
        if (start >= 0) raw.push({ s: line.slice(start, i), quoted: false });
        start = i + 1;
        quoted = true;
        continue;
      }
      if (i + 1 < line.length && line[i + 1] === "'") {
        raw.push({ s: line.slice(start, i), quoted: true });
        start = i + 1;
        i++;
        continue;
      }
      raw.push({ s: line.slice(start, i), quoted: true });
      start = i + 1;
      quoted = false;
      continue;
    }
    if (start < 0) start = i;
  }

  if (cmd.name === '') {
    if (wantSet || cmd.conds.length > 0 || cmd.rawArgs.length > 0) throw new ParseError('missing command');
    return null;
  }
  const last = cmd.rawArgs[cmd.rawArgs.length - 1];
  if (last && last.length === 1 && !last[0]!.quoted && last[0]!.s === '&') {
    cmd.background = true;
    cmd.rawArgs.pop();
  }
  return cmd;
}

/** Joins each argument's fragments without expansion (what regexp-argument detection sees). */
export function joinRaw(rawArgs: Fragment[][]): string[] {
  return rawArgs.map((frags) => frags.map((f) => f.s).join(''));
}

/** Quotes args so that parseLine would read them back as the same words. */
export function quoteArgs(args: string[]): string {
  return args
    .map((a) => {
      for (const c of "'" + SEP) if (a.includes(c)) return "'" + a.replaceAll("'", "''") + "'";
      return a;
    })
    .join(' ');
}
