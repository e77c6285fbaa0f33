// Random go.mod files and `go mod edit` flag lists, checked against the real go command.
// Not run by tests. Usage (after npx tsc): node src/lib/modfile/testdata/fuzz-edit.mjs [seed] [count]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseModFile, ModFileError, isDirectoryPath } from '../../../../build/src/lib/modfile/index.js';
let seed = Number(process.argv[2] ?? 1);
const rnd = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return Math.floor(seed / 7) % n; };
const pick = (a) => a[rnd(a.length)];
const com = () => pick(['// c1', '//c2', '// indirect', '//', '// Deprecated: x', '// indirect; y']);
const ws = () => pick(['', ' ', '\t', '  ']);
const mods = ['example.com/a', 'example.com/b', 'example.com/c', 'example.com/z/v2', 'gopkg.in/y.v3'];
const vers = (m) => m.endsWith('/v2') ? pick(['v2.0.0', 'v2.1.0']) : m.endsWith('.v3') ? 'v3.0.0' : pick(['v1.0.0', 'v1.10.0', 'v1.9.0', 'v0.1.0', 'v1.2.3-pre']);
const entry = (verb) => {
  const m = pick(mods);
  switch (verb) {
    case 'require': case 'exclude': return `${m} ${vers(m)}`;
    case 'replace': return pick([`${m} => ../x`, `${m} ${vers(m)} => ./y`, `${m} => example.com/o ${'v1.0.0'}`]);
    case 'retract': return pick(['v1.0.0', '[v1.1.0, v1.2.0]', 'v0.9.0', '[v1.0.0,v1.0.1]']);
    case 'godebug': return pick(['a=1', 'b=2', 'a=3']);
    case 'tool': return pick(['example.com/t1', 'example.com/t0', 'example.com/t2']);
    case 'ignore': return pick(['./n', './m', 'z']);
  }
};
const verbs = ['require', 'exclude', 'replace', 'retract', 'godebug', 'tool', 'ignore'];
const dir = mkdtempSync(join(tmpdir(), 'fuzz-'));
let bad = 0, n = 0;
for (let iter = 0; iter < Number(process.argv[3] ?? 200); iter++) {
  let src = '';
  const add = (s) => { src += s; };
  if (rnd(3) === 0) add(com() + '\n');
  if (rnd(2) === 0) add('\n');
  add(`module${ws() || ' '}example.com/m${rnd(3) === 0 ? ' ' + com() : ''}\n`);
  if (rnd(2)) add(`go ${pick(['1.20', '1.21', '1.22.0'])}${rnd(3) === 0 ? ' ' + com() : ''}\n`);
  const nst = rnd(8);
  for (let i = 0; i < nst; i++) {
    const r = rnd(10);
    if (r === 0) { add('\n'); continue; }
    if (r === 1) { add(ws() + com() + '\n'); continue; }
    const verb = pick(verbs);
    if (r < 5) { add(`${verb} ${entry(verb)}${rnd(3) === 0 ? ' ' + com() : ''}\n`); continue; }
    add(`${verb} (${rnd(4) === 0 ? ' ' + com() : ''}\n`);
    const nl = rnd(5);
    for (let j = 0; j < nl; j++) {
      const q = rnd(6);
      if (q === 0) add('\n');
      else if (q === 1) add(ws() + com() + '\n');
      else add(`${pick(['\t', '  ', ''])}${entry(verb)}${rnd(3) === 0 ? ' ' + com() : ''}\n`);
    }
    add(`${ws()})${rnd(4) === 0 ? ' ' + com() : ''}\n`);
  }
  if (rnd(3) === 0) add(com() + '\n');
  const flags = [];
  const nf = 1 + rnd(5);
  for (let k = 0; k < nf; k++) {
    const m = pick(mods);
    flags.push(pick([
      `-require=${m}@${vers(m)}`, `-droprequire=${m}`, `-exclude=${m}@${vers(m)}`, `-dropexclude=${m}@${vers(m)}`,
      `-replace=${m}=../r${rnd(3)}`, `-replace=${m}@${vers(m)}=example.com/n@v1.0.0`, `-dropreplace=${m}`, `-dropreplace=${m}@${vers(m)}`,
      `-retract=${pick(['v1.0.0', 'v0.9.0', '[v1.1.0,v1.2.0]'])}`, `-dropretract=${pick(['v1.0.0', 'v0.9.0', '[v1.1.0,v1.2.0]'])}`,
      `-godebug=${pick(['a', 'b', 'c'])}=${rnd(9)}`, `-dropgodebug=${pick(['a', 'b'])}`,
      `-tool=example.com/t${rnd(3)}`, `-droptool=example.com/t${rnd(3)}`, `-ignore=./i${rnd(3)}`, `-dropignore=./n`,
      `-go=${pick(['1.21', '1.23.0', 'none'])}`, `-toolchain=${pick(['go1.23.1', 'none'])}`, `-module=example.com/mm`,
    ]));
  }
  writeFileSync(join(dir, 'go.mod'), src);
  const r = spawnSync('/usr/local/go/bin/go', ['mod', 'edit', ...flags, 'go.mod'], { cwd: dir, encoding: 'utf8', env: { ...process.env, GOWORK: 'off', GOFLAGS: '', GOTOOLCHAIN: 'local' } });
  let want;
  if (r.status !== 0) {
    const e = r.stderr.replace(/^go: errors parsing go\.mod:\n/, '');
    if (e === r.stderr) continue;
    want = { err: e };
  } else want = { out: readFileSync(join(dir, 'go.mod'), 'utf8') };
  n++;
  let got;
  try { const f = parseModFile('go.mod', src); applyFlags(f, flags); got = { out: f.format() }; }
  catch (e) { if (e instanceof ModFileError) got = { err: e.message + '\n' }; else got = { crash: String(e.stack) }; }
  if (JSON.stringify(got) !== JSON.stringify(want)) {
    bad++;
    console.log('=== MISMATCH\n' + flags.join(' ') + '\n' + JSON.stringify(src) + '\nwant ' + JSON.stringify(want) + '\ngot  ' + JSON.stringify(got));
    if (bad > 5) break;
  }
}
rmSync(dir, { recursive: true, force: true });
console.log('checked', n, 'bad', bad);

