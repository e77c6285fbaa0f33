// The baseline from go's own harness: reads `go test cmd/go -run=TestScript -json` output,
// extracts the scripts it passed, and compares them with a run of this harness.
import { readFileSync } from 'node:fs';

export type GoVerdict = 'pass' | 'fail' | 'skip';

/** Per-script verdicts from test2json output (TestScript/<name> pass|fail|skip events). */
export function parseTestJSON(text: string): Map<string, GoVerdict> {
  const out = new Map<string, GoVerdict>();
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    let ev: { Action?: string; Test?: string };
    try {
      ev = JSON.parse(line) as { Action?: string; Test?: string };
    } catch {
      continue;
    }
    const t = ev.Test ?? '';
    if (!t.startsWith('TestScript/') || t.split('/').length !== 2) continue;
    const name = t.slice('TestScript/'.length);
    if (name === 'README') continue;
    if (ev.Action === 'pass' || ev.Action === 'fail' || ev.Action === 'skip') out.set(name, ev.Action);
  }
  return out;
}

/** The go version string printed in the log (goversion=...), if any. */
export function goVersionFromTestJSON(text: string): string {
  const m = /goversion=([^\s"\\]+)/.exec(text);
  return m ? 'go' + m[1] : 'unknown';
}

/** When go's run finished: the Time of the last event (or '' if none). */
export function runDateFromTestJSON(text: string): string {
  const times = [...text.matchAll(/"Time":"([^"]+)"/g)];
  return times.length > 0 ? times[times.length - 1]![1]! : '';
}

/** The text of conformance/reference-pass.txt. */
export function formatReferencePass(verdicts: Map<string, GoVerdict>, goVersion: string, date: string): string {
  const pass = [...verdicts].filter(([, v]) => v === 'pass').map(([n]) => n).sort();
  const count = (v: GoVerdict): number => [...verdicts.values()].filter((x) => x === v).length;
  return (
    `# Scripts that go's own harness passes (go test cmd/go -run=TestScript -json).\n` +
    `# date: ${date}\n# go version: ${goVersion}\n` +
    `# ${count('pass')} passed, ${count('fail')} failed, ${count('skip')} skipped (${verdicts.size} scripts)\n` +
    pass.map((n) => n + '\n').join('')
  );
}

export interface Disagreement {
  name: string;
  ours: string;
  reason: string;
}

interface OurResult {
  name: string;
  result: string;
  reason: string;
}

/** Reads our results from a --json file or from the runner's printed output ("PASS name (1.00s): reason"). */
export function readOurResults(file: string): OurResult[] {
  const text = readFileSync(file, 'utf8');
  if (text.trimStart().startsWith('{')) return (JSON.parse(text) as { results: OurResult[] }).results;
  const out: OurResult[] = [];
  for (const line of text.split('\n')) {
    const m = /^(PASS|FAIL|SKIP) (\S+) \([\d.]+s\)(?:: (.*))?$/.exec(line);
    if (m) out.push({ result: m[1]!, name: m[2]!, reason: m[3] ?? '' });
  }
  return out;
}

/**
 * Scripts go's harness passes that ours, run on the same go, does not pass. Only scripts our
 * run reached count when onlyRun is set (for comparing a partial run).
 */
export function compareWithReference(referencePass: string[], ourFile: string, onlyRun = false): { agreed: number; total: number; diffs: Disagreement[] } {
  const byName = new Map(readOurResults(ourFile).map((r) => [r.name, r]));
  if (onlyRun) referencePass = referencePass.filter((n) => byName.has(n));
  const diffs: Disagreement[] = [];
  let agreed = 0;
  for (const n of referencePass) {
    const r = byName.get(n);
    if (r?.result === 'PASS') agreed++;
    else diffs.push({ name: n, ours: r?.result ?? 'NOT RUN', reason: r?.reason ?? '' });
  }
  return { agreed, total: referencePass.length, diffs };
}
