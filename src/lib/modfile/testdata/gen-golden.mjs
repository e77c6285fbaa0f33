// Regenerates golden.txtar from cases.txtar by running the real go command (not used by tests).
// Usage: node src/lib/modfile/testdata/gen-golden.mjs [path/to/go]
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const goBin = process.argv[2] ?? '/usr/local/go/bin/go';
const env = { ...process.env, GOWORK: 'off', GOFLAGS: '', GOTOOLCHAIN: 'local', GO111MODULE: 'on' };

/** Minimal txtar split: [comment, [{name, data}]]. */
function splitTxtar(text) {
  const parts = text.split(/^-- (.+?) --\n/m);
  const files = [];
  for (let i = 1; i < parts.length; i += 2) files.push({ name: parts[i], data: parts[i + 1] ?? '' });
  return files;
}

function run(input, args, work) {
  const dir = mkdtempSync(join(tmpdir(), 'modfile-golden-'));
  const file = work ? 'go.work' : 'go.mod';
  try {
    writeFileSync(join(dir, file), input);
    const r = spawnSync(goBin, [work ? 'work' : 'mod', 'edit', ...args, file], { cwd: dir, env, encoding: 'utf8' });
    if (r.status !== 0) return { err: r.stderr.replace(/^go: errors parsing go\.(mod|work):\n(errors parsing go\.work:\n)?/, '') };
    return { out: args.includes('-json') ? r.stdout : readFileSync(join(dir, file), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `go mod tidy` on input inside a fixed tree: m imports a and c; a imports b; d is unused. */
function tidy(input, depGo) {
  const dir = mkdtempSync(join(tmpdir(), 'modfile-tidy-'));
  try {
    const put = (p, data) => {
      mkdirSync(dirname(join(dir, p)), { recursive: true });
      writeFileSync(join(dir, p), data);
    };
    put('go.mod', input);
    put('m.go', 'package m\n\nimport (\n\t_ "example.com/a"\n\t_ "example.com/c"\n)\n');
    put('a/go.mod', `module example.com/a\n\ngo ${depGo}\n\nrequire example.com/b v1.0.0\n`);
    put('a/a.go', 'package a\n\nimport _ "example.com/b"\n');
    for (const m of ['b', 'c', 'd']) {
      put(`${m}/go.mod`, `module example.com/${m}\n\ngo ${depGo}\n`);
      put(`${m}/${m}.go`, `package ${m}\n`);
    }
    const r = spawnSync(goBin, ['mod', 'tidy'], { cwd: dir, env: { ...env, GOPROXY: 'off', GOFLAGS: '-mod=mod' }, encoding: 'utf8' });
    if (r.status !== 0) return { err: r.stderr };
    return { out: readFileSync(join(dir, 'go.mod'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

let golden = 'Golden outputs of the real go command for cases.txtar (written by gen-golden.mjs).\n';
for (const { name, data } of splitTxtar(readFileSync(join(here, 'cases.txtar'), 'utf8'))) {
  let input = data;
  let args = ['-fmt'];
  if (input.startsWith('flags:')) {
    const nl = input.indexOf('\n');
    args = input.slice('flags:'.length, nl).trim().split(/\s+/);
    input = input.slice(nl + 1);
  }
  if (name === 'fmt/crlf') input = input.replace(/\n/g, '\r\n');
  if (name.startsWith('tidy/') || name.startsWith('tidy116/')) {
    // tidy116/ cases use dependencies that declare go 1.16, so an old main module stays unpruned.
    const t = tidy(input, name.startsWith('tidy116/') ? '1.16' : '1.21');
    golden += t.err !== undefined ? `-- ${name}.err --\n${t.err}` : `-- ${name}.out --\n${t.out}`;
    continue;
  }
  const work = name.startsWith('work/');
  const r = run(input, args, work);
  if (r.err !== undefined) golden += `-- ${name}.err --\n${r.err}`;
  else golden += `-- ${name}.out --\n${r.out}`;
  if (!args.includes('-fmt') || r.err !== undefined) continue;
  {
    const j = run(input, ['-json'], work);
    golden += `-- ${name}.json --\n${j.out ?? j.err}`;
  }
}
writeFileSync(join(here, 'golden.txtar'), golden);