function splitAt(s) { const i = s.indexOf('@'); return i < 0 ? [s, ''] : [s.slice(0, i), s.slice(i + 1)]; }
function applyFlags(f, flags) {
  const parsed = flags.map((fl) => { const m = /^-(\w+)(?:=(.*))?$/.exec(fl); return { name: m[1], arg: m[2] ?? '' }; });
  const last = (n) => { let v; for (const p of parsed) if (p.name === n) v = p.arg; return v; };
  const mod = last('module'); if (mod) f.addModuleStmt(mod);
  const go = last('go'); if (go === 'none') f.dropGoStmt(); else if (go) f.addGoStmt(go);
  const tc = last('toolchain'); if (tc === 'none') f.dropToolchainStmt(); else if (tc) f.addToolchainStmt(tc);
  const interval = (a) => { if (!a.startsWith('[')) return { low: a, high: a }; const [lo, hi] = a.slice(1, -1).split(','); return { low: lo.trim(), high: hi.trim() }; };
  for (const { name, arg } of parsed) {
    switch (name) {
      case 'require': f.addRequire(...splitAt(arg)); break;
      case 'droprequire': f.dropRequire(arg); break;
      case 'exclude': f.addExclude(...splitAt(arg)); break;
      case 'dropexclude': f.dropExclude(...splitAt(arg)); break;
      case 'replace': { const eq = arg.indexOf('='); const [op, ov] = splitAt(arg.slice(0, eq)); const n = arg.slice(eq + 1); const [np, nv] = isDirectoryPath(n) ? [n, ''] : splitAt(n); f.addReplace(op, ov, np, nv); break; }
      case 'dropreplace': f.dropReplace(...splitAt(arg)); break;
      case 'retract': f.addRetract(interval(arg), ''); break;
      case 'dropretract': f.dropRetract(interval(arg)); break;
      case 'godebug': { const eq = arg.indexOf('='); f.addGodebug(arg.slice(0, eq), arg.slice(eq + 1)); break; }
      case 'dropgodebug': f.dropGodebug(arg); break;
      case 'tool': f.addTool(arg); break;
      case 'droptool': f.dropTool(arg); break;
      case 'ignore': f.addIgnore(arg); break;
      case 'dropignore': f.dropIgnore(arg); break;
    }
  }
  f.sortBlocks(); f.cleanup();
}
