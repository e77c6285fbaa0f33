// Regenerates corpus.json: `go mod edit -fmt` / `go work edit -fmt` results for every go.mod and
// go.work in cmd/go's testdata (script/*.txt, mod/*.txt). Not used by tests; needs the real go
// and a compiled tree (npx tsc). Usage: node src/lib/modfile/testdata/gen-corpus.mjs [go]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from '../../../../build/src/lib/txtar.js';

const here = dirname(fileURLToPath(import.meta.url));
const goBin = process.argv[2] ?? '/usr/local/go/bin/go';
const testdata = '/usr/local/go/src/cmd/go/testdata';
const env = { ...process.env, GOWORK: 'off', GOFLAGS: '', GOTOOLCHAIN: 'local', GO111MODULE: 'on' };

const result = {};
const dir = mkdtempSync(join(tmpdir(), 'modfile-corpus-'));
for (const sub of ['script', 'mod']) {
  for (const name of readdirSync(join(testdata, sub)).sort()) {
    if (!name.endsWith('.txt')) continue;
    const ar = parse(readFileSync(join(testdata, sub, name)));
    ar.files.forEach((f, i) => {
      const base = f.name.split('/').pop();
      const work = base === 'go.work';
      if (base !== 'go.mod' && !work) return;
      const file = work ? 'go.work' : 'go.mod';
      const input = f.data.toString('utf8');
      writeFileSync(join(dir, file), input);
      const r = spawnSync(goBin, [work ? 'work' : 'mod', 'edit', '-fmt', file], { cwd: dir, env, encoding: 'utf8' });
      const key = `${sub}/${name}#${i}#${f.name}`;
      if (r.status !== 0) {
        const err = r.stderr.replace(/^go: errors parsing go\.(mod|work):\n(errors parsing go\.work:\n)?/, '');
        if (err === r.stderr) return; // not a parse error (e.g. toolchain); nothing to compare
        result[key] = { err };
        return;
      }
      const out = readFileSync(join(dir, file), 'utf8');
      result[key] = out === input ? { same: true } : { out };
    });
  }
}
rmSync(dir, { recursive: true, force: true });
writeFileSync(join(here, 'corpus.json'), JSON.stringify(result, null, 0).replace(/\},"/g, '},\n"') + '\n');
