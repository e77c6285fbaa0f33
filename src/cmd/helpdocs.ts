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
 * Long texts keyed by usage line ("go build [-o output] ...", "go mod", or a topic's name), from
 * GOROOT's cmd/go source; empty when GOROOT has none (the caller then falls back to gocmd's own texts).
 */
export function releaseLongTexts(goroot: string): Map<string, string> {
  const out = new Map<string, string>();
  if (goroot === '') return out;
  const files: string[] = [];
  goFiles(join(goroot, 'src', 'cmd', 'go', 'internal'), files);
  for (const f of files) {
    let src: string;
    try {
      src = readFileSync(f, 'utf8');
    } catch {
      continue;
    }
    if (!src.includes('&base.Command{')) continue;
    for (const d of commandDocs(src)) out.set(d.usageLine, d.long);
  }
  return out;
}
