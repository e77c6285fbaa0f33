// go vet's report: the tool's JSON (package → analyzer → diagnostics or error) printed as "file:line:col: message".
import { readFileSync } from 'node:fs';
import { shortPath } from '../work/shell.js';

interface JSONDiagnostic {
  posn: string;
  end?: string;
  message: string;
  related?: { posn: string; end?: string; message: string }[];
}

export interface PrintOptions {
  /** Paths are shown relative to cwd when shorter (base.ShortPath). */
  cwd: string;
  /** -c: lines of context around each diagnostic (-1: none). */
  context: number;
  write(s: string): void;
}

/** "file:line:col" split as go's parsePosn does (undefined when it is not of that shape). */
export function parsePosn(s: string): { file: string; line: number; col: number } | undefined {
  const c2 = s.lastIndexOf(':');
  if (c2 < 0) return undefined;
  const c1 = s.lastIndexOf(':', c2 - 1);
  if (c1 < 0) return undefined;
  const num = (t: string): number | undefined => (/^[+-]?[0-9]+$/.test(t) ? Number(t) : undefined);
  const line = num(s.slice(c1 + 1, c2));
  const col = num(s.slice(c2 + 1));
  if (line === undefined || col === undefined) return undefined;
  return { file: s.slice(0, c1), line, col };
}

/**
 * Prints the diagnostics in the tool's JSON stdout; returns whether there were any (go vet then exits 1).
 * An analyzer's error is thrown, as go fails the package's vet action with it.
 */
export function printJSONDiagnostics(data: Buffer, o: PrintOptions): boolean {
  if (data.length === 0) return false;
  let tree: Record<string, Record<string, unknown>>;
  try {
    tree = JSON.parse(data.toString('utf8')) as Record<string, Record<string, unknown>>;
  } catch (e) {
    throw new Error(`parsing JSON: ${(e as Error).message}`);
  }
  let any = false;
  for (const units of Object.values(tree)) {
    for (const msg of Object.values(units ?? {})) {
      if (Array.isArray(msg)) {
        for (const d of msg as JSONDiagnostic[]) {
          any = true;
          printOne(d.posn, d.end ?? '', d.message, o);
          for (const rel of d.related ?? []) printOne(rel.posn, rel.end ?? '', '\t' + rel.message, o);
        }
      } else {
        throw new Error(String((msg as { error?: unknown }).error ?? ''));
      }
    }
  }
  return any;
}

function printOne(start: string, end: string, message: string, o: PrintOptions): void {
  const sp = parsePosn(start);
  if (sp) o.write(`${shortPath(o.cwd, sp.file)}:${sp.line}:${sp.col}: ${message}\n`);
  else o.write(`${start}: ${message}\n`);
  if (o.context < 0) return;
  const ep = parsePosn(end === '' ? start : end);
  if (!sp || !ep) return;
  let text = '';
  try { text = readFileSync(sp.file, 'utf8'); } catch { text = ''; }
  const lines = text.split('\n');
  for (let i = sp.line - o.context; i <= ep.line + o.context; i++) {
    if (i >= 1 && i <= lines.length) o.write(`${i}\t${lines[i - 1]}\n`);
  }
}
