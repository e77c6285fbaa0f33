// The help texts of cmd/go's commands and topics, read from the Go source that defines them: each is a
// `&base.Command{UsageLine: "...", Short: "...", Long: `...`}` literal whose Long is a raw string, so
// its bytes are exactly what `go help` prints.

/** One command or help topic as cmd/go's source defines it. */
export interface CommandDoc {
  /** "go build [-o output] ...", "go mod" for a group, the topic name for a topic. */
  usageLine: string;
  short: string;
  long: string;
}

/** The value of a Go string literal (interpreted "..." or raw `...`). */
export function goStringValue(lit: string): string | undefined {
  if (lit.startsWith('`')) return lit.slice(1, -1).replace(/\r/g, '');
  if (!lit.startsWith('"')) return undefined;
  // The escapes these literals use (\", \\, \n, \t) read the same in JSON.
  try {
    return JSON.parse(lit) as string;
  } catch {
    return undefined;
  }
}

const STRING = '("(?:[^"\\\\\\n]|\\\\.)*"|`[^`]*`)';
const FIELD = (name: string): RegExp => new RegExp(`\\b${name}:\\s*(?:${STRING}|([A-Za-z_]\\w*)\\s*,)`);
const CONST = (name: string): RegExp => new RegExp(`\\bconst\\s+${name}\\s*=\\s*${STRING}`);

/** Every `&base.Command{...}` literal of a Go source file that has a usage line and a long text. */
export function commandDocs(src: string): CommandDoc[] {
  const marker = '&base.Command{';
  const out: CommandDoc[] = [];
  let at = src.indexOf(marker);
  while (at >= 0) {
    const next = src.indexOf(marker, at + marker.length);
    const body = src.slice(at + marker.length, next < 0 ? src.length : next);
    const field = (name: string): string | undefined => {
      const m = FIELD(name).exec(body);
      if (!m) return undefined;
      if (m[1] !== undefined) return goStringValue(m[1]);
      // A field set from a string constant of the same file (cmd/go's testUsage).
      const c = CONST(m[2]!).exec(src);
      return c ? goStringValue(c[1]!) : undefined;
    };
    const usageLine = field('UsageLine');
    const long = field('Long');
    if (usageLine !== undefined && long !== undefined) out.push({ usageLine, short: field('Short') ?? '', long });
    at = next;
  }
  return out;
}
