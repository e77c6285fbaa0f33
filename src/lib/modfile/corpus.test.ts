// Every go.mod/go.work in cmd/go's testdata, formatted (or rejected) exactly as `go mod edit -fmt` did.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parse as parseTxtar } from '../txtar.js';
import { ModFileError } from './errors.js';
import { parseModFile } from './parse-mod.js';
import { parseWorkFile } from './work.js';

const testdata = '/usr/local/go/src/cmd/go/testdata';
const corpus = JSON.parse(
  readFileSync(new URL('../../../../src/lib/modfile/testdata/corpus.json', import.meta.url), 'utf8'),
) as Record<string, { same?: true; out?: string; err?: string }>;

/** What `go mod edit -fmt` / `go work edit -fmt` writes, or the parse error it prints. */
function editFmt(work: boolean, input: string): { out: string } | { err: string } {
  try {
    if (work) {
      const w = parseWorkFile('go.work', input);
      w.sortBlocks();
      w.cleanup();
      return { out: w.format() };
    }
    const f = parseModFile('go.mod', input);
    f.sortBlocks();
    f.cleanup();
    return { out: f.format() };
  } catch (e) {
    if (e instanceof ModFileError) return { err: e.message + '\n' };
    throw e;
  }
}

test('cmd/go testdata go.mod and go.work files', (t) => {
  if (!existsSync(testdata)) return t.skip('no cmd/go testdata');
  const archives = new Map<string, ReturnType<typeof parseTxtar>>();
  let checked = 0;
  const failures: string[] = [];
  for (const [key, want] of Object.entries(corpus)) {
    const [file, idx, name] = key.split('#') as [string, string, string];
    let ar = archives.get(file);
    if (!ar) {
      ar = parseTxtar(readFileSync(`${testdata}/${file}`));
      archives.set(file, ar);
    }
    const section = ar.files[Number(idx)];
    if (!section || section.name !== name) continue; // testdata changed since corpus.json was made
    const input = section.data.toString('utf8');
    const got = editFmt(name.endsWith('go.work'), input);
    const expected = want.err !== undefined ? { err: want.err } : { out: want.same ? input : want.out! };
    checked++;
    try {
      assert.deepEqual(got, expected);
    } catch {
      failures.push(`${key}\n got: ${JSON.stringify(got)}\nwant: ${JSON.stringify(expected)}`);
    }
  }
  assert.deepEqual(failures, []);
  assert.ok(checked > 1000, `only ${checked} files checked`);
});
