// The help texts of the Go release gocmd drives, read from its cmd/go source ($GOROOT/src/cmd/go),
// so `go help` prints that release's words.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { commandDocs } from '../lib/commanddocs.js';

function goFiles(dir: string, out: string[]): void {
  let ents;
  try {
    ents = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of ents) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'testdata') goFiles(p, out);
    } else if (e.name.endsWith('.go') && !e.name.endsWith('_test.go')) {
      out.push(p);
    }
  }
}

/**
 * The long text for a usage line ("go build [-o output] ...", "go mod", or a topic's name) from GOROOT's
 * cmd/go source; undefined when GOROOT has none (the caller then falls back to gocmd's own texts).
 * Only files that mention the usage line are parsed: `go help X` wants one text, and parsing every
 * command's source took most of its time.
 */
export function releaseLongText(goroot: string, usageLine: string): string | undefined {
  if (goroot === '') return undefined;
  const files: string[] = [];
  goFiles(join(goroot, 'src', 'cmd', 'go', 'internal'), files);
  const quoted = JSON.stringify(usageLine);
  let rest: string[] | undefined;
  for (const f of files) {
    let src: string;
    try {
      src = readFileSync(f, 'utf8');
    } catch {
      continue;
    }
    if (!src.includes('&base.Command{')) continue;
    // A usage line written with other escapes, or set from a constant, is found by the full parse below.
    if (!src.includes(quoted)) {
      (rest ??= []).push(src);
      continue;
    }
    const d = commandDocs(src).find((c) => c.usageLine === usageLine);
    if (d) return d.long;
  }
  for (const src of rest ?? []) {
    const d = commandDocs(src).find((c) => c.usageLine === usageLine);
    if (d) return d.long;
  }
  return undefined;
}
